/**
 * The connect-and-mapping panel opened from the integrations card: our dialog (title, Close, Escape,
 * focus in and back) around an iframe of the extension's panel page. Tokens are typed only inside
 * that extension page; the content script and the Sessionboard page cannot read it.
 */
import { useEffect, useRef, useState } from 'react';
import { panelFrameOrigins, readPanelMessage } from '../lib/messaging/panel-frame.ts';
import { Dialog } from './Dialog.tsx';

const PANEL_TITLE = 'Gleanin integration';

export function PanelFrameDialog({ url, onClose, extensionRootUrl }: { url: string; onClose(): void; extensionRootUrl?: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  const close = useRef(onClose);
  useEffect(() => { close.current = onClose; });

  useEffect(() => {
    const origins = panelFrameOrigins(url, extensionRootUrl);
    const onMessage = (event: MessageEvent) => {
      const message = readPanelMessage(event, { window: frame.current?.contentWindow ?? null, origins });
      if (message?.type === 'close') close.current();
      else if (message?.type === 'size') setHeight(message.height);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [url, extensionRootUrl]);

  const wrapToStart = () => frame.current?.closest('[role="dialog"]')?.querySelector<HTMLElement>('button')?.focus();

  return (
    <Dialog title={PANEL_TITLE} onClose={onClose} wide flush>
      <iframe
        ref={frame}
        src={url}
        title="Gleanin connection and event mappings"
        className="gb-panel-frame"
        style={height === null ? undefined : { height: `${height}px` }}
      />
      {/* Tabbing forward out of the frame comes back to the dialog's first control (the frame's own
          document is out of reach of the dialog's Tab handling). */}
      <span tabIndex={0} data-gb-focus-wrap="" onFocus={wrapToStart} />
    </Dialog>
  );
}
