import { describe, expect, it } from 'vitest';
import { safeHttpUrl, sanitizeHtml } from './sanitize.ts';

const BASE = 'https://sabq.org/news/1';

describe('sanitizeHtml', () => {
  it.each([
    ['script tag', '<p>قال الوزير</p><script>alert(1)</script>', '<p>قال الوزير</p>'],
    ['script in caps', '<SCRIPT SRC="https://x/a.js"></SCRIPT><p>نص</p>', '<p>نص</p>'],
    [
      'onerror on an image',
      '<img src="x" onerror="alert(1)"><p>خبر</p>',
      '<a href="https://sabq.org/news/x" rel="noopener nofollow ugc">صورة</a><p>خبر</p>',
    ],
    [
      'image with alt becomes a link',
      '<img src="https://cdn.example/a.jpg" alt="الأمير">',
      '<a href="https://cdn.example/a.jpg" rel="noopener nofollow ugc">صورة: الأمير</a>',
    ],
    ['image with a data: URL is dropped', '<img src="data:image/png;base64,AAAA">', ''],
    ['javascript: link keeps its words only', '<a href="javascript:alert(1)">اضغط هنا</a>', 'اضغط هنا'],
    ['javascript: with a tab in the scheme', '<a href="java\tscript:alert(1)">هنا</a>', 'هنا'],
    ['data: link', '<a href="data:text/html,<script>alert(1)</script>">رابط</a>', 'رابط'],
    ['vbscript: link', '<a href="vbscript:msgbox(1)">رابط</a>', 'رابط'],
    [
      'http link gets rel',
      '<a href="http://spa.gov.sa/1" onclick="x()" target="_blank">واس</a>',
      '<a href="http://spa.gov.sa/1" rel="noopener nofollow ugc">واس</a>',
    ],
    [
      'relative link resolved',
      '<a href="/news/2">المزيد</a>',
      '<a href="https://sabq.org/news/2" rel="noopener nofollow ugc">المزيد</a>',
    ],
    ['style attribute and tag', '<p style="position:fixed">نص</p><style>p{}</style>', '<p>نص</p>'],
    ['class and id dropped', '<p class="x" id="y">نص</p>', '<p>نص</p>'],
    [
      'iframe dropped with its content',
      '<iframe src="https://evil.example">بديل</iframe><p>نص</p>',
      '<p>نص</p>',
    ],
    ['svg with onload dropped', '<svg onload="alert(1)"><circle/></svg><p>نص</p>', '<p>نص</p>'],
    ['unknown tags unwrapped', '<div><span>السعودية</span> <font>اليوم</font></div>', 'السعودية اليوم'],
    ['b and i renamed', '<b>عاجل</b> <i>تحديث</i>', '<strong>عاجل</strong> <em>تحديث</em>'],
    ['h1 becomes h2', '<h1>عنوان</h1>', '<h2>عنوان</h2>'],
    [
      'lists and quotes kept',
      '<ul><li>أ</li></ul><blockquote>اقتباس</blockquote>',
      '<ul><li>أ</li></ul><blockquote>اقتباس</blockquote>',
    ],
    ['br kept', '<p>سطر<br>سطر</p>', '<p>سطر<br>سطر</p>'],
    ['comments dropped', '<p>نص<!-- <script>alert(1)</script> --></p>', '<p>نص</p>'],
    [
      'text is escaped',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    ],
    ['form and inputs dropped', '<form action="https://x"><input name="p"></form><p>نص</p>', '<p>نص</p>'],
    ['meta refresh dropped', '<meta http-equiv="refresh" content="0;url=https://x"><p>نص</p>', '<p>نص</p>'],
  ])('%s', (_rule, input, expected) => {
    expect(sanitizeHtml(input, BASE)).toBe(expected);
  });

  it('flattens absurd nesting without failing', () => {
    const deep = `${'<blockquote>'.repeat(5000)}عميق${'</blockquote>'.repeat(5000)}`;
    const out = sanitizeHtml(deep);
    expect(out).toContain('عميق');
    expect(out.split('<blockquote>').length - 1).toBe(64);
    expect(out.split('</blockquote>').length - 1).toBe(64);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://okaz.com.sa/a', 'https://okaz.com.sa/a'],
    [' javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['ftp://x/y', null],
    ['', null],
    ['not a url', null],
  ])('%s → %s', (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });
});
