/**
 * How each replayed outlet looks: its name, page template, feed format and page encoding. Several outlets
 * share a template, as real sites share CMSs; the formats are spread so every reader path is exercised.
 */

export type Template = 'classic' | 'portal' | 'modern' | 'legacy' | 'wire';
/** `rss-full` carries the body in content:encoded; `news-sitemap` is a sitemap index of Google News sitemaps. */
export type FeedFormat = 'rss' | 'rss-full' | 'atom' | 'json' | 'news-sitemap';

export interface OutletProfile {
  id: string;
  name: string;
  template: Template;
  feed: FeedFormat;
  /** Pages in windows-1256, announced only by a meta tag (no charset in the Content-Type header). */
  windows1256?: boolean;
}

const PROFILES: OutletProfile[] = [
  { id: 'alriyadh', name: 'جريدة الرياض', template: 'classic', feed: 'rss' },
  { id: 'aljazirah', name: 'صحيفة الجزيرة', template: 'portal', feed: 'atom' },
  { id: 'alyaum', name: 'صحيفة اليوم', template: 'modern', feed: 'rss' },
  { id: 'okaz', name: 'صحيفة عكاظ', template: 'classic', feed: 'atom' },
  { id: 'aleqtisadiya', name: 'الاقتصادية', template: 'modern', feed: 'atom' },
  { id: 'almadina', name: 'صحيفة المدينة', template: 'legacy', feed: 'rss', windows1256: true },
  { id: 'alwatan', name: 'صحيفة الوطن', template: 'portal', feed: 'rss' },
  { id: 'aawsat', name: 'الشرق الأوسط', template: 'modern', feed: 'json' },
  { id: '3alyoum', name: 'عين اليوم', template: 'classic', feed: 'rss-full' },
  { id: 'alweeam', name: 'صحيفة الوئام', template: 'portal', feed: 'rss-full' },
  { id: 'was', name: 'وكالة الأنباء السعودية', template: 'wire', feed: 'news-sitemap' },
  { id: 'sabq', name: 'صحيفة سبق', template: 'modern', feed: 'rss' },
  { id: 'arriyadiyah', name: 'الرياضية', template: 'classic', feed: 'atom' },
  { id: 'arreyadi', name: 'الرياضي', template: 'legacy', feed: 'rss' },
];

const TEMPLATES: Template[] = ['classic', 'portal', 'modern', 'legacy'];
const FORMATS: FeedFormat[] = ['rss', 'atom', 'rss-full'];

/** The profile of a known outlet; an unknown one gets a stable template and format from its id. */
export function outletProfile(id: string): OutletProfile {
  const known = PROFILES.find((p) => p.id === id);
  if (known) return known;
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return { id, name: id, template: TEMPLATES[h % TEMPLATES.length]!, feed: FORMATS[h % FORMATS.length]! };
}
