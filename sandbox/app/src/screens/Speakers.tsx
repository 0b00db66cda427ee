/** Contacts › Speakers: one column per custom contact field, so a "Gleanin Link" written through the API shows. */
import { Mic } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useApi } from '../api';
import { ListToolbar, exportIcon } from '../components/ListToolbar';
import { PAGE_SIZE, Pager } from '../components/Pager';
import { ErrorNote, Loading, PageHeader } from '../components/Shell';
import { exportCsv, exportXlsx, type ExportColumn } from '../exporting';
import { useLocation } from '../router';
import type { SpeakerRow, SpeakersPayload } from '../types';
import ui from '../ui.module.css';

export function SpeakersScreen() {
  const { match, key } = useLocation();
  const eventId = match!.params.eventId;
  const api = useApi<SpeakersPayload>(`/events/${eventId}/speakers`);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const fields = api.data?.fields ?? [];
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = api.data?.speakers ?? [];
    return q ? all.filter((x) => [x.name, x.email ?? '', x.company, x.friendlyId].some((v) => v.toLowerCase().includes(q))) : all;
  }, [api.data, search]);
  const columns: ExportColumn<SpeakerRow>[] = [
    { header: 'ID', value: (r) => r.friendlyId },
    { header: 'Name', value: (r) => r.name },
    { header: 'Email', value: (r) => r.email ?? '' },
    { header: 'Company', value: (r) => r.company },
    { header: 'Title', value: (r) => r.title },
    { header: 'Sessions', value: (r) => r.sessionCount },
    ...fields.map((f): ExportColumn<SpeakerRow> => ({ header: f.name, value: (r) => r.customFields[f.internalName] ?? '' })),
  ];
  const filename = `speakers-event-${eventId}`;
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <>
      <PageHeader icon={Mic} title="Speakers" subtitle="Manage the speakers of your event" />
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : api.loading || !api.data ? (
        <Loading label="Loading speakers…" />
      ) : (
        <>
          <ListToolbar
            key={`${key}#${api.version}`}
            label="Speakers actions"
            searchLabel="Search speakers"
            searchPlaceholder="Search speakers..."
            search={search}
            onSearch={(v) => {
              setSearch(v);
              setPage(1);
            }}
            showView
            options={[
              { label: 'Export .CSV', icon: exportIcon, onSelect: () => exportCsv(filename, columns, rows) },
              { label: 'Export .XLSX', icon: exportIcon, onSelect: () => void exportXlsx(filename, columns, rows) },
            ]}
          />
          <div className={ui.tableWrap}>
            <table className={ui.table} aria-label="Speakers">
              <thead>
                <tr>
                  <th scope="col">
                    <input type="checkbox" className={ui.check} aria-label="Select all speakers" />
                  </th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Company</th>
                  <th scope="col">Title</th>
                  <th scope="col">Sessions</th>
                  {fields.map((f) => (
                    <th scope="col" key={f.internalName} data-field={f.internalName}>
                      {f.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((x) => (
                  <tr key={x.id} data-row-key={x.id}>
                    <td>
                      <input type="checkbox" className={ui.check} aria-label={`Select ${x.name}`} />
                    </td>
                    <td>{x.name}</td>
                    <td>{x.email}</td>
                    <td>{x.company}</td>
                    <td>
                      <span className={ui.truncate}>{x.title}</span>
                    </td>
                    <td>{x.sessionCount}</td>
                    {fields.map((f) => (
                      <td key={f.internalName}>
                        <span className={ui.truncate}>{x.customFields[f.internalName] ?? ''}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length === 0 && <p className={ui.empty}>No speakers found</p>}
          </div>
          <Pager page={page} total={rows.length} onPage={setPage} />
        </>
      )}
    </>
  );
}
