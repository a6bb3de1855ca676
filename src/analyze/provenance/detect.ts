/**
 * Attributions in an article's text, so the site can say "via X, first reported by Y":
 * - agency: a wire agency by name or code (`(واس)`, `أ.ف.ب`, `رويترز`, `وكالة الأنباء السعودية`), mapped to
 *   its canonical name (agencies.ts);
 * - outlet: a trigger then a medium word then a name (`وحسب شبكة “السومرية نيوز”`, `ذكرت صحيفة عكاظ`,
 *   `نقلاً عن وكالة بلومبرغ`, `في تصريح لصحيفة الرياض`); an outlet that is a known agency is reported as one;
 * - source-line: a line starting `المصدر: …`.
 * Works on the analyzer's tokens (normalized words with offsets), one bounded look-around per token: linear.
 */
import type { AnalyzedToken, TokenIds } from '../../text/analyzer.ts';
import { analyze } from '../../text/analyzer.ts';
import { normalize } from '../../text/normalize.ts';
import { isStopword } from '../../text/stopwords.ts';
import { WordTable } from '../word-table.ts';
import { AGENCIES, type AgencySpelling, agencyNamed } from './agencies.ts';

export type QuotedSourceKind = 'agency' | 'outlet' | 'source-line';

/** One attribution: `name` to show (canonical for agencies), `text` the whole attribution as printed. */
export type QuotedSource = { name: string; text: string; start: number; end: number; kind: QuotedSourceKind };

type Tok = Pick<AnalyzedToken, 'text' | 'norm' | 'start' | 'end' | 'kind'>;

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean).map(normalize));

/** Words naming a medium; the name follows them. */
const MEDIA = words('صحيفة جريدة شبكة قناة موقع وكالة مجلة إذاعة تلفزيون التلفزيون فضائية محطة نشرة');

/** Words after which a medium word starts an attribution (a leading و/ف is ignored). */
const TRIGGERS = words(`
  حسب بحسب حسبما وفق وفقا وفقاً طبقا طبقاً لما عن نقلا نقلاً ما
  ذكر ذكرت ذكرته ذكرتها أفاد أفادت أفادته أورد أوردت أوردته أوردتها نقل نقلت نقلته نقلتها نشر نشرت نشرته نشرتها
  قال قالت قالته كتب كتبت كشف كشفت كشفته كشفتها أشار أشارت أكد أكدت أعلن أعلنت أوضح أوضحت تقول يقول
  بث بثت بثته أضاف أضافت وصف وصفت نسب نسبت أبلغ أبلغت أفادتها زعمت زعم رجحت رجح توقعت
`);

/** Words that end an outlet name: time words and the usual descriptors after it. */
const NAME_STOPS = words(`
  اليوم أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء
  الصادرة الصادر الإلكترونية الإلكتروني الالكترونية الرسمية الرسمي الإخبارية الإخباري التابعة التابع
  الناطقة المحلية اليومية الأسبوعية الشهيرة المعروفة المقربة القريبة الحكومية الخاصة نقلا نقلاً قوله قولها
  أنه أنها إنه إنها تقريرا تقريراً تقرير مقالا مقالاً خبرا خبراً
`);

const SOURCE_LINE_HEADS = words('المصدر مصدر');
const AGENCY_CONTEXT = words('وكالة الوكالة ووكالة لوكالة بوكالة');
const OPEN_QUOTES = new Set(['“', '"', '«', '„', "'", '‘', '‹', '”']);
const CLOSE_QUOTES = new Set(['”', '"', '»', "'", '’', '›', '“']);
const DASHES = new Set(['-', '–', '—', '_', '/']);
const PROCLITICS = ['و', 'ف', 'ل', 'ب', 'ول', 'وب', 'فل', 'لل'];
const MAX_NAME_WORDS = 4;
const MAX_QUOTED_TOKENS = 10;
const MAX_LINE_NAME_TOKENS = 8;

// First word of a spelling → spellings starting with it; tried at every token.
const BY_FIRST = new Map<string, AgencySpelling[]>();
const NAME_OF = new Map<AgencySpelling, string>();
for (const a of AGENCIES) {
  for (const s of a.spellings) {
    const list = BY_FIRST.get(s.words[0]!) ?? [];
    list.push(s);
    BY_FIRST.set(s.words[0]!, list);
    NAME_OF.set(s, a.name);
  }
}

/**
 * Every word some reading of which (as is, or behind a proclitic) starts an agency spelling: `agencyAt` tries
 * those readings only for such words, which most words are not.
 */
const AGENCY_REACH = new Set<string>();
for (const first of BY_FIRST.keys()) {
  AGENCY_REACH.add(first);
  for (const p of PROCLITICS) AGENCY_REACH.add(p + first);
  // للأناضول = ل + الأناضول (see `agencyAt`).
  if (first.startsWith('ا')) AGENCY_REACH.add(`ل${first.slice(1)}`);
}

type Medium = { told: boolean; word: string };

/** The medium word a word is, read as is, behind و/ف, or behind لـ ("told newspaper X"); null for none. */
function mediumOf(norm: string): Medium | null {
  let n = norm;
  if (MEDIA.has(n)) return { told: false, word: n };
  if (n[0] === 'و' || n[0] === 'ف') n = n.slice(1);
  if (MEDIA.has(n)) return { told: false, word: n };
  if (n.length > 3 && n[0] === 'ل' && MEDIA.has(n.slice(1))) return { told: true, word: n.slice(1) };
  return null;
}

/** `mediumOf` of every word it is not null for (a few dozen), so a word costs one lookup. */
const MEDIUM_OF = new Map<string, Medium>();
for (const m of MEDIA) {
  for (const p of ['', 'و', 'ف', 'ل', 'ول', 'فل']) {
    const found = mediumOf(p + m);
    if (found) MEDIUM_OF.set(p + m, found);
  }
}

/** `outletAt` needs a medium word, `agencyAt` a word within `AGENCY_REACH`. */
const CAN_START_OUTLET = 1;
const CAN_START_AGENCY = 2;

function startsOf(norm: string): number {
  return (MEDIUM_OF.has(norm) ? CAN_START_OUTLET : 0) | (AGENCY_REACH.has(norm) ? CAN_START_AGENCY : 0);
}

const STARTS_BY_ID = new WordTable();

const isWord = (t: Tok | undefined) => t !== undefined && (t.kind === 'word' || t.kind === 'number');

/** Whether `norm`, or `norm` without a leading و/ف, is in `set`. */
function inSet(set: Set<string>, norm: string): boolean {
  return set.has(norm) || (norm.length > 2 && (norm[0] === 'و' || norm[0] === 'ف') && set.has(norm.slice(1)));
}

const DOT = new Set(['.']);
const COLON = new Set([':', '：']);
const OPEN_PAREN = new Set(['(']);
const CLOSE_PAREN = new Set([')']);
const QUOTED_INNER = new Set(['.', '-']);

class Scanner {
  readonly found: QuotedSource[] = [];
  private readonly lineStart: Uint8Array;

  constructor(
    private readonly text: string,
    private readonly toks: readonly Tok[],
  ) {
    this.lineStart = new Uint8Array(toks.length);
    // Whether a line break sits between a token and the one before: `newline` is the first at or after the
    // previous token's end (found once per line, so the pass stays linear).
    let prevEnd = 0;
    let newline = text.indexOf('\n');
    toks.forEach((t, i) => {
      if (newline >= 0 && newline < prevEnd) newline = text.indexOf('\n', prevEnd);
      this.lineStart[i] = i === 0 || (newline >= 0 && newline < t.start) ? 1 : 0;
      prevEnd = t.end;
    });
  }

  /** Whether tokens i..j (inclusive) sit on one line. */
  private sameLine(i: number, j: number): boolean {
    for (let k = i + 1; k <= j; k++) if (this.lineStart[k]) return false;
    return true;
  }

  private punct(i: number, set: Set<string>): boolean {
    const t = this.toks[i];
    return t !== undefined && t.kind === 'punct' && set.has(t.text[0]!);
  }

  private push(name: string, start: number, end: number, kind: QuotedSourceKind): void {
    this.found.push({ name, text: this.text.slice(start, end), start, end, kind });
  }

  /** An agency spelling starting at token i; returns the index after it or -1. */
  private matchSpelling(i: number, s: AgencySpelling, first: string): number {
    if (first !== s.words[0]) return -1;
    let j = i + 1;
    for (let w = 1; w < s.words.length; w++) {
      // Dotted codes: أ.ف.ب, د.ب.أ
      while (this.punct(j, DOT) && !this.lineStart[j]) j++;
      const t = this.toks[j];
      if (!isWord(t) || this.lineStart[j] || t!.norm !== s.words[w]) return -1;
      j++;
    }
    if (this.punct(j, DOT) && s.words.every((w) => w.length === 1)) j++;
    return j;
  }

  private citationContext(i: number, j: number, prefixed: boolean): boolean {
    const prev = this.toks[i - 1];
    if (this.punct(i - 1, OPEN_PAREN) || this.punct(j, CLOSE_PAREN)) return true;
    if (prefixed) return true;
    if (prev && !this.lineStart[i] && prev.kind === 'punct' && DASHES.has(prev.text[0]!)) return true;
    if (this.punct(j, DASHES) && !this.lineStart[j]) return true;
    return isWord(prev) && !this.lineStart[i] && AGENCY_CONTEXT.has(prev!.norm);
  }

  agencyAt(i: number): number {
    const t = this.toks[i]!;
    if (!AGENCY_REACH.has(t.norm)) return -1;
    const tries: [string, string][] = [[t.norm, '']];
    for (const p of PROCLITICS) {
      if (t.norm.length > p.length + 2 && t.norm.startsWith(p)) tries.push([t.norm.slice(p.length), p]);
    }
    // ل before the article drops its alef: للأناضول = ل + الأناضول.
    if (t.norm.startsWith('لل') && t.norm.length > 4) tries.push([`ا${t.norm.slice(1)}`, 'ل']);
    for (const [first, prefix] of tries) {
      for (const s of BY_FIRST.get(first) ?? []) {
        if (prefix !== '' && !s.prefixed) continue;
        const j = this.matchSpelling(i, s, first);
        if (j < 0) continue;
        // A proclitic ل on a long weak name is a citation (قال للأناضول); on short ones it is a word (لسانا).
        const prefixContext = prefix.endsWith('ل') && first.length >= 6;
        if (s.weak && !this.citationContext(i, j, prefixContext)) continue;
        let start = t.start;
        let end = this.toks[j - 1]!.end;
        if (this.punct(i - 1, OPEN_PAREN) && this.punct(j, CLOSE_PAREN)) {
          start = this.toks[i - 1]!.start;
          end = this.toks[j]!.end;
        }
        this.push(NAME_OF.get(s)!, start, end, 'agency');
        return j;
      }
    }
    return -1;
  }

  /** The medium word at i, if any: whether it carried a لـ ("told newspaper X"). */
  private medium(i: number): Medium | null {
    const t = this.toks[i];
    return isWord(t) ? (MEDIUM_OF.get(t!.norm) ?? null) : null;
  }

  outletAt(i: number): number {
    const m = this.medium(i);
    if (!m) return -1;
    let from = i;
    if (!m.told) {
      const prev = this.toks[i - 1];
      if (!isWord(prev) || this.lineStart[i] || !inSet(TRIGGERS, prev!.norm)) return -1;
      from = i - 1;
      // Take in the whole trigger: وبحسب ما ذكرت صحيفة, نقلاً عن وكالة
      for (let k = i - 2; k >= i - 3 && k >= 0; k--) {
        const t = this.toks[k];
        if (!isWord(t) || this.lineStart[k + 1] || !inSet(TRIGGERS, t!.norm)) break;
        from = k;
      }
    }
    const name = this.nameAfter(i + 1);
    if (!name) return -1;
    // A known agency, tried on the longest reading first (`وكالة الأنباء السعودية` before trimming).
    for (let to = name.full; to > name.from; to--) {
      const words = this.text.slice(this.toks[name.from]!.start, this.toks[to - 1]!.end);
      const agency = agencyNamed(`${m.word} ${words}`) ?? agencyNamed(words);
      if (!agency) continue;
      const end = name.quoted ? name.end : this.toks[to - 1]!.end;
      this.push(agency, this.toks[from]!.start, end, 'agency');
      return name.quoted ? name.next : to;
    }
    const nameText = this.text.slice(this.toks[name.from]!.start, this.toks[name.to - 1]!.end);
    this.push(nameText, this.toks[from]!.start, name.end, 'outlet');
    return name.next;
  }

  /** The outlet name starting at token i: a quoted name, or up to a few words. */
  private nameAfter(
    i: number,
  ): { from: number; to: number; full: number; end: number; next: number; quoted: boolean } | null {
    const toks = this.toks;
    if (i >= toks.length || this.lineStart[i]) return null;
    if (this.punct(i, OPEN_QUOTES)) {
      for (let j = i + 1; j < toks.length && j <= i + MAX_QUOTED_TOKENS; j++) {
        if (this.lineStart[j]) return null;
        if (this.punct(j, CLOSE_QUOTES)) {
          return j > i + 1
            ? { from: i + 1, to: j, full: j, end: toks[j]!.end, next: j + 1, quoted: true }
            : null;
        }
        if (!isWord(toks[j]) && !this.punct(j, QUOTED_INNER)) return null;
      }
      return null;
    }
    let j = i;
    while (j < toks.length && j - i < MAX_NAME_WORDS && isWord(toks[j]) && (j === i || !this.lineStart[j])) {
      const n = toks[j]!.norm;
      if (isStopword(n) || NAME_STOPS.has(n)) break;
      j++;
    }
    const full = j;
    // Trailing nationality or kind adjectives describe the outlet: صحيفة واشنطن بوست الأمريكية.
    while (j - i >= 2 && /^ال.{2,}(ي|يه)$/.test(toks[j - 1]!.norm)) j--;
    if (j === i || toks[i]!.kind !== 'word') return null;
    return { from: i, to: j, full, end: toks[j - 1]!.end, next: j, quoted: false };
  }

  sourceLineAt(i: number): number {
    const toks = this.toks;
    if (!this.lineStart[i] || !isWord(toks[i]) || !SOURCE_LINE_HEADS.has(toks[i]!.norm)) return -1;
    let j = i + 1;
    if (isWord(toks[j]) && !this.lineStart[j] && toks[j]!.norm === normalize('الخبر')) j++;
    if (!this.punct(j, COLON) || this.lineStart[j]) return -1;
    j++;
    const from = j;
    let to = j;
    while (to < toks.length && to - from < MAX_LINE_NAME_TOKENS && !this.lineStart[to]) to++;
    if (to < toks.length && !this.lineStart[to]) return -1; // a long line: prose, not a source credit
    let a = from;
    let b = to;
    while (a < b && toks[a]!.kind === 'punct') a++;
    while (b > a && toks[b - 1]!.kind === 'punct') b--;
    if (a === b || !this.sameLine(from, b - 1)) return -1;
    const nameText = this.text.slice(toks[a]!.start, toks[b - 1]!.end);
    const agency = agencyNamed(nameText);
    this.push(agency ?? nameText, toks[i]!.start, toks[b - 1]!.end, agency ? 'agency' : 'source-line');
    return to;
  }
}

/**
 * Attributions found in `text`, in text order, one per named source (its first mention). Pass the
 * analyzer's tokens of `text` when you have them, to save tokenizing again, and their memo numbers
 * (`analyzeWithIds`) if you have those too.
 */
export function findQuotedSources(text: string, tokens?: readonly Tok[], memo?: TokenIds): QuotedSource[] {
  const toks = tokens ?? analyze(text);
  const scan = new Scanner(text, toks);
  // By memo number, whether a word can start an outlet or an agency at all (most cannot): one array load.
  const byId = memo && memo.ids.length === toks.length ? STARTS_BY_ID.of(memo.epoch) : null;
  for (let i = 0; i < toks.length; ) {
    const t = toks[i]!;
    if (!isWord(t)) {
      i++;
      continue;
    }
    let next = scan.sourceLineAt(i);
    let starts = CAN_START_OUTLET | CAN_START_AGENCY;
    if (byId) {
      const id = memo!.ids[i]!;
      starts = byId[id]! - 1;
      if (starts < 0) {
        starts = startsOf(t.norm);
        byId[id] = starts + 1;
      }
    }
    if (next < 0 && starts & CAN_START_OUTLET) next = scan.outletAt(i);
    if (next < 0 && starts & CAN_START_AGENCY) next = scan.agencyAt(i);
    i = next > i ? next : i + 1;
  }
  const seen = new Set<string>();
  const out: QuotedSource[] = [];
  for (const q of scan.found.sort((a, b) => a.start - b.start)) {
    const key = normalize(q.name);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}
