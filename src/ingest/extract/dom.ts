/**
 * HTML → DOM through linkedom. linkedom has no HTML5 tree builder, so a page without `<html>`/`<body>`
 * (fragments, truncated or broken markup) would lose its body; we rebuild the skeleton first.
 */
import { parseHTML } from 'linkedom';

const HEAD_TAGS = new Set(['html', 'head', 'title', 'meta', 'link', 'base', 'script', 'style', 'noscript']);
const RAW_TEXT = new Set(['title', 'script', 'style', 'noscript']);

/** Index where body content starts in a page that has no `<body>` tag. */
function bodyStart(html: string): number {
  const headEnd = /<\/head\s*>/i.exec(html);
  if (headEnd) return headEnd.index + headEnd[0].length;
  const re = /<!--[\s\S]*?-->|<![^>]*>|<(\/?)([a-zA-Z][\w-]*)[^>]*>|[^<\s]/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const token = m[0];
    if (token.startsWith('<!')) continue;
    const name = m[2]?.toLowerCase();
    if (!name) return m.index; // loose text outside any head element
    if (!HEAD_TAGS.has(name)) return m.index;
    if (!m[1] && RAW_TEXT.has(name)) {
      // Skip the raw text element's content so `<title>a<b</title>` does not end the head early.
      const close = new RegExp(`</${name}\\s*>`, 'ig');
      close.lastIndex = re.lastIndex;
      const end = close.exec(html);
      if (!end) return html.length;
      re.lastIndex = end.index + end[0].length;
    }
  }
  return html.length;
}

/** Gives linkedom a well-formed `<html><head>…</head><body>…</body></html>` skeleton. */
export function repairHtml(html: string): string {
  const htmlTag = /<html\b[^>]*>/i.exec(html);
  const bodyTag = /<body\b[^>]*>/i.exec(html);
  if (htmlTag && bodyTag && htmlTag.index < bodyTag.index) return html;
  const attrs = htmlTag ? htmlTag[0].slice(5, -1) : '';
  let head: string;
  let body: string;
  let bodyAttrs = '';
  if (bodyTag) {
    head = html.slice(0, bodyTag.index);
    body = html.slice(bodyTag.index + bodyTag[0].length);
    bodyAttrs = bodyTag[0].slice(5, -1);
  } else {
    const start = bodyStart(html);
    head = html.slice(0, start);
    body = html.slice(start);
  }
  const strip = (s: string) =>
    s.replace(/<!doctype[^>]*>|<\/?html\b[^>]*>|<\/?head\b[^>]*>|<\/body\s*>/gi, '');
  return `<!DOCTYPE html><html${attrs}><head>${strip(head)}</head><body${bodyAttrs}>${strip(body)}</body></html>`;
}

/** Parses a page into a DOM document (never throws on bad markup; an empty string gives an empty body). */
export function parseDocument(html: string): Document {
  const { document } = parseHTML(repairHtml(html));
  return document as unknown as Document;
}
