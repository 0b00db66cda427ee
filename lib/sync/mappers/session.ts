/**
 * Session mapper: an accepted, scheduled Sessionboard session -> the session as it should be in
 * Gleanin. Times are absolute instants; `schedule` is their display in the Sessionboard event's zone.
 */
import type { SbSession } from '../../sessionboard/schemas.ts';
import type { TracksFrom } from '../../store/db.ts';
import { clean, formatSchedule, htmlToText, sessionTracks, toInstant } from '../fields.ts';
import { type FieldValues, field, mapper, sameBody, sameList, sameSet, sameText, sameTime } from './mapper.ts';

const sessionFields = {
  title: field<string>('Title', sameText),
  description: field<string>('Description', sameBody),
  /** Display string in the Sessionboard event's zone, e.g. "Tue 15 Dec 2026, 09:00–09:45 EST". */
  schedule: field<string>('Schedule', sameText),
  /** Absolute instants, ISO-8601 UTC. */
  startsAt: field<string>('Start time', sameTime),
  endsAt: field<string>('End time', sameTime),
  tracks: field<string[]>('Tracks', sameList),
  /** External ids of the speakers, in Sessionboard order; apply turns them into Gleanin ids. */
  speakerKeys: field<string[]>('Speakers', sameSet),
};
export type SessionFields = FieldValues<typeof sessionFields>;

export const sessionMapper = {
  ...mapper('session', sessionFields),
  /** A session select.ts found eligible (titled, both times valid); `speakerKeys`: its synced people. */
  toGleanin: (s: SbSession, ctx: { sbTimeZone: string; tracksFrom: TracksFrom }, speakerKeys: string[]): SessionFields => ({
    title: clean(s.title)!,
    description: htmlToText(s.description),
    schedule: formatSchedule(s.starts_at!, s.ends_at!, ctx.sbTimeZone),
    startsAt: toInstant(s.starts_at!, ctx.sbTimeZone),
    endsAt: toInstant(s.ends_at!, ctx.sbTimeZone),
    tracks: sessionTracks(s, ctx.tracksFrom),
    speakerKeys,
  }),
};
