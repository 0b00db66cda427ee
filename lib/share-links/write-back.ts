/**
 * Share links back to Sessionboard: after apply, each synced person's Gleanin campaign
 * links are stored with the SB contact id and email; links Gleanin has not made yet are simply
 * missing and the next run's speaker list brings them. When the token may write contacts, the link
 * goes to the contact's "Gleanin Link" field (created when missing) through /contacts/bulk, only
 * where the value changed since we last wrote it. A person who left the sync has the value we wrote
 * cleared in the same bulk writes (or replaced by their link of the other kind, if they still have one).
 */
import { ConflictError, ForbiddenError } from '../http/errors.ts';
import type { ConnectionMeta, Mapping, ShareLinkRow } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import type { ApplyResult } from '../sync/apply.ts';
import type { DesiredPerson, SyncKind } from '../sync/model.ts';
import type { SessionboardPort } from '../sync/ports.ts';

type CampaignLink = ShareLinkRow['links'][number];

/** DESIGN CHOICE (docs/api-assumptions.md S9): the contact field the native integration uses. */
export const GLEANIN_LINK_FIELD = { name: 'Gleanin Link', internalName: 'gleanin_link', module: 'contact', fieldType: 'text' } as const;
/**
 * DESIGN CHOICE: how a "Gleanin Link" value is cleared. An empty text is what any text field takes
 * (whether the API also takes null is not documented); the SB emulator treats both as "no value".
 */
const CLEARED_LINK_VALUE = '';

/**
 * The one link written to "Gleanin Link": the campaign of the person's role (speaker or exhibitor
 * campaign, docs/api-assumptions.md G15), else the first link. Only https links.
 */
export function primaryLink(links: CampaignLink[], role: 'speaker' | 'exhibitor'): string | null {
  const safe = links.filter((l) => /^https:\/\//i.test(l.url));
  const wanted = role === 'exhibitor' ? /exhibitor/i : /speaker/i;
  return (safe.find((l) => wanted.test(l.campaignName)) ?? safe[0])?.url ?? null;
}

export interface WriteBackInput {
  store: Store;
  sessionboard: SessionboardPort;
  mapping: Mapping;
  connection: ConnectionMeta;
  desired: DesiredPerson[];
  gleaninSpeakers: { id: string; externalIdx: string | null; campaignLinks?: CampaignLink[] }[];
  applied: ApplyResult;
  now: () => Date;
  /** The run's kind: who may have left the sync (speakers, or exhibitor contacts). Without it nothing is cleared. */
  kind?: SyncKind;
  /** The mapping's share-link rows before apply (apply drops the rows of people it deletes). */
  previous?: ShareLinkRow[];
}

/** A row's content apart from when it was written: rows whose content is unchanged are not written again. */
const contentOf = (r: ShareLinkRow) =>
  JSON.stringify([r.sbEventId, r.sbContactId, r.email, r.name, r.roles, r.context, r.gleaninId, r.links, r.writtenValue]);

const isExhibitorRow = (r: Pick<ShareLinkRow, 'roles'>) => r.roles.includes('exhibitor') && r.roles.length === 1;

/** The one value a contact's field should hold, from their rows: the speaker link wins. */
function valueOfRows(rows: ShareLinkRow[]): string | null {
  let value: string | null = null;
  for (const r of rows) {
    const v = primaryLink(r.links, isExhibitorRow(r) ? 'exhibitor' : 'speaker');
    if (v && (value === null || !r.roles.includes('exhibitor'))) value = v;
  }
  return value;
}

export async function writeBackShareLinks(input: WriteBackInput): Promise<{ read: number; missing: number; written: number; note?: string }> {
  const { store, mapping, sessionboard } = input;
  const stored = await store.shareLinksFor(mapping.mappingKey);
  // Taken before anything below changes a row (rows of `previous` may be the very objects read here).
  const storedContent = new Map(stored.map((r) => [r.externalIdx, contentOf(r)]));
  const before = input.previous ?? stored;
  const previous = new Map(before.map((r) => [r.externalIdx, r]));
  const listed = new Map(input.gleaninSpeakers.filter((s) => s.externalIdx).map((s) => [s.externalIdx!, s]));
  const rows: ShareLinkRow[] = [];
  let missing = 0;
  for (const p of input.desired) {
    const gleaninId = input.applied.speakerIdOfKey.get(p.key);
    if (!gleaninId) continue; // not in Gleanin (conflict or failed create)
    const fresh = input.applied.people.get(p.key)?.campaignLinks;
    const links = fresh?.length ? fresh : (listed.get(p.key)?.campaignLinks ?? previous.get(p.key)?.links ?? []);
    if (!links.length) missing++;
    rows.push({
      mappingKey: mapping.mappingKey,
      externalIdx: p.key,
      sbEventId: mapping.sbEventId,
      sbContactId: p.sbContactId,
      email: p.email,
      name: p.name,
      roles: p.roles,
      context: p.context,
      gleaninId,
      links,
      writtenValue: previous.get(p.key)?.writtenValue ?? null,
      updatedAt: input.now().toISOString(),
    });
  }

  // One value per SB contact (a person can be a speaker and a team member): the speaker link wins.
  const byContact = new Map<string, { value: string; rows: ShareLinkRow[] }>();
  for (const r of rows) {
    const value = primaryLink(r.links, r.roles.includes('exhibitor') && r.roles.length === 1 ? 'exhibitor' : 'speaker');
    if (!value) continue;
    const entry = byContact.get(r.sbContactId);
    if (!entry) byContact.set(r.sbContactId, { value, rows: [r] });
    else {
      entry.rows.push(r);
      if (!r.roles.includes('exhibitor')) entry.value = value;
    }
  }
  const changed: [string, { value: string; rows: ShareLinkRow[] }][] = [...byContact].filter(([, e]) => e.rows.some((r) => r.writtenValue !== e.value));

  // People of this run's kind who left the sync and whose field holds a value we wrote.
  const desiredKeys = new Set(input.desired.map((p) => p.key));
  const ofThisKind = (r: ShareLinkRow) => (input.kind === 'exhibitors') === r.roles.includes('exhibitor');
  const left = input.kind ? before.filter((r) => ofThisKind(r) && !desiredKeys.has(r.externalIdx) && r.writtenValue !== null) : [];
  const stillStored = new Set(stored.map((r) => r.externalIdx));
  const leftByContact = new Map<string, ShareLinkRow[]>();
  for (const r of left) {
    if (byContact.has(r.sbContactId)) continue; // still synced under another row: its value is set above
    leftByContact.set(r.sbContactId, [...(leftByContact.get(r.sbContactId) ?? []), r]);
  }
  for (const [id, gone] of leftByContact) {
    // Their rows of the other kind (e.g. a speaker who is still an exhibitor team member) keep a link.
    const kept = before.filter((r) => r.sbContactId === id && !ofThisKind(r));
    const value = valueOfRows(kept) ?? CLEARED_LINK_VALUE;
    if (gone.every((r) => r.writtenValue === value)) continue;
    // Only rows the store still holds are written back (apply dropped the deleted people's rows).
    changed.push([id, { value, rows: gone.filter((r) => stillStored.has(r.externalIdx)) }]);
  }
  let written = 0;
  let note: string | undefined;
  if (changed.length && !input.connection.canWriteContacts) {
    note = 'Share links were not written to Sessionboard: the Sessionboard token lacks the write:contacts scope';
  } else if (changed.length) {
    try {
      await ensureLinkField(sessionboard, mapping.sbEventId, input.connection.canWriteFields);
      const results = await sessionboard.bulkContacts(
        mapping.sbEventId,
        changed.map(([id, e]) => ({ action: 'update' as const, id, data: { custom_fields: { [GLEANIN_LINK_FIELD.internalName]: e.value } } })),
      );
      const ok = new Set(results.filter((r) => r.ok).map((r) => r.id));
      const firstError = results.find((r) => !r.ok)?.error;
      for (const [id, e] of changed) {
        if (!ok.has(id)) continue;
        written++;
        for (const r of e.rows) {
          r.writtenValue = e.value === CLEARED_LINK_VALUE ? null : e.value;
          if (!rows.includes(r)) rows.push(r);
        }
      }
      if (written < changed.length) {
        const why = firstError ? ` (${firstError.code}: ${firstError.message})` : '';
        note = `${changed.length - written} share links could not be written to Sessionboard${why}; they are retried on the next sync`;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      note =
        err instanceof ForbiddenError || err instanceof LinkFieldMissing
          ? `Share links were not written to Sessionboard: ${message}`
          : `Share links could not be written to Sessionboard (${message}); they are retried on the next sync`;
    }
  }
  // Only rows that changed: a sync that changed nothing writes none of the thousands of rows.
  await store.putShareLinks(rows.filter((r) => storedContent.get(r.externalIdx) !== contentOf(r)));
  return { read: rows.length - missing, missing, written, ...(note ? { note } : {}) };
}

class LinkFieldMissing extends Error {
  constructor() {
    super('the contact field "Gleanin Link" is missing and the token lacks the write:fields scope to create it; add the field in Sessionboard');
    this.name = 'LinkFieldMissing';
  }
}

/** The "Gleanin Link" contact field, created when missing and the token may. */
async function ensureLinkField(sb: SessionboardPort, eventId: number, canWriteFields: boolean): Promise<void> {
  const fields = await sb.listFields(eventId);
  if (fields.some((f) => f.internal_name === GLEANIN_LINK_FIELD.internalName && f.module === 'contact')) return;
  if (!canWriteFields) throw new LinkFieldMissing();
  try {
    await sb.createField(eventId, { name: GLEANIN_LINK_FIELD.name, field_type: GLEANIN_LINK_FIELD.fieldType, module: GLEANIN_LINK_FIELD.module, field_level: 'event' });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err; // 409: made meanwhile (another run, or by hand), which is all we need
  }
}
