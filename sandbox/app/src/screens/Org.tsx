/** Organization level: home (as in the real app), dashboard, Organization Settings and its sub-pages. */
import {
  Building,
  CalendarDays,
  ChevronDown,
  ChevronRight,
  CreditCard,
  ExternalLink,
  Info,
  KeyRound,
  LayoutDashboard,
  LayoutGrid,
  Mail,
  Puzzle,
  Settings,
  Shield,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useApi } from '../api';
import { Dialog, ErrorNote, Loading, OrgLayout, PageHeader, cx } from '../components/Shell';
import { formatDateRange, initials, timezoneLabel } from '../format';
import { Link, useLocation } from '../router';
import { pathFor, type RouteName } from '../routes';
import type { OrgPayload } from '../types';
import ui from '../ui.module.css';
import s from './Screens.module.css';

export function HomeScreen() {
  const api = useApi<OrgPayload>('/org');
  if (api.error) return <ErrorNote message={api.error} />;
  if (!api.data) return <Loading />;
  const { org, events } = api.data;
  return (
    <main>
      <h1 className={ui.srOnly}>Organizations</h1>
      <section className={s.orgCard} aria-label={org.name}>
        <div className={s.orgHead}>
          <span className={s.orgTile} aria-hidden="true">
            {initials(org.name)}
          </span>
          <div>
            <h2 className={s.orgName}>{org.name}</h2>
            <p className={s.orgCount}>
              {events.length} {events.length === 1 ? 'event' : 'events'}
            </p>
          </div>
          <Link to={pathFor('orgDashboard')} className={s.orgLink}>
            Organization Dashboard
            <ChevronRight size={20} aria-hidden="true" />
          </Link>
        </div>
        <div className={s.eventsBox}>
          <h3 className={s.eventsHead}>
            <CalendarDays size={22} aria-hidden="true" />
            Events <span className={s.countChip}>{events.length}</span>
          </h3>
          <ul className={ui.navList} style={{ padding: 0 }}>
            {events.map((ev) => (
              <li key={ev.id} className={s.eventRow}>
                <div>
                  <p className={s.eventName}>{ev.name}</p>
                  <span className={s.eventDates}>{formatDateRange(ev.startsAt, ev.endsAt, ev.timezone)}</span>
                </div>
                <div className={s.eventActions}>
                  <Link to={pathFor('eventDashboard', { eventId: ev.id })} className={s.eventAction} aria-label={`View Event ${ev.name}`}>
                    <LayoutGrid size={22} aria-hidden="true" />
                    View Event
                  </Link>
                  <Link
                    to={pathFor('portalsLogin', { portalSlug: ev.portals[0].slug, portalId: ev.portals[0].id })}
                    className={s.eventAction}
                    aria-label={`Portal ${ev.name}`}
                  >
                    <ExternalLink size={22} aria-hidden="true" />
                    Portal
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        </div>
      </section>
    </main>
  );
}

export function OrgDashboardScreen() {
  const api = useApi<OrgPayload>('/org');
  return (
    <OrgLayout>
      <PageHeader icon={LayoutDashboard} title="Organization Dashboard" subtitle={api.data?.org.name ?? 'Loading…'} />
      {api.error ? (
        <ErrorNote message={api.error} />
      ) : !api.data ? (
        <Loading />
      ) : (
        <div className={ui.content}>
          <h2 className={ui.sectionTitle}>Events</h2>
          <p className={ui.sectionSubtitle}>Conferences, Workshops, Webinars & Virtual Events</p>
          <ul className={s.cards} aria-label="Events">
            {api.data.events.map((ev) => (
              <li key={ev.id} className={s.eventCard}>
                <h3 className={s.eventCardTitle}>{ev.name}</h3>
                <span className={ui.muted}>{formatDateRange(ev.startsAt, ev.endsAt, ev.timezone)}</span>
                <div className={s.countChips}>
                  <span className={ui.chipGrey}>{ev.counts.sessions} Sessions</span>
                  <span className={ui.chipGrey}>{ev.counts.speakers} Speakers</span>
                  <span className={ui.chipGrey}>{ev.counts.exhibitors} Exhibitors</span>
                </div>
                <Link to={pathFor('eventDashboard', { eventId: ev.id })} className={cx(ui.button, ui.buttonBlue)} aria-label={`View Event ${ev.name}`}>
                  <LayoutGrid aria-hidden="true" />
                  View Event
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </OrgLayout>
  );
}

const SETTINGS_NAV: { label: string; route: RouteName; icon: LucideIcon }[] = [
  { label: 'Details', route: 'orgSettings', icon: Building },
  { label: 'Team', route: 'orgSettingsTeam', icon: Users },
  { label: 'Email Templates', route: 'orgSettingsEmailTemplates', icon: Mail },
  { label: 'Integrations', route: 'orgSettingsIntegrations', icon: Puzzle },
  { label: 'API Tokens', route: 'orgSettingsApiTokens', icon: KeyRound },
  { label: 'Single Sign On', route: 'orgSettingsSso', icon: Shield },
  { label: 'Payment Settings', route: 'orgSettingsPayment', icon: CreditCard },
];

function SettingsFrame({ children }: { children: ReactNode }) {
  const { match } = useLocation();
  return (
    <OrgLayout>
      <PageHeader icon={Settings} title="Organization Settings" subtitle="Configure your organization settings" />
      <div className={s.settingsWrap}>
        <nav className={s.subNav} aria-label="Settings">
          <ul>
            {SETTINGS_NAV.map(({ label, route, icon: Icon }) => {
              const active = match?.name === route;
              return (
                <li key={route}>
                  <Link to={pathFor(route)} className={cx(s.subNavItem, active && s.subNavActive)} aria-current={active ? 'page' : undefined}>
                    <Icon aria-hidden="true" />
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <section className={s.settingsBody}>{children}</section>
      </div>
    </OrgLayout>
  );
}

export function OrgSettingsDetailsScreen() {
  const api = useApi<OrgPayload>('/org');
  return (
    <SettingsFrame>
      <h2 className={ui.sectionTitle}>Details</h2>
      <p className={ui.sectionSubtitle}>Update your organization's basic information</p>
      {!api.data ? (
        <Loading />
      ) : (
        <div className={ui.formGrid}>
          <label className={ui.field}>
            <span className={ui.label}>
              Organization Name <span className={ui.required}>*</span>
            </span>
            <input className={ui.input} defaultValue={api.data.org.name} />
          </label>
          <label className={ui.field}>
            <span className={ui.label}>
              Organization Slug <span className={ui.required}>*</span> <Info size={18} aria-hidden="true" />
            </span>
            <input className={ui.input} defaultValue={api.data.org.slug} />
          </label>
          <div className={ui.field}>
            <span className={ui.label} id="org-tz-label">
              Timezone <Info size={18} aria-hidden="true" />
            </span>
            <div className={ui.selectBox} role="group" aria-labelledby="org-tz-label">
              <span>{timezoneLabel(api.data.org.timezone)} (Eastern Time)</span>
              <ChevronDown aria-hidden="true" />
            </div>
          </div>
        </div>
      )}
    </SettingsFrame>
  );
}

/** Partners with native Sessionboard integrations (as the real integrations page lists them); logos are drawn as initials. */
const PARTNERS = [
  { name: 'Cvent', scope: 'EVENT', color: '#0a7d5c', docs: 'https://learn.sessionboard.com/apps/cvent-integration' },
  { name: 'Swapcard', scope: 'EVENT', color: '#ff5a5f', docs: 'https://learn.sessionboard.com/apps/swapcard-integration' },
  { name: 'Zapier', scope: 'ORGANIZATION', color: '#ff4f00', docs: 'https://learn.sessionboard.com/integrations/zapier' },
  { name: 'Swoogo', scope: 'EVENT', color: '#1f3a93', docs: 'https://learn.sessionboard.com/apps/swoogo-integration' },
  { name: 'ExpoPlatform', scope: 'EVENT', color: '#4b2bd1', docs: 'https://learn.sessionboard.com/apps/expoplatform-integration' },
  { name: 'Grip', scope: 'EVENT', color: '#00a3e0', docs: 'https://learn.sessionboard.com/apps/grip-integration' },
];

export function OrgIntegrationsScreen() {
  const [connecting, setConnecting] = useState<string | null>(null);
  const [connected, setConnected] = useState<string[]>([]);
  const [token, setToken] = useState('');
  return (
    <SettingsFrame>
      <h2 className={ui.sectionTitle}>Integrations</h2>
      <p className={ui.sectionSubtitle}>Connect Sessionboard with the other tools your team uses</p>
      <ul className={s.integrations} aria-label="Integrations">
        {PARTNERS.map((p) => (
          <li key={p.name} className={s.integrationCard}>
            <div className={s.integrationHead}>
              <span className={s.integrationLogo} style={{ background: p.color }} aria-hidden="true">
                {p.name[0]}
              </span>
              <h3 className={s.integrationName}>{p.name}</h3>
              {connected.includes(p.name) && <span className={s.connected}>Connected</span>}
            </div>
            <span className={s.scope}>{p.scope}</span>
            <p className={s.integrationDesc}>Connect Sessionboard to your {p.name} instance</p>
            <div className={s.integrationFoot}>
              <a className={s.docLink} href={p.docs} target="_blank" rel="noreferrer">
                View Documentation
                <ExternalLink size={18} aria-hidden="true" />
              </a>
              <button type="button" className={cx(ui.button, ui.buttonBlue)} aria-label={`Connect ${p.name}`} onClick={() => setConnecting(p.name)}>
                {connected.includes(p.name) ? 'Settings' : 'Connect'}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {connecting && (
        <Dialog title={`Connect ${connecting}`} onClose={() => setConnecting(null)}>
          <p className={ui.muted}>To connect your integration, ensure you have the credentials from the partner system.</p>
          <label className={ui.field}>
            <span className={ui.label}>{connecting} API Token</span>
            <input className={ui.input} type="password" value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <div className={ui.dialogActions}>
            <button type="button" className={ui.button} onClick={() => setConnecting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className={cx(ui.button, ui.buttonDark)}
              disabled={!token.trim()}
              onClick={() => {
                setConnected((c) => [...c, connecting]);
                setConnecting(null);
                setToken('');
              }}
            >
              Connect
            </button>
          </div>
        </Dialog>
      )}
    </SettingsFrame>
  );
}

export function OrgSettingsSimpleScreen({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <SettingsFrame>
      <h2 className={ui.sectionTitle}>{title}</h2>
      <p className={ui.sectionSubtitle}>{subtitle}</p>
    </SettingsFrame>
  );
}
