/**
 * Continuous sync. The E2E build sets the alarm period to 30 s (global-setup.ts,
 * WXT_SYNC_PERIOD_MINUTES=0.5); with continuous sync on, Sessionboard changes reach Gleanin with no click,
 * and the background shows a system notification.
 */
import { describe, expect, it } from 'vitest';
import { openPopup, poll, sessionboardApi } from '../../../sandbox/browser/harness.ts';
import { setMappingOption } from '../../../sandbox/browser/steps.ts';
import { expectExactSessionSync, gleaninState, ours, sbIdOf } from './expected.ts';
import { ACME, setUpMapping, useE2E } from './support.ts';

const ctx = useE2E();

describe('continuous sync', () => {
  it('9. a change in Sessionboard reaches Gleanin with no click, and a notification is shown', { timeout: 180_000 }, async () => {
    const popup = await setUpMapping(ctx);
    await setMappingOption(popup, ACME.gleaninEventId, 'Continuous sync', true);
    await popup.close();
    expect(ctx.browser.context.pages().filter((p) => p.url().startsWith(ctx.app))).toEqual([]);

    // The first alarm syncs everything; nothing was clicked and no Sessionboard tab is open.
    const first = await poll(async () => {
      const mine = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
      return mine.sessions.length > 0 && mine;
    }, 75_000, 500);
    const session = first.sessions[0];
    const sbId = sbIdOf(session.external_idx)!;
    await sessionboardApi(ctx.sandbox, 'PUT', `/v1/event/${ACME.sbEventId}/sessions/${sbId}`, { title: 'Changed while nobody watched' });

    await poll(async () => {
      const now = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
      return now.sessions.find((s) => s.id === session.id)?.title === 'Changed while nobody watched';
    }, 75_000, 500);

    expect(Object.keys(await notificationsOf(ctx)).length).toBeGreaterThan(0);
  });

  it('an unattended run holds a large delete: creates and updates go, the declined sessions stay, a notification, "Deletions held" on the mapping card', { timeout: 180_000 }, async () => {
    const popup = await setUpMapping(ctx);
    await setMappingOption(popup, ACME.gleaninEventId, 'Continuous sync', true);
    await popup.close();

    // The first alarm syncs everything (the oracle holds exactly once it is done).
    const { expected } = await poll(() => expectExactSessionSync(ctx.sandbox).catch(() => false as const), 75_000, 500);
    // Shown notifications may close by themselves: look for one whose id was not there before.
    const shownBefore = new Set(Object.keys(await notificationsOf(ctx)));
    const newNotification = async () => Object.keys(await notificationsOf(ctx)).some((id) => !shownBefore.has(id));

    // A fifth of the synced sessions declined (more deletes than the guard lets through) and one title edited.
    const synced = [...expected.sessionIds].sort();
    const declined = synced.slice(0, Math.ceil(synced.length / 5));
    for (const id of declined) await sessionboardApi(ctx.sandbox, 'PUT', `/v1/event/${ACME.sbEventId}/sessions/${id}`, { status: 'declined', custom_status_id: null });
    const edited = synced[synced.length - 1];
    await sessionboardApi(ctx.sandbox, 'PUT', `/v1/event/${ACME.sbEventId}/sessions/${edited}`, { title: 'Edited while deletes wait' });

    // The next alarm's run writes the update and notifies; the declined sessions are still in Gleanin.
    await poll(async () => {
      const mine = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
      return mine.sessions.some((s) => sbIdOf(s.external_idx) === String(edited) && s.title === 'Edited while deletes wait');
    }, 75_000, 500);
    await poll(newNotification, 30_000, 100);
    const mine = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
    const left = new Set(mine.sessions.map((s) => sbIdOf(s.external_idx)));
    for (const id of declined) expect(left.has(String(id)), `declined session ${id} still in Gleanin`).toBe(true);

    const card = await openPopup(ctx.browser);
    await card.getByText('Deletions held', { exact: true }).first().waitFor({ timeout: 30_000 });
    await card.close();
  });
});

/** The system notifications the background has shown (ids), read in the service worker. */
async function notificationsOf(c: typeof ctx): Promise<Record<string, unknown>> {
  const worker = await c.browser.worker();
  return worker.evaluate(
    () => new Promise<Record<string, unknown>>((ok) => (globalThis as unknown as { chrome: { notifications: { getAll(cb: (n: Record<string, unknown>) => void): void } } }).chrome.notifications.getAll(ok)),
  );
}
