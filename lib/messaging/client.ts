/**
 * The caller's half of the protocol (popup, injected panels, content scripts): validates the
 * request before sending and the reply before trusting it, and turns error replies into BridgeError.
 */
import {
  BridgeError,
  CHANNEL,
  describeIssues,
  protocol,
  replySchema,
  type RequestOf,
  type RequestType,
  type ResponseOf,
} from './protocol.ts';

/** Posts one envelope and resolves with the raw reply (runtime.sendMessage in the extension). */
export type Transport = (envelope: unknown) => Promise<unknown>;

export interface BridgeClient {
  request<K extends RequestType>(type: K, payload: RequestOf<K>): Promise<ResponseOf<K>>;
}

export function createBridgeClient(transport: Transport): BridgeClient {
  return {
    async request(type, payload) {
      const spec = protocol[type];
      const req = spec.request.safeParse(payload);
      if (!req.success) throw new BridgeError('malformed', describeIssues(req.error, type));
      let raw: unknown;
      try {
        raw = await transport({ channel: CHANNEL, type, payload: req.data });
      } catch (e) {
        // The background was unreachable (extension reloaded, context invalidated).
        throw new BridgeError('internal', `Gleanin Bridge could not reach its background: ${(e as Error).message}`);
      }
      const reply = replySchema.safeParse(raw);
      if (!reply.success) throw new BridgeError('malformed', `The background sent an unreadable reply to ${type}`);
      if (!reply.data.ok) throw new BridgeError(reply.data.error.code, reply.data.error.message);
      const data = spec.response.safeParse(reply.data.data);
      if (!data.success) throw new BridgeError('malformed', describeIssues(data.error, `${type} reply`));
      return data.data as ResponseOf<typeof type>;
    },
  };
}
