import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../store/store.ts';
import { independentOutlets, topTags } from './views.ts';

function stored(
  id: string,
  sourceId: string,
  tags: string[],
  duplicateOf: string | null = null,
): StoredArticle {
  return {
    article: { id, sourceId, url: `https://x.example/${id}`, title: id, text: '' },
    sortTime: '2015-08-07T10:00:00.000Z',
    analysis: { tags, entities: [], section: null, quotedSources: [], analyzedAt: '', stale: false },
    placement: { duplicateOf, storyId: 's', copyChanges: null, placedAt: '' },
  };
}

describe('topTags', () => {
  it.each([
    ['one tag in two spellings counts once', [['وزير الخارجية'], ['وزیر الخارجیة']], ['وزير الخارجية']],
    [
      'the Arabic spelling wins over a Persian-keyboard one seen first',
      [['وزیر الخارجیة'], ['وزير الخارجية']],
      ['وزير الخارجية'],
    ],
    ['a kaf typed as keheh', [['کورونا'], ['كورونا'], ['اليابان']], ['كورونا', 'اليابان']],
    ['most frequent first, then first seen', [['أ', 'ب'], ['ب']], ['ب', 'أ']],
    ['empty tags dropped', [['', ' ']], []],
  ])('%s', (_rule, tagLists, expected) => {
    const articles = tagLists.map((tags, i) => stored(`a${i}`, 'spa', tags));
    expect(topTags(articles, 10)).toEqual(expected);
  });
});

describe('independentOutlets', () => {
  it('counts outlets with a report of their own, not those that only ran a copy', () => {
    const articles = [
      stored('w', 'spa', []),
      stored('c1', 'okaz', [], 'w'),
      stored('c2', 'sabq', [], 'w'),
      stored('o', 'sabq', []),
      stored('o2', 'spa', []),
    ];
    expect(independentOutlets(articles)).toBe(2);
  });
});
