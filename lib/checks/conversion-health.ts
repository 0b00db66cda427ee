/**
 * Conversion tracking health of a mapped Gleanin event, from its `conversion_heartbeats` (the one
 * event attribute with documented shape beyond the basics; docs/api-assumptions.md). A broken
 * registration pixel is otherwise silent, and share links then earn no credit.
 */
import { z } from 'zod';

const conversionHeartbeatsSchema = z.object({
  domains: z.array(z.string()),
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
  count: z.number(),
});
export type ConversionHeartbeats = z.infer<typeof conversionHeartbeatsSchema>;

export const conversionHealthSchema = conversionHeartbeatsSchema.extend({
  /** Whether any of the event's sessions is still ahead (has not ended). */
  sessionsAhead: z.boolean(),
  /** Set when the organizer should look at the pixel. */
  warning: z.string().nullable(),
});
export type ConversionHealth = z.infer<typeof conversionHealthSchema>;

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
