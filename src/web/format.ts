/**
 * How the site writes times, numbers and section names. One choice, kept everywhere: Gregorian calendar,
 * Latin digits (what most Arabic news sites print and what readers type into search), and a fixed display
 * time zone named next to every absolute time so nobody has to guess.
 */
import { SECTIONS } from '../analyze/sections/taxonomy.ts';
import { decodeEntities } from '../ingest/feeds/text.ts';
import { parseTime } from '../store/time.ts';

const LOCALE = 'ar-u-nu-latn-ca-gregory';
export const DEFAULT_TIME_ZONE = 'Asia/Riyadh';

const absoluteCache = new Map<string, Intl.DateTimeFormat>();
const shortCache = new Map<string, Intl.DateTimeFormat>();
const relative = new Intl.RelativeTimeFormat('ar-u-nu-latn', { numeric: 'auto' });
const numbers = new Intl.NumberFormat('ar-u-nu-latn');

function absoluteFormat(timeZone: string): Intl.DateTimeFormat {
  let f = absoluteCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    absoluteCache.set(timeZone, f);
  }
  return f;
}

function shortFormat(timeZone: string): Intl.DateTimeFormat {
  let f = shortCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
    shortCache.set(timeZone, f);
  }
  return f;
}

/** Epoch ms of an ISO 8601 or RFC 822 time, else null (publishers write odd dates). */
export function timeMs(value: string | null | undefined): number | null {
  return parseTime(value ?? null);
}

/** `6 أغسطس 2015 في 1:00 ص غرينتش+3`; empty for an unreadable time. */
export function absoluteTime(value: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  const ms = timeMs(value);
  return ms === null ? '' : absoluteFormat(timeZone).format(ms);
}

/** `6 أغسطس 2015`; empty for an unreadable time. */
export function shortDate(value: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  const ms = timeMs(value);
  return ms === null ? '' : shortFormat(timeZone).format(ms);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** `قبل 3 ساعات`, `أمس`, `الآن`; empty for an unreadable time. Times in the future read as now. */
export function relativeTime(value: string | null | undefined, now: number): string {
  const ms = timeMs(value);
  if (ms === null) return '';
  const diff = Math.max(0, now - ms);
  for (const [unit, size] of UNITS) {
    if (diff >= size) return relative.format(-Math.floor(diff / size), unit);
  }
  return 'الآن';
}

export function formatNumber(n: number): string {
  return numbers.format(n);
}

const SECTION_NAMES = new Map<string, string>(SECTIONS.map((s) => [s.id, s.name]));

/** Arabic name of one of our sections; null for an unknown id. */
export function sectionName(id: string | null | undefined): string | null {
  return id ? (SECTION_NAMES.get(id) ?? null) : null;
}

export { SECTIONS };

type PluralForms = Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other', string>;
const plural = new Intl.PluralRules('ar');

/** Arabic counted nouns follow six forms; `#` in a form is replaced by the number. */
export const NOUNS = {
  outlet: {
    zero: 'لا مصادر',
    one: 'مصدر واحد',
    two: 'مصدران',
    few: '# مصادر',
    many: '# مصدرًا',
    other: '# مصدر',
  },
  copy: { zero: 'لا نسخ', one: 'نسخة واحدة', two: 'نسختان', few: '# نسخ', many: '# نسخة', other: '# نسخة' },
  report: {
    zero: 'لا تقارير',
    one: 'تقرير واحد',
    two: 'تقريران',
    few: '# تقارير',
    many: '# تقريرًا',
    other: '# تقرير',
  },
  article: {
    zero: 'لا مقالات',
    one: 'مقال واحد',
    two: 'مقالان',
    few: '# مقالات',
    many: '# مقالًا',
    other: '# مقال',
  },
} satisfies Record<string, PluralForms>;

/** `3 مصادر`, `مصدران`, `11 مصدرًا`. */
export function counted(n: number, noun: keyof typeof NOUNS): string {
  const form = NOUNS[noun][plural.select(n) as keyof PluralForms];
  return form.replace('#', formatNumber(n));
}

/**
 * A title as the reader should see it: some publishers' feeds escape titles twice, so `&#39;` arrives as
 * text. Decoding once shows the publisher's own characters; the output is still escaped by the templates.
 */
export function displayTitle(title: string | null | undefined): string {
  const t = decodeEntities(title ?? '').trim();
  return t || 'بلا عنوان';
}
