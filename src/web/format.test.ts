import { describe, expect, it } from 'vitest';
import { absoluteTime, counted, relativeTime, sectionName, shortDate } from './format.ts';

const NOW = Date.parse('2015-08-08T12:00:00Z');

describe('format', () => {
  it.each([
    ['2015-08-08T11:59:30Z', 'الآن'],
    ['2015-08-08T11:58:00Z', 'قبل دقيقتين'],
    ['2015-08-08T09:00:00Z', 'قبل 3 ساعات'],
    ['2015-08-07T10:00:00Z', 'أمس'],
    ['2014-08-01T10:00:00Z', 'السنة الماضية'],
    ['2015-08-09T10:00:00Z', 'الآن'],
    ['ليس تاريخاً', ''],
  ])('relative time of %s is %s', (iso, expected) => {
    expect(relativeTime(iso, NOW)).toBe(expected);
  });

  it('writes absolute times with Latin digits, Arabic month names and the zone', () => {
    const s = absoluteTime('2015-08-06T01:00:00+03:00');
    expect(s).toContain('أغسطس');
    expect(s).toContain('2015');
    expect(s).toMatch(/غرينتش\+3/);
    expect(s).not.toMatch(/[٠-٩]/);
    expect(shortDate('2015-08-06T01:00:00+03:00')).toBe('6 أغسطس 2015');
    expect(absoluteTime(undefined)).toBe('');
  });

  it.each([
    [0, 'outlet', 'لا مصادر'],
    [1, 'outlet', 'مصدر واحد'],
    [2, 'outlet', 'مصدران'],
    [5, 'outlet', '5 مصادر'],
    [11, 'outlet', '11 مصدرًا'],
    [100, 'copy', '100 نسخة'],
    [3, 'report', '3 تقارير'],
  ] as const)('counts %i %s as %s', (n, noun, expected) => {
    expect(counted(n, noun)).toBe(expected);
  });

  it('names sections in Arabic and refuses unknown ids', () => {
    expect(sectionName('sports')).toBe('رياضة');
    expect(sectionName('nope')).toBeNull();
    expect(sectionName(null)).toBeNull();
  });
});
