/**
 * Placement (dedup + story) throughput and related-articles latency as the corpus grows. The shared
 * SaudiNewsNet stream (six days) is replicated into a year: replica r of an article is shifted by r × 4
 * days, drops one of its paragraphs in turn and gets a slightly changed title, so copies are near, not
 * exact, duplicates. Analysis (terms, per-paragraph MinHash) is done once per base article and reused, so
 * the figures isolate placement. Sizes: 10k, 100k, … up to NABA_BENCH_MAX (default 100,000; the 1M run
 * is `NABA_BENCH_MAX=1000000 npm run bench corpus`).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Corpus, type PlaceInput } from '../src/corpus/corpus.ts';
import { type Fingerprint, fingerprint, NUM_HASHES } from '../src/corpus/fingerprint.ts';
import { terms } from '../src/text/analyzer.ts';

const STREAM = '../shared/data/stream/saudinewsnet.jsonl.gz';
const DAY = 86_400_000;
const SHIFT_DAYS = 4;
const LATENCY_SAMPLES = 300;

interface Base {
  id: string;
  sourceId: string;
  time: number;
  title: string;
  titleTerms: string[];
  terms: string[];
  paragraphs: Fingerprint[];
}

function loadBases(): Base[] {
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
    const text = a.text ?? '';
    const paragraphs = text
      .split(/\n+/)
      .filter((p) => p.trim() !== '')
      .map((p) => fingerprint('', p));
    bases.push({
      id: a.id,
      sourceId: a.source ?? 'unknown',
      time: Date.parse(a.published ?? '') || 0,
      title: a.title ?? '',
      titleTerms: terms(a.title ?? ''),
      terms: terms(text),
      paragraphs,
    });
  }
  return bases.sort((x, y) => x.time - y.time || (x.id < y.id ? -1 : 1));
}

/** Replica `r` of `base`: minhash of the union of the kept paragraphs is the element-wise minimum. */
function variant(base: Base, r: number): PlaceInput {
  const drop = base.paragraphs.length >= 3 ? r % base.paragraphs.length : -1;
  const signature = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  let shingles = 0;
  const kept: number[] = [];
  base.paragraphs.forEach((p, i) => {
    if (i === drop) return;
    shingles += p.shingles;
    kept.push(p.paragraphs[0] ?? 0);
    for (let h = 0; h < NUM_HASHES; h++) if (p.signature[h]! < signature[h]!) signature[h] = p.signature[h]!;
  });
  const titleTerms = r % 3 === 1 ? base.titleTerms.slice(1) : base.titleTerms;
  return {
    id: `${base.id}-r${r}`,
    sourceId: base.sourceId,
    timeMs: base.time + r * SHIFT_DAYS * DAY,
    title: r % 3 === 1 ? base.title.split(' ').slice(1).join(' ') : base.title,
    terms: base.terms,
    titleTerms,
    entities: [],
    fingerprint: { signature, shingles, titleHash: r % 3, paragraphs: Uint32Array.from(kept) },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export async function run(): Promise<Record<string, unknown>> {
  const max = Math.max(10_000, Number(process.env.NABA_BENCH_MAX) || 100_000);
  const sizes = [10_000, 100_000, 1_000_000].filter((s) => s <= max);
  if (!sizes.includes(max)) sizes.push(max);
  const bases = loadBases();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const corpus = new Corpus();
  const figures: Record<string, unknown> = {};
  const rows: string[] = [];
  let placed = 0;
  let segmentStart = performance.now();
  let segmentCount = 0;
  let totalMs = 0;
  // CPU time too: on a shared machine wall time also counts other processes' turns.
  let cpuMicros = 0;
  let segmentCpu = process.cpuUsage();
  // A replica round covers the stream once, in time order: rounds follow each other in time.
  for (let r = 0; placed < max; r++) {
    for (const base of bases) {
      if (placed >= max) break;
      // The variant is built inside the CPU segment but outside the wall-clock timing of `place`.
      const input = variant(base, r);
      const t = performance.now();
      corpus.place(input);
      const dt = performance.now() - t;
      totalMs += dt;
      placed++;
      segmentCount++;
      if (!sizes.includes(placed)) continue;
      const used = process.cpuUsage(segmentCpu);
      cpuMicros += used.user + used.system;
      const elapsed = performance.now() - segmentStart;
      // Cost of the latest tenth of the articles: flat when it stays the same as the corpus grows.
      const latencies: number[] = [];
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const b = bases[(i * 7919) % bases.length]!;
        const rr = Math.floor((i * 104729) % Math.max(1, r + 1));
        const id = `${b.id}-r${Math.min(rr, r)}`;
        if (!corpus.has(id)) continue;
        const t0 = performance.now();
        corpus.related(id, { limit: 10 });
        latencies.push(performance.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      const rss = process.memoryUsage().rss;
      const key = placed >= 1_000_000 ? `${placed / 1_000_000}M` : `${placed / 1000}k`;
      const rate = Math.round((placed / totalMs) * 1000);
      const recent = Math.round((segmentCount / elapsed) * 1000);
      const mbPer100k = Math.round(((rss - rssBefore) / placed) * 100_000) / 1_048_576;
      figures[`place_per_s_${key}`] = rate;
      figures[`place_per_cpu_s_${key}`] = Math.round((placed / cpuMicros) * 1e6);
      figures[`place_per_s_last_segment_${key}`] = recent;
      figures[`related_p50_ms_${key}`] = Math.round(percentile(latencies, 0.5) * 100) / 100;
      figures[`related_p99_ms_${key}`] = Math.round(percentile(latencies, 0.99) * 100) / 100;
      figures[`rss_mb_per_100k_${key}`] = Math.round(mbPer100k * 10) / 10;
      rows.push(
        `${key.padStart(5)}  ${String(rate).padStart(6)}/s wall, ${figures[`place_per_cpu_s_${key}`]}/s per CPU second (segment ${recent}/s)  related p50 ${figures[`related_p50_ms_${key}`]} ms  p99 ${figures[`related_p99_ms_${key}`]} ms  rss ${Math.round(rss / 1_048_576)} MB (${figures[`rss_mb_per_100k_${key}`]} MB/100k)`,
      );
      segmentStart = performance.now();
      segmentCount = 0;
      segmentCpu = process.cpuUsage();
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  figures.max = max;
  const last = sizes.at(-1)! >= 1_000_000 ? '1M' : `${sizes.at(-1)! / 1000}k`;
  figures.summary = `placement ${figures[`place_per_s_${last}`]} articles/s wall (${figures[`place_per_cpu_s_${last}`]} per CPU second) at ${max}, one core (NABA_BENCH_MAX=1000000 for 1M)`;
  return figures;
}
