import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, urlId } from './url.ts';

// %D8%A3%D8%AE%D8%A8%D8%A7%D8%B1 = أخبار, %D8%BA%D8%B2%D8%A9 = غزة
const AKHBAR = '%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1';
const GHAZZA = '%D8%BA%D8%B2%D8%A9';

describe('canonicalizeUrl: one row per rule', () => {
  it.each([
    ['lowercase scheme and host', 'HTTPS://WWW.Alyaum.EXAMPLE/News/1', 'https://www.alyaum.example/News/1'],
    ['drop default https port', 'https://alyaum.example:443/a', 'https://alyaum.example/a'],
    ['drop default http port', 'http://alyaum.example:80/a', 'http://alyaum.example/a'],
    ['keep a non-default port', 'https://alyaum.example:8443/a', 'https://alyaum.example:8443/a'],
    ['drop the fragment', 'https://alyaum.example/a#comments', 'https://alyaum.example/a'],
    ['keep a #! route', 'https://alyaum.example/#!/news/5', 'https://alyaum.example/#!/news/5'],
    [
      'drop utm_* parameters',
      'https://alyaum.example/a?utm_source=tw&utm_medium=social&UTM_Campaign=x',
      'https://alyaum.example/a',
    ],
    [
      'drop click ids',
      'https://alyaum.example/a?fbclid=IwAR0&gclid=Cj0&msclkid=1&id=7',
      'https://alyaum.example/a?id=7',
    ],
    [
      'drop mailchimp, instagram, twitter, msn ids',
      'https://alyaum.example/a?mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc&ocid=4',
      'https://alyaum.example/a',
    ],
    [
      'sort remaining parameters by name',
      'https://alyaum.example/news.php?page=2&cat=5&id=9',
      'https://alyaum.example/news.php?cat=5&id=9&page=2',
    ],
    [
      'keep the order of repeated names',
      'https://alyaum.example/s?tag=b&a=1&tag=a',
      'https://alyaum.example/s?a=1&tag=b&tag=a',
    ],
    ['drop an empty query', 'https://alyaum.example/a?', 'https://alyaum.example/a'],
    ['remove the trailing slash', 'https://alyaum.example/sports/', 'https://alyaum.example/sports'],
    ['keep the root slash', 'https://alyaum.example/', 'https://alyaum.example/'],
    ['add the root slash', 'https://alyaum.example', 'https://alyaum.example/'],
    ['remove a trailing /amp', 'https://alyaum.example/news/123/amp', 'https://alyaum.example/news/123'],
    ['remove a trailing /amp/', 'https://alyaum.example/news/123/amp/', 'https://alyaum.example/news/123'],
    [
      'remove a leading /amp/ segment',
      'https://alyaum.example/amp/news/123',
      'https://alyaum.example/news/123',
    ],
    [
      'remove a .amp suffix',
      'https://alyaum.example/news/123.amp.html',
      'https://alyaum.example/news/123.html',
    ],
    ['drop ?amp', 'https://alyaum.example/news/123?amp', 'https://alyaum.example/news/123'],
    ['drop ?amp=1', 'https://alyaum.example/news/123?amp=1&id=2', 'https://alyaum.example/news/123?id=2'],
    [
      'drop ?outputType=amp',
      'https://alyaum.example/news/123?outputType=amp',
      'https://alyaum.example/news/123',
    ],
    ['amp. host → www.', 'https://amp.alyaum.example/news/123', 'https://www.alyaum.example/news/123'],
    ['m. host → www.', 'https://m.alyaum.example/news/123', 'https://www.alyaum.example/news/123'],
    ['mobile. host → www.', 'https://mobile.alyaum.example/news/123', 'https://www.alyaum.example/news/123'],
    ['lang.m. host → lang.', 'https://ar.m.wikipedia.org/wiki/x', 'https://ar.wikipedia.org/wiki/x'],
    ['a two-label m. host is a site, not a mobile edition', 'https://m.example/a', 'https://m.example/a'],
    [
      'unwrap the AMP cache',
      'https://www-alyaum-example.cdn.ampproject.org/c/s/www.alyaum.example/news/123/amp',
      'https://www.alyaum.example/news/123',
    ],
    [
      'unwrap the Google AMP viewer',
      'https://www.google.com/amp/s/m.alyaum.example/news/123',
      'https://www.alyaum.example/news/123',
    ],
    [
      'decode unreserved escapes',
      'https://alyaum.example/%7Euser/a%2Db%5Fc%2E',
      'https://alyaum.example/~user/a-b_c.',
    ],
    [
      'keep reserved escapes, uppercased',
      'https://alyaum.example/a%2fb%3f',
      'https://alyaum.example/a%2Fb%3F',
    ],
    [
      'punycode an Arabic host',
      'https://موقع.وزارة-الاتصالات.مصر/',
      'https://xn--4gbrim.xn----ymcbaaajlc6dj7bxne2c.xn--wgbh1c/',
    ],
    [
      'encode a raw Arabic path',
      `https://alyaum.example/أخبار/غزة`,
      `https://alyaum.example/${AKHBAR}/${GHAZZA}`,
    ],
    [
      'uppercase a lowercase-encoded Arabic path',
      `https://alyaum.example/${AKHBAR.toLowerCase()}/${GHAZZA.toLowerCase()}`,
      `https://alyaum.example/${AKHBAR}/${GHAZZA}`,
    ],
    [
      'compose decomposed Arabic (NFC)',
      'https://alyaum.example/\u0627\u0654',
      'https://alyaum.example/%D8%A3',
    ],
    [
      'encode Arabic query values the same way',
      'https://alyaum.example/search?q=غزة',
      `https://alyaum.example/search?q=${GHAZZA}`,
    ],
    ['resolve dot segments', 'https://alyaum.example/a/b/../c/./d', 'https://alyaum.example/a/c/d'],
    [
      'collapse doubled slashes',
      'https://alyaum.example/news//2015///5',
      'https://alyaum.example/news/2015/5',
    ],
    [
      'drop ;jsessionid',
      'https://alyaum.example/news/5;jsessionid=ABC123?id=1',
      'https://alyaum.example/news/5?id=1',
    ],
    ['drop the trailing dot of the host', 'https://alyaum.example./a', 'https://alyaum.example/a'],
    ['trim surrounding whitespace', '  https://alyaum.example/a \n', 'https://alyaum.example/a'],
    ['leave non-web schemes alone', 'mailto:desk@alyaum.example', 'mailto:desk@alyaum.example'],
  ])('%s', (_rule, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('resolves against a base', () => {
    expect(canonicalizeUrl('../sport/5/?utm_source=rss', 'https://alyaum.example/ar/news/')).toBe(
      'https://alyaum.example/ar/sport/5',
    );
  });

  it('maps an Arabic slug linked raw or encoded to one URL', () => {
    const raw = 'https://alyaum.example/ar/news/2015/08/06/افتتاح-مشروع-الإسكان/';
    const encoded = `https://alyaum.example/ar/news/2015/08/06/${encodeURIComponent('افتتاح-مشروع-الإسكان').toLowerCase()}?utm_source=rss`;
    expect(canonicalizeUrl(raw)).toBe(canonicalizeUrl(encoded));
  });

  it('is idempotent', () => {
    const once = canonicalizeUrl('HTTPS://m.alyaum.example/أخبار/amp/?b=2&a=1&utm_source=x#top');
    expect(canonicalizeUrl(once)).toBe(once);
  });

  it('keeps invalid UTF-8 escapes as they are, uppercased', () => {
    expect(canonicalizeUrl('https://alyaum.example/%d8')).toBe('https://alyaum.example/%D8');
  });

  it('throws a clear error for what is not a URL', () => {
    expect(() => canonicalizeUrl('not a url')).toThrow(/^url: invalid URL "not a url"/);
  });
});

describe('urlId', () => {
  it('is the first 16 hex digits of the SHA-1 of the canonical URL', () => {
    const url = 'https://www.alyaum.example/news/123';
    expect(urlId(url)).toBe(createHash('sha1').update(url).digest('hex').slice(0, 16));
    expect(urlId(url)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs for different URLs and agrees for variants once canonicalized', () => {
    expect(urlId('https://a.example/1')).not.toBe(urlId('https://a.example/2'));
    expect(urlId(canonicalizeUrl('https://m.a.example/1/amp?utm_source=x'))).toBe(
      urlId(canonicalizeUrl('https://www.a.example/1')),
    );
  });
});
