// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { BridgeContext } from '../../../components/bridge.tsx';
import { BridgePanel } from '../../../components/BridgePanel.tsx';
import { ReportDialog } from '../../../components/ReportDialog.tsx';
import { PreviewDialog } from '../../../components/PreviewDialog.tsx';
import type { BridgeClient } from '../../../lib/messaging/client.ts';
import type { SyncRunReport } from '../../../lib/sync/model-schemas.ts';
import { GOOD_GL, GOOD_SB, PII_SB, READ_SB, makeBackground } from '../background/harness.ts';
import { configure } from '@testing-library/react';

// Two cores and several test files at once: give async queries room (they return as soon as they match).
configure({ asyncUtilTimeout: 5000 });

afterEach(cleanup);

function renderPanel(bridge: BridgeClient) {
  return render(
    <BridgeContext.Provider value={bridge}>
      <BridgePanel />
    </BridgeContext.Provider>,
  );
}

async function connectWith(gl: string, sb: string, region: 'US' | 'EU' = 'US') {
  fireEvent.change(await screen.findByLabelText('Gleanin API token'), { target: { value: gl } });
  fireEvent.change(screen.getByLabelText('Sessionboard API token'), { target: { value: sb } });
  fireEvent.click(screen.getByLabelText(region));
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
}

describe('Connect', () => {
  it('shows "Gleanin rejected this token (401)" and "Sessionboard rejected this token (401)" at their fields', async () => {
    renderPanel(makeBackground().popup);
    await connectWith('gl_revoked_0000', 'sb_revoked_0000');
    expect(await screen.findByText('Gleanin rejected this token (401)')).toBeTruthy();
    expect(screen.getByText('Sessionboard rejected this token (401)')).toBeTruthy();
    expect(screen.getByLabelText('Gleanin API token').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('Existing Event Mappings')).toBeNull();
  });

  it('names only the API that refused', async () => {
    renderPanel(makeBackground().popup);
    await connectWith(GOOD_GL, 'sb_revoked_0000');
    expect(await screen.findByText('Sessionboard rejected this token (401)')).toBeTruthy();
    expect(screen.queryByText('Gleanin rejected this token (401)')).toBeNull();
  });

  it('refuses a Hide PII token with the way to fix it', async () => {
    renderPanel(makeBackground().popup);
    await connectWith(GOOD_GL, PII_SB);
    expect(await screen.findByText('This Sessionboard token hides personal data; create one with Hide PII turned off')).toBeTruthy();
  });

  it('connects with a read-only token, notes the missing write scope and shows masked tokens and region', async () => {
    renderPanel(makeBackground().popup);
    await connectWith(GOOD_GL, READ_SB, 'EU');
    expect(await screen.findByRole('note')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/cannot write contacts/);
    const conn = screen.getByRole('region', { name: 'Connection' });
    expect(conn.textContent).toContain(`••••${GOOD_GL.slice(-4)}`);
    expect(conn.textContent).toContain('••••wxyz');
    expect(conn.textContent).toContain('EU');
    expect(document.body.innerHTML).not.toContain(GOOD_GL);
    expect(document.body.innerHTML).not.toContain(READ_SB);
  });

  it('Disconnect asks for confirmation first', async () => {
    const env = makeBackground();
    renderPanel(env.popup);
    await connectWith(GOOD_GL, GOOD_SB);
    const conn = await screen.findByRole('region', { name: 'Connection' });
    fireEvent.click(within(conn).getByRole('button', { name: 'Disconnect' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Disconnect Gleanin?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((await env.popup.request('getStatus', {})).connection).not.toBeNull();
    fireEvent.click(within(conn).getByRole('button', { name: 'Disconnect' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Disconnect' }));
    await screen.findByLabelText('Gleanin API token');
    expect((await env.popup.request('getStatus', {})).connection).toBeNull();
  });
});

describe('mappings', () => {
  async function connected() {
    const env = makeBackground();
    await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    return env;
  }

  it('Add Mapping: both comboboxes, Gleanin zone confirmed when Gleanin gives none, then one-to-one in the UI', async () => {
    const env = await connected();
    renderPanel(env.popup);
    const sb = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Sessionboard event' });
    const gl = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Gleanin event' });
    await waitFor(() => expect(gl.options.length).toBeGreaterThan(1));
    fireEvent.change(sb, { target: { value: '4001' } });
    fireEvent.change(gl, { target: { value: '11846' } });
    const zone = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Gleanin event time zone' });
    expect(zone.value).toBe('America/New_York');
    expect(screen.getByText(/Gleanin does not say which time zone/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add Mapping' }));
    const list = await screen.findByRole('list', { name: 'Existing Event Mappings' });
    expect(within(list).getByText('Acme Summit 2026 > Acme Summit 2026')).toBeTruthy();
    expect(within(list).getByText('✓ Connected')).toBeTruthy();
    const stored = await env.popup.request('listMappings', {});
    expect(stored[0].settings.gleaninTimeZone).toBe('America/New_York');

    fireEvent.click(screen.getByRole('button', { name: '+ Add New Event Mapping' }));
    const sb2 = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Sessionboard event' });
    const gl2 = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Gleanin event' });
    await waitFor(() => expect(gl2.options.length).toBeGreaterThan(1));
    const option = (sel: HTMLSelectElement, v: string) => Array.from(sel.options).find((o) => o.value === v)!;
    expect(option(sb2, '4001').disabled).toBe(true);
    expect(option(sb2, '4001').textContent).toContain('already mapped');
    expect(option(gl2, '11846').disabled).toBe(true);
    expect(option(sb2, '4002').disabled).toBe(false);
    expect(option(gl2, '11847').disabled).toBe(false);
  });

  it('settings are saved as they change and survive a reload', async () => {
    const env = await connected();
    await env.popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11847', gleaninTimeZone: null });
    const { unmount } = renderPanel(env.popup);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    fireEvent.click(screen.getByLabelText(/Sync Tags to Tracks/));
    await screen.findByText('Saved');
    fireEvent.click(screen.getByLabelText(/Sync Moderators/));
    fireEvent.click(screen.getByLabelText(/Continuous sync/));
    await waitFor(async () => expect((await env.popup.request('listMappings', {}))[0].settings).toMatchObject({ tracksFrom: 'tags', syncModerators: true, continuousSync: true }));
    unmount();
    renderPanel(env.popup);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(screen.getByLabelText<HTMLInputElement>(/Sync Tags to Tracks/).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>(/Sync Track to Tracks/).checked).toBe(false);
    expect(screen.getByLabelText<HTMLInputElement>(/Sync Moderators/).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>(/Sync Chairpersons/).checked).toBe(false);
  });

  it("the Gleanin event's time zone is editable in Settings when Gleanin does not report it, and persisted", async () => {
    const env = await connected();
    await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    const { unmount } = renderPanel(env.popup);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const zone = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Gleanin event time zone' });
    expect(zone.value).toBe('America/New_York');
    expect(Array.from(zone.options).map((o) => o.value)).toContain('Asia/Tokyo');
    expect(screen.getByText(/Gleanin does not report this event’s zone/).textContent).not.toMatch(/different/);
    fireEvent.change(zone, { target: { value: 'America/Chicago' } });
    await screen.findByText('Saved');
    expect((await env.popup.request('listMappings', {}))[0].settings.gleaninTimeZone).toBe('America/Chicago');
    expect(screen.getByText(/Gleanin does not report this event’s zone/).textContent).toMatch(/Sessionboard: America\/New_York \(different: a sync will ask before it starts\)/);
    unmount();

    renderPanel(env.popup);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect((await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Gleanin event time zone' })).value).toBe('America/Chicago');
    // The background checks the name too: a zone that is not an IANA name is refused and nothing changes.
    await expect(env.popup.request('updateMappingSettings', { mappingId: (await env.popup.request('listMappings', {}))[0].id, patch: { gleaninTimeZone: 'Mars/Olympus_Mons' } })).rejects.toThrow(
      '"Mars/Olympus_Mons" is not a time zone name (e.g. America/New_York)',
    );
    expect((await env.popup.request('listMappings', {}))[0].settings.gleaninTimeZone).toBe('America/Chicago');
  });

  it("shows the zone Gleanin reports read-only (Gleanin's own zone is the one a sync uses)", async () => {
    const env = await connected();
    await env.popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11847', gleaninTimeZone: null });
    renderPanel(env.popup);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(await screen.findByText('Gleanin event time zone: Europe/Berlin (set in Gleanin) · Sessionboard: Europe/Berlin')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Gleanin event time zone' })).toBeNull();
  });

  it('Remove mapping removes only that pair, after confirmation', async () => {
    const env = await connected();
    await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    await env.popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11847', gleaninTimeZone: null });
    renderPanel(env.popup);
    const card = await screen.findByRole('listitem', { name: 'Science Congress 2026 > Science Congress 2026' });
    fireEvent.click(within(card).getByRole('button', { name: 'Remove mapping' }));
    fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Remove mapping?' })).getByRole('button', { name: 'Remove mapping' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Science Congress 2026 > Science Congress 2026' })).toBeNull());
    expect((await env.popup.request('listMappings', {})).map((m) => m.sbEventId)).toEqual([4001]);
    expect((await env.popup.request('getStatus', {})).connection).not.toBeNull();
  });

  it('the background refuses a second mapping even when the UI is bypassed, and the form shows why', async () => {
    const env = await connected();
    await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    // A stale form (opened before the other mapping existed) offers 4001 as free.
    const stale: BridgeClient = {
      request: (async (type: string, payload: unknown) =>
        type === 'listMappings' ? [] : env.popup.request(type as never, payload as never)) as BridgeClient['request'],
    };
    renderPanel(stale);
    const sb = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Sessionboard event' });
    const gl = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Gleanin event' });
    await waitFor(() => expect(gl.options.length).toBeGreaterThan(1));
    fireEvent.change(sb, { target: { value: '4001' } });
    fireEvent.change(gl, { target: { value: '11847' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add Mapping' }));
    expect(await screen.findByText('Sessionboard event 4001 is already mapped to Gleanin event 11846')).toBeTruthy();
    expect(await env.popup.request('listMappings', {})).toHaveLength(1);
  });

  it('exports share links as a .csv download', async () => {
    const env = await connected();
    await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    const clicked: string[] = [];
    const orig = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      clicked.push(this.download);
    };
    try {
      renderPanel(env.popup);
      fireEvent.click(await screen.findByRole('button', { name: 'Export share links (.CSV)' }));
      await screen.findByText(/Downloaded gleanin-share-links-sb4001-gleanin11846\.csv/);
      expect(clicked).toEqual(['gleanin-share-links-sb4001-gleanin11846.csv']);
    } finally {
      HTMLAnchorElement.prototype.click = orig;
    }
  });
});

describe('report and preview dialogs', () => {
  // As the engine counts: `attempted` = eligible records; skipped ones are counted beside them, not inside.
  const c = (a: number, f = 0, s = 0) => ({ attempted: a, created: a - f, updated: 0, deleted: 0, unchanged: 0, skipped: s, failed: f, conflicts: 0 });
  const report: SyncRunReport = {
    runId: 'r1',
    mappingId: 'm1',
    kind: 'sessions',
    trigger: 'manual',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    status: 'partial',
    gleaninEventId: '11846',
    counts: { session: c(10, 1, 1), speaker: c(12, 0, 1), 'exhibitor-contact': c(0) },
    problems: [
      { recordType: 'session', sbId: 's1', friendlyId: 'SESS-4', label: '', severity: 'skipped', reason: 'The session has no title', fix: 'Give it a title in Sessionboard', field: 'title' },
      { recordType: 'speaker', sbId: 'c2', friendlyId: null, label: 'Zoë <b>Ångström</b>', severity: 'failed', reason: 'Gleanin refused the email', fix: 'Correct the email in Sessionboard', detail: 'email is invalid' },
    ],
    shareLinks: { read: 0, missing: 0, written: 0 },
  };

  it('report lists each problem with its record and its fix, as text', () => {
    render(<ReportDialog report={report} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Gleanin sync report' });
    expect(within(dialog).getByText('Synced 9 of 10 sessions and 12 of 12 speakers')).toBeTruthy();
    const rows = within(within(dialog).getByRole('table', { name: 'Problems (2)' })).getAllByRole('row');
    expect(rows[1].textContent).toContain('(untitled)');
    expect(rows[1].textContent).toContain('SESS-4');
    expect(rows[1].textContent).toContain('Give it a title in Sessionboard');
    expect(rows[2].textContent).toContain('Zoë <b>Ångström</b>');
    expect(dialog.querySelector('b')).toBeNull();
    expect(rows[2].textContent).toContain('email is invalid');
  });

  it('closes with Escape', () => {
    let closed = false;
    render(<ReportDialog report={report} onClose={() => (closed = true)} />);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(closed).toBe(true);
  });

  it('preview shows blocked reasons instead of counts', () => {
    render(
      <PreviewDialog
        preview={{
          mappingId: 'm1',
          kind: 'sessions',
          blocked: { code: 'hide-pii', message: 'This Sessionboard token hides personal data', fix: 'Create one with Hide PII turned off' },
          creates: [],
          updates: [],
          deletes: [{ recordType: 'session', key: 'k', label: 'Old talk', friendlyId: null, reason: 'declined in Sessionboard' }],
          adopts: [],
          conflicts: [],
          skipped: [],
          warnings: [],
          unchanged: { sessions: 0, people: 0 },
        }}
        onClose={() => undefined}
        onSync={() => undefined}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Preview of Gleanin sync' });
    expect(dialog.textContent).toContain('This Sessionboard token hides personal data Create one with Hide PII turned off');
    expect(within(dialog).queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(within(dialog).getByRole('region', { name: 'Deletes' }).textContent).toContain('Old talk — declined in Sessionboard');
  });
});

describe('Check connection', () => {
  const checkItems = [
    { id: 'gl-jsonapi', service: 'gleanin' as const, assumption: 'Gleanin answers JSON:API documents (GET /events)', status: 'holds' as const },
    { id: 'gl-filter-external-idx', service: 'gleanin' as const, assumption: 'filter[external_idx] honoured', status: 'does-not-hold' as const, expected: 'no record', saw: '3 records on /speakers' },
    { id: 'sb-hide-pii', service: 'sessionboard' as const, assumption: 'Hide PII is off', status: 'not-checked' as const, why: 'the event has no contacts yet' },
  ];

  it('runs once right after Connect, lists one item per check, runs again on "Check connection" and copies the report', async () => {
    let runs = 0;
    const env = makeBackground({
      connectionCheck: async () => {
        runs++;
        return checkItems;
      },
    });
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t: string) => void copied.push(t) }, configurable: true });
    renderPanel(env.popup);
    await connectWith(GOOD_GL, GOOD_SB);
    const region = await screen.findByRole('region', { name: 'Connection check' });
    const items = within(region).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Gleanin answers JSON:API documents (GET /events): holds',
      'filter[external_idx] honoured: does not hold (expected no record, saw 3 records on /speakers)',
      'Hide PII is off: could not be checked (the event has no contacts yet)',
    ]);
    expect(runs).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Check connection' }));
    await waitFor(() => expect(runs).toBe(2));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain('- filter[external_idx] honoured: does not hold (expected no record, saw 3 records on /speakers)');
    expect(copied[0]).not.toContain(GOOD_GL);
    expect(copied[0]).not.toContain(GOOD_SB);
  });

  it('an already connected panel does not run it until asked', async () => {
    let runs = 0;
    const env = makeBackground({ connectionCheck: async () => (runs++, checkItems) });
    await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    renderPanel(env.popup);
    fireEvent.click(await screen.findByRole('button', { name: 'Check connection' }));
    await screen.findByRole('region', { name: 'Connection check' });
    expect(runs).toBe(1);
  });
});

describe('Conversion tracking on the mapping card', () => {
  it('shows the count, last signal and domains, and the warning when the pixel is silent', async () => {
    const env = makeBackground({
      gleaninEventHealth: async (_tokens, id) => ({
        heartbeats: id === '11846' ? { domains: ['acme-summit.example.com'], firstAt: '2026-01-01T00:00:00.000Z', lastAt: '2026-01-02T00:00:00.000Z', count: 65 } : null,
        sessionEnds: ['2999-01-01T00:00:00.000Z'],
      }),
    });
    await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    renderPanel(env.popup);
    const health = await screen.findByLabelText('Conversion tracking');
    expect(health.textContent).toMatch(/Conversion tracking: 65 signals, last .+ from acme-summit\.example\.com/);
    expect(within(health).getByRole('note').textContent).toMatch(/^No conversion signal for \d+ days while sessions are ahead/);
  });
});
