// Hijri → Gregorian conversion. Umm al-Qura (the Saudi official calendar) through ICU when Node has it,
// the tabular (arithmetical, civil epoch) calendar otherwise. Printed Hijri dates in other countries follow
// moon sighting, so any conversion is only good to about ±1 day.

export interface YMD {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;
// Julian Day Number of 1970-01-01.
const JDN_UNIX_EPOCH = 2_440_588;

function tabularHijriToDays(y: number, m: number, d: number): number {
  const jdn = d + Math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + Math.floor((3 + 11 * y) / 30) + 1_948_439;
  return jdn - JDN_UNIX_EPOCH;
}

function daysToYmd(days: number): YMD {
  const dt = new Date(days * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

let umalqura: Intl.DateTimeFormat | null | undefined;

function umalquraFormat(): Intl.DateTimeFormat | null {
  if (umalqura !== undefined) return umalqura;
  try {
    const f = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    // Builds without full ICU silently fall back to the Gregorian calendar.
    umalqura = f.resolvedOptions().calendar === 'islamic-umalqura' ? f : null;
  } catch {
    umalqura = null;
  }
  return umalqura;
}

function hijriOf(f: Intl.DateTimeFormat, days: number): YMD {
  const out: YMD = { y: 0, m: 0, d: 0 };
  for (const p of f.formatToParts(new Date(days * DAY_MS))) {
    if (p.type === 'year') out.y = Number.parseInt(p.value, 10);
    else if (p.type === 'month') out.m = Number.parseInt(p.value, 10);
    else if (p.type === 'day') out.d = Number.parseInt(p.value, 10);
  }
  return out;
}

/**
 * Converts a Hijri date to the Gregorian calendar (Umm al-Qura when available, tabular otherwise).
 * Day 30 of a month that has 29 days is read as the day after the 29th (sighting differs by a day).
 * Returns null for impossible input (month outside 1–12, day outside 1–30).
 */
export function hijriToGregorian(y: number, m: number, d: number): YMD | null {
  if (!Number.isInteger(y) || m < 1 || m > 12 || d < 1 || d > 30 || y < 1 || y > 2000) return null;
  const estimate = tabularHijriToDays(y, m, d);
  const f = umalquraFormat();
  if (!f) return daysToYmd(estimate);
  const target = y * 360 + (m - 1) * 30;
  let days = estimate;
  // The tabular estimate is within a couple of days of Umm al-Qura; walk to the exact day.
  for (let i = 0; i < 6; i++) {
    const h = hijriOf(f, days);
    if (h.y === y && h.m === m && h.d === d) return daysToYmd(days);
    const got = h.y * 360 + (h.m - 1) * 30 + h.d;
    if (d === 30 && h.y === y && h.m === m && h.d === 29) return daysToYmd(days + 1);
    const step = target + d - got;
    if (step === 0) break;
    days += Math.max(-3, Math.min(3, step));
  }
  // Day 30 where the month has 29: the day after the 29th.
  if (d === 30) {
    const before = hijriToGregorian(y, m, 29);
    if (before) return daysToYmd(Date.UTC(before.y, before.m - 1, before.d) / DAY_MS + 1);
  }
  return daysToYmd(estimate);
}
