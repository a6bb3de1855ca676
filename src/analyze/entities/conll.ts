/**
 * CoNLL reading and IOB2 spans. Two layouts are read: `token TAG` (ANERcorp, `PERS` for people) and the
 * four tab-separated columns of NewsFANE (token, fine tag, ACE coarse tag, 3-class tag; the last one is used).
 * Every tag is mapped onto the tagger's own set: `O`, `B-`/`I-` of `PER`, `LOC`, `ORG`, `MISC`.
 */

export type EntityType = 'PER' | 'LOC' | 'ORG';
export type SpanType = EntityType | 'MISC';

export type Sentence = { tokens: string[]; tags: string[] };
export type Span = { type: SpanType; start: number; end: number };

/** The tagger's labels. MISC is learnt (it keeps nationalities and events out of the real types) but never reported. */
export const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC'] as const;

const TYPE_ALIASES: Record<string, SpanType> = {
  PER: 'PER',
  PERS: 'PER',
  PERSON: 'PER',
  LOC: 'LOC',
  GPE: 'LOC',
  LOCATION: 'LOC',
  ORG: 'ORG',
  ORGANIZATION: 'ORG',
  MISC: 'MISC',
};

/** Maps a corpus tag onto the tagger's set; unknown types become MISC so their spans stay spans. */
export function canonicalTag(raw: string): string {
  const tag = raw.trim();
  if (tag === '' || tag === 'O') return 'O';
  const m = /^([BIES])[-_](.+)$/.exec(tag);
  if (!m) return 'O';
  const type = TYPE_ALIASES[m[2]!.toUpperCase()] ?? 'MISC';
  const prefix = m[1] === 'B' || m[1] === 'S' ? 'B' : 'I';
  return `${prefix}-${type}`;
}

/** Reads a CoNLL file's text: blank lines separate sentences, the tag is the last column. */
export function parseConll(text: string): Sentence[] {
  const out: Sentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (tokens.length > 0) out.push({ tokens, tags });
    tokens = [];
    tags = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const cols = line.includes('\t') ? line.split('\t') : line.trim().split(/\s+/);
    if (cols.length < 2) continue;
    const token = cols[0]!.trim();
    if (token === '') continue;
    tokens.push(token);
    tags.push(canonicalTag(cols[cols.length - 1]!));
  }
  flush();
  return out;
}

/**
 * IOB2 tags to spans, CoNLL convention: an `I-X` that does not continue an `X` span starts a new one,
 * `end` is exclusive.
 */
export function spansOf(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let cur: Span | null = null;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const prefix = tag[0];
    const type = tag.slice(2) as SpanType;
    if (prefix === 'I' && cur && cur.type === type) {
      cur.end = i + 1;
      continue;
    }
    if (cur) spans.push(cur);
    cur = prefix === 'B' || prefix === 'I' ? { type, start: i, end: i + 1 } : null;
  }
  if (cur) spans.push(cur);
  return spans;
}

/**
 * The held-out split used for our own figures: sentences in blocks of 100, every tenth block (index 9, 19, …)
 * is test. Blocks keep neighbouring sentences of one article together, so a name is rarely seen in both parts.
 */
export function isHeldOut(sentenceIndex: number): boolean {
  return Math.floor(sentenceIndex / 100) % 10 === 9;
}

/**
 * The dev split for choices (features, epochs): every tenth block again, at index 4, 14, …, so it lies inside
 * the training part and never touches the held-out blocks.
 */
export function isDev(sentenceIndex: number): boolean {
  return Math.floor(sentenceIndex / 100) % 10 === 4;
}

export function splitHeldOut(sentences: Sentence[]): { train: Sentence[]; test: Sentence[] } {
  const train: Sentence[] = [];
  const test: Sentence[] = [];
  sentences.forEach((s, i) => {
    (isHeldOut(i) ? test : train).push(s);
  });
  return { train, test };
}

/** CoNLL text back from sentences (used to write the held-out split for `naba eval entities --test`). */
export function formatConll(sentences: Sentence[], tagName: (tag: string) => string = (t) => t): string {
  return sentences
    .map((s) => s.tokens.map((t, i) => `${t} ${tagName(s.tags[i]!)}`).join('\n'))
    .join('\n\n')
    .concat('\n');
}
