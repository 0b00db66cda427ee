/**
 * The replica's private API (served by mount.ts from the SB emulator's in-memory data). Every screen
 * shows a loading state first; data is polled so writes made through the public API show up, and the
 * `version` changes only when the data does (toolbars are keyed on it and re-rendered then).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { APP_API } from './routes';

const POLL_MS = 4000;

export function apiUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(APP_API + path, window.location.origin);
  const delay = new URLSearchParams(window.location.search).get('delay');
  if (delay !== null) url.searchParams.set('delay', delay);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url.pathname + url.search;
}

export async function apiFetch<T>(path: string, query: Record<string, string | undefined> = {}, init?: RequestInit): Promise<T> {
  const res = await fetch(apiUrl(path, query), { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = (await res.json().catch(() => null)) as ({ message?: string } & T) | null;
  if (!res.ok) throw new Error(body?.message ?? `Request failed (${res.status})`);
  return body as T;
}

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Increments whenever freshly loaded data differs from the previous load. */
  version: number;
  reload(): void;
}

export function useApi<T>(path: string | null, query: Record<string, string | undefined> = {}): ApiState<T> {
  const queryKey = JSON.stringify(query);
  const [state, setState] = useState<{ data: T | null; error: string | null; version: number; key: string | null }>({
    data: null,
    error: null,
    version: 0,
    key: null,
  });
  const lastBody = useRef<string>('');
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${queryKey}`;

  useEffect(() => {
    if (key === null || path === null) return;
    let alive = true;
    lastBody.current = '';
    const load = async () => {
      try {
        const data = await apiFetch<T>(path, JSON.parse(queryKey) as Record<string, string | undefined>);
        if (!alive) return;
        const text = JSON.stringify(data);
        if (text === lastBody.current) return;
        lastBody.current = text;
        setState((s) => ({ data, error: null, version: s.version + 1, key }));
      } catch (err) {
        if (alive) setState((s) => ({ ...s, error: (err as Error).message, key }));
      }
    };
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [key, path, queryKey, tick]);

  const reload = useCallback(() => {
    lastBody.current = '';
    setTick((t) => t + 1);
  }, []);

  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current || (state.data === null && state.error === null),
    version: state.version,
    reload,
  };
}
