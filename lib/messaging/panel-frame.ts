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

export const panelMessageSchema = z.discriminatedUnion('type', [
  /** Escape pressed inside the panel with nothing of its own to close. */
  z.strictObject({ channel: z.literal(PANEL_CHANNEL), type: z.literal('close') }),
  /** The panel's content height, so the frame fits it (up to the dialog's maximum). */
  z.strictObject({ channel: z.literal(PANEL_CHANNEL), type: z.literal('size'), height: z.number().int().min(0).max(100_000) }),
]);
export type PanelMessage = z.infer<typeof panelMessageSchema>;

/** Reads a window message as a panel message when it comes from `frame` on `origin`; null otherwise. */
export function readPanelMessage(event: MessageEvent, frame: { window: Window | null; origin: string }): PanelMessage | null {
  if (!frame.window || event.source !== frame.window || event.origin !== frame.origin) return null;
  const parsed = panelMessageSchema.safeParse(event.data);
  return parsed.success ? parsed.data : null;
}

/** Inside the panel page: tell the framing page (only the host page's window; no payload worth reading). */
export function postToHost(message: PanelMessage, win: Window = window): void {
  if (win.parent !== win) win.parent.postMessage(message, '*');
}
