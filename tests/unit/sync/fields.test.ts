import { describe, expect, it } from 'vitest';
import { isMaskedEmail } from '../../../lib/sessionboard/adapter.ts';
import { contentHash, formatSchedule, headshot, htmlToText, normaliseEmail, parseSessionTime, personName, sessionTracks, toInstant } from '../../../lib/sync/fields.ts';
import { exportShareLinksCsv } from '../../../lib/share-links/csv.ts';

describe('fields', () => {
  it('joins names and normalises emails', () => {
    expect(personName(' Ada ', ' Lovelace')).toBe('Ada Lovelace');
    expect(personName('Zoë', null)).toBe('Zoë');
    expect(normaliseEmail(' Dup.Speaker@Example.com ')).toBe('dup.speaker@example.com');
    expect(isMaskedEmail('j***@a***.com')).toBe(true);
    expect(isMaskedEmail('jo@a.com')).toBe(false);
  });

  it('sends absolute instants and a schedule in the SB zone', () => {
    expect(toInstant('2026-12-22T15:00:00+00:00', 'America/Los_Angeles')).toBe('2026-12-22T15:00:00.000Z');
    expect(toInstant('2026-12-22T10:00:00-05:00', 'America/Los_Angeles')).toBe('2026-12-22T15:00:00.000Z');
    expect(formatSchedule('2026-12-22T15:00:00Z', '2026-12-22T15:45:00Z', 'America/New_York')).toBe('Tue, 22 Dec 2026, 10:00–10:45 EST');
    expect(formatSchedule('2026-07-01T07:00:00Z', '2026-07-01T08:00:00Z', 'Europe/Berlin')).toBe('Wed, 1 Jul 2026, 09:00–10:00 GMT+2');
    expect(formatSchedule('2026-12-22T15:00:00Z', '2026-12-23T22:00:00Z', 'America/New_York')).toBe(
      'Tue, 22 Dec 2026, 10:00 – Wed, 23 Dec 2026, 17:00 EST',
    );
  });

  it('reads a session time without an offset in the Sessionboard event zone, whatever the machine zone', () => {
    const saved = process.env.TZ;
    try {
      for (const machine of ['UTC', 'Asia/Tokyo', 'America/New_York']) {
        process.env.TZ = machine;
        const la = (v: string) => toInstant(v, 'America/Los_Angeles');
        expect(la('2026-12-22T15:00:00')).toBe('2026-12-22T23:00:00.000Z'); // PST, UTC-8
        expect(la('2026-07-01T09:00:00.250')).toBe('2026-07-01T16:00:00.250Z'); // PDT, UTC-7
        expect(la('2026-03-08T01:30:00')).toBe('2026-03-08T09:30:00.000Z'); // before the spring-forward change
        expect(la('2026-03-08T03:30:00')).toBe('2026-03-08T10:30:00.000Z'); // after it
        expect(la('2026-11-01T03:00:00')).toBe('2026-11-01T11:00:00.000Z'); // after falling back
        expect(la('2026-12-22T15:00:00Z')).toBe('2026-12-22T15:00:00.000Z'); // an offset is kept as written
        expect(toInstant('2026-12-22 15:00', 'Europe/Berlin')).toBe('2026-12-22T14:00:00.000Z');
        expect(formatSchedule('2026-12-22T15:00:00', '2026-12-22T15:45:00', 'America/Los_Angeles')).toBe('Tue, 22 Dec 2026, 15:00–15:45 PST');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(Number.isNaN(parseSessionTime('2026-02-30T10:00:00', 'UTC'))).toBe(true);
    expect(Number.isNaN(parseSessionTime('next tuesday', 'UTC'))).toBe(true);
  });

  it('resolves wall-clock times at daylight-saving changes the same way on every machine', () => {
    const saved = process.env.TZ;
    try {
      for (const machine of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/Berlin']) {
        process.env.TZ = machine;
        // 02:30 does not exist in New York on 8 March 2026 (02:00 EST -> 03:00 EDT): moved forward by the gap, 03:30 EDT.
        expect(toInstant('2026-03-08T02:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
        // 01:30 happens twice on 1 November 2026 (EDT, then EST): the first, 01:30 EDT.
        expect(toInstant('2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
        // The same rule east of UTC: Berlin's gap (29 March) and overlap (25 October).
        expect(toInstant('2026-03-29T02:30:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
        expect(toInstant('2026-10-25T02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(Number.isNaN(parseSessionTime('2026-03-08T24:00:00', 'America/New_York'))).toBe(true);
    expect(Number.isNaN(parseSessionTime('2026-03-08T10:60', 'America/New_York'))).toBe(true);
  });

  it('turns HTML into plain text without scripts or styles', () => {
    const html = '<p style="color:red">Hello <b>world</b> &amp; friends</p><script>alert(1)</script><ul><li>One</li><li>Two&nbsp;&#x263A;</li></ul><style>p{}</style>';
    expect(htmlToText(html)).toBe('Hello world & friends\n\n• One\n• Two ☺');
    expect(htmlToText(null)).toBe('');
    expect(htmlToText('<img src=x onerror=alert(1)>Text')).toBe('Text');
  });

  it('drops HEIC and non-image headshots with a warning', () => {
    expect(headshot('https://cdn.example.com/a/photo.heic')).toMatchObject({ url: null, warning: expect.stringMatching(/HEIC/) });
    expect(headshot('https://cdn.example.com/a/cv.pdf')).toMatchObject({ url: null, warning: expect.stringMatching(/\.pdf/) });
    expect(headshot('https://cdn.example.com/event-files%2Fx.JPG')).toEqual({ url: 'https://cdn.example.com/event-files%2Fx.JPG' });
    expect(headshot(null)).toEqual({ url: null });
  });

  it('takes tracks from tracks, tags or nothing', () => {
    const s = { track: { name: 'AI' }, tags: [{ name: 'Live' }, { name: 'Live' }, { name: 'Panel' }] };
    expect(sessionTracks(s, 'tracks')).toEqual(['AI']);
    expect(sessionTracks(s, 'tags')).toEqual(['Live', 'Panel']);
    expect(sessionTracks(s, 'none')).toEqual([]);
    expect(sessionTracks({ track: {} }, 'tracks')).toEqual([]);
  });

  it('hashes independent of key order', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it('exports CSV with quotes and neutralised formulas', () => {
    const csv = exportShareLinksCsv([
      {
        mappingKey: 'k', externalIdx: 'sb:contact:1', sbEventId: 1, sbContactId: '1', email: 'a@b.co', name: '=cmd|x', roles: ['speaker', 'moderator'],
        context: ['Talk, "one"', '@two'], gleaninId: '9', links: [{ campaignId: '1', campaignName: 'S', url: 'https://invt.io/abc' }], writtenValue: null, updatedAt: '',
      },
    ]);
    expect(csv).toBe('"name","email","role","sessions","links"\r\n"\'=cmd|x","a@b.co","speaker; moderator","Talk, ""one""; @two","https://invt.io/abc"');
  });
});
