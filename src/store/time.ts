/** Turning the date strings articles carry into epoch milliseconds for ordering and range filters. */

// Date.parse accepts almost anything ("5" is a year, "Thursday 12" a date), so only the two shapes
// feeds and pages really use are trusted: ISO 8601 and RFC 822/2822.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const RFC_822 =
  /^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[a-z]{1,5}|[+-]\d{4})?$/i;

const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

/** Epoch ms of an ISO 8601 or RFC 822 date, or null when the string is missing or not one of those. */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const s = value.trim();
  if (!ISO_DATE.test(s) && !RFC_822.test(s)) return null;
  // A date-time without an offset is read as UTC, not as the server's local time.
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(s)
    ? `${s.replace(' ', 'T')}Z`
    : s;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms < MIN_MS || ms >= MAX_MS) return null;
  return ms;
}

/** Epoch ms of a time the caller promises is valid; throws naming the field otherwise. */
export function requireTime(value: string, field: string): number {
  const ms = parseTime(value);
  if (ms === null) throw new Error(`store: ${field} is not an ISO 8601 time: ${JSON.stringify(value)}`);
  return ms;
}

export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}
