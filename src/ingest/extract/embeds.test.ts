import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom.ts';
import { liftEmbeds } from './embeds.ts';

const lift = (html: string) => {
  const body = parseDocument(`<body>${html}</body>`).body;
  const quotes = liftEmbeds(body, 'https://site.example/news/1');
  return { quotes, body };
};

describe('liftEmbeds', () => {
  it.each([
    [
      'X/Twitter blockquote',
      '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">نص التغريدة هنا</p>&mdash; وزارة الصحة (@MOH) <a href="https://twitter.com/MOH/status/123456789?ref_src=twsrc">March 3, 2024</a></blockquote>',
      {
        platform: 'x',
        author: 'وزارة الصحة',
        handle: '@MOH',
        date: 'March 3, 2024',
        url: 'https://twitter.com/MOH/status/123456789',
        text: 'نص التغريدة هنا',
      },
    ],
    [
      'Instagram blockquote',
      '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/Cabc123/?utm_source=ig_embed"><div><p>صورة من الحفل</p><p><a href="https://www.instagram.com/p/Cabc123/">A post shared by نادي الشباب (@shabab_club)</a></p><time datetime="2024-02-01T10:00:00+00:00">Feb 1</time></div></blockquote>',
      {
        platform: 'instagram',
        author: 'نادي الشباب',
        handle: '@shabab_club',
        url: 'https://www.instagram.com/p/Cabc123/',
        text: 'صورة من الحفل',
        date: '2024-02-01T10:00:00+00:00',
      },
    ],
    [
      'Facebook fb-post',
      '<div class="fb-post" data-href="https://www.facebook.com/page/posts/42"><blockquote cite="https://www.facebook.com/page/posts/42" class="fb-xfbml-parse-ignore"><p>بيان رسمي من الوزارة</p>Posted by <a href="https://www.facebook.com/page">صفحة الوزارة</a> on <a href="https://www.facebook.com/page/posts/42">Monday, 1 April 2024</a></blockquote></div>',
      {
        platform: 'facebook',
        author: 'صفحة الوزارة',
        date: 'Monday, 1 April 2024',
        url: 'https://www.facebook.com/page/posts/42',
        text: 'بيان رسمي من الوزارة',
      },
    ],
    [
      'Facebook iframe',
      '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fpage%2Fposts%2F7&width=500"></iframe>',
      { platform: 'facebook', url: 'https://www.facebook.com/page/posts/7', text: '' },
    ],
    [
      'YouTube iframe',
      '<iframe src="https://www.youtube.com/embed/abcDEF12345?rel=0" title="كلمة الرئيس"></iframe>',
      { platform: 'youtube', url: 'https://www.youtube.com/watch?v=abcDEF12345', text: 'كلمة الرئيس' },
    ],
  ])('%s', (_name, html, expected) => {
    const { quotes, body } = lift(`<p>فقرة أولى من الخبر.</p>${html}<p>فقرة ثانية.</p>`);
    expect(quotes).toEqual([expected]);
    // The embed's text is gone from the page: only the placeholder remains where it was.
    expect(body.textContent).not.toContain(expected.text || 'zzz');
    expect(body.textContent).toContain('nabaquote0x');
  });

  it('drops iframes that are not posts (ads, maps) without a quote', () => {
    const { quotes, body } = lift('<p>نص</p><iframe src="https://ads.example/banner"></iframe>');
    expect(quotes).toEqual([]);
    expect(body.querySelector('iframe')).toBeNull();
  });
});
