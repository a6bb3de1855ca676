import { describe, expect, it } from 'vitest';
import type { StoredArticle, Story } from '../store/store.ts';
import { SanitizedHtml, StoryMembers } from './caches.ts';
import { sanitizeHtml } from './sanitize.ts';

const story = (over: Partial<Story> = {}): Story => ({
  id: 's1',
  headline: 'عنوان',
  headlineArticleId: 'a1',
  firstSeen: '2015-08-07T08:00:00.000Z',
  lastUpdate: '2015-08-07T09:00:00.000Z',
  articleCount: 2,
  sourceCount: 2,
  ...over,
});

const member = (id: string): StoredArticle => ({
  article: { id, sourceId: 'spa', url: `https://spa.example/${id}`, title: id, text: '' },
  sortTime: '2015-08-07T08:00:00.000Z',
});

/** A loader that counts its calls and answers with the members it is given at call time. */
function counting(members: () => StoredArticle[]) {
  const calls = { n: 0 };
  const load = async () => {
    calls.n++;
    return members();
  };
  return { calls, load };
}

describe('StoryMembers', () => {
  it('reuses a read while the story row is unchanged, and reads again when it changes', async () => {
    let clock = 0;
    const cache = new StoryMembers(10_000, 100, () => clock);
    let current = [member('a1'), member('a2')];
    const { calls, load } = counting(() => current);
    expect((await cache.get(story(), load)).map((m) => m.article.id)).toEqual(['a1', 'a2']);
    clock = 5_000;
    await cache.get(story(), load);
    expect(calls.n).toBe(1);
    // The pipeline rewrites the row when a member joins: the next read sees the new member at once.
    current = [member('a1'), member('a2'), member('a3')];
    const grown = await cache.get(story({ articleCount: 3, lastUpdate: '2015-08-07T10:00:00.000Z' }), load);
    expect(grown.map((m) => m.article.id)).toEqual(['a1', 'a2', 'a3']);
    expect(calls.n).toBe(2);
  });

  it('never hands out a read older than its maximum age', async () => {
    let clock = 0;
    const cache = new StoryMembers(10_000, 100, () => clock);
    const { calls, load } = counting(() => [member('a1')]);
    await cache.get(story(), load);
    clock = 9_999;
    await cache.get(story(), load);
    expect(calls.n).toBe(1);
    clock = 10_000;
    await cache.get(story(), load);
    expect(calls.n).toBe(2);
  });

  it('shares one read between concurrent readers, keeps no failed read, and is off at age 0', async () => {
    const cache = new StoryMembers(10_000);
    const { calls, load } = counting(() => [member('a1')]);
    await Promise.all([cache.get(story(), load), cache.get(story(), load)]);
    expect(calls.n).toBe(1);

    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error('store down');
      return [member('a1')];
    };
    await expect(cache.get(story({ id: 's2' }), flaky)).rejects.toThrow('store down');
    fail = false;
    expect(await cache.get(story({ id: 's2' }), flaky)).toHaveLength(1);

    const off = new StoryMembers(0);
    await off.get(story(), load);
    await off.get(story(), load);
    expect(calls.n).toBe(3);
  });

  it('keeps at most maxArticles members over all stories, dropping the least recently read story', async () => {
    const cache = new StoryMembers(10_000, 4, () => 0);
    const loads: string[] = [];
    const loader = (id: string) => async () => {
      loads.push(id);
      return [member(`${id}-1`), member(`${id}-2`)];
    };
    const s = (id: string) => story({ id, articleCount: 2 });
    await cache.get(s('x'), loader('x'));
    await cache.get(s('y'), loader('y'));
    await cache.get(s('x'), loader('x')); // x is now the most recently read
    await cache.get(s('z'), loader('z')); // over 4 members: y goes
    await cache.get(s('x'), loader('x'));
    await cache.get(s('y'), loader('y'));
    expect(loads).toEqual(['x', 'y', 'z', 'y']);
  });
});

describe('SanitizedHtml', () => {
  it('sanitizes an article once per input, and again when its HTML or base changes', () => {
    const cache = new SanitizedHtml();
    let calls = 0;
    const sanitize = (html: string, base?: string) => {
      calls++;
      return sanitizeHtml(html, base);
    };
    const html = '<p>نص <a href="/x" onclick="alert(1)">رابط</a></p><script>alert(1)</script>';
    const first = cache.get('a1', html, 'https://spa.example/news/1', sanitize);
    expect(first).toBe('<p>نص <a href="https://spa.example/x" rel="noopener nofollow ugc">رابط</a></p>');
    expect(cache.get('a1', `${html}`, 'https://spa.example/news/1', sanitize)).toBe(first);
    expect(calls).toBe(1);
    // Re-crawled with new markup: never the old output.
    expect(cache.get('a1', '<p>نص معدل</p>', 'https://spa.example/news/1', sanitize)).toBe('<p>نص معدل</p>');
    // The same markup under another base resolves links against that base.
    expect(cache.get('a1', html, 'https://okaz.example/n/', sanitize)).toContain('https://okaz.example/x');
    expect(calls).toBe(3);
  });

  it('holds at most maxChars, least recently used out first', () => {
    const cache = new SanitizedHtml(100);
    let calls = 0;
    const sanitize = (html: string) => {
      calls++;
      return html;
    };
    const page = (n: number) => `<p>${'x'.repeat(20)}${n}</p>`; // 28 chars in, 28 out
    cache.get('a', page(1), undefined, sanitize);
    cache.get('b', page(2), undefined, sanitize); // 112 chars: a goes
    cache.get('b', page(2), undefined, sanitize);
    cache.get('a', page(1), undefined, sanitize);
    expect(calls).toBe(3);
    // Bigger than the whole bound: sanitized, not kept.
    cache.get('big', `<p>${'y'.repeat(200)}</p>`, undefined, sanitize);
    cache.get('big', `<p>${'y'.repeat(200)}</p>`, undefined, sanitize);
    expect(calls).toBe(5);
  });
});
