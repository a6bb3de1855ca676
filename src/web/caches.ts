/**
 * Parts of pages reused across requests, under the whole-response cache (`http/response-cache.ts`): that
 * one serves a URL again, these serve a part again to other URLs (every page of one story reads the same
 * members) and to the next render of the same URL. Each is bounded, and each says below why what it hands
 * out is what a fresh read would give, or how much older it can be.
 */
import type { StoredArticle, Story } from '../store/store.ts';

/**
 * Everything about a story row that changes when its membership does: the pipeline rewrites the row (count,
 * last update, outlets, headline) with every article it places in the story.
 */
function storySignature(s: Story): string {
  return `${s.lastUpdate}\u0000${s.articleCount}\u0000${s.sourceCount}\u0000${s.headlineArticleId}`;
}

interface MembersEntry {
  signature: string;
  at: number;
  size: number;
  members: Promise<StoredArticle[]>;
}

/**
 * A story's stored articles (its timeline), reused while the story row is unchanged and for at most
 * `maxAgeMs`. The signature makes a new member show on the next read; the age bounds what the row does not
 * tell (a member's title corrected by a re-crawl, a source removed, the moment between the pipeline writing
 * the story row and the member's placement). With `maxAgeMs` set to the response cache's TTL, no page is
 * staler than a cached response of it may already be. Concurrent readers of one story share one read.
 */
export class StoryMembers {
  readonly #entries = new Map<string, MembersEntry>();
  #articles = 0;

  constructor(
    readonly maxAgeMs: number,
    /** Articles kept over all stories; the least recently read story goes first. */
    readonly maxArticles = 4000,
    readonly now: () => number = Date.now,
  ) {}

  get(story: Story, load: () => Promise<StoredArticle[]>): Promise<StoredArticle[]> {
    if (this.maxAgeMs <= 0) return load();
    const t = this.now();
    const signature = storySignature(story);
    const hit = this.#entries.get(story.id);
    if (hit) {
      this.#drop(story.id);
      if (hit.signature === signature && t - hit.at < this.maxAgeMs) {
        this.#keep(story.id, hit);
        return hit.members;
      }
    }
    // Sized by the row's count until the read says otherwise: the bound holds while the read runs.
    const entry: MembersEntry = { signature, at: t, size: story.articleCount, members: load() };
    this.#keep(story.id, entry);
    entry.members.then(
      (members) => {
        if (this.#entries.get(story.id) !== entry) return;
        this.#articles += members.length - entry.size;
        entry.size = members.length;
        this.#evict();
      },
      () => {
        if (this.#entries.get(story.id) === entry) this.#drop(story.id);
      },
    );
    return entry.members;
  }

  #keep(id: string, entry: MembersEntry): void {
    this.#entries.set(id, entry);
    this.#articles += entry.size;
    this.#evict();
  }

  #drop(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    this.#articles -= e.size;
    this.#entries.delete(id);
  }

  #evict(): void {
    for (const id of this.#entries.keys()) {
      // The newest entry stays even when it alone is over the bound: its readers are waiting for it.
      if (this.#articles <= this.maxArticles || this.#entries.size <= 1) return;
      this.#drop(id);
    }
  }
}

interface SanitizedEntry {
  html: string;
  base: string | undefined;
  out: string;
}

/**
 * Sanitized article HTML by article id. Sanitizing is a pure function of the stored HTML and the base
 * URL, and an entry is used only when both are the very same as now (compared in full, so an edited
 * article is sanitized again at once). Bounded by the characters held, least recently used out first.
 */
export class SanitizedHtml {
  readonly #entries = new Map<string, SanitizedEntry>();
  #chars = 0;

  constructor(readonly maxChars = 8_000_000) {}

  get(id: string, html: string, base: string | undefined, sanitize: (html: string, base?: string) => string) {
    const hit = this.#entries.get(id);
    if (hit) {
      this.#drop(id);
      if (hit.html === html && hit.base === base) {
        this.#keep(id, hit);
        return hit.out;
      }
    }
    const entry = { html, base, out: sanitize(html, base) };
    if (html.length + entry.out.length <= this.maxChars) this.#keep(id, entry);
    return entry.out;
  }

  #keep(id: string, e: SanitizedEntry): void {
    this.#entries.set(id, e);
    this.#chars += e.html.length + e.out.length;
    for (const k of this.#entries.keys()) {
      if (this.#chars <= this.maxChars) break;
      this.#drop(k);
    }
  }

  #drop(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    this.#chars -= e.html.length + e.out.length;
    this.#entries.delete(id);
  }
}
