/**
 * The baseline the benchmark compares against: a naive "upsert everything each run" sync. It uses the
 * same clients, the same eligibility rules (lib/sync/select.ts) and the same pacing, but no link
 * table, no diff and no content hash: every desired record is PATCHed when it exists (found by
 * external id in the Gleanin lists) or created when it does not, records no longer wanted are
 * deleted, and every share link is written back on every run.
 */
import type PQueue from 'p-queue';
import type { GleaninClient } from '../lib/gleanin/client.ts';
import type { SessionboardClient } from '../lib/sessionboard/client.ts';
import { GLEANIN_LINK_FIELD, primaryLink } from '../lib/share-links/write-back.ts';
import { ownedKindOf } from '../lib/sync/keys.ts';
import type { RatePacer } from '../lib/sync/pacer.ts';
import { selectSessions } from '../lib/sync/select.ts';
import type { MappingSettings } from '../lib/store/db.ts';

export interface NaiveInput {
  gleanin: GleaninClient;
  sessionboard: SessionboardClient;
  sbEventId: number;
  gleaninEventId: string;
  settings: MappingSettings;
  pacer: RatePacer;
  concurrency: number;
}

export async function naiveSync(input: NaiveInput): Promise<{ failed: number }> {
  const { gleanin, sessionboard, sbEventId, gleaninEventId, pacer } = input;
  const [events, sessions, glSpeakers, glSessions] = await Promise.all([
    sessionboard.listEvents(),
    sessionboard.searchSessions(sbEventId, { filters: { status: 'accepted', isAbstract: false } }),
    gleanin.listSpeakers(gleaninEventId),
    gleanin.listSessions(gleaninEventId),
  ]);
  const zone = events.find((e) => e.id === sbEventId)!.timezone;
  const { desired } = selectSessions({ sbEventId, sessions, settings: input.settings, sbTimeZone: zone, now: new Date() });
  let failed = 0;
  const run = async (queue: PQueue, tasks: (() => Promise<unknown>)[]) => {
    for (const t of tasks) void queue.add(() => t().catch(() => void failed++));
    await queue.onIdle();
  };

  const speakerByKey = new Map(glSpeakers.filter((s) => s.externalIdx).map((s) => [s.externalIdx!, s]));
  const idOfKey = new Map<string, string>();
  const links = new Map<string, { contactId: string; links: { campaignId: string; campaignName: string; url: string }[] }>();
  await run(
    pacer.queue(input.concurrency),
    desired.people.map((p) => async () => {
      const fields = { name: p.name, email: p.email, jobTitle: p.jobTitle, companyName: p.companyName, headshotUrl: p.headshotUrl };
      const existing = speakerByKey.get(p.key);
      const record = existing
        ? await gleanin.updateSpeaker(existing.id, fields)
        : await gleanin.createSpeaker({ eventId: gleaninEventId, externalIdx: p.key, ...fields });
      idOfKey.set(p.key, record.id);
      links.set(p.key, { contactId: p.sbContactId, links: record.campaignLinks });
    }),
  );
  const sessionByKey = new Map(glSessions.filter((s) => s.externalIdx).map((s) => [s.externalIdx!, s]));
  await run(
    pacer.queue(input.concurrency),
    desired.sessions.map((s) => async () => {
      const fields = {
        title: s.title, description: s.description, schedule: s.schedule, startsAt: s.startsAt, endsAt: s.endsAt, tracks: s.tracks,
        speakerIds: s.speakerKeys.map((k) => idOfKey.get(k)).filter((id): id is string => !!id),
      };
      const existing = sessionByKey.get(s.key);
      if (existing) await gleanin.updateSession(existing.id, fields);
      else await gleanin.createSession({ eventId: gleaninEventId, externalIdx: s.key, ...fields });
    }),
  );
  const wantedSessions = new Set(desired.sessions.map((s) => s.key));
  const wantedPeople = new Set(desired.people.map((p) => p.key));
  await run(
    pacer.queue(input.concurrency),
    glSessions.filter((s) => ownedKindOf(s.externalIdx) === 'session' && !wantedSessions.has(s.externalIdx!)).map((s) => () => gleanin.deleteSession(s.id)),
  );
  await run(
    pacer.queue(input.concurrency),
    glSpeakers.filter((s) => ownedKindOf(s.externalIdx) === 'speaker' && !wantedPeople.has(s.externalIdx!)).map((s) => () => gleanin.deleteSpeaker(s.id)),
  );

  // Every link, every run.
  const fields = await sessionboard.listFields(sbEventId);
  if (!fields.some((f) => f.internal_name === GLEANIN_LINK_FIELD.internalName)) {
    await sessionboard.createField(sbEventId, { name: GLEANIN_LINK_FIELD.name, field_type: 'text', module: 'contact', field_level: 'event' });
  }
  const ops = [...links.values()]
    .map((l) => ({ id: l.contactId, value: primaryLink(l.links, 'speaker') }))
    .filter((l): l is { id: string; value: string } => !!l.value)
    .map((l) => ({ action: 'update' as const, id: l.id, data: { custom_fields: { [GLEANIN_LINK_FIELD.internalName]: l.value } } }));
  if (ops.length) await sessionboard.bulkContacts(sbEventId, ops);
  return { failed };
}
