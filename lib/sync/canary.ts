/**
 * The canary first write (docs/api-assumptions.md, "Canary first write and convergence"). In a
 * mapping's first sync, and whenever lib/gleanin/adapter.ts's ADAPTER_VERSION changes, the first create
 * of each Gleanin resource is written alone, read back by its external id and by its id, and compared
 * field by field with what was sent, before any other write of the run:
 * - not found by its external id (or found as another record): a hard stop. Every later run would look
 *   for its records the same way and create them again.
 * - found, but a field not kept as sent: the run stops naming the attribute; "Sync anyway" accepts it
 *   for the mapping (then lib/sync/convergence.ts keeps it from being re-sent on every run).
 * The canary record stays: it is a real record of the sync.
 *
 * Apply itself is untouched: the canary and the rest of the plan are separate applyPlan calls.
 */
import { ADAPTER_VERSION } from '../gleanin/adapter.ts';
import type { FirstWriteState, GleaninResource, LinkRow, Mapping } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { type ApplyContext, type ApplyResult, applyPlan } from './apply.ts';
import { wireAttribute } from './convergence.ts';
import { differingFields } from './mappers/index.ts';
import type { BlockedReason, Plan, SessionFields, WriteOp } from './model.ts';

type CreateOp = Extract<WriteOp, { action: 'create' }>;
type NotKept = NonNullable<BlockedReason['notKept']>;

export interface CanaryOptions {
  mapping: Mapping;
  /** The links as they were before this run (their `written` values). */
  linksBefore: LinkRow[];
}

export interface CanaryResult extends ApplyResult {
  /** Set when the run stopped after its canary write(s): nothing else was written. */
  stop?: BlockedReason;
}

const RESOURCES: GleaninResource[] = ['speakers', 'sessions'];
const DESIGN_CHOICE = 'lib/gleanin/adapter.ts; docs/api-assumptions.md';

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? 'nothing' : JSON.stringify(v));

/**
 * "Sync anyway": what the last canary found becomes accepted, and those resources count as checked.
 * Called before the run reads and plans, so the plan already leaves the accepted attributes alone.
 */
export async function acceptNotKept(store: Store, mappingId: string): Promise<void> {
  await store.updateFirstWrite(mappingId, (s) => (s.pending ? acceptPending(s) : s));
}

function acceptPending(state: FirstWriteState): FirstWriteState {
  const checked = { ...state.checked };
  const notKept = { ...state.notKept };
  for (const r of RESOURCES) {
    const pending = state.pending?.[r];
    if (!pending?.length) continue;
    notKept[r] = [...new Set([...(notKept[r] ?? []), ...pending])];
    checked[r] = ADAPTER_VERSION;
  }
  return { checked, notKept };
}


function notKeptStop(notKept: NotKept): BlockedReason {
  const list = notKept.map((m) => `${m.attribute} of the first ${m.recordType} written (sent ${m.sent}, read back ${m.saw})`).join('; ');
  return {
    code: 'first-write-not-kept',
    message: `Gleanin did not keep ${list || 'an attribute of the first record written'}. Nothing else was written`,
    fix: `The attribute names are a design choice (${DESIGN_CHOICE}). Choose "Sync anyway" to sync without relying on ${[...new Set(notKept.map((m) => m.attribute))].join(', ') || 'it'} (it is not re-sent unless it changes), or report it to support with "Check connection"`,
    notKept,
  };
}

/** The canary of each resource still to check: a session whose speakers exist or are the one speaker canary. */
function chooseCanaries(plan: Plan, state: FirstWriteState): { speakers?: CreateOp; sessions?: CreateOp } {
  const need = (r: GleaninResource) => state.checked[r] !== ADAPTER_VERSION;
  const creates = plan.ops.filter((op): op is CreateOp => op.action === 'create');
  const personCreates = creates.filter((op) => op.resource === 'speakers');
  const sessionCreates = creates.filter((op) => op.resource === 'sessions');
  const known = new Set(Object.keys(plan.speakerIdOfKey));
  const newSpeakers = (op: CreateOp) => (op.fields as SessionFields).speakerKeys.filter((k) => !known.has(k));
  const session = need('sessions') ? (sessionCreates.find((op) => newSpeakers(op).length <= 1) ?? sessionCreates[0]) : undefined;
  const wanted = session ? newSpeakers(session)[0] : undefined;
  const speaker = need('speakers') ? (personCreates.find((op) => op.key === wanted) ?? personCreates[0]) : undefined;
  return { ...(speaker ? { speakers: speaker } : {}), ...(session ? { sessions: session } : {}) };
}

export async function applyWithCanary(ctx: ApplyContext, plan: Plan, opts: CanaryOptions): Promise<CanaryResult> {
  const { store } = ctx;
  let state: FirstWriteState = opts.mapping.firstWrite ?? { checked: {}, notKept: {} };
  // A canary already found something the organizer has not decided on: no further write (a continuous
  // run would otherwise write one more canary on every run) until "Sync anyway".
  if (state.pending && Object.values(state.pending).some((f) => f?.length)) {
    return { outcomes: [], people: new Map(), speakerIdOfKey: new Map(Object.entries(plan.speakerIdOfKey)), stop: notKeptStop(state.found ?? []) };
  }
  const canaries = chooseCanaries(plan, state);
  const total = plan.ops.length;
  let done = 0;
  const merged: ApplyResult = { outcomes: [], people: new Map(), speakerIdOfKey: new Map(Object.entries(plan.speakerIdOfKey)) };
  const linksBefore = new Map(opts.linksBefore.map((l) => [l.externalIdx, l]));

  const applyPart = async (ops: WriteOp[], withLinks: boolean) => {
    const start = done;
    const part = await applyPlan(
      { ...ctx, linksBefore, onOp: (n) => ctx.onOp?.((done = start + n), total) },
      { ...plan, ops, links: withLinks ? plan.links : [], speakerIdOfKey: Object.fromEntries(merged.speakerIdOfKey) },
    );
    merged.outcomes.push(...part.outcomes);
    for (const [k, v] of part.people) merged.people.set(k, v);
    for (const [k, v] of part.speakerIdOfKey) merged.speakerIdOfKey.set(k, v);
  };

  const done_ = new Set<WriteOp>();
  /** A session canary sent before all its speakers existed gets them in the rest of the run. */
  const completions: WriteOp[] = [];
  const notKept: NotKept = [];
  const found: Partial<Record<GleaninResource, string[]>> = {};
  for (const resource of RESOURCES) {
    const op = canaries[resource];
    if (!op) continue;
    await applyPart([op], false);
    done_.add(op);
    const outcome = merged.outcomes.find((o) => o.op === op);
    // A create Gleanin refused for its data is that record's problem, reported as usual; the next
    // run's first create of the type is the canary then.
    if (!outcome?.ok) continue;
    const check = await readBack(ctx, op, merged);
    if (!check.stop && op.resource === 'sessions' && check.gleaninId) {
      const keys = op.fields.speakerKeys;
      if (keys.some((k) => !merged.speakerIdOfKey.has(k))) {
        completions.push({ ...op, action: 'update', gleaninId: check.gleaninId, fields: { speakerKeys: keys }, changed: ['speakerKeys'] });
      }
    }
    if (check.stop) return { ...merged, stop: check.stop };
    const accepted = new Set(state.notKept[resource]);
    const fresh = check.notKept.filter((m) => !accepted.has(m.field));
    if (fresh.length) {
      notKept.push(...fresh);
      found[resource] = fresh.map((m) => m.field);
    } else {
      state = (await store.updateFirstWrite(opts.mapping.id, (s) => ({ ...s, checked: { ...s.checked, [resource]: ADAPTER_VERSION } }))) ?? state;
    }
  }
  if (notKept.length) {
    await store.updateFirstWrite(opts.mapping.id, (s) => ({ ...s, pending: found, found: notKept }));
    return { ...merged, stop: notKeptStop(notKept) };
  }
  await applyPart([...plan.ops.filter((op) => !done_.has(op)), ...completions], true);
  return merged;
}

/** Reads the canary back by external id and by id and compares what was sent with what is there. */
async function readBack(ctx: ApplyContext, op: CreateOp, merged: ApplyResult): Promise<{ stop?: BlockedReason; notKept: NotKept; gleaninId?: string }> {
  const { gleanin } = ctx;
  const link = (await ctx.store.linksFor(ctx.mappingKey)).find((l) => l.externalIdx === op.key);
  const id = link?.gleaninId;
  const byExternal =
    op.resource === 'speakers' ? await gleanin.findSpeakerByExternalId(ctx.eventId, op.key) : await gleanin.findSessionByExternalId(ctx.eventId, op.key);
  if (!id || !byExternal || byExternal.id !== id) {
    const what = op.resource === 'speakers' ? 'speaker' : 'session';
    return {
      notKept: [],
      stop: {
        code: 'first-write-not-found',
        message: `The first ${what} written (Gleanin id ${id ?? 'unknown'}) could not be found again by its external id with filter[external_idx]${byExternal ? ` (another record, ${byExternal.id}, was found)` : ''}. The sync stopped: every later run finds its records this way, and would create them again`,
        fix: `Looking records up by external_idx is a design choice (${DESIGN_CHOICE}) that this Gleanin account contradicts; do not sync this mapping until it is resolved, and send the "Check connection" report to support. The record written stays in Gleanin`,
      },
    };
  }
  const idOfKey = merged.speakerIdOfKey;
  const keyOfId = new Map([...idOfKey].map(([k, v]) => [v, k]));
  let sent: Record<string, unknown>;
  let saw: Record<string, unknown>;
  if (op.resource === 'speakers') {
    sent = op.fields;
    saw = { ...(await gleanin.getSpeaker(id)) };
  } else {
    const have = await gleanin.getSession(id);
    sent = { ...op.fields, speakerKeys: op.fields.speakerKeys.filter((k) => idOfKey.has(k)) };
    saw = { ...have, speakerKeys: have.speakerIds.map((sid) => keyOfId.get(sid) ?? `gleanin:${sid}`) };
  }
  const notKept: NotKept = differingFields(op.recordType, sent, saw).map((field) => ({ recordType: op.recordType, field, attribute: wireAttribute(op.resource, field), sent: show(sent[field]), saw: show(saw[field]) }));
  return { notKept, gleaninId: id };
}
