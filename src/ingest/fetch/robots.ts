/**
 * robots.txt per RFC 9309: groups of user-agent lines followed by rules, `*` and a trailing `$` in paths,
 * the longest matching rule wins and Allow wins a tie. A small pure core; fetching and caching live in
 * the fetcher.
 */

interface Rule {
  allow: boolean;
  pattern: string;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelaySec?: number;
}

export interface Robots {
  groups: Group[];
  sitemaps: string[];
}

/** What one crawler may do on one origin. */
export interface RobotsPolicy {
  isAllowed(pathAndQuery: string): boolean;
  /** Crawl-delay from the matched group, if any. */
  crawlDelayMs?: number;
  /** Why everything is refused, when the policy stands for an unavailable robots.txt. */
  reason?: string;
  /** How long to keep this policy before asking again, when shorter than the usual TTL. */
  retryMs?: number;
}

const KEYS: Record<string, 'agent' | 'allow' | 'disallow' | 'delay' | 'sitemap'> = {
  'user-agent': 'agent',
  useragent: 'agent',
  'user agent': 'agent',
  allow: 'allow',
  disallow: 'disallow',
  dissallow: 'disallow',
  disalow: 'disallow',
  'crawl-delay': 'delay',
  sitemap: 'sitemap',
};

export function parseRobots(text: string): Robots {
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  let collectingAgents = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = KEYS[line.slice(0, colon).trim().toLowerCase()];
    const value = line.slice(colon + 1).trim();
    if (key === undefined) continue;
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (key === 'agent') {
      if (!collectingAgents || current === null) {
        current = { agents: [], rules: [] };
        groups.push(current);
        collectingAgents = true;
      }
      current.agents.push(productToken(value));
      continue;
    }
    collectingAgents = false;
    // Rules before any user-agent line belong to no group and are ignored (RFC 9309 §2.1).
    if (current === null) continue;
    if (key === 'delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySec = seconds;
      continue;
    }
    // An empty Disallow means "nothing is disallowed": no rule at all.
    if (value === '') continue;
    current.rules.push({ allow: key === 'allow', pattern: normalizePath(value) });
  }
  return { groups, sitemaps };
}

/** `naba/0.1 (+https://…)` → `naba`: robots.txt names crawlers by their product token. */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[\s/]/)[0] ?? '').toLowerCase();
}

/** The rules that apply to `userAgent`: all groups naming its product token, else all `*` groups. */
export function robotsPolicy(robots: Robots, userAgent: string): RobotsPolicy {
  const token = productToken(userAgent);
  let groups = robots.groups.filter((g) => g.agents.includes(token));
  if (groups.length === 0) groups = robots.groups.filter((g) => g.agents.includes('*'));
  const rules = groups.flatMap((g) => g.rules);
  const delays = groups.map((g) => g.crawlDelaySec).filter((d): d is number => d !== undefined);
  const policy: RobotsPolicy = { isAllowed: (path) => isAllowedBy(rules, path) };
  if (delays.length > 0) policy.crawlDelayMs = Math.max(...delays) * 1000;
  return policy;
}

export const ALLOW_ALL: RobotsPolicy = { isAllowed: () => true };
export const DISALLOW_ALL: RobotsPolicy = { isAllowed: (path) => path === '/robots.txt' };

function isAllowedBy(rules: Rule[], pathAndQuery: string): boolean {
  const path = normalizePath(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  let best: Rule | null = null;
  for (const rule of rules) {
    if (!matches(rule.pattern, path)) continue;
    if (
      best === null ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow)
    ) {
      best = rule;
    }
  }
  return best === null || best.allow;
}

/** Glob match anchored at the start: `*` is any run, a final `$` anchors the end. Linear-ish, no regex. */
export function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const parts = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  const first = parts[0] ?? '';
  if (!path.startsWith(first)) return false;
  let pos = first.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (anchored && i === parts.length - 1) {
      return path.length - part.length >= pos && path.endsWith(part);
    }
    const at = path.indexOf(part, pos);
    if (at < 0) return false;
    pos = at + part.length;
  }
  return anchored ? pos === path.length : true;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Puts a rule path and a URL path in one form so they compare octet for octet: non-ASCII is
 * percent-encoded as UTF-8, escapes of unreserved characters are decoded, other escapes upper-cased.
 */
export function normalizePath(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      const decoded = String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 3), 16));
      out += UNRESERVED.test(decoded) ? decoded : `%${s.slice(i + 1, i + 3).toUpperCase()}`;
      i += 2;
    } else if (ch.charCodeAt(0) > 0x7e || ch.charCodeAt(0) <= 0x20) {
      const cp = s.codePointAt(i)!;
      const char = String.fromCodePoint(cp);
      for (const b of Buffer.from(char, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i += char.length - 1;
    } else {
      out += ch;
    }
  }
  return out;
}
