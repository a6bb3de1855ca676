import { describe, expect, it } from 'vitest';
import { FetchError } from './errors.ts';
import { blockedReason, checkUrl, createAddressPolicy, parseIp } from './guard.ts';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['64:ff9b::a00:1', 'private (IPv4 in IPv6)'],
    ['2002:7f00:1::', 'loopback (IPv4 in IPv6)'],
    ['[::1]', 'loopback'],
  ])('%s is refused as %s', (address, reason) => {
    const ip = parseIp(address);
    expect(ip).not.toBeNull();
    expect(blockedReason(ip!)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.1.1',
    '2a00:1450:4001:81a::200e',
    '64:ff9b::808:808',
  ])('%s is public', (address) => {
    expect(blockedReason(parseIp(address)!)).toBeNull();
  });
});

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', { v: 4, n: 0x01020304 }],
    ['::1', { v: 6, groups: [0, 0, 0, 0, 0, 0, 0, 1] }],
    ['2001:db8::ff00:42:8329', { v: 6, groups: [0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329] }],
    ['::ffff:1.2.3.4', { v: 6, groups: [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304] }],
    ['1:2:3:4:5:6:7:8', { v: 6, groups: [1, 2, 3, 4, 5, 6, 7, 8] }],
  ])('%s', (text, expected) => {
    expect(parseIp(text)).toEqual(expected);
  });

  it.each(['example.com', '1.2.3', '256.1.1.1', '1::2::3', ''])('%j is not an address', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('address policy', () => {
  it.each([
    [[], '127.0.0.1', 'news.example', 'loopback'],
    [['127.0.0.1'], '127.0.0.1', 'news.example', null],
    [['127.0.0.1'], '127.0.0.2', 'news.example', 'loopback'],
    [['10.0.0.0/8'], '10.9.8.7', 'intranet', null],
    [['10.0.0.0/8'], '192.168.0.1', 'intranet', 'private'],
    [['localhost'], '::1', 'localhost', null],
    [['LocalHost.'], '127.0.0.1', 'localhost', null],
    [['127.0.0.1'], '::ffff:127.0.0.1', 'news.example', null],
    [[], '93.184.216.34', 'news.example', null],
  ])('allowPrivate %j: %s for %s → %s', (allow, address, host, expected) => {
    expect(createAddressPolicy(allow).refusal(address, host)).toBe(expected);
  });
});

describe('checkUrl', () => {
  const none = createAddressPolicy([]);

  it.each([
    ['https://news.example/feed?x=1', 'https://news.example/feed?x=1'],
    ['HTTP://News.Example', 'http://news.example/'],
  ])('accepts %s', (url, href) => {
    expect(checkUrl(url, none).href).toBe(href);
  });

  it.each([
    ['javascript:alert(1)', 'invalid-url'],
    ['data:text/plain,hi', 'invalid-url'],
    ['https://a:b@news.example/', 'invalid-url'],
    ['http://', 'invalid-url'],
    ['http://0x7f.1/', 'blocked-address'],
    ['http://[::]/', 'blocked-address'],
    ['http://192.168.0.1./', 'blocked-address'],
  ])('refuses %s as %s', (url, code) => {
    let err: unknown;
    try {
      checkUrl(url, none);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).code).toBe(code);
  });
});
