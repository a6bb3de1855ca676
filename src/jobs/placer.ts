/**
 * Placement (dedup + stories) for many workers: ONE process at a time, the holder of the `place` lease,
 * keeps the corpus in memory and places analyzed articles in a deterministic order: the articles waiting
 * are taken together, sorted by placement time then id, and appended to the placement log as they are
 * placed. A new holder replays the log to rebuild the state its predecessor had, then goes on.
 *
 * To make a round of crawling place like one process would, the placer waits while fetch and analyze
 * jobs are still running (up to `settleMs` for the oldest waiting article), so it sorts the whole round
 * at once instead of whatever trickled in first.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Corpus, type CorpusParams } from '../corpus/corpus.ts';
import type { Article } from '../model.ts';
import { type Analyzed, placeInput, placementRound, placementTime } from '../pipeline.ts';
import type { Store, StoredArticle } from '../store/store.ts';
import { terms } from '../text/analyzer.ts';
import type { Lease } from './lease.ts';
import type { PlacementLog } from './placement-log.ts';

export interface PlacerOptions {
  store: Store;
  log: PlacementLog;
  corpusParams?: Partial<CorpusParams>;
  /** True while earlier stages still have work that may bring articles to place. */
  busy?: () => Promise<boolean>;
  /** Longest wait for a busy queue before placing what is there (default 30 s). */
  settleMs?: number;
  /** Clock for articles without a fetch time. */
  now?: () => number;
  /** Articles placed between two writes (default 200). */
  roundSize?: number;
}

const CHUNK = 500;
/**
 * Articles placed between two writes by default. Each write is one transaction of a few statements; a
 * round of this size takes well under a second to place, so a lost lease is noticed soon.
 */
const ROUND = 200;

/** The analysis placement needs, from what the analyze job stored (terms are cheap to derive again). */
export function analyzedFromStore(stored: StoredArticle): Analyzed {
  const a = stored.article;
  const analysis = stored.analysis;
  return {
    terms: terms(a.text ?? ''),
    titleTerms: terms(a.title ?? ''),
    tags: analysis?.tags ?? [],
    entities: analysis?.entities ?? [],
    ...(analysis?.section ? { section: analysis.section } : {}),
    quotedSources: analysis?.quotedSources ?? [],
  };
}

/** The order placement takes a set of articles in: placement time, then id. */
export function placementOrder(articles: Article[], now: number): Article[] {
  const keyed = articles.map((a) => ({ a, t: placementTime(a, now) }));
  keyed.sort((x, y) => x.t - y.t || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0));
  return keyed.map((k) => k.a);
}

export class Placer {
  readonly corpus: Corpus;
  readonly #o: PlacerOptions;
  readonly #now: () => number;
  readonly #sections = new Map<string, string>();

  constructor(options: PlacerOptions) {
    this.#o = options;
    this.corpus = new Corpus(options.corpusParams);
    this.#now = options.now ?? Date.now;
  }

  /** Replay the placement log into the corpus (no writes). Returns the articles replayed. */
  async rebuild(): Promise<number> {
    let n = 0;
    for await (const ids of this.#o.log.placed(CHUNK)) {
      for (const stored of await this.#o.store.getArticlesByIds(ids)) {
        if (this.corpus.has(stored.article.id)) continue;
        const analyzed = analyzedFromStore(stored);
        if (analyzed.section) this.#sections.set(stored.article.id, analyzed.section);
        this.corpus.place(placeInput(stored.article, analyzed, placementTime(stored.article, this.#now())));
        n++;
      }
    }
    return n;
  }

  /**
   * Place the articles waiting, if the round has settled. Returns how many were placed (0: nothing to do
   * yet). `lease` is checked before each write, so a holder that lost it stops at once.
   */
  async step(lease?: Lease): Promise<number> {
    const pending = await this.#o.log.pending();
    if (pending.ids.length === 0) return 0;
    if (pending.oldestMs < (this.#o.settleMs ?? 30_000) && (await this.#o.busy?.())) return 0;
    const articles: StoredArticle[] = [];
    for (let i = 0; i < pending.ids.length; i += CHUNK) {
      articles.push(...(await this.#o.store.getArticlesByIds(pending.ids.slice(i, i + CHUNK))));
    }
    const byId = new Map(articles.map((s) => [s.article.id, s]));
    const now = this.#now();
    const ordered = placementOrder(
      articles.map((s) => s.article),
      now,
    );
    // Placed in memory a chunk at a time, then written as one round and logged: a holder that dies
    // mid-chunk leaves none of it, and its successor places the chunk again from the same state.
    let n = 0;
    const size = Math.max(1, this.#o.roundSize ?? ROUND);
    for (let i = 0; i < ordered.length; i += size) {
      const chunk = ordered.slice(i, i + size);
      const placements = chunk.map((article) => {
        const analyzed = analyzedFromStore(byId.get(article.id)!);
        if (analyzed.section) this.#sections.set(article.id, analyzed.section);
        const placed = this.corpus.place(placeInput(article, analyzed, placementTime(article, now)));
        return { placed, storySection: this.#sections.get(placed.story.headlineArticleId) ?? null };
      });
      await lease?.check();
      await this.#o.store.savePlacements(placementRound(placements));
      await this.#o.log.markPlaced(chunk.map((a) => a.id));
      n += chunk.length;
    }
    // Ids whose article is gone (its source was removed) would wait for ever.
    const gone = pending.ids.filter((id) => !byId.has(id));
    if (gone.length > 0) await this.#o.log.markPlaced(gone);
    return n;
  }
}

export interface PlacerLoopOptions extends PlacerOptions {
  /** Take the lease (blocks until it is ours or the signal aborts). */
  acquire: (signal: AbortSignal) => Promise<Lease | null>;
  signal: AbortSignal;
  pollMs?: number;
  logLine?: (line: string) => void;
}

/** Hold the placement lease and place until `signal` aborts; after losing the lease, queue up for it again. */
export async function runPlacer(options: PlacerLoopOptions): Promise<void> {
  const say = options.logLine ?? (() => {});
  const pollMs = options.pollMs ?? 500;
  while (!options.signal.aborted) {
    const lease = await options.acquire(options.signal);
    if (!lease) return;
    try {
      const placer = new Placer(options);
      const replayed = await placer.rebuild();
      say(`place: holding the placement lease; state rebuilt from ${replayed} placed articles`);
      while (!options.signal.aborted) {
        await lease.check();
        const n = await placer.step(lease);
        if (n > 0) say(`place: placed ${n} articles`);
        else await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
      }
    } catch (error) {
      say(`place: ${error instanceof Error ? error.message : error}`);
      await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
    } finally {
      await lease.release();
    }
  }
}
