/**
 * Continuous sync schedule (a mapping setting): one periodic alarm, created only when missing so a service
 * worker restart never resets its countdown. The period is a build-time value so E2E builds can
 * shorten it (WXT_SYNC_PERIOD_MINUTES); Chrome's floor for alarms is 30 seconds.
 */
export const CONTINUOUS_ALARM = 'gleanin-bridge:continuous-sync';
/** One-shot: look again for an interrupted run once a dead worker's lock has expired. */
export const RESUME_ALARM = 'gleanin-bridge:resume';
export const DEFAULT_SYNC_PERIOD_MINUTES = 30;

export interface AlarmsPort {
  get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined>;
  create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number }): void | Promise<void>;
  clear(name: string): Promise<boolean>;
}

export function syncPeriodMinutes(raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(n)) return DEFAULT_SYNC_PERIOD_MINUTES;
  return Math.max(0.5, n);
}

export async function ensureContinuousAlarm(alarms: AlarmsPort, periodInMinutes: number): Promise<boolean> {
  if (await alarms.get(CONTINUOUS_ALARM)) return false;
  await alarms.create(CONTINUOUS_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
  return true;
}
