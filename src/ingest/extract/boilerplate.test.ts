import { describe, expect, it } from 'vitest';
import { markerAt, stripBoilerplate, takeSourceLine } from './boilerplate.ts';
import { parseDocument } from './dom.ts';
import { domToText } from './text.ts';

const ARTICLE = '<p>أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير.</p>';
const run = (html: string) => {
  const body = parseDocument(`<body><div id="c">${html}</div></body>`).body;
  const { tags } = stripBoilerplate(body);
  return { text: domToText(body), tags, body };
};

describe('markerAt', () => {
  it.each([
    ['اقرأ أيضا: عنوان', 'readAlso'],
    ['إقرأ أيضاً:', 'readAlso'],
    ['اقرأ ايضا', 'readAlso'],
    ['مقالات مشابهة', 'related'],
    ['أخبار ذات صلة', 'related'],
    ['مواضيع ذات صلة', 'related'],
    ['الأكثر قراءة', 'related'],
    ['كلمات دلالية:', 'tags'],
    ['الوسوم', 'tags'],
    ['الكلمات المفتاحية', 'tags'],
    ['Tags:', 'tags'],
    ['شارك', 'controls'],
    ['طباعة', 'controls'],
    ['تكبير الخط', 'controls'],
    ['تصغير الخط', 'controls'],
    ['المزيد', 'more'],
    ['اشترك في النشرة البريدية', 'prompt'],
    ['حمل تطبيق الموقع', 'prompt'],
    ['تابعونا على فيسبوك', 'prompt'],
  ])('%s → %s', (text, kind) => {
    expect(markerAt(text)?.kind).toBe(kind);
  });

  it.each(['اقرأ التقرير كاملا في العدد المقبل', 'أعلن الوزير أن الوسوم', 'المزيدات'])(
    '%s is prose',
    (text) => {
      expect(markerAt(text)).toBeUndefined();
    },
  );
});

describe('stripBoilerplate', () => {
  it.each([
    ['inline read-also line', `${ARTICLE}<p><strong>اقرأ أيضا:</strong> <a href="/x">عنوان خبر آخر</a></p>`],
    [
      'read-also label heading a teaser card',
      `${ARTICLE}<div><h3>إقرأ أيضاً:</h3></div><article><h2><a href="/y">خبر آخر</a></h2><p>فقرة من الخبر الآخر لا تخص هذا الخبر.</p></article>`,
    ],
    [
      'related list under its heading',
      `${ARTICLE}<section><h3>مقالات مشابهة</h3><ul><li><a href="/1">خبر</a></li><li><a href="/2">خبر ثان</a></li></ul></section>`,
    ],
    ['most-read box', `${ARTICLE}<aside><h4>الأكثر قراءة</h4><ol><li><a href="/1">خبر</a></li></ol></aside>`],
    [
      'share and print row',
      `${ARTICLE}<div><span>شارك</span> <a href="#">فيسبوك</a> <a href="#">طباعة</a></div>`,
    ],
    ['font-size buttons', `${ARTICLE}<div><button>تكبير الخط</button> <button>تصغير الخط</button></div>`],
    [
      'read-also card whose label touches the teaser (no space between them)',
      `${ARTICLE}<div><strong>اقرأ أيضاً</strong><a href="/z"><h4>خبر آخر</h4><p>فقرة من الخبر الآخر.</p></a></div>`,
    ],
    ['more link', `${ARTICLE}<p><a href="/more">المزيد</a></p>`],
    ['newsletter prompt', `${ARTICLE}<div><p>اشترك في النشرة البريدية لتصلك أهم الأخبار</p><input></div>`],
    ['app prompt', `${ARTICLE}<p><a href="/app">حمل تطبيق الجريدة</a></p>`],
    ['follow prompt', `${ARTICLE}<div>تابعونا على <a href="#">فيسبوك</a></div>`],
  ])('removes the %s', (_name, html) => {
    expect(run(html).text).toBe('أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير.');
  });

  it('harvests the tag row and removes it', () => {
    const { text, tags } = run(
      `${ARTICLE}<div class="tags"><span>كلمات دلالية:</span> <a href="/t/1">الصحة</a> <a href="/t/2">المستشفيات</a> <a href="/t">المزيد</a></div>`,
    );
    expect(tags).toEqual(['الصحة', 'المستشفيات']);
    expect(text).not.toContain('الصحة،');
    expect(text).not.toContain('كلمات');
  });

  it('harvests a tag list that follows its label', () => {
    const { tags } = run(
      `${ARTICLE}<h4>الوسوم</h4><ul><li><a href="/a">وزارة الصحة</a></li><li><a href="/b">مستشفى</a></li></ul>`,
    );
    expect(tags).toEqual(['وزارة الصحة', 'مستشفى']);
  });

  it('keeps prose that merely starts with a marker word', () => {
    const prose =
      '<p>شارك أكثر من ثلاثة آلاف عداء في الماراثون الذي انطلق صباح اليوم من أمام مبنى البلدية.</p>';
    expect(run(prose).text).toContain('شارك أكثر من ثلاثة آلاف عداء');
  });

  it('keeps the paragraph after an inline read-also line', () => {
    const html = `<p>اقرأ أيضا: <a href="/x">خبر آخر</a></p>${ARTICLE}`;
    expect(run(html).text).toBe('أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير.');
  });
});

describe('takeSourceLine', () => {
  it('takes the attribution line off the body', () => {
    const body = parseDocument(`<body>${ARTICLE}<p>المصدر: صدى البلد</p></body>`).body;
    expect(takeSourceLine(body)).toBe('المصدر: صدى البلد');
    expect(domToText(body)).not.toContain('المصدر');
  });

  it('ignores a sentence that mentions a source', () => {
    const body = parseDocument(
      `<body><p>المصدر الذي تحدث للصحيفة رفض الكشف عن اسمه لأسباب أمنية.</p></body>`,
    ).body;
    expect(takeSourceLine(body)).toBeUndefined();
  });
});
