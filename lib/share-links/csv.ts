/**
 * Share links as CSV for a mail merge: name, email, role, sessions, links. papaparse quotes
 * correctly; a cell that a spreadsheet would run as a formula is prefixed with an apostrophe so it
 * shows as text (CSV injection). Spreadsheets skip leading whitespace and control characters and
 * read full-width ＝ ＋ － ＠ like their ASCII forms, so the check looks past the first and includes the
 * second. The links column holds https links only.
 */
import Papa from 'papaparse';
import type { ShareLinkRow } from '../store/db.ts';

/** Whitespace (incl. no-break and ideographic spaces), control and format characters before a formula. */
const LEADING_NOISE = /^[\s\p{Cc}\p{Cf}]+/u;
const FORMULA_CHAR = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212\uFE62\uFE63\uFE66]/;

export function neutraliseCell(value: string): string {
  const starts = value.replace(LEADING_NOISE, '');
  const noisy = starts.length !== value.length;
  return FORMULA_CHAR.test(starts) || (noisy && /^[\t\r\n]/.test(value)) ? `'${value}` : value;
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function exportShareLinksCsv(rows: ShareLinkRow[]): string {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const data = sorted.map((r) =>
    [
      r.name,
      r.email,
      r.roles.join('; '),
      r.context.join('; '),
      r.links
        .map((l) => l.url)
        .filter(isHttps)
        .join(' '),
    ].map(neutraliseCell),
  );
  return Papa.unparse({ fields: ['name', 'email', 'role', 'sessions', 'links'], data }, { quotes: true, newline: '\r\n' });
}
