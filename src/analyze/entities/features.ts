/**
 * Token features for the tagger. One function turns a sentence into, per token, the list of feature names
 * that fire; the perceptron never sees the tokens themselves.
 */
import type { Lexicon } from './lexicon.ts';
import { bareForm, matchForm, TYPE_NAMES, triggerOfBare } from './lexicon.ts';
import { normalizeLetters } from './text.ts';

const ARABIC_LETTER = /[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]/;

/** A coarse shape: `a` Arabic letter, `A`/`x` Latin upper/lower, `d` digit, other chars kept; runs collapsed. */
export function shapeOf(token: string): string {
  let out = '';
  for (const ch of token) {
    let c: string;
    if (ARABIC_LETTER.test(ch)) c = 'a';
    else if (ch >= '0' && ch <= '9') c = 'd';
    else if (/\p{Lu}/u.test(ch)) c = 'A';
    else if (/\p{L}/u.test(ch)) c = 'x';
    else if (/\p{M}/u.test(ch)) continue;
    else c = ch;
    if (out[out.length - 1] !== c) out += c;
    if (out.length >= 6) break;
  }
  return out;
}

function lengthBucket(n: number): string {
  if (n <= 2) return String(n);
  if (n <= 4) return '3-4';
  if (n <= 6) return '5-6';
  if (n <= 8) return '7-8';
  return '9+';
}

/** How strongly a word belongs to names of each type in the lexicon, as coarse buckets. */
function wordEvidence(lexicon: Lexicon, bare: string, out: string[], prefix: string): void {
  const counts = lexicon.words.get(bare);
  if (!counts) return;
  const total = counts[0]!;
  for (let t = 0; t < TYPE_NAMES.length; t++) {
    const n = counts[t + 1]!;
    if (n === 0) continue;
    const r = n / total;
    const level = r >= 0.8 ? 'hi' : r >= 0.4 ? 'mid' : 'lo';
    out.push(`${prefix}=${TYPE_NAMES[t]}:${level}`);
  }
}

/** Longest known-name matches over the sentence: per token, `B-TYPE`/`I-TYPE` or undefined. */
function nameMatches(
  lexicon: Lexicon,
  bare: readonly string[],
  norm: readonly string[],
): (string | undefined)[] {
  const n = bare.length;
  const out: (string | undefined)[] = new Array(n);
  let i = 0;
  while (i < n) {
    let matched = 0;
    for (let len = Math.min(lexicon.maxNameLength, n - i); len >= 1; len--) {
      // Same key as `nameForm`, from the forms already computed.
      const key = len === 1 ? bare[i]! : `${bare[i]} ${norm.slice(i + 1, i + len).join(' ')}`;
      const type = lexicon.names.get(key);
      if (type) {
        for (let k = 0; k < len; k++) out[i + k] = `${k === 0 ? 'B' : 'I'}-${type}${len > 1 ? '' : '1'}`;
        matched = len;
        break;
      }
    }
    i += Math.max(matched, 1);
  }
  return out;
}

/** The word without a leading ب ك ل (which the shared clitic stripper leaves alone), if long enough. */
function prepStripped(bare: string): string | undefined {
  const c = bare[0];
  return (c === 'ب' || c === 'ك' || c === 'ل') && bare.length >= 4 ? bare.slice(1) : undefined;
}

type Forms = { norm: string; bare: string; raw: string };

// Words repeat a lot in news; their forms are worth keeping. Cleared when full so memory stays bounded.
const formCache = new Map<string, Forms>();

function formsOf(token: string): Forms {
  let f = formCache.get(token);
  if (!f) {
    if (formCache.size >= 200_000) formCache.clear();
    f = { norm: matchForm(token), bare: bareForm(token), raw: normalizeLetters(token).toLowerCase() };
    formCache.set(token, f);
  }
  return f;
}

/** Features of the word alone (the same wherever it occurs, given the lexicon). */
function localFeatures(token: string, forms: Forms, look: string, lexicon: Lexicon): string[] {
  const w = forms.norm;
  const b = forms.bare;
  const f: string[] = ['bias', `w=${w}`, `b=${b}`, `sh=${shapeOf(token)}`, `len=${lengthBucket(b.length)}`];
  if (b !== w) f.push(`cl=${w.slice(0, w.length - b.length)}`);
  const p = prepStripped(b);
  if (p) f.push(`bp=${p}`);
  f.push(`r=${forms.raw}`);
  for (let k = 1; k <= 3; k++) {
    if (b.length > k) {
      f.push(`p${k}=${b.slice(0, k)}`);
      f.push(`s${k}=${b.slice(-k)}`);
    }
  }
  if (w.startsWith('ال')) f.push('al');
  const t = triggerOfBare(b);
  if (t) f.push(`t0=${t}`);
  if (lexicon.clusters.size > 0) {
    const c = lexicon.clusters.get(look);
    f.push(c ? `c0=${c[0]}` : 'c0=_', c ? `k0=${c[1]}` : 'k0=_');
  }
  wordEvidence(lexicon, look, f, 'lx');
  return f;
}

/**
 * Features per token in two parts: of the word alone (`local`, left undefined where `needLocal` says no,
 * so a caller can cache them per word) and of its neighbourhood (`context`).
 */
export function featureParts(
  tokens: readonly string[],
  lexicon: Lexicon,
  needLocal: (i: number) => boolean = () => true,
): { local: (string[] | undefined)[]; context: string[][] } {
  const n = tokens.length;
  const forms = tokens.map(formsOf);
  const norm = forms.map((f) => f.norm);
  const bare = forms.map((f) => f.bare);
  // Lexicon and cluster lookups also try the word without ب ك ل (`لسوريا` → `سوريا`) when only that is known.
  const look = bare.map((b) => {
    if (lexicon.words.has(b) || lexicon.clusters.has(b)) return b;
    const p = prepStripped(b);
    return p && (lexicon.words.has(p) || lexicon.clusters.has(p)) ? p : b;
  });
  const trig = bare.map(triggerOfBare);
  const gaz = nameMatches(lexicon, bare, norm);
  const at = (arr: readonly (string | undefined)[], i: number) =>
    i < 0 ? '<s' : i >= n ? '</s' : (arr[i] ?? '_');
  const local: (string[] | undefined)[] = [];
  const context: string[][] = [];
  for (let i = 0; i < n; i++) {
    local.push(needLocal(i) ? localFeatures(tokens[i]!, forms[i]!, look[i]!, lexicon) : undefined);
    const w = norm[i]!;
    const f: string[] = [];
    for (const d of [-2, -1, 1, 2]) {
      f.push(`w${d}=${at(norm, i + d)}`);
      f.push(`b${d}=${at(bare, i + d)}`);
      const t = at(trig, i + d);
      if (t !== '_') f.push(`t${d}=${t}`);
      const g = at(gaz, i + d);
      if (g !== '_') f.push(`g${d}=${g}`);
    }
    f.push(`w-1w=${at(norm, i - 1)}|${w}`);
    f.push(`ww+1=${w}|${at(norm, i + 1)}`);
    f.push(`b-1b+1=${at(bare, i - 1)}|${at(bare, i + 1)}`);
    if (gaz[i]) f.push(`g0=${gaz[i]}`);
    if (gaz[i] && trig[i - 1]) f.push(`g0t-1=${gaz[i]}|${trig[i - 1]}`);
    const cl = lexicon.clusters;
    if (cl.size > 0) {
      for (const d of [-1, 1]) {
        const c = i + d >= 0 && i + d < n ? cl.get(look[i + d]!) : undefined;
        f.push(c ? `c${d}=${c[0]}` : `c${d}=_`, c ? `k${d}=${c[1]}` : `k${d}=_`);
      }
    }
    if (i > 0) wordEvidence(lexicon, look[i - 1]!, f, 'lx-1');
    if (i + 1 < n) wordEvidence(lexicon, look[i + 1]!, f, 'lx+1');
    context.push(f);
  }
  return { local, context };
}

/** Feature names per token. */
export function sentenceFeatures(tokens: readonly string[], lexicon: Lexicon): string[][] {
  const { local, context } = featureParts(tokens, lexicon);
  return context.map((c, i) => local[i]!.concat(c));
}
