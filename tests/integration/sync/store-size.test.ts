/**
 * How much the extension's store holds after a full sync of the `large` seed (2,000 sessions, 3,000
 * speakers, 300 exhibitors), measured as the JSON size of every row in every table. It decides that
 * the manifest needs no `unlimitedStorage` (wxt.config.ts): Chrome gives an extension's IndexedDB a
 * share of the disk measured in gigabytes, and the store stays under 50 MB with a wide margin
 * (measured: 2.15 MB). A full large-seed sync takes about two minutes on two cores, so this runs
 * when asked for: `GB_STORE_SIZE=1 npx vitest run --config vitest.config.ts tests/integration/sync/store-size.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { ACME, createEmulators, harness } from './harness.ts';

describe.runIf(process.env.GB_STORE_SIZE === '1')('store size on the large seed', () => {
  it('stays far below the default storage quota', { timeout: 600_000 }, async () => {
    const emu = createEmulators('large' as never);
    const h = harness(emu, { pace: false });
    await h.connect();
    const id = await h.map(ACME);
    const report = await h.service.sync(id, { kind: 'sessions', trigger: 'manual' });
    expect(report.status).not.toBe('failed');
    let bytes = 0;
    const perTable: Record<string, number> = {};
    for (const table of h.db.tables) {
      const rows = await table.toArray();
      perTable[table.name] = JSON.stringify(rows).length;
      bytes += perTable[table.name];
    }
    console.log(`store after a large-seed sync: ${(bytes / 1e6).toFixed(2)} MB (${JSON.stringify(perTable)})`);
    expect(bytes).toBeGreaterThan(100_000);
    expect(bytes).toBeLessThan(50e6);
  });
});
