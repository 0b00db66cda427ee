// Orchestration of one run (read -> select -> plan -> apply -> share links); being written in the
// next commits. Signatures are fixed so the background can code against lib/sync/service.ts now.
import type { SyncKind, SyncPreview, SyncRunReport } from './model.ts';
import type { SyncOptions } from './service.ts';

export async function runPreview(_ctx: unknown, _mappingId: string, _kind: SyncKind): Promise<SyncPreview> {
  throw new Error('runPreview: not written yet');
}
export async function runSync(_ctx: unknown, _mappingId: string, _options: SyncOptions): Promise<SyncRunReport> {
  throw new Error('runSync: not written yet');
}
