// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createSyncService } from '../../../lib/sync/service.ts';
import type { SyncRunReport } from '../../../lib/sync/model.ts';
import type { BridgeClient } from '../../../lib/messaging/client.ts';
import { syncMenuFeature } from '../../../components/content/sync-menu.tsx';
import { GOOD_GL, GOOD_SB, makeBackground } from '../background/harness.ts';
import { loadPage, navigateTo, openMenuFrom, shadowOf, startFeature } from './helpers.ts';
import { configure } from '@testing-library/react';

// Two cores and several test files at once: give async queries room (they return as soon as they match).
configure({ asyncUtilTimeout: 5000 });

const counts = (attempted: number, failed = 0) => ({ attempted, created: attempted - failed, updated: 0, deleted: 0, unchanged: 0, skipped: 0, failed, conflicts: 0 });

function world(opts: { status?: SyncRunReport['status']; blockedTz?: boolean; blockedFirstWrite?: boolean } = {}) {
  const syncCalls: { kind: string; allowTimeZoneMismatch?: boolean; acceptNotKept?: boolean }[] = [];
  const env = makeBackground({
    service: (db) => {
      const real = createSyncService({ db, clients: () => ({}) as never });
      return {
        ...real,
        async sync(mappingId, o) {
          syncCalls.push({ kind: o.kind, allowTimeZoneMismatch: o.allowTimeZoneMismatch, acceptNotKept: o.acceptNotKept });
          o.onProgress?.({ phase: 'apply', done: 5, total: 20 });
          const base = {
            runId: `r${syncCalls.length}`,
            mappingId,
            kind: o.kind,
            trigger: o.trigger,
            startedAt: '2026-01-01T00:00:00.000Z',
            finishedAt: '2026-01-01T00:01:00.000Z',
            gleaninEventId: '11846',
            shareLinks: { read: 0, missing: 0, written: 0 },
          };
          if (opts.blockedTz && !o.allowTimeZoneMismatch) {
            return {
              ...base,
              status: 'blocked',
              blocked: { code: 'time-zone-mismatch', message: 'The Sessionboard event uses America/New_York but the Gleanin event uses America/Chicago', fix: 'Change the Gleanin event time zone to America/New_York', sessionboardTimeZone: 'America/New_York', gleaninTimeZone: 'America/Chicago' },
              counts: { session: counts(0), speaker: counts(0), 'exhibitor-contact': counts(0) },
              problems: [],
            };
          }
          if (opts.blockedFirstWrite && !o.acceptNotKept) {
            return {
              ...base,
              status: 'blocked',
              blocked: {
                code: 'first-write-not-kept',
                message: 'Gleanin did not keep schedule of the first session written (sent "Tue 09:00", read back nothing). Nothing else was written',
                fix: 'The attribute names are a design choice (lib/gleanin/adapter.ts). Choose "Sync anyway"',
                notKept: [{ recordType: 'session', field: 'schedule', attribute: 'schedule', sent: '"Tue 09:00"', saw: 'nothing' }],
              },
              counts: { session: counts(0), speaker: counts(0), 'exhibitor-contact': counts(0) },
              problems: [],
            };
          }
          const partial = opts.status === 'partial';
          return {
            ...base,
            status: opts.status ?? 'succeeded',
            counts: { session: counts(20, partial ? 1 : 0), speaker: counts(30), 'exhibitor-contact': counts(4) },
            problems: partial
              ? [{ recordType: 'session', sbId: 's9', friendlyId: 'SESS-9', label: 'Untitled panel', severity: 'skipped', reason: 'The session has no title', fix: 'Give the session a title in Sessionboard', field: 'title' }]
              : [],
          };
        },
        async preview(mappingId, kind) {
          return {
            mappingId,
            kind,
            creates: [{ recordType: 'session', key: 'sb:session:1', label: 'Opening keynote', friendlyId: 'SESS-1' }],
            updates: [{ recordType: 'speaker', key: 'sb:contact:2', label: 'Ann Lee', friendlyId: null, changed: ['jobTitle'] }],
            deletes: [],
            adopts: [],
            conflicts: [{ recordType: 'speaker', sbId: 'c3', friendlyId: null, label: 'Pre Existing', severity: 'conflict', reason: 'A Gleanin speaker with this email already exists', fix: "Choose 'link existing'" }],
            skipped: [],
            warnings: [],
            unchanged: { sessions: 3, people: 4 },
          };
        },
      };
    },
  });
  return { ...env, syncCalls };
}

async function mapped(env: ReturnType<typeof world>, sbEventId = 4001) {
  await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
  return env.popup.request('addMapping', { sbEventId, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
}

/** Counts a bridge's answered mappingForEvent requests: after the first, the feature knows the mapping. */
function mappingAnswers(bridge: BridgeClient): () => number {
  const request = vi.spyOn(bridge, 'request');
  return () => request.mock.settledResults.filter((r, i) => r.type === 'fulfilled' && request.mock.calls[i][0] === 'mappingForEvent').length;
}

/**
 * Opens the page's menu and resolves once an observer registered after the feature's has seen it:
 * by then the feature has had its turn (observers are called in the order they were registered).
 */
async function openMenuSeen(name: string): Promise<HTMLElement> {
  const seen = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => (observer.disconnect(), resolve()));
    observer.observe(document.body, { childList: true, subtree: true });
  });
  const menu = openMenuFrom(name);
  await seen;
  return menu;
}

let running: { stop(): void } | null = null;
afterEach(() => {
  running?.stop();
  running = null;
  document.body.innerHTML = '';
});

describe.each(['classic', 'preview'] as const)('agenda Options menu (%s layout)', (layout) => {
  const setup = async (opts?: Parameters<typeof world>[0]) => {
    const env = world(opts);
    await mapped(env);
    loadPage('/event/4001/sessions/agenda', `agenda-${layout}`);
    const answered = mappingAnswers(env.content);
    running = await startFeature((ctx) => syncMenuFeature(ctx, 'agenda', { bridge: env.content, progress: () => () => undefined, css: '', fallbackAfterMs: 30 }));
    // Wait until the feature knows the mapping (one message round trip).
    await waitFor(() => expect(document.querySelector('[data-gleanin-bridge="agenda-sync"]')).not.toBeNull());
    await waitFor(() => expect(answered()).toBe(1));
    return env;
  };

  it('adds our items when the page opens its menu, looking like "Export .CSV", once per open', async () => {
    await setup();
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    const sync = await within(menu).findByRole('menuitem', { name: 'Sync to Gleanin (event: 11846)' });
    const preview = within(menu).getByRole('menuitem', { name: 'Preview Gleanin sync' });
    const csv = within(menu).getByRole('menuitem', { name: 'Export .CSV' });
    expect(sync.className).toBe(csv.className);
    expect(sync.tagName).toBe(csv.tagName);
    expect(sync.getAttribute('tabindex')).toBe('-1');
    expect(preview).toBeTruthy();
    // The page closes the menu (removes it) and opens it again: items again, never twice.
    menu.remove();
    const again = await openMenuSeen(`agenda-${layout}-menu-open`);
    expect(within(again).getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['Export .CSV', 'Export .XLSX', 'Sync to Gleanin (event: 11846)', 'Preview Gleanin sync']);
  });

  it('moves focus onto our items with the arrow keys when the page does not', async () => {
    await setup();
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    const sync = await within(menu).findByRole('menuitem', { name: /Sync to Gleanin/ });
    const items = within(menu).getAllByRole('menuitem');
    items[1].focus();
    fireEvent.keyDown(items[1], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(sync);
    fireEvent.keyDown(sync, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Preview Gleanin sync');
  });

  it('runs a sync: started toast, progress, result with View report and the report dialog', async () => {
    const env = await setup({ status: 'partial' });
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    fireEvent.click(await within(menu).findByRole('menuitem', { name: /Sync to Gleanin/ }));
    const overlay = shadowOf('agenda-sync')!;
    expect(within(overlay).getByRole('status').textContent).toContain('Sync to Gleanin started');
    const toast = await within(overlay).findByText('Synced 19 of 20 sessions and 30 of 30 speakers');
    expect(toast.closest('[role="status"]')).not.toBeNull();
    fireEvent.click(within(overlay).getByRole('button', { name: 'View report' }));
    const dialog = within(overlay).getByRole('dialog', { name: 'Gleanin sync report' });
    expect(within(dialog).getByText('The session has no title')).toBeTruthy();
    expect(within(dialog).getByText('Give the session a title in Sessionboard')).toBeTruthy();
    expect(dialog.textContent).toContain('Untitled panel');
    expect(env.syncCalls).toEqual([{ kind: 'sessions', allowTimeZoneMismatch: false }]);
  });

  it('shows progress (done / total) from the progress broadcast', async () => {
    const env = world();
    await mapped(env);
    loadPage('/event/4001/sessions/agenda', `agenda-${layout}`);
    let push: ((e: import('../../../lib/messaging/protocol.ts').ProgressEvent) => void) | null = null;
    let finish: (() => void) | null = null;
    const gate = new Promise<void>((r) => (finish = r));
    const bridge = {
      request: async (type: string, payload: unknown) => {
        if (type === 'startSync') await gate;
        return env.content.request(type as never, payload as never);
      },
    };
    const answered = mappingAnswers(env.content);
    running = await startFeature((ctx) => syncMenuFeature(ctx, 'agenda', { bridge: bridge as never, progress: (cb) => ((push = cb), () => undefined), css: '' }));
    await waitFor(() => expect(answered()).toBe(1));
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    fireEvent.click(await within(menu).findByRole('menuitem', { name: /Sync to Gleanin/ }));
    const mapping = await env.popup.request('mappingForEvent', { sbEventId: 4001 });
    push!({ type: 'progress', mappingId: mapping!.id, kind: 'sessions', phase: 'apply', done: 7, total: 42 });
    const overlay = shadowOf('agenda-sync')!;
    await within(overlay).findByText('7 / 42');
    expect(within(overlay).getByRole('progressbar', { name: 'Sync progress' }).getAttribute('value')).toBe('7');
    finish!();
    await within(overlay).findByText('Sync complete: 20 sessions, 30 speakers');
  });

  it('preview dialog lists creates, updates with changed fields and conflicts', async () => {
    await setup();
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    fireEvent.click(await within(menu).findByRole('menuitem', { name: 'Preview Gleanin sync' }));
    const overlay = shadowOf('agenda-sync')!;
    const dialog = await within(overlay).findByRole('dialog', { name: 'Preview of Gleanin sync' });
    expect(dialog.textContent).toContain('Opening keynote');
    expect(dialog.textContent).toContain('changed: Job title');
    expect(dialog.textContent).toContain('A Gleanin speaker with this email already exists');
  });

  it('first write not kept as sent: a dialog naming the attribute, then "Sync anyway" accepts it', async () => {
    const env = await setup({ blockedFirstWrite: true });
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    fireEvent.click(await within(menu).findByRole('menuitem', { name: /Sync to Gleanin/ }));
    const overlay = shadowOf('agenda-sync')!;
    const dialog = await within(overlay).findByRole('alertdialog', { name: 'Gleanin did not keep the first write as sent' });
    expect(dialog.textContent).toContain('schedule (session): sent "Tue 09:00", read back nothing');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sync anyway' }));
    await within(overlay).findByText('Sync complete: 20 sessions, 30 speakers');
    expect(env.syncCalls.map((c) => c.acceptNotKept)).toEqual([undefined, true]);
  });

  it('time zone mismatch: warning dialog naming both zones, then "Sync anyway"', async () => {
    const env = await setup({ blockedTz: true });
    const menu = openMenuFrom(`agenda-${layout}-menu-open`);
    fireEvent.click(await within(menu).findByRole('menuitem', { name: /Sync to Gleanin/ }));
    const overlay = shadowOf('agenda-sync')!;
    const dialog = await within(overlay).findByRole('alertdialog', { name: 'Time zones differ' });
    expect(dialog.textContent).toContain('America/Chicago');
    expect(dialog.textContent).toContain('America/New_York');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sync anyway' }));
    await within(overlay).findByText('Sync complete: 20 sessions, 30 speakers');
    expect(env.syncCalls.map((c) => c.allowTimeZoneMismatch)).toEqual([false, true]);
  });

  it('adds nothing on an unmapped event', async () => {
    const env = world();
    await mapped(env, 4002);
    loadPage('/event/4001/sessions/agenda', `agenda-${layout}`);
    const answered = mappingAnswers(env.content);
    running = await startFeature((ctx) => syncMenuFeature(ctx, 'agenda', { bridge: env.content, progress: () => () => undefined, css: '', fallbackAfterMs: 30 }));
    await waitFor(() => expect(answered()).toBe(1));
    const menu = await openMenuSeen(`agenda-${layout}-menu-open`);
    // The feature asks again when the menu opens; once answered, a mapping would have shown its items.
    await waitFor(() => expect(answered()).toBe(2));
    expect(within(menu).queryByRole('menuitem', { name: /Gleanin/ })).toBeNull();
    expect(within(shadowOf('agenda-sync')!).queryByRole('button', { name: 'Gleanin' })).toBeNull();
  });

  it('falls back to a floating "Gleanin" button when the Options button is missing', async () => {
    await setup();
    document.querySelectorAll('[role="toolbar"]').forEach((t) => t.remove());
    const overlay = shadowOf('agenda-sync')!;
    const fab = await within(overlay).findByRole('button', { name: 'Gleanin' });
    fireEvent.click(fab);
    expect(within(overlay).getByRole('menuitem', { name: 'Sync to Gleanin (event: 11846)' })).toBeTruthy();
  });

  it('follows client-side navigation and cleans up on invalidation', async () => {
    const env = world();
    await mapped(env);
    loadPage('/event/4001/sessions/agenda', `agenda-${layout}`);
    const run = await startFeature((ctx) => syncMenuFeature(ctx, 'agenda', { bridge: env.content, progress: () => () => undefined, css: '' }));
    running = run;
    await waitFor(() => expect(shadowOf('agenda-sync')).not.toBeNull());
    navigateTo('/event/4001/contacts/speakers');
    await waitFor(() => expect(shadowOf('agenda-sync')).toBeNull());
    navigateTo('/event/4001/sessions/agenda');
    await waitFor(() => expect(shadowOf('agenda-sync')).not.toBeNull());
    expect(document.querySelectorAll('[data-gleanin-bridge="agenda-sync"]')).toHaveLength(1);
    // The content script is invalidated (extension reloaded): everything we added goes.
    run.stop();
    expect(document.querySelectorAll('[data-gleanin-bridge]')).toHaveLength(0);
    const menu = await openMenuSeen(`agenda-${layout}-menu-open`);
    expect(within(menu).queryByRole('menuitem', { name: /Gleanin/ })).toBeNull();
  });
});

describe.each(['classic', 'preview'] as const)('exhibitors Options menu (%s layout)', (layout) => {
  it('adds "Sync exhibitors to Gleanin" and syncs exhibitors', async () => {
    const env = world();
    await mapped(env);
    loadPage('/event/4001/exhibitors', `exhibitors-${layout}`);
    const answered = mappingAnswers(env.content);
    running = await startFeature((ctx) => syncMenuFeature(ctx, 'exhibitors', { bridge: env.content, progress: () => () => undefined, css: '' }));
    await waitFor(() => expect(answered()).toBe(1));
    const menu = openMenuFrom(`exhibitors-${layout}-menu-open`);
    const item = await within(menu).findByRole('menuitem', { name: 'Sync exhibitors to Gleanin' });
    expect(within(menu).queryByRole('menuitem', { name: /Sync to Gleanin/ })).toBeNull();
    fireEvent.click(item);
    await within(shadowOf('exhibitors-sync')!).findByText('Sync complete: 4 exhibitor contacts');
    expect(env.syncCalls).toEqual([{ kind: 'exhibitors', allowTimeZoneMismatch: false }]);
  });
});

void vi;
void screen;
