/**
 * A stand-in for `browser.permissions` over host match patterns: what is granted, what was requested, and
 * the onAdded/onRemoved events the popup listens to. `revoke` is what a Firefox user does in the add-on's
 * permissions tab. `request` grants only while `userAccepts` is true and records whether it was called
 * synchronously inside a click (`inGesture` is set by the test around the click).
 */
import type { HostPermissionsPort } from '../../lib/config/host-access.ts';

type Listener = () => void;

export function fakePermissions(granted: string[]) {
  const set = new Set(granted);
  const added = new Set<Listener>();
  const removed = new Set<Listener>();
  const state = { userAccepts: true, inGesture: false, requests: [] as { origins: string[]; inGesture: boolean }[] };
  const events = (listeners: Set<Listener>) => ({ addListener: (f: Listener) => void listeners.add(f), removeListener: (f: Listener) => void listeners.delete(f) });
  const port: HostPermissionsPort & { onAdded: ReturnType<typeof events>; onRemoved: ReturnType<typeof events> } = {
    async contains({ origins }) {
      return origins.every((o) => set.has(o));
    },
    request({ origins }) {
      state.requests.push({ origins, inGesture: state.inGesture });
      if (!state.inGesture) return Promise.reject(new Error('permissions.request may only be called from a user input handler'));
      if (!state.userAccepts) return Promise.resolve(false);
      for (const o of origins) set.add(o);
      added.forEach((f) => f());
      return Promise.resolve(true);
    },
    onAdded: events(added),
    onRemoved: events(removed),
  };
  return {
    port,
    state,
    has: (o: string) => set.has(o),
    revoke(o: string) {
      set.delete(o);
      removed.forEach((f) => f());
    },
  };
}
