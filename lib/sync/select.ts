/**
 * Which Sessionboard records go to Gleanin and, for every one that does not, why and what to fix.
 * Pure: takes the wire records as read, returns the desired Gleanin state; each record's synced
 * fields come from its mapper (lib/sync/mappers/).
 */
import type { SbExhibitor } from '../sessionboard/adapter.ts';
import type { SbPerson, SbSession } from '../sessionboard/schemas.ts';
import type { MappingSettings } from '../store/db.ts';
import { isMaskedEmail } from '../sessionboard/adapter.ts';
import { clean, headshot, looksLikeEmail, normaliseEmail, parseSessionTime, personName } from './fields.ts';
import { externalIdOf } from './keys.ts';
import { type SbExhibitorContact, exhibitorContactMapper, exhibitorPicture } from './mappers/exhibitor-contact.ts';
import { sessionMapper } from './mappers/session.ts';
import { speakerMapper } from './mappers/speaker.ts';
import type { DesiredPerson, DesiredSession, DesiredState, PersonRole, Problem } from './model.ts';

export type SelectSettings = Pick<MappingSettings, 'syncChairpersons' | 'syncModerators' | 'tracksFrom'>;

export interface Selection {
  desired: DesiredState;
  skipped: Problem[];
  warnings: Problem[];
  /** Some email came back masked: the token hides personal data; nothing may be written. */
  maskedEmails: boolean;
  /** Accepted sessions that are not eligible for a reason the organizer can act on, by SB id. */
  ineligibleReasons: Map<string, string>;
  /** Why this read cannot be trusted to plan deletes (a required list missing, a status we do not know). */
  readIssues: string[];
}

/** Session status categories Sessionboard knows (sandbox/seed/types.ts mirrors them); custom statuses belong to one of them. */
const SESSION_STATUSES = ['accepted', 'accept_queue', 'pending', 'decline_queue', 'declined'] as const;
/** Status values compared without case, spaces or dashes: `Accepted`, `ACCEPTED`, `accept-queue`. */
const normaliseStatus = (v: string | null | undefined): string => (v ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
const knownStatus = (v: string | null | undefined) => (SESSION_STATUSES as readonly string[]).includes(normaliseStatus(v));

/** Accepted, including a custom status whose category is Accepted. */
const isAccepted = (s: SbSession): boolean =>
  normaliseStatus(s.status) === 'accepted' || normaliseStatus(s.custom_status?.status) === 'accepted';

/** The people lists the engine reads that Sessionboard sent as no list at all (null or missing). */
function missingPeopleLists(s: SbSession, settings: SelectSettings): string[] {
  const lists = ['speakers', ...(settings.syncChairpersons ? (['chairpersons'] as const) : []), ...(settings.syncModerators ? (['moderators'] as const) : [])];
  return lists.filter((k) => !Array.isArray(s[k]));
}

const sessionLabel = (s: SbSession) => clean(s.title) ?? `Untitled session${s.friendly_id ? ` ${s.friendly_id}` : ''}`;
const personLabel = (p: SbPerson) =>
  clean(p.full_name) ?? (personName(p.first_name, p.last_name) || (clean(p.email) ?? `Contact ${p.friendly_id ?? p.id}`));

function sessionProblem(s: SbSession, reason: string, fix: string, field?: string): Problem {
  return { recordType: 'session', sbId: s.id, friendlyId: s.friendly_id ?? null, label: sessionLabel(s), severity: 'skipped', reason, fix, field };
}

/** Why an accepted session cannot be synced at all, or null when it is scheduled and complete. */
function sessionIneligibility(s: SbSession, timeZone: string): Problem | null {
  if (s.parent_session_id) {
    return sessionProblem(s, 'It is a subsession; Gleanin has no nested sessions', 'Nothing to fix: its parent session is synced', 'parent_session_id');
  }
  if (!clean(s.title)) return sessionProblem(s, 'Title is missing', 'Give the session a title in Sessionboard', 'title');
  if (!s.starts_at || !s.ends_at) {
    const missing = [!s.starts_at && 'starts at', !s.ends_at && 'ends at'].filter(Boolean).join(' and ');
    return sessionProblem(s, `Not scheduled: ${missing} missing`, 'Schedule the session (date and time) in Sessionboard', !s.starts_at ? 'starts_at' : 'ends_at');
  }
  const start = parseSessionTime(s.starts_at, timeZone);
  const end = parseSessionTime(s.ends_at, timeZone);
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    return sessionProblem(s, 'Starts at or ends at is not a valid date', 'Re-enter the session times in Sessionboard', 'starts_at');
  }
  if (end <= start) return sessionProblem(s, 'Ends at is not after starts at', 'Correct the session times in Sessionboard', 'ends_at');
  return null;
}

const hasEnded = (s: SbSession, now: Date, timeZone: string): boolean => parseSessionTime(s.ends_at!, timeZone) <= now.getTime();

interface PersonInSession {
  person: SbPerson;
  role: PersonRole;
}

/** Speakers, plus chairpersons and moderators when switched on; legacy arrays and Sessions 2.0 participants. */
function peopleOf(s: SbSession, settings: SelectSettings): PersonInSession[] {
  const out: PersonInSession[] = [];
  const want = (role: PersonRole) =>
    role === 'speaker' || (role === 'chairperson' && settings.syncChairpersons) || (role === 'moderator' && settings.syncModerators);
  const add = (list: SbPerson[] | null | undefined, role: PersonRole) => {
    if (want(role)) for (const p of list ?? []) out.push({ person: p, role });
  };
  add(s.speakers, 'speaker');
  add(s.chairpersons, 'chairperson');
  add(s.moderators, 'moderator');
  for (const p of s.participants ?? []) {
    const core = p.participant_role?.core_role;
    if (core === 'speaker' || core === 'chairperson' || core === 'moderator') add([p], core);
  }
  return out;
}

interface PersonCheck {
  ok: boolean;
  problem?: Problem;
  warning?: Problem;
}

function checkPerson(p: SbPerson, recordType: 'speaker' | 'exhibitor-contact', photoUrl: string | null | undefined): PersonCheck {
  const base = { recordType, sbId: p.id, friendlyId: p.friendly_id ?? null, label: personLabel(p) } as const;
  const contactRef = `contact ${p.friendly_id ?? p.id}`;
  const skip = (reason: string, fix: string, field: string): PersonCheck => ({
    ok: false,
    problem: { ...base, severity: 'skipped', reason, fix, field },
  });
  if (!clean(p.first_name)) return skip('First name is missing', `Add a first name to ${contactRef} in Sessionboard`, 'first_name');
  if (!clean(p.last_name)) return skip('Last name is missing', `Add a last name to ${contactRef} in Sessionboard`, 'last_name');
  const email = normaliseEmail(p.email);
  if (!email) return skip('Email is missing', `Add an email address to ${contactRef} in Sessionboard`, 'email');
  if (!looksLikeEmail(email)) return skip(`Email "${email}" is not a valid address`, `Correct the email of ${contactRef} in Sessionboard`, 'email');
  const shot = headshot(photoUrl);
  return {
    ok: true,
    warning: shot.warning
      ? { ...base, severity: 'warning', reason: `${shot.warning}; synced without a headshot`, fix: `Upload a JPEG or PNG headshot for ${contactRef} in Sessionboard`, field: 'photo_url' }
      : undefined,
  };
}

/**
 * Keeps one Sessionboard contact per email (Gleanin allows one speaker per email per event);
 * the others are skipped with the reason. The lowest friendly id wins, independent of read order.
 */
function byEmailWinner(people: SbPerson[]): Map<string, SbPerson> {
  const rank = (p: SbPerson) => `${(p.friendly_id ?? '').replace(/\d+/g, (d) => d.padStart(12, '0'))}|${p.id}`;
  const winners = new Map<string, SbPerson>();
  for (const p of people) {
    const email = normaliseEmail(p.email);
    const current = winners.get(email);
    if (!current || rank(p) < rank(current)) winners.set(email, p);
  }
  return winners;
}

export function selectSessions(input: {
  /** The Sessionboard event: our external ids name it. */
  sbEventId: string | number;
  sessions: SbSession[];
  settings: SelectSettings;
  sbTimeZone: string;
  now: Date;
}): Selection {
  const { settings, now } = input;
  const skipped: Problem[] = [];
  const warnings: Problem[] = [];
  const ineligibleReasons = new Map<string, string>();
  let maskedEmails = false;

  const eligible: SbSession[] = [];
  const readIssues: string[] = [];
  for (const s of input.sessions) {
    // A status we cannot read decides nothing: the session might be accepted, so no delete may follow.
    const category = s.custom_status ? s.custom_status.status : s.status;
    if (!knownStatus(s.status) && !knownStatus(category)) {
      readIssues.push(`Session ${s.friendly_id ?? s.id} has a status this integration does not know ("${s.custom_status?.name ?? s.status ?? 'none'}")`);
    }
  }
  // "Past sessions are not synced": an ended session is neither created nor updated, but one synced
  // earlier stays in Gleanin with its people, so share pages do not vanish while speakers post them.
  const kept = { sessionKeys: [] as string[], personKeys: new Set<string>() };
  for (const s of input.sessions) {
    if (!isAccepted(s)) continue;
    const problem = sessionIneligibility(s, input.sbTimeZone);
    if (problem) {
      skipped.push(problem);
      ineligibleReasons.set(s.id, problem.reason);
    } else if (hasEnded(s, now, input.sbTimeZone)) {
      skipped.push(
        sessionProblem(s, 'The session has already ended', 'Nothing to fix: ended sessions are not created or updated; one already in Gleanin stays there with its share links', 'ends_at'),
      );
      kept.sessionKeys.push(externalIdOf.session(input.sbEventId, s.id));
      for (const { person } of peopleOf(s, settings)) kept.personKeys.add(externalIdOf.contact(input.sbEventId, person.id));
    } else eligible.push(s);
  }

  // People first: who is valid, and one contact per email.
  const roles = new Map<string, Set<PersonRole>>();
  const contexts = new Map<string, string[]>();
  const firstSeen = new Map<string, SbPerson>();
  for (const s of eligible) {
    for (const { person, role } of peopleOf(s, settings)) {
      if (isMaskedEmail(person.email)) maskedEmails = true;
      if (!firstSeen.has(person.id)) firstSeen.set(person.id, person);
      const r = roles.get(person.id) ?? new Set();
      r.add(role);
      roles.set(person.id, r);
      const titles = contexts.get(person.id) ?? [];
      const t = clean(s.title)!;
      if (!titles.includes(t)) titles.push(t);
      contexts.set(person.id, titles);
    }
  }
  const valid = new Map<string, SbPerson>();
  for (const person of firstSeen.values()) {
    const check = checkPerson(person, 'speaker', person.photo_url);
    if (!check.ok) skipped.push(check.problem!);
    else {
      valid.set(person.id, person);
      if (check.warning) warnings.push(check.warning);
    }
  }
  const winners = byEmailWinner([...valid.values()]);
  const people: DesiredPerson[] = [];
  for (const person of valid.values()) {
    const email = normaliseEmail(person.email);
    const winner = winners.get(email)!;
    if (winner.id !== person.id) {
      valid.delete(person.id);
      skipped.push({
        recordType: 'speaker', sbId: person.id, friendlyId: person.friendly_id ?? null, label: personLabel(person), severity: 'skipped',
        reason: `Email ${email} is also used by ${winner.friendly_id ?? winner.id}; Gleanin allows one speaker per email`,
        fix: `Merge the duplicate contacts in Sessionboard, or give ${person.friendly_id ?? person.id} its own email`, field: 'email',
      });
      continue;
    }
    people.push({
      ...speakerMapper.toGleanin(person),
      key: externalIdOf.contact(input.sbEventId, person.id),
      recordType: 'speaker',
      sbContactId: person.id,
      friendlyId: person.friendly_id ?? null,
      roles: [...roles.get(person.id)!],
      context: contexts.get(person.id)!,
    });
  }

  const sessions: DesiredSession[] = eligible.map((s) => {
    const missing = missingPeopleLists(s, settings);
    if (missing.length) readIssues.push(`Session ${s.friendly_id ?? s.id} came back without its ${missing.join(' and ')} list; its people stay as they are in Gleanin`);
    const speakerKeys: string[] = [];
    for (const { person } of peopleOf(s, settings)) {
      const key = externalIdOf.contact(input.sbEventId, person.id);
      if (valid.has(person.id) && !speakerKeys.includes(key)) speakerKeys.push(key);
    }
    return {
      ...sessionMapper.toGleanin(s, { sbTimeZone: input.sbTimeZone, tracksFrom: settings.tracksFrom }, speakerKeys),
      key: externalIdOf.session(input.sbEventId, s.id),
      sbId: s.id,
      friendlyId: s.friendly_id ?? null,
      ...(missing.length ? { peopleUnknown: true } : {}),
    };
  });

  const desired: DesiredState = { kind: 'sessions', sessions, people, kept: { sessionKeys: kept.sessionKeys, personKeys: [...kept.personKeys] } };
  return { desired, skipped, warnings, maskedEmails, ineligibleReasons, readIssues };
}

/** Exhibitor team members (Gleanin speaker records in the exhibitor group, lib/gleanin/adapter.ts): primary contact first. */
export function selectExhibitors(input: { sbEventId: string | number; exhibitors: SbExhibitor[] }): Selection {
  const skipped: Problem[] = [];
  const warnings: Problem[] = [];
  let maskedEmails = false;
  const candidates: { person: SbExhibitorContact; exhibitor: SbExhibitor; primary: boolean }[] = [];
  for (const x of input.exhibitors) {
    const company = clean(x.name);
    const contacts = [...(x.contacts ?? [])].sort(
      (a, b) => Number(b.is_primary || b.id === x.primary_contact_id) - Number(a.is_primary || a.id === x.primary_contact_id),
    );
    for (const c of contacts) {
      if (isMaskedEmail(c.email)) maskedEmails = true;
      if (!company) {
        skipped.push({
          recordType: 'exhibitor-contact', sbId: c.id, friendlyId: c.friendly_id ?? null, label: personLabel(c), severity: 'skipped',
          reason: `Exhibitor ${x.friendly_id ?? x.id} has no name (it becomes the company name in Gleanin)`,
          fix: 'Give the exhibitor a name in Sessionboard', field: 'name',
        });
        continue;
      }
      const check = checkPerson(c, 'exhibitor-contact', exhibitorPicture(c, x));
      if (!check.ok) skipped.push(check.problem!);
      else {
        if (check.warning) warnings.push(check.warning);
        candidates.push({ person: c, exhibitor: x, primary: !!(c.is_primary || c.id === x.primary_contact_id) });
      }
    }
  }
  // One person per email: the primary contact wins, then the lowest exhibitor id, then contact id,
  // so the exhibitor that keeps a shared contact does not depend on Sessionboard's read order.
  const rank = (c: (typeof candidates)[number]) => `${c.primary ? 0 : 1}|${c.exhibitor.id}|${c.person.id}`;
  const winners = new Map<string, (typeof candidates)[number]>();
  for (const cand of candidates) {
    const email = normaliseEmail(cand.person.email);
    const current = winners.get(email);
    if (!current || rank(cand) < rank(current)) winners.set(email, cand);
  }
  const people: DesiredPerson[] = [];
  for (const cand of candidates) {
    const email = normaliseEmail(cand.person.email);
    const first = winners.get(email)!;
    if (first !== cand) {
      skipped.push({
        recordType: 'exhibitor-contact', sbId: cand.person.id, friendlyId: cand.person.friendly_id ?? null, label: personLabel(cand.person),
        severity: 'skipped',
        reason: `Email ${email} is already a team member of ${clean(first.exhibitor.name)}; Gleanin allows one person per email`,
        fix: 'Keep the contact on one exhibitor, or give it its own email', field: 'email',
      });
      continue;
    }
    people.push({
      ...exhibitorContactMapper.toGleanin(cand.person, cand.exhibitor),
      key: externalIdOf.exhibitorContact(input.sbEventId, cand.exhibitor.id, cand.person.id),
      recordType: 'exhibitor-contact',
      sbContactId: cand.person.id,
      friendlyId: cand.person.friendly_id ?? null,
      roles: ['exhibitor'],
      context: [clean(cand.exhibitor.name)!],
    });
  }
  // An exhibitor whose team list is missing (not empty) cannot say who left it.
  const readIssues = input.exhibitors
    .filter((x) => !Array.isArray(x.contacts))
    .map((x) => `Exhibitor ${x.friendly_id ?? x.id} came back without its team members list`);
  return { desired: { kind: 'exhibitors', sessions: [], people }, skipped, warnings, maskedEmails, ineligibleReasons: new Map(), readIssues };
}
