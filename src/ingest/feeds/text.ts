import { parseDate } from '../../text/dates.ts';

// Feed parsers decode one level of entities; publishers often escape twice (`&amp;quot;`), so the
// second level is decoded here. Only the entities news feeds actually use, plus numeric references.
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  zwnj: '\u200c',
  zwj: '\u200d',
  rlm: '\u200f',
  lrm: '\u200e',
};

/** Decode numeric references and the named entities above; unknown names stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    const name = body.toLowerCase();
    return Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name]! : whole;
  });
}

/** Plain text of a title or summary that may carry markup: tags dropped, entities decoded, spaces collapsed. */
export function htmlToText(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  let t = s;
  if (t.includes('<')) {
    t = t
      .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<[^>]*>/g, ' ');
  }
  t = decodeEntities(t).replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text (JSON Feed `content_text`, Atom `type="text"`) as HTML paragraphs, so `contentHtml` is always HTML. */
export function textToHtml(s: string): string {
  return s
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * ISO 8601 form of a feed date, or undefined. The shared date parser comes first (it knows Arabic month
 * names and offsets); machine formats it declines (RFC 822 variants) fall back to the JS parser, but only
 * when the string carries a four-digit year, since `new Date` guesses wildly on anything else.
 */
export function toIsoDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  let parsed: string | null = null;
  try {
    parsed = parseDate(s);
  } catch {
    parsed = null;
  }
  if (parsed) return parsed;
  if (!/\b\d{4}\b/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Absolute http(s) URL of `href` against `base`, or undefined when it is not a web URL. */
export function resolveHttpUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  if (h === '') return undefined;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
