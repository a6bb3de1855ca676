/**
 * Token features for the tagger, as names. A token's features come in three groups:
 * - its own (`ownFeatures`): of the word alone, the same wherever it occurs;
 * - its neighbours' (`neighbourFeatures`): what the word at offset −2…+2 says about it, again the same for
 *   every occurrence of that neighbour (`edgeFeatures` where the offset falls outside the sentence);
 * - the sentence's: word pairs (`PAIR_TEMPLATES`) and known-name matches (`gazFeature`), which depend on
 *   more than one word.
 * Each function hands its features to a sink as a template and a value (the feature's name is
 * `template=value`): `sentenceFeatures` turns them into names (training); `scorer.ts` looks them up without
 * building the name, sums the weights of the first two groups once per distinct word and finds word pairs
 * by integer ids (run time). Both read the definitions here.
 */
import type { SpanType } from './conll.ts';
import type { Lexicon, TriggerClass } from './lexicon.ts';
import { matchForm, TYPE_NAMES, triggerOfBare } from './lexicon.ts';
import { fold, normalizeLetters, stripClitics } from './text.ts';
import type { Profile } from './usage.ts';
import { profileOf } from './usage.ts';

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

/** Receives each feature: its template and value (`w` and `العراق` for `w=العراق`; no value for `bias`). */
export type FeatureSink = (template: string, value?: string) => void;

/** The feature's name, as the model file lists it. */
export function featureName(template: string, value?: string): string {
  return value === undefined ? template : `${template}=${value}`;
}

// `TYPE:level` values, made once.
const EVIDENCE = TYPE_NAMES.map((type) => ({ hi: `${type}:hi`, mid: `${type}:mid`, lo: `${type}:lo` }));

/** How strongly a word belongs to names of each type in the lexicon (its `counts`), as coarse buckets. */
function wordEvidence(counts: readonly number[] | undefined, add: FeatureSink, template: string): void {
  if (!counts) return;
  const total = counts[0]!;
  for (let t = 0; t < TYPE_NAMES.length; t++) {
    const n = counts[t + 1]!;
    if (n === 0) continue;
    const r = n / total;
    const level = EVIDENCE[t]!;
    add(template, r >= 0.8 ? level.hi : r >= 0.4 ? level.mid : level.lo);
  }
}

/** The word without a leading ب ك ل (which the shared clitic stripper leaves alone), if long enough. */
function prepStripped(bare: string): string | undefined {
  const c = bare[0];
  return (c === 'ب' || c === 'ك' || c === 'ل') && bare.length >= 4 ? bare.slice(1) : undefined;
}

/** A word's forms, computed once: `norm` (normalized), `bare` (clitics stripped), `raw` (letters only). */
type Forms = { norm: string; bare: string; raw: string };

// Words repeat a lot in news; their forms are worth keeping. Cleared when full so memory stays bounded.
const formCache = new Map<string, Forms>();

function formsOf(token: string, cached: boolean): Forms {
  let f = cached ? formCache.get(token) : undefined;
  if (!f) {
    const raw = normalizeLetters(token).toLowerCase();
    // `bareForm(token)`, from the letters already normalized.
    f = { norm: matchForm(token), bare: fold(stripClitics(raw)), raw };
    if (cached) {
      if (formCache.size >= 200_000) formCache.clear();
      formCache.set(token, f);
    }
  }
  return f;
}

/**
 * A token as the features see it, with what the lexicon says of it: `evidence` (its counts in names, see
 * `Lexicon.words`), word clusters (coarse to fine; `_` when none) and usage profile, looked up by its bare form or, when
 * only that is known, without ب ك ل (`لسوريا` → `سوريا`); `names`, the known names that start with it (see
 * `nameMatches`). `keyForm` is a slot for the article pass to keep the word's key form in (`document.ts`).
 */
export type Word = Forms & {
  token: string;
  evidence: readonly number[] | undefined;
  /** Cluster ids, coarse to fine, as feature values (`_` at every level when the word has none). */
  clusters: readonly string[];
  trigger: TriggerClass | undefined;
  names: NameNode | undefined;
  keyForm: string | undefined;
  /** Usage profile in unlabelled news (`usage.ts`): frequency, article, pronoun, and the three together. */
  use: Profile;
};

/**
 * `cached`: keep the token's forms for the next call. The run-time scorer keeps whole words itself and asks
 * only for words it has not got, so it passes false: its misses would only fill the cache.
 */
export function wordOf(token: string, lexicon: Lexicon, cached = true): Word {
  const forms = formsOf(token, cached);
  const b = forms.bare;
  let evidence = lexicon.words.get(b);
  let cluster = lexicon.clusters.get(b);
  if (!evidence && !cluster) {
    const p = prepStripped(b);
    if (p) {
      evidence = lexicon.words.get(p);
      cluster = lexicon.clusters.get(p);
    }
  }
  let use = lexicon.usage.get(b);
  if (use === undefined) {
    const p = prepStripped(b);
    if (p) use = lexicon.usage.get(p);
  }
  // A plain literal, not a spread: spread copies come out as slow dictionary-mode objects in V8.
  return {
    norm: forms.norm,
    bare: b,
    raw: forms.raw,
    token,
    evidence,
    clusters: clusterValues(cluster, lexicon),
    trigger: triggerOfBare(b),
    names: nameTrie(lexicon).get(b),
    keyForm: undefined,
    use: profileOf(use),
  };
}

/** Cluster levels the features read (deeper ones, if a model had them, are ignored). */
const MAX_LEVELS = 6;

/** Cluster ids as strings, made once per id; `_` at each level for a word without clusters. */
const CLUSTER_VALUES: string[] = [];
function clusterValues(ids: readonly number[] | undefined, lexicon: Lexicon): readonly string[] {
  if (!ids) return NO_CLUSTER[clusterLevels(lexicon)]!;
  const values = new Array<string>(Math.min(ids.length, MAX_LEVELS));
  for (let l = 0; l < values.length; l++) values[l] = CLUSTER_VALUES[ids[l]!] ??= String(ids[l]!);
  return values;
}
const NO_CLUSTER = Array.from({ length: MAX_LEVELS + 1 }, (_, n) => new Array<string>(n).fill('_'));

/** How many cluster levels the lexicon's words have (0 without clusters). */
const levelCounts = new WeakMap<Lexicon, number>();
function clusterLevels(lexicon: Lexicon): number {
  let n = levelCounts.get(lexicon);
  if (n === undefined) {
    n = 0;
    for (const ids of lexicon.clusters.values()) {
      n = Math.min(ids.length, MAX_LEVELS);
      break;
    }
    levelCounts.set(lexicon, n);
  }
  return n;
}

/** Template names per offset and cluster level, made once (`c0:1` is the word's level-1 cluster). */
const CLUSTER_TEMPLATES = new Map(
  [-1, 0, 1].map((d) => [d, Array.from({ length: MAX_LEVELS }, (_, l) => `c${d}:${l}`)]),
);

// Template names made once (a name built per call would be hashed per lookup).
const PREFIX = ['', 'p1', 'p2', 'p3'];
const SUFFIX = ['', 's1', 's2', 's3'];

/** Features of the word alone (the same wherever it occurs, given the lexicon). */
export function ownFeatures(word: Word, lexicon: Lexicon, add: FeatureSink): void {
  const w = word.norm;
  const b = word.bare;
  add('bias');
  add('w', w);
  add('b', b);
  add('sh', shapeOf(word.token));
  add('len', lengthBucket(b.length));
  if (b !== w) add('cl', w.slice(0, w.length - b.length));
  const p = prepStripped(b);
  if (p) add('bp', p);
  add('r', word.raw);
  for (let k = 1; k <= 3; k++) {
    if (b.length > k) {
      add(PREFIX[k]!, b.slice(0, k));
      add(SUFFIX[k]!, b.slice(-k));
    }
  }
  if (w.startsWith('ال')) add('al');
  if (word.trigger) add('t0', word.trigger);
  const own = CLUSTER_TEMPLATES.get(0)!;
  word.clusters.forEach((id, level) => {
    add(own[level]!, id);
  });
  wordEvidence(word.evidence, add, 'lx');
  if (lexicon.usage.size > 0) {
    add('uf', word.use.freq);
    add('ua', word.use.article);
    add('up', word.use.pronoun);
    add('u', word.use.use);
  }
}

/** Offsets of the neighbours a token's features look at. */
export const OFFSETS = [-2, -1, 1, 2] as const;
export type Offset = (typeof OFFSETS)[number];

/** Template names per offset, made once. */
function offsetTemplates(d: number) {
  return {
    w: `w${d}`,
    b: `b${d}`,
    t: `t${d}`,
    g: `g${d}`,
    lx: d < 0 ? 'lx-1' : 'lx+1',
  };
}
const AT = new Map(OFFSETS.map((d) => [d, offsetTemplates(d)]));

/** Features a token gets from the word `d` places away (forms and trigger; clusters and evidence at ±1). */
export function neighbourFeatures(word: Word, d: Offset, add: FeatureSink): void {
  const at = AT.get(d)!;
  add(at.w, word.norm);
  add(at.b, word.bare);
  if (word.trigger) add(at.t, word.trigger);
  if (d === -1 || d === 1) {
    const templates = CLUSTER_TEMPLATES.get(d)!;
    word.clusters.forEach((id, level) => {
      add(templates[level]!, id);
    });
    wordEvidence(word.evidence, add, at.lx);
  }
}

/** Sentence edges: what stands in for the word `d` places away when there is none. */
export const EDGE_BEFORE = '<s';
export const EDGE_AFTER = '</s';

/** Features a token gets when offset `d` falls outside the sentence. */
export function edgeFeatures(d: Offset, lexicon: Lexicon, add: FeatureSink): void {
  const at = AT.get(d)!;
  const edge = d < 0 ? EDGE_BEFORE : EDGE_AFTER;
  add(at.w, edge);
  add(at.b, edge);
  add(at.t, edge);
  add(at.g, edge);
  if (d === -1 || d === 1) {
    const templates = CLUSTER_TEMPLATES.get(d)!;
    for (let level = 0; level < clusterLevels(lexicon); level++) add(templates[level]!, '_');
  }
}

/**
 * Word pairs: previous and this word, this and the next word (normalized forms), and the bare forms of
 * the two words around this one, in that order. The value of a pair feature is first + `|` + second.
 */
export const PAIR_TEMPLATES = ['w-1w', 'ww+1', 'b-1b+1'] as const;

export function pairValue(first: string, second: string): string {
  return `${first}|${second}`;
}

/** Known-name match features (`B-PER`, `I-LOC`; `B-PER1` for a one-word name) seen at offset `d`. */
export function gazFeature(d: number, match: string, add: FeatureSink): void {
  add(d === 0 ? 'g0' : AT.get(d as Offset)!.g, match);
}

/** A known-name match on the token after a trigger word (`الرئيس` + a known person). */
export function gazTriggerFeature(match: string, trigger: TriggerClass, add: FeatureSink): void {
  add('g0t-1', pairValue(match, trigger));
}

/** Known names as a word trie: bare first word, then normalized words. */
export type NameNode = { type?: SpanType; next?: Map<string, NameNode> };

// Built once per lexicon.
const nameTries = new WeakMap<Lexicon, Map<string, NameNode>>();

function nameTrie(lexicon: Lexicon): Map<string, NameNode> {
  let root = nameTries.get(lexicon);
  if (root) return root;
  root = new Map();
  for (const [key, type] of lexicon.names) {
    // Keys are `nameForm`s: the bare first word, then match forms, joined by spaces.
    const [first, ...rest] = key.split(' ');
    let node = root.get(first!);
    if (!node) {
      node = {};
      root.set(first!, node);
    }
    for (const part of rest) {
      node.next ??= new Map();
      let child = node.next.get(part);
      if (!child) {
        child = {};
        node.next.set(part, child);
      }
      node = child;
    }
    node.type = type;
  }
  nameTries.set(lexicon, root);
  return root;
}

/** Longest known-name matches over the sentence: per token, `B-TYPE`/`I-TYPE` (`B-TYPE1` alone) or undefined. */
export function nameMatches(lexicon: Lexicon, words: readonly Word[]): (string | undefined)[] {
  const n = words.length;
  const out: (string | undefined)[] = new Array(n);
  let i = 0;
  while (i < n) {
    let node = words[i]!.names;
    let len = 1;
    let matched = 0;
    let type: SpanType | undefined;
    while (node) {
      if (node.type) {
        matched = len;
        type = node.type;
      }
      if (len >= lexicon.maxNameLength || i + len >= n) break;
      node = node.next?.get(words[i + len]!.norm);
      len++;
    }
    for (let k = 0; k < matched; k++) out[i + k] = `${k === 0 ? 'B' : 'I'}-${type}${matched > 1 ? '' : '1'}`;
    i += Math.max(matched, 1);
  }
  return out;
}

/** The two words of each of `PAIR_TEMPLATES` for token `i` (edges where a neighbour is missing). */
function pairWords(words: readonly Word[], i: number): [string, string][] {
  const prev = i > 0 ? words[i - 1] : undefined;
  const next = i + 1 < words.length ? words[i + 1] : undefined;
  const w = words[i]!.norm;
  return [
    [prev?.norm ?? EDGE_BEFORE, w],
    [w, next?.norm ?? EDGE_AFTER],
    [prev?.bare ?? EDGE_BEFORE, next?.bare ?? EDGE_AFTER],
  ];
}

/** Feature names per token: the definition of what the tagger sees (training reads it as is). */
export function sentenceFeatures(tokens: readonly string[], lexicon: Lexicon): string[][] {
  const words = tokens.map((t) => wordOf(t, lexicon));
  const gaz = nameMatches(lexicon, words);
  const n = words.length;
  return words.map((word, i) => {
    const f: string[] = [];
    const add: FeatureSink = (template, value) => {
      f.push(featureName(template, value));
    };
    ownFeatures(word, lexicon, add);
    for (const d of OFFSETS) {
      const j = i + d;
      if (j < 0 || j >= n) {
        edgeFeatures(d, lexicon, add);
        continue;
      }
      neighbourFeatures(words[j]!, d, add);
      if (gaz[j]) gazFeature(d, gaz[j], add);
    }
    pairWords(words, i).forEach(([a, b], k) => {
      add(PAIR_TEMPLATES[k]!, pairValue(a, b));
    });
    const match = gaz[i];
    if (match) {
      gazFeature(0, match, add);
      const before = words[i - 1]?.trigger;
      if (before) gazTriggerFeature(match, before, add);
    }
    return f;
  });
}
