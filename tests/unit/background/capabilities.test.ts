/**
 * The capability table, sent to for real: every request type from every sender kind, plus another
 * extension and a web page, through the background's own message server. Allowed requests reach
 * their handler (they may still fail for their own reasons, e.g. not connected); refused ones get
 * `sender-refused` and a log line that names the type and the sender kind, never the payload.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CAPABILITIES, PROGRESS_PORT_KINDS, senderKinds, type SenderKind } from '../../../lib/messaging/capabilities.ts';
import { CHANNEL, PROGRESS_PORT, requestTypes, type RequestType } from '../../../lib/messaging/protocol.ts';
import type { SenderInfo } from '../../../lib/messaging/senders.ts';
import type { PortLike } from '../../../lib/messaging/progress.ts';
import { APP, EXT_ID, EXT_ORIGIN, makeBackground } from './harness.ts';

const PAYLOAD_MARK = 'gl_secret_payload_marker';

/** A well-formed payload for each type, so a refusal can only come from the sender check. */
const payloads: Record<RequestType, unknown> = {
  getStatus: {},
  connect: { gleaninToken: PAYLOAD_MARK, sessionboardToken: PAYLOAD_MARK, sessionboardRegion: 'us' },
  disconnect: {},
  listEvents: {},
  listMappings: {},
  mappingForEvent: { sbEventId: 4001 },
  addMapping: { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' },
  updateMappingSettings: { mappingId: 'm1', patch: { linkExistingByEmail: true } },
  removeMapping: { mappingId: 'm1' },
  previewSync: { mappingId: 'm1', kind: 'sessions' },
  startSync: { mappingId: 'm1', kind: 'sessions' },
  listRuns: { mappingId: 'm1' },
  shareLinksForShareLink: { link: 'https://invt.io/abc123defgh' },
  speakerPortalChecklist: { mappingId: 'm1' },
  checkConnection: {},
  conversionHealth: { mappingId: 'm1' },
  exportShareLinksCsv: { mappingId: 'm1' },
  requestPanelGrant: {},
  redeemPanelGrant: { grant: PAYLOAD_MARK },
};

const senders: Record<SenderKind | 'foreign-extension' | 'web-page', SenderInfo> = {
  'extension-page': { id: EXT_ID, url: `${EXT_ORIGIN}/panel.html`, origin: EXT_ORIGIN, tab: { id: 7 } },
  'admin-content-script': { id: EXT_ID, url: `${APP}/event/4001/sessions/agenda`, tab: { id: 7 } },
  'portal-content-script': { id: EXT_ID, url: `${APP}/portals/acme-summit-2026/78002`, tab: { id: 8 } },
  'foreign-extension': { id: 'otherextensionidotherextensionid', url: 'chrome-extension://otherextensionidotherextensionid/x.html', tab: { id: 7 } },
  'web-page': { url: 'https://evil.example/page', origin: 'https://evil.example' },
};

/** The rule as the product states it, written out independently of the table it checks. */
const expected: Record<SenderKind, RequestType[]> = {
  'extension-page': requestTypes.filter((t) => t !== 'requestPanelGrant'),
  'admin-content-script': ['getStatus', 'mappingForEvent', 'previewSync', 'startSync', 'requestPanelGrant'],
  'portal-content-script': ['shareLinksForShareLink'],
};

afterEach(() => vi.restoreAllMocks());

describe('capability table', () => {
  it('gives each sender kind exactly what its feature needs', () => {
    for (const kind of senderKinds) {
      expect(requestTypes.filter((t) => CAPABILITIES[t].includes(kind)).sort(), kind).toEqual([...expected[kind]].sort());
    }
    expect([...PROGRESS_PORT_KINDS].sort()).toEqual(['admin-content-script', 'extension-page']);
  });

  const cases = requestTypes.flatMap((type) => (Object.keys(senders) as (keyof typeof senders)[]).map((from) => [type, from] as const));
  it.each(cases)('%s from %s: allowed exactly when the table says so', async (type, from) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { bg } = makeBackground();
    const reply = await bg.handleMessage({ channel: CHANNEL, type, payload: payloads[type] }, senders[from]);
    const allowed = from !== 'foreign-extension' && from !== 'web-page' && CAPABILITIES[type].includes(from);
    const refused = !reply.ok && reply.error.code === 'sender-refused';
    expect(refused, JSON.stringify(reply)).toBe(!allowed);
    if (refused && from !== 'foreign-extension' && from !== 'web-page') {
      expect(warn).toHaveBeenCalledWith(`Gleanin Bridge refused ${type} from the ${from}`);
      expect(JSON.stringify(warn.mock.calls)).not.toContain(PAYLOAD_MARK);
    }
  });

  it('a content script cannot replace working tokens, disconnect or read event lists', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const env = makeBackground();
    const content = env.clientFor(senders['admin-content-script']);
    await expect(content.request('connect', { gleaninToken: 'gl_other_token_1', sessionboardToken: 'sb_other_token_1', sessionboardRegion: 'us' })).rejects.toMatchObject({ code: 'sender-refused' });
    await expect(content.request('disconnect', {})).rejects.toThrow('disconnect is not available to the admin content script');
    expect(await env.vault.getTokens()).toBeUndefined();
  });

  it('the agenda page may look up only its own event’s mapping', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const env = makeBackground();
    const agenda = env.clientFor(senders['admin-content-script']);
    await expect(agenda.request('mappingForEvent', { sbEventId: 4001 })).resolves.toBeNull();
    await expect(agenda.request('mappingForEvent', { sbEventId: 4002 })).rejects.toMatchObject({ code: 'sender-refused' });
    const settings = env.clientFor({ id: EXT_ID, url: `${APP}/organization/1/settings/integrations`, tab: { id: 7 } });
    await expect(settings.request('mappingForEvent', { sbEventId: 4001 })).rejects.toMatchObject({ code: 'sender-refused' });
  });

  it.each(Object.keys(senders) as (keyof typeof senders)[])('the progress port from %s is kept only when the table allows it', (from) => {
    const { bg } = makeBackground();
    let closed = false;
    const port: PortLike = {
      name: PROGRESS_PORT,
      sender: senders[from],
      postMessage: () => undefined,
      disconnect: () => {
        closed = true;
      },
      onMessage: { addListener: () => undefined },
      onDisconnect: { addListener: () => undefined },
    };
    bg.hub.accept(port);
    const allowed = from !== 'foreign-extension' && from !== 'web-page' && PROGRESS_PORT_KINDS.includes(from);
    expect(closed).toBe(!allowed);
    expect(bg.hub.size).toBe(allowed ? 1 : 0);
  });
});

describe('panel grants', () => {
  it('a grant asked for by the card’s tab is redeemed once, by a panel in that same tab only', async () => {
    const env = makeBackground();
    const card = env.clientFor(senders['admin-content-script']);
    const panelIn = (tab: number) => env.clientFor({ id: EXT_ID, url: `${EXT_ORIGIN}/panel.html`, origin: EXT_ORIGIN, tab: { id: tab } });
    const { grant } = await card.request('requestPanelGrant', {});
    await expect(panelIn(9).request('redeemPanelGrant', { grant })).resolves.toEqual({ granted: false });
    const again = (await card.request('requestPanelGrant', {})).grant;
    expect(again).not.toBe(grant);
    await expect(panelIn(7).request('redeemPanelGrant', { grant: again })).resolves.toEqual({ granted: true });
    await expect(panelIn(7).request('redeemPanelGrant', { grant: again })).resolves.toEqual({ granted: false });
    await expect(panelIn(7).request('redeemPanelGrant', { grant: 'made-up-grant-made-up-grant' })).resolves.toEqual({ granted: false });
  });
});
