/**
 * What the engine needs from the two API clients (lib/gleanin/client.ts, lib/sessionboard/client.ts),
 * as structural types: the real classes satisfy them, and the engine never imports transport code.
 */
import type { GleaninClient } from '../gleanin/client.ts';
import type { SessionboardClient } from '../sessionboard/client.ts';

export type GleaninPort = Pick<
  GleaninClient,
  | 'getEvent'
  | 'findSpeakerByExternalId'
  | 'findSessionByExternalId'
  | 'getSpeaker'
  | 'getSession'
  | 'createSpeaker'
  | 'updateSpeaker'
  | 'deleteSpeaker'
  | 'createSession'
  | 'updateSession'
  | 'deleteSession'
>;

export type SessionboardPort = Pick<
  SessionboardClient,
  'listEvents' | 'searchSessions' | 'searchExhibitors' | 'listFields' | 'createField' | 'bulkContacts' | 'probeWriteContacts'
>;

export interface SyncClients {
  gleanin: GleaninPort;
  sessionboard: SessionboardPort;
}
