/**
 * HTML page → Article. Readability (over linkedom) finds the main text; around it naba removes the
 * boilerplate generic extractors keep (Arabic news furniture first), lifts embedded posts into quotes,
 * reads metadata from JSON-LD / OpenGraph / meta tags, and falls back to a text-density pick or the
 * JSON-LD articleBody when Readability returns too little.
 */
import { Readability } from '@mozilla/readability';
import type { Article, FeedEntry, Quote } from '../../model.ts';
import { parseDate } from '../../text/dates.ts';
import { normalize } from '../../text/normalize.ts';
import { canonicalizeUrl, urlId } from '../url.ts';
import { furnitureAfterSourceLine, linkDensity, stripBoilerplate, takeSourceLine } from './boilerplate.ts';
import { parseDocument } from './dom.ts';
import { liftEmbeds, PLACEHOLDER_RE } from './embeds.ts';
import { cleanTitle, type PageMetadata, readMetadata } from './metadata.ts';
import { cleanText, domToText } from './text.ts';

export interface ExtractOptions {
  /** What the feed said about this page: fallback for title, dates, author, image, and body. */
  feedEntry?: FeedEntry;
  /** Id of the outlet, copied to `Article.sourceId`. */
  sourceId?: string;
}

/** Below this many characters of body a page is not an article (home, error and listing pages). */
const MIN_TEXT = 120;
/** Readability's own retry threshold; lower than its 500 so short Arabic wire items are kept. */
const CHAR_THRESHOLD = 250;

// Things that are never part of the text or of a displayable body.
const JUNK = 'script:not([type="application/ld+json"]), style, noscript, template, link, meta[http-equiv]';
// Captions, credits and bylines are page furniture for the text (the caption is not the story).
const FURNITURE = 'figcaption, [class*="caption" i], [class*="credit" i], [itemprop="caption"]';

const ERROR_TITLE = /\b(404|not found|page not found|error)\b|غير موجود|لم يتم العثور|خطأ/i;

function toIsoDate(s: string | undefined): string | undefined {
  return s ? (parseDate(s) ?? undefined) : undefined;
}

function idFor(url: string): string {
  try {
    return urlId(canonicalizeUrl(url));
  } catch {
    return urlId(url);
  }
}

/**
 * The headline: JSON-LD/OpenGraph first; else the page's <h1> when `<title>` confirms it (a broken page can
 * swallow the whole body into an unclosed <h1>); else `<title>` without its site-name suffix.
 */
function chooseTitle(meta: PageMetadata, feedTitle: string | undefined): string {
  if (meta.title) return cleanTitle(meta.title, meta.siteName);
  const doc = meta.documentTitle ? cleanTitle(meta.documentTitle, meta.siteName) : undefined;
  const h1 = meta.h1 && meta.h1.length <= 200 ? meta.h1 : undefined;
  if (h1 && (!doc || normalize(meta.documentTitle ?? '').includes(normalize(h1)))) return h1;
  return doc ?? feedTitle ?? '';
}

const MONTHS =
  'يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|' +
  'كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول|' +
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const WEEKDAYS =
  'السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|' +
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
/** A line that is nothing but a date: `الخميس 5 مارس 2009`, `Tuesday, Nov. 19, 2019`. */
const DATE_LINE = new RegExp(
  `^(?:(?:${WEEKDAYS})[،,]?\\s*)?(?:\\d{1,2}\\s+(?:${MONTHS})\\.?\\s+\\d{4}|(?:${MONTHS})\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4})(?:\\s*[-–|،,]?\\s*\\d{1,2}:\\d{2}(?:\\s*(?:am|pm|ص|م))?)?$`,
  'iu',
);

/**
 * The first lines of a body often repeat the page head: the headline, a breadcrumb trail ending in it, a
 * date stamp, a byline. Up to three such lines go; the first real paragraph stops the scan.
 */
export function dropLeadingFurniture(text: string, title: string): string {
  const paragraphs = text.split('\n\n');
  const key = (s: string) => normalize(s).replace(/[\p{P}\p{S}\s]+/gu, '');
  const t = key(title);
  let i = 0;
  while (i < 3 && i < paragraphs.length - 1) {
    const p = paragraphs[i]!;
    const k = key(p);
    const isTitle = t !== '' && (k === t || (k.endsWith(t) && p.length < t.length + 80));
    const isStamp = p.length < 60 && DATE_LINE.test(p);
    const isByline = p.length < 60 && BYLINE_PREFIX.test(p) && !/[.!?؟]$/.test(p);
    if (!isTitle && !isStamp && !isByline) break;
    i++;
  }
  return paragraphs.slice(i).join('\n\n');
}

const BYLINE_PREFIX = /^(by|von|por|par|بقلم|كتب|كتبت|كتبه|إعداد|اعداد)\s*[:：-]?\s*/i;

/**
 * An author or byline as a name: without "By"/"كتب:", without a date stamp printed beside it
 * (`بقلم: فلان | الخميس 5 مارس 2009`), and only when it is short enough to be one. A byline row that
 * holds nothing but the date names nobody.
 */
function cleanByline(byline: string | undefined): string | undefined {
  const parts = cleanText(byline)
    .replace(BYLINE_PREFIX, '')
    .split(/\s+[|·•–-]\s+/)
    .map((p) => p.trim())
    .filter((p) => p && !DATE_LINE.test(p));
  const t = parts.join(' - ');
  return t && t.length <= 80 ? t : undefined;
}

function validUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The element with the most paragraph text of its own: a text-density pick when Readability finds nothing. */
function densestBlock(body: Element): Element | undefined {
  const scores = new Map<Element, number>();
  for (const p of Array.from(body.querySelectorAll('p, pre, br'))) {
    const parent = p.parentElement;
    if (!parent) continue;
    const len = p.localName === 'br' ? 40 : cleanText(p.textContent).length;
    if (len < 20 || (p.localName === 'p' && linkDensity(p) > 0.4)) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + len);
  }
  let best: Element | undefined;
  let bestScore = 0;
  for (const [el, score] of scores) {
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  return best;
}

function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Body text from plain text that came without markup (JSON-LD articleBody): one paragraph per line. */
function plainParagraphs(s: string): string {
  return s
    .replace(/<[^>]+>/g, ' ')
    .split(/\n+/)
    .map(cleanText)
    .filter(Boolean)
    .join('\n\n');
}

function words(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Share of `part`'s words that also occur in `whole`: is the longer body the same article? */
function containment(part: string, whole: string): number {
  const w = words(part);
  if (w.length === 0) return 0;
  const set = new Set(words(whole));
  return w.filter((x) => set.has(x)).length / w.length;
}

interface Body {
  text: string;
  html: string;
  quotes: Quote[];
  sourceLine?: string;
  tags: string[];
  linkDensity: number;
  byline?: string;
}

function isSentence(el: Element): boolean {
  const t = cleanText(el.textContent);
  return t.length > 60 && /[.!?؟。]["'”’)]?$/.test(t);
}

const LIST_LIKE = 'nav, ul, ol, div, section, aside, header, footer, table, li, p';

/** Navigation and link lists that survived Readability: link-dense blocks without a real paragraph. */
/**
 * A teaser card whose link is an empty overlay anchor (or wraps only the picture): a kicker or headline
 * and a line of text that link density cannot see, because no text sits inside the link.
 */
function isOverlayCard(el: Element, len: number): boolean {
  if (len > 250 || !/^(div|li|article|section)$/.test(el.localName)) return false;
  if (!el.querySelector('h2, h3, h4, h5, h6')) return false;
  const anchors = Array.from(el.querySelectorAll('a[href]'));
  if (!anchors.length || anchors.some((a) => cleanText(a.textContent) !== '')) return false;
  return !Array.from(el.querySelectorAll('p')).some(isSentence);
}

/** Removes overlay-link teaser cards, found from their empty anchors upwards (cheap on huge pages). */
function dropOverlayCards(root: Element): void {
  for (const a of Array.from(root.querySelectorAll('a[href]'))) {
    if (!root.contains(a) || cleanText(a.textContent) !== '') continue;
    let el = a.parentElement;
    for (let up = 0; el && el !== root && up < 3; up++, el = el.parentElement) {
      const len = cleanText(el.textContent).length;
      if (len > 250) break;
      if (isOverlayCard(el, len)) {
        el.remove();
        break;
      }
    }
  }
}

function pruneLinkLists(content: Element): void {
  for (const el of Array.from(content.querySelectorAll(LIST_LIKE))) {
    // Readability's container is detached from the document: test membership, not isConnected.
    if (!content.contains(el)) continue;
    const len = cleanText(el.textContent).length;
    if (len === 0) continue;
    if (isOverlayCard(el, len)) {
      el.remove();
      continue;
    }
    if (linkDensity(el) < 0.5) continue;
    // A long paragraph of mostly-linked prose (a list of sources) reads as text; menus are short items.
    const hasProse = Array.from(el.querySelectorAll('p')).some((p) => {
      const t = cleanText(p.textContent).length;
      return t > 120 && linkDensity(p) < 0.5;
    });
    // Menus and headline lists never end their items with a full stop; a list of linked sentences does.
    const items =
      el.localName === 'li' || el.localName === 'p' ? [el] : Array.from(el.querySelectorAll('li'));
    const proseList = items.length > 0 && items.filter(isSentence).length * 2 >= items.length;
    if (!hasProse && !proseList && (el.localName !== 'p' || len < 200)) el.remove();
  }
}

// Page furniture printed as a line of its own at either end of the body.
const EDGE_LINE =
  /^(by|von|por|par|بقلم|كتب|كتبت|written by|photo|image|credit|file photo|updated|published|posted|last updated|تحديث|نشر في)\b|©|copyright|all rights reserved|جميع الحقوق محفوظة/i;

/** Drops bylines, credits, update stamps and copyright lines at the start and end of the body. */
function trimEdges(content: Element): void {
  const blocks = Array.from(
    content.querySelectorAll('p, div, span, li, h1, h2, h3, h4, h5, h6, figure'),
  ).filter((el) => !el.querySelector('p, div, li') && cleanText(el.textContent));
  const drop = (el: Element) => {
    const t = cleanText(el.textContent);
    // A line that is only a date (a <time> plus a weekday) is a stamp, not text.
    const stamp = t.length < 60 && el.querySelector('time') !== null;
    if (!stamp && (t.length > 150 || !EDGE_LINE.test(t))) return false;
    el.remove();
    return true;
  };
  for (let i = 0; i < blocks.length && i < 4 && drop(blocks[i]!); i++);
  for (let i = blocks.length - 1; i >= 0 && blocks.length - i <= 4 && drop(blocks[i]!); i--);
}

// Photo captions printed as paragraphs end with their credit; update stamps sit anywhere near the top.
const CAPTION_LINE =
  /\((?:image|photo|picture|pic|credit|source|getty|صورة|الصورة|أرشيفية|ارشيفية)\b[^)]*\)\s*$/i;
const STAMP_LINE = /^[|\s]*(?:published|updated|posted|last updated|نشر|تحديث|آخر تحديث)\s*[:：]/i;

/** Removes caption and time-stamp lines wherever they sit in the body. */
function dropCaptionLines(content: Element): void {
  for (const el of Array.from(content.querySelectorAll('p, span, div, li'))) {
    if (!content.contains(el) || el.querySelector('p, div')) continue;
    const t = cleanText(el.textContent);
    if (t.length > 0 && t.length < 300 && (CAPTION_LINE.test(t) || (t.length < 80 && STAMP_LINE.test(t))))
      el.remove();
  }
}

/** `<blockquote class="naba-quote" data-platform cite>` for the display html; text only, no remote script. */
function quoteElement(doc: Document, q: Quote): Element {
  const bq = doc.createElement('blockquote');
  bq.setAttribute('class', 'naba-quote');
  bq.setAttribute('data-platform', q.platform);
  if (q.url) bq.setAttribute('cite', q.url);
  const p = doc.createElement('p');
  p.textContent = q.text;
  bq.appendChild(p);
  const by = [q.author, q.handle ? `(${q.handle})` : '', q.date].filter(Boolean).join(' ');
  if (by) {
    const footer = doc.createElement('footer');
    footer.textContent = `— ${by}`;
    bq.appendChild(footer);
  }
  return bq;
}

/** Cleans an extracted container and turns it into text and html. */
function finishBody(content: Element, quotes: Quote[], tags: string[]): Body {
  for (const el of Array.from(content.querySelectorAll(FURNITURE))) el.remove();
  pruneLinkLists(content);
  dropCaptionLines(content);
  trimEdges(content);
  tags.push(...stripBoilerplate(content).tags);
  const sourceLine = takeSourceLine(content);
  // Keep quotes whose placeholder survived inside the body, in body order. The text leaves them out; the
  // html shows each as a marked blockquote where it stood.
  const kept: Quote[] = [];
  const slots: [Element, Quote][] = [];
  for (const p of Array.from(content.querySelectorAll('p'))) {
    const m = /^nabaquote(\d+)x$/.exec(cleanText(p.textContent));
    if (!m) continue;
    const q = quotes[Number(m[1])];
    if (q) {
      kept.push(q);
      slots.push([p, q]);
    } else p.remove();
  }
  const density = linkDensity(content);
  const text = domToText(content)
    .replace(PLACEHOLDER_RE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  for (const [p, q] of slots) p.replaceWith(quoteElement(content.ownerDocument, q));
  return { text, html: content.innerHTML, quotes: kept, sourceLine, tags, linkDensity: density };
}

/** Boilerplate out, tags harvested, embeds swapped for placeholders: the page as Readability should see it. */
function prepare(body: HTMLElement, url: string): { tags: string[]; quotes: Quote[] } {
  const tail = furnitureAfterSourceLine(body);
  const tags = stripBoilerplate(body).tags;
  dropOverlayCards(body);
  for (const node of tail) node.parentNode?.removeChild(node);
  return { tags, quotes: liftEmbeds(body, url) };
}

function readabilityBody(doc: Document, html: string, url: string): Body | undefined {
  for (const el of Array.from(doc.querySelectorAll(JUNK))) el.remove();
  const body = doc.body;
  if (!body) return undefined;
  const { tags, quotes } = prepare(body, url);
  let content: Element | undefined;
  let byline: string | undefined;
  try {
    const result = new Readability<Element>(doc, {
      serializer: (node) => node as Element,
      charThreshold: CHAR_THRESHOLD,
      // JSON-LD was read already; Readability's own reading only costs time.
      disableJSONLD: true,
    }).parse();
    content = result?.content ?? undefined;
    byline = result?.byline ?? undefined;
  } catch {
    // A Readability crash on odd markup is a miss, not a failed run: the density fallback takes over.
    content = undefined;
  }
  let out: Body | undefined = content ? { ...finishBody(content, quotes, tags), byline } : undefined;
  if (!out || out.text.length < MIN_TEXT * 2) {
    // Fresh DOM: Readability has rewritten the first one.
    const again = parseDocument(html);
    for (const el of Array.from(again.querySelectorAll(JUNK))) el.remove();
    const { tags: tags2, quotes: quotes2 } = prepare(again.body, url);
    const block = densestBlock(again.body);
    const alt = block ? finishBody(block, quotes2, tags2) : undefined;
    if (alt && alt.text.length > (out?.text.length ?? 0)) out = alt;
  }
  return out;
}

/**
 * Extracts the article of a page. Returns null when the page has no article (home, listing, error pages).
 * Never throws on bad markup.
 */
export function extract(html: string, url: string, opts: ExtractOptions = {}): Article | null {
  return extractPage(html, url, opts).article;
}

/** `extract` plus what the page says about its publisher (not an Article field). */
export function extractPage(
  html: string,
  url: string,
  opts: ExtractOptions = {},
): { article: Article | null; metadata: PageMetadata } {
  const doc = parseDocument(html);
  const metadata = readMetadata(doc);
  return { article: build(doc, html, url, metadata, opts), metadata };
}

function build(
  doc: Document,
  html: string,
  url: string,
  meta: PageMetadata,
  opts: ExtractOptions,
): Article | null {
  const feed = opts.feedEntry;
  let body = readabilityBody(doc, html, url);

  // JSON-LD articleBody: take it when it is clearly longer and tells the same story.
  const ld = meta.articleBody ? plainParagraphs(meta.articleBody) : '';
  if (ld && (!body || (ld.length > body.text.length * 1.3 && containment(body.text, ld) > 0.8))) {
    body = {
      text: ld,
      html: textToHtml(ld),
      quotes: body?.quotes ?? [],
      tags: body?.tags ?? [],
      linkDensity: 0,
      sourceLine: body?.sourceLine,
    };
  }
  if ((!body || body.text.length < MIN_TEXT) && feed?.contentHtml) {
    const feedDoc = parseDocument(`<body>${feed.contentHtml}</body>`);
    const alt = finishBody(feedDoc.body, liftEmbeds(feedDoc.body, url), []);
    if (alt.text.length > (body?.text.length ?? 0)) body = alt;
  }
  if (!body || body.text.length < MIN_TEXT) return null;

  const title = chooseTitle(meta, feed?.title);
  // Listing and error pages: declared as such, or a body that is mostly links, or an error title.
  // og:type=website is common on real articles too, so it only tips a link-heavy body over.
  if (!meta.declaredArticle && (body.linkDensity > 0.5 || (meta.declaredListing && body.linkDensity > 0.3)))
    return null;
  if (body.linkDensity > 0.6) return null;
  if (ERROR_TITLE.test(meta.documentTitle ?? title) && body.text.length < 1000 && !meta.declaredArticle)
    return null;

  const canonicalUrl = validUrl(meta.canonicalUrl, url);
  const tags = [...new Set([...meta.tags, ...body.tags, ...(feed?.categories ?? [])])];
  const published = toIsoDate(meta.published) ?? toIsoDate(feed?.published);
  const modified = toIsoDate(meta.modified) ?? toIsoDate(feed?.updated);
  body.text = dropLeadingFurniture(body.text, title);

  const article: Article = {
    id: idFor(canonicalUrl ?? url),
    sourceId: opts.sourceId ?? '',
    url,
    title: title || cleanText(body.text.split('\n')[0]).slice(0, 200),
    text: body.text,
    html: body.html,
  };
  if (canonicalUrl) article.canonicalUrl = canonicalUrl;
  const author = cleanByline(meta.author ?? feed?.author ?? body.byline);
  if (author) article.author = author;
  if (published) article.published = published;
  if (modified) article.modified = modified;
  const image = validUrl(meta.image ?? feed?.image, url);
  if (image) article.image = image;
  if (meta.language) article.language = meta.language;
  if (meta.section) article.section = meta.section;
  if (tags.length) article.publisherTags = tags;
  if (body.sourceLine) article.sourceLine = body.sourceLine;
  if (body.quotes.length) article.quotes = body.quotes;
  return article;
}

export type { PageMetadata } from './metadata.ts';
