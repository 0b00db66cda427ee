/**
 * Every Sessionboard selector, text anchor and URL pattern the content scripts use, in one module
 * (reference/sessionboard-app.md; sandbox/app/README.md "Anchors"). Anchors are texts, roles,
 * accessible names and URL paths, never generated class names, each with a fallback so both the
 * classic and the newer ("preview") navigation work. When Sessionboard changes a text, fix it here.
 */

export type Page =
  | { page: 'agenda'; sbEventId: number }
  | { page: 'exhibitors'; sbEventId: number }
  | { page: 'integrations' }
  | { page: 'portal'; sbEventId: number | null };

/** URL paths (§2.1 event routes; new-nav `/program/...` variants as a fallback, §2.1 "New navigation"). */
export const URL_PATTERNS = {
  agenda: [/^\/events?\/(\d+)\/sessions\/agenda\/?$/, /^\/events?\/(\d+)\/program\/agenda\/?$/],
  exhibitors: [/^\/events?\/(\d+)\/exhibitors\/?$/, /^\/events?\/(\d+)\/crm\/exhibitors\/?$/],
  /** DESIGN CHOICE: the org prefix is UNKNOWN (§2.1); the suffix settings/integrations is matched under any prefix. */
  integrations: [/^\/(?:org|organization|orgs)\/[^/]+\/settings\/integrations\/?$/, /\/settings\/integrations\/?$/],
  /** DESIGN CHOICE (replica): `/portal/<eventId>/...`; the real portal host only shows a login path (§2.4). */
  portal: [/^\/portal\/(\d+)(?:\/|$)/, /^\/portal(?:\/|$)/],
} as const;

export function matchPage(url: string): Page | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  for (const re of URL_PATTERNS.agenda) {
    const m = re.exec(path);
    if (m) return { page: 'agenda', sbEventId: Number(m[1]) };
  }
  for (const re of URL_PATTERNS.exhibitors) {
    const m = re.exec(path);
    if (m) return { page: 'exhibitors', sbEventId: Number(m[1]) };
  }
  if (URL_PATTERNS.integrations.some((re) => re.test(path))) return { page: 'integrations' };
  for (const re of URL_PATTERNS.portal) {
    const m = re.exec(path);
    if (m) return { page: 'portal', sbEventId: m[1] ? Number(m[1]) : null };
  }
  return null;
}

/** Visible texts (§2.3 Options menu; §2.2 integrations; §2.4 portal). */
export const TEXT = {
  optionsButton: 'Options',
  exportCsvItem: 'Export .CSV',
  integrationsHeading: 'Integrations',
  viewDocumentation: 'View Documentation',
  loggedInAs: /Logged in as\s+([^\s@]+@[^\s@]+\.[^\s@]+?)(?=\s|$|[),;])/,
  tasksHeading: /^Tasks\s*\(\d+\)$/,
} as const;

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** A button's accessible name as we need it: aria-label, else its text. */
export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return norm(label);
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const text = by
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ');
    if (norm(text)) return norm(text);
  }
  return norm(el.textContent);
}

/** The page's own Options button: a menu button named "Options" (icon+text classic, icon-only + aria-label preview). */
export function findOptionsButton(root: ParentNode = document): HTMLElement | null {
  const named = (el: Element) => accessibleName(el).replace(/^[^\p{L}]+/u, '') === TEXT.optionsButton;
  const candidates = Array.from(root.querySelectorAll<HTMLElement>('[role="toolbar"] button, [role="toolbar"] [role="button"]'));
  const inToolbar = candidates.find(named);
  if (inToolbar) return inToolbar;
  const menuButtons = Array.from(root.querySelectorAll<HTMLElement>('button[aria-haspopup], [role="button"][aria-haspopup]'));
  return menuButtons.find(named) ?? Array.from(root.querySelectorAll<HTMLElement>('button')).find(named) ?? null;
}

export const MENU_SELECTOR = '[role="menu"]';
export const MENUITEM_SELECTOR = '[role="menuitem"]';

/** True when `menu` is the Options menu: controlled/labelled by the Options button, or holding "Export .CSV". */
export function isOptionsMenu(menu: Element): boolean {
  const doc = menu.ownerDocument;
  const controller =
    (menu.id && doc.querySelector(`[aria-controls="${CSS.escape(menu.id)}"]`)) ||
    (menu.getAttribute('aria-labelledby') && doc.getElementById(menu.getAttribute('aria-labelledby')!.split(/\s+/)[0]!));
  if (controller && accessibleName(controller).replace(/^[^\p{L}]+/u, '') === TEXT.optionsButton) return true;
  return exportCsvItem(menu) !== null;
}

/** The menu opened by the Options button, when it is open. */
export function findOptionsMenu(doc: Document = document): HTMLElement | null {
  const button = findOptionsButton(doc);
  const controlled = button?.getAttribute('aria-controls');
  const byId = controlled ? doc.getElementById(controlled) : null;
  if (byId?.matches(MENU_SELECTOR)) return byId;
  return Array.from(doc.querySelectorAll<HTMLElement>(MENU_SELECTOR)).find(isOptionsMenu) ?? null;
}

/** The sibling whose look injected items copy: "Export .CSV", else the menu's first item. */
export function exportCsvItem(menu: Element): HTMLElement | null {
  const items = Array.from(menu.querySelectorAll<HTMLElement>(MENUITEM_SELECTOR));
  return items.find((i) => norm(i.textContent) === TEXT.exportCsvItem) ?? null;
}
export function siblingTemplate(menu: Element): HTMLElement | null {
  return exportCsvItem(menu) ?? menu.querySelector<HTMLElement>(MENUITEM_SELECTOR);
}

/** Settings › Integrations card grid: list "Integrations", else the parent of the cards with "View Documentation". */
export function findIntegrationsList(root: ParentNode = document): HTMLElement | null {
  const labelled = root.querySelector<HTMLElement>('[role="list"][aria-label="Integrations"], ul[aria-label="Integrations"], ol[aria-label="Integrations"]');
  if (labelled) return labelled;
  const link = Array.from(root.querySelectorAll<HTMLElement>('a')).find((a) => norm(a.textContent).startsWith(TEXT.viewDocumentation));
  const card = link?.closest('li, [role="listitem"], article');
  return (card?.parentElement as HTMLElement | null) ?? null;
}
/** A native card of the grid (class and element type copied so ours sits in the grid like the others). */
export function integrationCardTemplate(list: Element): HTMLElement | null {
  return Array.from(list.children).find((c) => !c.hasAttribute('data-gleanin-bridge')) as HTMLElement | null;
}

/** The signed-in portal contact's email from "Logged in as <email>" (§2.4 portal-list.png; replica header). */
export function portalEmail(doc: Document = document): string | null {
  // Text nodes, not textContent: adjacent elements' texts would run into the address.
  for (const scope of [doc.querySelector('header'), doc.body]) {
    if (!scope) continue;
    const walker = doc.createTreeWalker(scope, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.nodeValue?.includes('Logged in as')) continue;
      const m = TEXT.loggedInAs.exec(norm(node.parentElement?.textContent ?? node.nodeValue));
      if (m) return m[1]!.toLowerCase();
    }
  }
  return null;
}

/** Where the portal card goes: before the "Tasks (n)" region, else at the top of `main`. */
export function portalAnchor(doc: Document = document): { el: Element; where: 'before' | 'first' } | null {
  const headings = Array.from(doc.querySelectorAll('main h2, main h3, [role="region"] h2, section h2'));
  const tasks = headings.find((h) => TEXT.tasksHeading.test(norm(h.textContent)));
  const region = tasks?.closest('section, [role="region"]');
  if (region) return { el: region, where: 'before' };
  const main = doc.querySelector('main, [role="main"]');
  return main ? { el: main, where: 'first' } : null;
}

/** Attribute marking every element we add, so nothing is injected twice and cleanup finds it all. */
export const OURS = 'data-gleanin-bridge';
