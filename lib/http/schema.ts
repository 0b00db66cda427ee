/**
 * Response validation: every answer goes through a zod schema, and a mismatch becomes a
 * MalformedResponseError naming the endpoint and the first offending field path
 * (`data[3].attributes.name: expected string, got number`). Schemas are loose objects, so fields a
 * real API adds later never break a client.
 */
import type { z } from 'zod';

type Path = readonly PropertyKey[];

/** `data[3].attributes.name` from zod's `['data', 3, 'attributes', 'name']`. */
function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** The first issue as `path: problem`, plus the path alone. */
export function describeIssue(error: z.ZodError, input: unknown): { path: string; detail: string } {
  const issue = error.issues[0];
  const path = formatPath(issue.path);
  let problem = issue.message;
  if (issue.code === 'invalid_type') {
    const got = valueAt(input, issue.path);
    problem = `expected ${issue.expected}, got ${got === undefined ? 'nothing' : kindOf(got)}`;
  }
  return { path, detail: `${path}: ${problem}` };
}
