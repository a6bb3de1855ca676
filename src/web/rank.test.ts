import { describe, expect, it } from 'vitest';
import type { Story } from '../store/store.ts';
import { rankStories } from './rank.ts';

const NOW = Date.parse('2015-08-07T12:00:00Z');

function story(id: string, p: { first: string; last: string; articles: number; outlets: number }): Story {
  return {
    id,
    headline: id,
    headlineArticleId: `${id}-a`,
    firstSeen: p.first,
    lastUpdate: p.last,
    articleCount: p.articles,
    sourceCount: p.outlets,
  };
}

describe('rankStories', () => {
  it.each([
    [
      'more outlets beat one outlet at the same time',
      story('many', { first: '2015-08-07T09:00:00Z', last: '2015-08-07T11:00:00Z', articles: 8, outlets: 6 }),
      story('one', { first: '2015-08-07T09:00:00Z', last: '2015-08-07T11:00:00Z', articles: 8, outlets: 1 }),
    ],
    [
      'a fresh story beats a day-old one with the same reach',
      story('fresh', {
        first: '2015-08-07T10:00:00Z',
        last: '2015-08-07T11:30:00Z',
        articles: 4,
        outlets: 3,
      }),
      story('old', { first: '2015-08-06T08:00:00Z', last: '2015-08-06T09:30:00Z', articles: 4, outlets: 3 }),
    ],
    [
      'fast reports beat the same reports spread over a day',
      story('fast', {
        first: '2015-08-07T10:00:00Z',
        last: '2015-08-07T11:00:00Z',
        articles: 12,
        outlets: 3,
      }),
      story('slow', {
        first: '2015-08-06T11:00:00Z',
        last: '2015-08-07T11:00:00Z',
        articles: 12,
        outlets: 3,
      }),
    ],
  ])('%s', (_rule, better, worse) => {
    const ranked = rankStories([worse, better], NOW).map((r) => r.story.id);
    expect(ranked).toEqual([better.id, worse.id]);
  });

  it('ranks by independent outlets when they are known, not by outlets that only ran copies', () => {
    const wire = story('wire', {
      first: '2015-08-07T09:00:00Z',
      last: '2015-08-07T11:00:00Z',
      articles: 6,
      outlets: 6,
    });
    const own = story('own', {
      first: '2015-08-07T09:00:00Z',
      last: '2015-08-07T11:00:00Z',
      articles: 6,
      outlets: 3,
    });
    const independent: Record<string, number> = { wire: 1, own: 3 };
    expect(rankStories([wire, own], NOW).map((r) => r.story.id)).toEqual(['wire', 'own']);
    expect(rankStories([wire, own], NOW, (s) => independent[s.id]).map((r) => r.story.id)).toEqual([
      'own',
      'wire',
    ]);
  });

  it('measures freshness from the newest story, so an old archive still ranks by reach', () => {
    const a = story('a', {
      first: '2015-08-07T09:00:00Z',
      last: '2015-08-07T11:00:00Z',
      articles: 9,
      outlets: 7,
    });
    const b = story('b', {
      first: '2015-08-07T10:00:00Z',
      last: '2015-08-07T11:00:00Z',
      articles: 1,
      outlets: 1,
    });
    const ranked = rankStories([b, a], Date.parse('2026-11-30T00:00:00Z'));
    expect(ranked.map((r) => r.story.id)).toEqual(['a', 'b']);
    expect(ranked[0]!.score).toBeGreaterThan(0);
  });
});
