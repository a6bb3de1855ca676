/**
 * Allow-list sanitizer for extracted article HTML. The publisher's markup is parsed (linkedom) and written
 * out again from scratch: only the tags below survive, with no attributes except a checked `href`, so
 * anything unknown (event handlers, styles, `javascript:`/`data:` URLs, trackers) has no way through.
 * Images become plain links (a remote image is a tracker on our page) or are dropped.
 */
import { parseHTML } from 'linkedom';

/** Tags kept as they are. */
const KEEP = new Set(['p', 'br', 'strong', 'em', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'a']);
/** Tags kept under another name (our page has one h1: the title). */
const RENAME: Record<string, string> = { b: 'strong', i: 'em', h1: 'h2', h5: 'h4', h6: 'h4' };
/** Tags dropped with everything inside them. */
const DROP = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'template',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'video',
  'audio',
  'source',
  'track',
  'canvas',
  'picture',
  'map',
  'area',
  'dialog',
]);
const VOID = new Set(['br']);
const LINK_REL = 'noopener nofollow ugc';
/** Nesting deeper than this is flattened: real articles never get near it, hostile input may. */
const MAX_DEPTH = 64;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** An absolute http(s) URL, resolved against `base`; null for any other scheme or garbage. */
export function safeHttpUrl(href: string | null | undefined, base?: string): string | null {
  if (!href) return null;
  // Browsers ignore control characters and whitespace inside schemes (`java\tscript:`); so do we, then check.
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  if (!cleaned) return null;
  let url: URL;
  try {
    url = base ? new URL(cleaned, base) : new URL(cleaned);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

type Frame = { node: DomNode; index: number; close: string; depth: number };

/**
 * Safe HTML from extracted HTML: allow-listed tags, links only to http(s) (with `rel="noopener nofollow
 * ugc"`), images as links to the picture. `base` resolves relative links. Linear in the input size.
 */
export function sanitizeHtml(html: string, base?: string): string {
  if (!html) return '';
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const body = document.body as unknown as DomNode | null;
  if (!body) return '';
  const out: string[] = [];
  const stack: Frame[] = [{ node: body, index: 0, close: '', depth: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.node.childNodes.length) {
      out.push(frame.close);
      stack.pop();
      continue;
    }
    const child = frame.node.childNodes[frame.index++]!;
    if (child.nodeType === 3) {
      out.push(escapeHtml(child.textContent ?? ''));
      continue;
    }
    if (child.nodeType !== 1) continue; // comments, processing instructions, doctype
    const name = child.nodeName.toLowerCase();
    if (DROP.has(name)) continue;
    if (name === 'img') {
      const src = safeHttpUrl(child.getAttribute?.('src'), base);
      if (src) {
        const alt = (child.getAttribute?.('alt') ?? '').trim();
        out.push(
          `<a href="${escapeHtml(src)}" rel="${LINK_REL}">${escapeHtml(alt ? `صورة: ${alt}` : 'صورة')}</a>`,
        );
      }
      continue;
    }
    const tag = frame.depth >= MAX_DEPTH ? undefined : (RENAME[name] ?? (KEEP.has(name) ? name : undefined));
    if (tag === 'a') {
      const href = safeHttpUrl(child.getAttribute?.('href'), base);
      if (!href) {
        // A link to nowhere safe keeps its words.
        stack.push({ node: child, index: 0, close: '', depth: frame.depth + 1 });
        continue;
      }
      out.push(`<a href="${escapeHtml(href)}" rel="${LINK_REL}">`);
      stack.push({ node: child, index: 0, close: '</a>', depth: frame.depth + 1 });
      continue;
    }
    if (tag && VOID.has(tag)) {
      out.push(`<${tag}>`);
      continue;
    }
    if (tag) out.push(`<${tag}>`);
    stack.push({ node: child, index: 0, close: tag ? `</${tag}>` : '', depth: frame.depth + 1 });
  }
  return out.join('').trim();
}
