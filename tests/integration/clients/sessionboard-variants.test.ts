/**
 * SessionboardClient over real HTTP against the emulator switched to the alternatives the docs leave
 * open: searches answering `data` instead of `results`, and a bulk failure literal other than `error`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionboardEmulator, type SessionboardEmulator } from '../../../sandbox/sessionboard/index.ts';
import { SessionboardClient } from '../../../lib/sessionboard/client.ts';
import { customFieldsBody } from '../../../lib/sessionboard/adapter.ts';
import { fastRetry, serveEmulator } from './harness.ts';

const EVENT = 4001;
let emulator: SessionboardEmulator;
let env: Awaited<ReturnType<typeof serveEmulator>>;
beforeAll(async () => {
  emulator = createSessionboardEmulator({ seed: 16 });
  env = await serveEmulator(emulator.app, 'sessionboard', () => null);
}, 60_000);
afterAll(() => env.close());
beforeEach(async () => {
  await env.reset();
});

const client = () => new SessionboardClient({ baseUrl: env.served.origin, token: emulator.tokens.write, ...fastRetry });

describe('Sessionboard emulator variants', () => {
  it('searchEnvelope "data": the emulator answers `data`, the client reads the same records', async () => {
    const before = { contacts: await client().searchContacts(EVENT), speakers: await client().searchSpeakers(EVENT), exhibitors: await client().searchExhibitors(EVENT) };
    expect(await env.config({ searchEnvelope: 'data' })).toMatchObject({ ok: true, config: { searchEnvelope: 'data' } });
    const raw = await (await fetch(`${env.served.origin}/v1/event/${EVENT}/contacts?page=1&pageSize=5`, {
      method: 'POST', headers: { 'x-access-token': emulator.tokens.write, 'content-type': 'application/json' }, body: '{}',
    })).json();
    expect(raw.results).toBeUndefined();
    expect(raw.data).toHaveLength(5);
    expect(await client().searchContacts(EVENT)).toEqual(before.contacts);
    expect(await client().searchSpeakers(EVENT)).toEqual(before.speakers);
    expect(await client().searchExhibitors(EVENT)).toEqual(before.exhibitors);
    expect(before.contacts.length).toBeGreaterThan(0);
  });

  it('bulkFailureStatus "failed": a failed operation is a failure with its error', async () => {
    await env.config({ bulkFailureStatus: 'failed' });
    const sb = client();
    await sb.createField(EVENT, { name: 'Gleanin Link', field_type: 'text', module: 'contact' });
    const [contact] = await sb.searchContacts(EVENT, {}, { maxResults: 1 });
    const results = await sb.bulkContacts(EVENT, [
      { action: 'update', id: contact.id, data: customFieldsBody({ gleanin_link: 'https://invt.io/a' }) },
      { action: 'update', id: '00000000-0000-4000-8000-000000000000', data: customFieldsBody({ gleanin_link: 'https://invt.io/b' }) },
    ]);
    expect(results[0]).toMatchObject({ ok: true, status: 'success', error: null });
    expect(results[1]).toMatchObject({ ok: false, status: 'failed', error: { code: 'NotFoundError' } });
    expect(results[1].error!.message).toMatch(/not found/i);
  });
});
