/**
 * Embedded posts (X/Twitter, Facebook, YouTube, Instagram, TikTok) → structured quotes. Each embed is
 * replaced by a placeholder paragraph, so the quote is kept only if the placeholder survives inside the
 * article body (an embed in a sidebar or teaser is dropped with it) and its text never leaks into `text`.
 */
import type { Quote } from '../../model.ts';
import { cleanText } from './text.ts';

const PLACEHOLDER = 'nabaquote';
/** Matches a placeholder token left in the DOM; group 1 is the quote index. */
export const PLACEHOLDER_RE = /nabaquote(\d+)x/g;

function stripQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}

function absolute(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

/** "— Name (@handle) date" after the tweet text. */
function parseAttribution(s: string): { author?: string; handle?: string } {
  const m = /^[\s—–-]*(.*?)\s*\((@[\w.]+)\)/u.exec(s);
  if (m) return { author: cleanText(m[1]) || undefined, handle: m[2] };
  const h = /@[\w.]+/.exec(s);
  return { handle: h?.[0] };
}

function tweet(el: Element, base: string): Quote {
  const p = el.querySelector('p');
  const text = cleanText(p?.textContent ?? el.textContent);
  const full = cleanText(el.textContent);
  const tail = p ? full.slice(full.indexOf(text) + text.length) : '';
  const links = Array.from(el.querySelectorAll('a'));
  const statusLink = links.reverse().find((a) => /\/status(es)?\/\d+/.test(a.getAttribute('href') ?? ''));
  const { author, handle } = parseAttribution(tail);
  return {
    platform: 'x',
    author,
    handle,
    date: cleanText(statusLink?.textContent) || undefined,
    url: statusLink
      ? stripQuery(absolute(statusLink.getAttribute('href'), base) ?? '') || undefined
      : undefined,
    text,
  };
}

function instagram(el: Element, base: string): Quote {
  const url = el.getAttribute('data-instgrm-permalink') ?? el.querySelector('a')?.getAttribute('href');
  const paragraphs = Array.from(el.querySelectorAll('p')).map((p) => cleanText(p.textContent));
  const byLine = paragraphs.find((t) => /shared by|بواسطة|post shared/i.test(t));
  const by = byLine ? parseAttribution(byLine.replace(/^.*?(?:shared by|بواسطة)\s*/i, '')) : {};
  const text = paragraphs.filter((t) => t && t !== byLine && !/view this (post|profile)/i.test(t)).join('\n');
  return {
    platform: 'instagram',
    author: by.author,
    handle: by.handle,
    date: el.querySelector('time')?.getAttribute('datetime') ?? undefined,
    url: url ? stripQuery(absolute(url, base) ?? '') || undefined : undefined,
    text,
  };
}

function facebook(el: Element, base: string): Quote {
  const quote = el.querySelector('blockquote') ?? el;
  const p = quote.querySelector('p');
  const text = cleanText(p?.textContent ?? '');
  const links = Array.from(quote.querySelectorAll('a'));
  const authorLink = links.find(
    (a) => a.parentElement === quote && !/\/(posts|videos|photos)\//.test(a.getAttribute('href') ?? ''),
  );
  const href = el.getAttribute('data-href') ?? quote.getAttribute('cite') ?? undefined;
  return {
    platform: 'facebook',
    author: cleanText(authorLink?.textContent) || undefined,
    date: cleanText(links.at(-1) !== authorLink ? links.at(-1)?.textContent : undefined) || undefined,
    url: absolute(href, base),
    text,
  };
}

function fromIframe(el: Element, base: string): Quote | undefined {
  const src = absolute(
    el.getAttribute('src') ?? el.getAttribute('data-src') ?? el.getAttribute('data'),
    base,
  );
  if (!src) return undefined;
  const title = cleanText(el.getAttribute('title'));
  const yt = /(?:youtube(?:-nocookie)?\.com\/(?:embed|v)\/|youtu\.be\/)([\w-]{6,})/.exec(src);
  if (yt) return { platform: 'youtube', url: `https://www.youtube.com/watch?v=${yt[1]}`, text: title };
  if (/facebook\.com\/plugins\/(post|video)\.php/.test(src)) {
    const href = new URL(src).searchParams.get('href');
    return { platform: 'facebook', url: href ?? undefined, text: title };
  }
  const tw = /platform\.twitter\.com\/embed\/Tweet\.html\?.*\bid=(\d+)/.exec(src);
  if (tw) return { platform: 'x', url: `https://twitter.com/i/status/${tw[1]}`, text: title };
  const ig = /instagram\.com\/(p|reel)\/([\w-]+)/.exec(src);
  if (ig) return { platform: 'instagram', url: `https://www.instagram.com/${ig[1]}/${ig[2]}/`, text: title };
  return undefined;
}

/** Finds embeds under `root`, replaces each with a placeholder and returns the quotes by placeholder index. */
export function liftEmbeds(root: Element, baseUrl: string): Quote[] {
  const quotes: Quote[] = [];
  const doc = root.ownerDocument;
  const replace = (el: Element, q: Quote | undefined) => {
    if (!q) {
      el.remove();
      return;
    }
    const p = doc.createElement('p');
    p.textContent = `${PLACEHOLDER}${quotes.length}x`;
    quotes.push(q);
    // Replace the wrappers that hold nothing but the embed too: their class names ("embed-media",
    // "social") make Readability drop them, and the placeholder with them.
    let target = el;
    while (
      target.parentElement &&
      target.parentElement !== root &&
      target.parentElement.children.length === 1 &&
      !/^(p|li|td|body|article|main)$/.test(target.parentElement.localName) &&
      cleanText(target.parentElement.textContent) === cleanText(target.textContent)
    )
      target = target.parentElement;
    target.replaceWith(p);
  };
  const selector = [
    'blockquote.twitter-tweet',
    'blockquote.twitter-video',
    'blockquote.instagram-media',
    'blockquote.tiktok-embed',
    'div.fb-post',
    'div.fb-video',
    'iframe',
    'embed',
    'object',
  ].join(', ');
  for (const el of Array.from(root.querySelectorAll(selector))) {
    if (!root.contains(el)) continue;
    const cls = el.getAttribute('class') ?? '';
    if (/twitter-(tweet|video)/.test(cls)) replace(el, tweet(el, baseUrl));
    else if (/instagram-media/.test(cls)) replace(el, instagram(el, baseUrl));
    else if (/tiktok-embed/.test(cls)) {
      replace(el, {
        platform: 'tiktok',
        url: el.getAttribute('cite') ?? undefined,
        text: cleanText(el.querySelector('p')?.textContent ?? ''),
      });
    } else if (/fb-(post|video)/.test(cls)) replace(el, facebook(el, baseUrl));
    else replace(el, fromIframe(el, baseUrl));
  }
  return quotes;
}
