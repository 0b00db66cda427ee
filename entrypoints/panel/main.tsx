/**
 * The connect-and-mapping panel as an extension page, framed by the integrations card on
 * Organization › Settings › Integrations. Tokens are typed here, in the extension's origin, so
 * neither the Sessionboard page nor our content script ever sees them.
 *
 * It acts only when our card framed it: the card passes a one-time grant in the URL fragment and the
 * panel redeems it with the background before it shows anything actionable. A panel framed by the
 * page itself (to overlay it and trick a click) shows only where to open it from.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BridgeContext } from '../../components/bridge.tsx';
import { BridgePanel, PanelNotGranted } from '../../components/BridgePanel.tsx';
import { runtimeBridge } from '../../lib/messaging/runtime.ts';
import { PANEL_CHANNEL, postToHost } from '../../lib/messaging/panel-frame.ts';
import { readPanelHash } from '../../lib/messaging/panel-grants.ts';
import '../../components/styles.css';

const root = document.getElementById('root')!;
const bridge = runtimeBridge();
const { grant, intent } = readPanelHash(location.hash);
// The grant is spent: keep it out of the page's history and any later reload.
history.replaceState(null, '', location.pathname);

async function granted(): Promise<boolean> {
  if (!grant) return false;
  try {
    return (await bridge.request('redeemPanelGrant', { grant })).granted;
  } catch {
    return false;
  }
}

const close = () => postToHost({ channel: PANEL_CHANNEL, type: 'close' });

void granted().then((ok) => {
  createRoot(root).render(
    <StrictMode>
      <BridgeContext.Provider value={bridge}>
        <main className="gb-root">{ok ? <BridgePanel intent={intent ?? undefined} onIntentDone={close} /> : <PanelNotGranted />}</main>
      </BridgeContext.Provider>
    </StrictMode>,
  );
});

// Escape reaches the window only when no dialog of the panel handled it: then it closes the frame's dialog.
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !e.defaultPrevented) close();
});
// The framing dialog sizes the frame to the panel's content.
new ResizeObserver(() => postToHost({ channel: PANEL_CHANNEL, type: 'size', height: Math.ceil(root.getBoundingClientRect().height) })).observe(root);
