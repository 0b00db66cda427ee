/**
 * Deterministic Sessionboard seed (sandbox/README.md "Seed" describes its events and awkward data;
 * tests rely on it): the same `{ size, now }` always gives deep-equal data. Names, titles and texts come from
 * @faker-js/faker with fixed seeds (one per event, so resizing 4001 leaves 4002/4003 unchanged); dates
 * are relative to `now`, so "upcoming" and "past" stay true whenever tests run.
 *
 * Every event gets the awkward cases first (sessions 0-13, speakers 0-7) and generated filler after
 * them, so an event of 14 or more sessions holds them all; smaller events hold a prefix.
 */
import { Faker, base, de, en, fr, ja, pl, zh_CN } from '@faker-js/faker';
import type {
  CoreRole,
  SbContact,
  SbEvent,
  SbExhibitor,
  SbFieldDefinition,
  SbParticipantRole,
  SbRoom,
  SbSession,
  SbStatus,
  SbTag,
  SbTrack,
  SeedSize,
  SessionStatusCategory,
  SessionboardSeed,
} from './types.ts';

export * from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The email the Gleanin seed's "Pre Existing" speaker has, differing in case and whitespace (an email conflict to adopt or report). */
export const DUP_SPEAKER_EMAIL = 'Dup.Speaker@Example.com ';
export const CUSTOM_ACCEPTED_STATUS = 'Confirmed';
/** Number of sessions an event needs to hold every awkward session case. */
export const AWKWARD_SESSION_COUNT = 14;

export interface EventCounts {
  sessions: number;
  speakers: number;
  exhibitors: number;
}

const EVENTS: { id: number; name: string; timezone: string; counts: (size: SeedSize) => EventCounts }[] = [
  { id: 4001, name: 'Acme Summit 2026', timezone: 'America/New_York', counts: (size) => sizedCounts(size) },
  { id: 4002, name: 'Science Congress 2026', timezone: 'Europe/Berlin', counts: () => ({ sessions: 12, speakers: 15, exhibitors: 4 }) },
  { id: 4003, name: 'Partner Expo 2026', timezone: 'America/Los_Angeles', counts: () => ({ sessions: 8, speakers: 10, exhibitors: 6 }) },
];

/** demo: 60/90/20, large: 2000/3000/300, <n>: n sessions, 1.5n speakers, n/3 exhibitors. */
export function sizedCounts(size: SeedSize): EventCounts {
  if (size === 'demo') return { sessions: 60, speakers: 90, exhibitors: 20 };
  if (size === 'large') return { sessions: 2000, speakers: 3000, exhibitors: 300 };
  if (!Number.isInteger(size) || size < 1 || size > 50_000) {
    throw new RangeError(`Seed size must be "demo", "large" or an integer from 1 to 50000, got ${String(size)}`);
  }
  return { sessions: size, speakers: Math.round(size * 1.5), exhibitors: Math.round(size / 3) };
}

/** Parses a CLI/seed argument: `demo`, `large` or a positive integer. */
export function parseSeedSize(value: string | number | undefined): SeedSize {
  if (value === undefined || value === 'demo') return 'demo';
  if (value === 'large') return 'large';
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  sizedCounts(n); // throws the range message for anything else
  return n;
}

/** The API's timestamp form: ISO-8601 UTC with a `+00:00` offset (as the API's documented samples show). */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/(\.000)?Z$/, '+00:00');

export function generateSessionboardSeed(opts: { size?: SeedSize; now?: Date } = {}): SessionboardSeed {
  const size = opts.size ?? 'demo';
  const now = (opts.now ?? new Date()).getTime();
  const seed: SessionboardSeed = {
    events: [],
    tracks: [],
    rooms: [],
    tags: [],
    statuses: [],
    participantRoles: [],
    fields: [],
    contacts: [],
    sessions: [],
    exhibitors: [],
  };
  for (const event of EVENTS) generateEvent(seed, event, event.counts(size), now);
  return seed;
}

// --- time helpers -----------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `tz` from UTC at the instant `utcMs`, in ms. */
function tzOffset(utcMs: number, tz: string): number {
  let format = formatters.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    });
    formatters.set(tz, format);
  }
  const parts = format.formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The instant at local wall time `day` (UTC midnight of the local date) + `minutes` in `tz`. */
function localTime(dayUtcMidnight: number, minutes: number, tz: string): number {
  const guess = dayUtcMidnight + minutes * MINUTE;
  const first = guess - tzOffset(guess, tz);
  const second = guess - tzOffset(first, tz);
  return second;
}

/** UTC midnight of the local calendar date of `utcMs` in `tz`. */
function localDate(utcMs: number, tz: string): number {
  const local = utcMs + tzOffset(utcMs, tz);
  return local - (((local % DAY) + DAY) % DAY);
}

// --- generation -----------------------------------------------------------------------------------

interface Ctx {
  event: SbEvent;
  now: number;
  f: Faker;
  /** Fakers of non-English locales, for unicode names. */
  intl: Faker[];
  uuid: () => string;
  stamps: (minDaysAgo: number, maxDaysAgo: number) => { created_at: string; updated_at: string };
}

function generateEvent(seed: SessionboardSeed, def: (typeof EVENTS)[number], counts: EventCounts, now: number): void {
  const f = new Faker({ locale: [en, base], seed: def.id });
  const intl = [de, pl, fr, zh_CN, ja].map((locale, i) => new Faker({ locale: [locale, en, base], seed: def.id * 10 + i }));
  const start = localDate(now + 30 * DAY, def.timezone);
  const event: SbEvent = {
    id: def.id,
    name: def.name,
    timezone: def.timezone,
    features: ['sessions', 'speakers', 'exhibitors'],
    starts_at: isoTime(localTime(start, 8 * 60, def.timezone)),
    ends_at: isoTime(localTime(start + 2 * DAY, 18 * 60, def.timezone)),
  };
  const ctx: Ctx = {
    event,
    now,
    f,
    intl,
    uuid: () => f.string.uuid(),
    stamps: (minDaysAgo, maxDaysAgo) => {
      const created = now - f.number.int({ min: minDaysAgo * DAY, max: maxDaysAgo * DAY });
      const updated = f.datatype.boolean(0.4) ? created + f.number.int({ min: HOUR, max: now - created - HOUR }) : created;
      return { created_at: isoTime(created), updated_at: isoTime(updated) };
    },
  };
  seed.events.push(event);
  const meta = metadata(ctx);
  seed.tracks.push(...meta.tracks);
  seed.rooms.push(...meta.rooms);
  seed.tags.push(...meta.tags);
  seed.statuses.push(...meta.statuses);
  seed.participantRoles.push(...meta.roles);
  seed.fields.push(...fieldDefinitions(ctx));

  const speakers = Array.from({ length: counts.speakers }, (_, i) => speakerContact(ctx, i, i + 1));
  const extraPeople = Math.max(2, Math.round(counts.sessions / 10));
  let friendly = counts.speakers;
  const chairs = Array.from({ length: extraPeople }, () => personContact(ctx, ++friendly, ctx.f));
  const moderators = Array.from({ length: extraPeople }, () => personContact(ctx, ++friendly, ctx.f));
  const sessions = generateSessions(ctx, counts.sessions, meta, start);
  assignParticipants(ctx, sessions, speakers, chairs, moderators);

  const exhibitorContacts: SbContact[] = [];
  const exhibitors = Array.from({ length: counts.exhibitors }, (_, i) => {
    const teamSize = i === 0 ? 3 : i === 1 ? 2 : ctx.f.number.int({ min: 1, max: 3 });
    const name = ctx.f.company.name();
    const team = Array.from({ length: teamSize }, () => ({ ...personContact(ctx, ++friendly, ctx.f), company_name: name }));
    exhibitorContacts.push(...team);
    return exhibitor(ctx, i, name, team);
  });

  seed.contacts.push(...speakers, ...chairs, ...moderators, ...exhibitorContacts);
  seed.sessions.push(...sessions);
  seed.exhibitors.push(...exhibitors);
}

interface Metadata {
  tracks: SbTrack[];
  rooms: SbRoom[];
  tags: SbTag[];
  statuses: SbStatus[];
  roles: SbParticipantRole[];
  confirmed: SbStatus;
}

function metadata(ctx: Ctx): Metadata {
  const { f, event } = ctx;
  const tracks = f.helpers
    .uniqueArray(() => f.commerce.department(), 5)
    .map((name) => ({ id: ctx.uuid(), event_id: event.id, name, color: f.color.rgb({ casing: 'upper' }) }));
  const rooms = f.helpers
    .uniqueArray(() => `${f.location.street()} Room`, 4)
    .map((name) => ({ id: ctx.uuid(), event_id: event.id, name, capacity: f.number.int({ min: 20, max: 800 }) }));
  const tags = f.helpers
    .uniqueArray(() => f.word.adjective(), 6)
    .map((word) => ({ id: ctx.uuid(), event_id: event.id, name: word[0].toUpperCase() + word.slice(1) }));
  const created = isoTime(ctx.now - 90 * DAY);
  const admin = { id: f.number.int({ min: 100, max: 999 }), name: f.person.fullName() };
  const status = (name: string, category: SessionStatusCategory, order: number, isCustom: boolean): SbStatus => ({
    id: ctx.uuid(),
    event_id: event.id,
    name,
    status: category,
    status_name: CATEGORY_LABELS[category],
    color: f.color.rgb({ casing: 'upper' }),
    order,
    is_custom: isCustom,
    created_at: created,
    created_by_user_id: admin.id,
    created_by_user_name: admin.name,
  });
  const statuses = Object.entries(CATEGORY_LABELS).map(([category, label], i) => status(label, category as SessionStatusCategory, i + 1, false));
  const confirmed = status(CUSTOM_ACCEPTED_STATUS, 'accepted', statuses.length + 1, true);
  statuses.push(confirmed);
  // Sessions 2.0 roles: the three core ones plus custom labels (DESIGN CHOICE: Panelist, Keynote -> speaker,
  // Chair -> chairperson, Host -> moderator).
  const roles: SbParticipantRole[] = (
    [
      ['speaker', 'Speaker', 'Speakers', 'speaker'],
      ['chairperson', 'Chairperson', 'Chairpersons', 'chairperson'],
      ['moderator', 'Moderator', 'Moderators', 'moderator'],
      ['panelist', 'Panelist', 'Panelists', 'speaker'],
      ['keynote', 'Keynote', 'Keynotes', 'speaker'],
      ['chair', 'Chair', 'Chairs', 'chairperson'],
      ['host', 'Host', 'Hosts', 'moderator'],
    ] as const
  ).map(([slug, name, name_plural, core_role]) => ({ event_id: event.id, slug, name, name_plural, core_role }));
  return { tracks, rooms, tags, statuses, roles, confirmed };
}

const CATEGORY_LABELS: Record<SessionStatusCategory, string> = {
  accepted: 'Accepted',
  accept_queue: 'Accepted Queue',
  pending: 'Pending',
  decline_queue: 'Decline Queue',
  declined: 'Declined',
};

/** Standard and custom field definitions; deliberately WITHOUT "Gleanin Link" (fields/create is exercised). */
function fieldDefinitions(ctx: Ctx): SbFieldDefinition[] {
  const created = isoTime(ctx.now - 90 * DAY);
  const defs: [string, string, SbFieldDefinition['field_type'], SbFieldDefinition['module'], 'standard' | 'custom'][] = [
    ['first_name', 'First Name', 'text', 'contact', 'standard'],
    ['last_name', 'Last Name', 'text', 'contact', 'standard'],
    ['email', 'Email', 'email', 'contact', 'standard'],
    ['company_name', 'Company Name', 'text', 'contact', 'standard'],
    ['title', 'Job Title', 'text', 'contact', 'standard'],
    ['about', 'Biography', 'wysiwyg', 'contact', 'standard'],
    ['photo_url', 'Headshot', 'file', 'contact', 'standard'],
    ['phone_mobile', 'Mobile Phone', 'phone', 'contact', 'standard'],
    ['dietary_requirements', 'Dietary Requirements', 'text', 'contact', 'custom'],
    ['travel_notes', 'Travel Notes', 'textarea', 'contact', 'custom'],
    ['title', 'Title', 'text', 'session', 'standard'],
    ['description', 'Description', 'wysiwyg', 'session', 'standard'],
    ['session_room_code', 'Room Code', 'text', 'session', 'custom'],
    ['name', 'Name', 'text', 'group', 'standard'],
    ['logo', 'Logo', 'file', 'group', 'standard'],
    ['website', 'Website', 'text', 'group', 'standard'],
    ['tier', 'Tier', 'dropdown', 'group', 'standard'],
    ['booth_number', 'Booth Number', 'text', 'group', 'custom'],
  ];
  return defs.map(([internal_name, name, field_type, module, field_source]) => ({
    id: ctx.uuid(),
    event_id: ctx.event.id,
    internal_name,
    name,
    field_type,
    module,
    field_source,
    field_level: field_source === 'standard' ? 'global' : 'event',
    created_at: created,
  }));
}

/** An ASCII email local part from a (possibly unicode) name. */
function emailSlug(...names: (string | null)[]): string {
  return names
    .filter((n): n is string => !!n)
    .map((n) => n.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase())
    .filter(Boolean)
    .join('.');
}

const cdn = (ctx: Ctx, ext: string) =>
  `https://content-cdn.sessionboard.com/event-files%2F${ctx.event.id}%2F${ctx.f.string.alphanumeric({ length: 16, casing: 'lower' })}.${ext}`;

function personContact(ctx: Ctx, friendlyRaw: number, f: Faker): SbContact {
  const first_name = f.person.firstName();
  const last_name = f.person.lastName();
  const local = emailSlug(first_name, last_name) || 'contact';
  return {
    id: ctx.uuid(),
    event_id: ctx.event.id,
    friendly_id: `CONT-${friendlyRaw}`,
    friendly_id_raw: friendlyRaw,
    first_name,
    last_name,
    email: `${local}${friendlyRaw}@${ctx.f.helpers.arrayElement(['example.com', 'example.org', 'example.net'])}`,
    phone_mobile: `+1-${ctx.f.string.numeric(3)}-${ctx.f.string.numeric(3)}-${ctx.f.string.numeric(4)}`,
    is_public: true,
    photo_url: ctx.f.datatype.boolean(0.8) ? cdn(ctx, ctx.f.helpers.arrayElement(['jpg', 'png', 'jpeg'])) : null,
    company_name: ctx.f.company.name(),
    title: ctx.f.person.jobTitle(),
    about: `<p>${ctx.f.lorem.sentences(2)}</p>`,
    custom_fields: ctx.f.datatype.boolean(0.3)
      ? { dietary_requirements: ctx.f.helpers.arrayElement(['Vegetarian', 'Vegan', 'Gluten-free', 'Halal', 'None']) }
      : {},
    ...ctx.stamps(40, 60),
    deleted_at: null,
  };
}

/** Speaker `i`: 0-7 are the awkward people, the rest generated (some in other locales, for unicode). */
function speakerContact(ctx: Ctx, i: number, friendlyRaw: number): SbContact {
  const localeFaker = i === 5 ? ctx.intl[3] : i >= 8 && i % 6 === 0 ? ctx.intl[(i / 6) % ctx.intl.length] : ctx.f;
  const contact = personContact(ctx, friendlyRaw, localeFaker);
  switch (i) {
    case 2:
      contact.photo_url = cdn(ctx, 'heic');
      break;
    case 3:
      contact.photo_url = cdn(ctx, 'pdf');
      break;
    case 4:
      contact.last_name = null;
      break;
    case 6:
      contact.is_public = false;
      break;
    case 7:
      if (ctx.event.id === 4001) contact.email = DUP_SPEAKER_EMAIL;
      break;
  }
  return contact;
}

interface SessionPlan {
  status: SessionStatusCategory;
  custom?: boolean;
  title?: string | null;
  when: 'normal' | 'unscheduled' | 'past' | 'multiday';
  parent?: number;
  html?: 'script';
}

/** The awkward sessions, in the order an event holds them (sandbox/README.md "Seed"). */
const AWKWARD_SESSIONS: SessionPlan[] = [
  { status: 'accepted', when: 'normal', html: 'script' }, // 0: legacy chair + moderator, awkward speakers
  { status: 'accepted', custom: true, when: 'normal' }, // 1: custom "Confirmed" status, Sessions 2.0 custom roles
  { status: 'declined', when: 'normal' },
  { status: 'pending', when: 'normal' },
  { status: 'accept_queue', when: 'normal' },
  { status: 'decline_queue', when: 'normal' },
  { status: 'accepted', when: 'unscheduled' },
  { status: 'accepted', when: 'past' },
  { status: 'accepted', when: 'multiday' },
  { status: 'accepted', when: 'normal' }, // 9: parent of 10 and 11
  { status: 'accepted', when: 'normal', parent: 9 },
  { status: 'accepted', when: 'normal', parent: 9 },
  { status: 'accepted', when: 'normal', title: '' },
  { status: 'accepted', when: 'normal', title: null },
];

function fillerPlan(f: Faker): SessionPlan {
  const status = f.helpers.weightedArrayElement<SessionStatusCategory>([
    { value: 'accepted', weight: 70 },
    { value: 'pending', weight: 10 },
    { value: 'accept_queue', weight: 7 },
    { value: 'decline_queue', weight: 5 },
    { value: 'declined', weight: 8 },
  ]);
  return { status, custom: status === 'accepted' && f.datatype.boolean(0.1), when: 'normal' };
}

function description(f: Faker, html?: 'script'): string {
  if (html === 'script') {
    return `<p style="color:#c00;font-weight:bold">${f.lorem.sentence()}</p><script>alert("xss")</script><ul><li>${f.lorem.words(3)}</li><li>${f.lorem.words(4)}</li></ul>`;
  }
  return f.helpers.arrayElement([
    `<p>${f.lorem.paragraph()}</p>`,
    `<p>${f.lorem.sentence()}</p><ul><li>${f.lorem.words(3)}</li><li>${f.lorem.words(3)}</li></ul>`,
    `<h3>${f.lorem.words(3)}</h3><p>${f.lorem.paragraph()} <a href="https://example.com/${f.lorem.slug(2)}">${f.lorem.word()}</a></p>`,
  ]);
}

function generateSessions(ctx: Ctx, count: number, meta: Metadata, start: number): SbSession[] {
  const { f, event } = ctx;
  const sessions: SbSession[] = [];
  for (let i = 0; i < count; i++) {
    const plan = i < AWKWARD_SESSIONS.length ? AWKWARD_SESSIONS[i] : fillerPlan(f);
    const parent = plan.parent !== undefined ? sessions[plan.parent] : undefined;
    let startsAt: number | null = null;
    let endsAt: number | null = null;
    if (parent?.starts_at) {
      startsAt = Date.parse(parent.starts_at) + (i - (plan.parent ?? 0) - 1) * 20 * MINUTE;
      endsAt = startsAt + 20 * MINUTE;
    } else if (plan.when === 'normal') {
      const day = f.number.int({ min: 0, max: 2 });
      const minutes = f.number.int({ min: 16, max: 34 }) * 30; // 08:00 .. 17:00 local
      startsAt = localTime(start + day * DAY, minutes, event.timezone);
      endsAt = startsAt + f.helpers.arrayElement([30, 45, 60, 90]) * MINUTE;
    } else if (plan.when === 'past') {
      startsAt = Math.floor((ctx.now - 3 * DAY) / (15 * MINUTE)) * 15 * MINUTE;
      endsAt = startsAt + HOUR;
    } else if (plan.when === 'multiday') {
      startsAt = localTime(start, 9 * 60, event.timezone);
      endsAt = localTime(start + 2 * DAY, 17 * 60, event.timezone);
    }
    const track = parent ? parent.track_id : f.datatype.boolean(0.85) ? f.helpers.arrayElement(meta.tracks).id : null;
    const room = parent ? parent.room_id : f.datatype.boolean(0.8) ? f.helpers.arrayElement(meta.rooms).id : null;
    const tagIds = parent ? [...parent.tag_ids] : f.helpers.arrayElements(meta.tags, { min: 0, max: 2 }).map((t) => t.id);
    sessions.push({
      id: ctx.uuid(),
      event_id: event.id,
      friendly_id: `SESS-${i + 1}`,
      friendly_id_raw: i + 1,
      title: plan.title !== undefined ? plan.title : f.company.catchPhrase(),
      description: description(f, plan.html),
      status: plan.status,
      custom_status_id: plan.custom ? meta.confirmed.id : null,
      starts_at: startsAt === null ? null : isoTime(startsAt),
      ends_at: endsAt === null ? null : isoTime(endsAt),
      is_public: true,
      is_abstract: false,
      capacity: f.datatype.boolean(0.5) ? f.number.int({ min: 20, max: 500 }) : null,
      client_session_id: f.datatype.boolean(0.5) ? `${f.string.alpha({ length: 1, casing: 'upper' })}-${100 + i}` : null,
      track_id: track,
      room_id: room,
      tag_ids: tagIds,
      participants: [],
      parent_session_id: parent ? parent.id : null,
      custom_fields: f.datatype.boolean(0.3) ? { session_room_code: `${f.string.alpha({ length: 1, casing: 'upper' })}${f.string.numeric(2)}` } : {},
      ...ctx.stamps(20, 45),
      deleted_at: null,
    });
  }
  return sessions;
}

/**
 * Speakers 0-7 (the awkward people) go on sessions 0 and 1, which are eligible for sync, so every
 * awkward case reaches the sync engine; the rest go round the other sessions, then some are shared.
 */
function assignParticipants(ctx: Ctx, sessions: SbSession[], speakers: SbContact[], chairs: SbContact[], moderators: SbContact[]): void {
  const { f } = ctx;
  const add = (session: SbSession, contact: SbContact, role: string) => {
    if (session.participants.some((p) => p.contact_id === contact.id)) return;
    session.participants.push({ contact_id: contact.id, role, order: session.participants.length + 1 });
  };
  const rest = sessions.length > 2 ? sessions.slice(2) : sessions;
  speakers.forEach((speaker, i) => {
    if (i < 8) {
      const target = sessions[i % Math.min(2, sessions.length)];
      add(target, speaker, target === sessions[1] ? (i % 4 === 1 ? 'keynote' : 'panelist') : 'speaker');
    } else {
      add(rest[(i - 8) % rest.length], speaker, f.datatype.boolean(0.1) ? 'panelist' : 'speaker');
    }
  });
  // Speaker duplicates speaker 0's email in another case (duplicate emails differing in case).
  if (speakers.length > 1 && speakers[0].email) {
    const [local, domain] = speakers[0].email.split('@');
    speakers[1].email = `${local[0].toUpperCase()}${local.slice(1)}@${domain[0].toUpperCase()}${domain.slice(1)}`;
  }
  // Shared speakers: one of the generated speakers on sessions 0 and 1 too, and a third of sessions
  // get one more speaker from elsewhere.
  if (speakers.length > 8) {
    add(sessions[0], speakers[8], 'speaker');
    if (sessions.length > 1) add(sessions[1], speakers[8], 'panelist');
  }
  for (let k = 0; k < Math.floor(sessions.length / 3); k++) add(f.helpers.arrayElement(sessions), f.helpers.arrayElement(speakers), 'speaker');
  // Chairpersons and moderators: legacy roles on session 0, custom labels (Chair, Host) on session 1,
  // and some more here and there.
  const place = (people: SbContact[], role: CoreRole, custom: string) => {
    add(sessions[0], people[0], role);
    if (sessions.length > 1) add(sessions[1], people[1], custom);
    for (const person of people.slice(2)) add(f.helpers.arrayElement(sessions), person, f.datatype.boolean(0.5) ? role : custom);
  };
  place(chairs, 'chairperson', 'chair');
  place(moderators, 'moderator', 'host');
}

const TIERS = ['Platinum', 'Gold', 'Silver', 'Bronze'];

function exhibitor(ctx: Ctx, i: number, name: string, team: SbContact[]): SbExhibitor {
  const { f } = ctx;
  // Exhibitor 1's primary contact is its second team member, not the first listed.
  const primary = i === 1 ? team[1] : team[0];
  return {
    id: ctx.uuid(),
    event_id: ctx.event.id,
    friendly_id: `EXH-${i + 1}`,
    friendly_id_raw: i + 1,
    name,
    description: `<p>${f.company.catchPhrase()}. ${f.lorem.sentence()}</p>`,
    logo_url: i === 2 ? null : cdn(ctx, 'png'),
    website: `https://www.${emailSlug(name).replace(/\./g, '-') || 'exhibitor'}.example.com`,
    tier: f.helpers.arrayElement(TIERS),
    primary_contact_id: primary?.id ?? null,
    contact_ids: team.map((c) => c.id),
    custom_fields: { booth_number: `${f.string.alpha({ length: 1, casing: 'upper' })}${f.string.numeric(3)}` },
    ...ctx.stamps(30, 60),
    deleted_at: null,
  };
}
