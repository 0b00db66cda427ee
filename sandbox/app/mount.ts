import type { Hono } from 'hono';

/**
 * Mounts the replica Sessionboard app on the sandbox's root app. Placeholder until issue 2/5
 * lands: the `app` URL answers with a page that says the replica is not built yet.
 */
export async function mountReplicaApp(root: Hono, _sessionboard: unknown): Promise<void> {
  root.get('*', (c) =>
    c.html('<!doctype html><title>Sessionboard replica</title><p>The replica Sessionboard app arrives with issue 2/5.</p>'),
  );
}
