// Dexie needs IndexedDB; load the in-memory one before any module opens a database.
import 'fake-indexeddb/auto';

/**
 * happy-dom has no `Event.isTrusted`. In these tests a fired event stands for the person using the
 * page, so it counts as trusted; a test models page script with `untrusted(event)` (tests/unit/content/helpers.ts).
 * Real untrusted events (page script in Chromium) are covered by tests/e2e/extension/page-attacks.test.ts.
 */
if (typeof window !== 'undefined' && typeof Event !== 'undefined' && !('isTrusted' in Event.prototype)) {
  const UNTRUSTED = Symbol.for('gleanin-bridge.test.untrusted');
  Object.defineProperty(Event.prototype, 'isTrusted', {
    configurable: true,
    get(this: Event & { [UNTRUSTED]?: boolean }) {
      return this[UNTRUSTED] !== true;
    },
  });
}
