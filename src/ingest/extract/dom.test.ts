import { describe, expect, it } from 'vitest';
import { parseDocument, repairHtml } from './dom.ts';

describe('parseDocument on broken markup', () => {
  it.each([
    ['no html, head or body', '<title>ع</title><p>نص الخبر', 'ع', 'نص الخبر'],
    ['html without body', '<html lang="ar"><head><title>ع</title></head><div><p>نص</div>', 'ع', 'نص'],
    ['body without html', '<body><p>نص</p></body>', '', 'نص'],
    ['loose text first', 'نص بلا وسوم', '', 'نص بلا وسوم'],
    ['a title that contains a tag-like string', '<title>أ < ب</title><p>نص</p>', 'أ < ب', 'نص'],
    ['empty input', '', '', ''],
  ])('%s', (_name, html, title, bodyText) => {
    const doc = parseDocument(html);
    expect(doc.title).toBe(title);
    expect(doc.body.textContent?.trim()).toBe(bodyText);
  });

  it('keeps well-formed pages untouched', () => {
    const html = '<!DOCTYPE html><html lang="ar"><head></head><body><p>x</p></body></html>';
    expect(repairHtml(html)).toBe(html);
  });

  it('keeps the lang attribute when it rebuilds the skeleton', () => {
    expect(parseDocument('<html lang="ar"><p>نص').documentElement.getAttribute('lang')).toBe('ar');
  });
});
