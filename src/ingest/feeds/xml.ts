/**
 * What a response body is (before any parser sees it) and how to get well-formed XML out of it:
 * strict validation first, then two narrow repairs for what real feeds get wrong most often.
 */
import { XMLValidator } from 'fast-xml-parser';

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'json'; text: string }
  | { kind: 'html' }
  | { kind: 'xml'; root: string; text: string }
  | { kind: 'other'; start: string };

const PROLOG_PART = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>)/i;

/**
 * Classify a body by its first element, skipping BOM, whitespace, XML declaration, processing
 * instructions, comments and DOCTYPE. `root` is the local name, lowercased (`rdf:RDF` → `rdf`).
 * The XML declaration's `encoding=` is irrelevant here: the body is already a decoded string.
 */
export function sniff(body: string): Sniffed {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return { kind: 'empty' };
  if (text[0] === '{') return { kind: 'json', text };
  let rest = text;
  let sawHtmlDoctype = false;
  for (let guard = 0; guard < 1000; guard++) {
    const m = rest.match(PROLOG_PART);
    if (!m) break;
    if (/^<!DOCTYPE\s+html\b/i.test(m[0])) sawHtmlDoctype = true;
    rest = rest.slice(m[0].length);
  }
  if (rest === '') return sawHtmlDoctype ? { kind: 'html' } : { kind: 'empty' };
  const tag = rest.match(/^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/);
  if (!tag) return { kind: 'other', start: text.slice(0, 40) };
  const root = tag[2]!.toLowerCase();
  if (root === 'html' || sawHtmlDoctype) return { kind: 'html' };
  return { kind: 'xml', root, text };
}

export type Checked = { ok: true; xml: string; partial: boolean } | { ok: false; error: string };

/**
 * Well-formed XML or the reason it is not. When strict validation fails: (1) bare `&` outside CDATA is
 * escaped (the most common publisher error, harmless to fix); (2) a body cut off mid-transfer is cut back
 * to its last complete `</itemTag>` and its open elements closed, and reported as `partial`. Anything
 * else (mismatched tags, garbage) stays an error.
 */
export function checkXml(xml: string, itemTag: string): Checked {
  const first = XMLValidator.validate(xml);
  if (first === true) return { ok: true, xml, partial: false };
  const escaped = escapeBareAmpersands(xml);
  if (escaped !== xml && XMLValidator.validate(escaped) === true)
    return { ok: true, xml: escaped, partial: false };
  const cut = cutToLastItem(escaped, itemTag);
  if (cut !== undefined && XMLValidator.validate(cut) === true) return { ok: true, xml: cut, partial: true };
  const { msg, line, col } = first.err;
  return { ok: false, error: `malformed XML at line ${line}, col ${col}: ${msg.replace(/\s+/g, ' ')}` };
}

function escapeBareAmpersands(xml: string): string {
  if (!xml.includes('&')) return xml;
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/&(?!(?:[A-Za-z_][\w.-]*|#\d+|#[xX][0-9a-fA-F]+);)/g, '&amp;'),
    )
    .join('');
}

const TOKEN =
  /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<(\/?)([A-Za-z_][\w:.-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/gi;

/** The body up to its last complete item, with the still-open ancestors closed; undefined if none. */
function cutToLastItem(xml: string, itemTag: string): string | undefined {
  const close = new RegExp(`</(?:[\\w.-]+:)?${itemTag}\\s*>`, 'gi');
  let end = -1;
  for (const m of xml.matchAll(close)) end = m.index + m[0].length;
  if (end === -1) return undefined;
  const head = xml.slice(0, end);
  const stack: string[] = [];
  for (const m of head.matchAll(TOKEN)) {
    const name = m[2];
    if (!name || m[3] === '/') continue;
    if (m[1] === '/') {
      if (stack.pop() !== name) return undefined;
    } else {
      stack.push(name);
    }
  }
  return (
    head +
    stack
      .reverse()
      .map((n) => `</${n}>`)
      .join('')
  );
}
