import { describe, expect, it } from 'vitest';
import { htmlToText, resolveHttpUrl, textToHtml, toIsoDate } from './text.ts';
import { sniff } from './xml.ts';

describe('htmlToText', () => {
  it.each([
    ['tags dropped', '<p>افتتاح <b>المعرض</b></p>', 'افتتاح المعرض'],
    [
      'script and style dropped with their content',
      '<style>p{}</style>خبر<script>var a=1</script> عاجل',
      'خبر عاجل',
    ],
    ['named entities', 'الأمن &amp; السلامة &laquo;عاجل&raquo;', 'الأمن & السلامة «عاجل»'],
    ['numeric entities', '&#1605;&#1589;&#1585; &#x2013; تونس', 'مصر – تونس'],
    ['unknown entities kept', 'a &foo; b', 'a &foo; b'],
    ['whitespace collapsed', '  سطر\n\n   آخر\t ', 'سطر آخر'],
    ['nothing left → undefined', '<img src="x.jpg">', undefined],
  ])('%s', (_name, input, expected) => {
    expect(htmlToText(input)).toBe(expected);
  });
});

describe('textToHtml', () => {
  it('escapes and makes paragraphs', () => {
    expect(textToHtml('أ < ب & ج\nسطر\n\nفقرة')).toBe('<p>أ &lt; ب &amp; ج<br>سطر</p>\n<p>فقرة</p>');
  });
});

describe('toIsoDate', () => {
  it.each([
    ['RFC 822 with offset', 'Thu, 06 Aug 2015 10:15:00 +0300', '2015-08-06T10:15:00+03:00'],
    ['RFC 822 in GMT', 'Thu, 06 Aug 2015 07:15:00 GMT', '2015-08-06T07:15:00Z'],
    ['RFC 3339', '2015-08-06T10:15:00+03:00', '2015-08-06T10:15:00+03:00'],
    ['impossible day', 'Thu, 32 Aug 2015 10:00:00 +0300', undefined],
    ['words', 'غير معروف', undefined],
    ['a number', '1438844400', undefined],
    ['empty', '   ', undefined],
    ['absent', undefined, undefined],
  ])('%s', (_name, input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });
});

describe('toIsoDate on sloppy machine dates', () => {
  it.each([
    ['no space after the weekday', 'Thu,06 Aug 2015 10:15:00 +0300'],
    ['ISO with a space and fraction', '2015-08-06 07:15:00.000Z'],
  ])('%s → the right instant', (_name, input) => {
    expect(Date.parse(toIsoDate(input) ?? 'x')).toBe(Date.UTC(2015, 7, 6, 7, 15));
  });
});

describe('resolveHttpUrl', () => {
  it.each([
    ['relative', '/a/1', 'https://x.example/feed', 'https://x.example/a/1'],
    ['protocol-relative', '//cdn.x.example/i.jpg', 'https://x.example/', 'https://cdn.x.example/i.jpg'],
    ['not web', 'mailto:a@x.example', 'https://x.example/', undefined],
    ['blank', '  ', 'https://x.example/', undefined],
  ])('%s', (_name, href, base, expected) => {
    expect(resolveHttpUrl(href, base)).toBe(expected);
  });
});

describe('sniff', () => {
  it.each([
    [
      'RSS after declaration, comment and DOCTYPE',
      '<?xml version="1.0"?>\n<!-- c --><!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"/>',
      'xml',
      'rss',
    ],
    ['prefixed RDF root', '<rdf:RDF xmlns:rdf="x"/>', 'xml', 'rdf'],
    ['Atom with BOM', '\uFEFF<feed xmlns="http://www.w3.org/2005/Atom"/>', 'xml', 'feed'],
    ['HTML by doctype', '<!doctype html><html></html>', 'html', undefined],
    ['XHTML', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', 'html', undefined],
    ['JSON', ' {"version":"x"}', 'json', undefined],
    ['text', 'Not Found', 'other', undefined],
  ])('%s', (_name, body, kind, root) => {
    const s = sniff(body);
    expect(s.kind).toBe(kind);
    if (root) expect(s.kind === 'xml' && s.root).toBe(root);
  });
});
