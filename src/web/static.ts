/** The stylesheet and the self-hosted Arabic font, read once at start and served with long caching. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Uint8Array;
  type: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function fontFile(weight: 400 | 700): Uint8Array {
  const pkg = dirname(require.resolve('@fontsource/noto-naskh-arabic/package.json'));
  return readFileSync(join(pkg, 'files', `noto-naskh-arabic-arabic-${weight}-normal.woff2`));
}

// The letter nun on the accent colour: no text element, so it needs no font.
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#8a1c1c"/>' +
  '<path d="M8 15a8 8 0 0 0 16 0" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/>' +
  '<circle cx="16" cy="9" r="2.2" fill="#fff"/></svg>';

let files: Map<string, StaticFile> | null = null;

/** Path under `/static/` → file. */
export function staticFiles(): Map<string, StaticFile> {
  if (!files) {
    files = new Map([
      ['style.css', { body: readFileSync(join(here, 'style.css')), type: 'text/css; charset=utf-8' }],
      ['favicon.svg', { body: Buffer.from(FAVICON), type: 'image/svg+xml' }],
      ['fonts/naskh-400.woff2', { body: fontFile(400), type: 'font/woff2' }],
      ['fonts/naskh-700.woff2', { body: fontFile(700), type: 'font/woff2' }],
    ]);
  }
  return files;
}

let version: string | null = null;

/** Short hash of the stylesheet, put in its URL so a changed file is fetched again despite caching. */
export function staticVersion(): string {
  if (!version) {
    const css = staticFiles().get('style.css')!.body;
    version = createHash('sha256').update(css).digest('hex').slice(0, 10);
  }
  return version;
}

/** Strong validator of a static file. */
export function staticEtag(file: StaticFile): string {
  return `"${createHash('sha256').update(file.body).digest('base64url').slice(0, 22)}"`;
}
