/**
 * Per-article analysis throughput: `analyzeArticle` (terms, tags, entities, section, quoted sources) over every
 * article of the SaudiNewsNet stream on one core, plus the memory the loaded models take (RSS and heap after
 * loading, minus before) and where the time goes (each part alone on a sample).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { shippedDocFreq } from '../src/analyze/docfreq.ts';
import { linkEntities, recognizeEntities } from '../src/analyze/entities/index.ts';
import { analyzeArticle } from '../src/analyze/index.ts';
import { extractKeyphrases } from '../src/analyze/keyphrases/index.ts';
import { findQuotedSources } from '../src/analyze/provenance/index.ts';
import { classifySection } from '../src/analyze/sections/index.ts';
import { analyze } from '../src/text/analyzer.ts';

const STREAM = '../shared/data/stream/saudinewsnet.jsonl.gz';
const SAMPLE = 2000;

type Doc = { title: string; text: string; sourceId?: string };

async function loadDocs(): Promise<Doc[]> {
  const docs: Doc[] = [];
  const lines = createInterface({
    input: createReadStream(STREAM).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { title?: string; text?: string; source?: string };
    docs.push({ title: a.title ?? '', text: a.text ?? '', sourceId: a.source });
  }
  return docs;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * CPU milliseconds of this process spent in `fn` (user + system). The bench machine is shared, so wall time
 * says more about the neighbours than about us; one single-threaded process's CPU time is its one-core time.
 */
function time(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

function wall(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function run(): Promise<Record<string, unknown>> {
  const docs = await loadDocs();
  gc();
  const before = process.memoryUsage();
  // First use loads every model: the docfreq prior, the entity tagger, the section classifier.
  const loadMs = time(() => {
    shippedDocFreq();
    analyzeArticle({ title: 'تحميل', text: 'بحث وزير الخارجية مع نظيره العراقي التطورات في حلب.' });
  });
  gc();
  const after = process.memoryUsage();

  // Warm the JIT on a slice, then time the whole stream.
  for (const d of docs.slice(0, 300)) analyzeArticle(d);
  let tags = 0;
  let entities = 0;
  let sources = 0;
  const perArticle: number[] = [];
  let totalMs = 0;
  const wallMs = wall(() => {
    totalMs = time(() => {
      for (const d of docs) {
        const t0 = process.hrtime.bigint();
        const a = analyzeArticle(d);
        perArticle.push(Number(process.hrtime.bigint() - t0) / 1e6);
        tags += a.tags.length;
        entities += a.entities.length;
        sources += a.quotedSources.length;
      }
    });
  });
  perArticle.sort((a, b) => a - b);
  const rate = docs.length / (totalMs / 1000);

  // Where the time goes, each part alone on a sample (tokens are computed once, outside the parts' timers).
  const sample = docs.slice(0, SAMPLE);
  const tokens = sample.map((d) => analyze(d.text));
  const titleTokens = sample.map((d) => analyze(d.title));
  const tokenizeMs = time(() => {
    for (const d of sample) {
      analyze(d.text);
      analyze(d.title);
    }
  });
  // The tagger can throw on some input; count that rather than lose the whole bench.
  let entityFailures = 0;
  const names = (i: number) => {
    try {
      return linkEntities(recognizeEntities(tokens[i]!));
    } catch {
      entityFailures++;
      return [];
    }
  };
  const found = sample.map((_, i) => names(i));
  entityFailures = 0;
  const entitiesMs = time(() => {
    for (let i = 0; i < sample.length; i++) names(i);
  });
  const provenanceMs = time(() => {
    for (let i = 0; i < sample.length; i++) findQuotedSources(sample[i]!.text, tokens[i]!);
  });
  const docFreq = shippedDocFreq();
  const tagsMs = time(() => {
    for (let i = 0; i < sample.length; i++) {
      extractKeyphrases({ tokens: tokens[i]!, titleTokens: titleTokens[i]!, entities: found[i]!, docFreq });
    }
  });
  const sectionMs = time(() => {
    for (const d of sample) classifySection(d);
  });
  const per = (ms: number) => Math.round((ms / sample.length) * 1000) / 1000;

  return {
    summary: `${Math.round(rate)} articles per CPU-second for the whole analysis on one core (target ≥ 500); models ${mb(after.rss - before.rss)} MB RSS`,
    articles: docs.length,
    articles_per_cpu_s: Math.round(rate),
    articles_per_wall_s: Math.round(docs.length / (wallMs / 1000)),
    cpu_s: Math.round(totalMs) / 1000,
    wall_s: Math.round(wallMs) / 1000,
    // Per-article wall times (inflated when the machine is shared).
    ms_per_article_p50: Math.round(perArticle[perArticle.length >> 1]! * 1000) / 1000,
    ms_per_article_p99: Math.round(perArticle[Math.floor(perArticle.length * 0.99)]! * 1000) / 1000,
    ms_per_article_max: Math.round(perArticle[perArticle.length - 1]! * 1000) / 1000,
    model_load_ms: Math.round(loadMs),
    models_rss_mb: mb(after.rss - before.rss),
    models_heap_mb: mb(after.heapUsed - before.heapUsed),
    rss_mb_after_run: mb(process.memoryUsage().rss),
    tags_per_article: Math.round((tags / docs.length) * 10) / 10,
    entities_per_article: Math.round((entities / docs.length) * 10) / 10,
    quoted_sources_per_article: Math.round((sources / docs.length) * 100) / 100,
    sample: sample.length,
    ms_tokenize: per(tokenizeMs),
    ms_entities: per(entitiesMs),
    entity_failures_in_sample: entityFailures,
    ms_tags: per(tagsMs),
    ms_provenance: per(provenanceMs),
    ms_section: per(sectionMs),
  };
}
