/**
 * The core sync scenarios under every emulator variant (sandbox/README.md "Shared controls" and the
 * Sessionboard emulator's own switches): the client must survive each alternative the public docs
 * leave open. One row per variant in VARIANTS; each row is applied through the emulators' own
 * `/__sandbox/<service>/config` after every reset, and every scenario runs under it:
 *
 * - first sync: Gleanin ends exactly as under the default emulators;
 * - no-op resync: zero writes;
 * - a change (one session retitled): exactly that one write, and the expected state;
 * - interrupted run (killed at a write whose answer is lost), then a clean re-run: the exact state.
 *
 * A row with `refused` is a variant the client must refuse rather than survive (a redirect): every
 * scenario then expects that error and not a single write, and switching the variant off afterwards
 * gives the exact state. To add a variant, add a row (the config keys are the emulators' own).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BridgeDb } from '../../../lib/store/db.ts';
import { ACME, type Emulators, clearLogs, createEmulators, dyingAt, harness, normalised, requests, sbIds } from './harness.ts';

export interface Variant {
  name: string;
  /** Bodies for `POST /__sandbox/<service>/config`, applied after each reset. */
  config: { gleanin?: Record<string, unknown>; sessionboard?: Record<string, unknown> };
  /** The client must refuse this variant with an error matching this, writing nothing. */
  refused?: RegExp;
  /** At most this many requests may be answered 429 in a scenario (paced variants: 0). */
  max429?: number;
  /** The config that switches the variant off again (refused rows), default: none needed. */
  off?: Variant['config'];
}

const ELSEWHERE = 'http://127.0.0.1:9';

export const VARIANTS: Variant[] = [
  { name: 'default emulators', config: {}, max429: 0 },
  { name: 'Sessionboard searches answer `data`', config: { sessionboard: { searchEnvelope: 'data' } }, max429: 0 },
  { name: 'Sessionboard bulk failure literal `failed`', config: { sessionboard: { bulkFailureStatus: 'failed' } }, max429: 0 },
  {
    name: 'Gleanin quota per window, IETF RateLimit-Policy + Remaining + Reset',
    config: { gleanin: { rateLimitWindow: { quota: 12, windowSeconds: 2, headers: 'ietf' } } },
    max429: 0,
  },
  {
    name: 'Gleanin quota per window, combined RateLimit field',
    config: { gleanin: { rateLimitWindow: { quota: 12, windowSeconds: 2, headers: 'ietf-combined' } } },
    max429: 0,
  },
  {
    name: 'Gleanin quota per window, X-RateLimit-* (reset as a Unix time, no window said)',
    config: { gleanin: { rateLimitWindow: { quota: 12, windowSeconds: 2, headers: 'x' } } },
    max429: 0,
  },
  {
    name: 'Sessionboard quota per window, IETF headers (not paced: waits out Retry-After)',
    config: { sessionboard: { rateLimitWindow: { quota: 4, windowSeconds: 1, headers: 'ietf' } } },
  },
  {
    name: 'Sessionboard answers with a redirect',
    config: { sessionboard: { redirect: { origin: ELSEWHERE, status: 302 } } },
    refused: /^Sessionboard answered with a redirect to http:\/\/127\.0\.0\.1:9; not followed$/,
    off: { sessionboard: { redirect: null } },
  },
  {
    name: 'Gleanin answers with a redirect',
    config: { gleanin: { redirect: { origin: ELSEWHERE, status: 307 } } },
    refused: /^Gleanin answered with a redirect to http:\/\/127\.0\.0\.1:9; not followed$/,
    off: { gleanin: { redirect: null } },
  },
];

async function configure(emu: Emulators, config: Variant['config']): Promise<void> {
  for (const service of ['gleanin', 'sessionboard'] as const) {
    const body = config[service];
    if (!body) continue;
    const app = service === 'gleanin' ? emu.gleanin.app : emu.sessionboard.app;
    const res = await app.fetch(new Request(`http://${service}.test/__sandbox/${service}/config`, { method: 'POST', body: JSON.stringify(body) }));
    if (res.status !== 200) throw new Error(`config ${service} ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
  }
}

/** Back to the seed, then the variant on. */
async function fresh(emu: Emulators, variant: Variant): Promise<void> {
  emu.gleanin.reset();
  emu.sessionboard.reset();
  await configure(emu, variant.config);
}

/** The one change of the "change" scenario, made in the emulator's records (not through its API, which the variant may refuse). */
function retitle(emu: Emulators): void {
  const s = sbIds(emu).session('SESS-10');
  emu.sessionboard.db.updateSession(ACME.sb, s.id, { title: `${s.title} (edited)` });
}

const count429 = (emu: Emulators) => (emu.gleanin.controls.log.snapshot().byStatus['429'] ?? 0) + (emu.sessionboard.controls.log.snapshot().byStatus['429'] ?? 0);

async function mapped(emu: Emulators, db?: BridgeDb) {
  const h = harness(emu, db ? { db } : {});
  await h.connect();
  const id = await h.map(ACME);
  return { h, id, sync: () => h.service.sync(id, { kind: 'sessions', trigger: 'manual' }) };
}

let emu: Emulators;
/** Gleanin as the default emulators leave it: after a first sync, and after the change. */
const golden = {} as { first: ReturnType<typeof normalised>; changed: ReturnType<typeof normalised> };

beforeAll(async () => {
  emu = createEmulators(16);
  await fresh(emu, VARIANTS[0]);
  const { sync } = await mapped(emu);
  const report = await sync();
  expect(report.status).toBe('partial'); // the seed's one Gleanin conflict (scenarios.test.ts)
  golden.first = normalised(emu);
  retitle(emu);
  await sync();
  golden.changed = normalised(emu);
  expect(golden.changed).not.toEqual(golden.first);
});

describe.each(VARIANTS)('under "$name"', (variant) => {
  const failedWith = (report: { status: string; problems: { reason: string }[] }) => {
    expect(report.status).toBe('failed');
    expect(report.problems.map((p) => p.reason)).toContainEqual(expect.stringMatching(variant.refused!));
  };
  const noWrites = () => {
    const r = requests(emu);
    expect(r.gleaninWrites + r.sessionboardWrites).toBe(0);
  };
  const within429 = () => {
    if (variant.max429 !== undefined) expect(count429(emu)).toBeLessThanOrEqual(variant.max429);
  };

  it('first sync: Gleanin ends exactly as under the default emulators', async () => {
    await fresh(emu, variant);
    const { sync } = await mapped(emu);
    const report = await sync();
    if (variant.refused) {
      failedWith(report);
      noWrites();
      expect(normalised(emu).counts).toEqual({ speakers: 1, sessions: 0 }); // only the seed's own speaker
      await configure(emu, variant.off!);
      await sync();
    }
    expect(normalised(emu)).toEqual(golden.first);
    within429();
  }, 60_000);

  it('no-op resync: zero writes', async () => {
    await fresh(emu, variant);
    if (variant.refused) await configure(emu, variant.off!);
    const { sync } = await mapped(emu);
    await sync();
    if (variant.refused) await configure(emu, variant.config);
    clearLogs(emu);
    const report = await sync();
    noWrites();
    if (variant.refused) failedWith(report);
    else expect(report.counts.session).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
    within429();
  }, 60_000);

  it('a change: exactly the changed write', async () => {
    await fresh(emu, variant);
    if (variant.refused) await configure(emu, variant.off!);
    const { sync } = await mapped(emu);
    await sync();
    retitle(emu);
    if (variant.refused) await configure(emu, variant.config);
    clearLogs(emu);
    const report = await sync();
    if (variant.refused) {
      failedWith(report);
      noWrites();
      await configure(emu, variant.off!);
      clearLogs(emu);
      await sync();
    }
    expect(requests(emu).gleaninWriteRoutes).toEqual({ 'PATCH /api/clients/v1/sessions/:id': 1 });
    expect(requests(emu).sessionboardWrites).toBe(0);
    expect(normalised(emu)).toEqual(golden.changed);
    within429();
  }, 60_000);

  it('interrupted run, then a clean re-run: the exact state, nothing pending', async () => {
    await fresh(emu, variant);
    const db = new BridgeDb(`variants-${Math.random()}`);
    const setup = await mapped(emu, db);
    const worker = new AbortController();
    const dying = harness(emu, { db, signal: worker.signal, wrapGleaninFetch: dyingAt(4, worker) });
    await dying.service.sync(setup.id, { kind: 'sessions', trigger: 'manual', signal: worker.signal }).catch((e) => {
      if (!worker.signal.aborted) throw e;
    });
    if (variant.refused) {
      expect(worker.signal.aborted).toBe(false); // refused before its fourth write: nothing to kill
      noWrites();
      await configure(emu, variant.off!);
    } else {
      expect(worker.signal.aborted).toBe(true);
      const mapping = (await setup.h.service.listMappings())[0];
      await db.locks.put({ mappingKey: mapping.mappingKey, holder: 'dead-worker', expiresAt: Date.now() - 1 });
    }
    const report = await harness(emu, { db }).service.sync(setup.id, { kind: 'sessions', trigger: 'manual' });
    expect(report.status).toBe('partial'); // the seed's conflict only
    expect(normalised(emu)).toEqual(golden.first);
    expect(await db.journal.filter((j) => j.outcome === 'pending').count()).toBe(0);
    db.close();
  }, 60_000);
});
