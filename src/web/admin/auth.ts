/**
 * Admin access: off (404) until `NABA_ADMIN_PASSWORD` is set; then HTTP Basic with user `admin`, compared
 * in constant time. Basic credentials ride along on every request the browser makes, so each form POST also
 * needs a CSRF token (an HMAC of the process secret and the password) and a same-origin Origin/Sec-Fetch-Site.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { WebCtx } from '../context.ts';

export const ADMIN_USER = 'admin';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Equal strings, in time independent of where they differ (both sides hashed to one length first). */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function csrfToken(ctx: WebCtx): string {
  return createHmac('sha256', ctx.secret)
    .update(`csrf:${ctx.deps.config.adminPassword ?? ''}`)
    .digest('base64url');
}

function credentials(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function refuse(c: Context, status: 401 | 403 | 404, text: string) {
  c.header('cache-control', 'no-store');
  if (status === 401) c.header('www-authenticate', 'Basic realm="naba admin", charset="UTF-8"');
  return c.text(text, status);
}

export function adminGuard(ctx: WebCtx): MiddlewareHandler {
  return async (c, next) => {
    const password = ctx.deps.config.adminPassword;
    if (!password) return refuse(c, 404, 'Not Found');
    const given = credentials(c.req.header('authorization'));
    // Both comparisons always run: which part was wrong must not show in the timing.
    const userOk = constantTimeEqual(given?.user ?? '', ADMIN_USER);
    const passOk = constantTimeEqual(given?.password ?? '', password);
    if (!given || !userOk || !passOk) return refuse(c, 401, 'admin: credentials required');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const site = c.req.header('sec-fetch-site');
      if (site && site !== 'same-origin' && site !== 'none')
        return refuse(c, 403, 'admin: cross-site request refused');
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) {
        return refuse(c, 403, 'admin: cross-origin request refused');
      }
      if (origin === 'null') return refuse(c, 403, 'admin: cross-origin request refused');
      const body = await c.req.parseBody();
      const token = typeof body._csrf === 'string' ? body._csrf : '';
      if (!constantTimeEqual(token, csrfToken(ctx)))
        return refuse(c, 403, 'admin: missing or wrong CSRF token');
    }
    c.header('cache-control', 'no-store');
    await next();
  };
}
