/**
 * The toolbar of the admin lists (search, View, Columns, Sort, Filter, Options). The page keys it on the
 * route and the data version, so its DOM nodes are replaced whenever either changes, as in the real app.
 */
import { Columns3, Download, Ellipsis, Eye, ChevronDown, ArrowUpDown, Filter, Search } from 'lucide-react';
import type { ReactNode } from 'react';
import { useLayout } from '../router';
import ui from '../ui.module.css';
import { MenuButton, type MenuItem } from './MenuButton';
import { cx } from './Shell';

interface Props {
  label: string;
  searchLabel: string;
  searchPlaceholder: string;
  search: string;
  onSearch(v: string): void;
  onSort?(): void;
  sortActive?: boolean;
  showView?: boolean;
  extra?: ReactNode;
  options: MenuItem[];
}

export const exportIcon = <Download aria-hidden="true" />;

export function ListToolbar({ label, searchLabel, searchPlaceholder, search, onSearch, onSort, sortActive, showView, extra, options }: Props) {
  const layout = useLayout();
  return (
    <div role="toolbar" aria-label={label} className={ui.toolbar}>
      <label className={ui.search}>
        <Search size={20} aria-hidden="true" />
        <span className={ui.srOnly}>{searchLabel}</span>
        <input type="search" placeholder={searchPlaceholder} value={search} onChange={(e) => onSearch(e.target.value)} />
      </label>
      {showView && (
        <button type="button" className={ui.button}>
          <Eye aria-hidden="true" />
          View: Results
          <ChevronDown aria-hidden="true" />
        </button>
      )}
      <button type="button" className={cx(ui.button, ui.buttonPrimaryOutline)}>
        <Columns3 aria-hidden="true" />
        Columns
      </button>
      <button type="button" className={ui.button} onClick={onSort} aria-pressed={onSort ? !!sortActive : undefined}>
        <ArrowUpDown aria-hidden="true" />
        Sort
      </button>
      <button type="button" className={ui.button}>
        <Filter aria-hidden="true" />
        Filter
      </button>
      {extra}
      {layout === 'preview' ? (
        <MenuButton label="Options" icon={<Ellipsis size={20} aria-hidden="true" />} items={options} buttonClassName={ui.iconButton} />
      ) : (
        <MenuButton label="Options" icon={<Ellipsis aria-hidden="true" />} items={options} buttonClassName={ui.button}>
          Options
        </MenuButton>
      )}
    </div>
  );
}
