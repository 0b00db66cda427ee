/**
 * Test harness for the sync engine against the two emulators, in-process: the real clients get a
 * fetch that hands each request straight to the emulator's hono app (no sockets), so a full sync of
 * a small seeded event takes milliseconds and hundreds of runs fit in one test file.
 */
import { beforeEach } from 'vitest';
import { BridgeDb, type ConnectionMeta, type MappingSettings } from '../../../lib/store/db.ts';
import { GleaninClient } from '../../../lib/gleanin/client.ts';
import { SessionboardClient } from '../../../lib/sessionboard/client.ts';
import { createSyncService, type SyncService } from '../../../lib/sync/service.ts';
import type { RunContext } from '../../../lib/sync/run.ts';
import { createGleaninEmulator, type GleaninEmulator } from '../../../sandbox/gleanin/index.ts';
import { createSessionboardEmulator, type SessionboardEmulator } from '../../../sandbox/sessionboard/index.ts';

export const GL_BASE = 'http://gleanin.test/api/clients/v1';
export const SB_BASE = 'http://sessionboard.test';
/** The seeded event pairs (sandbox/README.md "Seed", sandbox/gleanin/README.md "Seed"). */
export const ACME = { sb: 4001, gl: '11846', zone: 'America/New_York' } as const;
export const EXPO = { sb: 4003, gl: '11848', zone: 'America/Los_Angeles' } as const;

type Fetch = typeof globalThis.fetch;
export const inProcess = (app: { fetch: (req: Request) => Response | Promise<Response> }): Fetch => (input, init) =>
  Promise.resolve(app.fetch(new Request(input as RequestInfo, init)));

export interface Emulators {
  gleanin: GleaninEmulator;
  sessionboard: SessionboardEmulator;
  now: Date;
}

export function createEmulators(seed: number | 'demo' = 16): Emulators {
  const now = new Date();
  return { gleanin: createGleaninEmulator({ now }), sessionboard: createSessionboardEmulator({ seed, now }), now };
}

/** The emulators of one test file, back at their seed before each of its tests. */
export function emulatorsPerFile(seed: number | 'demo' = 16): Emulators {
  const emu = createEmulators(seed);
  beforeEach(() => {
    emu.gleanin.reset();
    emu.sessionboard.reset();
  });
  return emu;
}

export interface HarnessOptions {
  /** Which Sessionboard token the connection holds (default: the write token). */
  sbToken?: keyof SessionboardEmulator['tokens'];
  /** Wraps the Gleanin fetch (interruption tests). */
  wrapGleaninFetch?: (f: Fetch) => Fetch;
  /** Wraps the Sessionboard fetch (answers a real service may give that the emulator does not make). */
  wrapSessionboardFetch?: (f: Fetch) => Fetch;
  /** Passed to both clients' transports: stops every request of a killed run. */
  signal?: AbortSignal;
  /** Give the clients the service's pacer hook (default true). */
  pace?: boolean;
  /** Longest Retry-After slept through (default 60 s). */
  maxRetryAfterMs?: number;
  db?: BridgeDb;
  canWriteContacts?: boolean;
  canWriteFields?: boolean;
  hostAccess?: RunContext['hostAccess'];
}

export interface Harness {
  service: SyncService;
  db: BridgeDb;
  connect(): Promise<void>;
  map(pair: { sb: number; gl: string; zone: string }, settings?: Partial<MappingSettings>): Promise<string>;
}

let dbCounter = 0;

export function harness(emu: Emulators, opts: HarnessOptions = {}): Harness {
  const db = opts.db ?? new BridgeDb(`sync-it-${process.pid}-${++dbCounter}-${Math.random()}`);
  const sbToken = emu.sessionboard.tokens[opts.sbToken ?? 'write'];
  const transport = { backoff: { baseMs: 1, capMs: 4 }, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: opts.maxRetryAfterMs } : {}) };
  const glFetch = inProcess(emu.gleanin.app);
  const service: SyncService = createSyncService({
    db,
    now: () => new Date(),
    hostAccess: opts.hostAccess,
    clients: () => ({
      gleanin: new GleaninClient({
        baseUrl: GL_BASE, token: emu.gleanin.tokens.valid, fetch: opts.wrapGleaninFetch ? opts.wrapGleaninFetch(glFetch) : glFetch, ...transport,
        ...(opts.pace === false ? {} : { onRateLimit: service.pacer.onRateLimit }),
      }),
      sessionboard: new SessionboardClient({
        baseUrl: SB_BASE, token: sbToken, ...transport,
        fetch: opts.wrapSessionboardFetch ? opts.wrapSessionboardFetch(inProcess(emu.sessionboard.app)) : inProcess(emu.sessionboard.app),
      }),
    }),
  });
  const meta: Omit<ConnectionMeta, 'id'> = {
    sessionboardRegion: 'us', gleaninTokenMasked: '••••d4', sessionboardTokenMasked: '••••f8',
    canWriteContacts: opts.canWriteContacts ?? true, canWriteFields: opts.canWriteFields ?? true, connectedAt: new Date().toISOString(),
  };
  return {
    service,
    db,
    connect: () => service.saveConnection(meta),
    map: async (pair, settings) => {
      const m = await service.addMapping({
        sbEventId: pair.sb, sbEventName: `SB ${pair.sb}`, sbTimeZone: pair.zone, gleaninEventId: pair.gl, gleaninEventTitle: `GL ${pair.gl}`,
        settings: { gleaninTimeZone: pair.zone, ...settings },
      });
      return m.id;
    },
  };
}

// --- reading and changing the emulators -------------------------------------------------------------

/** Sessionboard changes go through the SB emulator's own write API with the write token, as an organizer's edits would. */
export async function sbWrite(emu: Emulators, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const res = await emu.sessionboard.app.fetch(
    new Request(`${SB_BASE}/v1/event/${path}`, {
      method,
      headers: { 'x-access-token': emu.sessionboard.tokens.write, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const json = await res.json();
  if (!res.ok) throw new Error(`SB ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Sessionboard records by friendly id (ids are UUIDs; tests speak of SESS-n / CONT-n). */
export function sbIds(emu: Emulators, eventId: number = ACME.sb) {
  const session = (friendly: string) => emu.sessionboard.db.sessions(eventId).find((s) => s.friendly_id === friendly)!;
  const contact = (friendly: string) => emu.sessionboard.db.contacts(eventId).find((c) => c.friendly_id === friendly)!;
  return {
    session, contact,
    sessionKey: (f: string) => `sb:${eventId}:session:${session(f).id}`,
    contactKey: (f: string) => `sb:${eventId}:contact:${contact(f).id}`,
    /** The id an adopted speaker (made by hand in Gleanin) carries. */
    adoptedKey: (f: string) => `sb:${eventId}:adopted-contact:${contact(f).id}`,
  };
}

/** Gleanin records of one event as the emulator holds them. */
export function glState(emu: Emulators, eventId: string = ACME.gl) {
  const snap = emu.gleanin.store.snapshot();
  const speakers = snap.speakers.filter((s) => String(s.event_id) === eventId);
  const sessions = snap.sessions.filter((s) => String(s.event_id) === eventId);
  const speakerByKey = new Map(speakers.filter((s) => s.external_idx).map((s) => [s.external_idx!, s]));
  const sessionByKey = new Map(sessions.filter((s) => s.external_idx).map((s) => [s.external_idx!, s]));
  const keyOfSpeaker = new Map(speakers.map((s) => [String(s.id), s.external_idx ?? `gleanin:${s.id}`]));
  return {
    speakers,
    sessions,
    speakerByKey,
    sessionByKey,
    /** A session's speakers as external ids, sorted. */
    speakerKeysOf: (sessionKey: string) => (sessionByKey.get(sessionKey)?.speaker_ids ?? []).map((id) => keyOfSpeaker.get(String(id))!).sort(),
  };
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const SB_READ_ROUTES = /^POST \/v1\/event\/:[a-zA-Z]+\/(sessions|speakers|contacts|exhibitors|fields|session-statuses)$/;

/** Requests since the logs were last cleared, split into reads and writes per service. */
export function requests(emu: Emulators) {
  const gl = emu.gleanin.controls.log.snapshot().byRoute;
  const sb = emu.sessionboard.controls.log.snapshot().byRoute;
  const sum = (log: Record<string, number>, pick: (route: string) => boolean) =>
    Object.entries(log).filter(([r]) => pick(r)).reduce((n, [, c]) => n + c, 0);
  const glWrite = (r: string) => WRITE_METHODS.has(r.split(' ')[0]);
  const sbWriteRoute = (r: string) => WRITE_METHODS.has(r.split(' ')[0]) && !SB_READ_ROUTES.test(r);
  return {
    gleanin: gl,
    sessionboard: sb,
    gleaninWrites: sum(gl, glWrite),
    gleaninReads: sum(gl, (r) => !glWrite(r)),
    sessionboardWrites: sum(sb, sbWriteRoute),
    sessionboardReads: sum(sb, (r) => !sbWriteRoute(r)),
    /** Gleanin write requests per route, e.g. {"PATCH /api/clients/v1/sessions/:id": 1}. */
    gleaninWriteRoutes: Object.fromEntries(Object.entries(gl).filter(([r]) => glWrite(r))),
  };
}

export function clearLogs(emu: Emulators): void {
  emu.gleanin.controls.log.clear();
  emu.sessionboard.controls.log.clear();
}

/** Gleanin event 11846 as comparable data: Sessionboard ids named by friendly id, Gleanin ids by external id. */
export function normalised(emu: Emulators) {
  const gl = glState(emu);
  const db = emu.sessionboard.db;
  const friendly = (ext: string | null, id: number) => {
    const m = /^sb:\d+:(?:adopted-)?(session|contact):(.+)$/.exec(ext ?? '');
    if (!m) return `gleanin:${id}`;
    const rec = m[1] === 'session' ? db.session(ACME.sb, m[2], { deleted: true }) : db.contact(ACME.sb, m[2], { deleted: true });
    return `${m[1]}:${rec.friendly_id}`;
  };
  const keyOf = new Map(gl.speakers.map((s) => [String(s.id), friendly(s.external_idx, s.id)]));
  const speakers = gl.speakers.map((s) => [keyOf.get(String(s.id))!, { name: s.name, email: s.email, job: s.job_title, company: s.company_name, headshot: s.headshot_url, groups: [...s.groups].sort() }] as const);
  const sessions = gl.sessions.map((s) => [
    friendly(s.external_idx, s.id),
    { title: s.title, description: s.description, schedule: s.schedule, starts: s.starts_at, ends: s.ends_at, tracks: s.tracks, speakers: s.speaker_ids.map((id) => keyOf.get(String(id))).sort() },
  ] as const);
  return {
    speakers: Object.fromEntries(speakers),
    sessions: Object.fromEntries(sessions),
    /** Records whose key repeats (a duplicate) would vanish in the objects above: count them. */
    counts: { speakers: speakers.length, sessions: sessions.length },
  };
}

/** A fetch whose Nth write reaches the emulator, after which the service worker is gone. */
export function dyingAt(n: number, worker: AbortController): (f: Fetch) => Fetch {
  let writes = 0;
  return (f) => async (input, init) => {
    if (worker.signal.aborted) throw new TypeError('fetch failed');
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method === 'GET' || ++writes < n) return f(input, init);
    await f(input, init); // performed by Gleanin...
    worker.abort(new Error('service worker stopped'));
    throw new TypeError('fetch failed'); // ...but its answer never arrives
  };
}
