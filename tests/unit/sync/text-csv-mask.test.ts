/** Escaped markup, formula cells and token masks: inputs found by the security review. */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { htmlToText } from '../../../lib/sync/fields.ts';
import { exportShareLinksCsv } from '../../../lib/share-links/csv.ts';
import { maskToken, scrubSecrets } from '../../../lib/http/redact.ts';
import { maskToken as vaultMask } from '../../../lib/vault/vault.ts';
import type { ShareLinkRow } from '../../../lib/store/db.ts';

describe('descriptions as text', () => {
  it.each([
    ['escaped img', '<p>Hi &lt;img src=x onerror=alert(1)&gt; there</p>', 'Hi there'],
    ['escaped script', '&lt;script&gt;alert(1)&lt;/script&gt;Talk', 'alert(1)Talk'],
    ['numeric entities', '&#60;img src=x onerror=alert(1)&#62;Bio', 'Bio'],
    ['hex entities', '&#x3C;svg onload=alert(1)&#x3E;Bio', 'Bio'],
    ['double escaped stays text', '&amp;lt;b&amp;gt;bold', '&lt;b&gt;bold'],
    ['unterminated escaped tag', 'Intro &lt;img src=x onerror=alert(1)', 'Intro'],
    ['escaped comment', '&lt;!-- x --&gt;Kept', 'Kept'],
    ['prose comparison kept', '<p>a &lt; b and 3 &gt; 2</p>', 'a < b and 3 > 2'],
    ['named entities beyond a short list', 'Caf&eacute; &notin; &hellip;', 'Café ∉ …'],
  ])('%s', (_name, html, text) => {
    const out = htmlToText(html);
    expect(out).toBe(text);
    expect(out).not.toMatch(/<[a-z/!]/i);
  });
});

describe('CSV formula cells', () => {
  const person = (name: string): ShareLinkRow => ({
    mappingKey: 'k', externalIdx: 'sb:contact:1', sbEventId: 1, sbContactId: '1', email: 'a@b.co', name, roles: ['speaker'], context: [],
    gleaninId: '9', writtenValue: null, updatedAt: '', links: [],
  });
  /** The name cell as a spreadsheet reads it back from the exported CSV. */
  const nameCell = (name: string) => Papa.parse<string[]>(exportShareLinksCsv([person(name)])).data[1][0];

  it.each([
    '=1+2',
    '+1',
    '-1+2',
    '@SUM(A1)',
    '\r=1',
    ' =1+2',
    '\n=1+2',
    '\t=HYPERLINK("https://evil.example")',
    '\r\n@SUM(A1)',
    '\u00a0+cmd',
    '\u3000-2+3',
    '\u200b=1',
    '\u0000=1',
    '＝1+2',
    '＋cmd',
    '－1',
    '＠SUM(A1)',
    ' ＝1',
  ])('neutralises %j', (value) => {
    expect(nameCell(value)).toBe(`'${value}`);
  });

  it.each(['ok', 'Jane Doe', 'jane@acme.example', 'a=b', 'Q&A - live'])('leaves %j as it is', (value) => {
    expect(nameCell(value)).toBe(value);
  });

  it('writes only https links to the links column', () => {
    const row: ShareLinkRow = {
      ...person(' =cmd'),
      links: [
        { campaignId: '1', campaignName: 'S', url: 'https://invt.io/abc' },
        { campaignId: '2', campaignName: 'S', url: 'http://invt.io/plain' },
        { campaignId: '3', campaignName: 'S', url: 'javascript:alert(1)' },
        { campaignId: '4', campaignName: 'S', url: '=HYPERLINK("https://evil.example")' },
      ],
    };
    const [, cells] = Papa.parse<string[]>(exportShareLinksCsv([row])).data;
    expect(cells).toEqual(["' =cmd", 'a@b.co', 'speaker', '', 'https://invt.io/abc']);
  });
});

describe('token masks', () => {
  it('one rule: the vault and the redactor mask alike, short tokens show nothing of themselves', () => {
    for (const token of ['gl_test_7f3a9c2e5b1d4', 'abcdefgh', 'abcdefghi', 'abcdefghijk', 'abcdefghijkl', '  sb_write_1234567890abcd  ']) {
      expect(vaultMask(token)).toBe(maskToken(token));
    }
    expect(maskToken('gl_test_7f3a9c2e5b1d4')).toBe('••••b1d4');
    expect(maskToken('abcdefghi')).toBe('••••');
    expect(maskToken('abcdefghijk')).toBe('••••');
    expect(maskToken('abcdefghijkl')).toBe('••••ijkl');
    expect(scrubSecrets('token abcdefghi refused', ['abcdefghi'])).toBe('token •••• refused');
  });
});
