/**
 * The few window messages between the connect-and-mapping panel (an extension page framed on the
 * Integrations page) and the content script that frames it. They carry no data but a height: every
 * token and setting stays inside the extension page and goes to the background over the runtime
 * protocol. The content script accepts them only from its own frame's window and the extension's origin.
 */
import { z } from 'zod';

export const PANEL_CHANNEL = 'gleanin-bridge:panel';
/** The panel page, framed by the integrations card (listed in web_accessible_resources for the app only). */
export const PANEL_PAGE = '/panel.html';

const panelMessageSchema = z.discriminatedUnion('type', [
  /** Escape pressed inside the panel with nothing of its own to close. */
  z.strictObject({ channel: z.literal(PANEL_CHANNEL), type: z.literal('close') }),
  /** The panel's content height, so the frame fits it (up to the dialog's maximum). */
  z.strictObject({ channel: z.literal(PANEL_CHANNEL), type: z.literal('size'), height: z.number().int().min(0).max(100_000) }),
]);
export type PanelMessage = z.infer<typeof panelMessageSchema>;

/** Reads a window message as a panel message when it comes from `frame` on one of `origins`; null otherwise. */
export function readPanelMessage(event: MessageEvent, frame: { window: Window | null; origins: readonly string[] }): PanelMessage | null {
  if (!frame.window || event.source !== frame.window || !frame.origins.includes(event.origin)) return null;
  const parsed = panelMessageSchema.safeParse(event.data);
  return parsed.success ? parsed.data : null;
}

/** `scheme://host` of a URL (not URL.origin: it is "null" for extension schemes outside Chrome's own parser). */
function originOfUrl(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}

/**
 * The origins the framed panel's messages may carry: its URL's, and the extension's own. Chrome serves
 * the panel from a dynamic URL (use_dynamic_url in wxt.config.ts) while the document inside keeps the
 * extension's origin, which is what its messages show.
 */
export function panelFrameOrigins(panelUrl: string, extensionRootUrl?: string): string[] {
  return [...new Set([originOfUrl(panelUrl), ...(extensionRootUrl ? [originOfUrl(extensionRootUrl)] : [])])];
}

/** Inside the panel page: tell the framing page (only the host page's window; no payload worth reading). */
export function postToHost(message: PanelMessage, win: Window = window): void {
  if (win.parent !== win) win.parent.postMessage(message, '*');
}
