/**
 * Value helpers of the mappers (lib/sync/mappers/): names, times, HTML, headshots. Pure; no DOM (the engine
 * runs in a service worker, where DOMParser does not exist).
 *
 * DESIGN CHOICE (docs/api-assumptions.md G14): descriptions go to Gleanin as plain text.
 * Gleanin renders them onto share pages and graphics, and no source says it takes HTML, so the
 * safest form is text: scripts and styles removed, block elements become line breaks, entities decoded.
 * Tags are stripped again after decoding, so escaped markup (`&lt;img onerror=…&gt;`) never turns into
 * live markup on its way to Gleanin.
 */
import { decodeHTML } from 'entities';
import { Temporal } from 'temporal-polyfill';
import type { TracksFrom } from '../store/db.ts';

export const normaliseEmail = (email: string | null | undefined): string => (email ?? '').trim().toLowerCase();

export const looksLikeEmail = (email: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);

/** Gleanin has one `name` (docs/api-assumptions.md G12): first and last joined, whitespace collapsed. */
export function personName(first: string | null | undefined, last: string | null | undefined): string {
  return [first, last]
    .map((p) => (p ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
}

export const clean = (value: string | null | undefined): string | null => {
  const v = (value ?? '').replace(/\s+/g, ' ').trim();
  return v ? v : null;
};

const WITH_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

/** Whether the browser knows this IANA zone name (a Gleanin or Sessionboard zone we are asked to trust). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A Sessionboard session time as epoch milliseconds, or NaN when it is not a date.
 * INFERRED (docs/api-assumptions.md S13): the wire format of `starts_at`/`ends_at` is not
 * seen. A value with `Z` or `±hh:mm` is taken as written; one without an offset is a wall-clock
 * time in the Sessionboard event's zone (where the organizer scheduled it), never in the zone of the
 * machine running the sync. Temporal resolves it with its "compatible" rule: a time skipped by a
 * spring-forward change moves forward by the gap (02:30 -> 03:30 daylight time), a time repeated by a
 * fall-back change is its first occurrence (daylight time).
 */
export function parseSessionTime(value: string, timeZone: string): number {
  const text = value.trim();
  if (WITH_OFFSET.test(text)) return Date.parse(text);
  const m = WALL_CLOCK.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const millisecond = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  let wallClock: Temporal.PlainDateTime;
  try {
    wallClock = Temporal.PlainDateTime.from({ year, month, day, hour, minute, second, millisecond }, { overflow: 'reject' });
  } catch {
    return NaN; // 30 February, 24:00 and the like
  }
  return wallClock.toZonedDateTime(timeZone).epochMilliseconds;
}

/** A Sessionboard session time (see parseSessionTime) as UTC `...Z` with milliseconds. */
export const toInstant = (value: string, timeZone: string): string => new Date(parseSessionTime(value, timeZone)).toISOString();

export const sameInstant = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ?? null) === (b ?? null) || (!!a && !!b && Date.parse(a) === Date.parse(b));

// Intl formatters are costly to build; one set per zone serves every session of an event.
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();
function formattersFor(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      zone: new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' }),
    };
    formatters.set(tz, f);
  }
  return f;
}

/**
 * The display `schedule` string (DESIGN CHOICE: formatted in the *Sessionboard* event's zone, where the organizer scheduled it),
 * e.g. "Tue, 15 Dec 2026, 09:00–09:45 EST"; a multi-day session names both days.
 */
export function formatSchedule(startsAt: string, endsAt: string, timeZone: string): string {
  const start = new Date(parseSessionTime(startsAt, timeZone));
  const end = new Date(parseSessionTime(endsAt, timeZone));
  const { day: days, time: times, zone: zones } = formattersFor(timeZone);
  const startDay = days.format(start);
  const endDay = days.format(end);
  const zone = zones.formatToParts(start).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return startDay === endDay
    ? `${startDay}, ${times.format(start)}–${times.format(end)} ${zone}`
    : `${startDay}, ${times.format(start)} – ${endDay}, ${times.format(end)} ${zone}`;
}

/**
 * Anything that a browser would parse as a tag, comment or declaration: `<` followed by a letter, `/`,
 * `!` or `?`. A lone `<` in prose ("a < b") is not one and stays.
 */
const TAG_LIKE = /<(?:[a-z/!?][^<>]*)(?:>|$)/gi;

/** Sessionboard's wysiwyg HTML as plain text (see the DESIGN CHOICE above). */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|iframe|object|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|style|iframe|object|noscript|template)\b[^>]*>/gi, '')
    .replace(/<li\b[^>]*>/gi, '\n• ')
    .replace(/<\/li\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|ul|ol|blockquote|tr|section|article)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  // Decoding can make markup out of escaped text: strip again until nothing tag-like is left.
  let decoded = decodeHTML(text);
  for (let previous = ''; previous !== decoded; ) {
    previous = decoded;
    decoded = decoded.replace(TAG_LIKE, '');
  }
  return decoded
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'svg', 'avif']);

/**
 * A headshot Gleanin can take, or why not. Gleanin refuses HEIC (CONFIRMED by its docs); a URL
 * whose file extension is not an image (e.g. .pdf) is refused too. URLs without an extension pass:
 * CDN URLs often have none and we cannot fetch from here.
 */
export function headshot(url: string | null | undefined): { url: string | null; warning?: string } {
  const raw = (url ?? '').trim();
  if (!raw) return { url: null };
  let path: string;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return { url: null, warning: 'Headshot URL is not a web address' };
    path = decodeURIComponent(u.pathname);
  } catch {
    return { url: null, warning: 'Headshot URL is not a valid address' };
  }
  const ext = /\.([a-z0-9]{2,5})$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'heic' || ext === 'heif') return { url: null, warning: 'Headshot is a HEIC image, which Gleanin does not support' };
  if (ext && !IMAGE_EXTENSIONS.has(ext)) return { url: null, warning: `Headshot is a .${ext} file, not an image` };
  return { url: raw };
}

interface TrackSource {
  track?: { name?: string | null } | null;
  tags?: { name?: string | null }[] | null;
}

/** Gleanin tracks from the SB track, or the SB tags, or nothing (a mapping setting: never both). */
export function sessionTracks(session: TrackSource, from: TracksFrom): string[] {
  const names =
    from === 'tracks'
      ? [session.track?.name]
      : from === 'tags'
        ? (session.tags ?? []).map((t) => t.name)
        : [];
  const out: string[] = [];
  for (const n of names) {
    const c = clean(n);
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

/** Stable JSON (sorted keys) so equal field sets hash equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** 53-bit string hash (cyrb53): content hash of synced fields, synchronous and dependency-free. */
export function contentHash(value: unknown): string {
  const str = stableJson(value);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
