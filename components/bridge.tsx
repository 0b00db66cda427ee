/** The protocol client as React context, so the same components run in the popup and in injected panels. */
import { createContext, useContext } from 'react';
import type { BridgeClient } from '../lib/messaging/client.ts';

export const BridgeContext = createContext<BridgeClient | null>(null);

export function useBridge(): BridgeClient {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge needs a <BridgeContext.Provider>');
  return bridge;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
