/**
 * Where the API tokens live: the background's extension-origin IndexedDB, never
 * storage.local or storage.session (content scripts can read both). Content scripts run in the
 * page's origin, so this database is out of their reach; on top of that each token is stored as
 * AES-GCM ciphertext under a non-extractable CryptoKey (kept in the same database, which can hold a
 * CryptoKey but never export its bytes), so a copied database file alone does not reveal a token.
 *
 * Only the background imports this module. Everything else sees `maskToken(...)`.
 */
import { Dexie, type EntityTable } from 'dexie';

const VAULT_DB_NAME = 'gleanin-bridge-vault';

type TokenName = 'gleanin' | 'sessionboard';
export interface Tokens {
  gleanin: string;
  sessionboard: string;
}

interface KeyRow {
  id: 'vault-key';
  key: CryptoKey;
}
interface SecretRow {
  name: TokenName;
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
}

class VaultDb extends Dexie {
  keys!: EntityTable<KeyRow, 'id'>;
  secrets!: EntityTable<SecretRow, 'name'>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ keys: 'id', secrets: 'name' });
  }
}

/** `••••1234`: the only form of a token the UI, logs and messages ever carry. */
/** One masking rule everywhere: lib/http/redact.ts. */
export { maskToken } from '../http/redact.ts';

export interface Vault {
  setTokens(tokens: Tokens): Promise<void>;
  /** Both tokens, or undefined when not connected (or only half a pair is stored). */
  getTokens(): Promise<Tokens | undefined>;
  hasTokens(): Promise<boolean>;
  /** Removes both tokens and the key (disconnect). */
  clear(): Promise<void>;
}

export function createVault(dbName = VAULT_DB_NAME): Vault {
  const db = new VaultDb(dbName);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  async function key(): Promise<CryptoKey> {
    const existing = await db.keys.get('vault-key');
    if (existing) return existing.key;
    // WebCrypto promises would end an IndexedDB transaction early: make the key first, then
    // store it unless another call stored one meanwhile (that one wins).
    const created = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    return db.transaction('rw', db.keys, async () => {
      const row = await db.keys.get('vault-key');
      if (row) return row.key;
      await db.keys.put({ id: 'vault-key', key: created });
      return created;
    });
  }

  async function decrypt(k: CryptoKey, row: SecretRow): Promise<string> {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: row.iv as BufferSource }, k, row.ciphertext);
    return decoder.decode(plain);
  }

  return {
    async setTokens(tokens) {
      const k = await key();
      const rows: SecretRow[] = [];
      for (const name of ['gleanin', 'sessionboard'] as const) {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, k, encoder.encode(tokens[name].trim()));
        rows.push({ name, iv, ciphertext });
      }
      await db.secrets.bulkPut(rows);
    },
    async getTokens() {
      const [gl, sb] = await db.secrets.bulkGet(['gleanin', 'sessionboard']);
      if (!gl || !sb) return undefined;
      const k = await key();
      return { gleanin: await decrypt(k, gl), sessionboard: await decrypt(k, sb) };
    },
    async hasTokens() {
      return (await db.secrets.count()) === 2;
    },
    async clear() {
      await db.transaction('rw', db.keys, db.secrets, async () => {
        await db.secrets.clear();
        await db.keys.clear();
      });
    },
  };
}
