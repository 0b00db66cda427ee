import { describe, expect, it, vi } from 'vitest';
import { createSyncService, type SyncOptions } from '../../../lib/sync/service.ts';
import type { SyncRunReport } from '../../../lib/sync/model.ts';
import { notificationFor, resultText } from '../../../lib/messaging/texts.ts';
import { CONTINUOUS_ALARM, ensureContinuousAlarm, syncPeriodMinutes } from '../../../entrypoints/background/alarms.ts';
import { GOOD_GL, GOOD_SB, fakeAlarms, makeBackground } from './harness.ts';

// As the engine counts: `attempted` = eligible records; skipped ones are counted beside them, not inside.
const counts = (attempted: number, failed = 0, skipped = 0) => ({ attempted, created: attempted - failed, updated: 0, deleted: 0, unchanged: 0, skipped, failed, conflicts: 0 });

function report(over: Partial<SyncRunReport> & { mappingId: string }): SyncRunReport {
  return {
    runId: `run-${Math.random().toString(36).slice(2)}`,
    kind: 'sessions',
    trigger: 'manual',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:01:00.000Z',
    status: 'succeeded',
    gleaninEventId: '11846',
    counts: { session: counts(40), speaker: counts(61), 'exhibitor-contact': counts(0) },
    problems: [],
    shareLinks: { read: 61, missing: 0, written: 61 },
    ...over,
  };
}

/** A background whose engine `sync` is a controllable fake (the real engine is tested by its owner). */
function withFakeSync() {
  const calls: { mappingId: string; options: SyncOptions }[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const env = makeBackground({
    service: (db) => {
      const real = createSyncService({ db, clients: () => ({}) as never });
      return {
        ...real,
        async sync(mappingId, options) {
          calls.push({ mappingId, options });
          options.onProgress?.({ phase: 'apply', done: 3, total: 10 });
          if (hold) await new Promise<void>((r) => (release = r));
          return report({ mappingId, kind: options.kind, trigger: options.trigger });
        },
      };
    },
  });
  return { ...env, running: env.bg.running, calls, holdRuns: () => (hold = true), release: () => { hold = false; release?.(); } };
}

async function connectAndMap(env: ReturnType<typeof makeBackground>, continuousSync = true) {
  await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
  return env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York', settings: { continuousSync } });
}

describe('continuous sync alarm', () => {
  it('is created once, only when missing, with the build-time period', async () => {
    const alarms = fakeAlarms();
    expect(await ensureContinuousAlarm(alarms, 30)).toBe(true);
    expect(await ensureContinuousAlarm(alarms, 30)).toBe(false);
    expect(alarms.creates).toBe(1);
    expect(alarms.alarms.get(CONTINUOUS_ALARM)).toMatchObject({ periodInMinutes: 30 });
    expect(syncPeriodMinutes(undefined)).toBe(30);
    expect(syncPeriodMinutes('1')).toBe(1);
    expect(syncPeriodMinutes('0.1')).toBe(0.5);
    expect(syncPeriodMinutes('soon')).toBe(30);
  });

  it('connect creates it; start-up does not create a second; disconnect clears it', async () => {
    const env = makeBackground();
    await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    await env.bg.onStartup();
    await env.bg.onStartup();
    expect(env.alarms.creates).toBe(1);
    await env.popup.request('disconnect', {});
    expect(env.alarms.alarms.has(CONTINUOUS_ALARM)).toBe(false);
  });

  it('fires a continuous sync of each mapping that asks for it', async () => {
    const env = withFakeSync();
    const m = await connectAndMap(env, true);
    await env.popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11847', gleaninTimeZone: null, settings: { continuousSync: false } });
    await env.bg.onAlarm({ name: CONTINUOUS_ALARM });
    expect(env.calls).toEqual([{ mappingId: m.id, options: expect.objectContaining({ kind: 'sessions', trigger: 'continuous' }) }]);
    expect(env.notifications).toHaveLength(1);
  });

  it('is skipped for a mapping while a run of it is going', async () => {
    const env = withFakeSync();
    const m = await connectAndMap(env, true);
    env.holdRuns();
    const manual = env.popup.request('startSync', { mappingId: m.id, kind: 'sessions' });
    await vi.waitFor(() => expect(env.running.size).toBe(1));
    await env.bg.onAlarm({ name: CONTINUOUS_ALARM });
    expect(env.calls).toHaveLength(1);
    expect(env.calls[0].options.trigger).toBe('manual');
    env.release();
    await manual;
    await env.bg.onAlarm({ name: CONTINUOUS_ALARM });
    expect(env.calls).toHaveLength(2);
  });

  it('after Disconnect a requested sync or preview fails at once with "Gleanin is not connected"', async () => {
    const env = withFakeSync();
    const m = await connectAndMap(env, false);
    await env.popup.request('disconnect', {});
    await expect(env.content.request('startSync', { mappingId: m.id, kind: 'sessions' })).rejects.toThrow('Gleanin is not connected');
    await expect(env.content.request('previewSync', { mappingId: m.id, kind: 'sessions' })).rejects.toThrow('Gleanin is not connected');
    expect(env.calls).toHaveLength(0);
  });

  it('a new worker releases the locks of the worker that died before any run of its own starts', async () => {
    const order: string[] = [];
    let releaseLocks!: () => void;
    const env = makeBackground({
      service: (db) => {
        const real = createSyncService({ db, clients: () => ({}) as never });
        return {
          ...real,
          releaseOrphanedLocks: () => new Promise<void>((r) => (releaseLocks = () => (order.push('released'), r()))),
          async sync(mappingId, options) {
            order.push('sync');
            return report({ mappingId, kind: options.kind, trigger: options.trigger });
          },
        };
      },
    });
    const m = await connectAndMap(env, false);
    const run = env.popup.request('startSync', { mappingId: m.id, kind: 'sessions' });
    // The run is registered: had it not waited for the release, its sync would have started by now.
    await vi.waitFor(() => expect(env.bg.running.has(m.id)).toBe(true));
    expect(order).toEqual([]);
    releaseLocks();
    await run;
    expect(order).toEqual(['released', 'sync']);
  });

  it('an exhibitors sync asked for while a sessions sync runs starts after it, with its own result', async () => {
    const env = withFakeSync();
    const m = await connectAndMap(env, false);
    env.holdRuns();
    const sessions = env.popup.request('startSync', { mappingId: m.id, kind: 'sessions' });
    await vi.waitFor(() => expect(env.calls).toHaveLength(1));
    const exhibitors = env.content.request('startSync', { mappingId: m.id, kind: 'exhibitors' });
    // The exhibitors run is registered: had it not waited for the sessions run, its sync would have started by now.
    await vi.waitFor(() => expect(env.running.get(m.id)?.kind).toBe('exhibitors'));
    expect(env.calls).toHaveLength(1);
    env.release();
    expect((await sessions).kind).toBe('sessions');
    expect((await exhibitors).kind).toBe('exhibitors');
    expect(env.calls.map((c) => c.options.kind)).toEqual(['sessions', 'exhibitors']);
  });

  it('does nothing once disconnected', async () => {
    const env = withFakeSync();
    await connectAndMap(env, true);
    await env.popup.request('disconnect', {});
    await env.bg.onAlarm({ name: CONTINUOUS_ALARM });
    expect(env.calls).toHaveLength(0);
  });

  it('broadcasts progress and the final report on the progress port', async () => {
    const env = withFakeSync();
    const m = await connectAndMap(env, false);
    const received: unknown[] = [];
    const listeners: ((m: unknown) => void)[] = [];
    env.bg.hub.accept({
      name: 'gleanin-bridge:sync-progress',
      sender: { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'http://127.0.0.1:4555/event/4001/sessions/agenda', tab: { id: 2 } },
      postMessage: (msg) => received.push(msg),
      disconnect: () => undefined,
      onMessage: { addListener: (cb) => listeners.push(cb) },
      onDisconnect: { addListener: () => undefined },
    });
    await env.popup.request('startSync', { mappingId: m.id, kind: 'sessions' });
    expect(received[0]).toEqual({ type: 'progress', mappingId: m.id, kind: 'sessions', phase: 'apply', done: 3, total: 10 });
    expect(received[1]).toMatchObject({ type: 'finished', mappingId: m.id, report: { status: 'succeeded' } });
  });

  it('closes progress ports from foreign senders', async () => {
    const env = makeBackground();
    let closed = false;
    env.bg.hub.accept({
      name: 'gleanin-bridge:sync-progress',
      sender: { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'https://evil.example/', tab: { id: 2 } },
      postMessage: () => undefined,
      disconnect: () => (closed = true),
      onMessage: { addListener: () => undefined },
      onDisconnect: { addListener: () => undefined },
    });
    expect(closed).toBe(true);
    expect(env.bg.hub.size).toBe(0);
  });
});

describe('result and notification texts', () => {
  const ok = report({ mappingId: 'm1' });
  const partial = report({
    mappingId: 'm1',
    status: 'partial',
    counts: { session: counts(40, 2, 1), speaker: counts(61, 1), 'exhibitor-contact': counts(0) },
    problems: [
      { recordType: 'session', sbId: 's1', friendlyId: 'SB-8', label: 'Keynote', severity: 'failed', reason: 'Gleanin refused the title', fix: 'Shorten it' },
      { recordType: 'speaker', sbId: 'c1', friendlyId: null, label: 'Ann', severity: 'warning', reason: 'HEIC headshot left out', fix: 'Upload a JPEG' },
    ],
  });

  it('says "Sync complete: N sessions, M speakers" on success', () => {
    expect(resultText(ok)).toBe('Sync complete: 40 sessions, 61 speakers');
    expect(notificationFor(ok, { sbEventName: 'Acme Summit 2026', gleaninEventId: '11846' })).toEqual({
      title: 'Gleanin sync complete',
      message: 'Acme Summit 2026 → Gleanin event 11846: Sync complete: 40 sessions, 61 speakers.',
    });
  });

  it('says "Synced X of Y sessions and A of B speakers" on a partial run', () => {
    expect(resultText(partial)).toBe('Synced 38 of 40 sessions and 60 of 61 speakers');
    const n = notificationFor(partial, { sbEventName: 'Acme Summit 2026', gleaninEventId: '11846' });
    expect(n.title).toBe('Gleanin sync finished with problems');
    expect(n.message).toBe('Acme Summit 2026 → Gleanin event 11846: Synced 38 of 40 sessions and 60 of 61 speakers. 1 problem: open Gleanin Bridge for the report.');
  });

  it('names exhibitor runs and blocked runs in their own words', () => {
    const ex = report({ mappingId: 'm1', kind: 'exhibitors', counts: { session: counts(0), speaker: counts(0), 'exhibitor-contact': counts(12) } });
    expect(resultText(ex)).toBe('Sync complete: 12 exhibitor contacts');
    const blocked = report({ mappingId: 'm1', status: 'blocked', blocked: { code: 'not-connected', message: 'Gleanin is not connected', fix: 'Connect in the popup' } });
    expect(notificationFor(blocked, undefined)).toEqual({ title: 'Gleanin sync did not start', message: 'Gleanin event 11846: Gleanin is not connected.' });
  });

  it('a notification never carries a token, even if one were in the run', async () => {
    const env = withFakeSync();
    const m = await connectAndMap(env, false);
    await env.popup.request('startSync', { mappingId: m.id, kind: 'sessions' });
    expect(env.notifications).toHaveLength(1);
    expect(JSON.stringify(env.notifications)).not.toMatch(new RegExp(`${GOOD_GL}|${GOOD_SB}`));
    expect(env.notifications[0].title).toBe('Gleanin sync complete');
  });
});
