/**
 * Participant portal (sessionboard-app.md §2.4): sandbox sign-in list, the "Continue as:" chooser
 * (portal-list.png), and the portal with its top bar (portal-switch-portals.png), tabs, Tasks and sessions.
 * The signed-in contact travels in `?contact=` (and the group portal in `?group=`).
 */
import { ArrowLeft, ChevronDown, ChevronRight, ExternalLink, LogOut, Repeat, Search, UserCog } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { apiFetch, useApi } from '../api';
import { MenuButton } from '../components/MenuButton';
import { ErrorNote, Loading, cx } from '../components/Shell';
import { formatDateTime, gmtOffset, htmlToText, initials } from '../format';
import { Link, navigate, useLocation } from '../router';
import { pathFor, type RouteName } from '../routes';
import type { PortalLoginPayload, PortalPayload, PortalTask } from '../types';
import ui from '../ui.module.css';
import p from './Portal.module.css';

function usePortal() {
  const { match, search } = useLocation();
  const eventId = match!.params.eventId;
  const contact = search.get('contact') ?? undefined;
  const group = search.get('group') ?? undefined;
  const api = useApi<PortalPayload>(contact ? `/events/${eventId}/portal/me` : null, { contact, group });
  return { eventId, contact, group, api };
}

function signedInText(payload: PortalPayload): string {
  return `Logged in as ${payload.contact.email?.trim() || payload.contact.name}`;
}

function logout(eventId: string) {
  navigate(`${pathFor('portalLogin', { eventId })}?contact=&group=`);
}

export function PortalLoginScreen() {
  const { match } = useLocation();
  const eventId = match!.params.eventId;
  const api = useApi<PortalLoginPayload>(`/events/${eventId}/portal/contacts`);
  const [q, setQ] = useState('');
  const list = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = api.data?.contacts ?? [];
    return (needle ? all.filter((c) => `${c.name} ${c.email ?? ''} ${c.roles.join(' ')}`.toLowerCase().includes(needle)) : all).slice(0, 50);
  }, [api.data, q]);
  return (
    <div className={p.loginBg}>
      <main className={p.loginCard}>
        <h1 className={p.loginTitle}>{api.data ? `${api.data.event.name} portal` : 'Portal'}</h1>
        <p className={ui.muted}>Sandbox sign-in: choose the participant to sign in as.</p>
        <label className={ui.search} style={{ width: '100%', height: 48 }}>
          <Search size={18} aria-hidden="true" />
          <span className={ui.srOnly}>Search participants</span>
          <input type="search" placeholder="Search participants..." value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        {api.error ? (
          <ErrorNote message={api.error} />
        ) : !api.data ? (
          <Loading />
        ) : (
          <ul className={p.loginList} aria-label="Participants">
            {list.map((c) => (
              <li key={c.id}>
                <Link to={`${pathFor('portalChooser', { eventId })}?contact=${encodeURIComponent(c.id)}&group=`} className={p.loginItem}>
                  <span className={p.avatarSmall} aria-hidden="true">
                    {initials(c.name)}
                  </span>
                  <span className={p.loginItemText}>
                    <strong>{c.name}</strong>
                    <span>{c.email ?? 'no email'}</span>
                    <span className={p.roles}>{c.roles.join(' · ')}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}

export function PortalChooserScreen() {
  const { eventId, contact, api } = usePortal();
  if (!contact) return <NotSignedIn eventId={eventId} />;
  const data = api.data;
  return (
    <div className={p.chooserBg}>
      <main className={p.chooserCard}>
        <div className={p.chooserLogo} aria-hidden="true">
          {data ? initials(data.event.name) : ''}
        </div>
        <div className={p.chooserRight}>
          <h1 className={p.continueAs}>Continue as:</h1>
          {api.error ? (
            <ErrorNote message={api.error} />
          ) : !data ? (
            <Loading />
          ) : (
            <>
              <ul className={p.choiceList}>
                {data.portals.map((choice) => (
                  <li key={choice.groupId ?? 'contact'}>
                    <Link
                      to={`${pathFor('portalHome', { eventId })}?group=${choice.groupId ?? ''}`}
                      className={p.choice}
                      aria-label={`${choice.title} ${choice.subtitle}`}
                    >
                      <span className={p.avatar} aria-hidden="true">
                        {choice.title.trim()[0]?.toUpperCase()}
                      </span>
                      <span className={p.choiceText}>
                        <span className={p.choiceTitle}>{choice.title}</span>
                        <span className={p.choiceSub}>{choice.subtitle}</span>
                      </span>
                      <ChevronRight size={28} aria-hidden="true" />
                    </Link>
                  </li>
                ))}
              </ul>
              <hr className={p.rule} />
              <p className={p.loggedIn}>{signedInText(data)}</p>
              <button type="button" className={p.logout} onClick={() => logout(eventId)}>
                Logout
              </button>
            </>
          )}
        </div>
      </main>
    </div>
  );
}

function NotSignedIn({ eventId }: { eventId: string }) {
  return (
    <div className={p.loginBg}>
      <main className={p.loginCard}>
        <h1 className={p.loginTitle}>You are not signed in</h1>
        <Link to={pathFor('portalLogin', { eventId })}>Sign in to the portal</Link>
      </main>
    </div>
  );
}

const PORTAL_TABS: { label: string; route: RouteName }[] = [
  { label: 'Home', route: 'portalHome' },
  { label: 'Sessions', route: 'portalSessions' },
  { label: 'Profile', route: 'portalProfile' },
  { label: 'Tasks', route: 'portalTasks' },
  { label: 'Files', route: 'portalFiles' },
  { label: 'Resources', route: 'portalResources' },
];

function PortalFrame({ children }: { children: (data: PortalPayload, reload: () => void) => ReactNode }) {
  const { eventId, contact, api } = usePortal();
  const { match } = useLocation();
  if (!contact) return <NotSignedIn eventId={eventId} />;
  const data = api.data;
  const current = match?.name === 'portalTask' ? 'portalTasks' : match?.name;
  return (
    <div className={p.portal}>
      <header className={p.topBar}>
        <button type="button" className={p.eventSwitch} aria-label={`Event: ${data?.event.name ?? ''}`}>
          <span className={p.eventTile} aria-hidden="true">
            {data ? data.event.name.slice(0, 2) : ''}
          </span>
          <span className={p.eventName}>{data?.event.name ?? 'Loading…'}</span>
          <ChevronDown size={20} aria-hidden="true" />
        </button>
        {data && (
          <div className={p.userArea}>
            <span className={p.loggedInBar}>{signedInText(data)}</span>
            <MenuButton
              label={data.contact.name}
              icon={
                <span className={p.userAvatar} aria-hidden="true">
                  {initials(data.contact.name)}
                </span>
              }
              buttonClassName={p.userButton}
              items={[
                { label: 'Switch Portals', icon: <Repeat aria-hidden="true" />, onSelect: () => navigate(pathFor('portalChooser', { eventId })) },
                { label: 'Back to Admin Mode', icon: <UserCog aria-hidden="true" />, onSelect: () => navigate(`${pathFor('eventDashboard', { eventId })}?contact=&group=`) },
                { label: 'Logout', icon: <LogOut aria-hidden="true" />, onSelect: () => logout(eventId) },
              ]}
            >
              <span>{data.contact.name}</span>
              <ChevronDown size={18} aria-hidden="true" />
            </MenuButton>
          </div>
        )}
      </header>
      <div className={p.banner} aria-hidden="true" />
      <div className={p.portalLogo} aria-hidden="true">
        {data ? initials(data.group?.name ?? data.event.name) : ''}
      </div>
      <nav className={p.tabs} aria-label="Portal">
        {PORTAL_TABS.map((t) => (
          <Link key={t.route} to={pathFor(t.route, { eventId })} className={cx(p.tab, current === t.route && p.tabActive)} aria-current={current === t.route ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <main className={p.body}>{api.error ? <ErrorNote message={api.error} /> : !data ? <Loading /> : children(data, api.reload)}</main>
    </div>
  );
}

function TaskList({ data, eventId }: { data: PortalPayload; eventId: string }) {
  return (
    <section className={p.widget} aria-labelledby="portal-tasks-heading">
      <h2 id="portal-tasks-heading" className={p.widgetHead}>
        Tasks ({data.tasks.length})
      </h2>
      {data.tasks.length === 0 && <p className={ui.empty}>No tasks</p>}
      {data.tasks.map((t) => (
        <article key={t.id} className={p.taskCard} aria-labelledby={`task-${t.id}`}>
          <h3 id={`task-${t.id}`} className={p.taskName}>
            <Link to={pathFor('portalTask', { eventId, taskId: t.id })}>{t.name}</Link>
            {t.required && (
              <span className={p.requiredMark} aria-label="required">
                *
              </span>
            )}
          </h3>
          <p className={p.taskDesc}>{htmlToText(t.description)}</p>
          <span className={cx(p.pill, t.completed && p.pillDone)}>{t.completed ? 'Complete' : 'Incomplete'}</span>
        </article>
      ))}
    </section>
  );
}

function SessionList({ data }: { data: PortalPayload }) {
  const tz = data.event.timezone;
  return (
    <section className={p.widget} aria-labelledby="portal-sessions-heading">
      <h2 id="portal-sessions-heading" className={cx(p.widgetHead, p.widgetHeadAlt)}>
        My Sessions
      </h2>
      {data.sessions.length === 0 && <p className={ui.empty}>No sessions</p>}
      {data.sessions.map((s) => (
        <article key={s.id} className={p.sessionCard} aria-label={s.title}>
          <h3 className={p.taskName}>{s.title}</h3>
          <p className={p.taskDesc}>
            {s.role} · {s.friendlyId}
            {s.startsAt ? ` · ${formatDateTime(s.startsAt, tz)} (${gmtOffset(tz, new Date(s.startsAt))})` : ' · Not scheduled yet'}
            {s.room ? ` · ${s.room}` : ''}
          </p>
        </article>
      ))}
    </section>
  );
}

export function PortalHomeScreen() {
  const { eventId } = usePortal();
  return (
    <PortalFrame>
      {(data) => (
        <div className={p.columns}>
          <TaskList data={data} eventId={eventId} />
          {!data.group && <SessionList data={data} />}
        </div>
      )}
    </PortalFrame>
  );
}

export function PortalSessionsScreen() {
  return <PortalFrame>{(data) => <SessionList data={data} />}</PortalFrame>;
}

export function PortalTasksScreen() {
  const { eventId } = usePortal();
  return <PortalFrame>{(data) => <TaskList data={data} eventId={eventId} />}</PortalFrame>;
}

export function PortalTaskScreen() {
  const { eventId, contact, group } = usePortal();
  const { match } = useLocation();
  const taskId = match!.params.taskId;
  return (
    <PortalFrame>
      {(data, reload) => {
        const task = data.tasks.find((t) => t.id === taskId);
        if (!task) return <ErrorNote message={`Task ${taskId} is not assigned to this portal`} />;
        return <TaskView task={task} data={data} eventId={eventId} contact={contact!} group={group} onChange={reload} />;
      }}
    </PortalFrame>
  );
}

function TaskView({ task, data, eventId, contact, group, onChange }: { task: PortalTask; data: PortalPayload; eventId: string; contact: string; group?: string; onChange(): void }) {
  const tz = data.event.timezone;
  const open = new Date(task.dueAt).getTime() > Date.now();
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await apiFetch(`/events/${eventId}/portal/tasks/${task.id}/complete`, {}, { method: 'POST', body: JSON.stringify({ contact, group, completed: !task.completed }) });
      onChange();
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className={p.taskView} aria-labelledby="task-title">
      <Link to={pathFor('portalTasks', { eventId })} className={p.backLink}>
        <ArrowLeft size={16} aria-hidden="true" /> Back to Tasks
      </Link>
      <h1 id="task-title" className={p.taskTitle}>
        {task.name}
        {task.required && <span className={p.requiredMark}>*</span>}
      </h1>
      <p className={ui.muted}>
        Due {formatDateTime(task.dueAt, tz)} ({gmtOffset(tz, new Date(task.dueAt))}) · <span className={cx(p.pill, open && p.pillOpen)}>{open ? 'Open' : 'Closed'}</span>
      </p>
      <p className={p.taskBody}>{htmlToText(task.description)}</p>
      <div className={p.taskActions}>
        {task.link ? (
          <a className={cx(ui.button, ui.buttonBlue)} href={task.link} target="_blank" rel="noopener noreferrer">
            <ExternalLink aria-hidden="true" />
            Open Link
          </a>
        ) : (
          <span className={ui.muted}>No link available yet</span>
        )}
        <button type="button" className={cx(ui.button, task.completed ? undefined : ui.buttonDark)} onClick={toggle} disabled={busy}>
          {task.completed ? 'Mark as Incomplete' : 'Mark as Complete'}
        </button>
      </div>
    </article>
  );
}

export function PortalProfileScreen() {
  const { eventId, contact } = usePortal();
  return (
    <PortalFrame>
      {(data, reload) => <ProfileForm key={data.contact.id} data={data} eventId={eventId} contact={contact!} onSaved={reload} />}
    </PortalFrame>
  );
}

function ProfileForm({ data, eventId, contact, onSaved }: { data: PortalPayload; eventId: string; contact: string; onSaved(): void }) {
  const [title, setTitle] = useState(data.contact.title);
  const [company, setCompany] = useState(data.contact.company);
  const [message, setMessage] = useState('');
  const save = async () => {
    try {
      await apiFetch(`/events/${eventId}/portal/profile`, {}, { method: 'PUT', body: JSON.stringify({ contact, title, company }) });
      setMessage('Profile saved');
      onSaved();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <section className={p.taskView} aria-labelledby="profile-title">
      <h1 id="profile-title" className={p.taskTitle}>
        Profile
      </h1>
      <div className={ui.formGrid}>
        <label className={ui.field}>
          <span className={ui.label}>Name</span>
          <input className={ui.input} value={data.contact.name} readOnly />
        </label>
        <label className={ui.field}>
          <span className={ui.label}>Email</span>
          <input className={ui.input} value={data.contact.email ?? ''} readOnly />
        </label>
        <label className={ui.field}>
          <span className={ui.label}>Job Title</span>
          <input className={ui.input} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={255} />
        </label>
        <label className={ui.field}>
          <span className={ui.label}>Company</span>
          <input className={ui.input} value={company} onChange={(e) => setCompany(e.target.value)} maxLength={255} />
        </label>
      </div>
      <div className={p.taskActions}>
        <button type="button" className={cx(ui.button, ui.buttonDark)} onClick={save}>
          Save
        </button>
        <span role="status">{message}</span>
      </div>
    </section>
  );
}

export function PortalEmptyScreen({ title }: { title: string }) {
  return (
    <PortalFrame>
      {() => (
        <section className={p.taskView}>
          <h1 className={p.taskTitle}>{title}</h1>
          <p className={ui.muted}>Nothing here yet.</p>
        </section>
      )}
    </PortalFrame>
  );
}
