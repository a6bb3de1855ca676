/**
 * A small store for the web tests, written for them (no article text from the shared data): one wire story
 * with a copy and an independent report, a related story, an unrelated one, and a hostile article.
 */
import type { Pick, RelatedResult } from '../corpus/corpus.ts';
import type { Article } from '../model.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { terms } from '../text/analyzer.ts';

export const T0 = '2015-08-07T08:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const SOURCES = [
  { id: 'spa', name: 'واس', siteUrl: 'https://spa.example/' },
  { id: 'okaz', name: 'عكاظ', siteUrl: 'https://okaz.example/' },
  { id: 'sabq', name: 'سبق', siteUrl: 'https://sabq.example/' },
];

const WIRE_TEXT =
  'استقبل وزير الخارجية في مكتبه بالرياض اليوم سفير اليابان لدى المملكة، وجرى خلال الاستقبال بحث العلاقات الثنائية بين البلدين.\n\n' +
  'وأكد الوزير حرص المملكة على تعزيز التعاون مع اليابان في مجالات الطاقة والتقنية والتعليم.';

type Seed = Article & {
  story: string;
  copyOf?: string;
  tags?: string[];
  section?: string;
  entities?: { text: string; type: string; key: string }[];
};

export const ARTICLES: Seed[] = [
  {
    id: 'wire',
    sourceId: 'spa',
    url: 'https://spa.example/news/1',
    title: 'وزير الخارجية يستقبل سفير اليابان',
    text: WIRE_TEXT,
    published: at(0),
    story: 's-japan',
    section: 'politics',
    tags: ['وزارة الخارجية', 'اليابان'],
    entities: [{ text: 'اليابان', type: 'LOC', key: 'اليابان' }],
  },
  {
    id: 'copy',
    sourceId: 'okaz',
    url: 'https://okaz.example/news/1',
    title: 'وزير الخارجية يستقبل سفير اليابان لدى المملكة',
    text: WIRE_TEXT,
    published: at(30),
    story: 's-japan',
    copyOf: 'wire',
    section: 'politics',
    tags: ['وزارة الخارجية'],
  },
  {
    id: 'own',
    sourceId: 'sabq',
    url: 'https://sabq.example/news/1',
    title: 'لقاء سعودي ياباني في الرياض لبحث التعاون في الطاقة',
    text: 'التقى وزير الخارجية السفير الياباني في الرياض، وقالت مصادر لسبق إن اللقاء تناول مشروعات الطاقة المتجددة.',
    published: at(45),
    story: 's-japan',
    section: 'politics',
    tags: ['اليابان', 'الطاقة'],
  },
  {
    id: 'korea',
    sourceId: 'sabq',
    url: 'https://sabq.example/news/2',
    title: 'وزير الخارجية يبحث مع نظيره الكوري التعاون الاقتصادي',
    text: 'بحث وزير الخارجية مع نظيره الكوري في اتصال هاتفي سبل تعزيز التعاون الاقتصادي والاستثمار بين البلدين.',
    published: at(-600),
    story: 's-korea',
    section: 'politics',
    tags: ['وزارة الخارجية', 'كوريا'],
  },
  {
    id: 'korea-copy',
    sourceId: 'okaz',
    url: 'https://okaz.example/news/2',
    title: 'الخارجية تبحث التعاون مع كوريا',
    text: 'بحث وزير الخارجية مع نظيره الكوري في اتصال هاتفي سبل تعزيز التعاون الاقتصادي والاستثمار بين البلدين.',
    published: at(-560),
    story: 's-korea',
    copyOf: 'korea',
    section: 'politics',
  },
  {
    id: 'match',
    sourceId: 'sabq',
    url: 'https://sabq.example/news/3',
    title: 'الهلال يفوز على النصر في ديربي الرياض',
    text: 'فاز الهلال على النصر بهدفين نظيفين في مباراة الدوري على ملعب الملك فهد الدولي.',
    published: at(-120),
    story: 's-derby',
    section: 'sports',
    tags: ['الهلال'],
  },
  {
    id: 'evil',
    sourceId: 'okaz',
    url: 'https://okaz.example/news/evil',
    title: 'مقال بمحتوى خطر للاختبار',
    text: 'نص عادي عن المقال الخطر.',
    html:
      '<p>فقرة أولى</p><script>window.__pwned = 1; alert(1)</script>' +
      '<img src="x" onerror="window.__pwned = 2; alert(2)">' +
      '<a href="javascript:alert(3)">رابط خطر</a>' +
      '<p style="background:url(https://tracker.example/p.gif)" onclick="alert(4)">فقرة ثانية</p>' +
      '<iframe src="https://evil.example/"></iframe>',
    published: at(-30),
    story: 's-evil',
  },
];

export const STORIES = [
  {
    id: 's-japan',
    headline: 'وزير الخارجية يستقبل سفير اليابان',
    head: 'wire',
    outlets: 3,
    section: 'politics',
  },
  {
    id: 's-korea',
    headline: 'وزير الخارجية يبحث مع نظيره الكوري التعاون الاقتصادي',
    head: 'korea',
    outlets: 2,
    section: 'politics',
  },
  {
    id: 's-derby',
    headline: 'الهلال يفوز على النصر في ديربي الرياض',
    head: 'match',
    outlets: 1,
    section: 'sports',
  },
  { id: 's-evil', headline: 'مقال بمحتوى خطر للاختبار', head: 'evil', outlets: 1, section: null },
];

export async function seedStore(path = ':memory:'): Promise<Store> {
  const store = await openSqliteStore(path);
  for (const s of SOURCES)
    await store.upsertSource({ ...s, feeds: [`${s.siteUrl}feed`], language: 'ar', paused: false });
  await store.upsertArticles(
    ARTICLES.map(({ story: _s, copyOf: _c, tags: _t, section: _x, entities: _e, ...a }) => a),
  );
  for (const s of STORIES) {
    const members = ARTICLES.filter((a) => a.story === s.id);
    const times = members.map((a) => a.published!).sort();
    await store.upsertStory({
      id: s.id,
      headline: s.headline,
      headlineArticleId: s.head,
      firstSeen: times[0]!,
      lastUpdate: times[times.length - 1]!,
      articleCount: members.length,
      sourceCount: s.outlets,
      section: s.section,
    });
  }
  for (const a of ARTICLES) {
    await store.saveAnalysis(a.id, {
      tags: a.tags ?? [],
      entities: a.entities ?? [],
      ...(a.section ? { section: a.section } : {}),
      quotedSources: a.id === 'copy' ? [{ name: 'واس', text: '(واس)' }] : [],
      terms: terms(a.text).join(' '),
      titleTerms: terms(a.title).join(' '),
    });
    await store.savePlacement(a.id, { storyId: a.story, duplicateOf: a.copyOf ?? null });
  }
  return store;
}

function pick(id: string, published: string | null, score: number): Pick {
  const a = ARTICLES.find((x) => x.id === id)!;
  return {
    id,
    title: a.title,
    sourceId: a.sourceId,
    published: published ?? 'not a date',
    score,
    why: { sharedTerms: ['وزير'], sharedEntities: [] },
  };
}

/**
 * A related service that makes every mistake the page must not repeat: the copy and a same-story sibling
 * as "similar", two picks of one other story (original and its copy), the read-also pick again, an undated pick.
 */
export function faultyRelated(articleId: string): RelatedResult | null {
  if (articleId !== 'copy' && articleId !== 'wire') return null;
  return {
    readAlso: pick('korea', at(-600), 0.5),
    similar: [
      pick('korea', at(-600), 0.5),
      pick('wire', at(0), 0.9),
      pick('own', at(45), 0.8),
      pick('korea-copy', at(-560), 0.45),
      pick('match', null, 0.3),
      pick('match', at(-120), 0.2),
    ],
    otherCoverage: [],
  };
}
