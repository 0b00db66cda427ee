/** Admin app chrome: event sidebar (classic or preview navigation), org sidebar, page header, loading state. */
import {
  Building2,
  CalendarDays,
  ChevronDown,
  ChevronLeft,
  ChevronRight,
  ClipboardCheck,
  Contact,
  FileInput,
  FilePlus2,
  FileText,
  Folder,
  Globe,
  Handshake,
  History,
  Inbox,
  LayoutDashboard,
  Library,
  Loader2,
  Megaphone,
  Mic,
  PenTool,
  Settings,
  SquareCheckBig,
  Store,
  Tags,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useApi } from '../api';
import { formatDateRange, gmtOffset, initials } from '../format';
import { Link, useLayout, useLocation } from '../router';
import { pathFor, type RouteName } from '../routes';
import type { EventPayload } from '../types';
import ui from '../ui.module.css';
import pv from './Preview.module.css';

const cx = (...xs: (string | false | undefined)[]) => xs.filter(Boolean).join(' ');

interface NavLeaf {
  label: string;
  route: RouteName;
  icon: LucideIcon;
}
interface NavGroup {
  label: string;
  icon: LucideIcon;
  children: NavLeaf[];
}
type NavEntry = NavLeaf | NavGroup | 'divider';

/** Classic event navigation (as in the real app). */
const CLASSIC_NAV: NavEntry[] = [
  { label: 'Dashboard', route: 'eventDashboard', icon: LayoutDashboard },
  'divider',
  {
    label: 'Contacts',
    icon: Contact,
    children: [
      { label: 'All Contacts', route: 'eventContacts', icon: Users },
      { label: 'Speakers', route: 'eventSpeakers', icon: Mic },
    ],
  },
  {
    label: 'Sponsors',
    icon: Handshake,
    children: [
      { label: 'Sponsors', route: 'eventSponsors', icon: Handshake },
      { label: 'Exhibitors', route: 'eventExhibitors', icon: Store },
    ],
  },
  'divider',
  {
    label: 'Sessions',
    icon: CalendarDays,
    children: [
      { label: 'Submissions', route: 'eventSubmissions', icon: Inbox },
      { label: 'Forms', route: 'eventSessionForms', icon: FileInput },
      { label: 'Evaluation', route: 'eventEvaluation', icon: PenTool },
      { label: 'Agenda', route: 'eventAgenda', icon: CalendarDays },
    ],
  },
  { label: 'Applications', route: 'eventApplications', icon: ClipboardCheck },
  {
    label: 'Portals',
    icon: Globe,
    children: [
      { label: 'Portals', route: 'eventPortals', icon: Globe },
      { label: 'Forms', route: 'eventPortalForms', icon: FileInput },
      { label: 'File Requests', route: 'eventFileRequests', icon: FilePlus2 },
      { label: 'Tasks', route: 'eventPortalTasks', icon: SquareCheckBig },
    ],
  },
  {
    label: 'Library',
    icon: Library,
    children: [
      { label: 'Documents', route: 'eventLibrary', icon: FileText },
      { label: 'Fields', route: 'eventFields', icon: Tags },
    ],
  },
  {
    label: 'Settings',
    icon: Settings,
    children: [{ label: 'Event Details', route: 'eventDetails', icon: Building2 }],
  },
];

/** Newer "Preview" navigation: module groups Program / CRM / Marketing (as in the real app). */
const PREVIEW_NAV: { heading: string; items: NavLeaf[] }[] = [
  { heading: '', items: [{ label: 'Dashboard', route: 'eventDashboard', icon: LayoutDashboard }] },
  {
    heading: 'Program',
    items: [
      { label: 'Agenda', route: 'eventAgenda', icon: CalendarDays },
      { label: 'All Submissions', route: 'eventSubmissions', icon: Inbox },
      { label: 'Forms', route: 'eventSessionForms', icon: FileInput },
      { label: 'Evaluation', route: 'eventEvaluation', icon: PenTool },
    ],
  },
  {
    heading: 'CRM',
    items: [
      { label: 'Contacts', route: 'eventContacts', icon: Users },
      { label: 'Speakers', route: 'eventSpeakers', icon: Mic },
      { label: 'Exhibitors', route: 'eventExhibitors', icon: Store },
      { label: 'Sponsors', route: 'eventSponsors', icon: Handshake },
    ],
  },
  {
    heading: 'Marketing',
    items: [
      { label: 'Portals', route: 'eventPortals', icon: Globe },
      { label: 'Portal Tasks', route: 'eventPortalTasks', icon: SquareCheckBig },
      { label: 'Email Campaigns', route: 'eventEmailCampaigns', icon: Megaphone },
    ],
  },
  { heading: 'Settings', items: [{ label: 'Event Details', route: 'eventDetails', icon: Building2 }] },
];

function EventBadge({ eventId, preview }: { eventId: string; preview: boolean }) {
  const { data } = useApi<EventPayload>(`/events/${eventId}`);
  const ev = data?.event;
  return (
    <div className={preview ? pv.eventCard : ui.eventCard}>
      <span className={ui.tile} aria-hidden="true">
        {ev ? initials(ev.name) : ''}
      </span>
      <div className={ui.eventCardText}>
        <div className={preview ? pv.eventCardName : ui.eventCardName}>{ev?.name ?? 'Loading…'}</div>
        {ev && (
          <div className={preview ? pv.eventCardDates : ui.eventCardDates}>
            {formatDateRange(ev.startsAt, ev.endsAt, ev.timezone)} ({gmtOffset(ev.timezone, new Date(ev.startsAt))})
          </div>
        )}
      </div>
    </div>
  );
}

function ClassicGroup({ group, eventId, current }: { group: NavGroup; eventId: string; current: RouteName | undefined }) {
  const containsCurrent = group.children.some((c) => c.route === current);
  const [open, setOpen] = useState(containsCurrent);
  const listId = useId();
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- navigating into a group opens it; the user can still close it
    if (containsCurrent) setOpen(true);
  }, [containsCurrent]);
  const Icon = group.icon;
  return (
    <li>
      <button
        type="button"
        className={cx(ui.navItem, containsCurrent && ui.navItemActive)}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon aria-hidden="true" />
        {group.label}
        {open ? <ChevronDown className={ui.navChevron} aria-hidden="true" /> : <ChevronRight className={ui.navChevron} aria-hidden="true" />}
      </button>
      {open && (
        <ul id={listId} className={ui.subList}>
          {group.children.map((leaf) => {
            const LeafIcon = leaf.icon;
            const active = leaf.route === current;
            return (
              <li key={leaf.route}>
                <Link to={pathFor(leaf.route, { eventId })} className={cx(ui.subItem, active && ui.subItemActive)} aria-current={active ? 'page' : undefined}>
                  <LeafIcon aria-hidden="true" />
                  {leaf.label}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

function ClassicEventNav({ eventId, current }: { eventId: string; current: RouteName | undefined }) {
  return (
    <nav className={ui.sidebar} aria-label="Event navigation">
      <Link to={pathFor('orgDashboard')} className={ui.back}>
        <ChevronLeft size={16} aria-hidden="true" />
        Back to organization
      </Link>
      <EventBadge eventId={eventId} preview={false} />
      <ul className={ui.navList}>
        {CLASSIC_NAV.map((entry, i) => {
          if (entry === 'divider') return <li key={`d${i}`} className={ui.divider} role="separator" />;
          if ('children' in entry) return <ClassicGroup key={entry.label} group={entry} eventId={eventId} current={current} />;
          const Icon = entry.icon;
          const active = entry.route === current;
          return (
            <li key={entry.route}>
              <Link to={pathFor(entry.route, { eventId })} className={cx(ui.navItem, active && ui.navItemActive)} aria-current={active ? 'page' : undefined}>
                <Icon aria-hidden="true" />
                {entry.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function PreviewEventNav({ eventId, current }: { eventId: string; current: RouteName | undefined }) {
  return (
    <nav className={pv.sidebar} aria-label="Event navigation">
      <Link to={pathFor('orgDashboard')} className={pv.back}>
        <ChevronLeft size={14} aria-hidden="true" />
        Back to organization
      </Link>
      <EventBadge eventId={eventId} preview />
      {PREVIEW_NAV.map((group) => (
        <section key={group.heading || 'top'} className={pv.group} aria-label={group.heading || undefined}>
          {group.heading && <h2 className={pv.groupHeading}>{group.heading}</h2>}
          <ul className={pv.list}>
            {group.items.map((leaf) => {
              const Icon = leaf.icon;
              const active = leaf.route === current;
              return (
                <li key={leaf.route}>
                  <Link to={pathFor(leaf.route, { eventId })} className={cx(pv.item, active && pv.itemActive)} aria-current={active ? 'page' : undefined}>
                    <Icon aria-hidden="true" />
                    <span>{leaf.label}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}

export function EventLayout({ children }: { children: ReactNode }) {
  const { match } = useLocation();
  const layout = useLayout();
  const eventId = match?.params.eventId ?? '';
  return (
    <div className={layout === 'preview' ? pv.app : ui.app} data-layout={layout}>
      {layout === 'preview' ? <PreviewEventNav eventId={eventId} current={match?.name} /> : <ClassicEventNav eventId={eventId} current={match?.name} />}
      <main className={layout === 'preview' ? pv.main : ui.main}>{children}</main>
    </div>
  );
}

const ORG_NAV: { label: string; route?: RouteName; icon: LucideIcon; chevron?: boolean; match?: (r: RouteName) => boolean }[] = [
  { label: 'Dashboard', route: 'orgDashboard', icon: LayoutDashboard },
  { label: 'Programs', icon: Folder, chevron: true },
  { label: 'Experts', icon: Users, chevron: true },
  { label: 'Library', icon: Library, chevron: true },
  { label: 'History', icon: History },
  { label: 'Settings', route: 'orgSettings', icon: Settings, match: (r) => r.startsWith('orgSettings') },
];

export function OrgLayout({ children }: { children: ReactNode }) {
  const { match } = useLocation();
  const layout = useLayout();
  const current = match?.name;
  // Organization pages keep one sidebar in both layouts; only the event navigation differs.
  return (
    <div className={ui.app} data-layout={layout}>
      <nav className={ui.sidebar} aria-label="Organization navigation">
        <ul className={ui.navList}>
          {ORG_NAV.map((item) => {
            const Icon = item.icon;
            const active = !!current && (item.match ? item.match(current) : item.route === current);
            const inner = (
              <>
                <Icon aria-hidden="true" />
                {item.label}
                {item.chevron && <ChevronRight className={ui.navChevron} aria-hidden="true" />}
              </>
            );
            return (
              <li key={item.label}>
                {item.label === 'History' && <div className={ui.divider} role="separator" />}
                {item.route ? (
                  <Link to={pathFor(item.route)} className={cx(ui.navItem, active && ui.navItemActive)} aria-current={active ? 'page' : undefined}>
                    {inner}
                  </Link>
                ) : (
                  <button type="button" className={ui.navItem} aria-expanded={item.chevron ? false : undefined}>
                    {inner}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      <main className={ui.main}>{children}</main>
    </div>
  );
}

export function PageHeader({ icon: Icon, title, subtitle, actions }: { icon: LucideIcon; title: string; subtitle: string; actions?: ReactNode }) {
  return (
    <header className={ui.pageHeader}>
      <span className={ui.headerIcon} aria-hidden="true">
        <Icon />
      </span>
      <div>
        <h1 className={ui.pageTitle}>{title}</h1>
        <p className={ui.pageSubtitle}>{subtitle}</p>
      </div>
      {actions && <div className={ui.headerActions}>{actions}</div>}
    </header>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className={ui.loading} role="status" aria-live="polite">
      <Loader2 className={ui.spinner} aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <div className={ui.error} role="alert">
      {message}
    </div>
  );
}

/** Modal dialog rendered into <body> only while open; Escape and Cancel close it. */
export function Dialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('input, button, [tabindex]')?.focus();
    return () => prev?.focus();
  }, []);
  return createPortal(
    <div className={ui.dialogBackdrop} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={ui.dialog}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2 id={titleId} className={ui.sectionTitle}>
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}

export { cx };
