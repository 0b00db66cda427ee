/**
 * Secrets in the open: the UI shows a token only as `••••` + its last 4 characters, and
 * any server text that lands in an error is scrubbed of the token first (a service may echo it).
 */
const MASK = '••••';

/** `••••1234`; tokens too short to spare 4 characters show nothing of themselves. */
export function maskToken(token: string | null | undefined): string {
  const t = (token ?? '').trim();
  return t.length >= 12 ? `${MASK}${t.slice(-4)}` : MASK;
}

/** `text` with every occurrence of each secret replaced by `••••`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(MASK);
  return out;
}
