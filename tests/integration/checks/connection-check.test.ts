/**
 * "Check connection" (lib/checks/connection-check.ts) against the emulators in-process: the default
 * sandbox holds every assumption; each emulator variant that contradicts one makes exactly that item
 * "does not hold"; the report text carries no token and no email.
 */
import { describe, expect, it } from 'vitest';
import { checkConnection, itemText, rateLimitItem, reportText, type CheckDeps } from '../../../lib/checks/connection-check.ts';
import { ACME, GL_BASE, SB_BASE, emulatorsPerFile, harness, inProcess } from '../sync/harness.ts';

const emu = emulatorsPerFile(16);

const deps = (token: 'write' | 'read' | 'hidePii' = 'write', extra: Partial<CheckDeps> = {}): CheckDeps => ({
  gleanin: { baseUrl: GL_BASE, token: emu.gleanin.tokens.valid, fetch: inProcess(emu.gleanin.app) },
  sessionboard: { baseUrl: SB_BASE, token: (emu.sessionboard.tokens as unknown as Record<string, string>)[token], fetch: inProcess(emu.sessionboard.app) },
  canWriteContacts: true,
  canWriteFields: true,
  ...extra,
});
/** The seed has no Gleanin session; one made by hand (no external id) lets session attributes be read. */
async function handMadeSession() {
  const body = { data: { type: 'sessions', attributes: { event_id: 11846, title: 'Hand-made', starts_at: '2027-01-01T10:00:00Z', ends_at: '2027-01-01T11:00:00Z' } } };
  const res = await emu.gleanin.app.fetch(
    new Request(`${GL_BASE}/sessions`, { method: 'POST', headers: { authorization: `Bearer ${emu.gleanin.tokens.valid}`, 'content-type': 'application/vnd.api+json' }, body: JSON.stringify(body) }),
  );
  expect(res.status).toBe(201);
  emu.gleanin.controls.log.clear();
}
const byId = (items: Awaited<ReturnType<typeof checkConnection>>) => Object.fromEntries(items.map((i) => [i.id, i]));

describe('checkConnection', () => {
  it('against the default sandbox every assumption holds, and no request writes', async () => {
    await handMadeSession();
    const items = await checkConnection(deps());
    expect(items.filter((i) => i.status !== 'holds').map(itemText)).toEqual([]);
    expect(items.map((i) => i.id).sort()).toEqual(
      [
        'gl-jsonapi', 'gl-event-attributes', 'gl-time-zone', 'gl-heartbeats', 'gl-includes', 'gl-speaker-attributes', 'gl-session-attributes',
        'gl-share-links', 'gl-filter-event', 'gl-filter-external-idx', 'gl-pagination', 'gl-rate-limit',
        'sb-events', 'sb-time-zone', 'sb-search-envelope', 'sb-hide-pii', 'sb-write-contacts', 'sb-gleanin-link-field', 'sb-rate-limit',
      ].sort(),
    );
    const writes = Object.keys(emu.gleanin.controls.log.snapshot().byRoute).filter((r) => !r.startsWith('GET'));
    expect(writes).toEqual([]);
    // Sessionboard: only GETs and searches (POSTs that read), no bulk, no create.
    const sbRoutes = Object.keys(emu.sessionboard.controls.log.snapshot().byRoute);
    expect(sbRoutes.filter((r) => /bulk|create|^PUT|^DELETE/.test(r))).toEqual([]);
    expect(emu.gleanin.store.snapshot().speakers).toHaveLength(1);
  });

  it('without any Gleanin session the session attributes cannot be checked, and say why', async () => {
    const items = byId(await checkConnection(deps()));
    expect(itemText(items['gl-session-attributes'])).toMatch(/: could not be checked \(no session records in Gleanin yet\)$/);
  });

  it('after a first sync the session attributes are checked on real records too', async () => {
    const h = harness(emu);
    await h.connect();
    const id = await h.map(ACME);
    await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    const items = byId(await checkConnection(deps('write', { gleaninEventId: ACME.gl, sbEventId: ACME.sb })));
    expect(itemText(items['gl-session-attributes'])).toMatch(/^Session attributes external_idx, .*schedule.*: holds$/);
    expect(items['gl-filter-external-idx'].status).toBe('holds');
  });

  it('a Gleanin ignoring filter[external_idx]: that item does not hold, naming what it saw', async () => {
    await handMadeSession();
    emu.gleanin.store.configure({ ignoreExternalIdxFilter: true });
    const items = byId(await checkConnection(deps()));
    expect(itemText(items['gl-filter-external-idx'])).toBe(
      'filter[external_idx] honoured (look-up of an external id that cannot exist): does not hold (expected no record, saw 1 record on /speakers)',
    );
    expect(Object.values(items).filter((i) => i.status !== 'holds').map((i) => i.id)).toEqual(['gl-filter-external-idx']);
  });

  it('a Gleanin hiding external_idx: the speaker attributes item names it', async () => {
    emu.gleanin.store.configure({ hideExternalIdx: true });
    const items = byId(await checkConnection(deps()));
    expect(itemText(items['gl-speaker-attributes'])).toMatch(/does not hold \(expected each on every record, saw external_idx missing\)$/);
  });

  it('a Hide PII token and a read-only token are named', async () => {
    const items = byId(await checkConnection(deps('hidePii', { canWriteFields: false })));
    expect(items['sb-hide-pii'].status).toBe('does-not-hold');
    const read = byId(await checkConnection(deps('read', { canWriteContacts: false, canWriteFields: false })));
    expect(read['sb-write-contacts'].status).toBe('does-not-hold');
    expect(read['sb-gleanin-link-field']).toMatchObject({ status: 'does-not-hold', expected: 'the field, or write:fields to create it' });
  });

  it('the report is plain text without the tokens or any email', async () => {
    emu.gleanin.store.configure({ ignoreExternalIdxFilter: true });
    const items = await checkConnection(deps());
    const text = reportText(items, { at: '2026-12-06T20:00:00.000Z' });
    expect(text).toContain('Gleanin Bridge connection check');
    expect(text).toContain('filter[external_idx] honoured (look-up of an external id that cannot exist): does not hold');
    expect(text).not.toContain(emu.gleanin.tokens.valid);
    expect(text).not.toContain(emu.sessionboard.tokens.write);
    expect(text).not.toMatch(/@/);
    // A check that somehow quoted an email or a token-like string is scrubbed.
    const leaky = reportText([{ id: 'x', service: 'gleanin', assumption: 'A', status: 'does-not-hold', expected: 'x', saw: 'jane@example.com gl_test_7f3a9c2e5b1d4aaaaaaaaaaaa' }], { at: 'now' });
    expect(leaky).not.toMatch(/jane@|gl_test_7f3a9c2e5b1d4aaaaaaaaaaaa/);
  });
});

describe('rateLimitItem', () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it('holds without headers, with a policy window, a combined field or a reset; a bare limit cannot be read', () => {
    expect(rateLimitItem('r', 'gleanin', h({})).status).toBe('holds');
    expect(rateLimitItem('r', 'gleanin', h({ 'RateLimit-Limit': '100', 'RateLimit-Policy': '100;w=900' })).status).toBe('holds');
    expect(rateLimitItem('r', 'gleanin', h({ RateLimit: 'limit=100, remaining=50, reset=30', 'RateLimit-Policy': '100;w=60' })).status).toBe('holds');
    expect(rateLimitItem('r', 'gleanin', h({ 'X-RateLimit-Limit': '100', 'X-RateLimit-Reset': '30' })).status).toBe('holds');
    expect(itemText(rateLimitItem('r', 'gleanin', h({ 'RateLimit-Limit': '300' })))).toBe(
      'Rate-limit headers, when sent, give a quota per window: could not be checked (a limit of 300 without a window (no RateLimit-Policy w=, no reset))',
    );
  });
});

describe('conversion heartbeats through the Gleanin client', () => {
  it('reads the seeded heartbeats of an event, and null when the attribute is not in the documented shape', async () => {
    const { GleaninClient } = await import('../../../lib/gleanin/client.ts');
    const client = new GleaninClient({ baseUrl: GL_BASE, token: emu.gleanin.tokens.valid, fetch: inProcess(emu.gleanin.app) });
    const event = await client.getEvent(ACME.gl);
    const seeded = emu.gleanin.store.getEvent(ACME.gl).conversion_heartbeats;
    expect(event.conversionHeartbeats).toEqual({
      domains: seeded.conversion_request_domains,
      firstAt: seeded.first_convert_request_at,
      lastAt: seeded.last_convert_request_at,
      count: seeded.conversion_request_count,
    });
    emu.gleanin.store.events.set(11846, { ...emu.gleanin.store.getEvent(ACME.gl), conversion_heartbeats: 'broken' as never });
    expect((await client.getEvent(ACME.gl)).conversionHeartbeats).toBeNull();
  });
});
