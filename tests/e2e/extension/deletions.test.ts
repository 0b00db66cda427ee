/**
 * Data safety in the browser: declining a fifth of the synced sessions makes more deletes than the
 * mapping deletes without asking, so a manual sync asks "Confirm deletions in Gleanin" and nothing is
 * deleted before the answer; "Keep in Gleanin" leaves Gleanin unchanged, "Delete in Gleanin" deletes
 * exactly those sessions and their orphaned speakers.
 */
import { describe, expect, it } from 'vitest';
import { poll, sessionboardApi } from '../../../sandbox/browser/harness.ts';
import { openAgenda, startSync, syncAndWait, syncItemName, waitForSyncResult } from '../../../sandbox/browser/steps.ts';
import { expectExactSessionSync, expectedSessionSync, gleaninState, ours, sessionboardState, writeCount } from './expected.ts';
import { ACME, setUpMapping, useE2E } from './support.ts';

const ctx = useE2E();

describe('deletions wait for a person', () => {
  it('decline a fifth -> the dialog, Gleanin unchanged; Keep -> unchanged; Delete -> exactly those sessions and their orphaned speakers gone', { timeout: 240_000 }, async () => {
    await setUpMapping(ctx);
    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId);
    await syncAndWait(page, ACME.gleaninEventId);
    const { expected } = await expectExactSessionSync(ctx.sandbox);

    const sb = await sessionboardState(ctx.sandbox);
    const synced = sb.sessions.filter((s) => expected.sessionIds.has(s.id)).sort((a, b) => a.friendly_id_raw - b.friendly_id_raw);
    const declined = synced.slice(0, Math.ceil(synced.length / 5));
    for (const s of declined) {
      await sessionboardApi(ctx.sandbox, 'PUT', `/v1/event/${ACME.sbEventId}/sessions/${s.id}`, { status: 'declined', custom_status_id: null });
    }
    const before = await gleaninState(ctx.sandbox);
    const mineBefore = ours(before, ACME.gleaninEventId);
    const after = expectedSessionSync(await sessionboardState(ctx.sandbox), ACME.sbEventId, before, ACME.gleaninEventId);
    const deletes = declined.length + [...expected.speakerEmails].filter((e) => !after.speakerEmails.has(e)).length;
    expect(deletes, 'the decline makes more deletes than the guard lets through').toBeGreaterThan(5);

    const ask = async () => {
      await startSync(page, syncItemName(ACME.gleaninEventId));
      await waitForSyncResult(page);
      const dialog = page.getByRole('dialog', { name: 'Confirm deletions in Gleanin' });
      await dialog.waitFor({ timeout: 30_000 });
      expect(await dialog.innerText()).toMatch(/share links stop working/);
      expect(await dialog.getByRole('listitem').count()).toBe(deletes);
      return dialog;
    };

    const dialog = await ask();
    expect(writeCount(await gleaninState(ctx.sandbox)), 'nothing written before the choice').toBe(writeCount(before));
    await dialog.getByRole('button', { name: 'Keep in Gleanin' }).click();
    await waitForSyncResult(page);
    await dialog.waitFor({ state: 'detached' });
    expect(writeCount(await gleaninState(ctx.sandbox)), 'Keep in Gleanin: nothing deleted').toBe(writeCount(before));

    const again = await ask();
    await again.getByRole('button', { name: 'Delete in Gleanin' }).click();
    await again.waitFor({ state: 'detached' });
    // The confirmed run finishes when its deletes are in: wait for the speakers' deletes (they come last).
    await poll(async () => {
      const mine = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
      return mine.sessions.length + mine.speakers.length === mineBefore.sessions.length + mineBefore.speakers.length - deletes;
    }, 90_000, 300);
    await waitForSyncResult(page);
    const { gl } = await expectExactSessionSync(ctx.sandbox);
    const mineAfter = ours(gl, ACME.gleaninEventId);
    expect(mineBefore.sessions.length - mineAfter.sessions.length).toBe(declined.length);
    expect(mineBefore.sessions.length + mineBefore.speakers.length - mineAfter.sessions.length - mineAfter.speakers.length).toBe(deletes);
  });
});
