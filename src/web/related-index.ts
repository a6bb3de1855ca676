/**
 * The related-articles index a web process keeps: the placement corpus, rebuilt from the store. Rebuilding
 * replays placement over stored articles in insertion order (as `Pipeline.rebuild` does); entities come
 * from the saved analysis, so start-up does not run the entity tagger again, and the index terms and the
 * fingerprint are recomputed from title and text. CPU of a rebuild from PostgreSQL at 100k articles
 * (docs/scaling.md): `Corpus.place` 44 %, the fingerprint 36 %, reading 12 % (server included), `terms()` 8 %.
 *
 * The terms are recomputed with `terms()`, as the workers' placer does, rather than read back: PostgreSQL
 * keeps the saved terms only inside a tsvector, and the saved terms keep a multi-word hashtag as one
 * term for search where placement splits it into words (`placeInput` does so for every path, so this
 * replay places as `naba crawl` and the workers did; before that fix, 2 of the 10,701 stream articles
 * landed in another story here).
 *
 * The replay yields to the event loop every few milliseconds, so the site answers while the index builds
 * (pages say related articles are unavailable until it is ready).
 *
 * Answers are kept per article until the corpus changes: `Corpus.related` is a pure function of the
 * corpus state, and that state only changes when an article is placed, which grows `corpus.size` (placing
 * a known id is a no-op). So a size different from the one the answers were computed at drops them all.
 * This holds for placements made through `corpus` directly (the crawl in `naba serve`) as well.
 */
import { Corpus, type RelatedResult } from '../corpus/corpus.ts';
import type { Article } from '../model.ts';
import { type Analyzed, placeInput, placementTime } from '../pipeline.ts';
import type { EntityMention, Store } from '../store/store.ts';
import { terms } from '../text/analyzer.ts';

/**
 * Work between two turns of the event loop, in ms: short enough that a request arriving during the build
 * waits little, long enough that the turns cost nothing measurable (a count of articles would not bound
 * the wait: one long text takes as long as fifty short ones).
 */
const SLICE_MS = 8;
/**
 * Articles read from the store at a time. One read is one synchronous call into SQLite that nothing else
 * interrupts: 500 full rows are ≈22 ms of CPU in one piece (bench database), 100 a fifth of that, for
 * the same total work.
 */
const READ_BATCH = 100;
/**
 * A refresh reads from this many positions before the last one it saw: positions are handed out when an
 * insert starts, so with many writers (PostgreSQL workers) a lower one can commit after a higher one was
 * read. Known ids are skipped, so the overlap costs a few reads, not a re-placement.
 */
const REREAD_POSITIONS = 1000;
/** Related answers kept (a few hundred bytes each). */
const ANSWERS_MAX = 4096;

export interface RelatedIndex {
  /**
   * Null until the first rebuild finished, or for an article the index has not seen. The answer may be
   * shared with other callers until the corpus changes: read it, do not change it.
   */
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
  opts: { limit?: number; now?: () => number; rereadPositions?: number } = {},
): RelatedIndex {
  const corpus = new Corpus();
  const now = opts.now ?? Date.now;
  let ready = false;
  let running: Promise<number> | null = null;
  const answers = new Map<string, RelatedResult>();
  let answersAt = -1;
  /** Highest store position read so far: a refresh reads only what was stored after it. */
  let lastPosition = 0;

  const refresh = (): Promise<number> => {
    if (running) return running;
    running = (async () => {
      let n = 0;
      let sliceStart = performance.now();
      const after = Math.max(0, lastPosition - (opts.rereadPositions ?? REREAD_POSITIONS));
      for await (const stored of store.iterateArticles({ batchSize: READ_BATCH, after })) {
        lastPosition = Math.max(lastPosition, stored.position);
        const article = stored.article;
        if (corpus.has(article.id)) continue;
        const analyzed = analyzedFromStore(article, stored.analysis?.entities ?? []);
        corpus.place(placeInput(article, analyzed, placementTime(article, now())));
        n++;
        if (performance.now() - sliceStart >= SLICE_MS) {
          await turn();
          sliceStart = performance.now();
        }
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
      if (answersAt !== corpus.size) {
        answers.clear();
        answersAt = corpus.size;
      }
      const kept = answers.get(articleId);
      if (kept) {
        // Map order is insertion order: move it to the back so the least recently used goes first.
        answers.delete(articleId);
        answers.set(articleId, kept);
        return kept;
      }
      const answer = corpus.related(articleId, { limit: opts.limit ?? 8 });
      if (answers.size >= ANSWERS_MAX) answers.delete(answers.keys().next().value!);
      answers.set(articleId, answer);
      return answer;
    },
    refresh,
    get ready() {
      return ready;
    },
    corpus,
  };
}
