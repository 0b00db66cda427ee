/**
 * The background's half of the protocol: refuses foreign senders and malformed envelopes with a
 * clear error, validates each payload, runs the handler, and validates its answer before sending.
 * Errors leave as `{code, message}`; messages of our API errors never contain a token.
 */
import {
  BridgeError,
  describeIssues,
  envelopeSchema,
  protocol,
  type HandlerResult,
  type Reply,
  type RequestType,
  type ResponseOf,
} from './protocol.ts';
import type { z } from 'zod';
import { judgeSender, type SenderInfo, type SenderPolicy } from './senders.ts';
import { mayRequest, withinScope, type SenderKind } from './capabilities.ts';

type HandlerContext = { kind: SenderKind; sender: SenderInfo };
export type Handlers = {
  [K in RequestType]: (
    payload: z.output<(typeof protocol)[K]['request']>,
    ctx: HandlerContext,
  ) => Promise<HandlerResult<K>>;
};

/** Maps a thrown error to the reply's error; anything unexpected becomes `internal`. */
export type ErrorMapper = (error: unknown) => { code: BridgeError['code']; message: string };

const defaultMapError: ErrorMapper = (e) =>
  e instanceof BridgeError ? { code: e.code, message: e.message } : { code: 'internal', message: String((e as Error)?.message ?? e) };

/** Where refusals are logged: the request type and the sender kind only, never the payload. */
export type RefusalLog = (line: string) => void;

export function createMessageServer(opts: { handlers: Handlers; policy: () => SenderPolicy; mapError?: ErrorMapper; logRefusal?: RefusalLog }) {
  const mapError = opts.mapError ?? defaultMapError;
  const logRefusal = opts.logRefusal ?? ((line: string) => console.warn(line));
  const refuse = (type: string, kind: SenderKind): Reply => {
    logRefusal(`Gleanin Bridge refused ${type} from the ${kind}`);
    return fail('sender-refused', `${type} is not available to the ${kind.replace(/-/g, ' ')}`);
  };
  const fail = (code: BridgeError['code'], message: string): Reply => ({ ok: false, error: { code, message } });

  return async function handle(message: unknown, sender: SenderInfo): Promise<Reply> {
    const verdict = judgeSender(sender, opts.policy());
    if (!verdict.allowed) return fail('sender-refused', verdict.reason);
    const env = envelopeSchema.safeParse(message);
    if (!env.success) return fail('malformed', `Not a Gleanin Bridge message: ${describeIssues(env.error, 'message')}`);
    const type = env.data.type;
    if (!Object.hasOwn(protocol, type)) return fail('malformed', `Unknown request type "${type}"`);
    // The capability table is checked before the payload is even read.
    if (!mayRequest(verdict.kind, type as RequestType)) return refuse(type, verdict.kind);
    const spec = protocol[type as RequestType];
    const payload = spec.request.safeParse(env.data.payload);
    if (!payload.success) return fail('malformed', `Malformed ${type} request: ${describeIssues(payload.error, 'payload')}`);
    if (!withinScope(verdict.kind, type as RequestType, payload.data, sender.url)) return refuse(type, verdict.kind);
    let result: unknown;
    try {
      const handler = opts.handlers[type as RequestType] as (p: unknown, c: HandlerContext) => Promise<unknown>;
      result = await handler(payload.data, { kind: verdict.kind, sender });
    } catch (e) {
      const { code, message: text } = mapError(e);
      return fail(code, text);
    }
    const out = spec.response.safeParse(result);
    if (!out.success) return fail('internal', `The background produced an invalid ${type} reply: ${describeIssues(out.error, 'reply')}`);
    return { ok: true, data: out.data as ResponseOf<RequestType> };
  };
}
