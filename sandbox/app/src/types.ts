/** View models of the replica's private API (server/api.ts builds them from the SB emulator's data). */

export interface OrgInfo {
  slug: string;
  name: string;
  timezone: string;
}

export interface EventSummary {
  id: number;
  name: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  counts: { sessions: number; speakers: number; exhibitors: number };
  /** The event's participant portals (speaker and exhibitor), each at /portals/<slug>/<id>. */
  portals: PortalRef[];
}

/** A participant portal: its own id and slug, not the event's (server/api.ts `portalsOf`). */
export interface PortalRef {
  id: string;
  slug: string;
  name: string;
  kind: 'speaker' | 'exhibitor';
  eventId: number;
}

/** `/me/portals`: the signed-in person's name (never an email) and the portals they can open. */
export interface MePortalsPayload {
  name: string;
  portals: (PortalRef & { eventName: string; subtitle: string; groupId: string | null })[];
}

export interface OrgPayload {
  org: OrgInfo;
  events: EventSummary[];
}

export interface EventPayload {
  event: EventSummary;
}

export interface AgendaRow {
  id: string;
  friendlyId: string;
  title: string;
  statusName: string;
  statusColor: string;
  source: string;
  startsAt: string | null;
  endsAt: string | null;
  track: string;
  room: string;
  speakers: string[];
  parentId: string | null;
}

export interface AgendaPayload {
  event: EventSummary;
  sessions: AgendaRow[];
  conflicts: number;
}

export interface ContactRef {
  id: string;
  name: string;
  email: string | null;
}

export interface ExhibitorRow {
  id: string;
  friendlyId: string;
  name: string;
  tier: string;
  website: string;
  primaryContact: ContactRef | null;
  teamSize: number;
}

export interface ExhibitorsPayload {
  event: EventSummary;
  exhibitors: ExhibitorRow[];
}

export interface FieldColumn {
  internalName: string;
  name: string;
}

export interface SpeakerRow {
  id: string;
  friendlyId: string;
  name: string;
  email: string | null;
  company: string;
  title: string;
  sessionCount: number;
  customFields: Record<string, string>;
}

export interface SpeakersPayload {
  event: EventSummary;
  fields: FieldColumn[];
  speakers: SpeakerRow[];
}

export interface TaskDefinition {
  id: string;
  name: string;
  /** Raw HTML, shown as text on the admin Tasks page like the real app does (seen on a screenshot of its Tasks page). */
  description: string;
  target: 'Contact' | 'Group' | 'Session';
  required: boolean;
  dueAt: string;
  /** "Use Field": the field whose value is the task link, or null with a fixed URL. */
  linkField: FieldColumn | null;
  linkUrl: string | null;
}

export interface TasksPayload {
  event: EventSummary;
  tasks: TaskDefinition[];
}

export interface PortalContactRow {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
}

export interface PortalLoginPayload {
  event: EventSummary;
  contacts: PortalContactRow[];
}

export interface PortalChoice {
  kind: 'contact' | 'group';
  /** Exhibitor id for group portals. */
  groupId: string | null;
  title: string;
  subtitle: string;
}

export interface PortalTask extends TaskDefinition {
  link: string | null;
  completed: boolean;
}

export interface PortalSession {
  id: string;
  friendlyId: string;
  title: string;
  role: string;
  startsAt: string | null;
  endsAt: string | null;
  room: string;
}

export interface PortalPayload {
  event: EventSummary;
  contact: ContactRef & { firstName: string; lastName: string | null; company: string; title: string; about: string };
  portals: PortalChoice[];
  group: { id: string; name: string } | null;
  /** The portal of `/portals/<slug>/<id>`; null on the legacy `/portal/<eventId>` layout. */
  portal: PortalRef | null;
  /** The contact's "Gleanin Link" field value, shown on the Profile page. */
  gleaninLink: string | null;
  sessions: PortalSession[];
  tasks: PortalTask[];
}
