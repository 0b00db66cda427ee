/**
 * The protocol bound to the extension runtime (webextension-polyfill's promise API), for the
 * popup, panels and content scripts.
 */
import { browser } from 'wxt/browser';
import { createBridgeClient, type BridgeClient } from './client.ts';
import { PROGRESS_PORT, type ProgressEvent } from './protocol.ts';
import { subscribeProgress } from './progress.ts';

export function runtimeBridge(): BridgeClient {
  return createBridgeClient((envelope) => browser.runtime.sendMessage(envelope));
}

export function runtimeProgress(onEvent: (e: ProgressEvent) => void): () => void {
  return subscribeProgress(() => browser.runtime.connect({ name: PROGRESS_PORT }), onEvent);
}
