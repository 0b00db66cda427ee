/**
 * Sync progress as a broadcast over long-lived ports: every page or content script that wants to
 * show progress connects a port named PROGRESS_PORT; the background posts each progress step and
 * the final report to all of them. Both ends validate the events.
 */
import { PROGRESS_PORT, progressEventSchema, type ProgressEvent } from './protocol.ts';
import { judgeSender, type SenderInfo, type SenderPolicy } from './senders.ts';
import { PROGRESS_PORT_KINDS } from './capabilities.ts';

/** The parts of runtime.Port we use (structural, so tests can pass a fake). */
export interface PortLike {
  name: string;
  sender?: SenderInfo;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export function createProgressHub(policy: () => SenderPolicy) {
  const ports = new Set<PortLike>();
  return {
    /** Give to runtime.onConnect. Ports from refused senders, or kinds without progress, are closed at once. */
    accept(port: PortLike): void {
      if (port.name !== PROGRESS_PORT) return;
      const verdict = port.sender ? judgeSender(port.sender, policy()) : null;
      if (!verdict?.allowed || !PROGRESS_PORT_KINDS.includes(verdict.kind)) {
        port.disconnect();
        return;
      }
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
    },
    broadcast(event: ProgressEvent): void {
      const valid = progressEventSchema.parse(event);
      for (const port of ports) {
        try {
          port.postMessage(valid);
        } catch {
          ports.delete(port);
        }
      }
    },
    get size() {
      return ports.size;
    },
  };
}

/** Listens to progress events; returns a function that stops listening. */
export function subscribeProgress(connect: () => PortLike, onEvent: (e: ProgressEvent) => void): () => void {
  const port = connect();
  port.onMessage.addListener((message) => {
    const parsed = progressEventSchema.safeParse(message);
    if (parsed.success) onEvent(parsed.data);
  });
  return () => port.disconnect();
}
