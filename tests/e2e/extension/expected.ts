/**
 * What Gleanin must hold after a sync, worked out from the Sessionboard emulator's own records
 * (`/__sandbox/sessionboard/state`), independently of the engine: which records are eligible and which emails conflict,
 * applied to the seed's stored data (participants by role slug, statuses by category).
 */
import { expect } from 'vitest';
import type { SbContact, SbExhibitor, SbParticipantRole, SbSession } from '../../../sandbox/seed/types.ts';
import { sandboxState, type Sandbox } from '../../../sandbox/browser/harness.ts';

export interface SbState {
  sessions: SbSession[];
  contacts: SbContact[];
  exhibitors: SbExhibitor[];
  participantRoles: SbParticipantRole[];
  requestLog: { total: number; byRoute: Record<string, number> };
}

export interface GlSpeaker {
  id: number;
  event_id: number;
  external_idx: string | null;
  name: string;
  email: string | null;
  company_name: string | null;
  groups: string[];
  session_ids: string[];
  campaign_links: { campaign_id: number; campaign_name: string; url: string }[];
}
export interface GlSession {
  id: number;
  event_id: number;
  external_idx: string | null;
  title: string;
  starts_at: string | null;
  ends_at: string | null;
  speaker_ids: string[];
}
export interface GlState {
  speakers: (GlSpeaker & { updated_at: string })[];
  sessions: (GlSession & { updated_at: string })[];
  requestLog: { total: number; byRoute: Record<string, number> };
}

const clean = (s: string | null | undefined) => (s ?? '').trim();
const email = (s: string | null | undefined) => clean(s).toLowerCase();
const validEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

export const gleaninState = (sandbox: Sandbox) => sandboxState<GlState>(sandbox, 'gleanin');
export const sessionboardState = (sandbox: Sandbox) => sandboxState<SbState>(sandbox, 'sessionboard');

/** The Sessionboard ids our external ids name (`sb:<event>:session:<id>`, `sb:<event>:contact:<id>`). */
export const sbIdOf = (externalIdx: string | null) => externalIdx?.split(':').at(-1) ?? null;

/** Records in one Gleanin event that carry our external id, by kind. */
export function ours(gl: GlState, gleaninEventId: string) {
  const ev = Number(gleaninEventId);
  return {
    sessions: gl.sessions.filter((s) => s.event_id === ev && /^sb:\d+:session:/.test(s.external_idx ?? '')),
    speakers: gl.speakers.filter((s) => s.event_id === ev && /^sb:\d+:(adopted-)?contact:/.test(s.external_idx ?? '')),
    exhibitorContacts: gl.speakers.filter((s) => s.event_id === ev && /^sb:\d+:exhibitor-contact:/.test(s.external_idx ?? '')),
  };
}

/** Eligible sessions (accepted, top-level, titled, scheduled, not ended) and their valid speakers' emails. */
export function expectedSessionSync(sb: SbState, sbEventId: number, gl: GlState, gleaninEventId: string, now = new Date()) {
  const speakerRoles = new Set(sb.participantRoles.filter((r) => r.event_id === sbEventId && r.core_role === 'speaker').map((r) => r.slug));
  const contacts = new Map(sb.contacts.filter((c) => c.event_id === sbEventId && !c.deleted_at).map((c) => [c.id, c]));
  const sessions = sb.sessions.filter(
    (s) =>
      s.event_id === sbEventId &&
      !s.deleted_at &&
      s.status === 'accepted' &&
      !s.parent_session_id &&
      clean(s.title) !== '' &&
      s.starts_at !== null &&
      s.ends_at !== null &&
      Date.parse(s.ends_at) > Date.parse(s.starts_at) &&
      Date.parse(s.ends_at) > now.getTime(),
  );
  const emails = new Set<string>();
  for (const s of sessions) {
    for (const p of s.participants) {
      const c = contacts.get(p.contact_id);
      if (!c || !speakerRoles.has(p.role)) continue;
      if (!clean(c.first_name) || !clean(c.last_name) || !validEmail(email(c.email))) continue;
      emails.add(email(c.email));
    }
  }
  // A speaker that exists in Gleanin without our external id is a conflict, not created.
  const foreign = new Set(gl.speakers.filter((s) => s.event_id === Number(gleaninEventId) && !s.external_idx).map((s) => email(s.email)));
  const conflicts = [...emails].filter((e) => foreign.has(e));
  for (const e of conflicts) emails.delete(e);
  return { sessionIds: new Set(sessions.map((s) => s.id)), speakerEmails: emails, conflicts };
}

/** Exhibitor team members with a valid name and email, as emails, with the exhibitor's name. */
export function expectedExhibitorContacts(sb: SbState, sbEventId: number) {
  const contacts = new Map(sb.contacts.filter((c) => c.event_id === sbEventId && !c.deleted_at).map((c) => [c.id, c]));
  const out = new Map<string, string>();
  for (const x of sb.exhibitors.filter((x) => x.event_id === sbEventId && !x.deleted_at && clean(x.name))) {
    for (const id of x.contact_ids) {
      const c = contacts.get(id);
      if (!c || !clean(c.first_name) || !clean(c.last_name) || !validEmail(email(c.email))) continue;
      if (!out.has(email(c.email))) out.set(email(c.email), clean(x.name));
    }
  }
  return out;
}

/** Counts the result toast states: "Sync complete: N sessions, M speakers" or "Synced X of Y sessions and A of B speakers". */
export function syncResultCounts(text: string): { sessions: number; speakers: number } {
  const complete = /Sync complete: (\d+) sessions?, (\d+) speakers?/.exec(text);
  if (complete) return { sessions: Number(complete[1]), speakers: Number(complete[2]) };
  const partial = /Synced (\d+) of \d+ sessions and (\d+) of \d+ speakers/.exec(text);
  if (partial) return { sessions: Number(partial[1]), speakers: Number(partial[2]) };
  throw new Error(`Not a sync result: ${text}`);
}

/** Gleanin's write requests (POST/PATCH/DELETE) from its request log, by route. */
export function writes(gl: GlState): Record<string, number> {
  return Object.fromEntries(Object.entries(gl.requestLog.byRoute).filter(([k]) => /^(POST|PATCH|DELETE) /.test(k)));
}
export const writeCount = (gl: GlState) => Object.values(writes(gl)).reduce((a, b) => a + b, 0);

/** Write requests per HTTP method (the log's route keys are not always resolved to a resource). */
export function writesByMethod(gl: GlState): { POST: number; PATCH: number; DELETE: number } {
  const out = { POST: 0, PATCH: 0, DELETE: 0 };
  for (const [k, v] of Object.entries(writes(gl))) out[k.split(' ')[0] as keyof typeof out] += v;
  return out;
}

/** Asserts Gleanin event 11846 holds exactly the expected sessions and speakers of SB event 4001 (the seeded pair), each once. */
export async function expectExactSessionSync(sandbox: Sandbox): Promise<{ gl: GlState; expected: ReturnType<typeof expectedSessionSync> }> {
  const gl = await gleaninState(sandbox);
  const sb = await sessionboardState(sandbox);
  const expected = expectedSessionSync(sb, 4001, gl, '11846');
  const mine = ours(gl, '11846');
  const sessionIds = mine.sessions.map((s) => sbIdOf(s.external_idx)!);
  expect(new Set(sessionIds).size, 'no duplicate session').toBe(sessionIds.length);
  expect([...sessionIds].sort()).toEqual([...expected.sessionIds].sort());
  const emails = mine.speakers.map((s) => (s.email ?? '').toLowerCase());
  expect(new Set(emails).size, 'no duplicate speaker').toBe(emails.length);
  expect([...emails].sort()).toEqual([...expected.speakerEmails].sort());
  const externalIds = mine.speakers.map((s) => s.external_idx);
  expect(new Set(externalIds).size).toBe(externalIds.length);
  // The hand-made Gleanin speaker (an email conflict) is untouched and not duplicated.
  const foreign = gl.speakers.filter((s) => s.event_id === Number('11846') && !s.external_idx);
  expect(foreign.map((s) => s.email)).toEqual(['dup.speaker@example.com']);
  return { gl, expected };
}

