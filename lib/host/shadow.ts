/**
 * A shadow-root host for our UI inside Sessionboard's page: styles isolated both ways, and marked
 * with OURS so a feature never mounts twice and cleanup finds it.
 *
 * The root is closed: the page's scripts get `host.shadowRoot === null` and cannot read previews,
 * reports or dialogs, nor find our buttons to click. Only sandbox builds made for browser automation
 * (sandbox/browser/harness.ts AUTOMATION_BUILD_ENV) open it, because Playwright's locators stop at
 * closed roots; real builds ignore that switch.
 */
import { OURS } from './registry.ts';

export interface ShadowMount {
  host: HTMLElement;
  root: ShadowRoot;
  container: HTMLElement;
  remove(): void;
}

export function shadowMode(env: { MODE?: string; WXT_OPEN_SHADOW_ROOTS?: string } | undefined = (import.meta as { env?: Record<string, string | undefined> }).env): ShadowRootMode {
  return env?.MODE === 'sandbox' && env.WXT_OPEN_SHADOW_ROOTS === '1' ? 'open' : 'closed';
}

/** Our own handle on each closed root (this content script's world only; the page cannot reach it). */
const roots = new WeakMap<Element, ShadowRoot>();
export function ourShadowRoot(host: Element): ShadowRoot | null {
  return roots.get(host) ?? null;
}

export function createShadowHost(opts: {
  feature: string;
  css: string;
  /** Element to put the host in/near; default document.body (last child). */
  place?: (host: HTMLElement) => void;
  tag?: string;
  doc?: Document;
}): ShadowMount {
  const doc = opts.doc ?? document;
  const host = doc.createElement(opts.tag ?? 'gleanin-bridge-ui');
  host.setAttribute(OURS, opts.feature);
  const root = host.attachShadow({ mode: shadowMode() });
  roots.set(host, root);
  const style = doc.createElement('style');
  style.textContent = `:host{all:initial}\n${opts.css}`;
  const container = doc.createElement('div');
  container.className = 'gb-root';
  root.append(style, container);
  if (opts.place) opts.place(host);
  else doc.body.append(host);
  return { host, root, container, remove: () => host.remove() };
}
