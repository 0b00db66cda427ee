/** Exhibitors module (as in the real app): groups with their primary contact, and its own Options menu. */
import { Plus, Store } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useApi } from '../api';
import { ListToolbar, exportIcon } from '../components/ListToolbar';
import { PAGE_SIZE, Pager } from '../components/Pager';
import { ErrorNote, Loading, PageHeader, cx } from '../components/Shell';
import { exportCsv, exportXlsx, type ExportColumn } from '../exporting';
import { initials } from '../format';
import { useLocation } from '../router';
import type { ExhibitorRow, ExhibitorsPayload } from '../types';
import ui from '../ui.module.css';
import s from './Screens.module.css';

export function ExhibitorsScreen() {
  const { match, key } = useLocation();
  const eventId = match!.params.eventId;
  const api = useApi<ExhibitorsPayload>(`/events/${eventId}/exhibitors`);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = api.data?.exhibitors ?? [];
    return q ? all.filter((x) => [x.name, x.friendlyId, x.primaryContact?.name ?? '', x.primaryContact?.email ?? ''].some((v) => v.toLowerCase().includes(q))) : all;
  }, [api.data, search]);
  const columns: ExportColumn<ExhibitorRow>[] = [
    { header: 'ID', value: (r) => r.friendlyId },
    { header: 'Name', value: (r) => r.name },
    { header: 'Primary Contact', value: (r) => r.primaryContact?.name ?? '' },
    { header: 'Primary Contact Email', value: (r) => r.primaryContact?.email ?? '' },
    { header: 'Team', value: (r) => r.teamSize },
    { header: 'Tier', value: (r) => r.tier },
    { header: 'Website', value: (r) => r.website },
  ];
  const filename = `exhibitors-event-${eventId}`;
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <>
      <PageHeader icon={Store} title="Exhibitors" subtitle="Manage your exhibitors, their booths and team members" />
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : api.loading || !api.data ? (
        <Loading label="Loading exhibitors…" />
      ) : (
        <>
          <ListToolbar
            key={`${key}#${api.version}`}
            label="Exhibitors actions"
            searchLabel="Search exhibitors"
            searchPlaceholder="Search exhibitors..."
            search={search}
            onSearch={(v) => {
              setSearch(v);
              setPage(1);
            }}
            extra={
              <button type="button" className={cx(ui.button, ui.buttonDark)}>
                <Plus aria-hidden="true" />
                Add
              </button>
            }
            options={[
              { label: 'Export .CSV', icon: exportIcon, onSelect: () => exportCsv(filename, columns, rows) },
              { label: 'Export .XLSX', icon: exportIcon, onSelect: () => void exportXlsx(filename, columns, rows) },
            ]}
          />
          <div className={ui.tableWrap}>
            <table className={ui.table} aria-label="Exhibitors">
              <thead>
                <tr>
                  <th scope="col">
                    <input type="checkbox" className={ui.check} aria-label="Select all exhibitors" />
                  </th>
                  <th scope="col">Name</th>
                  <th scope="col">Primary Contact</th>
                  <th scope="col">Team</th>
                  <th scope="col">Tier</th>
                  <th scope="col">ID</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((x) => (
                  <tr key={x.id} data-row-key={x.id}>
                    <td>
                      <input type="checkbox" className={ui.check} aria-label={`Select ${x.name}`} />
                    </td>
                    <td>
                      <span className={s.nameCell}>
                        <span className={s.logo} aria-hidden="true">
                          {initials(x.name)}
                        </span>
                        {x.name}
                      </span>
                    </td>
                    <td>
                      {x.primaryContact ? (
                        <span className={s.contactCell}>
                          <span>{x.primaryContact.name}</span>
                          <span className={ui.muted}>{x.primaryContact.email}</span>
                        </span>
                      ) : (
                        <button type="button" className={s.linkButton}>
                          + Add Contact
                        </button>
                      )}
                    </td>
                    <td>{x.teamSize}</td>
                    <td>{x.tier && <span className={ui.chipGrey}>{x.tier}</span>}</td>
                    <td>{x.friendlyId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length === 0 && <p className={ui.empty}>No exhibitors found</p>}
          </div>
          <Pager page={page} total={rows.length} onPage={setPage} />
        </>
      )}
    </>
  );
}
