/**
 * Adds our items to the page's own Options menu each time it opens (the menu exists in the DOM only
 * while open). Watching is cheap: a MutationObserver looks only at added nodes for role="menu";
 * no document-wide query per mutation. Items copy the look of the "Export .CSV" sibling (its
 * element type, role, classes and tabindex), carry our own icon and text (textContent, never HTML),
 * and are real menuitems, so the page's arrow-key handling includes them; where a page does not,
 * we move focus ourselves.
 */
import { MENU_SELECTOR, MENUITEM_SELECTOR, OURS, isOptionsMenu, siblingTemplate } from './registry.ts';
import { isTrustedEvent, trusted } from './trusted.ts';

export interface MenuItemSpec {
  label: string;
  onSelect(): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** lucide "refresh-cw", built node by node. */
function syncIcon(doc: Document): SVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of Object.entries({ width: '16', height: '16', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true' })) {
    svg.setAttribute(k, v);
  }
  for (const d of ['M3 12a9 9 0 0 1 9-9 9.75 9.75 0 0 1 6.74 2.74L21 8', 'M21 3v5h-5', 'M21 12a9 9 0 0 1-9 9 9.75 9.75 0 0 1-6.74-2.74L3 16', 'M8 16H3v5']) {
    const p = doc.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

function buildItem(menu: Element, spec: MenuItemSpec, feature: string): HTMLElement {
  const doc = menu.ownerDocument;
  const template = siblingTemplate(menu);
  const item = template ? (template.cloneNode(false) as HTMLElement) : doc.createElement('button');
  item.removeAttribute('id');
  item.setAttribute('role', 'menuitem');
  item.setAttribute(OURS, feature);
  if (item.tagName === 'BUTTON') item.setAttribute('type', 'button');
  if (!item.hasAttribute('tabindex')) item.setAttribute('tabindex', '-1');
  const label = doc.createElement('span');
  label.textContent = spec.label;
  const icon = syncIcon(doc);
  // Same size and icon classes as the sibling's icon, so ours lines up with it.
  const siblingIcon = template?.querySelector('svg');
  for (const attr of ['width', 'height', 'class']) {
    const v = siblingIcon?.getAttribute(attr);
    if (v) icon.setAttribute(attr, attr === 'class' ? v.replace(/lucide-[\w-]+/g, '').trim() + ' lucide-refresh-cw' : v);
  }
  item.append(icon, label);
  // These items live in the page's DOM, within reach of its scripts: only a person's click or key acts.
  const select = () => {
    spec.onSelect();
    // Pages that do not close their menu on item click: close it the way a user would.
    setTimeout(() => {
      if (menu.isConnected) menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    }, 50);
  };
  item.addEventListener('click', trusted(select));
  item.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && item.tagName !== 'BUTTON' && isTrustedEvent(e)) {
      e.preventDefault();
      // Not item.click(): a click made by script is untrusted and would be ignored.
      select();
    }
  });
  return item;
}

/** Arrow keys for pages whose menu does not move focus onto injected items (runs after the page's handlers). */
function onKeyFallback(e: KeyboardEvent) {
  if (e.defaultPrevented || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const target = e.target as Element | null;
  const menu = target?.closest?.(MENU_SELECTOR);
  if (!menu || !menu.querySelector(`[${OURS}]`)) return;
  const items = Array.from(menu.querySelectorAll<HTMLElement>(MENUITEM_SELECTOR));
  const i = items.indexOf(target as HTMLElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
  e.preventDefault();
  items[next]?.focus();
}

export function injectInto(menu: Element, items: MenuItemSpec[], feature: string): boolean {
  if (!isOptionsMenu(menu) || menu.querySelector(`[${OURS}="${feature}"]`) || items.length === 0) return false;
  menu.append(...items.map((spec) => buildItem(menu, spec, feature)));
  return true;
}

/**
 * Watches for the Options menu and fills it with `items()` (called on each open, so labels follow the
 * current mapping) until `until` aborts; then our items leave the menu.
 */
export function watchOptionsMenu(opts: { feature: string; items: () => MenuItemSpec[]; onOpen?: () => void; until: AbortSignal; doc?: Document }): void {
  const doc = opts.doc ?? document;
  const consider = (menu: Element) => {
    opts.onOpen?.();
    injectInto(menu, opts.items(), opts.feature);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (el.matches(MENU_SELECTOR)) consider(el);
        else if (el.firstElementChild) {
          const inner = el.querySelector(MENU_SELECTOR);
          if (inner) consider(inner);
        }
      }
    }
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  doc.querySelectorAll(MENU_SELECTOR).forEach((m) => injectInto(m, opts.items(), opts.feature));
  doc.addEventListener('keydown', onKeyFallback, { signal: opts.until });
  opts.until.addEventListener('abort', () => {
    observer.disconnect();
    doc.querySelectorAll(`${MENU_SELECTOR} [${OURS}="${opts.feature}"]`).forEach((el) => el.remove());
  });
}
