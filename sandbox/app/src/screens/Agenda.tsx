/** Sessions › Agenda (as in the real app): tabs, toolbar with the Options menu, session table. */
import { AlertTriangle, CalendarCheck, CalendarDays, CalendarRange, DoorOpen, Info, List } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useApi } from '../api';
import { ListToolbar, exportIcon } from '../components/ListToolbar';
import { PAGE_SIZE, Pager } from '../components/Pager';
import { ErrorNote, Loading, PageHeader, cx } from '../components/Shell';
import { exportCsv, exportXlsx, type ExportColumn } from '../exporting';
import { formatDateTime } from '../format';
import { useLocation } from '../router';
import type { AgendaPayload, AgendaRow } from '../types';
import ui from '../ui.module.css';

const TABS = [
  { label: 'List', icon: List },
  { label: 'Day', icon: CalendarDays },
  { label: 'Week', icon: CalendarRange },
  { label: 'Month', icon: CalendarCheck },
  { label: 'Rooms', icon: DoorOpen },
  { label: 'Conflicts', icon: AlertTriangle },
] as const;

function Th({ children, info = true }: { children: string; info?: boolean }) {
  return (
    <th scope="col">
      <span className={ui.thInner}>
        {children}
        {info && <Info aria-hidden="true" />}
      </span>
    </th>
  );
}

export function AgendaScreen() {
  const { match, key } = useLocation();
  const eventId = match!.params.eventId;
  const api = useApi<AgendaPayload>(`/events/${eventId}/agenda`);
  const [tab, setTab] = useState<(typeof TABS)[number]['label']>('List');
  const [search, setSearch] = useState('');
  const [sortByTitle, setSortByTitle] = useState(false);
  const [page, setPage] = useState(1);

  const data = api.data;
  const tz = data?.event.timezone ?? 'UTC';
  const rows = useMemo(() => {
    if (!data) return [];
    const q = search.trim().toLowerCase();
    const filtered = q
      ? data.sessions.filter((s) => [s.title, s.friendlyId, ...s.speakers].some((v) => v.toLowerCase().includes(q)))
      : data.sessions;
    return sortByTitle ? [...filtered].sort((a, b) => a.title.localeCompare(b.title)) : filtered;
  }, [data, search, sortByTitle]);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  const columns: ExportColumn<AgendaRow>[] = [
    { header: 'ID', value: (r) => r.friendlyId },
    { header: 'Title', value: (r) => r.title },
    { header: 'Status', value: (r) => r.statusName },
    { header: 'Source', value: (r) => r.source },
    { header: `Start (${tz})`, value: (r) => formatDateTime(r.startsAt, tz) },
    { header: `End (${tz})`, value: (r) => formatDateTime(r.endsAt, tz) },
    { header: 'Track', value: (r) => r.track },
    { header: 'Room', value: (r) => r.room },
    { header: 'Speakers', value: (r) => r.speakers.join(', ') },
  ];
  const filename = `agenda-event-${eventId}`;

  return (
    <>
      <PageHeader icon={CalendarDays} title="Agenda" subtitle="Manage your event agenda and schedule" />
      <div role="tablist" aria-label="Agenda views" className={ui.tabs}>
        {TABS.map(({ label, icon: Icon }) => (
          <button
            key={label}
            type="button"
            role="tab"
            aria-selected={tab === label}
            className={cx(ui.tab, tab === label && ui.tabActive)}
            onClick={() => setTab(label)}
          >
            <Icon aria-hidden="true" />
            {label}
            {label === 'Conflicts' && data && data.conflicts > 0 && <span className={ui.badge}>{data.conflicts}</span>}
          </button>
        ))}
      </div>
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : api.loading || !data ? (
        <Loading label="Loading sessions…" />
      ) : (
        <div role="tabpanel" aria-label={tab}>
          <ListToolbar
            key={`${key}#${api.version}`}
            label="Agenda actions"
            searchLabel="Search sessions"
            searchPlaceholder="Search sessions..."
            search={search}
            onSearch={(v) => {
              setSearch(v);
              setPage(1);
            }}
            onSort={() => setSortByTitle((s) => !s)}
            sortActive={sortByTitle}
            showView
            options={[
              { label: 'Export .CSV', icon: exportIcon, onSelect: () => exportCsv(filename, columns, rows) },
              { label: 'Export .XLSX', icon: exportIcon, onSelect: () => void exportXlsx(filename, columns, rows) },
            ]}
          />
          {tab !== 'List' ? (
            <p className={ui.empty}>The {tab} view is not part of the sandbox replica; use List.</p>
          ) : (
            <>
              <div className={ui.tableWrap}>
                <table className={ui.table} aria-label="Sessions">
                  <thead>
                    <tr>
                      <th scope="col">
                        <input type="checkbox" className={ui.check} aria-label="Select all sessions" />
                      </th>
                      <Th>Status</Th>
                      <Th>Source</Th>
                      <Th>Title</Th>
                      <Th info={false}>ID</Th>
                      <Th info={false}>Start</Th>
                      <Th info={false}>End</Th>
                      <Th info={false}>Track</Th>
                      <Th info={false}>Room</Th>
                      <Th info={false}>Speakers</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((s) => (
                      <tr key={s.id} data-row-key={s.id}>
                        <td>
                          <input type="checkbox" className={ui.check} aria-label={`Select ${s.title || s.friendlyId}`} />
                        </td>
                        <td>
                          <span className={ui.chip} style={{ background: s.statusColor }}>
                            {s.statusName}
                          </span>
                        </td>
                        <td>
                          <span className={ui.chipGrey}>{s.source}</span>
                        </td>
                        <td>
                          <span className={ui.truncate} title={s.title}>
                            {s.title || <span className={ui.muted}>Untitled</span>}
                          </span>
                        </td>
                        <td>{s.friendlyId}</td>
                        <td>{formatDateTime(s.startsAt, tz) || <span className={ui.muted}>Unscheduled</span>}</td>
                        <td>{formatDateTime(s.endsAt, tz)}</td>
                        <td>{s.track}</td>
                        <td>{s.room}</td>
                        <td>
                          <span className={ui.truncate}>{s.speakers.join(', ')}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {shown.length === 0 && <p className={ui.empty}>No sessions found</p>}
              </div>
              <Pager page={page} total={rows.length} onPage={setPage} />
            </>
          )}
        </div>
      )}
    </>
  );
}
