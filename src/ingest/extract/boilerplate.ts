/**
 * Boilerplate that generic extractors keep inside the article container: "read also" teasers, related and
 * most-read lists, tag rows, share/print/font-size rows, "more" links, newsletter/app/follow prompts and the
 * `المصدر: …` attribution line. Found structurally: a block whose text STARTS with a marker is a label, and
 * what the label heads (itself, or the list/card right after it) goes, never by site-specific selectors.
 */
import { normalize } from '../../text/normalize.ts';
import { cleanText } from './text.ts';

type Kind = 'readAlso' | 'related' | 'tags' | 'controls' | 'more' | 'prompt';

const MARKERS: Record<Kind, string[]> = {
  readAlso: [
    'اقرأ أيضا',
    'اقرأ كذلك',
    'اقرأ المزيد',
    'شاهد أيضا',
    'طالع أيضا',
    'اقرأ',
    'read also',
    'also read',
    'read more',
    'see also',
    'related:',
    "don't miss",
    'must read',
    'لا تفوت',
    'لا يفوتك',
  ],
  related: [
    'مقالات مشابهة',
    'مقالات ذات صلة',
    'أخبار ذات صلة',
    'أخبار متعلقة',
    'مواضيع ذات صلة',
    'موضوعات ذات صلة',
    'مواضيع متعلقة',
    'الأكثر قراءة',
    'الأكثر مشاهدة',
    'الأكثر تداولا',
    'الأكثر تعليقا',
    'قد يهمك',
    'قد يعجبك',
    'ننصحك بقراءة',
    'آخر الأخبار',
    'أخبار متعلقة',
    'related articles',
    'related stories',
    'related news',
    'related content',
    'more stories',
    'more from',
    'most read',
    'most popular',
    'you may also like',
    'recommended for you',
    'trending',
  ],
  tags: [
    'كلمات دلالية',
    'الكلمات الدلالية',
    'الوسوم',
    'وسوم',
    'الكلمات المفتاحية',
    'كلمات مفتاحية',
    'الموضوعات',
    'tags',
    'topics',
    'keywords',
  ],
  controls: [
    'شارك',
    'شارك الخبر',
    'شارك المقال',
    'مشاركة',
    'طباعة',
    'تكبير الخط',
    'تصغير الخط',
    'حجم الخط',
    'share',
    'print',
    'email',
    'comments',
  ],
  more: ['المزيد', 'more', 'إعلان', 'advertisement', 'advert', 'sponsored', 'محتوى مدعوم', 'محتوى إعلاني'],
  prompt: [
    'اشترك في النشرة',
    'اشترك في نشرة',
    'اشترك الآن',
    'اشترك في قناة',
    'حمل تطبيق',
    'نزل تطبيق',
    'تابعونا على',
    'تابعنا على',
    'تابعوا',
    'لمتابعة أخر الأخبار',
    'sign up for',
    'subscribe to',
    'download the app',
    'follow us',
    'this website uses cookies',
    'this site uses cookies',
    'we use cookies',
    'يستخدم هذا الموقع',
    'this slideshow requires javascript',
    'please enable javascript',
    'يرجى تفعيل جافا سكريبت',
  ],
};

// Longest first so that "اقرأ أيضا" wins over "اقرأ".
const MARKER_LIST: { kind: Kind; key: string }[] = (Object.entries(MARKERS) as [Kind, string[]][])
  .flatMap(([kind, list]) => list.map((m) => ({ kind, key: normalize(m) })))
  .sort((a, b) => b.key.length - a.key.length);

const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'aside',
  'header',
  'footer',
  'nav',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'article',
  'figure',
  'blockquote',
  'table',
  'tr',
  'td',
  'form',
  'main',
  'body',
]);
const CONTROL_ELEMENTS = 'a, button, svg, i, img, input, select, [role="button"]';

/** Matching form of a short piece of text: normalized, punctuation and spacing tidied. */
function key(s: string): string {
  return normalize(s)
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The marker a text starts with (as a whole word), if any. */
export function markerAt(text: string): { kind: Kind; rest: string } | undefined {
  const k = key(text.slice(0, 80));
  for (const { kind, key: m } of MARKER_LIST) {
    if (k === m || k.startsWith(`${m} `)) {
      // "اقرأ" alone is only a label with nothing else; "اقرأ التقرير كاملا" is a sentence.
      if (m === key('اقرأ') && k !== m) continue;
      return { kind, rest: k.slice(m.length).trim() };
    }
  }
  return undefined;
}

function isBlock(el: Element): boolean {
  return BLOCKS.has(el.localName);
}

function textLength(el: Element): number {
  return cleanText(el.textContent).length;
}

/** Share of an element's text that sits inside links. */
export function linkDensity(el: Element): number {
  const total = textLength(el);
  if (total === 0) return 0;
  let inLinks = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) inLinks += textLength(a);
  return Math.min(1, inLinks / total);
}

function nextElement(el: Element): Element | null {
  let n = el.nextElementSibling;
  // Skip empty spacer elements between a label and what it heads.
  while (n && textLength(n) === 0 && !n.querySelector('img, a')) n = n.nextElementSibling;
  return n;
}

/** Widens a label block to its wrappers as long as they hold nothing but the label. */
function widen(block: Element, stop: Element): Element {
  let b = block;
  const len = textLength(b);
  while (b.parentElement && b.parentElement !== stop && !b.nextElementSibling) {
    if (textLength(b.parentElement) > len + 2) break;
    b = b.parentElement;
  }
  return b;
}

/** The outermost wrapper of a row that holds nothing else (a few characters of icon labels aside). */
function enclosing(block: Element, root: Element): Element {
  let b = block;
  const len = textLength(b);
  while (b.parentElement && b.parentElement !== root && textLength(b.parentElement) <= len + 20)
    b = b.parentElement;
  return b;
}

/** A card or list pointing at another article: link-dense, or an article/list/heading, or opened by one. */
function isTeaser(el: Element): boolean {
  if (/^(article|ul|ol|figure|h\d)$/.test(el.localName)) return true;
  if (linkDensity(el) >= 0.3) return true;
  const first = el.firstElementChild;
  return Boolean(
    first &&
      (/^(h\d|figure|a|img|picture)$/.test(first.localName) || first.querySelector('h1,h2,h3,h4,h5,h6')),
  );
}

function* textNodes(root: Node): Generator<Text> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeType === 3) {
      yield n as Text;
      continue;
    }
    const name = (n as Element).localName;
    if (name === 'script' || name === 'style' || name === 'noscript' || name === 'template') continue;
    const kids = n.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** The first non-blank text node under `el`. */
function firstText(el: Element): Text | undefined {
  for (const t of textNodes(el)) if (t.nodeValue?.trim()) return t;
  return undefined;
}

function nearestBlock(node: Node, root: Element): Element | null {
  let el = node.parentElement;
  while (el && el !== root && !isBlock(el)) el = el.parentElement;
  return el && el !== root ? el : null;
}

function tagsFrom(el: Element, label: string): string[] {
  const anchors = Array.from(el.querySelectorAll('a'))
    .map((a) => cleanText(a.textContent))
    .filter((t) => t && !markerAt(t) && t.length <= 60);
  if (anchors.length) return anchors;
  const text = cleanText(el.textContent);
  const after = text.startsWith(label) ? text.slice(label.length) : text;
  return after
    .replace(/^[\s:：-]+/, '')
    .split(/[,،;|]/)
    .map(cleanText)
    .filter((t) => t && !markerAt(t) && t.length <= 60);
}

export interface BoilerplateResult {
  tags: string[];
  removed: number;
}

/**
 * Removes boilerplate blocks under `root` in place and returns the publisher tags found in tag rows.
 * Linear in the size of the tree apart from the few matched blocks.
 */
export function stripBoilerplate(root: Element): BoilerplateResult {
  const tags: string[] = [];
  const doomed = new Set<Element>();
  for (const t of textNodes(root)) {
    const raw = t.nodeValue ?? '';
    if (!raw.trim() || raw.trim().length > 200) continue;
    const hit = markerAt(raw.trim());
    if (!hit) continue;
    const block = nearestBlock(t, root);
    if (!block || doomed.has(block)) continue;
    // The marker must open its block: a marker word in the middle of a paragraph is prose. Asked of the
    // text nodes, not of the block's joined text: `<strong>اقرأ أيضاً</strong><a>…` has no space between
    // the label and the teaser, so the joined text would start with a longer, unknown word.
    if (firstText(block) !== t) continue;
    const blockText = cleanText(block.textContent);
    const labelOnly = hit.rest.length <= 2 && blockText.length <= cleanText(raw).length + 2;
    const len = blockText.length;
    switch (hit.kind) {
      case 'tags': {
        if (len > 600 && linkDensity(block) < 0.5) break;
        const label = widen(block, root);
        const list = labelOnly ? nextElement(label) : null;
        const source = list && (linkDensity(list) > 0.5 || list.localName === 'ul') ? list : block;
        tags.push(...tagsFrom(source, raw.trim()));
        doomed.add(label);
        if (source !== block) doomed.add(source);
        break;
      }
      case 'readAlso': {
        if (len > 400 && linkDensity(block) < 0.3) break;
        const label = widen(block, root);
        doomed.add(label);
        if (labelOnly) {
          const teaser = nextElement(label);
          if (teaser && isTeaser(teaser)) doomed.add(teaser);
        }
        break;
      }
      case 'related': {
        if (!labelOnly && linkDensity(block) < 0.3) break;
        const label = widen(block, root);
        doomed.add(label);
        const list = labelOnly ? nextElement(label) : null;
        if (list && (linkDensity(list) > 0.3 || /^(ul|ol)$/.test(list.localName))) doomed.add(list);
        const box = label.parentElement;
        if (box && box !== root && linkDensity(box) > 0.5 && textLength(box) < 3000) doomed.add(box);
        break;
      }
      case 'controls': {
        if (len > 60) break;
        if (!labelOnly && !block.querySelector(CONTROL_ELEMENTS)) break;
        doomed.add(enclosing(block, root));
        break;
      }
      case 'more': {
        if (!labelOnly) break;
        doomed.add(block);
        break;
      }
      case 'prompt': {
        if (len > 200) break;
        doomed.add(enclosing(block, root));
        break;
      }
    }
  }
  for (const el of doomed) el.remove();
  return { tags: [...new Set(tags)], removed: doomed.size };
}

const SOURCE_LINE = /^(?:المصدر|مصدر الخبر|source)\s*[:：]\s*\S/i;

/**
 * Finds the publisher's attribution line (`المصدر: صدى البلد`) among the last blocks of the body, removes
 * it and returns it as printed.
 */
export function takeSourceLine(root: Element): string | undefined {
  const blocks = Array.from(root.querySelectorAll('p, div, span, li, h4, h5, h6, strong, em'));
  for (let i = blocks.length - 1; i >= 0; i--) {
    const el = blocks[i]!;
    const text = cleanText(el.textContent);
    if (text.length > 80 || !SOURCE_LINE.test(text)) continue;
    // The whole block, not a span inside it, so no empty paragraph stays behind.
    let b: Element = el;
    while (b.parentElement && b.parentElement !== root && cleanText(b.parentElement.textContent) === text)
      b = b.parentElement;
    b.remove();
    return text;
  }
  return undefined;
}

const ARABIC_SOURCE_LINE = /^(?:المصدر|مصدر الخبر)\s*[:：]\s*\S/;
const FURNITURE_KINDS = new Set<Kind>(['readAlso', 'related', 'tags', 'prompt']);

function hasFurnitureLabel(node: Node): boolean {
  let seen = 0;
  for (const t of textNodes(node)) {
    const raw = (t.nodeValue ?? '').trim();
    if (!raw) continue;
    const hit = raw.length <= 200 ? markerAt(raw) : undefined;
    if (hit && FURNITURE_KINDS.has(hit.kind)) return true;
    if (++seen > 400) return false;
  }
  return false;
}

/**
 * Arabic news pages end the story with its attribution (`المصدر: …`); when tag rows, "read also" teasers or
 * related lists follow it, everything after it is page furniture, including a whole teaser article laid out
 * as loose paragraphs that no label-based rule can bound. Returns those trailing nodes (the caller removes
 * them after harvesting tags). Only an attribution that closes a long run of text counts.
 */
export function furnitureAfterSourceLine(root: Element): Node[] {
  for (const el of Array.from(root.querySelectorAll('p, div, span, li, h4, h5, h6, strong, em'))) {
    const text = cleanText(el.textContent);
    // Arabic attribution only: an English "Source: …" line also heads quoted statements and charts.
    if (text.length > 80 || !ARABIC_SOURCE_LINE.test(text)) continue;
    let b: Element = el;
    while (b.parentElement && b.parentElement !== root && cleanText(b.parentElement.textContent) === text)
      b = b.parentElement;
    if (!b.parentElement || textLength(b.parentElement) < 400) continue;
    const after: Node[] = [];
    for (let n: Node | null = b; n && n !== root; n = n.parentNode) {
      for (let sib = n.nextSibling; sib; sib = sib.nextSibling) after.push(sib);
    }
    if (after.some(hasFurnitureLabel)) return after;
  }
  return [];
}
