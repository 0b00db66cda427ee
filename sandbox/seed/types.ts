/**
 * Plain data of the Sessionboard seed (sandbox/README.md "Seed").
 * These are the emulator's STORED records: ids and relations, not wire shapes. The emulator
 * (sandbox/sessionboard/views.ts) turns them into the API's JSON; the replica app reads them as is.
 * Timestamps are ISO-8601 UTC with a `+00:00` offset, as the API shows them in its documented samples.
 */

export type SeedSize = 'demo' | 'large' | number;

/** The five session status categories (the API docs and Sessionboard's help center on accept/decline). */
export const SESSION_STATUSES = ['accepted', 'accept_queue', 'pending', 'decline_queue', 'declined'] as const;
export type SessionStatusCategory = (typeof SESSION_STATUSES)[number];

export type CoreRole = 'speaker' | 'chairperson' | 'moderator';

export interface SbEvent {
  /** Integer event id (CONFIRMED, docs/api-assumptions.md S2). */
  id: number;
  name: string;
  /** IANA time zone. */
  timezone: string;
  features: string[];
  /** DESIGN CHOICE: not on the wire (whether the API sends it is UNKNOWN); kept for the replica app. */
  starts_at: string;
  ends_at: string;
}

export interface SbTrack {
  id: string;
  event_id: number;
  name: string;
  color: string;
}

export interface SbRoom {
  id: string;
  event_id: number;
  name: string;
  capacity: number;
}

export interface SbTag {
  id: string;
  event_id: number;
  name: string;
}

/** Session status as `POST session-statuses` answers it (CONFIRMED by the API docs). */
export interface SbStatus {
  id: string;
  event_id: number;
  name: string;
  /** The category this status operates as. */
  status: SessionStatusCategory;
  status_name: string;
  color: string;
  order: number;
  is_custom: boolean;
  created_at: string;
  created_by_user_id: number;
  created_by_user_name: string;
}

/** A Sessions 2.0 participant role; custom labels map onto a core role (as the API docs describe roles). */
export interface SbParticipantRole {
  event_id: number;
  slug: string;
  name: string;
  name_plural: string;
  core_role: CoreRole;
}

export type FieldModule = 'contact' | 'group' | 'session';
export type FieldType = 'text' | 'textarea' | 'email' | 'phone' | 'file' | 'wysiwyg' | 'dropdown';

export interface SbFieldDefinition {
  id: string;
  event_id: number;
  internal_name: string;
  name: string;
  field_type: FieldType;
  module: FieldModule;
  field_source: 'standard' | 'custom';
  field_level: 'event' | 'global';
  created_at: string;
}

export interface SbContact {
  id: string;
  event_id: number;
  friendly_id: string;
  friendly_id_raw: number;
  first_name: string;
  /** null: a speaker missing a last name (awkward data). */
  last_name: string | null;
  email: string | null;
  phone_mobile: string | null;
  is_public: boolean;
  photo_url: string | null;
  company_name: string | null;
  title: string | null;
  about: string | null;
  /** Custom contact field values by internal_name; a field with no value is absent. */
  custom_fields: Record<string, string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** A contact's place on a session: role slug from the event's participant roles. */
export interface SbSessionParticipant {
  contact_id: string;
  role: string;
  order: number;
}

export interface SbSession {
  id: string;
  event_id: number;
  friendly_id: string;
  friendly_id_raw: number;
  /** null or "": an accepted session missing its title (awkward data). */
  title: string | null;
  /** HTML (wysiwyg). */
  description: string | null;
  status: SessionStatusCategory;
  custom_status_id: string | null;
  starts_at: string | null;
  ends_at: string | null;
  is_public: boolean;
  is_abstract: boolean;
  capacity: number | null;
  client_session_id: string | null;
  track_id: string | null;
  room_id: string | null;
  tag_ids: string[];
  participants: SbSessionParticipant[];
  parent_session_id: string | null;
  custom_fields: Record<string, string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** DESIGN CHOICE (exhibitor shape UNKNOWN, docs/api-assumptions.md S10). */
export interface SbExhibitor {
  id: string;
  event_id: number;
  friendly_id: string;
  friendly_id_raw: number;
  name: string;
  description: string | null;
  logo_url: string | null;
  website: string | null;
  tier: string | null;
  primary_contact_id: string | null;
  /** Team members (contacts), in display order. */
  contact_ids: string[];
  custom_fields: Record<string, string>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SessionboardSeed {
  events: SbEvent[];
  tracks: SbTrack[];
  rooms: SbRoom[];
  tags: SbTag[];
  statuses: SbStatus[];
  participantRoles: SbParticipantRole[];
  fields: SbFieldDefinition[];
  contacts: SbContact[];
  sessions: SbSession[];
  exhibitors: SbExhibitor[];
}
