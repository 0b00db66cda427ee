/**
 * The `checkConnection` message: extension pages get the items and a plain-text report (no token, no
 * email); content scripts are refused; the mapped events are what the checks look at.
 */
import { describe, expect, it } from 'vitest';
import type { CheckItem } from '../../../lib/checks/check-item.ts';
import { BridgeError } from '../../../lib/messaging/protocol.ts';
import { GOOD_GL, GOOD_SB, makeBackground } from './harness.ts';

const items: CheckItem[] = [
  { id: 'gl-jsonapi', service: 'gleanin', assumption: 'Gleanin answers JSON:API documents (GET /events)', status: 'holds' },
  { id: 'gl-filter-external-idx', service: 'gleanin', assumption: 'filter[external_idx] honoured', status: 'does-not-hold', expected: 'no record', saw: `a record of jane@acme.example (${GOOD_GL}${GOOD_SB})` },
  { id: 'sb-hide-pii', service: 'sessionboard', assumption: 'Hide PII is off', status: 'not-checked', why: 'the event has no contacts yet' },
];

describe('checkConnection message', () => {
  it('answers extension pages with the items and a report without tokens or emails, scoped to the first mapping', async () => {
    const calls: unknown[] = [];
    const { popup } = makeBackground({
      connectionCheck: async (tokens, region, scope) => {
        calls.push({ tokens, region, scope });
        return items;
      },
    });
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    await popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    const answer = await popup.request('checkConnection', {});
    expect(answer.items.map((i) => i.status)).toEqual(['holds', 'does-not-hold', 'not-checked']);
    expect(answer.report).toContain('- Gleanin answers JSON:API documents (GET /events): holds');
    expect(answer.report).toContain('- Hide PII is off: could not be checked (the event has no contacts yet)');
    expect(answer.report).not.toContain(GOOD_GL);
    expect(answer.report).not.toContain(GOOD_SB);
    expect(answer.report).not.toMatch(/@/);
    expect(calls).toEqual([{ tokens: { gleanin: GOOD_GL, sessionboard: GOOD_SB }, region: 'us', scope: { gleaninEventId: '11846', sbEventId: 4001, canWriteContacts: true, canWriteFields: true } }]);
  });

  it('is refused to content scripts, and says "Gleanin is not connected" before Connect', async () => {
    const { popup, content } = makeBackground({ connectionCheck: async () => items });
    await expect(popup.request('checkConnection', {})).rejects.toMatchObject({ code: 'not-connected' });
    await popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' });
    const refused = await content.request('checkConnection', {}).catch((e: BridgeError) => e);
    expect(refused).toBeInstanceOf(BridgeError);
    expect(refused).toMatchObject({ code: 'sender-refused' });
  });
});
