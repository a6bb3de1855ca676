import { describe, expect, it } from 'vitest';
import { matches, normalizePath, parseRobots, productToken, robotsPolicy } from './robots.ts';

const UA = 'naba/0.1 (+https://github.com/naba-news/naba)';

describe('robots.txt rules', () => {
  const robots = parseRobots(
    [
      '# comment line',
      'User-agent: Googlebot',
      'Disallow: /',
      '',
      'User-agent: NABA',
      'User-agent: otherbot',
      'Disallow: /private/',
      'Allow: /private/open',
      'Disallow: /*.pdf$',
      'Disallow: /search?',
      'Disallow: /tmp$',
      'Allow: /page',
      'Disallow: /*.php',
      'Disallow: /أخبار/قديمة',
      'Crawl-delay: 2.5',
      'Sitemap: https://news.example/sitemap.xml',
      '',
      'User-agent: *',
      'Disallow: /',
    ].join('\n'),
  );
  const policy = robotsPolicy(robots, UA);

  it.each([
    ['/', true],
    ['/private/', false],
    ['/private/x', false],
    ['/private/open', true],
    ['/private/open/y', true],
    ['/doc.pdf', false],
    ['/doc.pdf?x=1', true],
    ['/search?q=غزة', false],
    ['/search', true],
    ['/tmp', false],
    ['/tmp/x', true],
    ['/page.php', false],
    ['/pages', true],
    ['/index.php', false],
    ['/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%82%D8%AF%D9%8A%D9%85%D8%A9/1', false],
    ['/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/%d9%82%d8%af%d9%8a%d9%85%d8%a9', false],
    ['/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/', true],
    ['/robots.txt', true],
  ])('naba on %s → allowed %s', (path, allowed) => {
    expect(policy.isAllowed(path)).toBe(allowed);
  });

  it('reads Crawl-delay and Sitemap', () => {
    expect(policy.crawlDelayMs).toBe(2500);
    expect(robots.sitemaps).toEqual(['https://news.example/sitemap.xml']);
  });

  it('falls back to the * group for an unnamed crawler', () => {
    expect(robotsPolicy(robots, 'curl/8').isAllowed('/anything')).toBe(false);
  });

  it.each([
    ['', '/x', true],
    ['User-agent: *\nDisallow:', '/x', true],
    ['Disallow: /', '/x', true],
    ['User-agent: *\nDisallow: /x\nUser-agent: naba\nAllow: /', '/x', true],
    ['User-agent: *\nDisallow: /x\n\nuser-agent: *\ndisallow: /y', '/y', false],
    ['User-agent: naba/2.0\nDisallow: /x', '/x', false],
    ['User-agent: *\nAllow: /x\nDisallow: /x', '/x', true],
    ['User-agent: *\nDisallow: /x # trailing comment', '/x', false],
    ['User-agent: *\r\nDisallow: /a\r\n', '/a/b', false],
    ['\uFEFFUser-agent: *\nDisallow: /a', '/a', false],
  ])('%j on %s → allowed %s', (text, path, allowed) => {
    expect(robotsPolicy(parseRobots(text), UA).isAllowed(path)).toBe(allowed);
  });
});

describe('robots.txt matching helpers', () => {
  it.each([
    ['/a', '/a', true],
    ['/a', '/ab', true],
    ['/a$', '/ab', false],
    ['/a$', '/a', true],
    ['/*/b', '/x/y/b', true],
    ['/*b$', '/x/bb', true],
    ['/*b$', '/x/bc', false],
    ['*', '/', true],
    ['/a*b*c', '/a-c-b', false],
    ['/a*b*c', '/a-b-c', true],
  ])('pattern %s vs %s → %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it.each([
    ['/أ', '/%D8%A3'],
    ['/%7e/a%2fb', '/~/a%2Fb'],
    ['/a b', '/a%20b'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    [UA, 'naba'],
    ['Mozilla/5.0 (compatible)', 'mozilla'],
    ['NABA', 'naba'],
  ])('product token of %s is %s', (ua, token) => {
    expect(productToken(ua)).toBe(token);
  });
});
