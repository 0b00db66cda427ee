/**
 * The engine's fields as the Gleanin client's create/update inputs (camelCase, lib/gleanin/client.ts).
 * The wire names (snake_case, JSON:API) are the client adapter's business (lib/gleanin/adapter.ts).
 */
import type { PersonFields, SessionFields } from './model.ts';

export function toSpeakerInput(eventId: string, externalIdx: string, f: PersonFields) {
  return {
    eventId,
    externalIdx,
    name: f.name,
    email: f.email,
    jobTitle: f.jobTitle,
    companyName: f.companyName,
    headshotUrl: f.headshotUrl,
    ...(f.groups ? { groups: f.groups } : {}),
  };
}

/** Only the changed fields; an adopt or a re-tag also sets the external id (adopted form, or current format). */
export function toSpeakerPatch(f: Partial<PersonFields>, externalIdx?: string) {
  return { ...f, ...(externalIdx ? { externalIdx } : {}) };
}

export function toSessionInput(eventId: string, externalIdx: string, f: SessionFields, speakerIds: string[]) {
  return {
    eventId,
    externalIdx,
    title: f.title,
    description: f.description,
    schedule: f.schedule,
    startsAt: f.startsAt,
    endsAt: f.endsAt,
    tracks: f.tracks,
    speakerIds,
  };
}

export function toSessionPatch(f: Partial<SessionFields>, speakerIds: string[] | undefined) {
  const { speakerKeys: _keys, ...rest } = f;
  return { ...rest, ...(speakerIds ? { speakerIds } : {}) };
}
