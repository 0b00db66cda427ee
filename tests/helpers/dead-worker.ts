/**
 * A stopped service worker writes nothing more: from the moment `dead()` is true every IndexedDB write
 * of this database is refused, so bookkeeping that was only gathered in memory (an unflushed batch,
 * lib/store/batch-writer.ts) is lost exactly as it would be when Chrome stops the worker.
 * `onLost` is told how many link rows each refused write would have stored.
 */
import type { DBCoreMutateRequest } from 'dexie';
import type { BridgeDb } from '../../lib/store/db.ts';

export function refuseWritesWhenDead(db: BridgeDb, dead: () => boolean, onLost: (linkRows: number) => void = () => {}): void {
  db.use({
    stack: 'dbcore',
    name: 'dead-worker',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) => {
            if (!dead()) return table.mutate(req);
            if (name === 'links' && req.type === 'put') onLost(req.values.length);
            return Promise.reject(new Error('service worker stopped: IndexedDB write refused'));
          },
        };
      },
    }),
  });
}
