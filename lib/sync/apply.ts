/**
 * Executes a plan against Gleanin: bounded concurrency (p-queue) paced to the rate limit Gleanin
 * reports, completed operations recorded in the store in batches (links, lib/store/batch-writer.ts;
 * flushed at every phase end), so a run stopped at any instant and run again finishes the job without
 * duplicating or losing anything.
 *
 * Creates: the intent of every create of a phase is journalled BEFORE the first request, and dropped
 * in one go when the phase ends; a create whose outcome is unknown (dropped connection, timeout, or
 * an "already taken" answer to a retried create) is looked up by external id and the found record
 * reused, never created twice.
 */
import {
  ApiError,
  AuthRejectedError,
  ForbiddenError,
  MalformedResponseError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
} from '../http/errors.ts';
import type { CampaignLink } from '../gleanin/client.ts';
import type { Store } from '../store/store.ts';
import { BookkeepingBatch } from '../store/batch-writer.ts';
import type { LinkRow } from '../store/db.ts';
import { applyPhases } from './apply-order.ts';
import { writtenAfter } from './convergence.ts';
import { contentHash } from './fields.ts';
import { toSessionInput, toSessionPatch, toSpeakerInput, toSpeakerPatch } from './gleanin-input.ts';
import type { Plan, Problem, WriteOp } from './model.ts';
import type { RatePacer } from './pacer.ts';
import type { GleaninPort } from './ports.ts';

export interface ApplyContext {
  gleanin: GleaninPort;
  eventId: string;
  store: Store;
  mappingKey: string;
  runId: string;
  now: () => Date;
  pacer: RatePacer;
  concurrency: number;
  signal?: AbortSignal;
  onOp?: (done: number, total: number) => void;
  /**
   * The links as read before planning. What each write sends is kept beside its link (`written`,
   * merged over the value read here; lib/sync/convergence.ts), in the same batch as the link itself.
   */
  linksBefore?: ReadonlyMap<string, LinkRow>;
}

interface OpOutcome {
  op: WriteOp;
  ok: boolean;
  problem?: Problem;
}

export interface ApplyResult {
  outcomes: OpOutcome[];
  /** Gleanin speaker records as returned by creates/updates (fresh share links), by external id. */
  people: Map<string, { id: string; campaignLinks: CampaignLink[] }>;
  /** Gleanin id per external id after apply (existing + created). */
  speakerIdOfKey: Map<string, string>;
}

/**
 * A create that may have been carried out although we have no record back: a dropped connection, a
 * timeout or a 5xx (TransientError), a 2xx whose body we could not read (MalformedResponseError), or
 * anything that is not an API answer at all.
 */
const mayHaveHappened = (e: unknown) => e instanceof TransientError || e instanceof MalformedResponseError || !(e instanceof ApiError);
/** A retried create that meets its own earlier, successful attempt: "external_idx has already been taken". */
const isTakenExternalId = (e: unknown) =>
  e instanceof ValidationError && e.fields.some((f) => /external_idx|externalIdx/.test(f.field));
/** Errors no other operation of this run can escape: a rejected token, or the run being stopped. */
const isFatal = (e: unknown, signal?: AbortSignal) =>
  e instanceof AuthRejectedError || e instanceof ForbiddenError || signal?.aborted === true || (e instanceof Error && e.name === 'AbortError');

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

const CREATE_ATTEMPTS = 3;

export class RunAborted extends Error {
  constructor(readonly cause: unknown) {
    super('The sync run stopped');
    this.name = 'RunAborted';
  }
}

export async function applyPlan(ctx: ApplyContext, plan: Plan): Promise<ApplyResult> {
  const { gleanin, store } = ctx;
  const outcomes: OpOutcome[] = [];
  const people: ApplyResult['people'] = new Map();
  const speakerIdOfKey = new Map(Object.entries(plan.speakerIdOfKey));
  const total = plan.ops.length;
  let done = 0;
  let fatal: unknown = null;

  const writtenBefore = (key: string) => ctx.linksBefore?.get(key)?.written;
  /** `hash` absent: what Gleanin holds is not known to be what the plan hashed (the next plan links it again). */
  const row = (
    r: { key: string; recordType: LinkRow['sbKind']; sbId: string; resource: LinkRow['gleaninResource'] },
    gleaninId: string,
    hash: string | undefined,
    written: Record<string, unknown> | null | undefined,
  ): LinkRow => ({
    mappingKey: ctx.mappingKey,
    externalIdx: r.key,
    sbKind: r.recordType,
    sbId: r.sbId,
    gleaninResource: r.resource,
    gleaninId,
    contentHash: hash,
    lastSyncedAt: ctx.now().toISOString(),
    ...(written ? { written } : {}),
  });
  /** The link after a write: what it sent merged over what was written before. */
  const linkRow = (op: WriteOp, gleaninId: string, hash: string | undefined): LinkRow => row(op, gleaninId, hash, writtenAfter(op, writtenBefore(op.key)));
  const book = new BookkeepingBatch(store, ctx.mappingKey);
  const link = (op: WriteOp, gleaninId: string, hash: string | undefined) => book.putLink(linkRow(op, gleaninId, hash));

  const failure = (op: WriteOp, e: unknown): Problem => {
    const field = e instanceof ValidationError ? e.fields[0] : undefined;
    return {
      recordType: op.recordType,
      sbId: op.sbId,
      friendlyId: op.friendlyId,
      label: op.label,
      severity: 'failed',
      reason: field ? `Gleanin refused ${field.field}: ${field.detail}` : messageOf(e),
      fix:
        e instanceof ValidationError
          ? `Correct ${field?.field || 'the record'} in Sessionboard, then sync again`
          : e instanceof RateLimitedError
            ? 'Gleanin is rate limiting this token; sync again later and the run resumes where it stopped'
            : 'Sync again; the record is picked up where it stopped',
      ...(field ? { field: field.field } : {}),
      detail: field?.detail ?? (e instanceof Error && 'detail' in e ? String((e as { detail?: string }).detail ?? messageOf(e)) : messageOf(e)),
    };
  };

  const speakerIdsOf = (keys: string[]) => keys.map((k) => speakerIdOfKey.get(k)).filter((id): id is string => !!id);

  /** Create with external id; an unknown outcome is resolved by looking the record up, never by a blind retry. */
  const create = async (op: Extract<WriteOp, { action: 'create' }>) => {
    type Created = { id: string; campaignLinks?: CampaignLink[] };
    const find = (): Promise<Created | null> =>
      op.resource === 'speakers'
        ? gleanin.findSpeakerByExternalId(ctx.eventId, op.key)
        : gleanin.findSessionByExternalId(ctx.eventId, op.key);
    let sentHash: string | undefined = op.hash;
    for (let attempt = 1; ; attempt++) {
      try {
        let record: Created;
        if (op.resource === 'speakers') {
          record = await gleanin.createSpeaker(toSpeakerInput(ctx.eventId, op.key, op.fields));
        } else {
          const fields = op.fields;
          const sent = { ...fields, speakerKeys: fields.speakerKeys.filter((k) => speakerIdOfKey.has(k)) };
          sentHash = contentHash(sent);
          record = await gleanin.createSession(toSessionInput(ctx.eventId, op.key, fields, speakerIdsOf(fields.speakerKeys)));
        }
        return { record, sentHash };
      } catch (err) {
        if (isFatal(err, ctx.signal)) throw err;
        if (!mayHaveHappened(err) && !isTakenExternalId(err)) throw err;
        const existing = await find();
        if (existing) return { record: existing, sentHash: undefined };
        if (attempt >= CREATE_ATTEMPTS) throw err;
      }
    }
  };

  const run = async (op: WriteOp): Promise<void> => {
    if (fatal || ctx.signal?.aborted) return;
    try {
      if (op.action === 'create') {
        const { record, sentHash } = await create(op);
        if (op.resource === 'speakers') {
          speakerIdOfKey.set(op.key, record.id);
          people.set(op.key, { id: record.id, campaignLinks: record.campaignLinks ?? [] });
        }
        book.linkCreated(linkRow(op, record.id, sentHash));
      } else if (op.action === 'delete') {
        try {
          if (op.resource === 'speakers' && op.release) await gleanin.updateSpeaker(op.gleaninId, { externalIdx: null });
          else if (op.resource === 'speakers') await gleanin.deleteSpeaker(op.gleaninId);
          else await gleanin.deleteSession(op.gleaninId);
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err; // already gone is what we wanted
        }
        book.unlink(op.key);
      } else if (op.resource === 'speakers') {
        const patch = toSpeakerPatch(op.fields, op.externalIdx);
        const record = await gleanin.updateSpeaker(op.gleaninId, patch);
        people.set(op.key, { id: record.id, campaignLinks: record.campaignLinks ?? [] });
        // An adoption is stored at once: once it carries our external id, a lost link row would make
        // the next run take a hand-made speaker for one of ours (deleted, not released, when unwanted).
        if (op.action === 'adopt') await store.putLink({ ...linkRow(op, op.gleaninId, op.hash), adopted: true });
        else if (op.hash !== undefined) link(op, op.gleaninId, op.hash);
        else book.keepWritten(op.key, writtenAfter(op, writtenBefore(op.key))!);
      } else {
        const f = op.fields;
        await gleanin.updateSession(op.gleaninId, {
          ...toSessionPatch(f, f.speakerKeys ? speakerIdsOf(f.speakerKeys) : undefined),
          ...(op.externalIdx ? { externalIdx: op.externalIdx } : {}),
        });
        const missing = f.speakerKeys?.some((k) => !speakerIdOfKey.has(k));
        link(op, op.gleaninId, missing ? undefined : op.hash);
      }
      outcomes.push({ op, ok: true });
    } catch (err) {
      if (isFatal(err, ctx.signal)) {
        fatal ??= err;
        return;
      }
      outcomes.push({ op, ok: false, problem: failure(op, err) });
    } finally {
      ctx.onOp?.(++done, total);
    }
  };

  // Phases in apply order (apply-order.ts); each waits for the previous (sessions need their speakers' ids).
  for (const ops of applyPhases(plan.ops)) {
    // The intent of every create, in one transaction before the first is sent: a create found
    // pending later may or may not have happened, and is settled against Gleanin's records.
    const creates = ops.filter((op) => op.action === 'create');
    const seqs = await store.journalMany(
      creates.map((op) => ({ runId: ctx.runId, mappingKey: ctx.mappingKey, externalIdx: op.key, action: 'create' as const, resource: op.resource, outcome: 'pending' as const })),
    );
    const queue = ctx.pacer.queue(ctx.concurrency, ctx.signal);
    for (const op of ops) void queue.add(() => run(op));
    await queue.onIdle();
    if (ctx.signal?.aborted) fatal ??= ctx.signal.reason ?? new Error('aborted');
    if (fatal) break;
    // Every create of the phase is now linked (stored by this flush) or reported as failed: its
    // intent is settled. A stopped phase keeps its entries pending for the next run to settle.
    await book.flush();
    await store.dropJournal(seqs);
  }
  if (fatal) {
    await book.flush().catch(() => undefined); // best effort: what is lost is found by external id next run
    throw new RunAborted(fatal);
  }

  // Re-linking (e.g. after a reinstall: every record found by external id) in one batched pass.
  for (const l of plan.links) {
    if (l.action === 'link') {
      book.putLink(row({ ...l, resource: l.recordType === 'session' ? 'sessions' : 'speakers' }, l.gleaninId, l.hash, writtenBefore(l.key)));
    } else {
      book.unlink(l.key);
    }
  }
  await book.flush();
  return { outcomes, people, speakerIdOfKey };
}
