import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../../../test/postgres/cluster.ts';
import { MemoryQueue } from '../../jobs/memory-queue.ts';
import { PgQueue } from '../../jobs/pg-queue.ts';
import { type JobQueue, PermanentJobError } from '../../jobs/queue.ts';
import type { Store } from '../../store/store.ts';
import { createApp } from '../app.ts';
import { seedStore } from '../test-store.ts';
import { constantTimeEqual } from './auth.ts';

const pgt = usePostgres();

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

/** Resolves once `ready()` holds; fails the test after `ms`. */
async function until(ready: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const IMPLS: { name: string; skip: boolean; open: () => Promise<JobQueue> }[] = [
  { name: 'in-process queue', skip: false, open: async () => new MemoryQueue() },
  {
    name: 'PostgreSQL queue',
    skip: pgt.skip,
    open: async () => {
      const { schema } = await pgt.freshSchema();
      return PgQueue.open(pgt.url(), { schema: `${schema}_q`, pollSeconds: 0.5 });
    },
  },
];

describe.each(IMPLS)('admin failed jobs on the $name', (impl) => {
  it.skipIf(impl.skip)(
    'lists a failed job with its source, attempts and error; retry queues it again, once',
    async () => {
      const queue = await impl.open();
      try {
        const jobApp = createApp({
          store,
          config: { adminPassword: PASSWORD },
          rateLimit: false,
          services: { jobs: queue },
        });
        // The first run fails for good, the retried one succeeds.
        const runs: string[] = [];
        await queue.work('fetch-page', async (job) => {
          runs.push(job.id);
          if (runs.length === 1)
            throw new PermanentJobError('extract: no article text (https://spa.example/1)');
        });
        await queue.enqueue('fetch-page', {
          sourceId: 'spa',
          id: 'p1',
          url: 'https://spa.example/1',
          entry: { url: 'https://spa.example/1' },
        });
        await until(async () => (await queue.listFailedJobs()).length === 1);
        const [failed] = await queue.listFailedJobs();

        const page = await (await jobApp.request('/admin', { headers: AUTH })).text();
        const section = page.slice(page.indexOf('المهام الفاشلة'));
        expect(section).toContain('المهام الفاشلة (1)');
        expect(section).toContain('واس'); // the source's name
        expect(section).toContain('جلب صفحة مقال');
        expect(section).toContain('https://spa.example/1');
        expect(section).toContain('extract: no article text (https://spa.example/1)');
        expect(section).toContain(`name="id" value="${failed!.id}"`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;

        // Without a credential, or without the token, nothing is queued.
        const body = { kind: 'fetch-page', id: failed!.id };
        const anonymous = await jobApp.request('/admin/jobs/retry', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...body, _csrf: csrf }).toString(),
        });
        expect(anonymous.status).toBe(401);
        expect((await jobApp.request('/admin/jobs/retry', form(body))).status).toBe(403);
        expect(await queue.listFailedJobs()).toHaveLength(1);

        const retried = await jobApp.request('/admin/jobs/retry', form({ ...body, _csrf: csrf }));
        expect(retried.status).toBe(303);
        expect(retried.headers.get('location')).toBe('/admin?done=retried');
        await until(async () => runs.length === 2 && (await queue.pending()) === 0);
        expect(await queue.listFailedJobs()).toEqual([]);
        const after = await (await jobApp.request('/admin?done=retried', { headers: AUTH })).text();
        expect(after).toContain('أُعيدت المهمة إلى الطابور.');
        expect(after).toContain('لا مهام فاشلة.');

        // The same job again, or a malformed id: refused, nothing runs.
        const again = await jobApp.request('/admin/jobs/retry', form({ ...body, _csrf: csrf }));
        expect(again.status).toBe(400);
        const bad = await jobApp.request(
          '/admin/jobs/retry',
          form({ kind: 'fetch-page', id: "1' or 1=1", _csrf: csrf }),
        );
        expect(bad.status).toBe(400);
        expect(runs).toHaveLength(2);
      } finally {
        await queue.stop();
      }
    },
    60_000,
  );
});

describe('admin without a job queue', () => {
  it('says there is none, and refuses a retry', async () => {
    const html = await (await app.request('/admin', { headers: AUTH })).text();
    expect(html).toContain('لا طابور مهام في هذا التثبيت');
    const t = await token();
    const res = await app.request(
      '/admin/jobs/retry',
      form({ kind: 'analyze', id: '00000000-0000-4000-8000-000000000000', _csrf: t }),
    );
    expect(res.status).toBe(400);
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
