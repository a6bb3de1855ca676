/**
 * Named entities (PER, LOC, ORG) in Arabic news text: the run-time API. The tagger is a structured
 * perceptron (see `train.ts`); its shipped model loads lazily, once, on first use.
 */
import type { TokenIds } from '../../text/analyzer.ts';
import type { EntityType } from './conll.ts';
import { spansOf } from './conll.ts';
import { tagDocument } from './document.ts';
import { entityKey, nameKeyWord } from './key.ts';
import { loadShippedModel } from './load.ts';
import type { TaggerModel } from './model.ts';
import { normalizeLetters, tokenize } from './text.ts';

export type { EntityType } from './conll.ts';

/**
 * One mention. `text` is the publisher's spelling of the name (a leading conjunction or preposition is
 * left out: `والعراق` gives `العراق`, with `start` moved past the و); `key` is the linking key (see `key.ts`).
 */
export type Entity = { text: string; type: EntityType; key: string; start: number; end: number };

export type InputToken = { text: string; start: number; end: number };

/**
 * Sentence ends (. ! ? ؟ … ۔), where decoding restarts: keeps sequences short without a sentence splitter.
 * By char code: every token is tested and its text is a fresh string, which a Set would hash first.
 */
function isSentenceEnd(text: string): boolean {
  if (text.length !== 1) return false;
  const c = text.charCodeAt(0);
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x61f || c === 0x2026 || c === 0x6d4;
}

const MAX_SEQUENCE = 200;

/**
 * Finds the names in a text (tokenized with `src/text/tokenize.ts`) or in tokens the caller already has
 * (offsets into the caller's text). `model` defaults to the shipped one. `memo`: the tokens' analyzer memo
 * numbers (`analyzeWithIds`), when the caller has them: the same names, found faster.
 */
export function recognizeEntities(
  input: readonly InputToken[] | string,
  model?: TaggerModel,
  memo?: TokenIds,
): Entity[] {
  const m = model ?? loadShippedModel();
  const source = typeof input === 'string' ? input : undefined;
  const tokens: readonly InputToken[] =
    typeof input === 'string' ? tokenize(input).map(({ text, start, end }) => ({ text, start, end })) : input;
  // Sentences (decoding restarts at sentence ends and line breaks), then the whole input as one document.
  // Each chunk is a range of `tokens`: from, to, from, to, …
  const bounds: number[] = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const newline = source !== undefined && i > 0 && source.slice(tokens[i - 1]!.end, t.start).includes('\n');
    if ((newline || i - from >= MAX_SEQUENCE) && i > from) {
      bounds.push(from, i);
      from = i;
    }
    if (isSentenceEnd(t.text)) {
      bounds.push(from, i + 1);
      from = i + 1;
    }
  }
  if (tokens.length > from) bounds.push(from, tokens.length);
  const sentences: string[][] = [];
  const sentenceIds: TokenIds[] = [];
  const ids = memo && memo.ids.length === tokens.length ? memo : undefined;
  for (let k = 0; k < bounds.length; k += 2) {
    const words = new Array<string>(bounds[k + 1]! - bounds[k]!);
    for (let i = bounds[k]!; i < bounds[k + 1]!; i++) words[i - bounds[k]!] = tokens[i]!.text;
    sentences.push(words);
    if (ids) sentenceIds.push({ ids: ids.ids.subarray(bounds[k]!, bounds[k + 1]!), epoch: ids.epoch });
  }
  const tagged = tagDocument(m, sentences, ids ? sentenceIds : undefined);
  const out: Entity[] = [];
  for (let k = 0; k < sentences.length; k++) {
    for (const span of spansOf(tagged[k]!)) {
      if (span.type === 'MISC') continue;
      const words = tokens.slice(bounds[2 * k]! + span.start, bounds[2 * k]! + span.end);
      out.push(toEntity(m, words, span.type, source));
    }
  }
  return out;
}

function toEntity(
  model: TaggerModel,
  words: readonly InputToken[],
  type: EntityType,
  source: string | undefined,
): Entity {
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const head = nameKeyWord(first.text, model.lexicon.nameWords);
  const skip = head.dropped > 0 ? originalOffset(first.text, head.dropped) : 0;
  const start = first.start + skip;
  const text =
    source !== undefined
      ? source.slice(start, last.end)
      : [first.text.slice(skip), ...words.slice(1).map((w) => w.text)].join(' ');
  const key = entityKey(
    words.map((w) => w.text),
    model.lexicon.nameWords,
  );
  return { text, type, key, start, end: last.end };
}

/** Index in `word` after its first `letters` letters, skipping diacritics and tatweel that follow them. */
function originalOffset(word: string, letters: number): number {
  let seen = 0;
  let i = 0;
  while (i < word.length && seen < letters) {
    if (normalizeLetters(word[i]!) !== '') seen++;
    i++;
  }
  while (i < word.length && normalizeLetters(word[i]!) === '') i++;
  return i;
}

/**
 * Within one article: a short mention that is one word of a longer name of the same type mentioned before
 * it (`السوداني` after `محمد شياع السوداني`) takes that name's key. Left alone when two earlier names fit.
 */
export function linkEntities(entities: readonly Entity[], model?: TaggerModel): Entity[] {
  const m = model ?? loadShippedModel();
  const byWord = new Map<string, Set<string>>();
  const ordered = entities.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  const result = new Array<Entity>(entities.length);
  for (const { e, i } of ordered) {
    const words = e.key.split(' ');
    let linked = e;
    if (words.length === 1) {
      const fits = byWord.get(`${e.type} ${words[0]}`);
      if (fits && fits.size === 1) linked = { ...e, key: [...fits][0]! };
    } else {
      for (const w of e.text.split(/\s+/)) {
        const k = `${e.type} ${nameKeyWord(w, m.lexicon.nameWords).form}`;
        let set = byWord.get(k);
        if (!set) {
          set = new Set();
          byWord.set(k, set);
        }
        set.add(e.key);
      }
    }
    result[i] = linked;
  }
  return result;
}

export type EntitySummaryItem = { key: string; type: EntityType; text: string; count: number };

/**
 * The article's distinct entities (after linking), most mentioned first. `text` is the longest spelling seen,
 * so a linked short mention shows under the full name.
 */
export function entitySummary(text: string, model?: TaggerModel): EntitySummaryItem[] {
  const entities = linkEntities(recognizeEntities(text, model), model);
  const items = new Map<string, EntitySummaryItem & { first: number }>();
  for (const e of entities) {
    const id = `${e.type} ${e.key}`;
    const item = items.get(id);
    if (!item) {
      items.set(id, { key: e.key, type: e.type, text: e.text, count: 1, first: e.start });
      continue;
    }
    item.count++;
    if (e.text.length > item.text.length) item.text = e.text;
  }
  return [...items.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .map(({ key, type, text, count }) => ({ key, type, text, count }));
}
