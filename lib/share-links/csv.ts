/**
 * Share links as CSV for a mail merge: name, email, role, sessions, links. papaparse quotes correctly
 * and, through its `escapeFormulae` option, prefixes an apostrophe to a cell that a spreadsheet would
 * run as a formula, so it shows as text (CSV injection). papaparse's default pattern is not enough:
 * spreadsheets skip leading whitespace and control characters and read full-width ＝ ＋ － ＠ like their
 * ASCII forms, and its default misses a cell that starts with CR/tab and holds a line break. So we give
 * it FORMULA_CELL. The links column holds https links only.
 */
import Papa from 'papaparse';
import type { ShareLinkRow } from '../store/db.ts';

/**
 * A cell a spreadsheet may run as a formula: a formula character (ASCII or full-width/minus-sign forms)
 * after any whitespace (incl. no-break and ideographic spaces), control and format characters, or a
 * cell that starts with a tab or line break.
 */
const FORMULA_CELL = /^(?:[\t\r\n]|[\s\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212\uFE62\uFE63\uFE66])/u;

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function exportShareLinksCsv(rows: ShareLinkRow[]): string {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const data = sorted.map((r) => [
    r.name,
    r.email,
    r.roles.join('; '),
    r.context.join('; '),
    r.links
      .map((l) => l.url)
      .filter(isHttps)
      .join(' '),
  ]);
  return Papa.unparse(
    { fields: ['name', 'email', 'role', 'sessions', 'links'], data },
    { quotes: true, newline: '\r\n', escapeFormulae: FORMULA_CELL },
  );
}
