/**
 * Dates as Arabic news pages and feeds print them.
 *
 * Output representation (the `iso` of a found date, the result of `parseDate`):
 * - a date without a time: `YYYY-MM-DD` (a calendar day, no zone);
 * - a date with a time but no zone: `YYYY-MM-DDTHH:mm:ss` (local wall time of the publisher, no offset);
 * - a date with a time and a zone (numeric offset, `GMT`, `EST`, `بتوقيت مكة` …): `YYYY-MM-DDTHH:mm:ss±HH:MM`,
 *   or `…Z` for a zero offset; the printed offset is kept, not converted to UTC;
 * - relative minutes/hours (`منذ ساعتين`): the instant reference − n, written with the reference offset;
 * - relative days/weeks/months and day words (`أمس`, `قبل 3 أيام`, `السبت الماضي`): `YYYY-MM-DD` counted on
 *   the reference's calendar day in the publisher's zone (`utcOffset`, default +03:00, Mecca time);
 * - fractions of seconds are dropped.
 *
 * Reading rules:
 * - numeric dates are day/month/year (`12/01/2024` is 12 January) as Arab sites print them, or year/month/day
 *   when the year comes first; the separator must repeat (`/`, `-` or `.`), the year has four digits and lies
 *   in 1900–2100, so scores and fractions (`3-1`, `2/3`) never match; there is no month/day fallback;
 *   a numeric year in 1300–1600 is Hijri (`21/10/1436هـ`, with or without the suffix) and is converted;
 * - month names: Egyptian/Gulf, Levantine/Iraqi, Maghreb (Algeria/Tunisia and Morocco) forms, also compounds
 *   (`آب/أغسطس`, `يوليو تموز`, `نوفمبر (تشرين الثاني)`); textual Gregorian years lie in 1800–2100;
 * - a day and month without a year take the year that puts the date nearest to the reference, a future date
 *   counting double (news tells of the past); a weekday printed with it picks among the candidate years;
 *   `الماضي` / `المقبل` after it force past / future; a month with a year but no day is not matched;
 * - day words with a printed weekday (`أمس الثلاثاء`, `اليوم الاثنين`) trust the weekday: the latest such
 *   weekday not after the day the word gives (articles are often fetched a day or more after writing);
 * - `اليوم` is skipped where it means "the day" (`اليوم الأول`, `في ذلك اليوم`, `في اليوم` = per day) or names
 *   a newspaper (`«اليوم»`, `عين اليوم`); `أمس الحاجة` ("dire need") is skipped;
 * - impossible dates (31 فبراير, month 13) are rejected, never rolled over;
 * - Hijri dates need a year (1300–1600). With a Gregorian date linked (`الموافق`, brackets) the Gregorian one
 *   is taken; alone, they are converted with Umm al-Qura (ICU) or the tabular calendar: ±1 day;
 * - time zones named in Arabic (`بتوقيت مكة/القاهرة/غرينتش` …) use the standard-time offset of that place;
 *   summer time (Egypt, Lebanon, Palestine) is not applied, so those can be 1 hour off in summer;
 * - `الأسبوع الماضي`, `منذ أيام`, `منذ سنوات` and other spans without a day are not dates and are not matched;
 *   `قبل 3 أيام من …` (relative to another event) is not matched either.
 *
 * Matching runs on a same-order folded copy of the text (digits to ASCII, alef/yeh/teh marbuta folded, marks
 * removed) with a map back to the input, so offsets always refer to the original string. Every pattern is
 * anchored at a token start and has bounded repetition, so the scan is linear in the input length.
 */
import { hijriToGregorian } from './calendar.ts';

/** A date found in text. `start`/`end` are UTF-16 offsets in the input; `iso` as described above. */
export type FoundDate = { text: string; start: number; end: number; iso: string };

/** Options of `findDates` and `parseDate`. */
export type DateOptions = {
  /** The moment relative expressions (`أمس`, `منذ ساعتين`) count from, and the year guess anchor. Default: now. */
  reference?: Date;
  /** Offset of the publisher's local time from UTC, in minutes, to read the reference's calendar day. Default 180. */
  utcOffset?: number;
};

// ---------------------------------------------------------------------------------------------------------
// Folding with offsets.

const FOLD = new Uint16Array(0x10000);
const DROP = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) FOLD[c] = c;
for (let c = 0x41; c <= 0x5a; c++) FOLD[c] = c + 32;
for (let d = 0; d < 10; d++) {
  FOLD[0x0660 + d] = 0x30 + d;
  FOLD[0x06f0 + d] = 0x30 + d;
}
for (const c of [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673]) FOLD[c] = 0x0627; // alef forms → ا
FOLD[0x0649] = 0x064a; // ى → ي
FOLD[0x06cc] = 0x064a; // Persian yeh → ي
FOLD[0x06a9] = 0x0643; // keheh → ك
FOLD[0x0629] = 0x0647; // ة → ه
FOLD[0x06c1] = 0x0647;
FOLD[0x060d] = 0x2f; // Arabic date separator → /
FOLD[0x00a0] = 0x20;
const MARKS: [number, number][] = [
  [0x064b, 0x065f],
  [0x0670, 0x0670],
  [0x0640, 0x0640],
];
for (const [a, b] of MARKS) for (let c = a; c <= b; c++) DROP[c] = 2; // attaches to the previous letter
for (const [a, b] of [
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0x061c, 0x061c],
  [0xfeff, 0xfeff],
  [0x00ad, 0x00ad],
] as const)
  for (let c = a; c <= b; c++) DROP[c] = 1;

type Folded = { w: string; map: Int32Array };

function foldWithOffsets(text: string): Folded {
  const buf = new Uint16Array(text.length);
  const map = new Int32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (DROP[c]) continue;
    buf[n] = FOLD[c]!;
    map[n] = i;
    n++;
  }
  map[n] = text.length;
  let w = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) w += String.fromCharCode(...buf.subarray(i, Math.min(n, i + CHUNK)));
  return { w, map: map.subarray(0, n + 1) };
}

/** Folds an Arabic pattern source written with its natural spelling (أ, ة, ى) to the folded alphabet. */
function f(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (DROP[c]) continue;
    out += c >= 0x0600 && c <= 0x06ff ? String.fromCharCode(FOLD[c]!) : src[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary (folded regex sources).

const LET = '[\\u0621-\\u064a\\u066e-\\u06d3a-z]';
const NB = `(?!${LET})`; // word ends here
const S = '\\s{1,3}';
const S0 = '\\s{0,3}';

const G_MONTHS: [number, string][] = [
  [1, f('يناير|جانفي|كانون\\s{1,3}(?:ال)?ثاني')],
  [2, f('فبراير|فبرير|فيفري|شباط')],
  [3, f('مارس|آذار')],
  [4, f('أبريل|ابريل|إبريل|أفريل|نيسان')],
  [5, f('مايو|ماي|أيار|مايس')],
  [6, f('يونيو|يونيه|جوان|حزيران')],
  [7, f('يوليو|يوليه|يوليوز|جويلية|تموز')],
  [8, f('أغسطس|آب|أوت|غشت')],
  [9, f('سبتمبر|أيلول|شتنبر')],
  [10, f('أكتوبر|تشرين\\s{1,3}(?:ال)?أول')],
  [11, f('نوفمبر|نونبر|تشرين\\s{1,3}(?:ال)?ثاني')],
  [12, f('ديسمبر|دجنبر|كانون\\s{1,3}(?:ال)?أول')],
];
const H_MONTHS: [number, string][] = [
  [1, f('المحرم|محرم')],
  [2, f('صفر')],
  [3, f('ربيع\\s{1,3}(?:ال)?أول')],
  [4, f('ربيع\\s{1,3}(?:ال)?(?:آخر|ثاني)')],
  [5, f('جمادى\\s{1,3}(?:ال)?(?:أولى|أول)')],
  [6, f('جمادى\\s{1,3}(?:ال)?(?:آخرة|ثانية|آخر|ثاني)')],
  [7, f('رجب')],
  [8, f('شعبان')],
  [9, f('رمضان')],
  [10, f('شوال')],
  [11, f('(?:ذو|ذي)\\s{1,3}القعدة')],
  [12, f('(?:ذو|ذي)\\s{1,3}الحجة')],
];
// Sunday first, as Date#getUTCDay.
const WEEKDAYS = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'].map(f);

function alternation(entries: [number, string][]): string {
  // Longest first so that ماي never shadows مايو.
  return entries
    .flatMap(([, s]) => s.split(/\|(?![^(]*\))/))
    .sort((a, b) => b.length - a.length)
    .join('|');
}
const GM = `(?:${alternation(G_MONTHS)})${NB}`;
const HM = `(?:${alternation(H_MONTHS)})${NB}`;
const WD = `(?:${WEEKDAYS.join('|')}|${f('الإثنين')}|${f('الاربعاء')})${NB}`;

const G_LOOKUP = G_MONTHS.map(([m, s]) => [m, new RegExp(`^(?:${s})$`)] as const);
const H_LOOKUP = H_MONTHS.map(([m, s]) => [m, new RegExp(`^(?:${s})$`)] as const);

function lookupMonth(table: readonly (readonly [number, RegExp])[], name: string): number {
  const key = name.replace(/\s+/g, ' ');
  for (const [m, re] of table) if (re.test(key)) return m;
  return 0;
}

function weekdayOf(name: string): number {
  for (let i = 0; i < WEEKDAYS.length; i++) if (name.endsWith(WEEKDAYS[i]!.slice(2))) return i;
  return -1;
}

// A textual date: [weekday] DAY [من] [شهر] MONTH[/alt month] [،] [عام] [YEAR] [م|هـ] [الماضي|المقبل].
// What may precede a date: [يوم|اليوم|أمس] [weekday] [،|(] [الموافق]. "اليوم الخميس 25 أوت 2016": the explicit
// date wins over the day word.
const DATE_PREFIX = new RegExp(
  `(?:[وف]?(?:${f('يوم|اليوم|أمس|غدا')})${S})?(?:[وف]?(${WD})(?:${S}${f('الماضي|المنصرم|الفائت|المقبل|القادم')}${NB})?${S0}(?:[،,]|(\\())?${S0})?(?:${f('و?الموافق')}${S0}${f('ل')}?${S0})?`,
  'y',
);
const SUFFIX = `(${f('ميلادية|ميلادي|للميلاد|م|هجرية|هجري|للهجرة|هـ')})${NB}`;
// A textual date: DAY [من] [شهر] MONTH[/alt month] [،] [عام] [YEAR] [م|هـ] [الماضي|المقبل].
const TEXT_DATE = new RegExp(
  `(\\d{1,2})(?!\\d)${S0}(?:${f('من')}${S})?(?:${f('شهر')}${S})?` +
    `(?:(${GM})(?:\\s{0,2}[/\\-]\\s{0,2}${GM}|${S0}[(\\[]\\s{0,2}${GM}\\s{0,2}[)\\]]|${S}${GM})?|(${HM}))` +
    `(?:${S0}[،,]?${S0}(?:(?:${f('من')}${S})?(?:${f('ال')})?(?:${f('عام|سنة')})${S})?(\\d{4})(?!\\d)` +
    `(?:\\s{0,2}${SUFFIX})?)?` +
    `(?:${S}(${f('الماضي|المنصرم|الفائت|المقبل|القادم')})${NB})?`,
  'yd',
);
const LINK = new RegExp(
  `\\s{0,3}[،,\\-–]?\\s{0,3}([(\\[])?\\s{0,2}(?:${f('و?الموافق')}${S0}${f('ل')}?${S0})?`,
  'y',
);
const NUM_SUFFIX = new RegExp(`\\s{0,2}${SUFFIX}`, 'y');
const CLOSE = /\s{0,2}[)\]]/y;

const DMY = /(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d|[/.-]\d)/y;
const YMD = /(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?!\d|[/.-]\d)/y;

const TIME_SEP = new RegExp(
  `(?:t|${S0}(?:[-–—،,|@]${S0})?(?:(?:${f('في|عند|على')})${S})?(${f('(?:ال)?ساعة')}${S})?)`,
  'y',
);
const HOUR_WORD = new RegExp(`${f('(?:ال)?ساعة')}${S}`, 'y');
const CLOCK = /(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(?!\d)/y;
const PERIOD = new RegExp(
  `\\s{0,2}(?:(?:${f('من')}${S})?(${f('صباحا|صباح|الصباح|فجرا|الفجر|فجر|ص')}|` +
    `${f('مساء|مساءا|المساء|ليلا|الليل|ليل|م')}|${f('ظهرا|الظهر|ظهر|عصرا|العصر|عصر')})${NB}|(am|pm|a\\.m\\.|p\\.m\\.))`,
  'y',
);

// Standard-time offsets (minutes) of places Arabic pages name in `بتوقيت …`.
const PLACE_ZONES: [number, string][] = [
  [
    180,
    'مكة(?:\\s{1,3}المكرمة)?|المدينة(?:\\s{1,3}المنورة)?|الرياض|جدة|السعودية|المملكة|الكويت|الدوحة|قطر|المنامة|البحرين|بغداد|العراق|صنعاء|اليمن|دمشق|سوريا|الأردن|عمّان|موسكو',
  ],
  [240, 'أبوظبي|أبو\\s{1,3}ظبي|دبي|الإمارات|مسقط|سلطنة\\s{1,3}عمان'],
  [120, 'القاهرة|مصر|بيروت|لبنان|القدس|فلسطين|غزة|طرابلس|ليبيا|الخرطوم|السودان'],
  [60, 'تونس|الجزائر|المغرب|الرباط|باريس'],
  [0, 'غرينتش|جرينتش|غرينيتش|جرينيتش|غرينش|لندن|نواكشوط|موريتانيا'],
];
const ZONE = new RegExp(
  `\\s{0,3}(?:[(\\[]\\s{0,2})?(?:(?:${f('ب|حسب')})${S0})?(?:${f('ال')})?${f('توقيت')}${S}(?:(${PLACE_ZONES.map(([, s]) => f(s)).join('|')})${NB}|(${f('العالمي')})|(gmt|utc))` +
    `(?:\\s{0,2}([+-])(\\d{1,2})(?::?(\\d{2}))?)?(?:\\s{0,2}[)\\]])?` +
    `|\\s{0,2}(?:(z)(?![a-z])|([+-])(\\d{2}):?(\\d{2})(?!\\d)|(gmt|utc|ut)(?:\\s{0,2}([+-])(\\d{1,2})(?::?(\\d{2}))?)?(?![a-z])|(${f('غرينتش|جرينتش|ت\\.?\\s?غ')})${NB}|([a-z]{3,4})(?![a-z]))`,
  'y',
);
const PLACE_LOOKUP = PLACE_ZONES.map(([o, s]) => [o, new RegExp(`^(?:${f(s)})$`)] as const);

// RFC 822 / common zone abbreviations. AST is read as Arabia Standard Time: feeds that print it are Gulf feeds.
const ZONE_ABBR: Record<string, number> = {
  gmt: 0,
  ut: 0,
  utc: 0,
  wet: 0,
  bst: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ast: 180,
  gst: 240,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const UNIT =
  `(${f('دقيقة|دقيقتين|دقيقتان|دقائق|دقايق')})|(${f('ساعة|ساعتين|ساعتان|ساعات')})|` +
  `(${f('يوما|يوم|يومين|يومان|أيام')})|(${f('أسبوعا|أسبوع|أسبوعين|أسبوعان|أسابيع')})|` +
  `(${f('شهرا|شهر|شهرين|شهران|أشهر|شهور')})`;
const NUM_WORDS: [number, string][] = [
  [3, 'ثلاثة|ثلاث'],
  [4, 'أربعة|أربع'],
  [5, 'خمسة|خمس'],
  [6, 'ستة|ست'],
  [7, 'سبعة|سبع'],
  [8, 'ثمانية|ثماني|ثمان'],
  [9, 'تسعة|تسع'],
  [10, 'عشرة|عشر'],
];
const RELATIVE = new RegExp(
  `[وف]?(?:${f('منذ|قبل')})${S}(?:(?:${f('حوالي|حوالى|نحو|قرابة|زهاء')})${S})?` +
    `(?:(\\d{1,3})\\s{0,2}|(${NUM_WORDS.map(([, s]) => f(s)).join('|')})${S})?(?:${UNIT})${NB}` +
    // "قبل 3 أيام من الانتخابات" counts from another event; "منذ يوم الخميس" / "منذ شهر رمضان" name a day.
    `(?!(?:${S}(?:${f('واحدة|واحد|فقط|تقريبا')})${NB}){0,2}${S}(?:${f('من|على|عن')})${NB}|${S}(?:\\d|${f('ال')}(?!${f('ماضي|آن')})|${WD}|${GM}|${HM}|${f('أمس')}))`,
  'y',
);
const DAY_WORD = new RegExp(
  `(?:[وف]?${f('يوم')}${S})?[وف]?(?:${f('أول')}${S}(?:${f('من')}${S})?(${f('أمس')})|(${f('بعد')}${S}${f('غد')})|` +
    // "في أمس الحاجة" is "in dire need"; bare "الأمس" is mostly figurative ("حلفاء الأمس").
    `(${f('أمس|بالأمس|البارحة')})(?!${S}${f('(?:ال)?حاجة')})|(${f('اليوم|لليوم')})|(${f('غدا|غد')})|` +
    `(?:${f('صباح|مساء|ظهر|ليل|يوم|فجر')})${S}(${f('الغد|الأمس')}))${NB}` +
    `(${S}${f('الأول')}${NB})?` +
    `(?:${S0}[(\\[،,]?\\s{0,2}(${WD})\\s{0,2}[)\\]]?)?`,
  'y',
);
const DAY_WORD_WD = 8;
const WEEKDAY_REL = new RegExp(
  `(?:[وف]?${f('يوم')}${S})?[وف]?(${WD})${S}(?:(${f('الماضي|المنصرم|الفائت')})|(${f('المقبل|القادم')}))${NB}`,
  'y',
);
// Words after اليوم / before it that make it "the day" rather than "today".
const NOT_TODAY_AFTER = new RegExp(`${S}${f('ال')}(?!${WD})`, 'y');
const NOT_TODAY_BEFORE = new RegExp(
  `(?:^|[^\\u0621-\\u064a])(?:${f('ذلك|ذاك|هذا|نفس|طوال|مدار|كل|تلك|في|صحيفة|جريدة|موقع|قناة|عين')})\\s{1,3}$`,
);
const QUOTES = /["«»“”']/;

const TOKEN = /\d+|[\u0621-\u064aa-z]+/g;
const DIGIT0 = 0x30;

// ---------------------------------------------------------------------------------------------------------
// Calendar helpers.

type DateTime = {
  y: number;
  m: number;
  d: number;
  h?: number;
  mi?: number;
  s?: number;
  offset?: number; // minutes east of UTC
};

const DAY_MS = 86_400_000;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function formatOffset(offset: number): string {
  if (offset === 0) return 'Z';
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function toIso(t: DateTime): string {
  const date = `${pad(t.y, 4)}-${pad(t.m)}-${pad(t.d)}`;
  if (t.h === undefined) return date;
  const time = `${date}T${pad(t.h)}:${pad(t.mi ?? 0)}:${pad(t.s ?? 0)}`;
  return t.offset === undefined ? time : time + formatOffset(t.offset);
}

type Ctx = { ref: number; offset: number; y: number; m: number; d: number; dow: number; dayMs: number };

function context(opts?: DateOptions): Ctx {
  const given = opts?.reference?.getTime();
  const ref = given !== undefined && Number.isFinite(given) ? given : Date.now();
  const offset = opts?.utcOffset ?? 180;
  const local = new Date(ref + offset * 60_000);
  const dayMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return {
    ref,
    offset,
    y: local.getUTCFullYear(),
    m: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    dow: local.getUTCDay(),
    dayMs,
  };
}

function dayFromMs(ms: number): DateTime {
  const dt = new Date(ms);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function shiftDays(ctx: Ctx, days: number): DateTime {
  return dayFromMs(ctx.dayMs + days * DAY_MS);
}

function shiftMonths(ctx: Ctx, months: number): DateTime {
  let y = ctx.y;
  let m = ctx.m - months;
  while (m < 1) {
    m += 12;
    y--;
  }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(ctx.d, last) };
}

function instantMinus(ctx: Ctx, minutes: number): DateTime {
  const dt = new Date(Math.floor((ctx.ref - minutes * 60_000) / 60_000) * 60_000 + ctx.offset * 60_000);
  return {
    y: dt.getUTCFullYear(),
    m: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    h: dt.getUTCHours(),
    mi: dt.getUTCMinutes(),
    s: 0,
    offset: ctx.offset,
  };
}

/** Year for a day and month printed without one: nearest to the reference, honouring weekday and direction. */
function guessYear(ctx: Ctx, m: number, d: number, weekday: number, direction: -1 | 0 | 1): number | null {
  let best: number | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const y of [ctx.y - 1, ctx.y, ctx.y + 1]) {
    if (!validDate(y, m, d)) continue;
    const ms = Date.UTC(y, m - 1, d);
    const diff = (ms - ctx.dayMs) / DAY_MS;
    if (direction < 0 && diff > 0) continue;
    if (direction > 0 && diff < 0) continue;
    // News tells of the past more than of the future: a future date must be twice as near to win.
    let score = diff > 0 ? 2 * diff : -diff;
    if (weekday >= 0 && new Date(ms).getUTCDay() !== weekday) score += 1000;
    if (score < bestScore) {
      bestScore = score;
      best = y;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// Matchers. Each takes the folded text and a position and returns the parsed value and where it ends.

type Hit = { t: DateTime; end: number };
type TextDateHit = Hit & { hijri: boolean; hasYear: boolean };

function matchTextDate(w: string, pos: number, ctx: Ctx, weekday: number): TextDateHit | null {
  TEXT_DATE.lastIndex = pos;
  const m = TEXT_DATE.exec(w);
  if (!m) return null;
  const day = Number.parseInt(m[1]!, 10);
  const hijri = m[3] !== undefined;
  const month = hijri ? lookupMonth(H_LOOKUP, m[3]!) : lookupMonth(G_LOOKUP, m[2]!);
  if (!month) return null;
  const dir = m[6] ? (/ماضي|منصرم|فائت/.test(m[6]) ? -1 : 1) : 0;
  const yearStr = m[4];
  let year = yearStr ? Number.parseInt(yearStr, 10) : 0;
  let end = m.index + m[0].length;
  const yearOk = hijri ? year >= 1300 && year <= 1600 : year >= 1800 && year <= 2100;
  if (yearStr && !yearOk) {
    // "5 مارس 1500 جندي": the number is no year; keep the day and month.
    year = 0;
    end = (m.indices![3] ?? m.indices![2])![1];
  }
  if (hijri) {
    if (!year) return null;
    const g = hijriToGregorian(year, month, day);
    if (!g) return null;
    return { t: g, end, hijri: true, hasYear: true };
  }
  if (!year) {
    const y = guessYear(ctx, month, day, weekday, dir as -1 | 0 | 1);
    if (y === null) return null;
    return { t: { y, m: month, d: day }, end, hijri: false, hasYear: false };
  }
  if (!validDate(year, month, day)) return null;
  return { t: { y: year, m: month, d: day }, end, hijri: false, hasYear: true };
}

function numericOk(w: string, pos: number): boolean {
  const prev = w.charCodeAt(pos - 1);
  if (prev === 0x2f || prev === 0x2e || prev === 0x2d) {
    const pp = w.charCodeAt(pos - 2);
    if (pp >= DIGIT0 && pp <= DIGIT0 + 9) return false;
  }
  return true;
}

/** Day/month/year or year/month/day; years 1300–1600 are Hijri ("21/10/1436هـ", Saudi pages). */
function matchNumericDate(w: string, pos: number): TextDateHit | null {
  if (!numericOk(w, pos)) return null;
  let y: number;
  let mo: number;
  let d: number;
  let end: number;
  YMD.lastIndex = pos;
  const a = YMD.exec(w);
  if (a) {
    y = +a[1]!;
    mo = +a[3]!;
    d = +a[4]!;
    end = YMD.lastIndex;
  } else {
    DMY.lastIndex = pos;
    const b = DMY.exec(w);
    if (!b) return null;
    d = +b[1]!;
    mo = +b[3]!;
    y = +b[4]!;
    end = DMY.lastIndex;
  }
  NUM_SUFFIX.lastIndex = end;
  if (NUM_SUFFIX.exec(w)) end = NUM_SUFFIX.lastIndex;
  if (y >= 1300 && y <= 1600) {
    const g = d <= 30 ? hijriToGregorian(y, mo, d) : null;
    return g ? { t: g, end, hijri: true, hasYear: true } : null;
  }
  if (y < 1900 || y > 2100 || !validDate(y, mo, d)) return null;
  return { t: { y, m: mo, d }, end, hijri: false, hasYear: true };
}

type TimeHit = { h: number; mi: number; s: number; offset?: number; end: number };

/** A clock time at `pos` (`withSep`: after a date, allowing `،`, `-`, `الساعة` …). */
function matchTime(w: string, pos: number, withSep: boolean): TimeHit | null {
  let p = pos;
  let sawHourWord = false;
  if (withSep) {
    TIME_SEP.lastIndex = p;
    const sep = TIME_SEP.exec(w);
    if (sep) {
      p = TIME_SEP.lastIndex;
      sawHourWord = sep[1] !== undefined;
    }
  } else {
    HOUR_WORD.lastIndex = p;
    if (HOUR_WORD.exec(w)) {
      p = HOUR_WORD.lastIndex;
      sawHourWord = true;
    }
  }
  CLOCK.lastIndex = p;
  const c = CLOCK.exec(w);
  if (!c) return null;
  p = CLOCK.lastIndex;
  let h = +c[1]!;
  const mi = c[2] ? +c[2] : 0;
  const s = c[3] ? +c[3] : 0;
  PERIOD.lastIndex = p;
  const per = PERIOD.exec(w);
  if (!c[2] && !(sawHourWord && per)) return null;
  if (per) {
    p = PERIOD.lastIndex;
    const word = per[1] ?? '';
    const latin = per[2];
    const am = latin ? latin.startsWith('a') : /^(?:ال)?(?:ص|فجر)/.test(word);
    if (am) {
      if (h === 12) h = 0;
    } else if (/^(?:ال)?ظهر/.test(word)) {
      if (h < 7) h += 12;
    } else if (/^(?:ال)?ليل/.test(word)) {
      if (h >= 6 && h < 12) h += 12;
    } else if (h < 12) h += 12;
  }
  if (h > 23 || mi > 59 || s > 59) return null;
  const hit: TimeHit = { h, mi, s, end: p };
  ZONE.lastIndex = p;
  const z = ZONE.exec(w);
  if (z) {
    const off = zoneOffset(z);
    if (off !== undefined) {
      hit.offset = off;
      hit.end = ZONE.lastIndex;
    }
  }
  return hit;
}

function signed(sign: string | undefined, hh: string | undefined, mm: string | undefined): number {
  if (!sign || !hh) return 0;
  const v = +hh * 60 + (mm ? +mm : 0);
  return sign === '-' ? -v : v;
}

function zoneOffset(z: RegExpExecArray): number | undefined {
  if (z[1]) {
    const place = z[1].replace(/\s+/g, ' ');
    for (const [o, re] of PLACE_LOOKUP) if (re.test(place)) return o + signed(z[4], z[5], z[6]);
    return undefined;
  }
  if (z[2] || z[3]) return signed(z[4], z[5], z[6]);
  if (z[7]) return 0;
  if (z[8]) return signed(z[8], z[9], z[10]);
  if (z[11]) return signed(z[12], z[13], z[14]);
  if (z[15]) return 0;
  if (z[16]) return ZONE_ABBR[z[16]];
  return undefined;
}

function withTime(t: DateTime, time: TimeHit | null): DateTime {
  if (!time) return t;
  return { ...t, h: time.h, mi: time.mi, s: time.s, offset: time.offset };
}

/** Date (textual with optional linked other calendar, or numeric) and an optional following time. */
function matchOneDate(w: string, pos: number, ctx: Ctx, weekday: number): TextDateHit | null {
  return matchTextDate(w, pos, ctx, weekday) ?? matchNumericDate(w, pos);
}

/** A date with what may precede it, a linked date of the other calendar and a following time. */
function matchDateAt(w: string, pos: number, ctx: Ctx): Hit | null {
  DATE_PREFIX.lastIndex = pos;
  const pre = DATE_PREFIX.exec(w);
  const p = pre ? DATE_PREFIX.lastIndex : pos;
  const first = matchOneDate(w, p, ctx, pre?.[1] ? weekdayOf(pre[1]) : -1);
  if (!first) return null;
  let { t, end } = first;
  if (pre?.[2]) {
    CLOSE.lastIndex = end;
    if (CLOSE.exec(w)) end = CLOSE.lastIndex;
  }
  // "21 شوال 1436 هـ الموافق 6 أغسطس 2015 م" and the reverse: one span, the Gregorian date.
  LINK.lastIndex = end;
  const link = first.hasYear ? LINK.exec(w) : null;
  if (link) {
    const other = matchOneDate(w, LINK.lastIndex, ctx, -1);
    if (other && other.hijri !== first.hijri && other.hasYear) {
      end = other.end;
      if (link[1]) {
        CLOSE.lastIndex = end;
        if (CLOSE.exec(w)) end = CLOSE.lastIndex;
      }
      if (first.hijri) t = other.t;
    }
  }
  const time = matchTime(w, end, true);
  return { t: withTime(t, time), end: time ? time.end : end };
}

const TIME_TO_DATE = new RegExp(
  `${S0}(?:[-–—،,|]${S0})?(?:(?:${f('من')}${S})?(?:${f('صباح|مساء|ظهر|عصر|فجر|ليل')})${S})?`,
  'y',
);

/** "10:30 ص، الخميس 6 أغسطس 2015": a time printed before its date. */
function matchTimeFirst(w: string, pos: number, ctx: Ctx): Hit | null {
  const time = matchTime(w, pos, false);
  if (!time) return null;
  TIME_TO_DATE.lastIndex = time.end;
  if (!TIME_TO_DATE.exec(w)) return null;
  const p = TIME_TO_DATE.lastIndex;
  const date = matchDateAt(w, p, ctx);
  if (!date) return null;
  return { t: withTime(date.t, time), end: date.end };
}

function matchRelative(w: string, pos: number, ctx: Ctx): Hit | null {
  RELATIVE.lastIndex = pos;
  const m = RELATIVE.exec(w);
  if (!m) return null;
  let n: number | null = null;
  if (m[1]) n = +m[1];
  else if (m[2]) {
    for (const [v, s] of NUM_WORDS) if (new RegExp(`^(?:${f(s)})$`).test(m[2])) n = v;
  }
  const unitWord = m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7] ?? '';
  if (n === null) {
    if (/(?:تين|تان|ين|ان)$/.test(unitWord) && !/^(?:ساعات|شهور)$/.test(unitWord)) n = 2;
    else if (/^(?:دقائق|دقايق|ساعات|ايام|اسابيع|اشهر|شهور)$/.test(unitWord))
      return null; // "منذ أيام": vague
    else n = 1;
  }
  if (n < 1) return null;
  const end = RELATIVE.lastIndex;
  if (m[3]) return { t: instantMinus(ctx, n), end };
  if (m[4]) return { t: instantMinus(ctx, n * 60), end };
  if (m[5]) return { t: shiftDays(ctx, -n), end };
  if (m[6]) return { t: shiftDays(ctx, -7 * n), end };
  return { t: shiftMonths(ctx, n), end };
}

function matchDayWord(w: string, pos: number, ctx: Ctx): Hit | null {
  DAY_WORD.lastIndex = pos;
  const m = DAY_WORD.exec(w);
  if (!m) return null;
  let end = DAY_WORD.lastIndex;
  let shift: number;
  const weekday = m[DAY_WORD_WD];
  if (m[1]) shift = -2;
  else if (m[2]) shift = 2;
  else if (m[3])
    shift = m[7] ? -2 : -1; // "أمس الأول": the day before yesterday
  else if (m[4]) {
    if (!weekday) {
      NOT_TODAY_AFTER.lastIndex = end;
      if (NOT_TODAY_AFTER.test(w)) return null;
      if (NOT_TODAY_BEFORE.test(w.slice(Math.max(0, pos - 14), pos))) return null;
      // «اليوم» is also a newspaper's name.
      if (QUOTES.test(w[pos - 1] ?? '') || QUOTES.test(w[end] ?? '')) return null;
    }
    shift = 0;
  } else if (m[5]) {
    // "غدا الأمر …" is the verb "became".
    if (!weekday) {
      NOT_TODAY_AFTER.lastIndex = end;
      if (NOT_TODAY_AFTER.test(w)) return null;
    }
    shift = 1;
  } else shift = m[6] === f('الغد') ? 1 : m[7] ? -2 : -1;
  if ((m[4] || m[5]) && m[7]) return null;
  if (weekday) {
    // "اليوم الاثنين" in an article fetched on Thursday: the printed weekday is the better witness, so take
    // the latest such weekday not after the computed day.
    const wd = weekdayOf(weekday);
    const dow = (((ctx.dow + shift) % 7) + 7) % 7;
    if (wd >= 0) shift -= (dow - wd + 7) % 7;
  }
  const t = shiftDays(ctx, shift);
  const time = matchTime(w, end, true);
  if (time) end = time.end;
  return { t: withTime(t, time), end };
}

function matchWeekdayRelative(w: string, pos: number, ctx: Ctx): Hit | null {
  WEEKDAY_REL.lastIndex = pos;
  const m = WEEKDAY_REL.exec(w);
  if (!m) return null;
  const wd = weekdayOf(m[1]!);
  if (wd < 0) return null;
  let shift: number;
  if (m[2]) shift = -(((ctx.dow - wd + 6) % 7) + 1);
  else shift = ((wd - ctx.dow + 6) % 7) + 1;
  let end = WEEKDAY_REL.lastIndex;
  const t = shiftDays(ctx, shift);
  const time = matchTime(w, end, true);
  if (time) end = time.end;
  return { t: withTime(t, time), end };
}

const TRAILING = /[\s،,([\-–—|]/;

// ---------------------------------------------------------------------------------------------------------
// API.

/**
 * Finds the dates in Arabic (or mixed) news text: textual Gregorian and Hijri dates, numeric dates, ISO 8601,
 * times attached to them and relative expressions counted from `opts.reference`. Results are ordered,
 * non-overlapping, with offsets into `text`. See the module comment for the rules and the `iso` format.
 */
export function findDates(text: string, opts?: DateOptions): FoundDate[] {
  if (!text) return [];
  const ctx = context(opts);
  const { w, map } = foldWithOffsets(text);
  const out: FoundDate[] = [];
  TOKEN.lastIndex = 0;
  for (let tok = TOKEN.exec(w); tok; tok = TOKEN.exec(w)) {
    const pos = tok.index;
    const c = w.charCodeAt(pos);
    let hit: Hit | null;
    if (c >= DIGIT0 && c <= DIGIT0 + 9) {
      hit = matchDateAt(w, pos, ctx) ?? matchTimeFirst(w, pos, ctx);
    } else {
      hit =
        matchDateAt(w, pos, ctx) ??
        matchTimeFirst(w, pos, ctx) ??
        matchRelative(w, pos, ctx) ??
        matchWeekdayRelative(w, pos, ctx) ??
        matchDayWord(w, pos, ctx);
    }
    if (!hit) continue;
    let e = hit.end;
    while (e > pos && TRAILING.test(w[e - 1]!)) e--;
    const start = map[pos]!;
    let end = map[e - 1]! + 1;
    while (end < text.length && DROP[text.charCodeAt(end)] === 2) end++;
    out.push({ text: text.slice(start, end), start, end, iso: toIso(hit.t) });
    TOKEN.lastIndex = e;
  }
  return out;
}

const EN_MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // French (Maghreb feeds).
  janv: 1,
  fév: 2,
  fev: 2,
  févr: 2,
  fevr: 2,
  mars: 3,
  avr: 4,
  mai: 5,
  juin: 6,
  juil: 7,
  aoû: 8,
  aou: 8,
  déc: 12,
};

function latinMonth(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (EN_MONTHS[n]) return EN_MONTHS[n];
  for (const len of [5, 4, 3]) {
    const v = EN_MONTHS[n.slice(0, len)];
    if (v) return v;
  }
  return 0;
}

const ISO_FULL =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const ISO_BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.\d{1,9})?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const LATIN_TIME =
  '(?:[\\sT,|\\-–]+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?\\s*([ap]\\.?m\\.?)?)?';
const LATIN_ZONE =
  '\\s*(z|[+-]\\d{2}:?\\d{2}|(?:gmt|utc|ut)(?:\\s*[+-]\\d{1,2}(?::?\\d{2})?)?|[a-z]{3,5})?\\s*(?:\\([^)]{0,60}\\))?';
// "Thu, 06 Aug 2015 12:00:00 +0300" (RFC 822 and its variants).
const RFC822 = new RegExp(
  `^(?:[a-zà-ÿ]{2,9}\\.?(?:,\\s*|\\s+))?(\\d{1,2})[\\s-]+([a-zà-ÿ]{3,9}\\.?)[\\s-]+(\\d{4}|\\d{2})${LATIN_TIME}${LATIN_ZONE}$`,
  'i',
);
// "Thu Aug 06 2015 12:00:00 GMT+0300 (…)", "August 6, 2015 10:30 PM".
const MDY = new RegExp(
  `^(?:[a-z]{2,9}\\.?,?\\s+)?([a-z]{3,9}\\.?)\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${LATIN_TIME}${LATIN_ZONE}$`,
  'i',
);

function parseZone(z: string | undefined): number | undefined | null {
  if (!z) return undefined;
  const s = z.toLowerCase().replace(/\s+/g, '');
  if (s === 'z') return 0;
  const num = /^(?:gmt|utc|ut)?([+-])(\d{1,2}):?(\d{2})?$/.exec(s);
  if (num) return signed(num[1], num[2], num[3]);
  if (s in ZONE_ABBR) return ZONE_ABBR[s];
  return null; // unknown name: keep the wall time, drop the zone
}

function build(
  y: number,
  mo: number,
  d: number,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  ampm: string | undefined,
  zone: string | undefined,
): string | null {
  if (y < 1900 || y > 2100 || !validDate(y, mo, d)) return null;
  if (h === undefined) return toIso({ y, m: mo, d });
  let hh = +h;
  if (ampm) {
    const pm = ampm.toLowerCase().startsWith('p');
    if (hh > 12 || hh === 0) return null;
    if (pm && hh < 12) hh += 12;
    if (!pm && hh === 12) hh = 0;
  }
  const mm = +(mi ?? 0);
  const ss = +(s ?? 0);
  if (hh > 23 || mm > 59 || ss > 60) return null;
  const off = parseZone(zone);
  return toIso({ y, m: mo, d, h: hh, mi: mm, s: Math.min(ss, 59), offset: off ?? undefined });
}

function parseStructured(s: string): string | null | undefined {
  let m = ISO_FULL.exec(s) ?? ISO_BASIC.exec(s);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], undefined, m[7]);
  m = RFC822.exec(s);
  if (m) {
    const mo = latinMonth(m[2]!);
    if (!mo) return null;
    let y = +m[3]!;
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    return build(y, mo, +m[1]!, m[4], m[5], m[6], m[7], m[8]);
  }
  m = MDY.exec(s);
  if (m) {
    const mo = latinMonth(m[1]!);
    if (!mo) return null;
    return build(+m[3]!, mo, +m[2]!, m[4], m[5], m[6], m[7], m[8]);
  }
  return undefined;
}

/**
 * Parses one date string (RSS `pubDate` in RFC 822 and its variants, Atom/ISO 8601, JSON-LD, `<time datetime>`,
 * or what an Arabic page prints, including relative forms) into ISO 8601 as described in the module comment.
 * Returns null when no valid date is found. When the string is not a structured date, the first date
 * `findDates` finds in it is taken. RFC 822 two-digit years 00–49 are 20xx; zone names: GMT/UT/UTC, US
 * (EST/EDT/CST/CDT/MST/MDT/PST/PDT), European (WET/BST/CET/CEST/EET/EEST/MSK), GST (+04:00) and AST, read as
 * Arabia Standard Time (+03:00); an unknown zone name keeps the wall time without offset.
 */
export function parseDate(s: string, opts?: DateOptions): string | null {
  const trimmed = s.trim();
  if (!trimmed || trimmed.length > 2000) return null;
  const structured = parseStructured(trimmed);
  if (structured !== undefined) return structured;
  return findDates(trimmed, opts)[0]?.iso ?? null;
}
