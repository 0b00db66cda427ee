/**
 * The engine's fields as the Gleanin client's create/update inputs: the mappers' field names are the
 * client's camelCase input keys; the wire names (snake_case, JSON:API) are lib/gleanin/adapter.ts's.
 * Only a session's speakers differ: the plan names them by external id, Gleanin by its own ids.
 */
import type { PersonFields, SessionFields } from './model.ts';

export function toSpeakerInput(eventId: string, externalIdx: string, f: PersonFields) {
  return { eventId, externalIdx, ...f };
}

/** Only the changed fields; an adopt or a re-tag also sets the external id (adopted form, or current format). */
export function toSpeakerPatch(f: Partial<PersonFields>, externalIdx?: string) {
  return { ...f, ...(externalIdx ? { externalIdx } : {}) };
}

export function toSessionInput(eventId: string, externalIdx: string, f: SessionFields, speakerIds: string[]) {
  const { speakerKeys: _keys, ...rest } = f;
  return { eventId, externalIdx, ...rest, speakerIds };
}

export function toSessionPatch(f: Partial<SessionFields>, speakerIds: string[] | undefined) {
  const { speakerKeys: _keys, ...rest } = f;
  return { ...rest, ...(speakerIds ? { speakerIds } : {}) };
}
