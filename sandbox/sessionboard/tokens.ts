/**
 * The emulator's API tokens (the documented scopes, Hide PII and event restrictions; names and values
 * listed in sandbox/README.md). Tokens are organization-scoped, so every token sees every seeded
 * event unless it carries event restrictions.
 */
export const DEFAULT_READ_SCOPES = ['read:events', 'read:sessions', 'read:contacts'] as const;
export const ALL_READ_SCOPES = [...DEFAULT_READ_SCOPES, 'read:reports', 'read:dashboards', 'read:insights'] as const;
export const ALL_WRITE_SCOPES = [
  'write:sessions',
  'write:contacts',
  'write:exhibitors',
  'write:sponsors',
  'write:fields',
  'write:metadata',
  'write:events',
] as const;

export type Scope = (typeof ALL_READ_SCOPES)[number] | (typeof ALL_WRITE_SCOPES)[number];

export interface TokenSpec {
  name: string;
  value: string;
  /** Empty = a legacy token: every read scope implicitly, no write access (as documented for older tokens). */
  scopes: Scope[];
  hidePii: boolean;
  /** Event ids the token may use; null = every event of the organization. */
  events: number[] | null;
  revoked: boolean;
}

export interface SbTokens {
  read: string;
  write: string;
  hidePii: string;
  revoked: string;
  legacy: string;
  restricted: string;
}

export const SB_TOKEN_TABLE: Record<keyof SbTokens, TokenSpec> = {
  read: { name: 'read', value: 'sb_read_5c1e8a7d3f9b2', scopes: [...DEFAULT_READ_SCOPES], hidePii: false, events: null, revoked: false },
  write: {
    name: 'write',
    value: 'sb_write_9d4b7e1a6c3f8',
    scopes: [...ALL_READ_SCOPES, ...ALL_WRITE_SCOPES],
    hidePii: false,
    events: null,
    revoked: false,
  },
  hidePii: { name: 'hidePii', value: 'sb_hidepii_2a8f6d4c1e7b', scopes: [...DEFAULT_READ_SCOPES], hidePii: true, events: null, revoked: false },
  revoked: { name: 'revoked', value: 'sb_revoked_0000', scopes: [...DEFAULT_READ_SCOPES], hidePii: false, events: null, revoked: true },
  legacy: { name: 'legacy', value: 'sb_legacy_7e3c9a1f5d2b', scopes: [], hidePii: false, events: null, revoked: false },
  restricted: {
    name: 'restricted',
    value: 'sb_restricted_4f8b2d6a9c1e',
    scopes: [...DEFAULT_READ_SCOPES],
    hidePii: false,
    events: [4001],
    revoked: false,
  },
};

export const SB_TOKENS: SbTokens = Object.fromEntries(
  Object.entries(SB_TOKEN_TABLE).map(([key, spec]) => [key, spec.value]),
) as unknown as SbTokens;

export function tokenByValue(value: string): TokenSpec | undefined {
  return Object.values(SB_TOKEN_TABLE).find((t) => t.value === value);
}

export function hasScope(token: TokenSpec, scope: Scope): boolean {
  if (token.scopes.length === 0) return scope.startsWith('read:');
  return token.scopes.includes(scope);
}
