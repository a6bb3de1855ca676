/**
 * Adds a golden extraction page: `npx tsx scripts/add-page.ts <case> <file.html[.gz]> --url <page url>`.
 * Writes test/pages/<case>/source.html (decoded to UTF-8) and a DRAFT expected.json from the current
 * extractor. Read the draft against the page and correct it by hand: a golden file copied blindly from the
 * program's output tests nothing. Use pages you wrote yourself or may redistribute.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from '../src/ingest/extract/index.ts';
import { decodeBytes, detectCharset } from '../src/ingest/fetch/charset.ts';

const FIELDS = [
  'title',
  'text',
  'author',
  'published',
  'modified',
  'image',
  'canonicalUrl',
  'language',
  'section',
  'publisherTags',
  'sourceLine',
  'quotes',
] as const;

function main(argv: string[]): void {
  const [name, file] = argv;
  const urlAt = argv.indexOf('--url');
  const url = urlAt >= 0 ? argv[urlAt + 1] : undefined;
  if (!name || !file || !url || !/^[a-z0-9-]+$/.test(name)) {
    process.stderr.write('usage: tsx scripts/add-page.ts <case-name> <file.html[.gz]> --url <page url>\n');
    process.exitCode = 2;
    return;
  }
  const dir = join(import.meta.dirname, '..', 'test', 'pages', name);
  if (existsSync(dir) && !argv.includes('--force')) {
    process.stderr.write(`add-page: ${dir} exists (use --force to overwrite)\n`);
    process.exitCode = 1;
    return;
  }
  let bytes: Uint8Array = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const html = decodeBytes(bytes, detectCharset(bytes, null).charset);
  const article = extract(html, url);
  const expected: Record<string, unknown> | null = article ? {} : null;
  if (article && expected) {
    for (const f of FIELDS) if (article[f] !== undefined) expected[f] = article[f];
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'source.html'), html);
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ url, article: expected }, null, 2)}\n`);
  process.stdout.write(`add-page: wrote ${dir}; now review expected.json by hand against the page\n`);
}

main(process.argv.slice(2));
