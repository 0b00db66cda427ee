/** A select of IANA time zone names (the runtime's own list), for the Gleanin event's zone (docs/api-assumptions.md G6). */
import type { SelectHTMLAttributes } from 'react';

const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

export function TimeZoneSelect({ value, ...rest }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> & { value: string }) {
  return (
    <select value={value} {...rest}>
      {/* A stored zone the runtime does not list (or none yet) stays selectable as it is. */}
      {!TIME_ZONES.includes(value) && <option value={value}>{value || 'Choose a time zone…'}</option>}
      {TIME_ZONES.map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </select>
  );
}
