/**
 * How each content-script feature lives on a single-page app, on WXT's content-script context:
 * - the page: WXT's `wxt:locationchange` (the Navigation API where the browser has it, else a look at
 *   the URL every second) says the URL changed; a feature is mounted while lib/host/registry.ts matches
 *   the URL, never twice, with a signal that aborts when the page is left or the content script is
 *   invalidated (extension reloaded or updated), so everything it started ends with it;
 * - its anchor: `watchAnchor`, the one way every feature waits for the page element it attaches to,
 *   follows it through re-renders, and gives up on it for a floating control.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { matchPage, type Page } from './registry.ts';

export interface Feature<P extends Page = Page> {
  name: string;
  /** The page this feature works on, or null. */
  match(page: Page | null): P | null;
  /** Mounts on a matching page; `left` aborts when that page is left. */
  mount(page: P, left: AbortSignal): void;
}

export function runFeature<P extends Page>(ctx: ContentScriptContext, feature: Feature<P>): void {
  let current: { key: string; leave: AbortController } | null = null;
  const show = (url: string) => {
    const page = feature.match(matchPage(url));
    const key = page ? JSON.stringify(page) : '';
    if (key === (current?.key ?? '')) return;
    current?.leave.abort();
    current = null;
    if (!page || ctx.isInvalid) return;
    current = { key, leave: new AbortController() };
    feature.mount(page, current.leave.signal);
  };
  ctx.addEventListener(window, 'wxt:locationchange', (event) => show(event.newUrl.href));
  ctx.onInvalidated(() => {
    current?.leave.abort();
    current = null;
  });
  show(window.location.href);
}

interface AnchorWatch<A> {
  /** The anchor as the page shows it now, or null. */
  find(): A | null;
  /**
   * Called at the start, after each burst of page changes and when the grace period ends, with the
   * anchor found (or null) and `missing`: true once the anchor has been absent for `graceMs`, the
   * time the page gets to render it before the feature shows its floating control instead.
   */
  update(anchor: A | null, missing: boolean): void;
  graceMs: number;
  /** What counts as a page change (default: elements added or removed anywhere in the body). */
  observe?: MutationObserverInit;
}

/**
 * Looks for the anchor at most once per frame while the page changes (a MutationObserver only notes
 * that something changed; the look itself runs before the next paint, so a re-placed control does
 * not flash), until `left` aborts.
 */
export function watchAnchor<A>(ctx: ContentScriptContext, left: AbortSignal, watch: AnchorWatch<A>): void {
  let frame: number | null = null;
  let grace: number | null = null;
  let missing = false;
  const look = () => {
    frame = null;
    if (left.aborted) return;
    const anchor = watch.find();
    if (anchor !== null) {
      if (grace !== null) clearTimeout(grace);
      grace = null;
      missing = false;
    } else if (!missing && grace === null) {
      grace = ctx.setTimeout(() => {
        grace = null;
        missing = true;
        look();
      }, watch.graceMs);
    }
    watch.update(anchor, missing);
  };
  const observer = new MutationObserver(() => {
    if (frame === null) frame = ctx.requestAnimationFrame(look);
  });
  observer.observe(document.body, watch.observe ?? { childList: true, subtree: true });
  left.addEventListener('abort', () => {
    observer.disconnect();
    if (frame !== null) cancelAnimationFrame(frame);
    if (grace !== null) clearTimeout(grace);
  });
  look();
}
