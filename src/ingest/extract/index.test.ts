import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, urlId } from '../url.ts';
import { dropLeadingFurniture, extract } from './index.ts';

const P = [
  'أعلنت وزارة النقل اليوم عن تشغيل خط جديد للحافلات يربط وسط المدينة بالمطار الدولي اعتباراً من الشهر المقبل.',
  'وقال المتحدث باسم الوزارة إن الخط سيعمل على مدار الساعة بأسطول من الحافلات الكهربائية الحديثة.',
  'وأوضح أن سعر التذكرة سيكون في متناول الجميع، مع تخفيضات خاصة للطلاب وكبار السن.',
];
const articlePage = (extraHead = '', extraBody = '') =>
  `<!DOCTYPE html><html lang="ar"><head><title>خط حافلات جديد إلى المطار - الخبر اليوم</title>${extraHead}</head><body>
  <nav><a href="/">الرئيسية</a> <a href="/a">محليات</a></nav>
  <article><h1>خط حافلات جديد إلى المطار</h1>${P.map((p) => `<p>${p}</p>`).join('')}${extraBody}</article>
  <aside><blockquote class="twitter-tweet"><p>تغريدة في الشريط الجانبي لا تخص الخبر</p>&mdash; حساب (@side) <a href="https://twitter.com/side/status/1">Jan 1</a></blockquote></aside>
  </body></html>`;

describe('extract', () => {
  it('gives the body, the cleaned title and an id from the canonical URL', () => {
    const a = extract(
      articlePage('<link rel="canonical" href="https://khabar.example/local/bus?utm_source=x">'),
      'https://khabar.example/local/bus?ref=home',
    )!;
    expect(a.title).toBe('خط حافلات جديد إلى المطار');
    expect(a.text).toBe(P.join('\n\n'));
    expect(a.canonicalUrl).toBe('https://khabar.example/local/bus?utm_source=x');
    expect(a.id).toBe(urlId(canonicalizeUrl('https://khabar.example/local/bus?utm_source=x')));
    expect(a.html).toContain('<p>');
    expect(a.html).not.toMatch(/<script|<iframe|<style/);
  });

  it.each([
    ['By Jane Doe, Staff Writer', 'Jane Doe, Staff Writer'],
    ['بقلم: هدى يوسف', 'هدى يوسف'],
    ['كتب - عمرو سعيد', 'عمرو سعيد'],
    ['بقلم: هدى يوسف | الخميس 5 مارس 2009', 'هدى يوسف'],
    ['الجمعة 2 يناير 2015', undefined],
  ])('reads the author %s as %s', (meta, expected) => {
    expect(
      extract(articlePage(`<meta name="author" content="${meta}">`), 'https://khabar.example/a')!.author,
    ).toBe(expected);
  });

  it('finds no article on a picture page whose only text is a read-also teaser', () => {
    const page = `<!DOCTYPE html><html lang="ar"><head><title>كاريكاتير اليوم</title></head><body>
      <article><h1>كاريكاتير اليوم</h1><section class="article-body"><figure><img src="/c.jpg" alt=""></figure></section>
      <div class="read-also"><strong>اقرأ أيضاً</strong><a href="/other"><h4>خط حافلات جديد إلى المطار</h4><p>${P[0]} ${P[1]}</p></a></div>
      </article></body></html>`;
    expect(extract(page, 'https://khabar.example/cartoon')).toBeNull();
  });

  it('does not take embeds that sit outside the article as quotes', () => {
    expect(extract(articlePage(), 'https://khabar.example/local/bus')!.quotes).toBeUndefined();
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not html at all'],
    [
      'an error page',
      '<html><head><title>404 الصفحة غير موجودة</title></head><body><h1>عذراً، الصفحة غير موجودة</h1><p>ربما تم نقل الصفحة أو حذفها. <a href="/">العودة إلى الرئيسية</a></p></body></html>',
    ],
    [
      'a page of links',
      `<html><body><ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="/${i}">عنوان خبر رقم ${i} في قائمة الأخبار العاجلة</a></li>`).join('')}</ul></body></html>`,
    ],
  ])('returns null for %s', (_name, html) => {
    expect(extract(html, 'https://khabar.example/')).toBeNull();
  });

  it('takes the JSON-LD articleBody when it is longer and tells the same story', () => {
    const more = 'وأضاف أن الوزارة ستطلق تطبيقاً لحجز التذاكر إلكترونياً قبل بدء التشغيل بأسبوع.';
    const ld = `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'خط حافلات جديد إلى المطار', articleBody: [...P, more, more, more].join('\n') })}</script>`;
    const a = extract(articlePage(ld), 'https://khabar.example/local/bus')!;
    expect(a.text).toContain(more);
    expect(a.text.startsWith(P[0]!)).toBe(true);
  });

  it('ignores a JSON-LD articleBody about something else', () => {
    const other = 'نص مختلف تماماً عن مباراة كرة القدم التي أقيمت مساء أمس في الملعب الرئيسي. '.repeat(10);
    const ld = `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', articleBody: other })}</script>`;
    expect(extract(articlePage(ld), 'https://khabar.example/local/bus')!.text).toBe(P.join('\n\n'));
  });

  it('falls back to the feed entry when the page has no body', () => {
    const a = extract(
      '<html><head><title>x</title></head><body><div id="app"></div></body></html>',
      'https://khabar.example/spa/1',
      {
        feedEntry: {
          url: 'https://khabar.example/spa/1',
          title: 'عنوان من الخلاصة',
          published: 'Tue, 19 Nov 2019 10:48:00 GMT',
          contentHtml: P.map((p) => `<p>${p}</p>`).join(''),
        },
      },
    )!;
    expect(a.text).toBe(P.join('\n\n'));
    expect(a.published).toBe('2019-11-19T10:48:00Z');
  });

  it('drops teaser cards whose link is an empty overlay anchor', () => {
    const card = (k: string, h: string) =>
      `<div class="card"><div><h3>${k}</h3><span>${h}</span></div><a href="/n/${k}" class="card-anchor"></a></div>`;
    const rail = `<div class="rail">${card('عاجل', 'حريق في مصنع للأخشاب')}${card('رياضة', 'فوز الفريق في الديربي')}</div>`;
    const a = extract(articlePage('', rail), 'https://khabar.example/local/bus')!;
    expect(a.text).toBe(P.join('\n\n'));
  });

  it('handles a 5 MB page', () => {
    const para = (i: number) =>
      `<p>الفقرة ${i} من التقرير المطول حول أوضاع الاقتصاد في المنطقة وتأثير ارتفاع الأسعار على الأسر.</p>`;
    const parts: string[] = ['<html lang="ar"><head><title>تقرير مطول</title></head><body><nav><ul>'];
    for (let i = 0; i < 2000; i++) parts.push(`<li><a href="/n/${i}">قسم ${i}</a></li>`);
    parts.push('</ul></nav><article>');
    let bytes = 0;
    let n = 0;
    while (bytes < 5 * 1024 * 1024) {
      const p = para(n++);
      bytes += Buffer.byteLength(p);
      parts.push(p);
    }
    parts.push('</article></body></html>');
    const a = extract(parts.join(''), 'https://khabar.example/big')!;
    expect(a.text.startsWith('الفقرة 0 ')).toBe(true);
    expect(a.text).toContain(`الفقرة ${n - 1} `);
    expect(a.text).not.toContain('قسم 10');
  });
});

describe('dropLeadingFurniture', () => {
  const title = 'خط حافلات جديد إلى المطار';
  const body = 'أعلنت وزارة النقل اليوم عن تشغيل خط جديد.';
  it.each([
    ['the headline again', `${title}\n\n${body}`],
    ['a breadcrumb trail ending in the headline', `الرئيسيةمحليات${title}\n\n${body}`],
    ['a date stamp', `الخميس 5 مارس 2009\n\n${body}`],
    ['an English date stamp', `Tuesday, November 19, 2019\n\n${body}`],
    ['a byline', `كتب: سامر العلي\n\n${body}`],
    ['headline, stamp and byline together', `${title}\n\n5 مارس 2009\n\nBy Jane Doe\n\n${body}`],
  ])('drops %s', (_name, text) => {
    expect(dropLeadingFurniture(text, title)).toBe(body);
  });

  it('keeps a first paragraph that only mentions the date in a sentence', () => {
    const text = `في 5 مارس 2009 افتتح الوزير المعرض بحضور عدد كبير من الزوار.\n\n${body}`;
    expect(dropLeadingFurniture(text, title)).toBe(text);
  });

  it('never empties the body', () => {
    expect(dropLeadingFurniture(title, title)).toBe(title);
  });
});
