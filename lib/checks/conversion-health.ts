/**
 * Conversion tracking health of a mapped Gleanin event, from its `conversion_heartbeats` (the one
 * event attribute with documented shape beyond the basics; docs/api-assumptions.md). A broken
 * registration pixel is otherwise silent, and share links then earn no credit.
 */
export interface ConversionHeartbeats {
  domains: string[];
  firstAt: string | null;
  lastAt: string | null;
  count: number;
}

export interface ConversionHealth extends ConversionHeartbeats {
  /** Whether any of the event's sessions is still ahead (has not ended). */
  sessionsAhead: boolean;
  /** Set when the organizer should look at the pixel. */
  warning: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function conversionHealth(beats: ConversionHeartbeats | null, sessionEnds: (string | null)[], now: Date): ConversionHealth {
  const b = beats ?? { domains: [], firstAt: null, lastAt: null, count: 0 };
  const sessionsAhead = sessionEnds.some((end) => end !== null && Date.parse(end) > now.getTime());
  let warning: string | null = null;
  if (!beats) {
    warning = 'Gleanin did not report conversion tracking for this event';
  } else if (b.count === 0 || !b.lastAt) {
    warning = 'No conversion signal yet: add Gleanin\'s conversion pixel to the registration confirmation page, or share links earn no credit';
  } else if (sessionsAhead && now.getTime() - Date.parse(b.lastAt) > DAY_MS) {
    const days = Math.floor((now.getTime() - Date.parse(b.lastAt)) / DAY_MS);
    warning = `No conversion signal for ${days} day${days === 1 ? '' : 's'} while sessions are ahead: check that the conversion pixel still fires on the registration page`;
  }
  return { ...b, sessionsAhead, warning };
}
