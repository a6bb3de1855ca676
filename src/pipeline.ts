/**
 * Wires the stages for articles already extracted: store → analyze → place (dedup + story) → store.
 * Analysis is one swappable function (`AnalyzeFn`); placement is the single ordered step (`Corpus`),
 * deterministic given the order, so its state is rebuilt by replaying the store (`rebuild`).
 */
import { analyzeArticle } from './analyze/index.ts';
import { Corpus, type CorpusParams, type PlaceInput, type PlaceResult } from './corpus/corpus.ts';
import { fingerprint } from './corpus/fingerprint.ts';
import type { Article } from './model.ts';
import type { EntityMention, PlacementRound, QuotedSource, Store } from './store/store.ts';
import { parseTime } from './store/time.ts';
import { parseDate } from './text/dates.ts';

/** What the pipeline keeps of an article's analysis: what the store and placement read. */
export interface Analyzed {
  terms: string[];
  titleTerms: string[];
  tags: string[];
  entities: EntityMention[];
  section?: string;
  quotedSources: QuotedSource[];
}

export type AnalyzeFn = (article: Article) => Analyzed;

export interface AnalyzerOptions {
  /** Run the entity recognizer when its model is there (default true). */
  entities?: boolean;
  /** Run the section classifier when its model is there (default true). */
  sections?: boolean;
}

/**
 * The per-article analysis (`analyzeArticle`: terms, tags, entities, section, quoted sources), with the
 * options the commands expose. Async so that a future analyzer may load its models before the first call.
 */
export async function createAnalyzer(options: AnalyzerOptions = {}): Promise<AnalyzeFn> {
  const ctx = { entities: options.entities !== false, sections: options.sections !== false };
  return (article) => {
    const a = analyzeArticle(article, ctx);
    return {
      terms: a.terms,
      titleTerms: a.titleTerms,
      tags: a.tags,
      entities: a.entities.map(({ text, type, key }) => ({ text, type, key })),
      ...(a.section ? { section: a.section } : {}),
      quotedSources: a.quotedSources.map(({ name, text }) => ({ name, text })),
    };
  };
}

const DAY_MS = 86_400_000;
/** Before this no article of ours was published online: such dates are epoch-zero or parsing bugs. */
const EARLIEST_MS = Date.UTC(1990, 0, 1);

/**
 * The time placement orders an article by: its publication time, unless missing, unreadable or more than
 * a day after it was fetched (a far-future date would keep a story open for ever) or before 1990 (an
 * epoch-zero date would make it the original of every copy); then the fetch time.
 */
export function placementTime(article: Article, fallbackMs: number): number {
  const fetched = parseTime(article.fetchedAt) ?? fallbackMs;
  let published = parseTime(article.published);
  if (published === null && article.published) {
    const iso = parseDate(article.published);
    published = iso ? parseTime(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : null;
  }
  if (published === null || published > fetched + DAY_MS || published < EARLIEST_MS) return fetched;
  return published;
}

/**
 * Placement features of an analyzed article. The terms are those of `terms()`: the analyzer keeps a
 * multi-word hashtag (#السعودية_تتحدث) as one term for search, `terms()` gives its words, and the
 * workers' placer and the web's related index derive the terms again with `terms()` from stored texts.
 * Placing with the analyzer's form here made `naba crawl` and the workers place such articles apart.
 */
export function placeInput(article: Article, analyzed: Analyzed, timeMs: number): PlaceInput {
  return {
    id: article.id,
    sourceId: article.sourceId,
    timeMs,
    title: article.title ?? '',
    terms: hashtagWords(analyzed.terms),
    titleTerms: hashtagWords(analyzed.titleTerms),
    entities: analyzed.entities.map((e) => `${e.type}:${e.key}`),
    fingerprint: fingerprint(article.title ?? '', article.text ?? ''),
  };
}

/** `terms` with each multi-word hashtag term split into its words, as `terms()` splits it. */
export function hashtagWords(terms: string[]): string[] {
  if (!terms.some((t) => t.includes('_'))) return terms;
  return terms.flatMap((t) => (t.includes('_') ? t.split('_') : [t]));
}

export interface PipelineOptions {
  analyze: AnalyzeFn;
  corpus?: Corpus;
  corpusParams?: Partial<CorpusParams>;
  /** Clock for articles without a fetch time. */
  now?: () => number;
}

export interface IngestSummary {
  stored: number;
  placed: number;
  copies: number;
  skipped: number;
  errors: { id: string; error: string }[];
}

export class Pipeline {
  readonly store: Store;
  readonly corpus: Corpus;
  readonly #analyze: AnalyzeFn;
  readonly #now: () => number;
  readonly #sources = new Set<string>();
  readonly #sections = new Map<string, string>();

  constructor(store: Store, options: PipelineOptions) {
    this.store = store;
    this.#analyze = options.analyze;
    this.corpus = options.corpus ?? new Corpus(options.corpusParams);
    this.#now = options.now ?? Date.now;
  }

  /** Store, analyze and place `articles` in the given order (the order placement sees). */
  async ingest(articles: Article[]): Promise<IngestSummary> {
    const summary: IngestSummary = { stored: 0, placed: 0, copies: 0, skipped: 0, errors: [] };
    await this.#ensureSources(articles.filter((a) => typeof a?.sourceId === 'string' && a.sourceId !== ''));
    let accepted = articles;
    try {
      const result = await this.store.upsertArticles(articles);
      summary.stored = result.inserted + result.updated;
    } catch {
      // One bad record rolls the whole batch back: store them one by one and skip the bad ones.
      accepted = [];
      for (const article of articles) {
        try {
          const result = await this.store.upsertArticles([article]);
          summary.stored += result.inserted + result.updated;
          accepted.push(article);
        } catch (error) {
          summary.errors.push({ id: String(article?.id), error: (error as Error).message });
        }
      }
    }
    for (const article of accepted) {
      if (this.corpus.has(article.id)) {
        summary.skipped++;
        continue;
      }
      try {
        const analyzed = this.#analyze(article);
        await this.store.saveAnalysis(article.id, {
          tags: analyzed.tags,
          entities: analyzed.entities,
          section: analyzed.section,
          quotedSources: analyzed.quotedSources,
          terms: analyzed.terms.join(' '),
          titleTerms: analyzed.titleTerms.join(' '),
        });
        if (analyzed.section) this.#sections.set(article.id, analyzed.section);
        const placed = this.corpus.place(placeInput(article, analyzed, placementTime(article, this.#now())));
        await this.#persist(placed);
        summary.placed++;
        if (placed.duplicateOf) summary.copies++;
      } catch (error) {
        summary.errors.push({ id: article.id, error: `place: ${(error as Error).message}` });
      }
    }
    return summary;
  }

  async #ensureSources(articles: Article[]): Promise<void> {
    for (const id of new Set(articles.map((a) => a.sourceId))) {
      if (this.#sources.has(id)) continue;
      if (!(await this.store.getSource(id))) {
        await this.store.upsertSource({
          id,
          name: id,
          siteUrl: '',
          feeds: [],
          language: 'ar',
          paused: false,
        });
      }
      this.#sources.add(id);
    }
  }

  #persist(placed: PlaceResult): Promise<void> {
    return savePlaced(this.store, placed, this.#sections.get(placed.story.headlineArticleId) ?? null);
  }

  /**
   * Rebuild the placement state from the store: replay every article in insertion order (the order it
   * was placed in). Analysis runs again (it is pure and deterministic); with `persist`, placements are
   * written back (needed only after the placement rules changed).
   */
  async rebuild(options: { persist?: boolean } = {}): Promise<number> {
    let n = 0;
    for await (const stored of this.store.iterateArticles({ batchSize: 500 })) {
      const article = stored.article;
      if (this.corpus.has(article.id)) continue;
      const analyzed = this.#analyze(article);
      const placed = this.corpus.place(placeInput(article, analyzed, placementTime(article, this.#now())));
      if (options.persist) await this.#persist(placed);
      n++;
    }
    return n;
  }
}

/**
 * Writes one placement: its story (headline, times, counts, the section of its headline article), the
 * article's copy group, story and what it changed from its original, and the copies re-pointed to a new
 * original. The pipeline and the workers' placer both write through `placementRound`, so a store placed
 * by workers reads like one placed by `naba crawl`.
 */
export async function savePlaced(
  store: Store,
  placed: PlaceResult,
  storySection: string | null,
): Promise<void> {
  await store.savePlacements(placementRound([{ placed, storySection }]));
}

/** Placements in the order they were made, as one round for `Store.savePlacements`. */
export function placementRound(
  placements: { placed: PlaceResult; storySection: string | null }[],
): PlacementRound {
  const round: Required<PlacementRound> = { stories: [], placements: [] };
  for (const { placed, storySection } of placements) {
    const s = placed.story;
    round.stories.push({
      id: s.id,
      headline: s.headline,
      headlineArticleId: s.headlineArticleId,
      firstSeen: new Date(s.firstSeen).toISOString(),
      lastUpdate: new Date(s.lastUpdate).toISOString(),
      articleCount: s.articleCount,
      sourceCount: s.sourceCount,
      section: storySection,
    });
    round.placements.push({
      articleId: placed.id,
      placement: {
        duplicateOf: placed.duplicateOf,
        storyId: placed.storyId,
        copyChanges: placed.diff ?? null,
      },
    });
    for (const r of placed.repointed) {
      round.placements.push({
        articleId: r.id,
        placement: { duplicateOf: r.duplicateOf, copyChanges: r.diff ?? null },
      });
    }
  }
  return round;
}
