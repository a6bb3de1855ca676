/**
 * The related-articles index a web process keeps: the placement corpus, rebuilt from the store. Rebuilding
 * replays placement over stored articles in insertion order (as `Pipeline.rebuild` does); entities and
 * section come from the saved analysis and only the index terms are recomputed (cheap), so start-up does
 * not run the entity tagger again. The replay yields to the event loop often, so the site answers while
 * the index builds (pages say related articles are unavailable until it is ready).
 */
import { Corpus, type RelatedResult } from '../corpus/corpus.ts';
import type { Article } from '../model.ts';
import { type Analyzed, placeInput, placementTime } from '../pipeline.ts';
import type { EntityMention, Store } from '../store/store.ts';
import { terms } from '../text/analyzer.ts';

/** Articles placed between two turns of the event loop. */
const SLICE = 50;

export interface RelatedIndex {
  /** Null until the first rebuild finished, or for an article the index has not seen. */
  related(articleId: string): RelatedResult | null;
  /** Place articles stored since the last call (by this or another process). Returns how many. */
  refresh(): Promise<number>;
  readonly ready: boolean;
  /** The corpus itself, for a pipeline that places new articles into what this process serves. */
  readonly corpus: Corpus;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Placement features from a stored article: fresh index terms, the entities its analysis saved. */
function analyzedFromStore(article: Article, entities: EntityMention[]): Analyzed {
  return {
    terms: terms(article.text ?? ''),
    titleTerms: terms(article.title ?? ''),
    tags: [],
    entities,
    quotedSources: [],
  };
}

export function createRelatedIndex(
  store: Store,
  opts: { limit?: number; now?: () => number } = {},
): RelatedIndex {
  const corpus = new Corpus();
  const now = opts.now ?? Date.now;
  let ready = false;
  let running: Promise<number> | null = null;

  const refresh = (): Promise<number> => {
    if (running) return running;
    running = (async () => {
      let n = 0;
      for await (const stored of store.iterateArticles({ batchSize: 500 })) {
        const article = stored.article;
        if (corpus.has(article.id)) continue;
        const analyzed = analyzedFromStore(article, stored.analysis?.entities ?? []);
        corpus.place(placeInput(article, analyzed, placementTime(article, now())));
        if (++n % SLICE === 0) await turn();
      }
      ready = true;
      return n;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    related(articleId) {
      if (!ready || !corpus.has(articleId)) return null;
      return corpus.related(articleId, { limit: opts.limit ?? 8 });
    },
    refresh,
    get ready() {
      return ready;
    },
    corpus,
  };
}
