// @vitest-environment happy-dom
/** The "Speaker portal" checklist as the popup shows it, with the counts the background gives it. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import { BridgeContext } from '../../../components/bridge.tsx';
import { SpeakerPortalChecklist } from '../../../components/SpeakerPortalChecklist.tsx';
import { createSyncService } from '../../../lib/sync/service.ts';
import type { ShareLinkRow } from '../../../lib/store/db.ts';
import { GOOD_GL, GOOD_SB, READ_SB, makeBackground } from '../background/harness.ts';

configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

const link = (n: number) => ({ campaignId: '1', campaignName: 'Speaker campaign', url: `https://invt.io/${String(n).padStart(11, '0')}` });
function row(n: number, over: Partial<ShareLinkRow> = {}): ShareLinkRow {
  return {
    mappingKey: '', externalIdx: `sb:contact:c${n}`, sbEventId: 4001, sbContactId: `c${n}`, email: `p${n}@acme.example`, name: `Person ${n}`,
    roles: ['speaker'], context: [], gleaninId: String(n), links: [link(n)], writtenValue: null, updatedAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}

async function world(sbToken: string, fields: { internal_name: string; module: string }[]) {
  const env = makeBackground({
    service: (db) => createSyncService({ db, clients: () => ({ sessionboard: { listFields: async () => fields } }) as never }),
  });
  const connected = await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: sbToken, sessionboardRegion: 'us' });
  expect(connected.connected).toBe(true);
  const mapping = await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
  const key = (await env.db.mappings.toArray())[0].mappingKey;
  return { env, mapping, key };
}

describe('Speaker portal checklist', () => {
  it('with the write scope: field found, N of M written, the rest explained, the task steps with a link to Portals › Tasks', async () => {
    const { env, mapping, key } = await world(GOOD_SB, [{ internal_name: 'gleanin_link', module: 'contact' }]);
    await env.db.shareLinks.bulkPut([
      row(1, { mappingKey: key, writtenValue: link(1).url }),
      row(2, { mappingKey: key, writtenValue: link(2).url }),
      row(3, { mappingKey: key, links: [] }),
      row(4, { mappingKey: key }),
      row(5, { mappingKey: key, roles: ['exhibitor'], externalIdx: 'sb:exhibitor:x1:c5', writtenValue: link(5).url }),
    ]);
    render(
      <BridgeContext.Provider value={env.popup}>
        <SpeakerPortalChecklist mapping={mapping} />
      </BridgeContext.Provider>,
    );
    const region = await screen.findByRole('region', { name: 'Speaker portal' });
    const list = await within(region).findByRole('list', { name: 'Speaker portal checklist' });
    expect(list.textContent).toContain('✓ The contact field "Gleanin Link" exists in Sessionboard.');
    expect(list.textContent).toContain('2 of 4 synced speakers have their link written to "Gleanin Link".');
    expect(list.textContent).toContain('1 has no link from Gleanin yet');
    expect(list.textContent).toContain('1 is written by the next sync.');
    expect(list.textContent).not.toContain('write:contacts');
    const tasks = within(region).getByRole('link', { name: 'Portals › Tasks' });
    expect(tasks.getAttribute('href')).toMatch(/\/event\/4001\/portals\/tasks$/);
    expect(region.textContent).toContain('Task Link: choose "Use Field" and pick "Gleanin Link".');
    const ex = within(region).getByRole('list', { name: 'Exhibitor portal checklist' });
    expect(ex.textContent).toContain('1 of 1 synced exhibitor team members have their link written');
    expect(ex.textContent).toContain('A Groups task cannot use it');
  });

  it('without the write scope: the field is missing and cannot be created, and each unwritten link names the missing scope', async () => {
    const { env, mapping, key } = await world(READ_SB, []);
    await env.db.shareLinks.bulkPut([row(1, { mappingKey: key }), row(2, { mappingKey: key }), row(3, { mappingKey: key, links: [] })]);
    render(
      <BridgeContext.Provider value={env.popup}>
        <SpeakerPortalChecklist mapping={mapping} />
      </BridgeContext.Provider>,
    );
    const list = await screen.findByRole('list', { name: 'Speaker portal checklist' });
    expect(list.textContent).toContain('✗ The contact field "Gleanin Link" does not exist, and the token may not create it');
    expect(list.textContent).toContain('0 of 3 synced speakers have their link written');
    expect(list.textContent).toContain('2 are not written: the Sessionboard token lacks the write:contacts scope');
    expect(list.textContent).toContain('1 has no link from Gleanin yet');
  });

  it('is refused to a content script (it is for the extension pages only)', async () => {
    const { env, mapping } = await world(GOOD_SB, []);
    await expect(env.content.request('speakerPortalChecklist', { mappingId: mapping.id })).rejects.toMatchObject({ code: 'sender-refused' });
  });
});
