/**
 * The replica's private API under /__sandbox/app-api (like the real app's own backend, not the Public API):
 * it reads and writes the SB emulator's in-memory records directly, so what tests write through the public
 * API shows up here and the other way round. Answers are view models (src/types.ts) after a configurable delay.
 */
import { Hono, type Context } from 'hono';
import type { SbContact, SbEvent, SbSession, SessionboardSeed } from '../../seed/types.ts';
import type { SessionboardDb } from '../../sessionboard/db.ts';
import { SbError } from '../../sessionboard/errors.ts';
import { APP_API, ORG_SLUG } from '../src/routes.ts';
import type {
  AgendaPayload,
  AgendaRow,
  ContactRef,
  EventSummary,
  ExhibitorsPayload,
  FieldColumn,
  OrgPayload,
  PortalChoice,
  MePortalsPayload,
  PortalLoginPayload,
  PortalPayload,
  PortalRef,
  PortalTask,
  SpeakersPayload,
  TaskDefinition,
  TasksPayload,
} from '../src/types.ts';

export const DEFAULT_DELAY_MS = 120;
const MAX_DELAY_MS = 30_000;

/** DESIGN CHOICE: the org is not part of the Public API; one fixed org holds the seeded events. */
const ORG = { slug: ORG_SLUG, name: 'Sessionboard Demo Environment', timezone: 'America/New_York' };

/** The field a "Use Field" task link reads (the real app's native route). */
const GLEANIN_LINK: FieldColumn = { internalName: 'gleanin_link', name: 'Gleanin Link' };

export interface AppApiOptions {
  /** The SB emulator's database; its `data` is read on every request (reset replaces it). */
  db: SessionboardDb;
}

export interface AppApi {
  app: Hono;
  config: { delayMs: number };
}

const fullName = (c: SbContact) => [c.first_name, c.last_name].filter(Boolean).join(' ').trim() || '(no name)';
const contactRef = (c: SbContact): ContactRef => ({ id: c.id, name: fullName(c), email: c.email });
const live = <T extends { deleted_at: string | null }>(xs: T[]) => xs.filter((x) => x.deleted_at === null);

const slugify = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'event';

/**
 * DESIGN CHOICE: each event has a speaker portal and an exhibitor portal. Their ids are the portal's own
 * (5 digits, never the 2-4 digit event id, as in the real `/portals/<portalSlug>/<portalId>`); the slug
 * is the event's name. The real relation portal -> event is not visible in the URL, nor here.
 */
export function portalsOf(ev: SbEvent): PortalRef[] {
  const slug = slugify(ev.name);
  return [
    { id: String(70000 + ev.id * 2), slug, name: `${ev.name} Speaker Portal`, kind: 'speaker', eventId: ev.id },
    { id: String(70001 + ev.id * 2), slug: `${slug}-exhibitors`, name: `${ev.name} Exhibitor Portal`, kind: 'exhibitor', eventId: ev.id },
  ];
}

function eventSummary(db: SessionboardSeed, ev: SbEvent): EventSummary {
  const speakers = speakerIds(db, ev.id);
  return {
    id: ev.id,
    name: ev.name,
    timezone: ev.timezone,
    startsAt: ev.starts_at,
    endsAt: ev.ends_at,
    counts: {
      sessions: live(db.sessions).filter((s) => s.event_id === ev.id).length,
      speakers: speakers.size,
      exhibitors: live(db.exhibitors).filter((x) => x.event_id === ev.id).length,
    },
    portals: portalsOf(ev),
  };
}

function roleOf(db: SessionboardSeed, eventId: number, slug: string) {
  return db.participantRoles.find((r) => r.event_id === eventId && r.slug === slug);
}

function speakerIds(db: SessionboardSeed, eventId: number): Set<string> {
  const ids = new Set<string>();
  for (const s of live(db.sessions)) {
    if (s.event_id !== eventId) continue;
    for (const p of s.participants) if (roleOf(db, eventId, p.role)?.core_role === 'speaker') ids.add(p.contact_id);
  }
  return ids;
}

function statusOf(db: SessionboardSeed, s: SbSession) {
  const byId = s.custom_status_id ? db.statuses.find((x) => x.id === s.custom_status_id) : undefined;
  return byId ?? db.statuses.find((x) => x.event_id === s.event_id && x.status === s.status && !x.is_custom);
}

function customContactFields(db: SessionboardSeed, eventId: number, module: 'contact' | 'group' = 'contact'): FieldColumn[] {
  return db.fields
    .filter((f) => f.event_id === eventId && f.module === module && f.field_source === 'custom')
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .map((f) => ({ internalName: f.internal_name, name: f.name }));
}

function taskDefinitions(db: SessionboardSeed, ev: SbEvent): TaskDefinition[] {
  const due = new Date(new Date(ev.starts_at).getTime() - 7 * 86_400_000).toISOString();
  const field = (module: 'contact' | 'group'): FieldColumn =>
    customContactFields(db, ev.id, module).find((f) => f.internalName === GLEANIN_LINK.internalName) ?? GLEANIN_LINK;
  return [
    {
      id: 'task-gleanin-share',
      name: 'Gleanin - Share Your Participation',
      description: `<p>Let your network know you are part of ${ev.name}: open your personal share link.</p>`,
      target: 'Contact',
      required: true,
      dueAt: due,
      linkField: field('contact'),
      linkUrl: null,
    },
    {
      id: 'task-speaker-profile',
      name: 'Complete Your Speaker Profile',
      description: '<p>Check your bio, job title and headshot.</p>',
      target: 'Contact',
      required: true,
      dueAt: due,
      linkField: null,
      linkUrl: null,
    },
    {
      id: 'task-gleanin-share-group',
      name: 'Gleanin - Share Your Exhibitor Participation',
      description: `<p>Share your company's presence at ${ev.name}.</p>`,
      target: 'Group',
      required: false,
      dueAt: due,
      linkField: field('group'),
      linkUrl: null,
    },
  ];
}

export function createAppApi(opts: AppApiOptions): AppApi {
  const config = { delayMs: DEFAULT_DELAY_MS };
  /** Task completions are app state (not in the Public API): `${eventId}:${taskId}:${contactId|groupId}`. */
  const completed = new Set<string>();
  const app = new Hono().basePath(APP_API);

  app.use('*', async (c, next) => {
    const q = c.req.query('delay');
    const ms = q !== undefined && /^\d+$/.test(q) ? Math.min(Number(q), MAX_DELAY_MS) : config.delayMs;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    c.header('cache-control', 'no-store');
    await next();
  });

  const notFound = (c: Context, message: string) => c.json({ error: 'NotFoundError', message }, 404);
  const eventOr404 = (c: Context): SbEvent | null => {
    const id = Number(c.req.param('eventId'));
    return opts.db.data.events.find((e) => e.id === id) ?? null;
  };
  const findContact = (db: SessionboardSeed, eventId: number, key: string | undefined): SbContact | undefined => {
    if (!key) return undefined;
    const k = key.trim().toLowerCase();
    return live(db.contacts).find((x) => x.event_id === eventId && (x.id === key || (x.email ?? '').trim().toLowerCase() === k));
  };

  app.get('/org', (c) => {
    const db = opts.db.data;
    return c.json<OrgPayload>({ org: ORG, events: db.events.map((e) => eventSummary(db, e)) });
  });

  app.get('/events/:eventId', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    return c.json({ event: eventSummary(opts.db.data, ev) });
  });

  app.get('/events/:eventId/agenda', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const contacts = new Map(db.contacts.map((x) => [x.id, x]));
    // Agenda shows accepted sessions only by default (as the real app's Agenda Settings do).
    const sessions = live(db.sessions).filter((s) => s.event_id === ev.id && s.status === 'accepted');
    const rows: AgendaRow[] = sessions
      .sort((a, b) => (a.starts_at ?? '9999').localeCompare(b.starts_at ?? '9999') || a.friendly_id_raw - b.friendly_id_raw)
      .map((s) => {
        const st = statusOf(db, s);
        return {
          id: s.id,
          friendlyId: s.friendly_id,
          title: s.title ?? '',
          statusName: st?.name ?? 'Accepted',
          // The agenda's chips are green for every status of the Accepted category (as on the real Agenda).
          statusColor: '#4ccb6a',
          source: 'Manual',
          startsAt: s.starts_at,
          endsAt: s.ends_at,
          track: db.tracks.find((t) => t.id === s.track_id)?.name ?? '',
          room: db.rooms.find((r) => r.id === s.room_id)?.name ?? '',
          speakers: [...s.participants]
            .sort((a, b) => a.order - b.order)
            .map((p) => contacts.get(p.contact_id))
            .filter((x): x is SbContact => !!x)
            .map(fullName),
          parentId: s.parent_session_id,
        };
      });
    // Conflicts: scheduled sessions overlapping another one in the same room.
    let conflicts = 0;
    const scheduled = sessions.filter((s) => s.starts_at && s.ends_at && s.room_id);
    for (const s of scheduled) {
      if (scheduled.some((o) => o !== s && o.room_id === s.room_id && o.starts_at! < s.ends_at! && s.starts_at! < o.ends_at!)) conflicts++;
    }
    return c.json<AgendaPayload>({ event: eventSummary(db, ev), sessions: rows, conflicts });
  });

  app.get('/events/:eventId/exhibitors', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const exhibitors = live(db.exhibitors)
      .filter((x) => x.event_id === ev.id)
      .sort((a, b) => a.friendly_id_raw - b.friendly_id_raw)
      .map((x) => {
        const primary = db.contacts.find((c2) => c2.id === x.primary_contact_id && c2.deleted_at === null);
        return {
          id: x.id,
          friendlyId: x.friendly_id,
          name: x.name,
          tier: x.tier ?? '',
          website: x.website ?? '',
          primaryContact: primary ? contactRef(primary) : null,
          teamSize: x.contact_ids.length,
        };
      });
    return c.json<ExhibitorsPayload>({ event: eventSummary(db, ev), exhibitors });
  });

  app.get('/events/:eventId/speakers', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const ids = speakerIds(db, ev.id);
    const sessionCount = new Map<string, number>();
    for (const s of live(db.sessions)) {
      if (s.event_id !== ev.id) continue;
      for (const p of s.participants) sessionCount.set(p.contact_id, (sessionCount.get(p.contact_id) ?? 0) + 1);
    }
    const speakers = live(db.contacts)
      .filter((x) => x.event_id === ev.id && ids.has(x.id))
      .sort((a, b) => a.friendly_id_raw - b.friendly_id_raw)
      .map((x) => ({
        id: x.id,
        friendlyId: x.friendly_id,
        name: fullName(x),
        email: x.email,
        company: x.company_name ?? '',
        title: x.title ?? '',
        sessionCount: sessionCount.get(x.id) ?? 0,
        customFields: { ...x.custom_fields },
      }));
    return c.json<SpeakersPayload>({ event: eventSummary(db, ev), fields: customContactFields(db, ev.id), speakers });
  });

  app.get('/events/:eventId/tasks', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    return c.json<TasksPayload>({ event: eventSummary(db, ev), tasks: taskDefinitions(db, ev) });
  });

  app.get('/events/:eventId/portal/contacts', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const roles = new Map<string, Set<string>>();
    const add = (id: string, role: string) => roles.set(id, (roles.get(id) ?? new Set()).add(role));
    for (const s of live(db.sessions)) {
      if (s.event_id !== ev.id) continue;
      for (const p of s.participants) add(p.contact_id, roleOf(db, ev.id, p.role)?.name ?? 'Speaker');
    }
    for (const x of live(db.exhibitors)) if (x.event_id === ev.id) for (const id of x.contact_ids) add(id, `Exhibitor: ${x.name}`);
    const contacts = live(db.contacts)
      .filter((x) => x.event_id === ev.id && roles.has(x.id))
      .sort((a, b) => a.friendly_id_raw - b.friendly_id_raw)
      .map((x) => ({ ...contactRef(x), roles: [...roles.get(x.id)!] }));
    return c.json<PortalLoginPayload>({ event: eventSummary(db, ev), contacts });
  });

  const portalPayload = (
    db: SessionboardSeed,
    ev: SbEvent,
    contact: SbContact,
    groupId: string | undefined,
    portal: PortalRef | null = null,
  ): PortalPayload | string => {
    const groups = live(db.exhibitors).filter((x) => x.event_id === ev.id && x.contact_ids.includes(contact.id));
    // The exhibitor portal opens on the exhibitor the contact is primary contact of, else their first team.
    const defaultGroup = portal?.kind === 'exhibitor' ? (groups.find((g) => g.primary_contact_id === contact.id) ?? groups[0]) : undefined;
    const group = groupId ? groups.find((g) => g.id === groupId) : defaultGroup;
    if (groupId && !group) return `Contact ${contact.id} is not a team member of exhibitor ${groupId}`;
    if (portal?.kind === 'exhibitor' && !group) return `${fullName(contact)} is not a team member of an exhibitor of ${ev.name}`;
    if (portal?.kind === 'speaker' && !live(db.sessions).some((s) => s.event_id === ev.id && s.participants.some((p) => p.contact_id === contact.id))) {
      return `${fullName(contact)} is not a participant of ${ev.name}'s speaker portal`;
    }
    const portals: PortalChoice[] = [
      { kind: 'contact', groupId: null, title: fullName(contact), subtitle: 'Portal User' },
      ...groups.map((g): PortalChoice => ({ kind: 'group', groupId: g.id, title: g.name, subtitle: 'Exhibitor Portal' })),
    ];
    const sessions = live(db.sessions)
      .filter((s) => s.event_id === ev.id && s.participants.some((p) => p.contact_id === contact.id))
      .sort((a, b) => (a.starts_at ?? '9999').localeCompare(b.starts_at ?? '9999'))
      .map((s) => ({
        id: s.id,
        friendlyId: s.friendly_id,
        title: s.title || 'Untitled session',
        role: roleOf(db, ev.id, s.participants.find((p) => p.contact_id === contact.id)!.role)?.name ?? 'Speaker',
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        room: db.rooms.find((r) => r.id === s.room_id)?.name ?? '',
      }));
    const owner = group ? group.id : contact.id;
    // A task's "Use Field" reads the field of its target: the contact's own for Contact tasks, the
    // exhibitor's (group) field for Group tasks.
    const valuesOf = (t: TaskDefinition) => (t.target === 'Group' ? (group?.custom_fields ?? {}) : contact.custom_fields);
    // Legacy layout: a group portal shows the group's tasks only. The exhibitor portal shows each team
    // member their contact tasks too (the contact-field route works per person) and the group tasks.
    const tasks: PortalTask[] = taskDefinitions(db, ev)
      .filter((t) => (portal?.kind === 'exhibitor' ? true : group ? t.target === 'Group' : t.target === 'Contact'))
      .map((t) => ({
        ...t,
        link: t.linkField ? (valuesOf(t)[t.linkField.internalName] || null) : t.linkUrl,
        completed: completed.has(`${ev.id}:${t.id}:${owner}`),
      }));
    return {
      event: eventSummary(db, ev),
      contact: {
        ...contactRef(contact),
        firstName: contact.first_name,
        lastName: contact.last_name,
        company: contact.company_name ?? '',
        title: contact.title ?? '',
        about: contact.about ?? '',
      },
      portals,
      group: group ? { id: group.id, name: group.name } : null,
      portal,
      gleaninLink: contact.custom_fields[GLEANIN_LINK.internalName] || null,
      sessions,
      tasks,
    };
  };

  app.get('/events/:eventId/portal/me', (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const contact = findContact(db, ev.id, c.req.query('contact'));
    if (!contact) return c.json({ error: 'UnauthorizedError', message: 'Not signed in: choose a contact on the portal sign-in page' }, 401);
    const payload = portalPayload(db, ev, contact, c.req.query('group') || undefined);
    if (typeof payload === 'string') return c.json({ error: 'ForbiddenError', message: payload }, 403);
    return c.json(payload);
  });

  const portalOr404 = (c: Context): { portal: PortalRef; ev: SbEvent } | null => {
    for (const ev of opts.db.data.events) {
      const portal = portalsOf(ev).find((p) => p.id === c.req.param('portalId'));
      if (portal) return { portal, ev };
    }
    return null;
  };
  /** The sandbox sign-in is `?contact=<contact id>`; the contact must belong to the portal's event. */
  const signedIn = (c: Context, ev: SbEvent) => findContact(opts.db.data, ev.id, c.req.query('contact'));

  app.get('/portals/:portalId/contacts', (c) => {
    const found = portalOr404(c);
    if (!found) return notFound(c, `Portal ${c.req.param('portalId')} not found`);
    const { portal, ev } = found;
    const db = opts.db.data;
    const roles = new Map<string, Set<string>>();
    const add = (id: string, role: string) => roles.set(id, (roles.get(id) ?? new Set()).add(role));
    if (portal.kind === 'speaker') {
      for (const s of live(db.sessions)) {
        if (s.event_id !== ev.id) continue;
        for (const p of s.participants) add(p.contact_id, roleOf(db, ev.id, p.role)?.name ?? 'Speaker');
      }
    } else {
      for (const x of live(db.exhibitors)) {
        if (x.event_id !== ev.id) continue;
        for (const id of x.contact_ids) add(id, `${x.primary_contact_id === id ? 'Primary contact' : 'Team member'}: ${x.name}`);
      }
    }
    const contacts = live(db.contacts)
      .filter((x) => x.event_id === ev.id && roles.has(x.id))
      .sort((a, b) => a.friendly_id_raw - b.friendly_id_raw)
      .map((x) => ({ ...contactRef(x), roles: [...roles.get(x.id)!] }));
    return c.json<PortalLoginPayload>({ event: eventSummary(db, ev), contacts });
  });

  app.get('/portals/:portalId/me', (c) => {
    const found = portalOr404(c);
    if (!found) return notFound(c, `Portal ${c.req.param('portalId')} not found`);
    const contact = signedIn(c, found.ev);
    if (!contact) return c.json({ error: 'UnauthorizedError', message: 'Not signed in: sign in on the portal login page' }, 401);
    const payload = portalPayload(opts.db.data, found.ev, contact, c.req.query('group') || undefined, found.portal);
    if (typeof payload === 'string') return c.json({ error: 'ForbiddenError', message: payload }, 403);
    return c.json(payload);
  });

  /** The portal chooser: every portal of the contact's event they take part in, with their name only. */
  app.get('/me/portals', (c) => {
    const db = opts.db.data;
    const key = c.req.query('contact');
    const contact = key ? live(db.contacts).find((x) => x.id === key) : undefined;
    if (!contact) return c.json({ error: 'UnauthorizedError', message: 'Not signed in: sign in on a portal login page' }, 401);
    const ev = db.events.find((e) => e.id === contact.event_id);
    if (!ev) return notFound(c, `Event ${contact.event_id} not found`);
    const [speakerPortal, exhibitorPortal] = portalsOf(ev);
    const portals: MePortalsPayload['portals'] = [];
    if (live(db.sessions).some((s) => s.event_id === ev.id && s.participants.some((p) => p.contact_id === contact.id))) {
      portals.push({ ...speakerPortal, eventName: ev.name, subtitle: 'Portal User', groupId: null });
    }
    for (const g of live(db.exhibitors).filter((x) => x.event_id === ev.id && x.contact_ids.includes(contact.id))) {
      portals.push({ ...exhibitorPortal, name: g.name, eventName: ev.name, subtitle: 'Exhibitor Portal', groupId: g.id });
    }
    return c.json<MePortalsPayload>({ name: fullName(contact), portals });
  });

  app.post('/events/:eventId/portal/tasks/:taskId/complete', async (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const body = (await c.req.json().catch(() => ({}))) as { contact?: string; group?: string; completed?: boolean };
    const contact = findContact(db, ev.id, body.contact);
    if (!contact) return c.json({ error: 'UnauthorizedError', message: 'Not signed in' }, 401);
    const task = taskDefinitions(db, ev).find((t) => t.id === c.req.param('taskId'));
    if (!task) return notFound(c, `Task ${c.req.param('taskId')} not found`);
    const key = `${ev.id}:${task.id}:${body.group || contact.id}`;
    if (body.completed === false) completed.delete(key);
    else completed.add(key);
    return c.json({ completed: completed.has(key) });
  });

  /** Profile edits write the same contact record the Public API serves (updated_at moves). */
  app.put('/events/:eventId/portal/profile', async (c) => {
    const ev = eventOr404(c);
    if (!ev) return notFound(c, `Event ${c.req.param('eventId')} not found`);
    const db = opts.db.data;
    const body = (await c.req.json().catch(() => ({}))) as { contact?: string; title?: unknown; company?: unknown };
    const contact = findContact(db, ev.id, body.contact);
    if (!contact) return c.json({ error: 'UnauthorizedError', message: 'Not signed in' }, 401);
    for (const key of ['title', 'company'] as const) {
      const v = body[key];
      if (v !== undefined && (typeof v !== 'string' || v.length > 255)) {
        return c.json({ error: 'BadRequestError', message: `${key} must be a text of at most 255 characters` }, 400);
      }
    }
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() || null : undefined);
    try {
      opts.db.updateContact(ev.id, contact.id, { title: text(body.title), company_name: text(body.company) });
    } catch (err) {
      if (err instanceof SbError) return c.json(err.body(), err.status);
      throw err;
    }
    return c.json({ ok: true });
  });

  app.all('*', (c) => notFound(c, `No app API route ${c.req.method} ${c.req.path}`));
  return { app, config };
}
