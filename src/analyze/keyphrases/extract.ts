/**
 * Tags (كلمات دلالية) of one article: 1–4 word phrases an editor would pick.
 *
 * 1. Candidates: word n-grams of the analyzer's tokens (title and body) with no stopword, time word or page
 *    furniture at either edge (nor a stopword behind a clitic: `بهذه`), no quantifier first (`مختلف`,
 *    `إحدى`), nothing inside but names' particles (بن، أبو، إلى), no numbers, not inside a quoted source
 *    (`وحسب شبكة “السومرية نيوز”`), not an outlet (`صحيفة …`, the article's own source); the named entities
 *    found by the tagger join as candidates whatever their length. A phrase mentioned fewer than `minTf` times
 *    is kept only from the lead (`earlyTokens`), the title or the tagger, and past the lead no n-gram through a
 *    word that rare is even built: that is most n-grams, and most of the time this step used to take.
 * 2. One candidate per stem sequence: `وزير الخارجية` and `وزیر الخارجیة` are one; so are `عبد الله` and
 *    `عبدالله`, and `وشق سقف الحلق` and `شق سقف الحلق` when the stemmer left the و on one of them.
 * 3. Score: tf × idf (the DocFreq prior plus live counts) × position (first mention early) × title × entity
 *    × cohesion (a phrase whose words rarely occur apart) × a mild bonus per extra word × a noun cue
 *    (definite or named; a bare word is often a verb or an adjective) × penalties for shapes that are rarely
 *    a tag (a verb-like word, two noun phrases side by side, a phrase only ever seen behind a preposition).
 * 4. Pick best first; a shorter candidate inside a picked one is absorbed unless it stands on its own
 *    (another entity, or often mentioned apart): `الشمال السوري` absorbs `السوري`, `محمد شياع السوداني`
 *    absorbs `السوداني`, `أمن العراق` leaves `العراق`.
 * 5. Show each in its most common spelling in the article, proclitic of the first word removed.
 */
import { type AnalyzedToken, analyze, type TokenIds } from '../../text/analyzer.ts';
import { normalize, normalizeLetters } from '../../text/normalize.ts';
import { isStopword } from '../../text/stopwords.ts';
import { type DocFreq, EMPTY_DOCFREQ, idf } from '../docfreq.ts';
import { WordTable } from '../word-table.ts';
import { displayFirstWord } from './display.ts';
import { tokenStem } from './key.ts';
import { GENERIC, INNER_OK, JUNK, OUTLET_HEADS, QUANTIFIERS, TIME_WORDS } from './lexicon.ts';

/** A name the entity tagger found, as offsets into the body (or title) text. */
export type EntityMention = {
  start: number;
  end: number;
  type: string;
  key: string;
  inTitle?: boolean;
  /** The tagger's spelling (proclitics left out): its words count as standalone words for display. */
  text?: string;
};

export type KeyphraseInput = {
  /** The analyzer's tokens of the body text. */
  tokens: readonly AnalyzedToken[];
  /** The analyzer's tokens of the title. */
  titleTokens?: readonly AnalyzedToken[];
  entities?: readonly EntityMention[];
  docFreq?: DocFreq;
  /** Body ranges that are not the subject (quoted sources, the byline): no candidate overlaps them. */
  exclude?: readonly { start: number; end: number }[];
  /** Names of the publisher (its display name, its own byline): never tags. */
  excludeNames?: readonly string[];
  /** How many tags at most (default 10). */
  max?: number;
  /** The analyzer memo numbers of `tokens` and `titleTokens` (`analyzeWithIds`), when the caller has them. */
  tokenIds?: TokenIds;
  titleIds?: TokenIds;
};

export type Keyphrase = {
  /** Display form: the article's own most common spelling. */
  text: string;
  /** Stems of its words joined by a space: the identity of the tag for matching and merging. */
  key: string;
  score: number;
  /** Entity type when the tag is a name the tagger found. */
  type?: string;
};

/**
 * The weights of the score. Most were tuned by coordinate ascent on the whole AKEC file before it was split;
 * re-tuning them on the dev half alone did not beat them in 5-fold cross-validation within dev (0.320 against
 * 0.327), so they stay. Weights added since were chosen on the dev half only (`naba eval keyphrases --part dev`).
 */
export type KeyphraseWeights = {
  /** tf is raised to this power: a phrase said 20 times is not 20 times the tag of one said once. */
  tfExponent: number;
  /** Boost of a phrase first mentioned at the very start, decaying over `positionScale` tokens. */
  position: number;
  positionScale: number;
  title: number;
  /** Boost of a multiword name the tagger found, and of a one-word name. */
  entity: number;
  entitySingle: number;
  perWord: number;
  /** Multipliers by length: two words, three or more, and a single word that is not a name. */
  bigram: number;
  longer: number;
  single: number;
  cohesion: number;
  /** Boost of a definite (ال) phrase or a name; a bare single word gets `bareWord` instead. */
  noun: number;
  bareWord: number;
  /** Multiword phrases seen once (not in the title, not a name) are multiplied by this. */
  once: number;
  /** A phrase that is a name plus more words (`السوري بسام صباغ`) is multiplied by this. */
  wrapsName: number;
  /** A phrase with a word that looks like a verb (`يرتبطان`) or carries a pronoun (`حذائه`, `عملاتها`). */
  verbish: number;
  /** A phrase starting with an adjective (`الأردني تعزيز …`): the tail of one noun phrase and the head of another. */
  adjectiveFirst: number;
  /**
   * Two noun phrases side by side (an indefinite word after a definite one): Arabic adjectives agree in
   * definiteness and a construct ends at its definite noun, so `وزير الثقافة معرض` is not one phrase; names after
   * a title (`الرئيس … بشار الأسد`) are the exception, and the entity tagger brings those in.
   */
  bridge: number;
  /**
   * A phrase never written without a conjunction or preposition glued to its indefinite first word
   * (`بقيادة الفارس`, `وإشراف المدرب`): the tail of a longer construction, rarely what a reader would pick.
   */
  cliticOnly: number;
  /** A lone adjective (`السوري`, `العراقية`) that the tagger did not call a name. */
  nisbaAlone: number;
  /** A phrase whose first word mostly opens sentences in the news (a verb: تلقى، افتتح), per `DocFreq.opening`. */
  opener: number;
  openerShare: number;
  /** 0: idf of a phrase is the mean of its words'; 1: the highest idf (a phrase is rarer than its words). */
  compoundIdf: number;
  /** Count only mentions outside longer candidates (KP-Miner's refinement): 1 on, 0 off. */
  refine: number;
  /** Candidates need this many mentions, unless in the title, a name, or first seen in `earlyTokens`. */
  minTf: number;
  earlyTokens: number;
};

export const DEFAULT_WEIGHTS: KeyphraseWeights = {
  tfExponent: 0.9,
  position: 4,
  positionScale: 60,
  title: 1,
  entity: 1,
  entitySingle: 0.5,
  perWord: 0,
  bigram: 1.2,
  longer: 1.3,
  single: 0.8,
  cohesion: 0,
  noun: 0.25,
  bareWord: 0.6,
  once: 0.3,
  wrapsName: 0.5,
  verbish: 0.5,
  adjectiveFirst: 0.5,
  bridge: 0.25,
  cliticOnly: 0.5,
  nisbaAlone: 0.5,
  opener: 0.5,
  openerShare: 0.15,
  compoundIdf: 1,
  refine: 1,
  minTf: 2,
  earlyTokens: 80,
};

const MAX_WORDS = 4;
const MAX_ENTITY_WORDS = 6;

type Candidate = {
  key: string;
  /** `key` split into its stems; filled only for the candidates that survive the first cut (see `scoreCandidates`). */
  stems: string[];
  /** The mention that made the candidate: its tokens `originFrom`..`originTo` of `origin` (for `stems`). */
  origin: Source;
  originFrom: number;
  originTo: number;
  tf: number;
  title: number;
  first: number;
  /** Body mentions as token ranges: from, to, from, to, … */
  spans: number[];
  /** Title mentions, the same way. */
  titleSpans: number[];
  entity?: { type: string; key: string };
  definite: boolean;
  /** Body mentions not inside a longer candidate that is itself a tag contender. */
  apart: number;
  /** A one-word nisba adjective (السوري، العراقية، هاتفي). */
  nisba: boolean;
  /** Has a word shaped like an imperfect verb or with a possessive pronoun. */
  verbish: boolean;
  /** Several words, the first a definite nisba adjective. */
  adjectiveFirst: boolean;
  /** The first word is definite (ال): a noun, whatever its stem does elsewhere. */
  definiteFirst: boolean;
  /** Mentions whose first word is not an indefinite one behind a clitic (`بقيادة`, `وإشراف`). */
  bareStarts: number;
  /** An indefinite word follows a definite one: two noun phrases side by side (`وزير الثقافة معرض`). */
  bridge: boolean;
};

const PROCLITICS = /^(و|ف)?(ب|ك|ل)?/;

/**
 * A stopword behind a conjunction, a preposition or both (`وهناك`, `فإن`, `بهذه`, `ولهذا`), which the stopword
 * list does not always spell out. After a lone preposition the rest needs three letters: `بان` is a name
 * (`بان كي مون`), not ب + أن.
 */
function isConjoinedStop(norm: string): boolean {
  const first = norm[0];
  const conj = first === 'و' || first === 'ف' ? 1 : 0;
  if (conj && norm.length > 2 && isStopword(norm.slice(1))) return true;
  const prep = norm[conj];
  if (prep !== 'ب' && prep !== 'ك' && prep !== 'ل') return false;
  const rest = norm.slice(conj + 1);
  return rest.length >= 3 - conj && isStopword(rest);
}

/** A quantifier (`مختلف`, `إحدى`, `لمعظم`): it opens a noun phrase about something else, never a tag. */
function isQuantifier(norm: string): boolean {
  if (QUANTIFIERS.has(norm)) return true;
  const clitics = PROCLITICS.exec(norm)![0].length;
  return clitics > 0 && QUANTIFIERS.has(norm.slice(clitics));
}

function isGeneric(norm: string): boolean {
  return (
    GENERIC.has(norm) ||
    TIME_WORDS.has(norm) ||
    (norm.length > 3 && (norm[0] === 'و' || norm[0] === 'ف') && GENERIC.has(norm.slice(1)))
  );
}

// What a word (its `norm`) may do in a phrase, as bits: all of it follows from the normalized word, so it is
// worked out once per distinct word and kept (news vocabulary is Zipfian: most tokens are hits).
/** May start or end a phrase. */
const EDGE = 1;
/** May sit inside a phrase. */
const INNER = 2;
/** Too general to be a tag alone (GENERIC, TIME_WORDS). */
const GENERIC_WORD = 4;
/** Never starts a phrase: an outlet (`صحيفة`) or a quantifier (`مختلف`). */
const NO_START = 8;
const DEFINITE_WORD = 16;
/** Shaped like an imperfect verb or carrying a pronoun, as far as `norm` tells (see `looksVerbish`). */
const VERBISH_NORM = 32;
/** Ends in ه, which is a pronoun only if the printed word has ه rather than ة. */
const FINAL_HEH = 64;
/** A single word that is a nisba adjective (NISBA). */
const NISBA_WORD = 128;
/** Bits 8–9: how many proclitic letters (و ف then ب ك ل) a bare-proclitic reading would take off. */
const PROCLITIC_SHIFT = 8;

const WORD_FLAGS = new Map<string, number>();
const WORD_FLAGS_LIMIT = 200_000;

function wordFlagsUncached(norm: string, stop: boolean): number {
  let f = 0;
  const junk = JUNK.has(norm);
  const definite = isDefinite(norm);
  if (
    !stop &&
    !isConjoinedStop(norm) &&
    norm.length >= 2 &&
    !TIME_WORDS.has(norm) &&
    !junk &&
    !/^[a-z]$/.test(norm)
  ) {
    f |= EDGE;
  }
  if (!junk && (!stop || INNER_OK.has(norm))) f |= INNER;
  if (isGeneric(norm)) f |= GENERIC_WORD;
  if (OUTLET_HEADS.has(norm) || isQuantifier(norm)) f |= NO_START;
  if (definite) f |= DEFINITE_WORD;
  if ((IMPERFECT.test(norm) && !definite) || PRONOUN.test(norm)) f |= VERBISH_NORM;
  if (norm.endsWith('ه')) f |= FINAL_HEH;
  if (NISBA.test(norm)) f |= NISBA_WORD;
  const first = norm[0];
  if (!definite && (first === 'و' || first === 'ف' || first === 'ب' || first === 'ك' || first === 'ل')) {
    f |= PROCLITICS.exec(norm)![0].length << PROCLITIC_SHIFT;
  }
  return f;
}

/** `wordFlags` by the token's memo number: the same bits without a Map lookup on its string. */
const FLAGS_BY_ID = new WordTable();

/** The bits of a word token (0 for anything else). */
function wordFlags(t: AnalyzedToken): number {
  if (t.kind !== 'word') return 0;
  // A stopword never starts, ends or heads a phrase: only whether it may sit inside one matters (a short list).
  if (t.stop) return INNER_OK.has(t.norm) && !JUNK.has(t.norm) ? INNER : 0;
  let f = WORD_FLAGS.get(t.norm);
  if (f === undefined) {
    f = wordFlagsUncached(t.norm, t.stop);
    if (WORD_FLAGS.size >= WORD_FLAGS_LIMIT) WORD_FLAGS.clear();
    WORD_FLAGS.set(t.norm, f);
  }
  return f;
}

/** Marks tokens inside any of the ranges. Linear after sorting. */
function maskRanges(
  tokens: readonly AnalyzedToken[],
  ranges: readonly { start: number; end: number }[],
): Uint8Array {
  const mask = new Uint8Array(tokens.length);
  if (ranges.length === 0) return mask;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let r = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (r < sorted.length && sorted[r]!.end <= t.start) r++;
    if (r < sorted.length && sorted[r]!.start < t.end) mask[i] = 1;
  }
  return mask;
}

/**
 * Definite (ال) behind optional clitics: `/^(و|ف)?(ب|ك|ل)?ال|^(و|ف)?لل/`, written out by hand because it runs on
 * every new word.
 */
function isDefinite(norm: string): boolean {
  let i = norm[0] === 'و' || norm[0] === 'ف' ? 1 : 0;
  const a = norm[i];
  if (a === 'ب' || a === 'ك') i++;
  else if (a === 'ل') {
    if (norm[i + 1] === 'ل') return true;
    i++;
  }
  return norm[i] === 'ا' && norm[i + 1] === 'ل';
}
const NISBA = /^(و|ف)?(ب|ك|ل)?(ال)?.{3,}(ي|يه|يين|يون|يا)$/;
// Imperfect verbs (يرتبطان، ويؤكد، سيعقد) and possessive pronouns (حذائه، عملاتها، بلادهم) on a word.
const IMPERFECT = /^(و|ف)?(س)?ي[^ا].+$/;
const PRONOUN = /.{3,}(ها|هم|هما|هن|كم|كما)$/;
const PRONOUN_HEH = /.{3,}[^اوي]ه$/;

/**
 * Whether the printed word is an indefinite one behind a conjunction or preposition the stemmer took off
 * (`بقيادة` → قياد, `وإشراف`; not `وزير`, whose و is its own). Definite words behind one (`بالإدارة العامة`,
 * `للصراعات الفكرية`) are left out: readers pick those phrases as often as bare ones.
 */
function hasBareProclitic(flags: number, norm: string, stem: string): boolean {
  const clitics = (flags >> PROCLITIC_SHIFT) & 3;
  return clitics > 0 && !stem.startsWith(norm.slice(0, clitics));
}

/**
 * Imperfect verbs (يرتبطان، ويؤكد، سيعقد) and possessive pronouns (حذائه، عملاتها، بلادهم). ة folds to ه in
 * `norm`: the pronoun ه is read from the printed word, where ة is still ة.
 */
function looksVerbish(t: AnalyzedToken, flags: number): boolean {
  if (t.stop || t.kind !== 'word') return false;
  if (flags & VERBISH_NORM) return true;
  return (flags & FINAL_HEH) !== 0 && PRONOUN_HEH.test(normalizeLetters(t.text));
}

/** One tokenized text (body or title) with what the candidates need per token, computed once. */
type Source = {
  tokens: readonly AnalyzedToken[];
  inTitle: boolean;
  stems: string[];
  /** `wordFlags` of each token; 0 for a token inside an excluded range. */
  flags: Int32Array;
  /** Per token, filled on demand (most tokens are in no surviving candidate): 0 not yet known, 1 no, 2 yes. */
  verbish: Uint8Array;
  /** Tokens inside a range that is not the subject (quoted sources). */
  excluded: Uint8Array;
};

function source(
  tokens: readonly AnalyzedToken[],
  inTitle: boolean,
  excluded?: Uint8Array,
  memo?: TokenIds,
): Source {
  const n = tokens.length;
  const stems = new Array<string>(n);
  const flags = new Int32Array(n);
  // A word's bits follow from its memo entry (norm, kind, stop), so they can be kept by its number.
  const byId = memo && memo.ids.length === n ? FLAGS_BY_ID.of(memo.epoch) : null;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') {
      stems[i] = t.stem;
      continue;
    }
    stems[i] = tokenStem(t);
    let f: number;
    if (byId) {
      const id = memo!.ids[i]!;
      f = byId[id]! - 1;
      if (f < 0) {
        f = wordFlags(t);
        byId[id] = f + 1;
      }
    } else f = wordFlags(t);
    if (t.stem === '') f &= ~EDGE;
    // An excluded word (a quoted source) is no part of a phrase, but stays definite for the entity pass.
    if (excluded?.[i]) f &= DEFINITE_WORD | NISBA_WORD;
    flags[i] = f;
  }
  return {
    tokens,
    inTitle,
    stems,
    flags,
    verbish: new Uint8Array(n),
    excluded: excluded ?? new Uint8Array(n),
  };
}

function verbishAt(src: Source, i: number): boolean {
  let v = src.verbish[i]!;
  if (v === 0) {
    v = looksVerbish(src.tokens[i]!, src.flags[i]!) ? 2 : 1;
    src.verbish[i] = v;
  }
  return v === 2;
}

/**
 * The shape flags that need every mention (a verb-like word in any of them; how many do not start behind a
 * clitic), for a candidate that survived the first cut.
 */
function markShape(cand: Candidate, body: Source, title: Source): void {
  markShapeIn(cand, body, cand.spans);
  markShapeIn(cand, title, cand.titleSpans);
}

function markShapeIn(cand: Candidate, src: Source, spans: readonly number[]): void {
  for (let k = 0; k < spans.length; k += 2) {
    const from = spans[k]!;
    const to = spans[k + 1]!;
    if (!hasBareProclitic(src.flags[from]!, src.tokens[from]!.norm, src.stems[from]!)) cand.bareStarts++;
    if (!cand.verbish) for (let i = from; i < to; i++) if (verbishAt(src, i)) cand.verbish = true;
  }
}

/** Placeholder until `withStems`: most candidates are dropped before anything reads their stems. */
const NO_STEMS: string[] = [];

function withStems(cand: Candidate): void {
  if (cand.stems === NO_STEMS) cand.stems = stemsOf(cand) ?? cand.key.split(' ');
}

/**
 * `key.split(' ')` without the split: the stems of the non-stop words of the mention that made the candidate,
 * which `key` joins. The very strings of `Source.stems`, which hash once (the idf lookups), where the split's
 * copies would each be hashed afresh. Null in the odd case where the join does not undo (an empty stem).
 */
function stemsOf(cand: Candidate): string[] | null {
  const { origin, originFrom, originTo } = cand;
  const out: string[] = [];
  for (let i = originFrom; i < originTo; i++) {
    if (origin.tokens[i]!.stop) continue;
    const stem = origin.stems[i]!;
    if (stem === '' || stem.includes(' ')) return null;
    out.push(stem);
  }
  return out;
}

class Collector {
  readonly byKey = new Map<string, Candidate>();
  /** Mentions of each stem, body and title (for cohesion, and to skip phrases through rare words). */
  readonly mentions = new Map<string, number>();

  /** Counts tokens from..to of `src` as a mention of the candidate `key` (the stems of its non-stop words). */
  add(src: Source, from: number, to: number, key: string): Candidate {
    let c = this.byKey.get(key);
    if (!c) {
      const flags = src.flags[from]!;
      c = {
        key,
        stems: NO_STEMS,
        origin: src,
        originFrom: from,
        originTo: to,
        tf: 0,
        title: 0,
        first: Number.POSITIVE_INFINITY,
        spans: [],
        titleSpans: [],
        definite: false,
        apart: 0,
        nisba: to - from === 1 && (flags & NISBA_WORD) !== 0,
        verbish: false,
        adjectiveFirst: to - from > 1 && (flags & DEFINITE_WORD) !== 0 && (flags & NISBA_WORD) !== 0,
        definiteFirst: (flags & DEFINITE_WORD) !== 0,
        bareStarts: 0,
        bridge: false,
      };
      this.byKey.set(key, c);
    }
    if (src.inTitle) {
      c.title++;
      c.titleSpans.push(from, to);
    } else {
      c.tf++;
      c.spans.push(from, to);
      if (from < c.first) c.first = from;
    }
    // Definite (ال) or construct state ending in a definite word: a noun phrase, not a verb.
    if (src.flags[to - 1]! & DEFINITE_WORD) c.definite = true;
    return c;
  }
}

/** First pass over one text: how often each stem occurs. */
function countWords(c: Collector, src: Source): void {
  const { tokens, excluded } = src;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (excluded[i] || t.kind !== 'word' || t.stop) continue;
    const stem = src.stems[i]!;
    c.mentions.set(stem, (c.mentions.get(stem) ?? 0) + 1);
  }
}

/**
 * Second pass: the n-grams of one text as candidates. `lateFrom`: body tokens from here on start no phrase with
 * a word mentioned fewer than `minTf` times in the article: such a phrase is mentioned as rarely, late, and is
 * dropped before scoring anyway (unless it is a name, which the entity pass adds on its own). Most n-grams are
 * of that kind; not building them is most of the extraction's time.
 */
function collect(
  c: Collector,
  src: Source,
  outletStems: ReadonlySet<string>,
  lateFrom: number,
  minTf: number,
): void {
  const { tokens, flags, stems } = src;
  const n = tokens.length;
  // Late tokens whose word is too rare for any phrase through them to survive.
  const rare = new Uint8Array(n);
  for (let i = lateFrom; i < n; i++) {
    if (flags[i]! & INNER && !tokens[i]!.stop && (c.mentions.get(stems[i]!) ?? 0) < minTf) rare[i] = 1;
  }
  for (let i = 0; i < n; i++) {
    if ((flags[i]! & (EDGE | NO_START)) !== EDGE || rare[i]) continue;
    const late = i >= lateFrom;
    // The key grows with the phrase, and only when a phrase is counted: one concatenation per word, no arrays.
    // It holds the stems of the non-stop words of tokens i..keyTo − 1.
    let key = stems[i]!;
    let keyTo = i + 1;
    // A phrase of generic words only (`مليون دولار`, `المرة الأولى`) is no more a tag than its words.
    let allGeneric = true;
    let definiteSeen = false;
    let bridge = false;
    for (let j = i; j < n && j - i < MAX_WORDS; j++) {
      const f = flags[j]!;
      if (!(f & INNER) || (late && rare[j])) break;
      const stop = tokens[j]!.stop;
      const definite = (f & DEFINITE_WORD) !== 0;
      const generic = (f & GENERIC_WORD) !== 0;
      // After a definite word an indefinite one starts a new noun phrase (`وزير الثقافة | معرض الكتاب`):
      // Arabic adjectives agree in definiteness and a construct ends at its definite noun. Names that
      // follow a title (`الرئيس … بشار الأسد`) come in through the entity tagger instead.
      if (!stop) {
        if (definiteSeen && !definite) bridge = true;
        if (definite) definiteSeen = true;
      }
      if (!stop && !generic) allGeneric = false;
      if (!(f & EDGE) || allGeneric) continue;
      // A generic word may end a phrase only as a definite adjective (`الأمين العام`, not `بمشاركة أكثر`).
      if (j > i && generic && !definite) continue;
      for (; keyTo <= j; keyTo++) if (!tokens[keyTo]!.stop) key += ` ${stems[keyTo]!}`;
      if (outletStems.size > 0 && outletStems.has(key)) continue;
      const cand = c.add(src, i, j + 1, key);
      if (bridge) cand.bridge = true;
    }
  }
}

/** Adds the mentions of `from` to `into` and drops `from`. */
function mergeInto(c: Collector, into: Candidate, from: Candidate): void {
  into.tf += from.tf;
  into.title += from.title;
  into.first = Math.min(into.first, from.first);
  into.spans.push(...from.spans);
  into.titleSpans.push(...from.titleSpans);
  into.definite ||= from.definite;
  into.entity ??= from.entity;
  into.bareStarts += from.bareStarts;
  c.byKey.delete(from.key);
}

/** `عبد الله` and `عبدالله` are one name: candidates whose stems differ only by spaces are merged. */
function mergeSpacing(c: Collector): void {
  const byCompact = new Map<string, Candidate>();
  for (const cand of [...c.byKey.values()]) {
    if (cand.stems.length < 2 && !byCompact.has(cand.key)) {
      byCompact.set(cand.key, cand);
      continue;
    }
    const compact = cand.key.replaceAll(' ', '');
    const into = byCompact.get(compact);
    if (!into) {
      byCompact.set(compact, cand);
      continue;
    }
    mergeInto(c, into, cand);
  }
}

/**
 * A phrase whose first word kept a conjunction or preposition the stemmer could not tell from the word
 * (`وشق سقف الحلق`) is the phrase without it (`شق سقف الحلق`) when that one occurs too. Only phrases of two
 * words or more: for a lone word the shorter one may be another word (`وفاء` / `فاء`).
 */
function mergeProclitics(c: Collector): void {
  for (const cand of [...c.byKey.values()]) {
    if (cand.stems.length < 2) continue;
    const first = cand.stems[0]!;
    const lead = first[0];
    if (first.length < 3 || (lead !== 'و' && lead !== 'ف' && lead !== 'ب' && lead !== 'ل' && lead !== 'ك')) {
      continue;
    }
    const into = c.byKey.get(cand.key.slice(1));
    if (into && into !== cand) mergeInto(c, into, cand);
  }
}

/**
 * For each candidate, its mentions that are not inside a longer contender (a candidate seen at least
 * `minTf` times, or a name): `الحطاب` inside `جواد الحطاب` is not a mention of its own.
 */
function countApart(c: Collector, tokenCount: number, isContender: (cand: Candidate) => boolean): void {
  const reachBefore = new Int32Array(tokenCount + 1);
  const reachAt = new Int32Array(tokenCount + 1);
  for (const cand of c.byKey.values()) {
    if (!isContender(cand)) continue;
    for (let k = 0; k < cand.spans.length; k += 2) {
      const from = cand.spans[k]!;
      const to = cand.spans[k + 1]!;
      if (to > reachAt[from]!) reachAt[from] = to;
    }
  }
  // reachBefore[i]: the furthest end of a contender that starts before i.
  let best = 0;
  for (let i = 0; i < tokenCount; i++) {
    reachBefore[i] = best;
    if (reachAt[i]! > best) best = reachAt[i]!;
  }
  for (const cand of c.byKey.values()) {
    let apart = 0;
    for (let k = 0; k < cand.spans.length; k += 2) {
      const from = cand.spans[k]!;
      const to = cand.spans[k + 1]!;
      if (reachBefore[from]! >= to || reachAt[from]! > to) continue;
      apart++;
    }
    // A name is a name wherever it sits (`بسام صباغ` inside `السوري بسام صباغ`).
    cand.apart = cand.entity ? cand.tf : apart;
  }
}

const ADJECTIVE_ENDING = /(ي|ية|يه|ى)$/;

/**
 * The spelling to show: the most common one, proclitic dropped. Nominative before accusative (`اتصال هاتفي`
 * over `اتصالاً هاتفياً`), and for one word the noun before its adjective when they share a stem (`العراق`
 * over `العراقي`): such spellings count half.
 */
/** How often each printed form of the candidate occurs (body and title). */
function spellingsOf(cand: Candidate, body: Source, title: Source): Map<string, number> {
  const out = new Map<string, number>();
  const count = (src: Source, spans: number[]) => {
    for (let k = 0; k < spans.length; k += 2) {
      let s = src.tokens[spans[k]!]!.text;
      for (let i = spans[k]! + 1; i < spans[k + 1]!; i++) s += ` ${src.tokens[i]!.text}`;
      out.set(s, (out.get(s) ?? 0) + 1);
    }
  };
  count(body, cand.spans);
  count(title, cand.titleSpans);
  return out;
}

function wrapsName(cand: Candidate, names: readonly string[][]): boolean {
  for (const stems of names) if (isSub(stems, cand.stems)) return true;
  return false;
}

function mostCommon(spellings: Map<string, number>, known: (w: string) => boolean): string {
  const counts = new Map<string, number>();
  let best = '';
  let bestCount = 0;
  const oneWord = [...spellings.keys()].every((s) => !s.includes(' '));
  const hasNoun = oneWord && [...spellings.keys()].some((s) => !ADJECTIVE_ENDING.test(normalizeLetters(s)));
  for (const [s, n] of spellings) {
    const space = s.indexOf(' ');
    const first = space < 0 ? s : s.slice(0, space);
    const shown = displayFirstWord(first, known) + (space < 0 ? '' : s.slice(space));
    let weight = n;
    if (s.includes('\u064B')) weight *= 0.4;
    if (hasNoun && ADJECTIVE_ENDING.test(normalizeLetters(s))) weight /= 2;
    const total = (counts.get(shown) ?? 0) + weight;
    counts.set(shown, total);
    // Ties go to the spelling seen first (Map order is insertion order).
    if (total > bestCount) {
      best = shown;
      bestCount = total;
    }
  }
  return best;
}

function isSub(inner: readonly string[], outer: readonly string[]): boolean {
  if (inner.length >= outer.length) return false;
  scan: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let k = 0; k < inner.length; k++) if (outer[i + k] !== inner[k]) continue scan;
    return true;
  }
  return false;
}

/** Whether `short` (inside `long`) should disappear into it rather than be a tag of its own. */
function absorbed(short: Candidate, long: Candidate): boolean {
  if (short.entity && long.entity && short.entity.key === long.entity.key) return true;
  // An adjective alone (السوري) says less than the phrase it qualifies (الشمال السوري).
  if (!short.entity && short.stems.length === 1 && short.nisba) return true;
  // Mentioned apart often enough: a subject of its own (العراق next to أمن العراق).
  return short.apart + short.title <= 1 && !(short.entity && !long.entity);
}

type Scored = { cand: Candidate; score: number };

/** Every candidate with its score, best first, before near-duplicates are merged (for tuning and tests). */
export function scoreCandidates(
  input: KeyphraseInput,
  weights: KeyphraseWeights = DEFAULT_WEIGHTS,
): { scored: Scored[]; body: Source; title: Source } {
  const tokens = input.tokens;
  const titleTokens = input.titleTokens ?? [];
  const docFreq = input.docFreq ?? EMPTY_DOCFREQ;
  const c = new Collector();

  const outletStems = new Set<string>();
  for (const name of input.excludeNames ?? []) {
    const stems = analyze(name)
      .filter((t) => t.kind === 'word' && !t.stop)
      .map(tokenStem);
    if (stems.length > 0) outletStems.add(stems.join(' '));
  }

  const excluded = maskRanges(tokens, input.exclude ?? []);
  const body = source(tokens, false, excluded, input.tokenIds);
  const title = source(titleTokens, true, undefined, input.titleIds);
  countWords(c, body);
  countWords(c, title);
  collect(c, body, outletStems, weights.earlyTokens, weights.minTf);
  collect(c, title, outletStems, Number.POSITIVE_INFINITY, weights.minTf);

  // Names: candidates whatever their shape, and the mark that boosts them.
  const fromEntities = new Set<Candidate>();
  for (const e of input.entities ?? []) {
    const toks = e.inTitle ? titleTokens : tokens;
    let from = lowerBound(toks, e.start);
    let to = from;
    while (to < toks.length && toks[to]!.start < e.end) to++;
    while (from < to && (toks[from]!.stop || toks[from]!.kind !== 'word')) from++;
    while (to > from && (toks[to - 1]!.stop || toks[to - 1]!.kind !== 'word')) to--;
    if (to === from || to - from > MAX_ENTITY_WORDS) continue;
    // One definite word tagged as a person (`الشخير`, `السنام`) is nearly always a tagger slip; a real
    // surname alone (`السوداني`) is linked to the full name, which is counted anyway.
    if (e.type === 'PER' && to - from === 1 && isDefinite(toks[from]!.norm)) continue;
    let bad = false;
    for (let k = from; k < to; k++) {
      if (JUNK.has(toks[k]!.norm) || TIME_WORDS.has(toks[k]!.norm) || (!e.inTitle && excluded[k])) bad = true;
    }
    if (bad) continue;
    const src = e.inTitle ? title : body;
    let key = '';
    for (let k = from; k < to; k++) if (!toks[k]!.stop) key += key === '' ? src.stems[k] : ` ${src.stems[k]}`;
    // An outlet named after a place (`إذاعة الجزائر`) leaves the place a subject elsewhere in the text.
    if (outletStems.has(key) && e.type !== 'LOC') continue;
    let cand = c.byKey.get(key);
    // Entities are found on tokens the n-gram pass may have refused (too long, an edge rule, an outlet's
    // name): count them here, every mention.
    if (!cand || fromEntities.has(cand)) {
      cand = c.add(src, from, to, key);
      fromEntities.add(cand);
    }
    cand.entity ??= { type: e.type, key: e.key };
  }
  // Most n-grams occur once, late, and are no one's name: drop them before the costlier steps.
  for (const [key, cand] of c.byKey) {
    if (
      cand.tf + cand.title < weights.minTf &&
      cand.title === 0 &&
      cand.first >= weights.earlyTokens &&
      !cand.entity
    ) {
      c.byKey.delete(key);
    } else withStems(cand);
  }
  for (const cand of c.byKey.values()) markShape(cand, body, title);
  mergeSpacing(c);
  mergeProclitics(c);
  const opening = docFreq.opening?.bind(docFreq);
  const opensSentences = (cand: Candidate) =>
    opening !== undefined && !cand.definiteFirst && opening(cand.stems[0]!) >= weights.openerShare;
  // Only a phrase that could be a tag itself takes mentions away from the words inside it.
  countApart(
    c,
    tokens.length,
    (cand) =>
      cand.entity !== undefined ||
      (cand.tf >= weights.minTf && !cand.bridge && !cand.verbish && !opensSentences(cand)),
  );

  // Linked names (السوداني → محمد شياع السوداني): the full form also counts the short mentions.
  const byEntity = new Map<string, Candidate>();
  const entityTf = new Map<string, number>();
  for (const cand of c.byKey.values()) {
    if (!cand.entity) continue;
    const k = cand.entity.key;
    entityTf.set(k, (entityTf.get(k) ?? 0) + cand.tf + cand.title);
    const prev = byEntity.get(k);
    if (!prev || cand.stems.length > prev.stems.length) byEntity.set(k, cand);
  }

  const entityStems: string[][] = [];
  for (const cand of byEntity.values()) entityStems.push(cand.stems);
  const maxIdf = idf(docFreq, '\u0000');
  const idfOf = new Map<string, number>();
  const scored: Scored[] = [];
  for (const cand of c.byKey.values()) {
    const n = cand.stems.length;
    const entity = cand.entity;
    const tfAll =
      entity && byEntity.get(entity.key) === cand ? entityTf.get(entity.key)! : cand.tf + cand.title;
    if (tfAll < weights.minTf && cand.title === 0 && cand.first >= weights.earlyTokens && !entity) continue;
    // The title boosts what the body says; a title-only phrase is a headline fragment (unless the body is empty).
    if (cand.tf === 0 && !entity && tokens.length > 0) continue;
    const tf =
      weights.refine > 0 ? Math.max(cand.apart + cand.title, tfAll - cand.tf + cand.apart, 0.5) : tfAll;
    let idfSum = 0;
    for (const s of cand.stems) {
      let v = idfOf.get(s);
      if (v === undefined) {
        v = idf(docFreq, s);
        idfOf.set(s, v);
      }
      idfSum += v;
    }
    const idfMean = idfSum / n;
    const phraseIdf = n === 1 ? idfMean : idfMean + weights.compoundIdf * (maxIdf - idfMean);
    let score = tf ** weights.tfExponent * phraseIdf;
    const first = Number.isFinite(cand.first) ? cand.first : 0;
    score *= 1 + weights.position / (1 + first / weights.positionScale);
    if (cand.title > 0) score *= 1 + weights.title;
    if (entity) score *= 1 + (n > 1 ? weights.entity : weights.entitySingle);
    score *= 1 + weights.perWord * (n - 1);
    if (n === 2) score *= weights.bigram;
    else if (n > 2) score *= weights.longer;
    else if (!entity) score *= weights.single;
    if (n > 1) {
      if (weights.cohesion > 0) {
        let minMentions = Number.POSITIVE_INFINITY;
        for (const s of cand.stems) minMentions = Math.min(minMentions, c.mentions.get(s) ?? 1);
        const cohesion = Math.min(1, (cand.tf + cand.title) / Math.max(1, minMentions));
        score *= 1 - weights.cohesion + weights.cohesion * cohesion;
      }
      if (tfAll <= 1 && !entity) score *= weights.once;
    }
    if (!entity) {
      if (cand.verbish) score *= weights.verbish;
      if (cand.adjectiveFirst) score *= weights.adjectiveFirst;
      if (cand.bridge) score *= weights.bridge;
      if (cand.bareStarts === 0 && cand.title === 0) score *= weights.cliticOnly;
      if (opensSentences(cand)) score *= weights.opener;
      if (cand.nisba) score *= weights.nisbaAlone;
      if (n > 1 && wrapsName(cand, entityStems)) score *= weights.wrapsName;
    }
    if (cand.definite || entity) score *= 1 + weights.noun;
    else if (n === 1) score *= weights.bareWord;
    scored.push({ cand, score });
  }
  scored.sort((a, b) => b.score - a.score || a.cand.first - b.cand.first);
  return { scored, body, title };
}

/** The article's words (`norm`) outside excluded ranges, for the display rule (`displayFirstWord`). */
function standaloneWords(body: Source, title: Source): Set<string> {
  const out = new Set<string>();
  for (const src of [body, title]) {
    for (let i = 0; i < src.tokens.length; i++) {
      if (!src.excluded[i] && src.tokens[i]!.kind === 'word') out.add(src.tokens[i]!.norm);
    }
  }
  return out;
}

/** The article's tags, best first. Pure: everything it needs comes in `input`. */
export function extractKeyphrases(
  input: KeyphraseInput,
  weights: KeyphraseWeights = DEFAULT_WEIGHTS,
): Keyphrase[] {
  const max = input.max ?? 10;
  const { scored, body, title } = scoreCandidates(input, weights);
  let vocabulary: Set<string> | undefined;
  const known = (letters: string) => {
    vocabulary ??= standaloneWords(body, title);
    return vocabulary.has(normalize(letters));
  };
  const shown = new Map<Candidate, { text: string; norm: string }>();
  const display = (cand: Candidate) => {
    let d = shown.get(cand);
    if (d === undefined) {
      const text = mostCommon(spellingsOf(cand, body, title), known);
      d = { text, norm: normalize(text) };
      shown.set(cand, d);
    }
    return d;
  };
  const picked: Scored[] = [];
  for (const s of scored) {
    if (picked.length >= max) break;
    let keep = true;
    for (let p = 0; p < picked.length; p++) {
      const other = picked[p]!.cand;
      if (isSub(s.cand.stems, other.stems) && absorbed(s.cand, other)) {
        keep = false;
        break;
      }
      if (s.cand.entity && other.entity && s.cand.entity.key === other.entity.key) {
        keep = false;
        break;
      }
    }
    if (!keep) continue;
    // Keys the stemmer keeps apart can still read the same once shown (ألمانيا / المانيا: the stemmer takes ال
    // off one of them; فيردر / وفيردر). Rare since the stemmer's clitic lexicon (5 in 3,567 stream articles),
    // but a reader would see the tag twice.
    const shownAs = display(s.cand).norm;
    if (picked.some((p) => display(p.cand).norm === shownAs)) continue;
    // A longer phrase takes the place of picked ones it absorbs (`السوري` → `الشمال السوري`); a name takes
    // the place of a picked phrase that is only the name plus a word (`السوري بسام صباغ` → `بسام صباغ`).
    let slot = -1;
    for (let p = picked.length - 1; p >= 0; p--) {
      const other = picked[p]!.cand;
      const absorbs = isSub(other.stems, s.cand.stems) && absorbed(other, s.cand);
      const namesIt =
        s.cand.entity !== undefined &&
        other.entity === undefined &&
        isSub(s.cand.stems, other.stems) &&
        other.tf + other.title <= s.cand.tf + s.cand.title;
      if (absorbs || namesIt) {
        picked.splice(p, 1);
        slot = p;
      }
    }
    if (slot >= 0) picked.splice(slot, 0, s);
    else picked.push(s);
  }

  return picked.map(({ cand, score }) => ({
    text: display(cand).text,
    key: cand.key,
    score,
    ...(cand.entity ? { type: cand.entity.type } : {}),
  }));
}

function lowerBound(tokens: readonly AnalyzedToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
