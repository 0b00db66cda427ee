/**
 * Every Sessionboard selector, text anchor and URL pattern the content scripts use, in one module
 * (evidence in docs/api-assumptions.md P1-P5; sandbox/app/README.md "Anchors"). Anchors are texts, roles,
 * accessible names and URL paths, never generated class names, each with a fallback so both the
 * classic and the newer ("preview") navigation work. When Sessionboard changes a text, fix it here.
 */

export type Page =
  | { page: 'agenda'; sbEventId: number }
  | { page: 'exhibitors'; sbEventId: number }
  | { page: 'integrations' }
  | { page: 'portal'; layout: 'current' | 'legacy'; portalId: string };

/**
 * One predicate per page, each a one-liner on the URL's path, with real-looking URLs it must and must
 * not match right beside it (tests/unit/host/url-detection.test.ts runs every example, and checks each
 * is on a host the content scripts' match patterns cover). Hosts are lib/config/hosts.ts's business:
 * content scripts only run on Sessionboard's hosts. Regular expressions rather than WXT's MatchPattern
 * globs: a glob's `*` spans `/`, so it cannot require a numeric event id or leave out an event's own
 * Settings › Integrations page.
 */
export interface UrlPattern {
  test(path: string): boolean;
  yes: string[];
  no: string[];
}

export const URL_PATTERNS = {
  /** Sessions › Agenda (both navigations; `/program/agenda` as the newer navigation's fallback). */
  agenda: {
    test: (path) => /^\/events?\/\d+\/(?:sessions|program)\/agenda\/?$/.test(path),
    yes: ['https://appv2.sessionboard.com/event/4001/sessions/agenda', 'https://appv2-eu.sessionboard.com/event/812/sessions/agenda/', 'https://appv2.sessionboard.com/events/77/program/agenda?layout=preview', 'https://appv2-eu.sessionboard.com/events/812/program/agenda'],
    no: ['https://appv2.sessionboard.com/event/4001/sessions/submissions', 'https://appv2.sessionboard.com/event/abc/sessions/agenda', 'https://appv2.sessionboard.com/event/4001/sessions/agenda/123', 'https://appv2-eu.sessionboard.com/events/812/program/agenda-builder'],
  },
  exhibitors: {
    test: (path) => /^\/events?\/\d+\/(?:crm\/)?exhibitors\/?$/.test(path),
    yes: ['https://appv2.sessionboard.com/event/4001/exhibitors', 'https://appv2-eu.sessionboard.com/event/90/crm/exhibitors/', 'https://appv2.sessionboard.com/events/4001/crm/exhibitors?layout=preview'],
    no: ['https://appv2.sessionboard.com/event/4001/sponsors', 'https://appv2.sessionboard.com/event/4001/exhibitors/ex_12', 'https://appv2-eu.sessionboard.com/events/90/crm/exhibitors/ex_12/contacts', 'https://appv2.sessionboard.com/org/acme/exhibitors'],
  },
  /**
   * DESIGN CHOICE: the org prefix is UNKNOWN; `settings/integrations` is matched under any prefix except
   * an event's, whose Event Settings › Integrations page (Cvent, Swoogo, Zoom...) is about that event
   * only and gets nothing from us: the org connection card would be out of place there, and an event's
   * mapping is run from its agenda's Options menu and managed in the popup.
   */
  integrations: {
    test: (path) => /\/settings\/integrations\/?$/.test(path) && !/^\/events?\/[^/]+\//.test(path),
    yes: ['https://appv2.sessionboard.com/org/sessionboard-demo-environment/settings/integrations', 'https://appv2-eu.sessionboard.com/organization/acme/settings/integrations/', 'https://appv2.sessionboard.com/settings/integrations'],
    no: ['https://appv2.sessionboard.com/event/4001/settings/integrations', 'https://appv2-eu.sessionboard.com/events/812/settings/integrations/', 'https://appv2.sessionboard.com/org/acme/settings/api-tokens'],
  },
  /** The participant portal as the live app routes it: `/portals/<portalSlug>/<portalId>[/tab...]`. */
  portal: {
    test: (path) => /^\/portals\/[^/]+\/[^/]+(?:\/|$)/.test(path),
    yes: ['https://appv2.sessionboard.com/portals/acme-summit-2026/70008', 'https://appv2-eu.sessionboard.com/portals/jasmines-conference/a1b2c3/tasks/99', 'https://appv2.sessionboard.com/portals/acme-summit-2026/70008/profile?x=1'],
    no: ['https://appv2.sessionboard.com/me/portals', 'https://appv2.sessionboard.com/portal-login/acme-summit-2026/70008', 'https://appv2.sessionboard.com/event/4001/portals/tasks', 'https://appv2.sessionboard.com/portals/acme-summit-2026'],
  },
  /** DESIGN CHOICE (legacy portal, still on app.sessionboard.com for some events): `/portal/<id>/...`. */
  legacyPortal: {
    test: (path) => /^\/portal\/[^/]+(?:\/|$)/.test(path),
    yes: ['https://app.sessionboard.com/portal/4001/home', 'https://app.sessionboard.com/portal/acme-summit-2026/tasks/task-1'],
    no: ['https://app.sessionboard.com/portal-login/acme-summit-2026', 'https://app.sessionboard.com/portal', 'https://appv2.sessionboard.com/event/4001/portals'],
  },
} satisfies Record<string, UrlPattern>;

const pathOf = (url: string): string | null => {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
};

export function matchPage(url: string): Page | null {
  const path = pathOf(url);
  if (path === null) return null;
  const id = (re: RegExp) => re.exec(path)?.[1] ?? '';
  if (URL_PATTERNS.agenda.test(path)) return { page: 'agenda', sbEventId: Number(id(/^\/events?\/(\d+)\//)) };
  if (URL_PATTERNS.exhibitors.test(path)) return { page: 'exhibitors', sbEventId: Number(id(/^\/events?\/(\d+)\//)) };
  if (URL_PATTERNS.integrations.test(path)) return { page: 'integrations' };
  if (URL_PATTERNS.portal.test(path)) return { page: 'portal', layout: 'current', portalId: decodeURIComponent(id(/^\/portals\/[^/]+\/([^/]+)/)) };
  if (URL_PATTERNS.legacyPortal.test(path)) return { page: 'portal', layout: 'legacy', portalId: decodeURIComponent(id(/^\/portal\/([^/]+)/)) };
  return null;
}

/**
 * DESIGN CHOICE: what a Gleanin share link looks like. Gleanin's tracked advocate links are
 * `https://invt.io/<11 lowercase base-36 characters>` (what the emulator in sandbox/gleanin returns as
 * campaign links); a campaign's share page on app.gleanin.com (`/share/...`) is the other form seen.
 * Only https links of these forms are ever shown on a portal page.
 */
export const GLEANIN_LINK_FORMS: UrlPattern[] = [
  {
    test: (url) => /^https:\/\/invt\.io\/[0-9a-z]{11}$/.test(url),
    yes: ['https://invt.io/1exbas51ph9', 'https://invt.io/0a1b2c3d4e5'],
    no: ['http://invt.io/1exbas51ph9', 'https://invt.io/1EXBAS51PH9', 'https://invt.io/1exbas51ph9x', 'https://invt.io.evil.example/1exbas51ph9', 'https://invt.io/1exbas51ph9?next=https://evil.example'],
  },
  {
    test: (url) => /^https:\/\/app\.gleanin\.com\/share\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*\/?$/.test(url),
    yes: ['https://app.gleanin.com/share/campaigns/5001/variants', 'https://app.gleanin.com/share/a1b2c3'],
    no: ['https://app.gleanin.com/dashboard', 'https://app.gleanin.com.evil.example/share/1', 'javascript:alert(1)//https://app.gleanin.com/share/1', 'https://app.gleanin.com/share/1?redirect=x'],
  },
];

/** The link as written, if it is one of Gleanin's link forms (surrounding spaces aside). */
export function gleaninLinkOf(raw: string | null | undefined): string | null {
  const url = (raw ?? '').trim();
  return GLEANIN_LINK_FORMS.some((f) => f.test(url)) ? url : null;
}

/** Visible texts of the Options menu, the integrations page and the portal (docs/api-assumptions.md P3-P5). */
const TEXT = {
  optionsButton: 'Options',
  exportCsvItem: 'Export .CSV',
  integrationsHeading: 'Integrations',
  viewDocumentation: 'View Documentation',
  tasksHeading: /^Tasks\s*\(\d+\)$/,
} as const;

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** A button's accessible name as we need it: aria-label, else its text. */
function accessibleName(el: Element): string {
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
    (menu.getAttribute('aria-labelledby') && doc.getElementById(menu.getAttribute('aria-labelledby')!.split(/\s+/)[0]));
  if (controller && accessibleName(controller).replace(/^[^\p{L}]+/u, '') === TEXT.optionsButton) return true;
  return exportCsvItem(menu) !== null;
}

/** The sibling whose look injected items copy: "Export .CSV", else the menu's first item. */
function exportCsvItem(menu: Element): HTMLElement | null {
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

/** Candidate Gleanin links inside free text (a plain paragraph, a table cell). */
const LINKS_IN_TEXT = /https:\/\/[^\s<>"'()]+/g;

/**
 * The Gleanin share links the portal page itself holds, in page order, each once: task links and
 * other anchors' hrefs, field values (inputs, text areas) and links written out as text. Nothing the
 * page says about who is signed in is read. Elements we added (OURS) are skipped.
 */
export function portalShareLinks(doc: Document = document): string[] {
  const found: string[] = [];
  const add = (raw: string | null | undefined) => {
    const url = gleaninLinkOf(raw);
    if (url && !found.includes(url)) found.push(url);
  };
  const scope = doc.body;
  if (!scope) return found;
  const ours = (el: Element | null) => !!el?.closest(`[${OURS}]`);
  const walker = doc.createTreeWalker(scope, 1 | 4 /* SHOW_ELEMENT | SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      if (ours(node.parentElement) || node.parentElement?.closest('script, style, template, noscript')) continue;
      for (const m of (node.nodeValue ?? '').matchAll(LINKS_IN_TEXT)) add(m[0].replace(/[.,;:!?]+$/, ''));
      continue;
    }
    const el = node as Element;
    if (ours(el)) continue;
    if (el.tagName === 'A') add(el.getAttribute('href'));
    else if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') add((el as HTMLInputElement).value || el.getAttribute('value'));
  }
  return found;
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
