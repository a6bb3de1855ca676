import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/store.ts';
import { createApp } from '../app.ts';
import { seedStore } from '../test-store.ts';
import { constantTimeEqual } from './auth.ts';

const PASSWORD = 'كلمة سر طويلة 123';
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const AUTH = { authorization: basic('admin', PASSWORD) };

let store: Store;
let app: ReturnType<typeof createApp>;
let added: string[];

beforeAll(async () => {
  store = await seedStore();
  added = [];
  app = createApp({
    store,
    config: { adminPassword: PASSWORD },
    rateLimit: false,
    services: {
      addSource: async (url) => {
        added.push(url);
        const source = {
          id: 'new',
          name: 'جديد',
          siteUrl: url,
          feeds: [`${url}feed`],
          language: 'ar',
          paused: false,
        };
        await store.upsertSource(source);
        return { source, created: true };
      },
      recrawl: async () => 'بدأت جولة جلب.',
    },
  });
});
afterAll(async () => {
  await store.close();
});

async function token(): Promise<string> {
  const html = await (await app.request('/admin', { headers: AUTH })).text();
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  expect(m).not.toBeNull();
  return m![1]!;
}

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

describe('admin', () => {
  it('is off (404) while no password is configured', async () => {
    const off = createApp({ store, config: {}, rateLimit: false });
    expect((await off.request('/admin')).status).toBe(404);
    expect((await off.request('/admin/opml')).status).toBe(404);
    expect((await off.request('/admin/sources/spa/delete', { method: 'POST' })).status).toBe(404);
  });

  it.each([
    ['no credential', {}],
    ['wrong password', { authorization: basic('admin', 'wrong') }],
    ['wrong user', { authorization: basic('root', PASSWORD) }],
    ['password prefix', { authorization: basic('admin', PASSWORD.slice(0, -1)) }],
    ['not basic', { authorization: 'Bearer c2VjcmV0' }],
  ])('refuses %s with 401 and a Basic challenge', async (_case, headers) => {
    const res = await app.request('/admin', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="naba admin"/);
    expect(await res.text()).not.toContain('_csrf');
  });

  it('lists sources with their health for the right credential, never cached', async () => {
    const res = await app.request('/admin', { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    for (const name of ['واس', 'عكاظ', 'سبق']) expect(html).toContain(name);
    expect(html).toContain('لم يُجلب بعد');
  });

  it('refuses a POST without the CSRF token, or with a wrong one', async () => {
    expect((await app.request('/admin/sources/spa/pause', form({ paused: '1' }))).status).toBe(403);
    expect((await app.request('/admin/sources/spa/pause', form({ paused: '1', _csrf: 'x' }))).status).toBe(
      403,
    );
    expect((await store.getSource('spa'))!.paused).toBe(false);
  });

  it('refuses a cross-site POST even with the token', async () => {
    const t = await token();
    const evil = await app.request(
      '/admin/sources/spa/pause',
      form({ paused: '1', _csrf: t }, { origin: 'https://evil.example' }),
    );
    expect(evil.status).toBe(403);
    const site = await app.request(
      '/admin/sources/spa/pause',
      form({ paused: '1', _csrf: t }, { 'sec-fetch-site': 'cross-site' }),
    );
    expect(site.status).toBe(403);
    expect((await store.getSource('spa'))!.paused).toBe(false);
  });

  it('pauses and resumes a source with the token', async () => {
    const t = await token();
    const res = await app.request(
      'http://localhost/admin/sources/spa/pause',
      form({ paused: '1', _csrf: t }, { origin: 'http://localhost' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin?done=paused');
    expect((await store.getSource('spa'))!.paused).toBe(true);
    await app.request('/admin/sources/spa/pause', form({ paused: '0', _csrf: t }));
    expect((await store.getSource('spa'))!.paused).toBe(false);
  });

  it('adds a source through the discovery service and refuses a non-http URL', async () => {
    const t = await token();
    const bad = await app.request('/admin/sources', form({ url: 'javascript:alert(1)', _csrf: t }));
    expect(bad.status).toBe(400);
    const ok = await app.request('/admin/sources', form({ url: 'https://new.example/', _csrf: t }));
    expect(ok.status).toBe(303);
    expect(added).toEqual(['https://new.example/']);
    expect(await store.getSource('new')).not.toBeNull();
  });

  it('exports and imports OPML, and removes a source', async () => {
    const opml = await app.request('/admin/opml', { headers: AUTH });
    expect(opml.headers.get('content-type')).toContain('opml');
    const xml = await opml.text();
    expect(xml).toContain('https://spa.example/feed');
    const t = await token();
    const doc = `<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="الأخبار" xmlUrl="https://akhbar.example/rss" htmlUrl="https://akhbar.example/"/></body></opml>`;
    const body = new FormData();
    body.set('_csrf', t);
    body.set('file', new File([doc], 'subs.opml', { type: 'text/xml' }));
    const res = await app.request('/admin/opml', { method: 'POST', headers: AUTH, body });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin?done=imported&n=1');
    expect((await store.listSources()).some((s) => s.feeds.includes('https://akhbar.example/rss'))).toBe(
      true,
    );
    const del = await app.request('/admin/sources/new/delete', form({ _csrf: t }));
    expect(del.status).toBe(303);
    expect(await store.getSource('new')).toBeNull();
  });

  it('starts a crawl round through the service', async () => {
    const t = await token();
    const res = await app.request('/admin/recrawl', form({ _csrf: t }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('بدأت جولة جلب.');
  });

  it('refuses a body over the limit', async () => {
    const res = await app.request('/admin/opml', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'text/plain', 'content-length': String(3 * 1024 * 1024) },
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['سر', 'سر', true],
    ['سر', 'سرّ', false],
    ['', '', true],
    ['a', '', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });
});
