/**
 * The connect-and-mapping panel as an extension page, framed by the integrations card on
 * Organization › Settings › Integrations. Tokens are typed here, in the extension's origin, so
 * neither the Sessionboard page nor our content script ever sees them (SPEC F1).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BridgeContext } from '../../components/bridge.tsx';
import { BridgePanel } from '../../components/BridgePanel.tsx';
import { runtimeBridge } from '../../lib/messaging/runtime.ts';
import { PANEL_CHANNEL, postToHost } from '../../lib/messaging/panel-frame.ts';
import '../../components/styles.css';

const root = document.getElementById('root')!;
createRoot(root).render(
  <StrictMode>
    <BridgeContext.Provider value={runtimeBridge()}>
      <main className="gb-root">
        <BridgePanel />
      </main>
    </BridgeContext.Provider>
  </StrictMode>,
);

// Escape reaches the window only when no dialog of the panel handled it: then it closes the frame's dialog.
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !e.defaultPrevented) postToHost({ channel: PANEL_CHANNEL, type: 'close' });
});
// The framing dialog sizes the frame to the panel's content.
new ResizeObserver(() => postToHost({ channel: PANEL_CHANNEL, type: 'size', height: Math.ceil(root.getBoundingClientRect().height) })).observe(root);
