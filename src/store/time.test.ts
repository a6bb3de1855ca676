import { describe, expect, it } from 'vitest';
import { parseTime, requireTime } from './time.ts';

describe('parseTime', () => {
  it.each([
    ['2015-08-06T01:00:00+03:00', '2015-08-05T22:00:00.000Z'],
    ['2015-08-06T01:00:00.250Z', '2015-08-06T01:00:00.250Z'],
    ['2015-08-06 01:00:00+03:00', '2015-08-05T22:00:00.000Z'],
    ['2015-08-06T01:00:00+0300', '2015-08-05T22:00:00.000Z'],
    ['2015-08-06T01:00', '2015-08-06T01:00:00.000Z'],
    ['2015-08-06 01:00:00', '2015-08-06T01:00:00.000Z'],
    ['2015-08-06', '2015-08-06T00:00:00.000Z'],
    ['  2015-08-06T01:00:00Z ', '2015-08-06T01:00:00.000Z'],
    ['Thu, 06 Aug 2015 01:00:00 +0300', '2015-08-05T22:00:00.000Z'],
    ['Thu, 06 Aug 2015 01:00:00 GMT', '2015-08-06T01:00:00.000Z'],
    ['6 Aug 2015 01:00 GMT', '2015-08-06T01:00:00.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(new Date(parseTime(input) ?? Number.NaN).toISOString()).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['5'],
    ['الخميس 6 أغسطس 2015'],
    ['منذ ساعتين'],
    ['Thursday'],
    ['2015-13-45'],
    ['1800-01-01'],
    ['2015/08/06'],
  ])('rejects %s', (input) => {
    expect(parseTime(input)).toBeNull();
  });

  it('names the field of a required time', () => {
    expect(() => requireTime('غدا', 'cursor')).toThrow(/^store: cursor is not an ISO 8601 time/);
  });
});
