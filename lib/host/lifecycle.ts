/**
 * How each content-script feature lives on a single-page app: mounted while the URL matches,
 * unmounted and re-mounted on client-side navigation (wxt:locationchange, popstate, and a cheap
 * href comparison on DOM changes since WXT's watcher polls), never twice, and cleaned up when the
 * content-script context is invalidated (extension reloaded or updated).
 */
import { matchPage, OURS, type Page } from './registry.ts';

export interface LifecycleContext {
  onInvalidated(cb: () => void): unknown;
}

export interface Feature<P extends Page = Page> {
  name: string;
  /** The page this feature works on, or null. */
  match(page: Page | null): P | null;
  /** Mounts on a matching page; returns its cleanup. */
  mount(page: P): () => void;
}

export function runFeature<P extends Page>(ctx: LifecycleContext, feature: Feature<P>, win: Window = window): () => void {
  let current: { key: string; cleanup: () => void } | null = null;
  let lastHref = '';
  let stopped = false;

  const check = () => {
    if (stopped) return;
    lastHref = win.location.href;
    const page = feature.match(matchPage(lastHref));
    const key = page ? JSON.stringify(page) : '';
    if (key === (current?.key ?? '')) return;
    current?.cleanup();
    current = null;
    if (page) current = { key, cleanup: feature.mount(page) };
  };

  const onDomChange = () => {
    if (win.location.href !== lastHref) check();
  };
  const observer = new MutationObserver(onDomChange);
  observer.observe(win.document.documentElement, { childList: true, subtree: true });
  win.addEventListener('wxt:locationchange', check);
  win.addEventListener('popstate', check);
  check();

  const stop = () => {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    win.removeEventListener('wxt:locationchange', check);
    win.removeEventListener('popstate', check);
    current?.cleanup();
    current = null;
  };
  ctx.onInvalidated(stop);
  return stop;
}

/** Removes everything a feature added (elements carrying OURS=<feature>). */
export function removeOurs(feature: string, doc: Document = document): void {
  doc.querySelectorAll(`[${OURS}="${feature}"]`).forEach((el) => el.remove());
}
