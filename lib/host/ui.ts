/**
 * Our UI inside Sessionboard's page: WXT's createShadowRootUi (styles isolated both ways) holding a
 * React root, its host marked with OURS so page-attack tests and cleanup find it. A feature creates
 * its UI once and mounts and removes it as pages and anchors come and go; WXT removes it when the
 * content script is invalidated.
 *
 * The root is closed: the page's scripts get `host.shadowRoot === null` and cannot read previews,
 * reports or dialogs, nor find our buttons to click. Only sandbox builds made for browser automation
 * (sandbox/browser/harness.ts AUTOMATION_BUILD_ENV) open it, because Playwright's locators stop at
 * closed roots; real builds ignore that switch.
 */
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptAppendMode } from 'wxt/utils/content-script-ui/types';
import { OURS } from './registry.ts';

type ReactUi = ShadowRootContentScriptUi<Root>;

function shadowRootMode(env: { MODE?: string; WXT_OPEN_SHADOW_ROOTS?: string } | undefined = (import.meta as { env?: Record<string, string | undefined> }).env): 'open' | 'closed' {
  return env?.MODE === 'sandbox' && env.WXT_OPEN_SHADOW_ROOTS === '1' ? 'open' : 'closed';
}

/** Our own handle on each closed root (this content script's world only; the page cannot reach it). */
const roots = new WeakMap<Element, ShadowRoot>();
export function ourShadowRoot(host: Element): ShadowRoot | null {
  return roots.get(host) ?? null;
}

export async function createReactUi(
  ctx: ContentScriptContext,
  opts: {
    /** OURS value of the host (and of a wrapper the feature puts it in). */
    feature: string;
    css: string;
    /** Where the UI goes when mounted (default: the end of document.body). */
    anchor?: () => Element | null;
    append?: ContentScriptAppendMode;
    /** Called on each mount. */
    render: () => ReactNode;
  },
): Promise<ReactUi> {
  const ui: ReactUi = await createShadowRootUi<Root>(ctx, {
    name: 'gleanin-bridge-ui',
    position: 'inline',
    mode: shadowRootMode(),
    // The container is the shadow tree's own <body>: without its default margin, as our styles expect.
    css: `body { margin: 0; }\n${opts.css}`,
    anchor: opts.anchor,
    append: opts.append,
    onMount(container) {
      container.classList.add('gb-root');
      const root = createRoot(container);
      root.render(opts.render());
      return root;
    },
    onRemove(root) {
      root?.unmount();
      // A wrapper the feature made for the host (the integrations grid item) leaves with it.
      const wrapper = ui.shadowHost.parentElement;
      if (wrapper?.getAttribute(OURS) === opts.feature) wrapper.remove();
    },
  });
  ui.shadowHost.setAttribute(OURS, opts.feature);
  roots.set(ui.shadowHost, ui.shadow);
  return ui;
}

/** Mounts the UI afresh (WXT's mount on a mounted UI would render a second React root into it). */
export function remount(ui: ReactUi): void {
  if (ui.mounted) ui.remove();
  ui.mount();
}
