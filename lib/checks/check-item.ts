/**
 * One item of "Check connection" (lib/checks/connection-check.ts), as the checks make it and the popup
 * and panel show it. Kept apart from the checks so the message protocol can validate it without
 * importing the API clients.
 */
import { z } from 'zod';

export const checkItemSchema = z.object({
  /** Stable id, also the anchor in docs/api-assumptions.md. */
  id: z.string(),
  service: z.enum(['gleanin', 'sessionboard']),
  assumption: z.string(),
  status: z.enum(['holds', 'does-not-hold', 'not-checked']),
  expected: z.string().optional(),
  saw: z.string().optional(),
  /** Why it could not be checked. */
  why: z.string().optional(),
});
export type CheckItem = z.infer<typeof checkItemSchema>;
