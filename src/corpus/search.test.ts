import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mark } from '../cli/commands/search.ts';
import type { Article } from '../model.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { terms } from '../text/analyzer.ts';
import { combinedScore, HALF_LIFE_MS, search } from './search.ts';
import { MAX_QUERY_TERMS, parseQuery } from './search-query.ts';
import { snippet } from './search-snippet.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

type Doc = Pick<Article, 'id' | 'sourceId' | 'title' | 'text' | 'published'> & {
  section?: string;
  tags?: string[];
};

// Written for these tests: each article exercises one spelling or ranking rule.
const DOCS: Doc[] = [
  {
    id: 'iraq',
    sourceId: 'spa',
    section: 'politics',
    published: daysAgo(2),
    title: 'وزير الخارجية يلتقي نظيره في الرياض',
    text:
      'استقبل الوزير في الرياض اليوم وفدا رسميا. وبحث وزير الخارجية مع نظيره تطورات الأوضاع في العراق ' +
      'وسبل دعم الاستقرار في المنطقة، وأكد الجانبان أهمية التنسيق المشترك.',
  },
  {
    id: 'health',
    sourceId: 'okaz',
    section: 'health',
    published: daysAgo(1),
    title: 'الصحة تعلن نتائج حملة التطعيم',
    text:
      'أعلن وزير الصحة نتائج الحملة الوطنية للتطعيم في المدارس. ' +
      'وفي شأن آخر ناقشت لجنة العلاقات الخارجية في مجلس الشورى تقريرها السنوي.',
  },
  {
    id: 'asir',
    sourceId: 'okaz',
    section: 'local',
    published: daysAgo(5),
    tags: ['عسير'],
    title: 'أمير منطقة عسير يدشن مشروعات تنموية',
    text:
      'دشن أمير منطقة عسير الأمير فيصل مشروعات تنموية في أبها. وحضر الحفل الشيخ مُحَمَّد بن سعد ' +
      'وعدد من المسؤولين في المملكة الســعودية.',
  },
  {
    id: 'football',
    sourceId: 'sabq',
    section: 'sports',
    published: daysAgo(3),
    title: 'الهلال يفوز على النصر في ديربي الرياض',
    text: 'فاز فريق الهلال على النصر بهدفين نظيفين في مباراة الدوري السعودي للمحترفين على ملعب الملك فهد.',
  },
  // Recency against relevance: the old one is about the reservoir through and through, the new one
  // mentions it once in passing; the two "rain" ones match equally and differ only in age.
  {
    id: 'dam-old',
    sourceId: 'spa',
    published: daysAgo(400),
    title: 'سد وادي بيشة يمتلئ بالمياه',
    text: 'امتلأ سد وادي بيشة بمياه الأمطار. وقال مدير السد إن السد يستوعب كميات كبيرة وإن بحيرة السد اتسعت.',
  },
  {
    id: 'dam-new',
    sourceId: 'sabq',
    published: daysAgo(0),
    title: 'جولة ميدانية لمدير فرع الزراعة',
    text:
      'قام مدير فرع وزارة الزراعة بجولة ميدانية شملت المزارع والأسواق والمستودعات ومحطات التحلية ' +
      'والطرق الزراعية ومراكز الإرشاد والمشاتل الحكومية، كما زار السد في نهاية الجولة.',
  },
  {
    id: 'rain-old',
    sourceId: 'spa',
    published: daysAgo(30),
    title: 'أمطار غزيرة على جازان',
    text: 'هطلت أمطار غزيرة على منطقة جازان.',
  },
  {
    id: 'rain-new',
    sourceId: 'spa',
    published: daysAgo(1),
    title: 'أمطار غزيرة على جازان',
    text: 'هطلت أمطار غزيرة على منطقة جازان.',
  },
];

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'naba-search-'));
  store = await openSqliteStore(join(dir, 'naba.db'));
  for (const id of new Set(DOCS.map((d) => d.sourceId))) {
    await store.upsertSource({
      id,
      name: id,
      siteUrl: `https://${id}.example`,
      feeds: [],
      language: 'ar',
      paused: false,
    });
  }
  await store.upsertArticles(
    DOCS.map(({ section: _s, tags: _t, ...d }) => ({ ...d, url: `https://x.example/${d.id}` })),
  );
  for (const d of DOCS) {
    await store.saveAnalysis(d.id, {
      tags: d.tags ?? [],
      entities: d.id === 'asir' ? [{ text: 'فيصل', type: 'PERS', key: 'فيصل' }] : [],
      section: d.section,
      quotedSources: [],
      terms: terms(d.text).join(' '),
      titleTerms: terms(d.title).join(' '),
    });
  }
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const ids = async (query: string, opts: Parameters<typeof search>[2] = {}) =>
  (await search(store, query, { now: NOW, ...opts })).items.map((i) => i.id);

/** Every highlighted substring of a result's snippet and title, as shown to the reader. */
async function highlighted(query: string, id: string): Promise<string[]> {
  const item = (await search(store, query, { now: NOW })).items.find((i) => i.id === id);
  expect(item, `${id} among the results of ${query}`).toBeDefined();
  return [
    ...item!.titleHighlights.map(([s, e]) => item!.title.slice(s, e)),
    ...item!.snippet.highlights.map(([s, e]) => item!.snippet.text.slice(s, e)),
  ];
}

describe('parseQuery', () => {
  // Expected terms are written in plain Arabic and analyzed: the query must fold like the index does.
  const t = (plain: string) => terms(plain);
  it.each([
    ['وزیر الخارجیة', t('وزير الخارجية'), [], []],
    ['"وزير الخارجية" العراق', t('العراق'), [t('وزير الخارجية')], []],
    ['«وزير الخارجية»', [], [t('وزير الخارجية')], []],
    ['وزير -الصحة', t('وزير'), [], [t('الصحة')]],
    ['وزير -"مجلس الشورى"', t('وزير'), [], [t('مجلس الشورى')]],
    ['في وزير من', t('وزير'), [], []],
    ['"وزير"', t('وزير'), [], []],
    ['وزير وزير الوزير', t('وزير'), [], []],
  ])('%s', (query, words, phrases, excluded) => {
    const q = parseQuery(query);
    expect(q.words).toEqual(words);
    expect(q.phrases).toEqual(phrases);
    expect(q.excluded).toEqual(excluded);
  });

  it.each([
    ['source:spa وزير', { source: 'spa' }],
    ['وزير section:sports tag:"كرة القدم"', { section: 'sports', tag: 'كرة القدم' }],
    ['from:2026-11-01 to:2026-11-30 مطر', { from: '2026-11-01', to: '2026-11-30' }],
    ['http://example.com', {}],
  ])('filters in %s', (query, filters) => {
    expect(parseQuery(query).filters).toEqual(filters);
  });

  it('keeps stopwords when the query has nothing else', () => {
    const q = parseQuery('في من');
    expect(q.stopwordsOnly).toBe(true);
    expect(q.words).toEqual(['في', 'من']);
  });

  it('cuts a 10,000-character query to a bounded number of terms', () => {
    const vocabulary =
      'سد مطر وزير رياض هلال نصر امير عسير جازان صحة تعليم نفط سوق مال بنك ذهب قمح ماء'.split(' ');
    const query = Array.from({ length: 2500 }, (_, i) => `${vocabulary[i % vocabulary.length]}${i}`).join(
      ' ',
    );
    expect(query.length).toBeGreaterThanOrEqual(10_000);
    const q = parseQuery(query);
    expect(q.truncated).toBe(true);
    expect(q.words.length).toBe(MAX_QUERY_TERMS);
  });

  it('finds nothing searchable in punctuation', () => {
    const q = parseQuery('!!! ؟؟ ... ،، - " «»');
    expect(q.words).toEqual([]);
    expect(q.phrases).toEqual([]);
  });
});

describe('search: spelling', () => {
  it.each([
    ['Persian yeh finds the Arabic yeh', 'وزیر', 'iraq'],
    ['Persian yeh and kaf in a phrase', '"وزیر الخارجیة"', 'iraq'],
    ['a clitic in the query finds the bare word', 'والعراق', 'iraq'],
    ['the bare word finds the word with clitics', 'دعم', 'iraq'],
    ['no hamza finds the hamza spelling', 'امير عسير', 'asir'],
    ['no diacritics finds the vowelled word', 'محمد', 'asir'],
    ['diacritics in the query find the plain word', 'الْهِلَال', 'football'],
    ['tatweel in the text', 'السعودية المملكة', 'asir'],
    ['tatweel in the query', 'الهـــلال', 'football'],
  ])('%s: %s', async (_rule, query, id) => {
    expect(await ids(query)).toContain(id);
  });

  it.each([
    ['وزیر', 'iraq', ['وزير', 'الوزير', 'وزير']],
    ['والعراق', 'iraq', ['العراق']],
    ['امير', 'asir', ['أمير', 'أمير', 'الأمير']],
    ['محمد', 'asir', ['مُحَمَّد']],
    ['سعوديه', 'asir', ['الســعودية']],
    ['"وزير الخارجية"', 'iraq', ['وزير الخارجية', 'وزير الخارجية']],
  ])('%s highlights the publisher spelling in %s', async (query, id, expected) => {
    expect(await highlighted(query, id)).toEqual(expected);
  });
});

describe('search: query forms', () => {
  it('a phrase finds only articles with the words in that order', async () => {
    expect(await ids('"وزير الخارجية"')).toEqual(['iraq']);
    // Both words occur in the health article, apart.
    expect(await ids('وزير الخارجية')).toEqual(expect.arrayContaining(['iraq', 'health']));
  });

  it('a phrase beside another word needs both', async () => {
    expect(await ids('"وزير الخارجية" العراق')).toEqual(['iraq']);
    expect(await ids('"وزير الخارجية" التطعيم')).toEqual([]);
  });

  it('excludes words and phrases', async () => {
    expect(await ids('وزير')).toEqual(expect.arrayContaining(['iraq', 'health']));
    expect(await ids('وزير -الصحة')).toEqual(['iraq']);
    expect(await ids('وزير -"لجنة العلاقات"')).toEqual(['iraq']);
  });

  it('drops stopwords from a query that has other words', async () => {
    expect(await ids('في عسير من')).toEqual(['asir']);
  });

  it('returns nothing, without error, for punctuation only, an empty query and an empty exclusion', async () => {
    for (const query of ['!!! ؟؟ ... ،،', '', '   ', '-الصحة']) {
      expect(await search(store, query, { now: NOW })).toEqual({ total: 0, items: [] });
    }
  });

  it('survives a 10,000-character query', async () => {
    const query = 'وزير الخارجية '.repeat(800);
    expect(query.length).toBeGreaterThan(10_000);
    const result = await search(store, query, { now: NOW });
    expect(result.truncated).toBe(true);
    expect(result.items.map((i) => i.id).sort()).toEqual(['health', 'iraq']);
  });
});

describe('search: filters', () => {
  it.each([
    ['source', 'منطقة', { source: 'okaz' }, ['asir']],
    ['section', 'الرياض', { section: 'sports' }, ['football']],
    ['tag', 'منطقة', { tag: 'عسير' }, ['asir']],
    ['entity', 'منطقة', { entity: 'فيصل' }, ['asir']],
    ['from', 'غزيرة', { from: daysAgo(10) }, ['rain-new']],
    ['to (a bare day is inclusive)', 'غزيرة', { to: daysAgo(30).slice(0, 10) }, ['rain-old']],
  ])('%s', async (_name, query, filters, expected) => {
    expect(await ids(query, { filters })).toEqual(expected);
  });

  it('reads filters written in the query', async () => {
    expect(await ids('منطقة source:okaz')).toEqual(['asir']);
    expect(await ids('الرياض section:sports')).toEqual(['football']);
  });

  it('rejects a date it cannot read, naming the stage', async () => {
    await expect(search(store, 'مطر', { filters: { from: 'yesterday' } })).rejects.toThrow(/^search: from/);
  });
});

describe('search: ranking', () => {
  it('a perfect old match beats a weak new one', async () => {
    expect(await ids('السد')).toEqual(['dam-old', 'dam-new']);
  });

  it('equal matches come newest first', async () => {
    expect(await ids('أمطار جازان')).toEqual(['rain-new', 'rain-old']);
  });

  it.each([
    ['perfect old vs weak new', 1, 400, 0.6, 0, true],
    ['near-equal: newer wins', 0.9, 0, 1, 30, true],
    ['same relevance: newer wins', 1, 1, 1, 10, true],
    ['weak new loses to perfect old', 0.6, 0, 1, 400, false],
  ])('combinedScore: %s', (_name, relA, ageA, relB, ageB, aWins) => {
    const a = combinedScore(relA, 1, ageA * DAY);
    const b = combinedScore(relB, 1, ageB * DAY);
    expect(a > b).toBe(aWins);
  });

  it('halves the boost every half-life and never rewards a future date beyond new', () => {
    const fresh = combinedScore(1, 1, 0) - 1;
    expect(combinedScore(1, 1, HALF_LIFE_MS) - 1).toBeCloseTo(fresh / 2, 10);
    expect(combinedScore(1, 1, -10 * DAY)).toBe(combinedScore(1, 1, 0));
  });

  it('pages with a cursor without repeats and keeps the reference time', async () => {
    const first = await search(store, 'منطقة', { now: NOW, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.next).toBeDefined();
    const second = await search(store, 'منطقة', { limit: 1, cursor: first.next });
    const all = await ids('منطقة');
    expect([first.items[0]!.id, second.items[0]!.id]).toEqual(all.slice(0, 2));
  });

  it('counts the results when it saw them all', async () => {
    expect((await search(store, 'منطقة', { now: NOW })).total).toBe((await ids('منطقة')).length);
  });
});

describe('search: stores hand back hit times', () => {
  it('so the site ranks by recency yet loads only the articles of the page', async () => {
    const loads: number[] = [];
    const counted = new Proxy(store, {
      get(target, prop) {
        if (prop === 'getArticlesByIds') {
          return (ids: string[]) => {
            loads.push(ids.length);
            return target.getArticlesByIds(ids);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    for (const query of ['منطقة', 'السد', 'أمطار جازان']) {
      loads.length = 0;
      const result = await search(counted, query, { now: NOW, limit: 2 });
      expect(result.items.map((i) => i.id)).toEqual((await ids(query)).slice(0, 2));
      expect(loads).toEqual([result.items.length]);
    }
  });
});

/**
 * The SQLite store ranks only the newest matches of a query with many (`searchCandidates`, and every
 * match up to 8 times that), found in windows of the newest articles. 60 articles an hour apart, all
 * with خبر in the body; the ten oldest and a58 also have it in the title; a00-a09 come from okaz.
 */
describe('search: the SQLite store ranks the newest matches of a common word', () => {
  const HOUR = 3_600_000;
  const T0 = Date.parse('2015-08-01T00:00:00Z');
  const idOf = (i: number) => `a${String(i).padStart(2, '0')}`;
  const hourIso = (i: number) => new Date(T0 + i * HOUR).toISOString();
  let boundDir: string;

  beforeAll(async () => {
    boundDir = await mkdtemp(join(tmpdir(), 'naba-search-bound-'));
    const seed = await openSqliteStore(join(boundDir, 'naba.db'));
    for (const id of ['spa', 'okaz']) {
      await seed.upsertSource({ id, name: id, siteUrl: '', feeds: [], language: 'ar', paused: false });
    }
    const all = Array.from({ length: 60 }, (_, i) => ({
      id: idOf(i),
      sourceId: i < 10 ? 'okaz' : 'spa',
      url: `https://x.example/${i}`,
      title: idOf(i),
      text: '',
      published: hourIso(i),
    }));
    await seed.upsertArticles(all);
    for (const [i, a] of all.entries()) {
      await seed.saveAnalysis(a.id, {
        tags: [],
        entities: [],
        quotedSources: [],
        titleTerms: i < 10 || i === 58 ? 'خبر' : 'عنوان',
        terms: i === 5 ? 'خبر زلزال' : 'خبر نص',
      });
    }
    await seed.close();
  });

  afterAll(async () => {
    await rm(boundDir, { recursive: true, force: true });
  });

  async function open(searchCandidates: number) {
    return openSqliteStore(join(boundDir, 'naba.db'), { searchCandidates });
  }
  const hitIds = (hits: { id: string }[]) => hits.map((h) => h.id);

  it('ranks the newest matches only, best first, with their times', async () => {
    const bounded = await open(3);
    const everything = await open(Number.POSITIVE_INFINITY);
    try {
      // 60 matches, more than 8 × 3: the newest three (a57-a59) are ranked, a58 first for its title.
      const top = await bounded.searchTerms({ terms: ['خبر'], limit: 3 });
      expect(hitIds(top)).toEqual(['a58', 'a59', 'a57']);
      expect(top[0]!.score).toBeGreaterThan(top[1]!.score);
      expect(top.map((h) => (h as { sortTime?: string }).sortTime)).toEqual([58, 59, 57].map(hourIso));
      // Every match ranked: the older title hits come first, newest first among equals.
      expect(hitIds(await everything.searchTerms({ terms: ['خبر'], limit: 3 }))).toEqual([
        'a58',
        'a09',
        'a08',
      ]);
      // Few matches (a05 alone, or 60 when 8 × 10 are allowed): ranked over all of them.
      expect(hitIds(await bounded.searchTerms({ terms: ['زلزال'], limit: 10 }))).toEqual(['a05']);
      expect(hitIds(await bounded.searchTerms({ terms: ['خبر'], limit: 5, offset: 5 }))).toEqual(
        hitIds(await everything.searchTerms({ terms: ['خبر'], limit: 5, offset: 5 })),
      );
    } finally {
      await bounded.close();
      await everything.close();
    }
  });

  it('widens the window until the filters let enough matches through', async () => {
    const bounded = await open(2);
    try {
      // The first windows (the newest few articles) hold no okaz article: it widens to the newest two.
      const okaz = await bounded.searchTerms({ terms: ['خبر'], filters: { sourceId: 'okaz' }, limit: 2 });
      expect(hitIds(okaz)).toEqual(['a09', 'a08']);
      const window = { from: hourIso(20), to: hourIso(30) };
      expect(hitIds(await bounded.searchTerms({ terms: ['خبر'], filters: window, limit: 2 }))).toEqual([
        'a30',
        'a29',
      ]);
      expect(await bounded.searchTerms({ terms: ['خبر'], filters: { from: hourIso(70) }, limit: 2 })).toEqual(
        [],
      );
    } finally {
      await bounded.close();
    }
  });

  it('follows an article re-dated to the newest, stored long before the others', async () => {
    const bounded = await open(3);
    try {
      await bounded.upsertArticles([
        {
          id: 'a05',
          sourceId: 'okaz',
          url: 'https://x.example/5',
          title: 'a05',
          text: 'مصحح',
          published: hourIso(70),
        },
      ]);
      const top = await bounded.searchTerms({ terms: ['خبر'], limit: 3 });
      expect(hitIds(top)).toEqual(['a05', 'a58', 'a59']);
      expect((top[0] as { sortTime?: string }).sortTime).toBe(hourIso(70));
    } finally {
      await bounded.upsertArticles([
        {
          id: 'a05',
          sourceId: 'okaz',
          url: 'https://x.example/5',
          title: 'a05',
          text: '',
          published: hourIso(5),
        },
      ]);
      await bounded.close();
    }
  });

  // 60 matches, at most 8 × 10 (or 8 × 50): every match is ranked, and the ranks kept for the same query.
  it.each([10, 50])(
    'answers the last hours from the ranks of every match as the windows do, ties newest first (%i)',
    async (candidates) => {
      const ranked = await open(candidates);
      const fresh = await open(candidates);
      // a15 re-dated between a55 and a56: stored early, so the ranks alone would put it after both.
      const a15 = { id: 'a15', sourceId: 'spa', url: 'https://x.example/15', title: 'a15', text: '' };
      await ranked.upsertArticles([{ ...a15, published: new Date(T0 + 55.5 * HOUR).toISOString() }]);
      try {
        expect(hitIds(await ranked.searchTerms({ terms: ['خبر'], limit: 3 }))).toEqual(['a58', 'a09', 'a08']);
        const cases = [
          { filters: { from: hourIso(50) }, limit: 3 },
          { filters: { from: hourIso(50) }, limit: 6 },
          { filters: { from: hourIso(50), sourceId: 'spa' }, limit: 2, offset: 1 },
          { filters: { from: hourIso(5), to: hourIso(12) }, limit: 4 },
          { filters: { from: hourIso(20), to: hourIso(30) }, limit: 2 },
        ];
        for (const c of cases) {
          const query = { terms: ['خبر'], ...c };
          // `fresh` has no ranks kept: it takes the windows.
          expect(await ranked.searchTerms(query)).toEqual(await fresh.searchTerms(query));
        }
        // Equal bm25 (body only) come newest first; the title hit a58 leads.
        expect(
          hitIds(await ranked.searchTerms({ terms: ['خبر'], filters: { from: hourIso(50) }, limit: 6 })),
        ).toEqual(['a58', 'a59', 'a57', 'a56', 'a15', 'a55']);
      } finally {
        await ranked.upsertArticles([{ ...a15, published: hourIso(15) }]);
        await ranked.close();
        await fresh.close();
      }
    },
  );
});

describe('search: the SQLite store forgets kept ranks when the data changes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'naba-search-memo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function add(target: Store, id: string, titleTerms: string, published: string) {
    await target.upsertArticles([
      { id, sourceId: 'spa', url: `https://x.example/${id}`, title: id, text: '', published },
    ]);
    await target.saveAnalysis(id, {
      tags: [],
      entities: [],
      quotedSources: [],
      titleTerms,
      terms: 'زلزال نص',
    });
  }

  it('after its own writes and after another connection’s', async () => {
    const path = join(dir, 'naba.db');
    const first = await openSqliteStore(path);
    const other = await openSqliteStore(path);
    const ids = async () => (await first.searchTerms({ terms: ['زلزال'], limit: 5 })).map((h) => h.id);
    try {
      await first.upsertSource({
        id: 'spa',
        name: 'spa',
        siteUrl: '',
        feeds: [],
        language: 'ar',
        paused: false,
      });
      await add(first, 'old', 'عنوان', '2015-08-01T00:00:00Z');
      expect(await ids()).toEqual(['old']);
      await add(first, 'own', 'زلزال', '2015-08-02T00:00:00Z');
      expect(await ids()).toEqual(['own', 'old']);
      await add(other, 'theirs', 'زلزال زلزال', '2015-08-03T00:00:00Z');
      expect(await ids()).toEqual(['theirs', 'own', 'old']);
    } finally {
      await first.close();
      await other.close();
    }
  });
});

describe('search: empty store', () => {
  it('returns no items', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'naba-search-empty-'));
    const empty = await openSqliteStore(join(emptyDir, 'naba.db'));
    try {
      expect(await search(empty, 'وزير الخارجية', { now: NOW })).toEqual({ total: 0, items: [] });
    } finally {
      await empty.close();
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});

describe('snippet', () => {
  const filler = 'كلام عام لا صلة له بالموضوع. '.repeat(30);
  const text = `${filler}وقال الوزير إن الميزانية الجديدة تدعم المشاريع. ${filler}`;
  const spec = { stems: new Set(terms('وزير ميزانية')), phrases: [], withStopwords: false };

  it('cuts a window around the best passage and marks the original words', () => {
    const s = snippet(text, spec, 120);
    expect(s.text.length).toBeLessThanOrEqual(120);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['الوزير', 'الميزانية']);
  });

  it('collapses whitespace and keeps highlights on the words', () => {
    const s = snippet('الوزير\n\n   يزور\tالميزانية', spec);
    expect(s.text).toBe('الوزير يزور الميزانية');
    expect(s.highlights).toEqual([
      [0, 6],
      [12, 21],
    ]);
  });

  it('starts at the beginning when nothing matches', () => {
    const s = snippet(text, { ...spec, stems: new Set(['غائب']) }, 80);
    expect(text.startsWith(s.text)).toBe(true);
    expect(s.highlights).toEqual([]);
  });
});

describe('naba search text output', () => {
  const at = (text: string, word: string): [number, number] => [
    text.indexOf(word),
    text.indexOf(word) + word.length,
  ];
  it.each([
    ['وقال الوزير إن الميزانية', ['الوزير'], 'وقال ⟦الوزير⟧ إن الميزانية'],
    ['وقال الوزير إن الميزانية', ['الميزانية', 'الوزير'], 'وقال ⟦الوزير⟧ إن ⟦الميزانية⟧'],
    ['بلا تظليل', [], 'بلا تظليل'],
  ])('marks %s', (text, words, expected) => {
    expect(
      mark(
        text,
        words.map((w) => at(text, w)),
      ),
    ).toBe(expected);
  });
});
