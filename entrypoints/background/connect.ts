/**
 * Live check of both tokens before they are saved: one cheap authenticated call each,
 * a look at one contact's email to catch a Hide PII token, and the write-scope probe.
 */
import type { Region } from '../../lib/config/hosts.ts';
import type { GleaninEventView, SbEventView } from '../../lib/messaging/protocol.ts';
import { isMaskedEmail } from '../../lib/sessionboard/adapter.ts';

export interface GleaninCheckPort {
  listEvents(): Promise<GleaninEventView[]>;
  /** The external ids of the event's speakers and sessions (Add Mapping checks whose records they are). */
  externalIds(eventId: string): Promise<(string | null)[]>;
}
export interface SessionboardCheckPort {
  listEvents(): Promise<SbEventView[]>;
  /** One contact email of the event (null when it has none), to detect Hide PII masking. */
  sampleContactEmail(eventId: number): Promise<string | null>;
  /** True when the token may write contacts (the bulk endpoint's scope check). */
  probeWriteContacts(eventId: number): Promise<boolean>;
}

export interface CheckResult {
  errors: { gleanin?: string; sessionboard?: string };
  canWriteContacts: boolean;
  notes: string[];
}

export const HIDE_PII_MESSAGE = 'This Sessionboard token hides personal data; create one with Hide PII turned off';
export const NO_WRITE_NOTE =
  'This Sessionboard token cannot write contacts, so share links will not be written to the contacts\' "Gleanin Link" field. They still show in the portal card and the CSV export.';

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown })?.status;
  return typeof s === 'number' ? s : undefined;
}

function describe(service: 'Gleanin' | 'Sessionboard', e: unknown, region?: Region): string {
  const status = statusOf(e);
  if (status === 401) return `${service} rejected this token (401)`;
  if (status === 403) return `${service} refused this token access (403): ${(e as Error).message}`;
  const where = region ? ` (${region.toUpperCase()} region)` : '';
  return `${service}${where} could not be reached to check the token: ${(e as Error)?.message ?? String(e)}`;
}

/**
 * `access`: per service, why the extension may not reach its API at all (a host permission the user took
 * back, lib/config/host-access.ts). That service is not called and the message is its error: a call would
 * fail like an unreachable server and wrongly say "could not be reached".
 */
export async function checkTokens(
  gleanin: GleaninCheckPort,
  sessionboard: SessionboardCheckPort,
  region: Region,
  access: { gleanin?: string; sessionboard?: string } = {},
): Promise<CheckResult> {
  const errors: CheckResult['errors'] = { ...access };
  const notes: string[] = [];
  let canWriteContacts = false;

  const glCheck = (access.gleanin ? Promise.resolve() : gleanin.listEvents()).then(
    () => undefined,
    (e) => {
      errors.gleanin = describe('Gleanin', e);
    },
  );
  const sbCheck = (async () => {
    if (access.sessionboard) return;
    try {
      const events = await sessionboard.listEvents();
      const first = events[0];
      if (!first) {
        notes.push('The Sessionboard token sees no events yet; Hide PII and write access are checked at the first sync.');
        return;
      }
      const email = await sessionboard.sampleContactEmail(first.id);
      if (isMaskedEmail(email)) {
        errors.sessionboard = HIDE_PII_MESSAGE;
        return;
      }
      canWriteContacts = await sessionboard.probeWriteContacts(first.id);
      if (!canWriteContacts) notes.push(NO_WRITE_NOTE);
    } catch (e) {
      errors.sessionboard = describe('Sessionboard', e, region);
    }
  })();
  await Promise.all([glCheck, sbCheck]);
  return { errors, canWriteContacts, notes };
}
