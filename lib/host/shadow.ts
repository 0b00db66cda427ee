/**
 * A shadow-root host for our UI inside Sessionboard's page: styles isolated both ways, and marked
 * with OURS so a feature never mounts twice and cleanup finds it.
 */
import { OURS } from './registry.ts';

export interface ShadowMount {
  host: HTMLElement;
  root: ShadowRoot;
  container: HTMLElement;
  remove(): void;
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
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = `:host{all:initial}\n${opts.css}`;
  const container = doc.createElement('div');
  container.className = 'gb-root';
  root.append(style, container);
  if (opts.place) opts.place(host);
  else doc.body.append(host);
  return { host, root, container, remove: () => host.remove() };
}
