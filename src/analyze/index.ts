/**
 * One article in, its features out: index terms, tags, entities, section and quoted sources. The text is
 * tokenized and normalized once (`analyzeWithIds`) and the tokens are shared by every part, with their analyzer
 * memo numbers, by which the parts keep what they work out per word (no Map lookup on the word's string).
 */
import { type AnalyzedToken, analyzeWithIds, type TokenIds } from '../text/analyzer.ts';
import { detectLanguage, type Language } from '../text/language.ts';
import { type DocFreq, shippedDocFreq } from './docfreq.ts';
import { type Entity, linkEntities, recognizeEntities } from './entities/index.ts';
import { type EntityMention, extractKeyphrases } from './keyphrases/index.ts';
import { findQuotedSources, type QuotedSource } from './provenance/index.ts';
import { classifySection } from './sections/index.ts';

export type AnalyzedEntity = { text: string; type: string; key: string; count: number };

export type Analysis = {
  language: Language;
  /** Index terms of the body: stems of non-stop words, numbers and hashtags, in order. */
  terms: string[];
  titleTerms: string[];
  /** Tags in the article's own spelling, best first, at most 10. */
  tags: string[];
  /** Distinct names (mentions linked within the article), most mentioned first. */
  entities: AnalyzedEntity[];
  /** Section id ('' when no section model could be loaded). */
  section: string;
  sectionConfidence: number;
  quotedSources: QuotedSource[];
};

export type ArticleInput = { title: string; text: string; published?: string; sourceId?: string };

export type AnalysisContext = {
  /** Document frequencies for tag weighting; default the shipped prior (`combineDocFreq` it with live counts). */
  docFreq?: DocFreq;
  /** The publisher's names (Source.name, its byline): never shown as tags. */
  sourceNames?: readonly string[];
  /** Run the entity tagger (default true; off makes analysis several times faster). */
  entities?: boolean;
  /** Run the section classifier (default true). */
  sections?: boolean;
};

/**
 * Tags and names come from the start of a very long text only: an editor tags what the article is about,
 * which its first pages say, and a multi-megabyte "article" is a page gone wrong. Terms cover all of it.
 */
const MAX_FEATURE_CHARS = 60_000;
const LANGUAGE_SAMPLE = 4_000;

let entitiesBroken = false;
let sectionsBroken = false;

const warned = new Set<string>();

function warnOnce(stage: string, error: unknown, disabled = true): void {
  const message = `analyze: ${stage} ${disabled ? 'disabled' : 'skipped'}: ${(error as Error).message}`;
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`${message}\n`);
}

function indexTerms(tokens: readonly AnalyzedToken[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if ((t.kind === 'word' || t.kind === 'number' || t.kind === 'hashtag') && !t.stop && t.stem !== '') {
      out.push(t.stem);
    }
  }
  return out;
}

let entitiesWorked = false;

/**
 * The tagger's names, or none when it fails. A failure on the first call (no model) turns it off for the run;
 * a later one costs only that article its names.
 */
function findEntities(tokens: readonly AnalyzedToken[], ids: TokenIds | null): Entity[] {
  if (entitiesBroken || tokens.length === 0) return [];
  try {
    const found = recognizeEntities(tokens, undefined, ids ?? undefined);
    entitiesWorked = true;
    return found;
  } catch (error) {
    if (!entitiesWorked) {
      entitiesBroken = true;
      warnOnce('entities', error);
    } else warnOnce('entities (one article)', error, false);
    return [];
  }
}

function overlapsAny(
  e: { start: number; end: number },
  spans: readonly { start: number; end: number }[],
): boolean {
  for (const s of spans) if (e.start < s.end && s.start < e.end) return true;
  return false;
}

/** Analyzes one article. Never throws on odd input: empty, non-Arabic or huge text gives sparse output. */
export function analyzeArticle(article: ArticleInput, ctx: AnalysisContext = {}): Analysis {
  const title = typeof article.title === 'string' ? article.title : '';
  const text = typeof article.text === 'string' ? article.text : '';
  const body = analyzeWithIds(text);
  const head = analyzeWithIds(title);
  const tokens = body.tokens;
  const titleTokens = head.tokens;
  // The memo numbers let the parts skip string lookups; the body's are stale if the memo started over since.
  const titleIds = head.ids;
  let bodyIds = body.ids && titleIds && titleIds.epoch === body.ids.epoch ? body.ids : null;
  const language = detectLanguage(`${title}\n${text.slice(0, LANGUAGE_SAMPLE)}`);

  let featureTokens: readonly AnalyzedToken[] = tokens;
  if (text.length > MAX_FEATURE_CHARS) {
    let n = 0;
    while (n < tokens.length && tokens[n]!.end <= MAX_FEATURE_CHARS) n++;
    featureTokens = tokens.slice(0, n);
    if (bodyIds) bodyIds = { ids: bodyIds.ids.subarray(0, n), epoch: bodyIds.epoch };
  }
  const featureText = text.length > MAX_FEATURE_CHARS ? text.slice(0, MAX_FEATURE_CHARS) : text;

  const quotedSources = findQuotedSources(featureText, featureTokens, bodyIds ?? undefined);

  const withEntities = ctx.entities !== false;
  const bodyEntities = withEntities
    ? findEntities(featureTokens, bodyIds).filter((e) => !overlapsAny(e, quotedSources))
    : [];
  const titleEntities = withEntities ? findEntities(titleTokens, titleIds) : [];
  let linked: Entity[] = [];
  if (bodyEntities.length + titleEntities.length > 0) {
    // Title first: a short name in the body links to the title's full one as it would to an earlier mention.
    const shifted = titleEntities.map((e) => ({
      ...e,
      start: e.start - title.length - 1,
      end: e.end - title.length - 1,
    }));
    try {
      linked = linkEntities([...shifted, ...bodyEntities]);
    } catch {
      linked = [...shifted, ...bodyEntities];
    }
  }
  const mentions: EntityMention[] = linked.map((e, i) =>
    i < titleEntities.length
      ? {
          start: titleEntities[i]!.start,
          end: titleEntities[i]!.end,
          type: e.type,
          key: e.key,
          text: e.text,
          inTitle: true,
        }
      : { start: e.start, end: e.end, type: e.type, key: e.key, text: e.text },
  );

  const tags = extractKeyphrases({
    tokens: featureTokens,
    titleTokens,
    entities: mentions,
    docFreq: ctx.docFreq ?? shippedDocFreq(),
    tokenIds: bodyIds ?? undefined,
    titleIds: titleIds ?? undefined,
    exclude: quotedSources,
    excludeNames: [
      ...(ctx.sourceNames ?? []),
      ...quotedSources.filter((q) => q.kind !== 'agency').map((q) => q.name),
    ],
  }).map((k) => k.text);

  let section = '';
  let sectionConfidence = 0;
  // Without a single word the classifier could only echo its prior: no section rather than a guess.
  const hasWords = tokens.some((t) => t.kind === 'word') || titleTokens.some((t) => t.kind === 'word');
  if (ctx.sections !== false && !sectionsBroken && hasWords) {
    try {
      const p = classifySection(
        { title, text: featureText },
        {
          title: titleTokens,
          body: featureTokens,
          ...(bodyIds && titleIds ? { ids: { title: titleIds, body: bodyIds } } : {}),
        },
      );
      section = p.section;
      sectionConfidence = p.confidence;
    } catch (error) {
      sectionsBroken = true;
      warnOnce('sections', error);
    }
  }

  return {
    language,
    terms: indexTerms(tokens),
    titleTerms: indexTerms(titleTokens),
    tags,
    entities: summarize(linked),
    section,
    sectionConfidence,
    quotedSources,
  };
}

function summarize(entities: readonly Entity[]): AnalyzedEntity[] {
  const items = new Map<string, AnalyzedEntity & { first: number }>();
  entities.forEach((e, i) => {
    const id = `${e.type} ${e.key}`;
    const item = items.get(id);
    if (!item) items.set(id, { text: e.text, type: e.type, key: e.key, count: 1, first: i });
    else {
      item.count++;
      // The fullest spelling names the entity (`محمد شياع السوداني`, not `السوداني`).
      if (e.text.split(/\s+/).length > item.text.split(/\s+/).length) item.text = e.text;
    }
  });
  return [...items.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .map(({ text, type, key, count }) => ({ text, type, key, count }));
}
