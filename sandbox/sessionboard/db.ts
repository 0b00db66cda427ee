/**
 * The Sessionboard emulator's in-memory data and write rules (DESIGN CHOICES listed in
 * sandbox/README.md): soft delete + restore, `updated_at` optimistic concurrency (409 on a stale value),
 * custom field values checked against the event's field definitions. Reads return stored records
 * (sandbox/seed/types.ts); views.ts turns them into wire JSON. The replica app uses this directly.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoTime } from '../seed/index.ts';
import type {
  CoreRole,
  FieldModule,
  SbContact,
  SbEvent,
  SbExhibitor,
  SbFieldDefinition,
  SbParticipantRole,
  SbSession,
  SessionboardSeed,
} from '../seed/types.ts';
import { SESSION_STATUSES } from '../seed/types.ts';
import { badRequest, conflict, notFound } from './errors.ts';

// --- input schemas (DESIGN CHOICES where the write bodies are UNKNOWN; see sandbox/README.md) -------

export const isoInstant = z
  .string()
  .refine((v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-12-22T15:00:00+00:00',
  });

/** `{internal_name: value}` or `[{internal_name, value}]` (the body shape is UNKNOWN, so both forms are taken). */
export const customFieldsInput = z.union([
  z.record(z.string(), z.string().nullable()),
  z.array(z.object({ internal_name: z.string(), value: z.string().nullable() }).strict()),
]);
type CustomFieldsInput = z.infer<typeof customFieldsInput>;

const nullableText = (max: number) => z.string().max(max).nullable();

export const contactInput = z
  .object({
    first_name: z.string().min(1).max(255),
    last_name: nullableText(255),
    email: z.email().nullable(),
    phone_mobile: nullableText(50),
    is_public: z.boolean(),
    photo_url: z.url().nullable(),
    company_name: nullableText(255),
    title: nullableText(255),
    about: nullableText(20_000),
    custom_fields: customFieldsInput,
    updated_at: isoInstant,
  })
  .partial()
  .strict();
export type ContactInput = z.infer<typeof contactInput>;

export const sessionInput = z
  .object({
    title: nullableText(500),
    description: nullableText(50_000),
    status: z.enum(SESSION_STATUSES),
    custom_status_id: z.string().nullable(),
    starts_at: isoInstant.nullable(),
    ends_at: isoInstant.nullable(),
    is_public: z.boolean(),
    is_abstract: z.boolean(),
    capacity: z.number().int().min(0).max(100_000).nullable(),
    client_session_id: nullableText(255),
    track_id: z.string().nullable(),
    room_id: z.string().nullable(),
    tag_ids: z.array(z.string()),
    parent_session_id: z.string().nullable(),
    /** DESIGN CHOICE: participants are set as a whole list of `{contact_id, role}` (role = role slug). */
    participants: z.array(z.object({ contact_id: z.string(), role: z.string() }).strict()),
    custom_fields: customFieldsInput,
    updated_at: isoInstant,
  })
  .partial()
  .strict();
export type SessionInput = z.infer<typeof sessionInput>;

export const exhibitorInput = z
  .object({
    name: z.string().min(1).max(255),
    description: nullableText(50_000),
    logo_url: z.url().nullable(),
    website: nullableText(2000),
    tier: nullableText(100),
    primary_contact_id: z.string().nullable(),
    contact_ids: z.array(z.string()),
    custom_fields: customFieldsInput,
    updated_at: isoInstant,
  })
  .partial()
  .strict();
export type ExhibitorInput = z.infer<typeof exhibitorInput>;

export const fieldInput = z
  .object({
    name: z.string().trim().min(1).max(255),
    field_type: z.enum(['text', 'textarea']),
    module: z.enum(['contact', 'group', 'session']),
    field_level: z.literal('event').optional(),
  })
  .strict();
export type FieldInput = z.infer<typeof fieldInput>;

/** Field labels become snake_case internal names (CONFIRMED from a screenshot of the fields screen). */
export function snakeCase(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Documented: text fields hold up to 255 characters, text areas 5,000. */
const MAX_LENGTH: Partial<Record<SbFieldDefinition['field_type'], number>> = { text: 255, textarea: 5000 };

type Kind = 'session' | 'contact' | 'exhibitor';
const LABEL: Record<Kind, string> = { session: 'Session', contact: 'Contact', exhibitor: 'Exhibitor' };

export class SessionboardDb {
  data: SessionboardSeed;

  constructor(
    private readonly initial: SessionboardSeed,
    /** Milliseconds now; write timestamps come from here. */
    readonly clock: () => number = Date.now,
  ) {
    this.data = structuredClone(initial);
  }

  /** Back to the seed. */
  reset(): void {
    this.data = structuredClone(this.initial);
  }

  // --- reads ----------------------------------------------------------------------------------------

  event(eventId: number): SbEvent {
    const event = this.data.events.find((e) => e.id === eventId);
    if (!event) throw notFound(`Event ${eventId} not found`);
    return event;
  }

  /** Live (not deleted) sessions of an event, subsessions included. */
  sessions(eventId: number): SbSession[] {
    return this.data.sessions.filter((s) => s.event_id === eventId && !s.deleted_at);
  }

  session(eventId: number, id: string, opts: { deleted?: boolean } = {}): SbSession {
    const session = this.data.sessions.find((s) => s.event_id === eventId && s.id === id && (opts.deleted || !s.deleted_at));
    if (!session) throw notFound(`Session ${id} not found in event ${eventId}`);
    return session;
  }

  contacts(eventId: number): SbContact[] {
    return this.data.contacts.filter((c) => c.event_id === eventId && !c.deleted_at);
  }

  contact(eventId: number, id: string, opts: { deleted?: boolean } = {}): SbContact {
    const contact = this.data.contacts.find((c) => c.event_id === eventId && c.id === id && (opts.deleted || !c.deleted_at));
    if (!contact) throw notFound(`Contact ${id} not found in event ${eventId}`);
    return contact;
  }

  /** Contacts holding a speaker-category role on a live session (the Speakers module). */
  speakers(eventId: number): SbContact[] {
    const roles = this.roleMap(eventId);
    const ids = new Set(
      this.sessions(eventId)
        .flatMap((s) => s.participants)
        .filter((p) => roles.get(p.role)?.core_role === 'speaker')
        .map((p) => p.contact_id),
    );
    return this.contacts(eventId).filter((c) => ids.has(c.id));
  }

  speaker(eventId: number, id: string): SbContact {
    const speaker = this.speakers(eventId).find((c) => c.id === id);
    if (!speaker) throw notFound(`Speaker ${id} not found in event ${eventId}`);
    return speaker;
  }

  exhibitors(eventId: number): SbExhibitor[] {
    return this.data.exhibitors.filter((x) => x.event_id === eventId && !x.deleted_at);
  }

  exhibitor(eventId: number, id: string, opts: { deleted?: boolean } = {}): SbExhibitor {
    const exhibitor = this.data.exhibitors.find((x) => x.event_id === eventId && x.id === id && (opts.deleted || !x.deleted_at));
    if (!exhibitor) throw notFound(`Exhibitor ${id} not found in event ${eventId}`);
    return exhibitor;
  }

  fields(eventId: number, module?: FieldModule): SbFieldDefinition[] {
    return this.data.fields.filter((f) => f.event_id === eventId && (!module || f.module === module));
  }

  customFields(eventId: number, module: FieldModule): SbFieldDefinition[] {
    return this.fields(eventId, module).filter((f) => f.field_source === 'custom');
  }

  roleMap(eventId: number): Map<string, SbParticipantRole> {
    return new Map(this.data.participantRoles.filter((r) => r.event_id === eventId).map((r) => [r.slug, r]));
  }

  coreRole(eventId: number, slug: string): CoreRole | undefined {
    return this.roleMap(eventId).get(slug)?.core_role;
  }

  // --- writes ---------------------------------------------------------------------------------------

  createSession(eventId: number, input: SessionInput): SbSession {
    this.event(eventId);
    if (input.updated_at !== undefined) throw badRequest('updated_at is not accepted when creating a session');
    if (!input.title?.trim()) throw badRequest('title is required');
    const raw = Math.max(0, ...this.data.sessions.filter((s) => s.event_id === eventId).map((s) => s.friendly_id_raw)) + 1;
    const at = this.stamp();
    const session: SbSession = {
      id: randomUUID(),
      event_id: eventId,
      friendly_id: `SESS-${raw}`,
      friendly_id_raw: raw,
      title: null,
      description: null,
      status: 'pending',
      custom_status_id: null,
      starts_at: null,
      ends_at: null,
      is_public: true,
      is_abstract: input.is_abstract ?? false,
      capacity: null,
      client_session_id: null,
      track_id: null,
      room_id: null,
      tag_ids: [],
      participants: [],
      parent_session_id: null,
      custom_fields: {},
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    this.applySession(session, { ...input, is_abstract: undefined });
    this.data.sessions.push(session);
    return session;
  }

  updateSession(eventId: number, id: string, input: SessionInput): SbSession {
    const session = this.session(eventId, id);
    this.checkFresh('session', session, input.updated_at);
    if (input.is_abstract !== undefined && input.is_abstract !== session.is_abstract) {
      throw badRequest('is_abstract cannot be changed after a session is created');
    }
    return this.change(session, () => this.applySession(session, input));
  }

  private applySession(session: SbSession, input: SessionInput): void {
    const eventId = session.event_id;
    const next = { ...session };
    for (const key of ['title', 'description', 'is_public', 'capacity', 'client_session_id'] as const) {
      if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key];
    }
    if (input.custom_status_id !== undefined && input.custom_status_id !== null) {
      const custom = this.data.statuses.find((s) => s.event_id === eventId && s.is_custom && s.id === input.custom_status_id);
      if (!custom) throw badRequest(`custom_status_id ${input.custom_status_id} is not a custom status of event ${eventId}`);
      if (input.status !== undefined && input.status !== custom.status) {
        throw badRequest(`status "${input.status}" contradicts custom status "${custom.name}", which is in the ${custom.status} category`);
      }
      next.custom_status_id = custom.id;
      next.status = custom.status;
    } else if (input.status !== undefined || input.custom_status_id === null) {
      next.status = input.status ?? next.status;
      next.custom_status_id = null;
    }
    if (input.starts_at !== undefined) next.starts_at = input.starts_at === null ? null : isoTime(Date.parse(input.starts_at));
    if (input.ends_at !== undefined) next.ends_at = input.ends_at === null ? null : isoTime(Date.parse(input.ends_at));
    if ((next.starts_at === null) !== (next.ends_at === null)) throw badRequest('starts_at and ends_at must be set together, or both null');
    if (next.starts_at && next.ends_at && Date.parse(next.ends_at) < Date.parse(next.starts_at)) {
      throw badRequest('ends_at must not be before starts_at');
    }
    const exists = (list: { id: string; event_id: number }[], id: string) => list.some((r) => r.event_id === eventId && r.id === id);
    if (input.track_id !== undefined) {
      if (input.track_id !== null && !exists(this.data.tracks, input.track_id)) throw badRequest(`track_id ${input.track_id} is not a track of event ${eventId}`);
      next.track_id = input.track_id;
    }
    if (input.room_id !== undefined) {
      if (input.room_id !== null && !exists(this.data.rooms, input.room_id)) throw badRequest(`room_id ${input.room_id} is not a room of event ${eventId}`);
      next.room_id = input.room_id;
    }
    if (input.tag_ids !== undefined) {
      const unknown = input.tag_ids.find((id) => !exists(this.data.tags, id));
      if (unknown) throw badRequest(`tag_ids: ${unknown} is not a tag of event ${eventId}`);
      next.tag_ids = [...new Set(input.tag_ids)];
    }
    if (input.parent_session_id !== undefined) {
      if (input.parent_session_id !== null) {
        const parent = this.session(eventId, input.parent_session_id);
        if (parent.id === session.id || parent.parent_session_id) throw badRequest('parent_session_id must name a top-level session other than this one');
      }
      next.parent_session_id = input.parent_session_id;
    }
    if (input.participants !== undefined) {
      const roles = this.roleMap(eventId);
      const seen = new Set<string>();
      next.participants = input.participants.map((p, i) => {
        if (!roles.has(p.role)) throw badRequest(`participants[${i}].role "${p.role}" is not a participant role of event ${eventId} (${[...roles.keys()].join(', ')})`);
        if (seen.has(p.contact_id)) throw badRequest(`participants[${i}]: contact ${p.contact_id} is listed twice`);
        seen.add(p.contact_id);
        this.contactOrBadRequest(eventId, p.contact_id, `participants[${i}].contact_id`);
        return { contact_id: p.contact_id, role: p.role, order: i + 1 };
      });
    }
    if (input.custom_fields !== undefined) next.custom_fields = this.mergeCustomFields(eventId, 'session', next.custom_fields, input.custom_fields);
    Object.assign(session, next);
  }

  createContact(eventId: number, input: ContactInput): SbContact {
    this.event(eventId);
    if (input.updated_at !== undefined) throw badRequest('updated_at is not accepted when creating a contact');
    if (!input.first_name) throw badRequest('first_name is required');
    const raw = Math.max(0, ...this.data.contacts.filter((c) => c.event_id === eventId).map((c) => c.friendly_id_raw)) + 1;
    const at = this.stamp();
    const contact: SbContact = {
      id: randomUUID(),
      event_id: eventId,
      friendly_id: `CONT-${raw}`,
      friendly_id_raw: raw,
      first_name: input.first_name,
      last_name: null,
      email: null,
      phone_mobile: null,
      is_public: true,
      photo_url: null,
      company_name: null,
      title: null,
      about: null,
      custom_fields: {},
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    this.applyContact(contact, input);
    this.data.contacts.push(contact);
    return contact;
  }

  updateContact(eventId: number, id: string, input: ContactInput): SbContact {
    const contact = this.contact(eventId, id);
    this.checkFresh('contact', contact, input.updated_at);
    return this.change(contact, () => this.applyContact(contact, input));
  }

  private applyContact(contact: SbContact, input: ContactInput): void {
    const { custom_fields, updated_at: _ignored, ...plain } = input;
    const next = { ...contact, ...plain };
    if (custom_fields !== undefined) next.custom_fields = this.mergeCustomFields(contact.event_id, 'contact', contact.custom_fields, custom_fields);
    Object.assign(contact, next);
  }

  updateExhibitor(eventId: number, id: string, input: ExhibitorInput): SbExhibitor {
    const exhibitor = this.exhibitor(eventId, id);
    this.checkFresh('exhibitor', exhibitor, input.updated_at);
    return this.change(exhibitor, () => {
      const { custom_fields, updated_at: _ignored, ...plain } = input;
      const next = { ...exhibitor, ...plain };
      next.contact_ids.forEach((cid, i) => this.contactOrBadRequest(eventId, cid, `contact_ids[${i}]`));
      if (next.primary_contact_id !== null && !next.contact_ids.includes(next.primary_contact_id)) {
        throw badRequest('primary_contact_id must be one of the exhibitor\'s contact_ids');
      }
      if (custom_fields !== undefined) next.custom_fields = this.mergeCustomFields(eventId, 'group', exhibitor.custom_fields, custom_fields);
      Object.assign(exhibitor, next);
    });
  }

  /** Soft delete (as the API docs describe): the record stays, hidden from reads, until restored. */
  softDelete(kind: Kind, eventId: number, id: string): { id: string; deleted_at: string } {
    const record = this.find(kind, eventId, id, false);
    record.deleted_at = this.stamp();
    record.updated_at = this.nextStamp(record.updated_at);
    return { id: record.id, deleted_at: record.deleted_at };
  }

  restore(kind: Kind, eventId: number, id: string) {
    const record = this.find(kind, eventId, id, true);
    if (!record.deleted_at) throw conflict(`${LABEL[kind]} ${id} is not deleted`);
    record.deleted_at = null;
    record.updated_at = this.nextStamp(record.updated_at);
    return record;
  }

  createField(eventId: number, input: FieldInput): SbFieldDefinition {
    this.event(eventId);
    const internal_name = snakeCase(input.name);
    if (!internal_name) throw badRequest(`name "${input.name}" has no letters or digits to make an internal name from`);
    if (this.fields(eventId, input.module).some((f) => f.internal_name === internal_name)) {
      throw conflict(`A ${input.module} field with internal name "${internal_name}" already exists in event ${eventId}`);
    }
    const field: SbFieldDefinition = {
      id: randomUUID(),
      event_id: eventId,
      internal_name,
      name: input.name,
      field_type: input.field_type,
      module: input.module,
      field_source: 'custom',
      field_level: 'event',
      created_at: this.stamp(),
    };
    this.data.fields.push(field);
    return field;
  }

  // --- helpers --------------------------------------------------------------------------------------

  private find(kind: Kind, eventId: number, id: string, deleted: boolean): SbSession | SbContact | SbExhibitor {
    if (kind === 'session') return this.session(eventId, id, { deleted });
    if (kind === 'contact') return this.contact(eventId, id, { deleted });
    return this.exhibitor(eventId, id, { deleted });
  }

  private contactOrBadRequest(eventId: number, id: string, where: string): void {
    if (!this.contacts(eventId).some((c) => c.id === id)) throw badRequest(`${where}: contact ${id} not found in event ${eventId}`);
  }

  /** Optimistic concurrency: a write carrying a stale `updated_at` is refused with 409. */
  private checkFresh(kind: Kind, record: { id: string; updated_at: string }, sent: string | undefined): void {
    if (sent === undefined) return;
    if (Date.parse(sent) !== Date.parse(record.updated_at)) {
      throw conflict(`${LABEL[kind]} ${record.id} was updated at ${record.updated_at}; the updated_at sent (${sent}) is stale`);
    }
  }

  /** Runs `apply`; bumps `updated_at` only when a stored value changed. */
  private change<T extends { updated_at: string }>(record: T, apply: () => void): T {
    const before = JSON.stringify(record);
    apply();
    if (JSON.stringify(record) !== before) record.updated_at = this.nextStamp(record.updated_at);
    return record;
  }

  private mergeCustomFields(eventId: number, module: FieldModule, current: Record<string, string>, input: CustomFieldsInput): Record<string, string> {
    const defs = new Map(this.customFields(eventId, module).map((f) => [f.internal_name, f]));
    const entries = Array.isArray(input) ? input.map((e) => [e.internal_name, e.value] as const) : Object.entries(input);
    const next = { ...current };
    for (const [name, value] of entries) {
      const def = defs.get(name);
      if (!def) {
        throw badRequest(`Unknown ${module} custom field "${name}" in event ${eventId}${defs.size ? ` (known: ${[...defs.keys()].join(', ')})` : ''}`);
      }
      const max = MAX_LENGTH[def.field_type];
      if (value !== null && max !== undefined && value.length > max) {
        throw badRequest(`custom field "${name}" (${def.field_type}) holds at most ${max} characters, got ${value.length}`);
      }
      if (value === null || value === '') delete next[name];
      else next[name] = value;
    }
    return next;
  }

  private stamp(): string {
    return isoTime(this.clock());
  }

  /** Strictly later than `previous`, so two writes in one millisecond still differ (409 stays exact). */
  private nextStamp(previous: string): string {
    return isoTime(Math.max(this.clock(), Date.parse(previous) + 1));
  }
}
