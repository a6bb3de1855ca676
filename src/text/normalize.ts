/**
 * Normalization for matching Arabic text. One pass over UTF-16 code units driven by a lookup table built
 * once at load: each unit maps to itself, another unit, nothing (deleted) or a short expansion (presentation
 * form ligatures such as lam-alef). Linear in the input, no per-char regex.
 *
 * Rules of `normalizeLetters` (keeps word shape so the stemmer still sees ة and ى):
 * - alef forms أ إ آ ٱ ٲ ٳ ٵ → ا. Hamza on waw/yeh (ؤ ئ) and bare hamza ء are KEPT: they are letters of the
 *   word (مسؤول, رئيس) and folding them to و / ي merges unrelated words (رئيس/ريس); Lucene keeps them too.
 * - Persian/Urdu/Kurdish letters → the Arabic letter an Arabic writer would type for the same word:
 *   ی ې ۍ ے → ي (a Persian keyboard types ی for every Arabic ي and final ى), ک ڪ ګ ڭ گ → ك (keheh is the
 *   Persian kaf; gaf is kaf with a stroke, the shape-nearest Arabic letter), ە ہ ھ ۀ → ه, ۃ → ة,
 *   پ → ب, چ → ج, ژ → ز, ڤ → ف, ڨ → ق (the usual Arabic transliterations of p, ch, zh, v, Maghrebi g).
 * - tashkeel U+064B–U+065F, superscript alef U+0670, Quranic marks U+0610–U+061A, U+06D6–U+06ED and
 *   U+08D3–U+08FF, tatweel, zero-width and bidi controls, soft hyphen, BOM: removed.
 * - Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → base letters via NFKC of that one code
 *   point (lam-alef ﻻ becomes two letters لا, ﷲ becomes الله), then the rules above.
 * - Arabic-Indic ٠–٩ and Persian ۰–۹ digits → ASCII; ٫ → '.', ٬ → ',', ٪ → '%'.
 *
 * `fold` then maps ة → ه and ى → ي; it runs after stemming because the stemmer uses ة/ى as suffix cues.
 */
import * as L from './letters.ts';

const DELETE = -1;
const EXPAND = -2;

type Table = { map: Int32Array; expansions: Map<number, string> };

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let c = from; c <= to; c++) out.push(c);
  return out;
}

function buildLettersTable(): Table {
  const map = new Int32Array(0x10000);
  for (let c = 0; c < 0x10000; c++) map[c] = c;
  const expansions = new Map<number, string>();
  const set = (from: string, to: string) => {
    map[L.cp(from)] = L.cp(to);
  };

  for (const a of [
    L.ALEF_HAMZA_ABOVE,
    L.ALEF_HAMZA_BELOW,
    L.ALEF_MADDA,
    L.ALEF_WASLA,
    L.ALEF_WAVY_HAMZA_ABOVE,
    L.ALEF_WAVY_HAMZA_BELOW,
    L.HIGH_HAMZA_ALEF,
  ])
    set(a, L.ALEF);
  for (const y of [L.FARSI_YEH, L.E_YEH, L.YEH_WITH_TAIL, L.YEH_BARREE]) set(y, L.YEH);
  for (const k of [L.KEHEH, L.SWASH_KAF, '\u06AB', L.NG, L.GAF]) set(k, L.KAF);
  for (const h of [L.AE, L.HEH_GOAL, L.HEH_DOACHASHMEE, L.HEH_YEH_ABOVE]) set(h, L.HEH);
  set(L.TEH_MARBUTA_GOAL, L.TEH_MARBUTA);
  set(L.PEH, L.BEH);
  set(L.TCHEH, L.JEEM);
  set(L.JEH, L.ZAIN);
  set(L.VEH, L.FEH);
  set(L.QAF_THREE_DOTS, L.QAF);

  for (let d = 0; d < 10; d++) {
    map[0x0660 + d] = 0x30 + d;
    map[0x06f0 + d] = 0x30 + d;
  }
  set(L.ARABIC_DECIMAL_SEPARATOR, '.');
  set(L.ARABIC_THOUSANDS_SEPARATOR, ',');
  set(L.ARABIC_PERCENT, '%');

  const deleted = [
    ...range(0x064b, 0x065f),
    0x0670,
    ...range(0x0610, 0x061a),
    ...range(0x06d6, 0x06ed),
    ...range(0x08d3, 0x08ff),
    L.cp(L.TATWEEL),
    ...range(0x200b, 0x200f),
    ...range(0x202a, 0x202e),
    ...range(0x2060, 0x2069),
    L.cp(L.ARABIC_LETTER_MARK),
    L.cp(L.SOFT_HYPHEN),
    L.cp(L.BOM),
  ];
  for (const c of deleted) map[c] = DELETE;

  // Presentation forms: NFKC of the single code point, then the letter rules on the result. Isolated
  // diacritic forms (U+FE70…) decompose to space + mark and so vanish entirely.
  const presentation = [...range(0xfb50, 0xfdff), ...range(0xfe70, 0xfefe)];
  for (const c of presentation) {
    const ch = String.fromCharCode(c);
    const nfkc = ch.normalize('NFKC');
    if (nfkc === ch) continue;
    let mapped = '';
    for (let i = 0; i < nfkc.length; i++) {
      const m = map[nfkc.charCodeAt(i)]!;
      if (m >= 0) mapped += String.fromCharCode(m);
    }
    if (mapped.trim() === '') map[c] = DELETE;
    else if (mapped.length === 1) map[c] = mapped.charCodeAt(0);
    else {
      map[c] = EXPAND;
      expansions.set(c, mapped);
    }
  }
  return { map, expansions };
}

function withFold(base: Table, lowercase: boolean): Table {
  const map = Int32Array.from(base.map);
  const fold = (c: number) => {
    if (c === 0x0629) return 0x0647;
    if (c === 0x0649) return 0x064a;
    if (lowercase && c < 0x0530) {
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length === 1) return lower.charCodeAt(0);
    }
    return c;
  };
  const expansions = new Map<number, string>();
  for (let c = 0; c < 0x10000; c++) {
    const m = map[c]!;
    if (m >= 0) map[c] = fold(m);
  }
  for (const [c, s] of base.expansions) {
    let out = '';
    for (let i = 0; i < s.length; i++) out += String.fromCharCode(fold(s.charCodeAt(i)));
    expansions.set(c, out);
  }
  return { map, expansions };
}

const LETTERS = buildLettersTable();
const FULL = withFold(LETTERS, true);
const FOLD_ONLY: Table = (() => {
  const map = new Int32Array(0x10000);
  for (let c = 0; c < 0x10000; c++) map[c] = c;
  map[0x0629] = 0x0647;
  map[0x0649] = 0x064a;
  return { map, expansions: new Map() };
})();

/** Applies a table; returns the input itself when nothing changes (the common case for clean text). */
function apply(s: string, table: Table): string {
  const { map, expansions } = table;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (map[c] !== c) break;
    i++;
  }
  if (i === n) return s;
  const parts: string[] = [];
  let runStart = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    const m = map[c]!;
    if (m === c) continue;
    if (i > runStart) parts.push(s.slice(runStart, i));
    runStart = i + 1;
    if (m >= 0) parts.push(String.fromCharCode(m));
    else if (m === EXPAND) parts.push(expansions.get(c)!);
  }
  if (runStart < n) parts.push(s.slice(runStart));
  return parts.join('');
}

/** True when `normalizeLetters` deletes this code unit (marks, tatweel, invisible controls). */
export function isIgnorable(code: number): boolean {
  return LETTERS.map[code] === DELETE;
}

/** Letter-level normalization for matching; keeps ة and ى for the stemmer. See the module comment. */
export function normalizeLetters(s: string): string {
  return apply(s, LETTERS);
}

/** Final folding after stemming: ة → ه, ى → ي. */
export function fold(s: string): string {
  return apply(s, FOLD_ONLY);
}

/** Full normalization for matching: `fold(normalizeLetters(s))` with Latin (and Greek/Cyrillic) lowercased. */
export function normalize(s: string): string {
  return apply(s, FULL);
}

export type NormalizeMode = 'full' | 'letters';

/**
 * `normalize` (or `normalizeLetters` with mode 'letters') that also returns, for each normalized char i,
 * `offsets[i]`, the index in `s` of the char it came from; `offsets[text.length] === s.length`. Chars of
 * an expansion (ﻻ → لا) all point at the ligature, so a match can be highlighted in the original spelling.
 */
export function normalizeWithOffsets(
  s: string,
  mode: NormalizeMode = 'full',
): { text: string; offsets: Int32Array } {
  const { map, expansions } = mode === 'full' ? FULL : LETTERS;
  const n = s.length;
  let cap = n + 16;
  let out = new Uint16Array(cap);
  let offsets = new Int32Array(cap + 1);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const m = map[c]!;
    if (m === DELETE) continue;
    const exp = m === EXPAND ? expansions.get(c)! : null;
    const need = exp ? exp.length : 1;
    if (len + need > cap) {
      cap = Math.max(cap * 2, len + need + 16);
      const o2 = new Uint16Array(cap);
      o2.set(out.subarray(0, len));
      out = o2;
      const f2 = new Int32Array(cap + 1);
      f2.set(offsets.subarray(0, len));
      offsets = f2;
    }
    if (exp) {
      for (let k = 0; k < exp.length; k++) {
        out[len] = exp.charCodeAt(k);
        offsets[len++] = i;
      }
    } else {
      out[len] = m;
      offsets[len++] = i;
    }
  }
  offsets[len] = n;
  return { text: unitsToString(out, len), offsets: offsets.slice(0, len + 1) };
}

const CHUNK = 8192;

/** String.fromCharCode in chunks: keeps lone surrogates as they are (TextDecoder would replace them). */
function unitsToString(units: Uint16Array, len: number): string {
  if (len <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, len) as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < len; i += CHUNK) {
    const end = Math.min(len, i + CHUNK);
    parts.push(String.fromCharCode.apply(null, units.subarray(i, end) as unknown as number[]));
  }
  return parts.join('');
}
