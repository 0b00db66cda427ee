/**
 * The one Hide PII rule (lib/sessionboard/adapter.ts `isMaskedEmail`): Connect refuses such a token with
 * it, and the same rule decides for Check connection and the sync.
 */
import { describe, expect, it } from 'vitest';
import { isMaskedEmail } from '../../../lib/sessionboard/adapter.ts';
import { HIDE_PII_MESSAGE, checkTokens, type GleaninCheckPort, type SessionboardCheckPort } from '../../../entrypoints/background/connect.ts';

describe('isMaskedEmail', () => {
  it('knows the masked forms a Hide PII token answers', () => {
    expect(isMaskedEmail('j***@a***.com')).toBe(true);
    expect(isMaskedEmail('D***@E***.com')).toBe(true);
    expect(isMaskedEmail(' j***@a***.co.uk ')).toBe(true);
    expect(isMaskedEmail('***')).toBe(true);
  });

  it('never takes a real address for a masked one', () => {
    expect(isMaskedEmail('jane@acme.com')).toBe(false);
    expect(isMaskedEmail('jo@a.com')).toBe(false);
    // `*` is allowed in an address's local part; a mask hides both halves.
    expect(isMaskedEmail('ann***@acme.com')).toBe(false);
    expect(isMaskedEmail('a*b@acme.com')).toBe(false);
    expect(isMaskedEmail('')).toBe(false);
    expect(isMaskedEmail(null)).toBe(false);
    expect(isMaskedEmail(undefined)).toBe(false);
  });
});

describe('Connect applies the same rule', () => {
  const gleanin: GleaninCheckPort = { listEvents: async () => [], externalIds: async () => [] };
  const sessionboard = (email: string | null): SessionboardCheckPort => ({
    listEvents: async () => [{ id: 4001, name: 'Acme Summit 2026', timezone: 'America/New_York' }],
    sampleContactEmail: async () => email,
    probeWriteContacts: async () => true,
  });

  it('refuses a token whose contact emails are masked', async () => {
    const result = await checkTokens(gleanin, sessionboard('j***@a***.com'), 'us');
    expect(result.errors).toEqual({ sessionboard: HIDE_PII_MESSAGE });
  });

  it('accepts a token whose contact email is real, even with a `*` in it', async () => {
    for (const email of ['jane@acme.com', 'ann***@acme.com']) {
      const result = await checkTokens(gleanin, sessionboard(email), 'us');
      expect(result).toEqual({ errors: {}, canWriteContacts: true, notes: [] });
    }
  });
});
