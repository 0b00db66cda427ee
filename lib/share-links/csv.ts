/**
 * Share links as CSV for a mail merge (SPEC F9): name, email, role, sessions, links. papaparse quotes
 * correctly; cells starting with = + - @ (or a tab/CR) are prefixed with an apostrophe so a
 * spreadsheet shows them as text instead of running them as formulas (CSV injection).
 */
import Papa from 'papaparse';
import type { ShareLinkRow } from '../store/db.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function exportShareLinksCsv(rows: ShareLinkRow[]): string {
  const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  const data = sorted.map((r) =>
    [
      r.name,
      r.email,
      r.roles.join('; '),
      r.context.join('; '),
      r.links.map((l) => l.url).join(' '),
    ].map(neutraliseCell),
  );
  return Papa.unparse({ fields: ['name', 'email', 'role', 'sessions', 'links'], data }, { quotes: true, newline: '\r\n' });
}
