import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BridgeContext } from '../../components/bridge.tsx';
import { BridgePanel } from '../../components/BridgePanel.tsx';
import { runtimeBridge } from '../../lib/messaging/runtime.ts';
import '../../components/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BridgeContext.Provider value={runtimeBridge()}>
      <main className="gb-root">
        <BridgePanel />
      </main>
    </BridgeContext.Provider>
  </StrictMode>,
);
