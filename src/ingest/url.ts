import { createHash } from 'node:crypto';

/**
 * Query parameters that only say how a reader arrived (campaigns, click ids, share widgets), never which
 * page it is. Matched case-insensitively; `utm_*` is matched as a prefix.
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  'ref_src',
  'ref_url',
  'ocid',
  'cmpid',
  'ncid',
  's_cid',
  'sr_share',
  'spm',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'hsctatracking',
  'mkt_tok',
  'vero_id',
  'oly_enc_id',
  'oly_anon_id',
  'rb_clickid',
  'wt.mc_id',
  'xtor',
  'fb_action_ids',
  'fb_action_types',
  'fb_source',
  'fb_ref',
  '__twitter_impression',
  'at_medium',
  'at_campaign',
  'phpsessid',
  'jsessionid',
  // AMP viewers and caches add these to the article URL.
  'amp',
  'amp_js_v',
  'amp_gsa',
  '_gsa',
  'usqp',
]);

/** Host prefixes of the mobile and AMP editions of a site whose main edition lives on `www.`. */
const MOBILE_HOST_LABELS = new Set(['m', 'mobile', 'amp']);

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Canonical form of an article or feed URL, so that every way a page is linked maps to one string:
 * resolved against `base`; scheme and host lowercased, host in punycode, no trailing dot, default port
 * dropped; fragment dropped (except `#!` routes); tracking parameters (`utm_*`, `fbclid`, `gclid`, …) and
 * AMP markers dropped, the remaining parameters sorted by name; AMP caches (`cdn.ampproject.org`,
 * `google.com/amp/`) unwrapped, `/amp` path segments and `.amp` suffixes removed, `m.`/`mobile.`/`amp.`
 * hosts mapped to `www.`; `;jsessionid` and doubled slashes removed; trailing slash removed except at the
 * root; percent-escapes of unreserved characters decoded, the others uppercased; non-ASCII (Arabic) text
 * in path and query NFC-normalized and percent-encoded the same way whether it came raw or encoded.
 * Non-HTTP(S) URLs come back only resolved. Throws `url: invalid URL …` when it cannot be parsed.
 */
export function canonicalizeUrl(url: string, base?: string): string {
  let u: URL;
  try {
    u = new URL(url.trim(), base);
  } catch {
    throw new Error(`url: invalid URL "${url}"${base ? ` (base ${base})` : ''}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.href;
  u = unwrapAmpCache(u);

  const host = canonicalHost(u.hostname) + (u.port ? `:${u.port}` : '');
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  const path = canonicalPath(u.pathname);
  const query = canonicalQuery(u.search);
  const hash = u.hash.startsWith('#!') ? u.hash : '';
  return `${u.protocol}//${auth}${host}${path}${query}${hash}`;
}

/** Stable short id of a canonical URL: the first 16 hex digits of its SHA-1. */
export function urlId(canonicalUrl: string): string {
  return createHash('sha1').update(canonicalUrl).digest('hex').slice(0, 16);
}

/** `https://www-x-com.cdn.ampproject.org/c/s/www.x.com/a` and `https://www.google.com/amp/s/www.x.com/a` → `https://www.x.com/a`. */
function unwrapAmpCache(u: URL): URL {
  let m: RegExpMatchArray | null = null;
  if (u.hostname.endsWith('.cdn.ampproject.org'))
    m = u.pathname.match(/^\/[a-z]{1,2}\/(s\/)?([^/]+\.[^/]+)(\/.*)?$/);
  else if (/^(www\.)?google\.[a-z.]+$/.test(u.hostname))
    m = u.pathname.match(/^\/amp\/(s\/)?([^/]+\.[^/]+)(\/.*)?$/);
  if (!m) return u;
  try {
    return new URL(`${m[1] ? 'https' : 'http'}://${m[2]}${m[3] ?? '/'}${u.search}`);
  } catch {
    return u;
  }
}

function canonicalHost(hostname: string): string {
  const host = hostname.replace(/\.$/, '');
  if (host.startsWith('[') || /^[\d.]+$/.test(host)) return host;
  const labels = host.split('.');
  if (labels.length >= 3 && MOBILE_HOST_LABELS.has(labels[0]!)) labels[0] = 'www';
  // Wikipedia style: ar.m.wikipedia.org is the mobile edition of ar.wikipedia.org.
  else if (labels.length >= 4 && labels[1] === 'm') labels.splice(1, 1);
  return labels.join('.');
}

function canonicalPath(pathname: string): string {
  let path = pathname.replace(/;jsessionid=[^/?#]*/gi, '').replace(/\/{2,}/g, '/');
  const segments = path.split('/').filter((s, i, all) => {
    if (s.toLowerCase() === 'amp') return false;
    // keep the leading '' (root) and a trailing '' (slash) so the shape survives the filter
    return s !== '' || i === 0 || i === all.length - 1;
  });
  path = segments
    .map((s) => s.replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? ''))
    .join('/');
  if (!path.startsWith('/')) path = `/${path}`;
  path = normalizeEscapes(path);
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept: { key: string; pair: string }[] = [];
  for (const raw of search.slice(1).split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const rawKey = eq === -1 ? raw : raw.slice(0, eq);
    const key = safeDecode(rawKey.replace(/\+/g, ' ')).toLowerCase();
    const value = eq === -1 ? '' : safeDecode(raw.slice(eq + 1)).toLowerCase();
    if (key.startsWith('utm_') || TRACKING_PARAMS.has(key)) continue;
    if (key === 'outputtype' && value === 'amp') continue;
    const pair = normalizeEscapes(raw);
    kept.push({ key: eq === -1 ? pair : pair.slice(0, pair.indexOf('=')), pair });
  }
  if (kept.length === 0) return '';
  // Stable sort on the name only: repeated names keep their order, which some servers give meaning to.
  kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `?${kept.map((k) => k.pair).join('&')}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Decode escapes of unreserved ASCII, uppercase the other ASCII escapes, and re-encode runs of UTF-8
 * escapes after NFC so that raw and encoded Arabic give the same bytes. Invalid UTF-8 stays as it came
 * (uppercased), never replaced by U+FFFD.
 */
function normalizeEscapes(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes: number[] = [];
    for (let i = 0; i < run.length; i += 3) bytes.push(Number.parseInt(run.slice(i + 1, i + 3), 16));
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      if (b < 0x80) {
        const ch = String.fromCharCode(b);
        out += UNRESERVED.test(ch) ? ch : hex(b);
        i++;
        continue;
      }
      let j = i;
      while (j < bytes.length && bytes[j]! >= 0x80) j++;
      const high = bytes.slice(i, j);
      try {
        out += encodeURIComponent(utf8.decode(Uint8Array.from(high)).normalize('NFC'));
      } catch {
        out += high.map(hex).join('');
      }
      i = j;
    }
    return out;
  });
}

function hex(b: number): string {
  return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
}
