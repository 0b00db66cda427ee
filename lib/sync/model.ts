/**
 * The sync engine's own normalised model: what a Sessionboard event should look like in Gleanin
 * (desired records), what the planner decides (operations), and what a sync run reports.
 * Plain data only, so the background can send it through the message protocol unchanged.
 */
import type { PersonRole, Problem, RecordType, SyncKind, WithheldDeletes } from './model-schemas.ts';
import type { ExhibitorContactFields } from './mappers/exhibitor-contact.ts';
import type { SessionFields } from './mappers/session.ts';
import type { SpeakerFields } from './mappers/speaker.ts';

/** The shapes that leave the background are zod schemas in lib/sync/model-schemas.ts; the engine names their types from here. */
export type {
  BlockedReason,
  PersonRole,
  Problem,
  RecordCounts,
  RecordType,
  SyncKind,
  SyncPreview,
  SyncProgress,
  SyncRunReport,
  SyncTrigger,
  WithheldDeletes,
} from './model-schemas.ts';

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
