/** What every handler shares: the deps, the clock, source names and the service defaults. */
import { randomBytes } from 'node:crypto';
import type { RelatedResult } from '../corpus/corpus.ts';
import { search as corpusSearch, type SearchOptions, type SearchResult } from '../corpus/search.ts';
import type { Source } from '../model.ts';
import type { Store, StoredArticle, Story } from '../store/store.ts';
import { SanitizedHtml, StoryMembers } from './caches.ts';
import { DEFAULT_TIME_ZONE } from './format.ts';
import { Memo } from './http/cache.ts';
import { sanitizeHtml } from './sanitize.ts';
import type { WebDeps } from './types.ts';

/** How long the source list is reused: sources change by admin action, a few seconds late is fine. */
const SOURCES_TTL_MS = 5_000;

export class WebCtx {
  readonly store: Store;
  readonly deps: WebDeps;
  readonly timeZone: string;
  readonly secret: string;
  readonly #sources = new Memo<Map<string, Source>>(SOURCES_TTL_MS);
  readonly #members: StoryMembers;
  readonly #sanitized = new SanitizedHtml();

  /** `reuseMs`: how old a reused part of a page may be; the app passes its response cache TTL (0: never). */
  constructor(deps: WebDeps, opts: { reuseMs?: number } = {}) {
    this.deps = deps;
    this.store = deps.store;
    this.timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
    this.secret = deps.secret ?? randomBytes(32).toString('hex');
    // Real time, as the response cache keeps it: `deps.now` is the clock pages show times against.
    this.#members = new StoryMembers(opts.reuseMs ?? 0);
  }

  now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /** Source id → source; unknown ids show as themselves. */
  sources(): Promise<Map<string, Source>> {
    return this.#sources.get(
      'all',
      async () => new Map((await this.store.listSources()).map((s) => [s.id, s])),
    );
  }

  /** The story's articles, oldest first (see `StoryMembers` for how long a read is reused). */
  storyArticles(story: Story): Promise<StoredArticle[]> {
    return this.#members.get(story, () => this.store.listStoryArticles(story.id));
  }

  /** `sanitizeHtml(html, base)`, computed once per article and input. */
  sanitizedHtml(articleId: string, html: string, base?: string): string {
    return this.#sanitized.get(articleId, html, base, sanitizeHtml);
  }

  forgetSources(): void {
    this.#sources.clear();
  }

  search(query: string, opts: SearchOptions): Promise<SearchResult> {
    const custom = this.deps.services?.search;
    return custom ? custom(query, opts) : corpusSearch(this.store, query, opts);
  }

  /** Null when no related service is wired or it has nothing for this article yet. */
  async related(articleId: string): Promise<RelatedResult | null> {
    const f = this.deps.services?.related;
    if (!f) return null;
    return (await f(articleId)) ?? null;
  }
}

export function outletName(sources: Map<string, Source>, id: string): string {
  return sources.get(id)?.name ?? id;
}

/** The time a stored article is shown with: what the publisher said when it parses, else when we got it. */
export function shownTime(a: StoredArticle): string {
  return a.sortTime;
}
