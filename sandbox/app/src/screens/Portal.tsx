/**
 * Participant portal: sandbox sign-in list, the "Continue as:" chooser (as the live portal shows it), and the portal
 * with its top bar (as in the live portal: initials, name, menu; never an email), tabs, Tasks and
 * sessions. Two layouts share these screens: the current portal at `/portals/<slug>/<portalId>` (tabs
 * Home, Submissions, Profile, Tasks, Messages, Resources, Files) and the legacy `/portal/<eventId>`.
 * The signed-in contact travels in `?contact=` (and a group portal in `?group=`).
 */
import { ArrowLeft, ChevronDown, ChevronRight, ExternalLink, LogOut, Repeat, Search, UserCog } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { apiFetch, useApi } from '../api';
import { MenuButton } from '../components/MenuButton';
import { ErrorNote, Loading, cx } from '../components/Shell';
import { formatDateTime, gmtOffset, htmlToText, initials } from '../format';
import { Link, navigate, useLocation } from '../router';
import { pathFor, type RouteName } from '../routes';
import type { MePortalsPayload, PortalLoginPayload, PortalPayload, PortalTask } from '../types';
import ui from '../ui.module.css';
import p from './Portal.module.css';

type Tab = 'home' | 'submissions' | 'sessions' | 'profile' | 'tasks' | 'task' | 'messages' | 'resources' | 'files';

const NEW_ROUTES: Partial<Record<Tab, RouteName>> = {
  home: 'portalsHome',
  submissions: 'portalsSubmissions',
  profile: 'portalsProfile',
  tasks: 'portalsTasks',
  task: 'portalsTask',
  messages: 'portalsMessages',
  resources: 'portalsResources',
  files: 'portalsFiles',
};
const LEGACY_ROUTES: Partial<Record<Tab, RouteName>> = {
  home: 'portalHome',
  sessions: 'portalSessions',
  profile: 'portalProfile',
  tasks: 'portalTasks',
  task: 'portalTask',
  resources: 'portalResources',
  files: 'portalFiles',
};

/** The portal of the current URL, in either layout: where its API and its tabs live. */
function usePortal() {
  const { match, search } = useLocation();
  const params = match!.params;
  const legacy = params.eventId !== undefined;
  const contact = search.get('contact') ?? undefined;
  const group = search.get('group') ?? undefined;
  const apiPath = legacy ? `/events/${params.eventId}/portal/me` : `/portals/${params.portalId}/me`;
  const api = useApi<PortalPayload>(contact ? apiPath : null, { contact, group });
  const routes = legacy ? LEGACY_ROUTES : NEW_ROUTES;
  const tabPath = (tab: Tab, extra: Record<string, string> = {}) => pathFor(routes[tab]!, { ...params, ...extra });
  const loginPath = legacy ? pathFor('portalLogin', params) : pathFor('portalsLogin', params);
  const chooserPath = legacy ? pathFor('portalChooser', params) : pathFor('mePortals');
  return { legacy, contact, group, api, tabPath, loginPath, chooserPath, eventId: api.data ? String(api.data.event.id) : params.eventId };
}

/** Like the chooser of the live portal (seen on a screenshot): the name, never an email. */
function signedInText(name: string): string {
  return `Logged in as ${name}`;
}

function logout(loginPath: string) {
  navigate(`${loginPath}?contact=&group=`);
}

export function PortalLoginScreen() {
  const { match } = useLocation();
  const { eventId, portalSlug, portalId } = match!.params;
  const legacy = eventId !== undefined;
  const api = useApi<PortalLoginPayload>(legacy ? `/events/${eventId}/portal/contacts` : `/portals/${portalId}/contacts`);
  const after = (id: string) =>
    legacy
      ? `${pathFor('portalChooser', { eventId })}?contact=${encodeURIComponent(id)}&group=`
      : `${pathFor('portalsHome', { portalSlug, portalId })}?contact=${encodeURIComponent(id)}&group=`;
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
                <Link to={after(c.id)} className={p.loginItem}>
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
  const { contact, api, tabPath, loginPath } = usePortal();
  if (!contact) return <NotSignedIn loginPath={loginPath} />;
  const data = api.data;
  return (
    <ChooserCard
      logo={data ? initials(data.event.name) : ''}
      error={api.error}
      loginPath={loginPath}
      signedIn={
        data && {
          name: data.contact.name,
          choices: data.portals.map((choice) => ({
            key: choice.groupId ?? 'contact',
            to: `${tabPath('home')}?group=${choice.groupId ?? ''}`,
            title: choice.title,
            subtitle: choice.subtitle,
          })),
        }
      }
    />
  );
}

/** The live portal's chooser at /me/portals: "Continue as:" one entry per portal, "Logged in as <name>". */
export function MePortalsScreen() {
  const { search } = useLocation();
  const contact = search.get('contact') ?? undefined;
  const api = useApi<MePortalsPayload>(contact ? '/me/portals' : null, { contact });
  if (!contact) return <NotSignedIn loginPath={pathFor('home')} />;
  const data = api.data;
  return (
    <ChooserCard
      logo={data?.portals[0] ? initials(data.portals[0].eventName) : ''}
      error={api.error}
      loginPath={pathFor('home')}
      signedIn={
        data && {
          name: data.name,
          choices: data.portals.map((choice) => ({
            key: `${choice.id}:${choice.groupId ?? ''}`,
            to: `${pathFor('portalsHome', { portalSlug: choice.slug, portalId: choice.id })}?group=${choice.groupId ?? ''}`,
            title: choice.kind === 'speaker' ? data.name : choice.name,
            subtitle: choice.subtitle,
          })),
        }
      }
    />
  );
}

/** Both choosers' card: "Continue as:" one entry per portal, then "Logged in as <name>" and Logout. */
function ChooserCard({ logo, error, loginPath, signedIn }: {
  logo: string;
  error: string | null | undefined;
  loginPath: string;
  signedIn: { name: string; choices: { key: string; to: string; title: string; subtitle: string }[] } | null | undefined;
}) {
  return (
    <div className={p.chooserBg}>
      <main className={p.chooserCard}>
        <div className={p.chooserLogo} aria-hidden="true">
          {logo}
        </div>
        <div className={p.chooserRight}>
          <h1 className={p.continueAs}>Continue as:</h1>
          {error ? (
            <ErrorNote message={error} />
          ) : !signedIn ? (
            <Loading />
          ) : (
            <>
              <ul className={p.choiceList}>
                {signedIn.choices.map((choice) => (
                  <li key={choice.key}>
                    <Link to={choice.to} className={p.choice} aria-label={`${choice.title} ${choice.subtitle}`}>
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
              <p className={p.loggedIn}>{signedInText(signedIn.name)}</p>
              <button type="button" className={p.logout} onClick={() => logout(loginPath)}>
                Logout
              </button>
            </>
          )}
        </div>
      </main>
    </div>
  );
}

function NotSignedIn({ loginPath }: { loginPath: string }) {
  return (
    <div className={p.loginBg}>
      <main className={p.loginCard}>
        <h1 className={p.loginTitle}>You are not signed in</h1>
        <Link to={loginPath}>Sign in to the portal</Link>
      </main>
    </div>
  );
}

/** Tabs of the live portal (its portal.json strings) and of the legacy layout. */
const NEW_TABS: { label: string; tab: Tab }[] = [
  { label: 'Home', tab: 'home' },
  { label: 'Submissions', tab: 'submissions' },
  { label: 'Profile', tab: 'profile' },
  { label: 'Tasks', tab: 'tasks' },
  { label: 'Messages', tab: 'messages' },
  { label: 'Resources', tab: 'resources' },
  { label: 'Files', tab: 'files' },
];
const LEGACY_TABS: { label: string; tab: Tab }[] = [
  { label: 'Home', tab: 'home' },
  { label: 'Sessions', tab: 'sessions' },
  { label: 'Profile', tab: 'profile' },
  { label: 'Tasks', tab: 'tasks' },
  { label: 'Files', tab: 'files' },
  { label: 'Resources', tab: 'resources' },
];

function PortalFrame({ children }: { children: (data: PortalPayload, reload: () => void) => ReactNode }) {
  const { legacy, contact, api, tabPath, loginPath, chooserPath } = usePortal();
  const { pathname } = useLocation();
  if (!contact) return <NotSignedIn loginPath={loginPath} />;
  const data = api.data;
  const tabs = legacy ? LEGACY_TABS : NEW_TABS;
  const current = tabs.find((t) => (t.tab === 'tasks' ? pathname.startsWith(tabPath('tasks')) : pathname.replace(/\/$/, '') === tabPath(t.tab)))?.tab;
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
            <MenuButton
              label={data.contact.name}
              icon={
                <span className={p.userAvatar} aria-hidden="true">
                  {initials(data.contact.name)}
                </span>
              }
              buttonClassName={p.userButton}
              items={[
                { label: 'Switch Portals', icon: <Repeat aria-hidden="true" />, onSelect: () => navigate(chooserPath) },
                { label: 'Back to Admin Mode', icon: <UserCog aria-hidden="true" />, onSelect: () => navigate(`${pathFor('eventDashboard', { eventId: data.event.id })}?contact=&group=`) },
                { label: 'Logout', icon: <LogOut aria-hidden="true" />, onSelect: () => logout(loginPath) },
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
        {tabs.map((t) => (
          <Link key={t.tab} to={tabPath(t.tab)} className={cx(p.tab, current === t.tab && p.tabActive)} aria-current={current === t.tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <main className={p.body}>{api.error ? <ErrorNote message={api.error} /> : !data ? <Loading /> : children(data, api.reload)}</main>
    </div>
  );
}

/** `withLinks`: the current portal's Tasks card offers a task's link right on the card (DESIGN CHOICE). */
function TaskList({ data, taskPath, withLinks = false }: { data: PortalPayload; taskPath(id: string): string; withLinks?: boolean }) {
  return (
    <section className={p.widget} aria-labelledby="portal-tasks-heading">
      <h2 id="portal-tasks-heading" className={p.widgetHead}>
        Tasks ({data.tasks.length})
      </h2>
      {data.tasks.length === 0 && <p className={ui.empty}>No tasks</p>}
      {data.tasks.map((t) => (
        <article key={t.id} className={p.taskCard} aria-labelledby={`task-${t.id}`}>
          <h3 id={`task-${t.id}`} className={p.taskName}>
            <Link to={taskPath(t.id)}>{t.name}</Link>
            {t.required && (
              <span className={p.requiredMark} aria-label="required">
                *
              </span>
            )}
          </h3>
          <p className={p.taskDesc}>{htmlToText(t.description)}</p>
          <span className={cx(p.pill, t.completed && p.pillDone)}>{t.completed ? 'Complete' : 'Incomplete'}</span>
          {withLinks && t.link && (
            <a className={p.taskLink} href={t.link} target="_blank" rel="noopener noreferrer" aria-label={`Open Link: ${t.name}`}>
              Open Link
            </a>
          )}
        </article>
      ))}
    </section>
  );
}

function SessionList({ data, title = 'My Sessions' }: { data: PortalPayload; title?: string }) {
  const tz = data.event.timezone;
  return (
    <section className={p.widget} aria-labelledby="portal-sessions-heading">
      <h2 id="portal-sessions-heading" className={cx(p.widgetHead, p.widgetHeadAlt)}>
        {title}
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
  const { tabPath, legacy } = usePortal();
  return (
    <PortalFrame>
      {(data) => (
        <div className={p.columns}>
          <TaskList data={data} taskPath={(taskId) => tabPath('task', { taskId })} withLinks={!legacy} />
          {!data.group && <SessionList data={data} />}
        </div>
      )}
    </PortalFrame>
  );
}

export function PortalSessionsScreen({ title }: { title?: string }) {
  return <PortalFrame>{(data) => <SessionList data={data} title={title} />}</PortalFrame>;
}

export function PortalTasksScreen() {
  const { tabPath, legacy } = usePortal();
  return <PortalFrame>{(data) => <TaskList data={data} taskPath={(taskId) => tabPath('task', { taskId })} withLinks={!legacy} />}</PortalFrame>;
}

export function PortalTaskScreen() {
  const { contact, group, tabPath } = usePortal();
  const { match } = useLocation();
  const taskId = match!.params.taskId;
  return (
    <PortalFrame>
      {(data, reload) => {
        const task = data.tasks.find((t) => t.id === taskId);
        if (!task) return <ErrorNote message={`Task ${taskId} is not assigned to this portal`} />;
        return <TaskView task={task} data={data} tasksPath={tabPath('tasks')} contact={contact!} group={group ?? data.group?.id} onChange={reload} />;
      }}
    </PortalFrame>
  );
}

function TaskView({ task, data, tasksPath, contact, group, onChange }: { task: PortalTask; data: PortalPayload; tasksPath: string; contact: string; group?: string; onChange(): void }) {
  const eventId = data.event.id;
  const tz = data.event.timezone;
  // eslint-disable-next-line react-hooks/purity -- open or closed as of this render, as a page load of the real portal shows it
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
      <Link to={tasksPath} className={p.backLink}>
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
  const { contact } = usePortal();
  return (
    <PortalFrame>
      {(data, reload) => <ProfileForm key={data.contact.id} data={data} eventId={String(data.event.id)} contact={contact!} onSaved={reload} />}
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
          <span className={ui.label}>Gleanin Link</span>
          <input className={ui.input} value={data.gleaninLink ?? ''} placeholder="No value" readOnly />
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

export function PortalEmptyScreen({ title, empty = 'Nothing here yet.' }: { title: string; empty?: string }) {
  return (
    <PortalFrame>
      {() => (
        <section className={p.taskView}>
          <h1 className={p.taskTitle}>{title}</h1>
          <p className={ui.muted}>{empty}</p>
        </section>
      )}
    </PortalFrame>
  );
}
