import dns from 'node:dns';
import net from 'node:net';
import { FetchError } from './errors.ts';

/** An IP address as numbers: IPv4 as one 32-bit value, IPv6 as eight 16-bit groups. */
export type Ip = { v: 4; n: number } | { v: 6; groups: number[] };

interface Cidr {
  ip: Ip;
  prefix: number;
}

function parseIpv4(s: string): number | null {
  if (net.isIPv4(s) === false) return null;
  const parts = s.split('.').map(Number);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function parseIpv6(s: string): number[] | null {
  if (!net.isIPv6(s)) return null;
  let text = s.toLowerCase();
  const v4Tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    v4Tail.push(v4 >>> 16, v4 & 0xffff);
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const gap = text.indexOf('::');
  if (gap < 0) {
    const all = [...groups(text), ...v4Tail];
    return all.length === 8 ? all : null;
  }
  const head = groups(text.slice(0, gap));
  const tail = [...groups(text.slice(gap + 2)), ...v4Tail];
  const missing = 8 - head.length - tail.length;
  if (missing < 0) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Parses an IPv4 or IPv6 literal (brackets and a zone id are tolerated), or returns null. */
export function parseIp(s: string): Ip | null {
  let text = s.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const n = parseIpv4(text);
  if (n !== null) return { v: 4, n };
  const groups = parseIpv6(text);
  return groups ? { v: 6, groups } : null;
}

function parseCidr(s: string): Cidr | null {
  const [addr, bits] = s.split('/');
  const ip = addr === undefined ? null : parseIp(addr);
  if (!ip) return null;
  const max = ip.v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { ip, prefix };
}

function inCidr(ip: Ip, cidr: Cidr): boolean {
  if (ip.v === 4 && cidr.ip.v === 4) {
    if (cidr.prefix === 0) return true;
    const mask = (0xffffffff << (32 - cidr.prefix)) >>> 0;
    return (ip.n & mask) >>> 0 === (cidr.ip.n & mask) >>> 0;
  }
  if (ip.v === 6 && cidr.ip.v === 6) {
    let left = cidr.prefix;
    for (let i = 0; i < 8 && left > 0; i++, left -= 16) {
      const bits = Math.min(16, left);
      const mask = (0xffff << (16 - bits)) & 0xffff;
      if ((ip.groups[i]! & mask) !== (cidr.ip.groups[i]! & mask)) return false;
    }
    return true;
  }
  return false;
}

const range = (label: string, cidr: string) => ({ label, cidr: parseCidr(cidr)! });

/** Addresses a news fetcher has no business reaching: RFC 6890 special-purpose blocks. */
const BLOCKED = [
  range('unspecified', '0.0.0.0/8'),
  range('private', '10.0.0.0/8'),
  range('shared (CGNAT)', '100.64.0.0/10'),
  range('loopback', '127.0.0.0/8'),
  range('link-local', '169.254.0.0/16'),
  range('private', '172.16.0.0/12'),
  range('reserved', '192.0.0.0/24'),
  range('documentation', '192.0.2.0/24'),
  range('private', '192.168.0.0/16'),
  range('benchmarking', '198.18.0.0/15'),
  range('documentation', '198.51.100.0/24'),
  range('documentation', '203.0.113.0/24'),
  range('multicast', '224.0.0.0/4'),
  range('reserved', '240.0.0.0/4'),
  range('unspecified', '::/128'),
  range('loopback', '::1/128'),
  range('IPv4-compatible', '::/96'),
  range('IPv4-mapped', '::ffff:0:0/96'),
  range('discard', '100::/64'),
  range('documentation', '2001:db8::/32'),
  range('unique-local', 'fc00::/7'),
  range('link-local', 'fe80::/10'),
  range('site-local', 'fec0::/10'),
  range('multicast', 'ff00::/8'),
];

/** IPv6 prefixes that carry an IPv4 address in their low 32 bits, judged by that address. */
const EMBEDS_V4 = [parseCidr('64:ff9b::/96')!];
const SIX_TO_FOUR = parseCidr('2002::/16')!;

function embeddedV4(ip: Ip): Ip | null {
  if (ip.v !== 6) return null;
  const g = ip.groups;
  if (inCidr(ip, parseCidr('::ffff:0:0/96')!) || EMBEDS_V4.some((c) => inCidr(ip, c))) {
    return { v: 4, n: ((g[6]! << 16) | g[7]!) >>> 0 };
  }
  if (inCidr(ip, SIX_TO_FOUR)) return { v: 4, n: ((g[1]! << 16) | g[2]!) >>> 0 };
  return null;
}

/** Why an address is refused (`loopback`, `private`, …), or null when it is an ordinary public address. */
export function blockedReason(ip: Ip): string | null {
  for (const r of BLOCKED) {
    if (inCidr(ip, r.cidr)) return r.label;
  }
  const v4 = embeddedV4(ip);
  if (v4) {
    const inner = blockedReason(v4);
    if (inner) return `${inner} (IPv4 in IPv6)`;
  }
  return null;
}

/** Which private addresses and hosts the operator allowed (`allowPrivate`), and the refusal rule. */
export interface AddressPolicy {
  /** The refusal reason for connecting to `address` for `hostname`, or null when allowed. */
  refusal(address: string, hostname: string): string | null;
}

export function createAddressPolicy(allowPrivate: readonly string[]): AddressPolicy {
  const cidrs: Cidr[] = [];
  const hosts = new Set<string>();
  for (const entry of allowPrivate) {
    const cidr = parseCidr(entry.trim());
    if (cidr) cidrs.push(cidr);
    else hosts.add(normalizeHost(entry));
  }
  const allowedIp = (ip: Ip) => {
    const v4 = embeddedV4(ip);
    return cidrs.some((c) => inCidr(ip, c) || (v4 !== null && inCidr(v4, c)));
  };
  return {
    refusal(address, hostname) {
      const ip = parseIp(address);
      if (!ip) return 'unparseable';
      const reason = blockedReason(ip);
      if (reason === null) return null;
      if (hosts.has(normalizeHost(hostname)) || allowedIp(ip)) return null;
      return reason;
    },
  };
}

function normalizeHost(h: string): string {
  let s = h.trim().toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** Thrown from the DNS hook so the fetcher can name the refused address. */
export class BlockedAddressError extends Error {
  readonly code = 'ERR_NABA_BLOCKED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refused ${reason} address ${address} for ${hostname}`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * Parses and vets a URL before any connection: http(s) only, no credentials, and an IP-literal host must
 * pass the address policy (hostnames are vetted at connect time by {@link guardedLookup}).
 */
export function checkUrl(raw: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new FetchError('invalid-url', raw, 'invalid URL', { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', raw, `unsupported scheme ${url.protocol.slice(0, -1)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchError('invalid-url', redactCredentials(url), 'URL carries credentials');
  }
  if (url.hostname === '') throw new FetchError('invalid-url', raw, 'URL has no host');
  const literal = parseIp(url.hostname);
  if (literal) {
    const reason = policy.refusal(url.hostname, url.hostname);
    if (reason) {
      throw new FetchError(
        'blocked-address',
        url.href,
        `refused ${reason} address ${normalizeHost(url.hostname)}`,
      );
    }
  }
  return url;
}

function redactCredentials(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls connect options: resolves, drops refused addresses, and fails when none remain.
 * Because it runs for the connection itself, a DNS answer that changes between checks cannot slip through.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      let refused: { reason: string; address: string } | null = null;
      const permitted = addresses.filter((a) => {
        const reason = policy.refusal(a.address, hostname);
        if (reason && !refused) refused = { reason, address: a.address };
        return reason === null;
      });
      const first = permitted[0];
      if (!first) {
        const r: { reason: string; address: string } = refused ?? { reason: 'unresolved', address: '' };
        callback(new BlockedAddressError(hostname, r.address, r.reason) as NodeJS.ErrnoException, '');
        return;
      }
      if (options.all) callback(null, permitted);
      else callback(null, first.address, first.family);
    });
  };
}
