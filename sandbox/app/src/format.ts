/** Dates and time zones as the real app shows them, always in the event's time zone. */

/** "(GMT-5:00) America/New_York", the form of the real time zone pickers. */
export function timezoneLabel(tz: string, at: Date = new Date()): string {
  return `(${gmtOffset(tz, at, true)}) ${tz}`;
}

/** "GMT-5:00" (long) or "GMT-5" (short); "GMT+0:00" for UTC. */
export function gmtOffset(tz: string, at: Date = new Date(), long = false): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(part ?? '');
  if (!m) return long ? 'GMT+0:00' : 'GMT+0';
  const hours = String(Number(m[2]));
  if (!long) return `GMT${m[1]}${hours}${m[3] === '00' ? '' : `:${m[3]}`}`;
  return `GMT${m[1]}${hours}:${m[3]}`;
}

export function formatDateTime(iso: string | null, tz: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatDate(iso: string, tz: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(iso));
}

/** "Dec 21 - 26, 2026" (the real dashboard's date form). */
export function formatDateRange(startIso: string, endIso: string, tz: string): string {
  const parts = (iso: string) => {
    const p = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric', year: 'numeric' }).formatToParts(new Date(iso));
    const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
    return { month: get('month'), day: get('day'), year: get('year') };
  };
  const a = parts(startIso);
  const b = parts(endIso);
  if (a.year !== b.year) return `${a.month} ${a.day}, ${a.year} - ${b.month} ${b.day}, ${b.year}`;
  if (a.month !== b.month) return `${a.month} ${a.day} - ${b.month} ${b.day}, ${b.year}`;
  return a.day === b.day ? `${a.month} ${a.day}, ${a.year}` : `${a.month} ${a.day} - ${b.day}, ${b.year}`;
}

export function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase() || '?';
}

/** Task descriptions are HTML; cards show their text only (never injected as markup). */
export function htmlToText(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '';
}
