/**
 * Document frequencies of index terms (the analyzer's stems), the "idf" half of tf-idf for tags and any other
 * per-article weighting. Two sources are combined: a prior shipped in `models/docfreq.json.gz` (counted over a
 * news stream by `naba train docfreq`, so the very first article already gets sensible weights) and the live
 * counts of the store's own corpus, which grow with it (`combineDocFreq`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

/** How many documents contain a term. `term` is an index term: `AnalyzedToken.stem`. */
export interface DocFreq {
  /** Documents counted. */
  readonly docs: number;
  /** Documents containing `term` (0 when unknown). */
  df(term: string): number;
  /**
   * Share of the term's mentions that open a sentence (0 when unknown). Arabic news sentences open with
   * their verb (تلقى، افتتح، أعرب), so a word that mostly opens sentences is a verb, not a tag's head.
   */
  opening?(term: string): number;
}

/** The shipped prior, written by `naba train docfreq`. */
export const SHIPPED_DOCFREQ_PATH = fileURLToPath(new URL('../../models/docfreq.json.gz', import.meta.url));

/** No counts at all: every term is equally rare, so tf and position decide alone. */
export const EMPTY_DOCFREQ: DocFreq = { docs: 0, df: () => 0 };

/** A DocFreq over a plain map (tests, live counts held in memory). */
export function mapDocFreq(docs: number, counts: ReadonlyMap<string, number>): DocFreq {
  return { docs, df: (term) => counts.get(term) ?? 0 };
}

/**
 * The prior and the live corpus as one: documents and counts add up. The prior keeps new or small
 * deployments from calling every word rare; as the live corpus grows it dominates on its own.
 */
export function combineDocFreq(prior: DocFreq, live: DocFreq): DocFreq {
  if (live.docs === 0) return prior;
  if (prior.docs === 0) return live;
  const opening = prior.opening ?? live.opening;
  return {
    docs: prior.docs + live.docs,
    df: (term) => prior.df(term) + live.df(term),
    ...(opening ? { opening: (term: string) => opening(term) } : {}),
  };
}

/**
 * Smoothed inverse document frequency, ln((N + 1) / (df + 1)) + 1: never 0, so a term seen in every document
 * still counts a little, and an unknown term gets the highest weight the corpus allows. With no counts (N = 0)
 * it is 1 for every term.
 */
export function idf(docFreq: DocFreq, term: string): number {
  return Math.log((docFreq.docs + 1) / (docFreq.df(term) + 1)) + 1;
}

/** Counts terms over documents: `add` each document's terms (duplicates within a document count once). */
export class DocFreqCounter implements DocFreq {
  docs = 0;
  private readonly counts = new Map<string, number>();
  private readonly mentions = new Map<string, number>();
  private readonly openers = new Map<string, number>();

  /** One document: its terms (all mentions) and the terms that open its sentences. */
  add(terms: Iterable<string>, openers: Iterable<string> = []): void {
    this.docs++;
    const seen = new Set<string>();
    for (const t of terms) {
      if (t === '') continue;
      this.mentions.set(t, (this.mentions.get(t) ?? 0) + 1);
      if (seen.has(t)) continue;
      seen.add(t);
      this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
    }
    for (const t of openers) if (t !== '') this.openers.set(t, (this.openers.get(t) ?? 0) + 1);
  }

  opening(term: string): number {
    const n = this.mentions.get(term) ?? 0;
    return n === 0 ? 0 : Math.min(1, (this.openers.get(term) ?? 0) / n);
  }

  /** Terms mentioned at least `minMentions` times that open at least `minShare` of their sentences. */
  openingEntries(minMentions: number, minShare: number): [string, number][] {
    const out: [string, number][] = [];
    for (const [t, n] of this.mentions) {
      if (n < minMentions) continue;
      const share = this.opening(t);
      if (share >= minShare) out.push([t, Math.round(share * 100) / 100]);
    }
    return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  df(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  /** Terms with their counts, most frequent first (ties in code-unit order, so the file is reproducible). */
  entries(minDf = 1): [string, number][] {
    const out: [string, number][] = [];
    for (const [t, n] of this.counts) if (n >= minDf) out.push([t, n]);
    return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

type StoredDocFreq = {
  format: 'naba-docfreq';
  version: 1;
  docs: number;
  minDf: number;
  info: Record<string, unknown>;
  /** `term\tdf` lines, most frequent first; one string compresses and parses far better than an object. */
  terms: string;
  /** `term\tshare` lines: terms that often open a sentence (see `DocFreq.opening`). */
  openers?: string;
};

const OPENER_MIN_MENTIONS = 5;
const OPENER_MIN_SHARE = 0.1;

/** The stored form: terms with df below `minDf` are left out (they are most of the vocabulary and say little). */
export function encodeDocFreq(
  counter: DocFreqCounter,
  minDf = 2,
  info: Record<string, unknown> = {},
): Buffer {
  const stored: StoredDocFreq = {
    format: 'naba-docfreq',
    version: 1,
    docs: counter.docs,
    minDf,
    info,
    terms: counter
      .entries(minDf)
      .map(([t, n]) => `${t}\t${n}`)
      .join('\n'),
    openers: counter
      .openingEntries(OPENER_MIN_MENTIONS, OPENER_MIN_SHARE)
      .map(([t, share]) => `${t}\t${share}`)
      .join('\n'),
  };
  return gzipSync(JSON.stringify(stored), { level: 9 });
}

/**
 * Reads a stored prior. A term missing from the file was seen in fewer than `minDf` documents; it is
 * reported as df 0 (the rarest), which is what an unseen term would get too.
 */
export function decodeDocFreq(bytes: Buffer): DocFreq {
  const stored = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<StoredDocFreq>;
  if (stored.format !== 'naba-docfreq' || stored.version !== 1 || typeof stored.terms !== 'string') {
    throw new Error(`docfreq: unsupported file (format ${stored.format}, version ${stored.version})`);
  }
  const counts = parseLines(stored.terms);
  const openers = parseLines(stored.openers ?? '');
  return { ...mapDocFreq(stored.docs ?? 0, counts), opening: (term) => openers.get(term) ?? 0 };
}

function parseLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab <= 0) continue;
    out.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return out;
}

let shipped: DocFreq | null = null;

/**
 * The shipped prior, loaded once. A missing or broken file is not fatal (tags still work on tf and
 * position): it warns once on stderr and falls back to `EMPTY_DOCFREQ`.
 */
export function shippedDocFreq(path: string = SHIPPED_DOCFREQ_PATH): DocFreq {
  if (shipped && path === SHIPPED_DOCFREQ_PATH) return shipped;
  let loaded: DocFreq;
  try {
    loaded = decodeDocFreq(readFileSync(path));
  } catch (error) {
    process.stderr.write(
      `docfreq: cannot load ${path} (run \`naba train docfreq\`): ${(error as Error).message}\n`,
    );
    loaded = EMPTY_DOCFREQ;
  }
  if (path === SHIPPED_DOCFREQ_PATH) shipped = loaded;
  return loaded;
}
