/**
 * The connect-and-mapping panel opened from the integrations card: our dialog (title, Close, Escape,
 * focus in and back) around an iframe of the extension's panel page. Tokens are typed only inside
 * that extension page; the content script and the Sessionboard page cannot read it (SPEC F1).
 */
import { useEffect, useRef, useState } from 'react';
import { readPanelMessage } from '../lib/messaging/panel-frame.ts';
import { Dialog } from './Dialog.tsx';

export const PANEL_TITLE = 'Gleanin integration';

export function PanelFrameDialog({ url, onClose }: { url: string; onClose(): void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    // Not URL.origin: it is "null" for extension schemes outside Chrome's own URL parser.
    const { protocol, host } = new URL(url);
    const origin = `${protocol}//${host}`;
    const onMessage = (event: MessageEvent) => {
      const message = readPanelMessage(event, { window: frame.current?.contentWindow ?? null, origin });
      if (message?.type === 'close') close.current();
      else if (message?.type === 'size') setHeight(message.height);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [url]);

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
