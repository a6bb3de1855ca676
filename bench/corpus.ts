/**
 * Placement (dedup + story) throughput and related-articles latency as the corpus grows, on the inputs the
 * production pipeline gives `Corpus.place`. The shared SaudiNewsNet stream (10,701 articles over six days)
 * is replicated into a year: replica r of an article is shifted by r × 4 days, drops one of its text units
 * in turn (a paragraph; a sentence when it has fewer than 3 paragraphs) and every third replica loses the
 * first word of its title, so copies are near, not exact, duplicates.
 *
 * Each replica's `PlaceInput` is what `placeInput(article, createAnalyzer()(article), time)` gives for the
 * replica's text (terms, title terms, fingerprint with its shingle sample), composed from per-unit parts
 * analysed once per base article; a self-check compares the two on a sample of replicas before timing
 * and fails the bench when they differ. The one difference: the entities are the base article's (the
 * recognizer is not re-run per replica). Corpus parameters are the production defaults.
 *
 * Only `place` is timed, per batch of 1,000 inputs built beforehand, in CPU time (the machine is shared)
 * and wall time. Sizes: 10k, 100k, … up to NABA_BENCH_MAX (default 100,000; the 1M run is
 * `NABA_BENCH_MAX=1000000 npm run bench corpus`; add `node --expose-gc` for steadier memory figures).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Corpus, type PlaceInput } from '../src/corpus/corpus.ts';
import {
  dayMask,
  fingerprint,
  minhash,
  SAMPLE_SIZE,
  shingleSet,
  weekdayMask,
  wordHashes,
} from '../src/corpus/fingerprint.ts';
import type { Article } from '../src/model.ts';
import { type AnalyzeFn, createAnalyzer, hashtagWords, placeInput } from '../src/pipeline.ts';

const STREAM = '../shared/data/stream/saudinewsnet.jsonl.gz';
const DAY = 86_400_000;
const SHIFT_DAYS = 4;
const BATCH = 1000;
const LATENCY_SAMPLES = 1000;
/** Replicas compared with the production `placeInput` before timing. */
const CHECKED = 400;
/** The "10,000 copies of one wire" burst placed after the last size. */
const BURST = 10_000;

/** A paragraph (or sentence) of a base article with its analysis parts. */
interface Unit {
  text: string;
  /** `wordHashes(text)`: the fingerprint's words. */
  words: Uint32Array;
  terms: string[];
  /** The unit's paragraph hash, absent when it has no word. */
  hash?: number;
  /** `weekdayMask(text)`. */
  days: number;
}

interface TitleForm {
  title: string;
  terms: string[];
  hash: number;
  days: number;
}

export interface Base {
  id: string;
  sourceId: string;
  time: number;
  titles: [whole: TitleForm, cut: TitleForm];
  units: Unit[];
  entities: string[];
}

function splitUnits(text: string): string[] {
  const paragraphs = text.split(/\n+/).filter((p) => p.trim() !== '');
  if (paragraphs.length >= 3) return paragraphs;
  return paragraphs.flatMap((p) => p.split(/(?<=[.!?؟])\s+/)).filter((s) => s.trim() !== '');
}

/**
 * `termsOf` analyses without the recognizers: the terms are the production analyzer's, with hashtags split
 * into their words as `placeInput` splits them.
 */
export async function loadBases(analyze: AnalyzeFn, termsOf: AnalyzeFn): Promise<Base[]> {
  const lines = gunzipSync(readFileSync(STREAM)).toString('utf8').split('\n');
  const bases: Base[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as {
      id: string;
      source?: string;
      published?: string;
      title?: string;
      text?: string;
    };
    const article = articleOf(a.id, a.source ?? 'unknown', a.title ?? '', a.text ?? '', a.published ?? '');
    const time = Date.parse(a.published ?? '') || 0;
    const units = splitUnits(a.text ?? '').map((text): Unit => {
      const hash = fingerprint('', text).paragraphs[0];
      const { terms } = termsOf(articleOf('', '', '', text, ''));
      return {
        text,
        words: Uint32Array.from(wordHashes(text)),
        terms: hashtagWords(terms),
        ...(hash === undefined ? {} : { hash }),
        days: weekdayMask(text),
      };
    });
    const title = a.title ?? '';
    const titleForm = (t: string): TitleForm => ({
      title: t,
      terms: hashtagWords(termsOf(articleOf('', '', t, '', '')).titleTerms),
      hash: fingerprint(t, '').titleHash,
      days: weekdayMask(t),
    });
    bases.push({
      id: a.id,
      sourceId: article.sourceId,
      time,
      titles: [titleForm(title), titleForm(title.split(' ').slice(1).join(' '))],
      units,
      entities: placeInput(article, analyze(article), time).entities.slice(),
    });
  }
  return bases.sort((x, y) => x.time - y.time || (x.id < y.id ? -1 : 1));
}

function articleOf(id: string, sourceId: string, title: string, text: string, published: string): Article {
  return { id, sourceId, url: `https://${sourceId}.example/${id}`, title, text, published };
}

/** Which unit replica `r` drops (-1: none) and which title form it has. */
function shape(base: Base, r: number): { drop: number; title: TitleForm } {
  return {
    drop: base.units.length >= 3 ? r % base.units.length : -1,
    title: base.titles[r % 3 === 1 ? 1 : 0],
  };
}

/** The replica as an article: what the production path would read. */
function variantArticle(base: Base, r: number): Article {
  const { drop, title } = shape(base, r);
  const text = base.units
    .filter((_, i) => i !== drop)
    .map((u) => u.text)
    .join('\n');
  return articleOf(
    `${base.id}-r${r}`,
    base.sourceId,
    title.title,
    text,
    new Date(variantTime(base, r)).toISOString(),
  );
}

function variantTime(base: Base, r: number): number {
  return base.time + r * SHIFT_DAYS * DAY;
}

/** Replica `r`'s placement input, composed from the base's per-unit parts (equal to `placeInput`'s). */
export function variant(base: Base, r: number): PlaceInput {
  const { drop, title } = shape(base, r);
  let n = 0;
  for (let i = 0; i < base.units.length; i++) if (i !== drop) n += base.units[i]!.words.length;
  const words = new Uint32Array(n);
  const bodyTerms: string[] = [];
  const paragraphs: number[] = [];
  let textDays = 0;
  n = 0;
  base.units.forEach((u, i) => {
    if (i === drop) return;
    words.set(u.words, n);
    n += u.words.length;
    for (const t of u.terms) bodyTerms.push(t);
    if (u.hash !== undefined) paragraphs.push(u.hash);
    textDays |= u.days;
  });
  const set = shingleSet(Array.from(words));
  return {
    id: `${base.id}-r${r}`,
    sourceId: base.sourceId,
    timeMs: variantTime(base, r),
    title: title.title,
    terms: bodyTerms,
    titleTerms: title.terms,
    entities: base.entities,
    fingerprint: {
      signature: minhash(set),
      shingles: set.length,
      titleHash: title.hash,
      paragraphs: Uint32Array.from(paragraphs),
      sample: set.slice(0, SAMPLE_SIZE),
      days: dayMask(title.days, textDays),
    },
  };
}

/**
 * Compare composed inputs with the production `placeInput` on the replicas' texts: any difference but the
 * entities fails the bench. Returns the share of replicas whose own entities equal the base's.
 */
function selfCheck(bases: Base[], analyze: AnalyzeFn): number {
  let sameEntities = 0;
  for (let i = 0; i < CHECKED; i++) {
    const base = bases[(i * 7919) % bases.length]!;
    const r = i % 7;
    const article = variantArticle(base, r);
    const real = placeInput(article, analyze(article), variantTime(base, r));
    const ours = variant(base, r);
    const { entities: realEntities, ...realRest } = real;
    const { entities: ourEntities, ...ourRest } = ours;
    for (const field of Object.keys(realRest) as (keyof typeof realRest)[]) {
      if (JSON.stringify(realRest[field], typedArrays) !== JSON.stringify(ourRest[field], typedArrays))
        throw new Error(`bench input of ${ours.id} differs from placeInput's in ${field}`);
    }
    if (JSON.stringify([...realEntities].sort()) === JSON.stringify([...ourEntities].sort())) sameEntities++;
  }
  return sameEntities / CHECKED;
}

function typedArrays(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) ? Array.from(value as Uint32Array) : value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Inputs in placement order: replica rounds one after the other, each over the stream in time order. */
function* inputs(bases: Base[]): Generator<PlaceInput> {
  for (let r = 0; ; r++) for (const base of bases) yield variant(base, r);
}

/** Place `batch`, returning [CPU ms, wall ms] of the `place` calls alone. */
function placeAll(corpus: Corpus, batch: PlaceInput[]): [number, number] {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const input of batch) corpus.place(input);
  return [cpuMs(process.cpuUsage(cpu)), performance.now() - t0];
}

/** `related()` latency over articles drawn evenly from the whole corpus (CPU and wall ms). */
function relatedLatency(corpus: Corpus, bases: Base[], rounds: number): { cpu: number[]; wall: number[] } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const b = bases[(i * 7919) % bases.length]!;
    const id = `${b.id}-r${(i * 104729) % rounds}`;
    if (!corpus.has(id)) continue;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    corpus.related(id, { limit: 10 });
    wall.push(performance.now() - t0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
  }
  cpu.sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  return { cpu, wall };
}

/** 10,000 copies of one wire text within a day, each a little different: placement must stay bounded. */
function burst(corpus: Corpus, bases: Base[], after: number): number {
  const base = bases.reduce((best, b) => (b.units.length > best.units.length ? b : best), bases[0]!);
  const batch: PlaceInput[] = [];
  for (let i = 0; i < BURST; i++) {
    const input = variant(base, i);
    batch.push({
      ...input,
      id: `${base.id}-burst${i}`,
      sourceId: `wire-${i % 500}`,
      timeMs: after + i * 8_000,
    });
  }
  const [cpu] = placeAll(corpus, batch);
  return Math.round((BURST / cpu) * 1000);
}

export async function run(): Promise<Record<string, unknown>> {
  const max = Math.max(10_000, Number(process.env.NABA_BENCH_MAX) || 100_000);
  const sizes = [10_000, 100_000, 1_000_000].filter((s) => s <= max);
  if (!sizes.includes(max)) sizes.push(max);
  const gc = (globalThis as { gc?: () => void }).gc;
  const analyze = await createAnalyzer({ sections: false });
  const bases = await loadBases(analyze, await createAnalyzer({ entities: false, sections: false }));
  const entitiesAsBase = selfCheck(bases, analyze);
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const corpus = new Corpus();
  const figures: Record<string, unknown> = {
    input_check_replicas: CHECKED,
    entities_as_base_share: round2(entitiesAsBase),
  };
  const rows: string[] = [];
  const source = inputs(bases);
  let placed = 0;
  let cpuTotal = 0;
  let wallTotal = 0;
  let segmentCpu = 0;
  let segmentCount = 0;
  let latestTime = 0;
  for (const size of sizes) {
    while (placed < size) {
      const batch: PlaceInput[] = [];
      while (batch.length < Math.min(BATCH, size - placed)) batch.push(source.next().value as PlaceInput);
      const [cpu, wall] = placeAll(corpus, batch);
      cpuTotal += cpu;
      wallTotal += wall;
      segmentCpu += cpu;
      segmentCount += batch.length;
      placed += batch.length;
      latestTime = Math.max(latestTime, batch.at(-1)!.timeMs);
    }
    const rounds = Math.ceil(placed / bases.length);
    const related = relatedLatency(corpus, bases, rounds);
    gc?.();
    const rss = process.memoryUsage().rss;
    const key = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
    const perCpu = Math.round((placed / cpuTotal) * 1000);
    const segment = Math.round((segmentCount / segmentCpu) * 1000);
    const mbPer100k = Math.round(((rss - rssBefore) / 1_048_576 / placed) * 100_000 * 10) / 10;
    Object.assign(figures, {
      [`place_per_cpu_s_${key}`]: perCpu,
      [`place_per_cpu_s_segment_${key}`]: segment,
      [`place_per_s_wall_${key}`]: Math.round((placed / wallTotal) * 1000),
      [`related_p50_cpu_ms_${key}`]: round2(percentile(related.cpu, 0.5)),
      [`related_p99_cpu_ms_${key}`]: round2(percentile(related.cpu, 0.99)),
      [`related_p50_ms_${key}`]: round2(percentile(related.wall, 0.5)),
      [`related_p99_ms_${key}`]: round2(percentile(related.wall, 0.99)),
      [`rss_mb_${key}`]: Math.round(rss / 1_048_576),
      [`rss_mb_per_100k_${key}`]: mbPer100k,
    });
    rows.push(
      `${key.padStart(5)}  ${String(perCpu).padStart(5)}/CPU-s (this segment ${segment}/CPU-s, ${figures[`place_per_s_wall_${key}`]}/s wall)  ` +
        `related CPU p50 ${figures[`related_p50_cpu_ms_${key}`]} ms p99 ${figures[`related_p99_cpu_ms_${key}`]} ms ` +
        `(wall ${figures[`related_p50_ms_${key}`]} / ${figures[`related_p99_ms_${key}`]} ms)  rss ${figures[`rss_mb_${key}`]} MB (${mbPer100k} MB/100k)`,
    );
    segmentCpu = 0;
    segmentCount = 0;
  }
  figures.burst_place_per_cpu_s = burst(corpus, bases, latestTime + DAY);
  rows.push(`burst  ${BURST} copies of one wire text in one day: ${figures.burst_place_per_cpu_s}/CPU-s`);
  process.stdout.write(`${rows.join('\n')}\n`);
  figures.max = max;
  const last = sizes.at(-1)! >= 1_000_000 ? `${sizes.at(-1)! / 1_000_000}M` : `${sizes.at(-1)! / 1000}k`;
  figures.summary =
    `placement ${figures[`place_per_cpu_s_${last}`]} articles per CPU second over ${max} ` +
    `(last segment ${figures[`place_per_cpu_s_segment_${last}`]}), related p99 ${figures[`related_p99_cpu_ms_${last}`]} ms CPU, ` +
    `${figures[`rss_mb_per_100k_${last}`]} MB per 100k articles`;
  return figures;
}
