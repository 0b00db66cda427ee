/**
 * Client-side routing on the History API (pushState + popstate), like the real React app: content scripts
 * see URL changes without document loads. Sticky query parameters (layout, signed-in contact, delay) are
 * carried over on every navigation so the chosen variant survives it.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { STICKY_PARAMS, matchRoute, type RouteMatch } from './routes';

const listeners = new Set<() => void>();
const LAYOUT_KEY = 'sb-replica-layout';

function emit(): void {
  for (const l of listeners) l();
}

window.addEventListener('popstate', emit);

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

const snapshot = (): string => window.location.pathname + window.location.search;

export function useLocationKey(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  match: RouteMatch | null;
  key: string;
}

export function useLocation(): Location {
  const key = useLocationKey();
  const url = new URL(key, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams, match: matchRoute(url.pathname), key };
}

/** Adds the current sticky parameters to `to` unless `to` sets them itself. */
export function withSticky(to: string): string {
  const target = new URL(to, window.location.origin);
  const current = new URLSearchParams(window.location.search);
  for (const p of STICKY_PARAMS) {
    if (!target.searchParams.has(p) && current.has(p)) target.searchParams.set(p, current.get(p)!);
    // An empty value clears a sticky parameter (e.g. `?contact=` on logout).
    if (target.searchParams.get(p) === '') target.searchParams.delete(p);
  }
  return target.pathname + (target.search ? target.search : '') + target.hash;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const href = withSticky(to);
  if (opts.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.scrollTo(0, 0);
  emit();
}

/** `?layout=preview` selects the newer navigation; the choice also lives in sessionStorage. */
export function useLayout(): 'classic' | 'preview' {
  const { search } = useLocation();
  const fromUrl = search.get('layout');
  if (fromUrl === 'preview' || fromUrl === 'classic') {
    sessionStorage.setItem(LAYOUT_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(LAYOUT_KEY) === 'preview' ? 'preview' : 'classic';
}

/** Restores a stored preview layout into the URL on first load, so links keep carrying it. */
export function restoreLayoutParam(): void {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('layout') && sessionStorage.getItem(LAYOUT_KEY) === 'preview') {
    params.set('layout', 'preview');
    history.replaceState(null, '', `${window.location.pathname}?${params}${window.location.hash}`);
  }
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const href = withSticky(to);
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
