/** Loads replica markup captured by fixtures/capture.ts and runs one feature against it. */
import { readFileSync } from 'node:fs';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { runFeature, type Feature } from '../../../lib/host/lifecycle.ts';
import type { Page } from '../../../lib/host/registry.ts';
import { ourShadowRoot } from '../../../lib/host/ui.ts';

const DIR = `${process.cwd()}/tests/unit/content/fixtures/`;

export function fixture(name: string): string {
  return readFileSync(`${DIR}${name}.html`, 'utf8');
}

/** The page as it was before the Options menu opened, and the menu element as the page adds it on open. */
export function loadPage(path: string, name: string): void {
  window.history.replaceState(null, '', path);
  document.body.innerHTML = fixture(name);
}

export function openMenuFrom(name: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = fixture(name);
  const menu = holder.querySelector<HTMLElement>('[role="menu"]')!;
  // Links the captured menu to the Options button of the page (ids are generated per render).
  const button = Array.from(document.querySelectorAll<HTMLElement>('button[aria-haspopup="menu"]')).find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim().endsWith('Options'),
  )!;
  menu.id = button.getAttribute('aria-controls')!;
  menu.setAttribute('aria-labelledby', button.id);
  button.setAttribute('aria-expanded', 'true');
  document.body.append(menu);
  return menu;
}

/** Runs a feature in a content-script context of its own; `stop` invalidates that context (as an extension reload does). */
export async function startFeature<P extends Page>(create: (ctx: ContentScriptContext) => Promise<Feature<P>>) {
  const ctx = new ContentScriptContext('test');
  runFeature(ctx, await create(ctx));
  return { stop: () => ctx.notifyInvalidated() };
}

/** Client-side navigation as the page's router does it (WXT's location watcher reports it). */
export function navigateTo(path: string): void {
  window.history.pushState(null, '', path);
}

/** Our shadow root's content for a feature (roots are closed: through the content script's own handle). */
export function shadowOf(feature: string): HTMLElement | null {
  const host = Array.from(document.querySelectorAll(`[data-gleanin-bridge="${feature}"]`)).find((el) => ourShadowRoot(el));
  return (host && ourShadowRoot(host)!.querySelector<HTMLElement>('.gb-root')) ?? null;
}

/** Marks an event as made by page script (`isTrusted === false`), as `el.click()` or `dispatchEvent` would. */
export function untrusted<E extends Event>(event: E): E {
  (event as unknown as Record<symbol, boolean>)[Symbol.for('gleanin-bridge.test.untrusted')] = true;
  return event;
}
