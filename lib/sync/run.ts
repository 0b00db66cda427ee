/**
 * One sync run (or preview) of a mapping: read -> checks (time zones agree, Hide PII off) -> select -> plan
 * -> apply -> share links -> report. Preview stops after plan, so preview and sync never disagree.
 */
import type { ApiAccessCheck } from '../config/host-access.ts';
import type { CampaignLink } from '../gleanin/schemas.ts';
import type { ConnectionMeta, LinkRow, Mapping } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { writeBackShareLinks } from '../share-links/write-back.ts';
import { RunAborted, type ApplyResult } from './apply.ts';
import { acceptNotKept, applyWithCanary } from './canary.ts';
import { converge } from './convergence.ts';
import { gleaninEdits, overwrittenEditProblem, type OverwrittenEdit } from './gleanin-edits.ts';
import type {
  BlockedReason,
  Plan,
  Problem,
  RecordCounts,
  RecordType,
  SyncKind,
  SyncPreview,
  SyncRunReport,
} from './model.ts';
import type { RatePacer } from './pacer.ts';
import { type GleaninPersonRecord, plan as makePlan } from './plan.ts';
import { deletePolicyOf } from './planner/deletes.ts';
import type { SyncClients } from './ports.ts';
import { ownershipOf } from './keys.ts';
import type { SbSession } from '../sessionboard/schemas.ts';
import { type Selection, selectExhibitors, selectSessions } from './select.ts';
import type { DeletionDecision, SyncOptions } from './service.ts';
import { LOCK_TTL_MS } from '../store/store.ts';

export interface RunContext {
  store: Store;
  clients: (connection: ConnectionMeta) => SyncClients | Promise<SyncClients>;
  now: () => Date;
  pacer: RatePacer;
  concurrency: number;
  /**
   * The "needs access" message per service whose API this browser may not reach now (a host
   * permission taken back, lib/config/host-access.ts); absent where permissions cannot be revoked.
   */
  hostAccess?: ApiAccessCheck;
}

type GleaninSpeaker = GleaninPersonRecord & { campaignLinks?: CampaignLink[] };

interface Prepared {
  mapping: Mapping;
  connection: ConnectionMeta;
  clients: SyncClients;
  selection: Selection;
  plan: Plan;
  gleaninSpeakers: GleaninSpeaker[];
  /** The links as read before planning (the canary keeps their `written` values). */
  links: LinkRow[];
  /** Set when the zones differ but the caller asked to go on (preview, or "Sync anyway"). */
  timeZone?: BlockedReason;
  /** Edits made in Gleanin that the plan's updates write over (named once written). */
  overwritten: OverwrittenEdit[];
}

/** Why nothing can be synced before Connect (or after Disconnect); the background refuses its messages with the same words. */
export const NOT_CONNECTED: BlockedReason = {
  code: 'not-connected',
  message: 'Gleanin is not connected',
  fix: 'Connect Gleanin and Sessionboard in the extension popup or under Organization > Settings > Integrations',
};

/** Reads both sides, runs the checks, selects and plans. Nothing is written here. */
async function prepare(
  ctx: RunContext,
  mappingId: string,
  kind: SyncKind,
  allowTimeZoneMismatch: boolean,
  decision?: DeletionDecision,
): Promise<{ blocked: BlockedReason; mapping?: Mapping } | Prepared> {
  const connection = await ctx.store.getConnection();
  if (!connection) return { blocked: NOT_CONNECTED };
  const mapping = await ctx.store.getMapping(mappingId);
  if (!mapping) {
    return { blocked: { code: 'mapping-missing', message: 'This event is not mapped to a Gleanin event', fix: 'Add a mapping under Organization > Settings > Integrations' } };
  }
  // Without access a fetch fails like an unreachable server: say what is missing and where to grant it.
  const access = (await ctx.hostAccess?.(connection.sessionboardRegion)) ?? {};
  const needed = [...new Set([access.gleanin, access.sessionboard])].filter((m): m is string => !!m); // one host may serve both
  if (needed.length) {
    return { mapping, blocked: { code: 'no-host-access', message: needed.join('; '), fix: 'Open the Gleanin Bridge popup, choose "Grant access", then sync again' } };
  }
  const clients = await ctx.clients(connection);
  const { gleanin, sessionboard } = clients;
  const glEventId = mapping.gleaninEventId;
  // Fewest requests: Sessionboard's searches (pages of 100, not rate limited) and
  // ONE Gleanin request: the event with its speakers and sessions included (docs/api-assumptions.md G5).
  const [sbEvents, glEvent, sbRecords] = await Promise.all([
    kind === 'sessions' ? sessionboard.listEvents() : Promise.resolve(null),
    gleanin.getEvent(glEventId, kind === 'sessions' ? ['speakers', 'sessions'] : ['speakers']),
    kind === 'sessions'
      ? sessionboard.searchSessions(mapping.sbEventId, { filters: { status: 'accepted', isAbstract: false } })
      : sessionboard.searchExhibitors(mapping.sbEventId),
  ]);
  const glSpeakers = glEvent.speakers ?? [];
  const glSessions = glEvent.sessions ?? [];

  let selection: Selection;
  let timeZone: BlockedReason | undefined;
  if (kind === 'sessions') {
    const sbTimeZone = sbEvents?.find((e) => Number(e.id) === mapping.sbEventId)?.timezone ?? mapping.sbTimeZone;
    // The Gleanin zone comes from the event when the API gives one, else from the admin's confirmation (docs/api-assumptions.md G6).
    const glTimeZone = glEvent.timeZone ?? mapping.settings.gleaninTimeZone;
    if (glTimeZone !== sbTimeZone) {
      timeZone = {
          code: 'time-zone-mismatch',
          message: glTimeZone
            ? `Time zones differ: the Sessionboard event uses ${sbTimeZone}, the Gleanin event ${glTimeZone}`
            : `The Gleanin event's time zone is not confirmed yet (the Sessionboard event uses ${sbTimeZone})`,
          fix: glTimeZone
            ? `Set the Gleanin event's time zone to ${sbTimeZone} (or confirm the right zone in the mapping settings), or choose "Sync anyway": times are sent as absolute instants and only their display in Gleanin may differ`
            : `Confirm the Gleanin event's time zone in the mapping settings, or choose "Sync anyway"`,
          sessionboardTimeZone: sbTimeZone,
          gleaninTimeZone: glTimeZone,
      };
      if (!allowTimeZoneMismatch) return { mapping, blocked: timeZone };
    }
    selection = selectSessions({ sbEventId: mapping.sbEventId, sessions: sbRecords as SbSession[], settings: mapping.settings, sbTimeZone, now: ctx.now() });
  } else {
    selection = selectExhibitors({ sbEventId: mapping.sbEventId, exhibitors: sbRecords });
  }
  if (selection.maskedEmails) {
    return {
      mapping,
      blocked: {
        code: 'hide-pii',
        message: 'This Sessionboard token hides personal data: emails come back masked, so speakers cannot be matched',
        fix: 'Create a Sessionboard token with Hide PII turned off and reconnect',
      },
    };
  }
  const links = await ctx.store.linksFor(mapping.mappingKey);
  const planned = makePlan({
    sbEventId: mapping.sbEventId,
    desired: selection.desired,
    gleanin: { speakers: glSpeakers, sessions: glSessions },
    links,
    linkExistingByEmail: mapping.settings.linkExistingByEmail,
    ineligibleReasons: selection.ineligibleReasons,
    readIssues: selection.readIssues,
    deletes: { ...deletePolicyOf(mapping.settings), ...(decision ? { decision } : {}) },
  });
  // Attributes Gleanin does not keep (accepted after the canary first write) are not re-sent every run.
  const converged = converge(planned, links, mapping.firstWrite?.notKept);
  selection.warnings.push(...converged.warnings);
  // Fields edited in Gleanin since the last write: kept with "Keep edits made in Gleanin", else written over.
  const { plan, kept, overwritten } = gleaninEdits(converged.plan, links, {
    keepGleaninEdits: mapping.settings.keepGleaninEdits,
    notKept: mapping.firstWrite?.notKept,
  });
  selection.warnings.push(...kept);
  // Creates of an earlier run whose outcome was never learned: the list just read settles them.
  const pending = await ctx.store.pendingCreates(mapping.mappingKey);
  if (pending.length) {
    const seen = new Set<string>([...glSpeakers, ...glSessions].map((r) => r.externalIdx ?? ''));
    await ctx.store.settleJournal(pending.map((j) => ({ ...j, outcome: seen.has(j.externalIdx) ? 'done' : 'failed' })));
  }
  return { mapping, connection, clients, selection, plan, gleaninSpeakers: knownByKey(glSpeakers, mapping.sbEventId), links, timeZone, overwritten };
}

/** Speakers with our records' ids in the form the engine keys them by (an adopted one's own form read as its key). */
function knownByKey(speakers: GleaninSpeaker[], sbEventId: number): GleaninSpeaker[] {
  return speakers.map((s) => {
    const o = ownershipOf(s.externalIdx, sbEventId);
    return o.status === 'ours' && o.key !== s.externalIdx ? { ...s, externalIdx: o.key } : s;
  });
}

/**
 * The Gleanin speakers to take share links from. Gleanin makes links some time after a speaker is
 * created (docs/api-assumptions.md G15): when a synced person has none yet, the speakers are read
 * once more after apply (one request); whatever is still missing is read again on the next sync.
 */
async function speakersWithLinks(p: Prepared, applied: ApplyResult): Promise<GleaninSpeaker[]> {
  const listed = new Map(p.gleaninSpeakers.map((s) => [s.externalIdx, s]));
  const lacking = p.selection.desired.people.some(
    (person) =>
      applied.speakerIdOfKey.has(person.key) &&
      !applied.people.get(person.key)?.campaignLinks.length &&
      !listed.get(person.key)?.campaignLinks?.length,
  );
  if (!lacking) return p.gleaninSpeakers;
  try {
    const again = (await p.clients.gleanin.getEvent(p.mapping.gleaninEventId, ['speakers'])).speakers;
    return again ? knownByKey(again, p.mapping.sbEventId) : p.gleaninSpeakers;
  } catch {
    return p.gleaninSpeakers; // links are optional for this run; the next sync reads them
  }
}

export async function runPreview(ctx: RunContext, mappingId: string, kind: SyncKind): Promise<SyncPreview> {
  // A preview shows a time-zone mismatch (as `blocked`) next to the plan instead of hiding the plan.
  const p = await prepare(ctx, mappingId, kind, true);
  const empty = { creates: [], updates: [], deletes: [], adopts: [], conflicts: [], skipped: [], warnings: [], unchanged: { sessions: 0, people: 0 } };
  if ('blocked' in p) return { mappingId, kind, blocked: p.blocked, ...empty };
  const item = (op: Plan['ops'][number]) => ({ recordType: op.recordType, key: op.key, label: op.label, friendlyId: op.friendlyId });
  const preview: SyncPreview = {
    mappingId, kind, blocked: p.timeZone, ...empty, conflicts: p.plan.conflicts, skipped: p.selection.skipped, warnings: p.selection.warnings,
    untouched: p.plan.untouched, unchanged: p.plan.unchanged, ...(p.plan.withheld ? { withheld: p.plan.withheld } : {}),
  };
  const opByKey = new Map(p.plan.ops.map((op) => [op.key, op]));
  for (const edit of p.overwritten) preview.warnings.push(overwrittenEditProblem(opByKey.get(edit.key)!, edit, 'will'));
  for (const op of p.plan.ops) {
    if (op.action === 'create') preview.creates.push(item(op));
    else if (op.action === 'delete') preview.deletes.push({ ...item(op), reason: op.reason });
    else if (op.action === 'adopt') preview.adopts.push({ ...item(op), changed: op.changed });
    else preview.updates.push({ ...item(op), changed: op.changed });
  }
  return preview;
}

const zeroCounts = (): RecordCounts => ({ attempted: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });

export async function runSync(ctx: RunContext, mappingId: string, options: SyncOptions): Promise<SyncRunReport> {
  const runId = crypto.randomUUID();
  const startedAt = ctx.now().toISOString();
  const counts: Record<RecordType, RecordCounts> = { session: zeroCounts(), speaker: zeroCounts(), 'exhibitor-contact': zeroCounts() };
  const report: SyncRunReport = {
    runId, mappingId, kind: options.kind, trigger: options.trigger, startedAt, finishedAt: startedAt, status: 'succeeded',
    gleaninEventId: '', counts, problems: [], shareLinks: { read: 0, missing: 0, written: 0 },
  };
  const progress = options.onProgress ?? (() => {});
  const finish = async (mapping: Mapping | undefined, status: SyncRunReport['status'], blocked?: BlockedReason) => {
    report.status = status;
    if (blocked) report.blocked = blocked;
    report.finishedAt = ctx.now().toISOString();
    if (mapping) {
      await ctx.store.finishRun({ runId, mappingId, mappingKey: mapping.mappingKey, kind: options.kind, trigger: options.trigger, startedAt, finishedAt: report.finishedAt, status, report });
    }
    progress({ phase: 'done', done: 1, total: 1 });
    return report;
  };

  const mapping = await ctx.store.getMapping(mappingId);
  if (!(await ctx.store.getConnection())) return finish(mapping, 'blocked', NOT_CONNECTED);
  if (mapping) {
    report.gleaninEventId = mapping.gleaninEventId;
    if (!(await ctx.store.acquireLock(mapping.mappingKey, runId))) {
      return finish(mapping, 'blocked', {
        code: 'already-running', message: 'A sync of this mapping is already running', fix: 'Wait for it to finish; its result appears in the sync history',
      });
    }
    await ctx.store.startRun({ runId, mappingId, mappingKey: mapping.mappingKey, kind: options.kind, trigger: options.trigger, startedAt, finishedAt: null, status: 'running', report: null });
  }
  const renew = mapping ? setInterval(() => void ctx.store.renewLock(mapping.mappingKey, runId), LOCK_TTL_MS / 4) : undefined;
  try {
    progress({ phase: 'read', done: 0, total: 1 });
    if (mapping && options.acceptNotKept) await acceptNotKept(ctx.store, mapping.id);
    const p = await prepare(ctx, mappingId, options.kind, options.allowTimeZoneMismatch ?? false, options.deletions);
    if ('blocked' in p) return await finish(p.mapping ?? mapping, 'blocked', p.blocked);
    progress({ phase: 'plan', done: 1, total: 1 });
    const { plan, selection } = p;
    counts.session.attempted = selection.desired.sessions.length;
    for (const person of selection.desired.people) counts[person.recordType].attempted++;
    for (const s of selection.skipped) counts[s.recordType].skipped++;
    for (const c of plan.conflicts) counts[c.recordType].conflicts++;
    counts.session.unchanged = plan.unchanged.sessions;
    counts[options.kind === 'sessions' ? 'speaker' : 'exhibitor-contact'].unchanged = plan.unchanged.people;
    report.problems.push(...selection.skipped, ...plan.conflicts, ...selection.warnings, ...plan.untouched);
    if (plan.withheld) report.withheld = plan.withheld;

    progress({ phase: 'apply', done: 0, total: plan.ops.length });
    // Share-link rows as they were before apply, which drops the rows of the people it deletes: the
    // write-back clears those people's "Gleanin Link" values.
    const shareLinksBefore = await ctx.store.shareLinksFor(p.mapping.mappingKey);
    let applied: ApplyResult & { stop?: BlockedReason };
    try {
      applied = await applyWithCanary(
        {
          gleanin: p.clients.gleanin, eventId: p.mapping.gleaninEventId, store: ctx.store, mappingKey: p.mapping.mappingKey, runId,
          now: ctx.now, pacer: ctx.pacer, concurrency: ctx.concurrency, signal: options.signal,
          onOp: (done, total) => progress({ phase: 'apply', done, total }),
        },
        plan,
        { mapping: p.mapping, linksBefore: p.links },
      );
    } catch (err) {
      if (err instanceof RunAborted) throw err.cause;
      throw err;
    }
    for (const o of applied.outcomes) {
      const c = counts[o.op.recordType];
      if (!o.ok) {
        c.failed++;
        report.problems.push(o.problem!);
      } else if (o.op.action === 'create') c.created++;
      else if (o.op.action === 'delete') c.deleted++;
      else c.updated++;
    }
    // Each edit made in Gleanin that a made update wrote over, named.
    const updated = new Map(applied.outcomes.filter((o) => o.ok && o.op.action === 'update').map((o) => [o.op.key, o.op]));
    for (const edit of p.overwritten) {
      const op = updated.get(edit.key);
      if (op) report.problems.push(overwrittenEditProblem(op, edit, 'did'));
    }
    if (applied.stop) return await finish(p.mapping, 'blocked', applied.stop);

    progress({ phase: 'share-links', done: 0, total: 1 });
    report.shareLinks = await writeBackShareLinks({
      store: ctx.store, sessionboard: p.clients.sessionboard, mapping: p.mapping, connection: p.connection,
      desired: selection.desired.people, gleaninSpeakers: await speakersWithLinks(p, applied), applied, now: ctx.now,
      kind: options.kind, previous: shareLinksBefore,
    });
    progress({ phase: 'share-links', done: 1, total: 1 });
    await ctx.store.compactJournal(p.mapping.mappingKey);
    const failed = Object.values(counts).reduce((n, c) => n + c.failed + c.conflicts, 0);
    const succeeded = applied.outcomes.some((o) => o.ok) || plan.ops.length === 0;
    return await finish(p.mapping, failed === 0 ? 'succeeded' : succeeded ? 'partial' : 'failed');
  } catch (err) {
    if (options.signal?.aborted) throw err; // the run was stopped (service worker gone): no report to write
    const message = err instanceof Error ? err.message : String(err);
    report.problems.push({
      recordType: 'session', sbId: '', friendlyId: null, label: 'Sync run', severity: 'failed', reason: message,
      fix: 'Check the connection and sync again; the run resumes where it stopped',
    } satisfies Problem);
    return await finish(mapping, 'failed');
  } finally {
    clearInterval(renew);
    if (mapping) await ctx.store.releaseLock(mapping.mappingKey, runId);
  }
}
