/**
 * The corpus in memory: every placed article's compact features, the LSH index for near-duplicates, an
 * inverted index of strong terms and entities for stories and related articles, and the stories. It
 * places one article at a time (dedup, then story) in time independent of the corpus size: candidates
 * come from LSH buckets and from capped scans of posting lists, never from a scan of the corpus.
 *
 * Placement is deterministic given the order of articles, so the state is rebuilt by replaying the
 * store in insertion order (docs/corpus.md). No I/O here: `pipeline.ts` persists what `place` returns.
 */
import {
  type CopyDiff,
  copyVerdict,
  DEDUP_DEFAULTS,
  type DedupParams,
  diffCopy,
  isEarlier,
} from './dedup.ts';
import { type Fingerprint, NUM_HASHES, sampleJaccard } from './fingerprint.ts';
import { Growable } from './growable.ts';
import { LSH_DEFAULTS, LshIndex, type LshParams } from './lsh.ts';
import {
  cosineToCentroid,
  type Idf,
  idfOf,
  intersect,
  norm,
  type SparseVector,
  weightedJaccard,
  weightedOverlap,
} from './similarity.ts';
import { DEFAULT_STORY_PARAMS, memberWeight, type StoryParams, storyScore } from './story-score.ts';

/** What placement needs of one analyzed article. */
export interface PlaceInput {
  id: string;
  sourceId: string;
  /** Publication time (epoch ms) after sanity checks; fetch time when the article has none. */
  timeMs: number;
  title: string;
  /** Index terms of the body (normalized stems, stopwords out), in order. */
  terms: readonly string[];
  titleTerms: readonly string[];
  /** Normalized entity keys (may be empty when no recognizer runs). */
  entities: readonly string[];
  fingerprint: Fingerprint;
}

export interface CorpusParams {
  dedup: DedupParams;
  lsh: LshParams;
  story: StoryParams;
  /** Terms kept per article vector (the strongest by tf-idf at placement). */
  vectorTerms: number;
  /** Strongest terms an article is indexed under for candidate search. */
  indexTerms: number;
  /** Posting entries read per term when looking for candidates. */
  postingScan: number;
  /** A title term counts as this many body occurrences. */
  titleBoost: number;
  /**
   * Document frequencies counted elsewhere (the shipped `models/docfreq.json.gz`), added to the live
   * counts so that a new or small corpus already weighs common words down.
   */
  priorDf?: { docs: number; df(term: string): number };
}

export const CORPUS_DEFAULTS: CorpusParams = {
  dedup: DEDUP_DEFAULTS,
  lsh: LSH_DEFAULTS,
  story: DEFAULT_STORY_PARAMS,
  vectorTerms: 64,
  indexTerms: 10,
  postingScan: 200,
  titleBoost: 2,
};

export interface StoryState {
  id: string;
  headline: string;
  headlineArticleId: string;
  firstSeen: number;
  lastUpdate: number;
  articleCount: number;
  sourceCount: number;
}

export interface PlaceResult {
  id: string;
  duplicateOf: string | null;
  storyId: string;
  /** Set for a copy: what it changed against its original. */
  diff?: CopyDiff;
  /** Other articles whose original changed because this one was published earlier (group re-pointed). */
  repointed: { id: string; duplicateOf: string | null; diff?: CopyDiff }[];
  story: StoryState;
  /** True when the id was placed before: nothing changed. */
  known: boolean;
}

export interface Pick {
  id: string;
  title: string;
  sourceId: string;
  /** ISO 8601 (UTC). */
  published: string;
  score: number;
  why: { sharedTerms: string[]; sharedEntities: string[] };
}

export interface RelatedResult {
  readAlso: Pick | null;
  similar: Pick[];
  otherCoverage: Pick[];
}

interface Story {
  id: string;
  first: number;
  last: number;
  docs: number[];
  sources: Map<number, number>;
  /** Sum of the member originals' unit tf-idf vectors; emptied when the story leaves the window. */
  centroid: Map<number, number>;
  centroidNorm: number;
  entityBag: Map<number, number>;
  /** The latest originals, for nearest-member similarity. */
  recent: number[];
  headline: number;
  active: boolean;
}

const ENTITY_PREFIX = '\u0001';
/** Articles sharing the most strong terms that placement looks at (copies and story candidates). */
const CANDIDATE_DOCS = 60;
/** Posting entries read per term for related articles (all time, nearest first). */
const RELATED_SCAN = 1500;
const RECENT_MEMBERS = 12;
/** A copy of a copy is sought among members sharing at least this many bands… */
const MEMBER_MIN_BANDS = 3;
/** …the most sharing first, this many at most. */
const MEMBER_CHECKS = 8;
/** Headline words checked by the copy specifics rule (the rarest ones). */
const SPECIFIC_TERMS = 2;
/** Shingle samples kept at most (≤ 1 KB each): bounds memory when many articles share one window. */
const MAX_SAMPLES = 200_000;
const EMPTY = new Int32Array(0);
/** Arrivals per block of `#latestByArrival`. */
const ARRIVAL_BLOCK = 64;
const RETIRED_MAP: Map<number, number> = new Map();

/** An article's distinct terms, ids ascending, with their counts (title terms counted `titleBoost` times). */
interface TermCounts {
  ids: Int32Array;
  counts: Float64Array;
}

export class Corpus {
  readonly params: CorpusParams;
  // Vocabulary: terms and entity keys share one id space (entities carry a prefix).
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #df = new Growable(Int32Array);
  /** idf per term, refreshed when its df changes and for all terms when the corpus grew by 5%. */
  readonly #idf = new Growable(Float64Array);
  #idfN = 0;
  #originals = 0;

  // Per-article columns, indexed by arrival order.
  readonly #ids: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #titles: string[] = [];
  readonly #source = new Growable(Int32Array);
  readonly #time = new Growable(Float64Array);
  readonly #vecStart = new Growable(Int32Array);
  readonly #vecIds = new Growable(Int32Array);
  readonly #vecTf = new Growable(Float32Array);
  readonly #titleStart = new Growable(Int32Array);
  readonly #titleIds = new Growable(Int32Array);
  readonly #entStart = new Growable(Int32Array);
  readonly #entIds = new Growable(Int32Array);
  /** Per article: its subject word (`#subjectOf`), -1 when none. */
  readonly #subject = new Growable(Int32Array);
  // Fingerprints, flat: no per-article typed-array objects (their headers cost more than the data).
  readonly #sig = new Growable(Uint32Array);
  readonly #shingles = new Growable(Int32Array);
  readonly #titleHash = new Growable(Uint32Array);
  /** `Fingerprint.days`, -1 when not known. */
  readonly #days = new Growable(Int32Array);
  readonly #paraStart = new Growable(Int32Array);
  readonly #paras = new Growable(Uint32Array);
  readonly #group = new Growable(Int32Array);
  readonly #story = new Growable(Int32Array);
  /** Shingle samples of the articles within the copy window of the newest (arrival order; #dropSamples). */
  readonly #samples = new Map<number, Uint32Array>();

  readonly #sources = new Map<string, number>();
  readonly #sourceNames: string[] = [];
  readonly #groups = new Map<number, number[]>();
  readonly #diffs = new Map<number, CopyDiff>();
  /** Articles indexed under each term id, in arrival order (undefined until the first). */
  readonly #postings: (Growable<Int32Array> | undefined)[] = [];
  /**
   * The latest time among the articles up to the end of each block of ARRIVAL_BLOCK arrivals
   * (non-decreasing): which arrivals are all too old for a time window (#firstRecent).
   */
  readonly #latestByArrival: number[] = [];
  readonly #lsh: LshIndex;
  readonly #stories: Story[] = [];
  readonly #active = new Set<number>();
  readonly #storyIds = new Map<string, number>();
  #maxTime = -Infinity;
  #sinceSweep = 0;

  readonly idf: Idf = (t) => this.#idf.data[t]!;
  // Scratch for candidate scoring: weight per article plus the list of articles touched.
  #acc = new Float64Array(1024);
  // Vector norms depend on idf: cached per idf epoch.
  readonly #norm = new Growable(Float64Array);
  readonly #normEpoch = new Growable(Int32Array);
  #epoch = 0;
  readonly #touched = new Growable(Int32Array);
  // Scratch of the copy search: a stamp per article (seen in this search when equal to #stamp), so no
  // Set per placement, and the LSH candidates.
  readonly #seen = new Growable(Int32Array);
  #stamp = 0;
  readonly #lshHits = new Growable(Int32Array);
  /** Candidate weights while the k-th best is selected. */
  #weights = new Float64Array(1024);
  /** Count per term id while an article's terms are counted (sized to the vocabulary). */
  #termScratch = new Float64Array(1024);

  constructor(params: Partial<CorpusParams> = {}) {
    this.params = { ...CORPUS_DEFAULTS, ...params };
    this.#lsh = new LshIndex(this.params.lsh);
    this.#originals = this.params.priorDf?.docs ?? 0;
    this.#idfN = this.#originals;
  }

  get size(): number {
    return this.#ids.length;
  }

  has(id: string): boolean {
    return this.#index.has(id);
  }

  // Placement

  /** Place one article: find its original (if a copy) and its story, index it. */
  place(input: PlaceInput): PlaceResult {
    const known = this.#index.get(input.id);
    if (known !== undefined) return this.#result(known, [], true);

    const d = this.#ids.length;
    const time = Number.isFinite(input.timeMs) ? input.timeMs : 0;
    const termCounts = this.#countTerms(input);
    const titleIds = this.#sortedIds(input.titleTerms);
    const entityIds = this.#sortedIds(input.entities.map((e) => ENTITY_PREFIX + e));
    const vector = this.#vector(termCounts);
    const indexTerms = this.#strongest(vector, this.params.indexTerms);
    const bandKeys = this.#lsh.keys(input.fingerprint.signature);

    this.#append(input, d, time, vector, titleIds, entityIds);
    this.#subject.push(this.#subjectOf(input, termCounts, titleIds));
    // Candidates from the posting lists (d is not posted yet, so it is past every list's end).
    const maxGap = Math.max(this.params.dedup.windowMs, this.params.story.windowMs);
    const hits = this.#candidates([...indexTerms, ...entityIds], d, maxGap, CANDIDATE_DOCS);

    // 1. Near-duplicates.
    const original = this.#findOriginal(d, bandKeys, hits);
    const repointed: PlaceResult['repointed'] = [];
    if (original === -1) {
      this.#group.set(d, d);
      this.#countOriginal(termCounts.ids, entityIds);
    } else {
      const root = this.#group.get(original);
      const members = this.#groups.get(root) ?? [root];
      members.push(d);
      this.#groups.set(root, members);
      if (isEarlier(time, d, this.#time.get(root), root)) {
        // Published earlier than the group's original: it becomes the original of all of them.
        this.#groups.delete(root);
        this.#groups.set(d, members);
        for (const m of members) this.#group.set(m, d);
        this.#diffs.delete(d);
        for (const m of members) {
          if (m === d) continue;
          const diff = diffCopy(input.id, input.fingerprint, this.#fingerprint(m));
          this.#diffs.set(m, diff);
          repointed.push({ id: this.#ids[m]!, duplicateOf: input.id, diff });
        }
      } else {
        this.#group.set(d, root);
        this.#diffs.set(d, diffCopy(this.#ids[root]!, this.#fingerprint(root), input.fingerprint));
      }
    }

    // 2. Story: copies join their original's story.
    const root = this.#group.get(d);
    let s: number;
    if (root !== d) s = this.#story.get(root);
    else {
      const members = this.#groups.get(d);
      const other = members?.find((m) => m !== d);
      s = other !== undefined ? this.#story.get(other) : this.#chooseStory(d, hits, time);
    }
    if (s === -1) s = this.#openStory(d);
    this.#joinStory(s, d, root === d);

    // 3. Index for later candidates.
    for (const t of indexTerms) this.#post(t, d);
    for (const t of entityIds) this.#post(t, d);
    this.#lsh.insert(d, bandKeys);

    this.#maxTime = Math.max(this.#maxTime, time);
    if (++this.#sinceSweep >= 1000) this.#sweep();
    return this.#result(d, repointed, false);
  }

  #result(d: number, repointed: PlaceResult['repointed'], known: boolean): PlaceResult {
    const root = this.#group.get(d);
    const s = this.#story.get(d);
    const result: PlaceResult = {
      id: this.#ids[d]!,
      duplicateOf: root === d ? null : this.#ids[root]!,
      storyId: this.#stories[s]!.id,
      repointed,
      story: this.storyState(this.#stories[s]!.id)!,
      known,
    };
    const diff = this.#diffs.get(d);
    if (diff && root !== d) result.diff = diff;
    return result;
  }

  #countOriginal(termIds: Int32Array, entityIds: Int32Array): void {
    this.#originals++;
    const df = this.#df.data;
    if (this.#originals > this.#idfN * 1.05 + 20) {
      this.#idfN = this.#originals;
      this.#epoch++;
      for (const t of termIds) df[t]!++;
      for (const t of entityIds) df[t]!++;
      for (let t = 0; t < this.#df.length; t++) this.#idf.data[t] = idfOf(df[t]!, this.#idfN);
      return;
    }
    for (const t of termIds) this.#idf.data[t] = idfOf(++df[t]!, this.#idfN);
    for (const t of entityIds) this.#idf.data[t] = idfOf(++df[t]!, this.#idfN);
  }

  #termId(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#termIds.set(term, id);
      this.#terms.push(term);
      const prior = term.startsWith(ENTITY_PREFIX) ? 0 : (this.params.priorDf?.df(term) ?? 0);
      this.#df.push(prior);
      this.#idf.push(idfOf(prior, this.#idfN));
      this.#postings.push(undefined);
    }
    return id;
  }

  #sortedIds(terms: readonly string[]): Int32Array {
    const ids = new Set<number>();
    for (const t of terms) if (t) ids.add(this.#termId(t));
    return Int32Array.from(ids).sort();
  }

  /**
   * The article's subject word: the rarest headline term its body repeats at least twice. A name the
   * text is about (the country a cable congratulates, the soldier a notice mourns) is written in the
   * headline and again in the body; an editor's word for the headline rarely is.
   */
  #subjectOf(input: PlaceInput, counts: TermCounts, titleIds: Int32Array): number {
    if (titleIds.length === 0) return -1;
    // The counts hold each headline occurrence as `titleBoost` body ones: take them back out.
    const inTitle = new Map<number, number>();
    for (const t of input.titleTerms) {
      const id = t ? this.#termIds.get(t) : undefined;
      if (id !== undefined) inTitle.set(id, (inTitle.get(id) ?? 0) + 1);
    }
    let best = -1;
    for (const [id, n] of inTitle) {
      const at = lowerBound(counts.ids, id);
      const body =
        at < counts.ids.length && counts.ids[at] === id ? counts.counts[at]! - n * this.params.titleBoost : 0;
      if (body < 2) continue;
      if (best < 0 || this.idf(id) > this.idf(best) || (this.idf(id) === this.idf(best) && id < best))
        best = id;
    }
    return best;
  }

  #countTerms(input: PlaceInput): TermCounts {
    // Count the strings first: one lookup in the big vocabulary per distinct term, not per occurrence.
    // (Ids are given in order of first occurrence: the order ties are broken in depends on it.)
    const local = new Map<string, number>();
    for (const t of input.terms) if (t) local.set(t, (local.get(t) ?? 0) + 1);
    for (const t of input.titleTerms) if (t) local.set(t, (local.get(t) ?? 0) + this.params.titleBoost);
    const ids = new Int32Array(local.size);
    let i = 0;
    for (const t of local.keys()) ids[i++] = this.#termId(t);
    if (this.#termScratch.length < this.#terms.length) {
      this.#termScratch = new Float64Array(Math.max(this.#terms.length, this.#termScratch.length * 2));
    }
    // Counts go through a scratch column by term id so the ids can be sorted natively.
    const scratch = this.#termScratch;
    i = 0;
    for (const c of local.values()) scratch[ids[i++]!] = c;
    ids.sort();
    const counts = new Float64Array(ids.length);
    for (let j = 0; j < ids.length; j++) counts[j] = scratch[ids[j]!]!;
    return { ids, counts };
  }

  /** The strongest `vectorTerms` terms by tf-idf (with the df seen so far), as a sorted sparse vector. */
  #vector({ ids, counts }: TermCounts): SparseVector {
    const n = ids.length;
    const tfs = new Float32Array(n);
    const ws = new Float64Array(n);
    const idf = this.#idf.data;
    for (let i = 0; i < n; i++) {
      tfs[i] = 1 + Math.log(counts[i]!);
      ws[i] = tfs[i]! * idf[ids[i]!]!;
    }
    const k = this.params.vectorTerms;
    if (n <= k) return { ids, tf: tfs };
    // k-th largest weight by a native numeric sort; ties at the cut go to the lowest term ids, which
    // come first in id order.
    const cut = Float64Array.from(ws).sort()[n - k]!;
    let atCut = k;
    for (let j = 0; j < n; j++) if (ws[j]! > cut) atCut--;
    const outIds = new Int32Array(k);
    const outTf = new Float32Array(k);
    let m = 0;
    for (let j = 0; j < n; j++) {
      if (ws[j]! < cut || (ws[j] === cut && atCut-- <= 0)) continue;
      outIds[m] = ids[j]!;
      outTf[m++] = tfs[j]!;
    }
    return { ids: outIds, tf: outTf };
  }

  #strongest(v: SparseVector, k: number): number[] {
    const order = [...v.ids.keys()].map((i) => [v.ids[i]!, v.tf[i]! * this.idf(v.ids[i]!)] as const);
    order.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return order.slice(0, k).map((e) => e[0]);
  }

  #append(
    input: PlaceInput,
    d: number,
    time: number,
    v: SparseVector,
    titleIds: Int32Array,
    entityIds: Int32Array,
  ): void {
    this.#ids.push(input.id);
    this.#index.set(input.id, d);
    this.#titles.push(input.title);
    let src = this.#sources.get(input.sourceId);
    if (src === undefined) {
      src = this.#sourceNames.length;
      this.#sources.set(input.sourceId, src);
      this.#sourceNames.push(input.sourceId);
    }
    this.#source.push(src);
    this.#time.push(time);
    const latest = this.#latestByArrival;
    if (d % ARRIVAL_BLOCK === 0) latest.push(Math.max(latest.at(-1) ?? -Infinity, time));
    else if (time > latest.at(-1)!) latest[latest.length - 1] = time;
    this.#vecStart.push(this.#vecIds.length);
    this.#vecIds.append(v.ids);
    this.#vecTf.append(v.tf);
    this.#titleStart.push(this.#titleIds.length);
    this.#titleIds.append(titleIds);
    this.#entStart.push(this.#entIds.length);
    this.#entIds.append(entityIds);
    const fp = input.fingerprint;
    const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
    sig.set(fp.signature.subarray(0, NUM_HASHES));
    this.#sig.append(sig);
    this.#shingles.push(fp.shingles);
    this.#titleHash.push(fp.titleHash);
    this.#days.push(fp.days ?? -1);
    this.#paraStart.push(this.#paras.length);
    this.#paras.append(fp.paragraphs);
    if (fp.sample) this.#samples.set(d, fp.sample);
    this.#norm.push(0);
    this.#normEpoch.push(-1);
    this.#group.push(d);
    this.#story.push(-1);
  }

  #vec(d: number): SparseVector {
    const from = this.#vecStart.get(d);
    const to = d + 1 < this.#vecStart.length ? this.#vecStart.get(d + 1) : this.#vecIds.length;
    return { ids: this.#vecIds.view(from, to), tf: this.#vecTf.view(from, to) };
  }

  #fingerprint(d: number): Fingerprint {
    const from = this.#paraStart.get(d);
    const to = d + 1 < this.#paraStart.length ? this.#paraStart.get(d + 1) : this.#paras.length;
    return {
      signature: this.#sig.view(d * NUM_HASHES, (d + 1) * NUM_HASHES),
      shingles: this.#shingles.get(d),
      titleHash: this.#titleHash.get(d),
      paragraphs: this.#paras.view(from, to),
      sample: this.#samples.get(d),
    };
  }

  #normOf(d: number): number {
    if (this.#normEpoch.data[d] !== this.#epoch) {
      this.#norm.data[d] = norm(this.#vec(d), this.idf);
      this.#normEpoch.data[d] = this.#epoch;
    }
    return this.#norm.data[d]!;
  }

  /** Cosine of two placed articles' tf-idf vectors. */
  #cos(a: number, b: number): number {
    // Straight over the columns: two subarray views per vector per call cost more than the loop itself.
    const start = this.#vecStart.data;
    const n = this.#vecStart.length;
    const ids = this.#vecIds.data;
    const tf = this.#vecTf.data;
    const idf = this.#idf.data;
    let i = start[a]!;
    const iEnd = a + 1 < n ? start[a + 1]! : this.#vecIds.length;
    let j = start[b]!;
    const jEnd = b + 1 < n ? start[b + 1]! : this.#vecIds.length;
    let x = 0;
    while (i < iEnd && j < jEnd) {
      const p = ids[i]!;
      const q = ids[j]!;
      if (p === q) {
        const w = idf[p]!;
        x += tf[i]! * tf[j]! * w * w;
        i++;
        j++;
      } else if (p < q) i++;
      else j++;
    }
    return x === 0 ? 0 : x / (this.#normOf(a) * this.#normOf(b));
  }

  #titleOf(d: number): Int32Array {
    const from = this.#titleStart.get(d);
    const to = d + 1 < this.#titleStart.length ? this.#titleStart.get(d + 1) : this.#titleIds.length;
    return this.#titleIds.view(from, to);
  }

  #entitiesOf(d: number): Int32Array {
    if (d >= this.#entStart.length) return EMPTY;
    const from = this.#entStart.get(d);
    const to = d + 1 < this.#entStart.length ? this.#entStart.get(d + 1) : this.#entIds.length;
    return this.#entIds.view(from, to);
  }

  #post(t: number, d: number): void {
    let list = this.#postings[t];
    if (!list) {
      list = new Growable(Int32Array, 4);
      this.#postings[t] = list;
    }
    list.push(d);
  }

  /**
   * An arrival index before which every article is older than `timeMs` (0 when none is known to be):
   * scans in arrival order stop there. In a year of news the LSH buckets and posting lists reach back
   * months; reading each old entry only to skip it made placement slower as the corpus grew.
   */
  #firstRecent(timeMs: number): number {
    return lowerBound(this.#latestByArrival, timeMs) * ARRIVAL_BLOCK;
  }

  /**
   * Read the posting lists of `terms` outward from article `d`'s place (lists are in arrival order),
   * at most `postingScan` entries each, skipping articles more than `maxGapMs` away in time, and sum
   * the idf of the terms each article shares with `d`. Returns the `k` best, strongest first.
   */
  #candidates(
    terms: number[],
    d: number,
    maxGapMs: number,
    k: number,
    cap = this.params.postingScan,
  ): [doc: number, weight: number][] {
    if (this.#acc.length < this.#ids.length + 1) {
      const next = new Float64Array(Math.max(this.#ids.length + 1, this.#acc.length * 2));
      this.#acc = next;
    }
    const acc = this.#acc;
    const touched = this.#touched;
    touched.length = 0;
    const time = this.#time.get(d);
    const times = this.#time.data;
    const firstRecent = this.#firstRecent(time - maxGapMs);
    // Related articles come from all time: no need to read each candidate's time.
    const bounded = maxGapMs !== Number.POSITIVE_INFINITY;
    for (const t of terms) {
      const list = this.#postings[t];
      if (!list) continue;
      const w = this.idf(t);
      const data = list.data;
      // Placement reads from the end (the article is the newest): no search through a long list.
      let lo = list.length > 0 && data[list.length - 1]! < d ? list.length : 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (data[mid]! < d) lo = mid + 1;
        else hi = mid;
      }
      let before = lo - 1;
      let after = lo;
      for (let n = 0; n < cap && (before >= 0 || after < list.length); n++) {
        // Alternate sides so that the nearest in arrival come first on both.
        let e: number;
        if (after >= list.length || (before >= 0 && n % 2 === 0)) {
          e = data[before--]!;
          // Everything from here back is too old: that side only uses up its turns.
          if (e < firstRecent) {
            if (after >= list.length) break;
            continue;
          }
        } else e = data[after++]!;
        if (e === d || (bounded && Math.abs(times[e]! - time) > maxGapMs)) continue;
        if (acc[e] === 0) touched.push(e);
        acc[e]! += w;
      }
    }
    const docs = touched.data.subarray(0, touched.length);
    let cut = -Infinity;
    if (docs.length > k) {
      if (this.#weights.length < docs.length) this.#weights = new Float64Array(docs.length * 2);
      const ws = this.#weights;
      for (let i = 0; i < docs.length; i++) ws[i] = acc[docs[i]!]!;
      cut = kthLargest(ws, docs.length, k);
    }
    const out: [number, number][] = [];
    for (const e of docs) if (acc[e]! >= cut) out.push([e, acc[e]!]);
    for (const e of docs) acc[e] = 0;
    out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return out.slice(0, k);
  }

  #findOriginal(d: number, bandKeys: Uint32Array, hits: [number, number][]): number {
    const time = this.#time.get(d);
    const window = this.params.dedup.windowMs;
    const groupOf = this.#group.data;
    const times = this.#time.data;
    const candidates = this.#lshHits;
    candidates.length = 0;
    // A candidate published more than a window before the article has a group original older still.
    const firstRecent = this.#firstRecent(time - window);
    this.#lsh.collect(bandKeys, candidates, firstRecent);
    const banded = candidates.length;
    // Rewritten copies share the strong terms but few bands: verify the best term matches too.
    for (let i = 0; i < Math.min(hits.length, 20); i++) candidates.push(hits[i]![0]);
    this.#seen.reserve(d + 1 - this.#seen.length);
    this.#seen.length = d + 1;
    const seen = this.#seen.data;
    const stamp = ++this.#stamp;
    const sample = this.#samples.get(d);
    let best = -1;
    let bestJ = -1;
    for (let i = 0; i < candidates.length; i++) {
      // A copy is judged against the group's original itself, never through another copy: groups
      // stay "copies of one text" instead of chaining rewrites of rewrites.
      const e = groupOf[candidates.data[i]!]!;
      if (e === d || seen[e] === stamp) continue;
      seen[e] = stamp;
      if (Math.abs(times[e]! - time) > window) continue;
      const jaccard = this.#jaccard(d, sample, e);
      const verdict = this.#verdict(d, e, jaccard);
      // Both ways: a template shared by two events fails in both directions, a copy with an
      // editorial headline on one side still passes the other. The weekday a headline names is one of
      // its specifics: a templated text of another day (the next bulletin) shares the wording, not the day.
      const copy =
        verdict === 'copy' ||
        (verdict === 'if-specifics' &&
          !this.#otherDay(d, e) &&
          !this.#otherSubject(d, e) &&
          this.#sharesSpecifics(d, e) &&
          this.#sharesSpecifics(e, d));
      if (copy && (jaccard > bestJ || (jaccard === bestJ && e < best))) {
        best = e;
        bestJ = jaccard;
      }
    }
    return best >= 0 ? best : this.#copyOfMember(d, sample, banded);
  }

  /**
   * A copy of a copy: an article that fails against a group's original but shares most of its wording
   * with one member (two outlets that both took one edited version of a wire) joins that group. Only
   * members found by their bands, only at a Jaccard that makes a copy by wording alone, and with the
   * headlines' specifics shared both ways: the link must be stronger than a copy of the original needs,
   * so groups do not drift through chains of rewrites.
   */
  #copyOfMember(d: number, sample: Uint32Array | undefined, banded: number): number {
    const groupOf = this.#group.data;
    const times = this.#time.data;
    const time = this.#time.get(d);
    const candidates = this.#lshHits.data;
    // Members by the bands they share with the article (at J 0.5 a member shares 8 of 32 on average,
    // at J 0.2 about 1): the few sharing the most are the only ones worth a Jaccard. A group of 10,000
    // copies offers 1,500 members here; checking them all made a burst of copies ten times slower.
    const bands = new Map<number, number>();
    for (let i = 0; i < banded; i++) {
      const c = candidates[i]!;
      if (groupOf[c] !== c) bands.set(c, (bands.get(c) ?? 0) + 1);
    }
    const members = [...bands]
      .filter(
        ([c, n]) =>
          n >= MEMBER_MIN_BANDS && c !== d && Math.abs(times[c]! - time) <= this.params.dedup.windowMs,
      )
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, MEMBER_CHECKS);
    let best = -1;
    let bestJ = -1;
    for (const [c] of members) {
      const e = groupOf[c]!;
      // Through a whole copy only: a member that merely contains its original (a roundup, a cable to
      // two countries) would pass on whatever else it holds.
      if ((this.#diffs.get(c)?.similarity ?? 0) < this.params.dedup.specificsBelow) continue;
      const jaccard = this.#jaccard(d, sample, c);
      const verdict = this.#verdict(d, c, jaccard);
      if (verdict !== 'copy' || this.#otherDay(d, c)) continue;
      // A template (a cable to another country) reads the same in every copy: the names must agree too.
      if (!this.#sharesSpecifics(d, c) || !this.#sharesSpecifics(c, d)) continue;
      if (jaccard > bestJ || (jaccard === bestJ && e < best)) {
        best = e;
        bestJ = jaccard;
      }
    }
    return best;
  }

  /** `copyVerdict` of two placed articles with this Jaccard, from their shingle counts. */
  #verdict(a: number, b: number, jaccard: number): ReturnType<typeof copyVerdict> {
    const shingles = this.#shingles.data;
    return copyVerdict(jaccard, shingles[a]!, shingles[b]!, this.params.dedup);
  }

  /**
   * `jaccardOf` the two articles' fingerprints, straight on the columns (no fingerprint objects per
   * candidate): the samples' Jaccard when both have one and the signatures share a value, else the
   * signatures' estimate.
   */
  #jaccard(d: number, sampleD: Uint32Array | undefined, e: number): number {
    const sig = this.#sig.data;
    const a = d * NUM_HASHES;
    const b = e * NUM_HASHES;
    let same = 0;
    for (let i = 0; i < NUM_HASHES; i++) if (sig[a + i] === sig[b + i]) same++;
    if (same === 0 || sampleD === undefined) return same / NUM_HASHES;
    const sampleE = this.#samples.get(e);
    return sampleE === undefined ? same / NUM_HASHES : sampleJaccard(sampleD, sampleE);
  }

  /**
   * Whether one of the `SPECIFIC_TERMS` rarest words of `a`'s headline occurs in `b` (its kept terms or
   * headline). A copy may rewrite the headline but keeps its subject, a name or place the shared body
   * also has; a templated text about another event names another country, person or place.
   */
  #sharesSpecifics(a: number, b: number): boolean {
    const title = this.#titleOf(a);
    if (title.length === 0) return true;
    const rare = [...title].sort((x, y) => this.idf(y) - this.idf(x) || x - y).slice(0, SPECIFIC_TERMS);
    const words = this.#vec(b).ids;
    const headline = this.#titleOf(b);
    return rare.some((t) => includesSorted(words, t) || includesSorted(headline, t));
  }

  /**
   * Whether the two are about different subjects: each one's subject word (`#subjectOf`) is missing from
   * the other. One template filled in for two subjects (the same cable to Bolivia and to Burkina Faso
   * shares over half its wording) differs in just those words; a copy shares its original's body, and
   * with it the subject, whatever its headline says.
   */
  #otherSubject(a: number, b: number): boolean {
    const x = this.#subject.data[a]!;
    const y = this.#subject.data[b]!;
    if (x < 0 || y < 0 || x === y) return false;
    return !this.#mentions(b, x) && !this.#mentions(a, y);
  }

  #mentions(d: number, t: number): boolean {
    return includesSorted(this.#vec(d).ids, t) || includesSorted(this.#titleOf(d), t);
  }

  /**
   * Whether the headline of one names a weekday that the other article never names: a templated text of
   * another day (the next weather bulletin, another day's schedule). Unknown days (no `Fingerprint.days`)
   * never conflict.
   */
  #otherDay(a: number, b: number): boolean {
    const x = this.#days.data[a]!;
    const y = this.#days.data[b]!;
    if (x < 0 || y < 0) return false;
    const titleA = x & 0x7f;
    const titleB = y & 0x7f;
    return (titleA !== 0 && (titleA & (y >> 8)) === 0) || (titleB !== 0 && (titleB & (x >> 8)) === 0);
  }

  // Stories

  #chooseStory(d: number, hits: [number, number][], time: number): number {
    const p = this.params.story;
    const byStory = new Map<number, number>();
    for (const [e, w] of hits) {
      const s = this.#story.get(e);
      if (s < 0 || !this.#stories[s]!.active) continue;
      byStory.set(s, (byStory.get(s) ?? 0) + w);
    }
    const v = this.#vec(d);
    const title = this.#titleOf(d);
    const ents = this.#entitiesOf(d);
    let best = -1;
    let bestScore = -Infinity;
    for (const s of topKeys(byStory, p.candidates)) {
      const st = this.#stories[s]!;
      const gap = Math.max(0, time - st.last, st.first - time);
      if (gap > p.windowMs) continue;
      let nearest = 0;
      let titleMatch = 0;
      let sameDay = 0;
      for (const m of st.recent) {
        // A report of another day (its headline names a day the other never names) is no evidence.
        if (this.#otherDay(d, m)) continue;
        sameDay++;
        // A report further away in time is weaker evidence of the same event (see memberWeight).
        const w = memberWeight(Math.abs(this.#time.get(m) - time) / 3_600_000, p);
        nearest = Math.max(nearest, w * this.#cos(d, m));
        // Against single titles, not the union of all: a big story's titles together contain every word.
        titleMatch = Math.max(titleMatch, w * weightedOverlap(title, this.#titleOf(m), this.idf));
      }
      // Every recent report of the story is of another day: the story is that day's, whatever its
      // vocabulary (the centroid of yesterday's bulletin matches today's).
      if (sameDay === 0 && st.recent.length > 0) continue;
      const score = storyScore(
        {
          centroid: cosineToCentroid(v, st.centroid, st.centroidNorm, this.idf),
          nearest,
          title: titleMatch,
          entities: ents.length === 0 ? 0 : weightedOverlap(ents, st.entityBag, this.idf),
          gapHours: gap / 3_600_000,
        },
        p,
      );
      if (score > bestScore || (score === bestScore && s < best)) {
        best = s;
        bestScore = score;
      }
    }
    return bestScore >= p.threshold ? best : -1;
  }

  #openStory(d: number): number {
    const s = this.#stories.length;
    const time = this.#time.get(d);
    const id = `story-${this.#ids[d]}`;
    this.#storyIds.set(id, s);
    this.#stories.push({
      id,
      first: time,
      last: time,
      docs: [],
      sources: new Map(),
      centroid: new Map(),
      centroidNorm: 0,
      entityBag: new Map(),
      recent: [],
      headline: d,
      active: true,
    });
    this.#active.add(s);
    return s;
  }

  #joinStory(s: number, d: number, original: boolean): void {
    const st = this.#stories[s]!;
    const time = this.#time.get(d);
    this.#story.set(d, s);
    st.docs.push(d);
    st.first = Math.min(st.first, time);
    st.last = Math.max(st.last, time);
    const src = this.#source.get(d);
    st.sources.set(src, (st.sources.get(src) ?? 0) + 1);
    if (!original) return;
    if (!st.active) {
      st.active = true;
      this.#active.add(s);
      this.#rebuildStoryState(st);
    }
    this.#addToCentroid(st, d);
    st.recent.push(d);
    if (st.recent.length > RECENT_MEMBERS) st.recent.shift();
    // The headline is the original closest to the centroid; checking the newcomer against the
    // current one keeps it O(1) per article.
    const h = st.headline;
    if (h === d || this.#group.get(h) !== h) st.headline = d;
    else if (this.#centrality(st, d) > this.#centrality(st, h)) st.headline = d;
  }

  #centrality(st: Story, d: number): number {
    return cosineToCentroid(this.#vec(d), st.centroid, st.centroidNorm, this.idf);
  }

  #addToCentroid(st: Story, d: number): void {
    const v = this.#vec(d);
    const n = this.#normOf(d) || 1;
    let sq = st.centroidNorm * st.centroidNorm;
    for (let i = 0; i < v.ids.length; i++) {
      const t = v.ids[i]!;
      const old = st.centroid.get(t) ?? 0;
      const next = old + (v.tf[i]! * this.idf(t)) / n;
      st.centroid.set(t, next);
      sq += next * next - old * old;
    }
    st.centroidNorm = Math.sqrt(Math.max(0, sq));
    for (const t of this.#entitiesOf(d)) st.entityBag.set(t, (st.entityBag.get(t) ?? 0) + 1);
  }

  #rebuildStoryState(st: Story): void {
    st.centroid = new Map();
    st.centroidNorm = 0;
    st.entityBag = new Map();
    st.recent = [];
    for (const m of st.docs) {
      if (this.#group.get(m) !== m || this.#story.get(m) === -1) continue;
      this.#addToCentroid(st, m);
      st.recent.push(m);
    }
    st.recent = st.recent.slice(-RECENT_MEMBERS);
  }

  /** Stories quiet for two windows leave memory; one coming back (late arrival) is rebuilt. */
  #sweep(): void {
    this.#sinceSweep = 0;
    this.#dropSamples();
    const horizon = this.#maxTime - 2 * this.params.story.windowMs;
    for (const s of this.#active) {
      const st = this.#stories[s]!;
      if (st.last >= horizon) continue;
      st.active = false;
      // Shared empty values: a retired story is never written to before #rebuildStoryState.
      st.centroid = RETIRED_MAP;
      st.centroidNorm = 0;
      st.entityBag = RETIRED_MAP;
      st.recent = [];
      this.#active.delete(s);
    }
  }

  /**
   * Samples serve copy verification only, i.e. within the copy window: older ones leave memory (a late
   * arrival then verifies against the signature), and at most MAX_SAMPLES stay, oldest arrivals out first.
   */
  #dropSamples(): void {
    const horizon = this.#maxTime - this.params.dedup.windowMs;
    let excess = this.#samples.size - MAX_SAMPLES;
    for (const d of this.#samples.keys()) {
      if (excess > 0) excess--;
      else if (this.#time.data[d]! >= horizon) continue;
      this.#samples.delete(d);
    }
  }

  // Reading

  storyState(storyId: string): StoryState | null {
    const s = this.#storyIndex(storyId);
    if (s === -1) return null;
    const st = this.#stories[s]!;
    return {
      id: st.id,
      headline: this.#titles[st.headline] ?? '',
      headlineArticleId: this.#ids[st.headline]!,
      firstSeen: st.first,
      lastUpdate: st.last,
      articleCount: st.docs.length,
      sourceCount: st.sources.size,
    };
  }

  #storyIndex(storyId: string): number {
    return this.#storyIds.get(storyId) ?? -1;
  }

  /** The story's articles oldest first: the timeline. */
  storyTimeline(storyId: string): { id: string; time: number; sourceId: string; copyOf: string | null }[] {
    const s = this.#storyIndex(storyId);
    if (s === -1) return [];
    return this.#stories[s]!.docs.map((d) => ({
      id: this.#ids[d]!,
      time: this.#time.get(d),
      sourceId: this.#sourceNames[this.#source.get(d)]!,
      copyOf: this.#group.get(d) === d ? null : this.#ids[this.#group.get(d)]!,
    })).sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  }

  placementOf(id: string): { duplicateOf: string | null; storyId: string; diff?: CopyDiff } | null {
    const d = this.#index.get(id);
    if (d === undefined) return null;
    const root = this.#group.get(d);
    const out: { duplicateOf: string | null; storyId: string; diff?: CopyDiff } = {
      duplicateOf: root === d ? null : this.#ids[root]!,
      storyId: this.#stories[this.#story.get(d)]!.id,
    };
    const diff = this.#diffs.get(d);
    if (diff && root !== d) out.diff = diff;
    return out;
  }

  // Related articles

  /** Pairwise relatedness used by `related` and by evaluation: no filtering. 0 for unknown ids. */
  relatedScore(aId: string, bId: string): number {
    const a = this.#index.get(aId);
    const b = this.#index.get(bId);
    if (a === undefined || b === undefined) return 0;
    return this.#relatedness(a, b);
  }

  #relatedness(a: number, b: number): number {
    const cos = this.#cos(a, b);
    const ents = weightedJaccard(this.#entitiesOf(a), this.#entitiesOf(b), this.idf);
    const days = Math.abs(this.#time.get(a) - this.#time.get(b)) / 86_400_000;
    const proximity = 1 / (1 + days / 7);
    return (0.8 * cos + 0.2 * ents) * (0.7 + 0.3 * proximity);
  }

  /**
   * Related articles of `articleId`: `readAlso` (the best pick when it is strongly related), `similar`
   * (diversified by MMR, never two from one story or duplicate group) and `otherCoverage` (other
   * outlets' reports of the same story). Never the article itself or its copies.
   */
  related(articleId: string, options: { limit?: number } = {}): RelatedResult {
    const limit = Math.max(0, Math.floor(options.limit ?? 10));
    const q = this.#index.get(articleId);
    if (q === undefined || limit === 0) return { readAlso: null, similar: [], otherCoverage: [] };
    const group = this.#group.get(q);
    const story = this.#story.get(q);
    const terms = this.#strongest(this.#vec(q), this.params.indexTerms);
    const hits = this.#candidates([...terms, ...this.#entitiesOf(q)], q, Infinity, 200, RELATED_SCAN);
    const scored: { d: number; score: number }[] = [];
    for (const [d] of hits) {
      if (this.#group.get(d) === group || this.#story.get(d) === story) continue;
      scored.push({ d, score: this.#relatedness(q, d) });
    }
    scored.sort((a, b) => b.score - a.score || a.d - b.d);
    const picked = this.#mmr(scored.slice(0, 60), limit + 1);
    const picks = picked.map((c) => this.#pick(q, c.d, c.score));
    const readAlso = picks[0] && picks[0].score >= READ_ALSO_MIN ? picks[0] : null;
    const similar = (readAlso ? picks.slice(1) : picks).slice(0, limit);

    return { readAlso, similar, otherCoverage: this.#otherCoverage(q, group, story, limit) };
  }

  /**
   * One pick per other duplicate group of the story: the `limit` earliest published, oldest first (ties
   * in the story's order). Only those become picks: a story that runs for months has thousands of groups.
   */
  #otherCoverage(q: number, group: number, story: number, limit: number): Pick[] {
    const seen = new Set<number>([group]);
    const groups: number[] = [];
    for (const d of this.#stories[story]!.docs) {
      const g = this.#group.get(d);
      if (seen.has(g)) continue;
      seen.add(g);
      groups.push(g);
    }
    // Whole milliseconds, as the picks' ISO dates compare.
    const times = this.#time.data;
    groups.sort((a, b) => Math.trunc(times[a]!) - Math.trunc(times[b]!));
    return groups.slice(0, limit).map((g) => this.#pick(q, g, this.#relatedness(q, g)));
  }

  /** Maximal marginal relevance with a hard rule: at most one pick per story and per duplicate group. */
  #mmr(cands: { d: number; score: number }[], k: number): { d: number; score: number }[] {
    const lambda = 0.75;
    const out: { d: number; score: number }[] = [];
    const stories = new Set<number>();
    const groups = new Set<number>();
    const left = [...cands];
    // Max similarity of each candidate to the picks so far, updated with each new pick only.
    const red = new Float64Array(left.length);
    while (out.length < k && left.length > 0) {
      let bestI = -1;
      let bestV = -Infinity;
      for (let i = 0; i < left.length; i++) {
        const c = left[i]!;
        if (stories.has(this.#story.get(c.d)) || groups.has(this.#group.get(c.d))) continue;
        const v = lambda * c.score - (1 - lambda) * red[i]!;
        if (v > bestV) {
          bestV = v;
          bestI = i;
        }
      }
      if (bestI === -1) break;
      const [c] = left.splice(bestI, 1);
      red.copyWithin(bestI, bestI + 1);
      out.push(c!);
      stories.add(this.#story.get(c!.d));
      groups.add(this.#group.get(c!.d));
      for (let i = 0; i < left.length; i++) {
        const o = left[i]!;
        // A candidate of a story or group already picked can never be picked: no need to compare it.
        if (stories.has(this.#story.get(o.d)) || groups.has(this.#group.get(o.d))) continue;
        red[i] = Math.max(red[i]!, this.#cos(o.d, c!.d));
      }
    }
    return out;
  }

  #pick(q: number, d: number, score: number): Pick {
    const shared = intersect(this.#vec(q).ids, this.#vec(d).ids)
      .sort((a, b) => this.idf(b) - this.idf(a) || a - b)
      .slice(0, 5);
    const ents = intersect(this.#entitiesOf(q), this.#entitiesOf(d)).slice(0, 5);
    return {
      id: this.#ids[d]!,
      title: this.#titles[d] ?? '',
      sourceId: this.#sourceNames[this.#source.get(d)]!,
      published: new Date(this.#time.get(d)).toISOString(),
      score: Math.round(score * 1000) / 1000,
      why: {
        sharedTerms: shared.map((t) => this.#terms[t]!),
        sharedEntities: ents.map((t) => this.#terms[t]!.slice(ENTITY_PREFIX.length)),
      },
    };
  }

  /** Approximate bytes held by the typed columns and indexes (strings and maps not counted). */
  bytes(): number {
    let postings = 0;
    for (const p of this.#postings) postings += p?.bytes() ?? 0;
    return (
      this.#lsh.bytes() +
      postings +
      this.#vecIds.bytes() +
      this.#vecTf.bytes() +
      this.#sig.bytes() +
      this.#paras.bytes()
    );
  }
}

/** A pick this strong is shown as "read also"; weaker ones only in the list. */
const READ_ALSO_MIN = 0.25;

/** Binary search in an ascending id array. */
function includesSorted(ids: Int32Array, t: number): boolean {
  const at = lowerBound(ids, t);
  return at < ids.length && ids[at] === t;
}

/** The first index of ascending `ids` whose value is not below `t`. */
function lowerBound(ids: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th largest of `values[0, n)` (1 ≤ k ≤ n), by quickselect: linear where a sort is n log n, and
 * candidate lists run to thousands. Reorders that range.
 */
export function kthLargest(values: Float64Array, n: number, k: number): number {
  const target = n - k;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    // Median of three as the pivot: sorted or constant runs stay linear.
    const mid = (lo + hi) >>> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

function topKeys(m: Map<number, number>, k: number): number[] {
  const entries = [...m.entries()];
  entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return entries.slice(0, k).map((e) => e[0]);
}
