import { describe, expect, it } from 'vitest';
import { BridgeError, CHANNEL } from '../../../lib/messaging/protocol.ts';
import { createBridgeClient } from '../../../lib/messaging/client.ts';
import { APP, EXT_ID, EXT_ORIGIN, GOOD_GL, GOOD_SB, contentSender, gleaninRecords, makeBackground, popupSender } from './harness.ts';

describe('message protocol', () => {
  it('answers a well-formed request from the popup', async () => {
    const { popup } = makeBackground();
    await expect(popup.request('getStatus', {})).resolves.toEqual({ connection: null });
  });

  it.each([
    ['another extension', { id: 'otherextensionidotherextensionid', url: 'chrome-extension://otherextensionidotherextensionid/x.html' }],
    ['a content script on a foreign site', { id: EXT_ID, url: 'https://evil.example/page', tab: { id: 3, url: 'https://evil.example/page' } }],
    ['a Sessionboard-origin frame without a tab', { id: EXT_ID, url: `${APP}/event/4001/sessions/agenda` }],
    ['a sender without id', { url: `${EXT_ORIGIN}/popup.html` }],
  ])('refuses %s', async (_name, sender) => {
    const { bg } = makeBackground();
    const reply = await bg.handleMessage({ channel: CHANNEL, type: 'getStatus', payload: {} }, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'sender-refused' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/accepted only from|other extensions/);
  });

  it('accepts content scripts on Sessionboard origins', async () => {
    const { content } = makeBackground();
    // What each content script may ask for is the capability table's business (capabilities.test.ts).
    await expect(content.request('mappingForEvent', { sbEventId: 4001 })).resolves.toBeNull();
  });

  it.each([
    ['not an object', 'hello', /Not a Gleanin Bridge message/],
    ['wrong channel', { channel: 'x', type: 'getStatus', payload: {} }, /Not a Gleanin Bridge message/],
    ['unknown type', { channel: CHANNEL, type: 'stealTokens', payload: {} }, /Unknown request type "stealTokens"/],
    ['extra envelope keys', { channel: CHANNEL, type: 'getStatus', payload: {}, evil: 1 }, /Not a Gleanin Bridge message/],
    ['payload of the wrong type', { channel: CHANNEL, type: 'mappingForEvent', payload: { sbEventId: '4001' } }, /payload\.sbEventId/],
    ['unknown payload keys', { channel: CHANNEL, type: 'getStatus', payload: { x: 1 } }, /Malformed getStatus request/],
    ['bad enum', { channel: CHANNEL, type: 'previewSync', payload: { mappingId: 'm', kind: 'everything' } }, /payload\.kind/],
  ])('refuses a malformed message: %s', async (_name, message, text) => {
    const { bg } = makeBackground();
    const reply = await bg.handleMessage(message, popupSender);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('malformed');
      expect(reply.error.message).toMatch(text);
    }
  });

  it('the client refuses to send a malformed request and to trust a malformed reply', async () => {
    let sent = 0;
    const client = createBridgeClient(async () => {
      sent++;
      return { ok: true, data: { connection: { gleaninTokenMasked: 5 } } };
    });
    // @ts-expect-error: wrong payload type on purpose
    await expect(client.request('mappingForEvent', { sbEventId: 'x' })).rejects.toThrow(BridgeError);
    expect(sent).toBe(0);
    await expect(client.request('getStatus', {})).rejects.toThrow(/getStatus reply/);
  });

  it('turns error replies into BridgeError with the code', async () => {
    const { popup } = makeBackground();
    const err = await popup.request('listEvents', {}).catch((e) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err.code).toBe('not-connected');
    expect(err.message).toBe('Gleanin is not connected');
  });

  it('Add Mapping refuses a Gleanin event that holds records synced from another Sessionboard event (another browser\'s mapping), naming the way out', async () => {
    const { popup } = makeBackground();
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    gleaninRecords['11846'] = [null, 'sb:4001:session:a', 'sb:4002:contact:c9', 'other-tool:1', 'sb:4002:session:s9'];
    try {
      const refused = await popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' }).catch((e) => e);
      expect(refused).toMatchObject({
        code: 'mapping-conflict',
        message: 'Gleanin event 11846 already holds records synced from Sessionboard event 4002. Remove those records in Gleanin, or map Sessionboard event 4002 to it again.',
      });
      expect(await popup.request('listMappings', {})).toHaveLength(0);
      // Mapping that event back is allowed: the records are its own.
      const back = await popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11846', gleaninTimeZone: 'Europe/Berlin' }).catch((e) => e);
      expect(back).toMatchObject({ code: 'mapping-conflict', message: expect.stringMatching(/Sessionboard event 4001/) });
      gleaninRecords['11846'] = ['sb:4002:contact:c9', 'sb:4002:session:s9', 'sb:contact:legacy'];
      expect(await popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11846', gleaninTimeZone: 'Europe/Berlin' })).toMatchObject({ sbEventId: 4002 });
    } finally {
      delete gleaninRecords['11846'];
    }
  });

  it('re-checks one-to-one mappings in the background, whatever the UI allowed', async () => {
    const { popup, clientFor } = makeBackground();
    // A second extension page (the framed panel) that did not see the popup's mapping.
    const panel = clientFor({ id: EXT_ID, url: `${EXT_ORIGIN}/panel.html`, origin: EXT_ORIGIN, tab: { id: 7 } });
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    await popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    const sameSb = await panel
      .request('addMapping', { sbEventId: 4001, gleaninEventId: '11847', gleaninTimeZone: null })
      .catch((e) => e);
    expect(sameSb).toMatchObject({ code: 'mapping-conflict', message: 'Sessionboard event 4001 is already mapped to Gleanin event 11846' });
    const sameGl = await popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11846', gleaninTimeZone: 'Europe/Berlin' }).catch((e) => e);
    expect(sameGl).toMatchObject({ code: 'mapping-conflict', message: 'Gleanin event 11846 is already mapped to Sessionboard event 4001' });
    expect(await popup.request('listMappings', {})).toHaveLength(1);
    void contentSender;
  });

  it('asks for the Gleanin zone only when Gleanin does not give one, and checks it is a zone', async () => {
    const { popup } = makeBackground();
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    await expect(popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: null })).rejects.toThrow(
      /does not say which time zone event 11846 uses/,
    );
    await expect(popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'Mars/Olympus' })).rejects.toThrow(
      /"Mars\/Olympus" is not a time zone name/,
    );
    const m = await popup.request('addMapping', { sbEventId: 4002, gleaninEventId: '11847', gleaninTimeZone: null });
    expect(m.settings.gleaninTimeZone).toBe('Europe/Berlin');
    expect(m.sbEventName).toBe('Science Congress 2026');
  });
});
