/** `/theme?set=dark&back=/path`: remember the reader's theme in a cookie without any script. */
import type { Handler, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Theme } from '../types.ts';

const THEMES = new Set<Theme>(['light', 'dark', 'auto']);
export const THEME_COOKIE = 'theme';

/** Only a path on this site: never `//host` or `/\host`, which browsers treat as another origin. */
export function localPath(back: string | undefined): string {
  if (!back?.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f]/.test(back)) return '/';
  return back;
}

export function readTheme(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const t = getCookie(c, THEME_COOKIE) as Theme | undefined;
    c.set('theme', t && THEMES.has(t) ? t : 'auto');
    await next();
  };
}

export function themeSwitch(): Handler<AppEnv> {
  return (c) => {
    const set = c.req.query('set') as Theme | undefined;
    const back = localPath(c.req.query('back'));
    if (set && THEMES.has(set)) {
      setCookie(c, THEME_COOKIE, set, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, httpOnly: true });
    }
    c.header('cache-control', 'no-store');
    return c.redirect(back, 303);
  };
}
