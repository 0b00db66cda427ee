import { ChevronLeft, ChevronRight } from 'lucide-react';
import ui from '../ui.module.css';
import { cx } from './Shell';

export const PAGE_SIZE = 50;

/** Footer pager: "1 — 32 of 32 rows" (as on the real Agenda). */
export function Pager({ page, total, onPage }: { page: number; total: number; onPage(p: number): void }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  return (
    <nav className={ui.pager} aria-label="Pagination">
      <button type="button" className={ui.pageButton} disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label="Previous page">
        <ChevronLeft size={16} aria-hidden="true" />
      </button>
      <button type="button" className={cx(ui.pageButton, ui.pageButtonActive)} aria-current="page">
        {page}
      </button>
      <button type="button" className={ui.pageButton} disabled={page >= pages} onClick={() => onPage(page + 1)} aria-label="Next page">
        <ChevronRight size={16} aria-hidden="true" />
      </button>
      <span>
        {from} — {to} of {total} rows
      </span>
    </nav>
  );
}
