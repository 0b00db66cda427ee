/**
 * Flow 9 of issue 5/5: continuous sync. The E2E build sets the alarm period to 30 s (global-setup.ts,
 * WXT_SYNC_PERIOD_MINUTES=0.5); with continuous sync on, Sessionboard changes reach Gleanin with no click,
 * and the background shows a system notification.
 */
import { describe, expect, it } from 'vitest';
import { poll, sessionboardApi } from '../../../sandbox/browser/harness.ts';
import { setMappingOption } from '../../../sandbox/browser/steps.ts';
import { gleaninState, ours, sbIdOf } from './expected.ts';
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
    const session = first.sessions[0]!;
    const sbId = sbIdOf(session.external_idx)!;
    await sessionboardApi(ctx.sandbox, 'PUT', `/v1/event/${ACME.sbEventId}/sessions/${sbId}`, { title: 'Changed while nobody watched' });

    await poll(async () => {
      const now = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
      return now.sessions.find((s) => s.id === session.id)?.title === 'Changed while nobody watched';
    }, 75_000, 500);

    const worker = await ctx.browser.worker();
    const notifications = await worker.evaluate(
      () => new Promise<Record<string, unknown>>((ok) => (globalThis as unknown as { chrome: { notifications: { getAll(cb: (n: Record<string, unknown>) => void): void } } }).chrome.notifications.getAll(ok)),
    );
    expect(Object.keys(notifications).length).toBeGreaterThan(0);
  });
});
