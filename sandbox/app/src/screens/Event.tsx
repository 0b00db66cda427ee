/** Event level pages besides the lists: dashboard, Event Details (time zone), Portals › Tasks, simple modules. */
import { Building2, CalendarDays, ChevronDown, LayoutDashboard, Plus, Search, SquareCheckBig, User, Users, type LucideIcon } from 'lucide-react';
import { useState } from 'react';
import { useApi } from '../api';
import { ErrorNote, Loading, PageHeader, cx } from '../components/Shell';
import { formatDate, formatDateRange, gmtOffset, timezoneLabel } from '../format';
import { Link, useLocation } from '../router';
import { pathFor } from '../routes';
import type { EventPayload, TasksPayload } from '../types';
import ui from '../ui.module.css';
import s from './Screens.module.css';

function useEventId(): string {
  return useLocation().match!.params.eventId;
}

export function EventDashboardScreen() {
  const eventId = useEventId();
  const api = useApi<EventPayload>(`/events/${eventId}`);
  const ev = api.data?.event;
  return (
    <>
      <PageHeader
        icon={LayoutDashboard}
        title={ev?.name ?? 'Dashboard'}
        subtitle={ev ? `${formatDateRange(ev.startsAt, ev.endsAt, ev.timezone)} (${gmtOffset(ev.timezone, new Date(ev.startsAt))})` : 'Loading…'}
      />
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : !ev ? (
        <Loading />
      ) : (
        <div className={ui.content}>
          <ul className={s.cards} aria-label="Event summary">
            <li className={s.eventCard}>
              <h2 className={s.eventCardTitle}>{ev.counts.sessions} Sessions</h2>
              <Link to={pathFor('eventAgenda', { eventId })}>Agenda</Link>
            </li>
            <li className={s.eventCard}>
              <h2 className={s.eventCardTitle}>{ev.counts.speakers} Speakers</h2>
              <Link to={pathFor('eventSpeakers', { eventId })}>Speakers</Link>
            </li>
            <li className={s.eventCard}>
              <h2 className={s.eventCardTitle}>{ev.counts.exhibitors} Exhibitors</h2>
              <Link to={pathFor('eventExhibitors', { eventId })}>Exhibitors</Link>
            </li>
          </ul>
        </div>
      )}
    </>
  );
}

export function EventDetailsScreen() {
  const eventId = useEventId();
  const api = useApi<EventPayload>(`/events/${eventId}`);
  const ev = api.data?.event;
  return (
    <>
      <PageHeader icon={Building2} title="Event Details" subtitle="Manage your event's basic information" />
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : !ev ? (
        <Loading />
      ) : (
        <div className={ui.content}>
          <div className={ui.formGrid}>
            <label className={ui.field}>
              <span className={ui.label}>
                Event Name <span className={ui.required}>*</span>
              </span>
              <input className={ui.input} defaultValue={ev.name} />
            </label>
            <label className={ui.field}>
              <span className={ui.label}>Event ID</span>
              <input className={ui.input} value={ev.id} readOnly />
            </label>
            <label className={ui.field}>
              <span className={ui.label}>Start Date</span>
              <input className={ui.input} value={formatDate(ev.startsAt, ev.timezone)} readOnly />
            </label>
            <label className={ui.field}>
              <span className={ui.label}>End Date</span>
              <input className={ui.input} value={formatDate(ev.endsAt, ev.timezone)} readOnly />
            </label>
            <div className={ui.field}>
              <span className={ui.label} id="event-tz-label">
                Timezone <span className={ui.required}>*</span>
              </span>
              <div className={ui.selectBox} role="group" aria-labelledby="event-tz-label" data-timezone={ev.timezone}>
                <span>{timezoneLabel(ev.timezone)}</span>
                <ChevronDown aria-hidden="true" />
              </div>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

const TASK_TABS = ['All Tasks', 'Contact Tasks', 'Group Tasks', 'Session Tasks'] as const;

/** Portals › Tasks (as in the real app). */
export function PortalTasksAdminScreen() {
  const eventId = useEventId();
  const api = useApi<TasksPayload>(`/events/${eventId}/tasks`);
  const [tab, setTab] = useState<(typeof TASK_TABS)[number]>('All Tasks');
  const [search, setSearch] = useState('');
  const tasks = api.data?.tasks ?? [];
  const count = (t: (typeof TASK_TABS)[number]) => (t === 'All Tasks' ? tasks.length : tasks.filter((x) => `${x.target} Tasks` === t).length);
  const shown = tasks.filter((x) => (tab === 'All Tasks' || `${x.target} Tasks` === tab) && x.name.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <>
      <PageHeader
        icon={SquareCheckBig}
        title="Tasks"
        subtitle="Create tasks that can be assigned to your portals"
        actions={
          <button type="button" className={cx(ui.button, ui.buttonDark)}>
            <Plus aria-hidden="true" />
            Add Task
          </button>
        }
      />
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : !api.data ? (
        <Loading />
      ) : (
        <div className={s.tasksPage}>
          <div className={ui.toolbar} style={{ padding: '24px 0' }}>
            <label className={ui.search} style={{ width: 640 }}>
              <Search size={20} aria-hidden="true" />
              <span className={ui.srOnly}>Search tasks</span>
              <input type="search" placeholder="Search tasks..." value={search} onChange={(e) => setSearch(e.target.value)} />
            </label>
          </div>
          <div role="tablist" aria-label="Task types" className={ui.tabs} style={{ padding: 0, marginTop: 0 }}>
            {TASK_TABS.map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} className={cx(ui.tab, tab === t && ui.tabActive)} onClick={() => setTab(t)}>
                {t} <span className={s.countPill}>{count(t)}</span>
              </button>
            ))}
          </div>
          {shown.map((t) => (
            <article key={t.id} className={s.taskCard} aria-label={t.name}>
              <div className={s.taskHead}>
                <h2 className={s.taskName}>{t.name}</h2>
                <span className={ui.chipGrey}>Manual</span>
              </div>
              <div className={s.taskMeta}>
                <span>{t.description}</span>
                <span>
                  {t.target === 'Contact' ? <User size={18} aria-hidden="true" /> : t.target === 'Group' ? <Users size={18} aria-hidden="true" /> : <CalendarDays size={18} aria-hidden="true" />}
                  {t.target}
                </span>
                {t.linkField && <span>Task Link: Use Field → {t.linkField.name}</span>}
              </div>
            </article>
          ))}
        </div>
      )}
    </>
  );
}

export function ModuleScreen({ icon, title, subtitle }: { icon: LucideIcon; title: string; subtitle: string }) {
  return (
    <>
      <PageHeader icon={icon} title={title} subtitle={subtitle} />
      <p className={ui.empty}>This module is not part of the sandbox replica.</p>
    </>
  );
}
