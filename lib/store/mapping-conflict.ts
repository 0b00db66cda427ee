/**
 * Mappings are one-to-one: a Sessionboard event and a Gleanin event each belong to at most one
 * mapping. This is that rule and its words, used by Add Mapping (an already-mapped event cannot be
 * chosen), the background (before it asks Gleanin anything) and the store (again inside its write, so
 * two pages adding at once cannot both succeed). Free of Dexie, so pages can import it.
 */

export interface EventPair {
  sbEventId: number;
  gleaninEventId: string;
}

export interface MappingConflict {
  /** Which of the two events is taken. */
  side: 'sessionboard' | 'gleanin';
  message: string;
}

export class MappingConflictError extends Error {
  readonly side: MappingConflict['side'];
  constructor({ side, message }: MappingConflict) {
    super(message);
    this.name = 'MappingConflictError';
    this.side = side;
  }
}

/**
 * Why `pair` cannot be mapped next to `mappings`, or null when it can. Either event may be left out,
 * to ask about one event alone.
 */
export function mappingConflict(mappings: readonly EventPair[], pair: Partial<EventPair>): MappingConflict | null {
  const sb = pair.sbEventId === undefined ? undefined : mappings.find((m) => m.sbEventId === pair.sbEventId);
  if (sb) return { side: 'sessionboard', message: `Sessionboard event ${sb.sbEventId} is already mapped to Gleanin event ${sb.gleaninEventId}` };
  const gl = pair.gleaninEventId === undefined ? undefined : mappings.find((m) => m.gleaninEventId === pair.gleaninEventId);
  if (gl) return { side: 'gleanin', message: `Gleanin event ${gl.gleaninEventId} is already mapped to Sessionboard event ${gl.sbEventId}` };
  return null;
}
