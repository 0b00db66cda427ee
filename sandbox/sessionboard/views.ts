/**
 * Wire JSON of the Sessionboard Public API (the shapes lib/sessionboard/schemas.ts reads; evidence in
 * docs/api-assumptions.md), built from the stored records in db.ts. Hide PII masking happens here, once, for every
 * contact-like payload (contacts, speakers, session participants, exhibitor contacts).
 */
import type { SbContact, SbEvent, SbExhibitor, SbFieldDefinition, SbSession, SbStatus } from '../seed/types.ts';
import type { SessionboardDb } from './db.ts';

export interface ViewOpts {
  hidePii: boolean;
  /** CRUD-proxy routes show unassigned nested metadata as null, search routes as `{}` (as the API docs show). */
  nullNested?: boolean;
  /** `expand=subsession_details`: subsessions as full session objects. */
  subsessionDetails?: boolean;
}

/** Hide PII (docs/api-assumptions.md S5): `j***@a***.com` (first letter of local part and of domain, keep the TLD). */
export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return '***';
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${local[0]}***@${domain[0] ?? ''}***${tld}`;
}

/** Hide PII on phone numbers: `***-***-4567` (last four digits kept). */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  return `***-***-${digits.slice(-4)}`;
}

export const eventView = (e: SbEvent) => ({ id: e.id, name: e.name, timezone: e.timezone, features: [...e.features] });

const fullName = (c: SbContact) => [c.first_name, c.last_name].filter(Boolean).join(' ');

/** The contact fields every contact-like payload carries (CONFIRMED from a screenshot of a real answer). */
function personFields(c: SbContact, opts: ViewOpts) {
  return {
    id: c.id,
    friendly_id: c.friendly_id,
    friendly_id_raw: c.friendly_id_raw,
    full_name: fullName(c),
    first_name: c.first_name,
    last_name: c.last_name,
    email: opts.hidePii ? maskEmail(c.email) : c.email,
    is_public: c.is_public,
    created_at: c.created_at,
    updated_at: c.updated_at,
    photo_url: c.photo_url,
    company_name: c.company_name,
    title: c.title,
    about: c.about,
  };
}

/** `custom_fields: [{id, internal_name, name, type, value}]` over every custom field of the module. */
function customFieldsView(db: SessionboardDb, eventId: number, module: SbFieldDefinition['module'], values: Record<string, string>) {
  return db.customFields(eventId, module).map((f) => ({
    id: f.id,
    internal_name: f.internal_name,
    name: f.name,
    type: f.field_type,
    value: values[f.internal_name] ?? null,
  }));
}

export function contactView(db: SessionboardDb, c: SbContact, opts: ViewOpts) {
  return {
    ...personFields(c, opts),
    phone_mobile: opts.hidePii ? maskPhone(c.phone_mobile) : c.phone_mobile,
    custom_fields: customFieldsView(db, c.event_id, 'contact', c.custom_fields),
  };
}

export function sessionView(db: SessionboardDb, s: SbSession, opts: ViewOpts): Record<string, unknown> {
  const eventId = s.event_id;
  const roles = db.roleMap(eventId);
  const contacts = new Map(db.contacts(eventId).map((c) => [c.id, c]));
  const people = s.participants
    .filter((p) => contacts.has(p.contact_id) && roles.has(p.role))
    .map((p) => ({ p, contact: contacts.get(p.contact_id)!, role: roles.get(p.role)! }));
  const legacy = (core: string) =>
    people.filter((x) => x.role.core_role === core).map((x) => ({ ...personFields(x.contact, opts), order: x.p.order }));
  const empty = opts.nullNested ? null : {};
  const track = s.track_id ? db.data.tracks.find((t) => t.id === s.track_id) : undefined;
  const room = s.room_id ? db.data.rooms.find((r) => r.id === s.room_id) : undefined;
  const custom = s.custom_status_id ? db.data.statuses.find((st) => st.id === s.custom_status_id) : undefined;
  const children = db.sessions(eventId).filter((child) => child.parent_session_id === s.id);
  return {
    id: s.id,
    friendly_id: s.friendly_id,
    friendly_id_raw: s.friendly_id_raw,
    title: s.title,
    description: s.description,
    status: s.status,
    custom_status_id: s.custom_status_id,
    custom_status: custom ? { id: custom.id, name: custom.name, status: custom.status } : null,
    starts_at: s.starts_at,
    ends_at: s.ends_at,
    is_public: s.is_public,
    is_abstract: s.is_abstract,
    capacity: s.capacity,
    client_session_id: s.client_session_id,
    track: track ? { id: track.id, name: track.name, color: track.color } : empty,
    room: room ? { id: room.id, name: room.name, capacity: room.capacity } : empty,
    format: empty,
    level: empty,
    language: empty,
    tags: s.tag_ids.flatMap((id) => db.data.tags.filter((t) => t.id === id).map((t) => ({ id: t.id, name: t.name }))),
    speakers: legacy('speaker'),
    chairpersons: legacy('chairperson'),
    moderators: legacy('moderator'),
    participants: people.map((x) => ({
      ...personFields(x.contact, opts),
      order: x.p.order,
      participant_role: { slug: x.role.slug, name: x.role.name, name_plural: x.role.name_plural, core_role: x.role.core_role },
    })),
    custom_fields: customFieldsView(db, eventId, 'session', s.custom_fields),
    subsessions: children.map((child) =>
      opts.subsessionDetails
        ? sessionView(db, child, { ...opts, subsessionDetails: false })
        : {
            id: child.id,
            friendly_id: child.friendly_id,
            title: child.title,
            status: child.status,
            starts_at: child.starts_at,
            ends_at: child.ends_at,
            parent_session_id: child.parent_session_id,
          },
    ),
    parent_session_id: s.parent_session_id,
    sponsors: [],
    exhibitors: [],
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}

/** DESIGN CHOICE (exhibitor shape UNKNOWN, docs/api-assumptions.md S10). */
export function exhibitorView(db: SessionboardDb, x: SbExhibitor, opts: ViewOpts) {
  const contacts = new Map(db.contacts(x.event_id).map((c) => [c.id, c]));
  const team = x.contact_ids.filter((id) => contacts.has(id)).map((id) => contacts.get(id)!);
  return {
    id: x.id,
    friendly_id: x.friendly_id,
    name: x.name,
    description: x.description,
    logo_url: x.logo_url,
    website: x.website,
    tier: x.tier,
    primary_contact_id: x.primary_contact_id && contacts.has(x.primary_contact_id) ? x.primary_contact_id : null,
    contacts: team.map((c) => ({ ...contactView(db, c, opts), is_primary: c.id === x.primary_contact_id })),
    custom_fields: customFieldsView(db, x.event_id, 'group', x.custom_fields),
    created_at: x.created_at,
    updated_at: x.updated_at,
  };
}

export const fieldView = (f: SbFieldDefinition) => ({
  id: f.id,
  internal_name: f.internal_name,
  name: f.name,
  field_type: f.field_type,
  module: f.module,
  field_source: f.field_source,
  field_level: f.field_level,
});

export const statusView = (s: SbStatus) => ({
  id: s.id,
  name: s.name,
  status: s.status,
  status_name: s.status_name,
  color: s.color,
  order: s.order,
  is_custom: s.is_custom,
  created_at: s.created_at,
  created_by_user_id: s.created_by_user_id,
  created_by_user_name: s.created_by_user_name,
});
