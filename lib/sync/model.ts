/**
 * The sync engine's own normalised model: what a Sessionboard event should look like in Gleanin
 * (desired records), what the planner decides (operations), and what a sync run reports.
 * Plain data only, so the background can send it through the message protocol unchanged.
 */
import type { ExhibitorContactFields } from './mappers/exhibitor-contact.ts';
import type { SessionFields } from './mappers/session.ts';
import type { SpeakerFields } from './mappers/speaker.ts';

/** Which half of an event a sync run covers: Agenda > Options or Exhibitors > Options. */
export type SyncKind = 'sessions' | 'exhibitors';
export type SyncTrigger = 'manual' | 'continuous';

/** Record types as the report and the UI name them. */
export type RecordType = 'session' | 'speaker' | 'exhibitor-contact';

/** Sessionboard role of a person on a session (core roles of Sessions 2.0). */
export type PersonRole = 'speaker' | 'chairperson' | 'moderator' | 'exhibitor';

/** A session as it should be in Gleanin (its synced fields: lib/sync/mappers/session.ts). `key` is the Gleanin external id (`sb:<event>:session:<uuid>`). */
export type DesiredSession = SessionFields & {
  key: string;
  sbId: string;
  friendlyId: string | null;
  /** Sessionboard sent no list of this session's people: its people in Gleanin stay as they are. */
  peopleUnknown?: boolean;
};

/** What the engine keeps beside a person's synced fields. */
interface PersonContext {
  key: string;
  sbContactId: string;
  friendlyId: string | null;
  roles: PersonRole[];
  /** Titles of the synced sessions (speakers) or the exhibitor's name, for the share-link export. */
  context: string[];
}
/** A person as they should be in Gleanin: a speaker, or an exhibitor team member (lib/sync/mappers/). */
export type DesiredPerson =
  | (PersonContext & { recordType: 'speaker' } & SpeakerFields)
  | (PersonContext & { recordType: 'exhibitor-contact' } & ExhibitorContactFields);

export interface DesiredState {
  kind: SyncKind;
  sessions: DesiredSession[];
  people: DesiredPerson[];
  /**
   * Records left as they are in Gleanin: neither written nor deleted (their links kept). Ended
   * sessions and the people on them; only the ones already in Gleanin exist to be kept.
   */
  kept?: { sessionKeys: string[]; personKeys: string[] };
}

/** Where a skipped record or a problem comes from, in the organizer's words. */
export interface Problem {
  recordType: RecordType;
  sbId: string;
  friendlyId: string | null;
  /** Title or name as Sessionboard shows it. */
  label: string;
  severity: 'skipped' | 'conflict' | 'failed' | 'warning';
  /** What is wrong, naming the field. */
  reason: string;
  /** What to do about it, in Sessionboard or Gleanin. */
  fix: string;
  field?: string;
  /** The API's own detail text (422 etc.). */
  detail?: string;
}

/** Fields the planner compares and writes to a Gleanin speaker record (the person mappers' lists). */
export type PersonFields = SpeakerFields | ExhibitorContactFields;
export type { SessionFields };

interface OpBase {
  /** External id of the record. */
  key: string;
  recordType: RecordType;
  sbId: string;
  label: string;
  friendlyId: string | null;
  /**
   * Updates only: fields whose Gleanin value is no longer what this mapping last wrote (the link's
   * `written`), compared by the planner's own rules. What happens to them: lib/sync/gleanin-edits.ts.
   */
  editedInGleanin?: string[];
}
export type PersonOp =
  | (OpBase & { action: 'create'; resource: 'speakers'; fields: PersonFields; hash: string })
  | (OpBase & {
      action: 'update';
      resource: 'speakers';
      gleaninId: string;
      fields: Partial<PersonFields>;
      changed: string[];
      /** Hash of the record once updated; absent when the update hands the record back (no link is kept). */
      hash?: string;
      /** Set when the record's external id is re-tagged (earlier format, or adoption marked). */
      externalIdx?: string;
    })
  | (OpBase & {
      action: 'adopt';
      resource: 'speakers';
      gleaninId: string;
      fields: Partial<PersonFields>;
      changed: string[];
      hash: string;
      /** The adopted form of our external id, marking the adoption in Gleanin itself. */
      externalIdx: string;
    })
  /** `release`: an adopted speaker (made by hand in Gleanin) is handed back, our external id cleared, not deleted. */
  | (OpBase & { action: 'delete'; resource: 'speakers'; gleaninId: string; reason: string; release?: boolean });
export type SessionOp =
  | (OpBase & { action: 'create'; resource: 'sessions'; fields: SessionFields; hash: string })
  | (OpBase & {
      action: 'update';
      resource: 'sessions';
      gleaninId: string;
      fields: Partial<SessionFields>;
      changed: string[];
      hash: string;
      /** Set when the record's external id is re-tagged (earlier format). */
      externalIdx?: string;
    })
  | (OpBase & { action: 'delete'; resource: 'sessions'; gleaninId: string; reason: string });
export type WriteOp = PersonOp | SessionOp;

/** Store-only bookkeeping (no Gleanin write): a link to (re)record or to drop. */
export type LinkOp =
  | { action: 'link'; key: string; recordType: RecordType; sbId: string; gleaninId: string; hash: string }
  | { action: 'unlink'; key: string };

export interface Plan {
  kind: SyncKind;
  /** In apply order (lib/sync/apply-order.ts). */
  ops: WriteOp[];
  /** Gleanin ids of people that already exist, by external id (sessions reference them). */
  speakerIdOfKey: Record<string, string>;
  links: LinkOp[];
  conflicts: Problem[];
  /**
   * Gleanin records this mapping leaves alone because it cannot prove they are its own (another
   * Sessionboard event's id, an id of unknown form, an earlier-format id this browser never linked).
   */
  untouched: Problem[];
  unchanged: { sessions: number; people: number };
  /** Deletes this run does not make, and why (absent when every planned delete goes ahead). */
  withheld?: WithheldDeletes;
}

/**
 * Deletes a run did not make. `held`: they wait (an untrusted read, or more than the delete guard
 * allows; `needsDecision` when a person's "Delete in Gleanin" / "Keep in Gleanin" settles them).
 * `kept`: not made at all ("Keep it in Gleanin", or the person chose to keep).
 */
export interface WithheldDeletes {
  state: 'held' | 'kept';
  needsDecision: boolean;
  reasons: string[];
  records: (PreviewItem & { reason: string })[];
}

export interface RecordCounts {
  attempted: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  skipped: number;
  failed: number;
  conflicts: number;
}

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'blocked';

/** Why a sync did not start (nothing was written). */
export interface BlockedReason {
  code:
    | 'time-zone-mismatch'
    | 'hide-pii'
    | 'not-connected'
    | 'mapping-missing'
    | 'already-running'
    | 'read-failed'
    /** The first write of a record type did not read back as sent; "Sync anyway" accepts it (lib/sync/canary.ts). */
    | 'first-write-not-kept'
    /** The first write could not be found by its external id: a hard stop, a retry could duplicate. */
    | 'first-write-not-found';
  message: string;
  fix: string;
  /** For a time-zone mismatch: both zones, so the page can offer "Sync anyway". */
  sessionboardTimeZone?: string;
  gleaninTimeZone?: string | null;
  /** For a first write not kept as sent: each attribute, what was sent and what came back. */
  notKept?: { recordType: RecordType; field: string; attribute: string; sent: string; saw: string }[];
}

export interface SyncRunReport {
  runId: string;
  mappingId: string;
  kind: SyncKind;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  blocked?: BlockedReason;
  /** Gleanin event id and title, for "Sync complete" texts. */
  gleaninEventId: string;
  counts: Record<RecordType, RecordCounts>;
  problems: Problem[];
  shareLinks: { read: number; missing: number; written: number; note?: string };
  /** Deletes this run did not make (held for a person, or kept), and why. */
  withheld?: WithheldDeletes;
}

/** What a preview returns: the plan in the organizer's words, nothing written. */
export interface SyncPreview {
  mappingId: string;
  kind: SyncKind;
  blocked?: BlockedReason;
  creates: PreviewItem[];
  updates: (PreviewItem & { changed: string[] })[];
  deletes: (PreviewItem & { reason: string })[];
  adopts: (PreviewItem & { changed: string[] })[];
  conflicts: Problem[];
  skipped: Problem[];
  warnings: Problem[];
  /** Gleanin records this mapping cannot prove are its own, left alone, each with the reason. */
  untouched?: Problem[];
  /** Deletes the sync would hold or keep instead of making, listed apart from `deletes` (which then is empty of them). */
  withheld?: WithheldDeletes;
  unchanged: { sessions: number; people: number };
}
export interface PreviewItem {
  recordType: RecordType;
  key: string;
  label: string;
  friendlyId: string | null;
}

export type SyncPhase = 'read' | 'plan' | 'apply' | 'share-links' | 'done';
export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
}
