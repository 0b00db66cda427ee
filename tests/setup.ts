// Dexie needs IndexedDB; load the in-memory one before any module opens a database.
import 'fake-indexeddb/auto';
