/**
 * The site in a real browser (Debian's chromium through playwright-core) against `createApp` on a loopback
 * socket, over a store filled from the shared stream by the real pipeline. Screenshots of the main pages at
 * desktop and phone widths go to artifacts/screenshots/ for a human to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/model.ts';
import type { StoredArticle } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import { type Fixture, hasStream, streamFixture, TEST_SLICE } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '../../artifacts/screenshots');
const PASSWORD = 'correct horse battery';

// Written for this test: every way an extracted page has tried to run script on ours.
const EVIL: Article = {
  id: 'test-evil',
  sourceId: 'okaz',
  url: 'https://okaz.example/evil',
  title: 'اختبار محتوى خبيث',
  text: 'فقرة عادية.',
  html:
    '<p>فقرة عادية.</p><script>window.__pwned = "script"; alert("script")</script>' +
    '<img src="x" onerror="window.__pwned = \'onerror\'; alert(\'onerror\')">' +
    '<a id="js-link" href="javascript:window.__pwned=\'link\';alert(\'link\')">اضغط</a>' +
    '<svg onload="alert(\'svg\')"></svg><iframe srcdoc="<script>parent.alert(1)</script>"></iframe>' +
    '<p onmouseover="alert(\'hover\')" style="position:fixed;inset:0">غطاء</p>',
  published: '2015-08-10T20:30:00+03:00',
};

const canRun = existsSync(CHROMIUM) && hasStream();

describe.skipIf(!canRun)('the site in chromium', () => {
  let fx: Fixture;
  let server: ServerType;
  let base: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    fx = await streamFixture({ slice: TEST_SLICE, extra: [EVIL] });
    const app = createApp({
      store: fx.store,
      config: { adminPassword: PASSWORD },
      rateLimit: false,
      services: { related: (id) => fx.pipeline.corpus.related(id, { limit: 8 }) },
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = await mkdtemp(join(tmpdir(), 'naba-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await fx?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** Open a page, failing on console errors (CSP violations included) and uncaught exceptions. */
  async function open(path: string, width = 1280): Promise<{ page: Page; errors: string[]; status: number }> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400 && r.url() !== base + path) errors.push(`${r.status()} ${r.url()}`);
    });
    const res = await page.goto(base + path, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    return { page, errors, status: res?.status() ?? 0 };
  }

  async function wireCopy(): Promise<{ copy: StoredArticle; original: StoredArticle }> {
    for await (const a of fx.store.iterateArticles()) {
      const of = a.placement?.duplicateOf;
      if (!of) continue;
      const original = await fx.store.getArticle(of);
      if (original?.article.sourceId === 'was' && a.article.sourceId !== 'was') return { copy: a, original };
    }
    throw new Error('test: the slice has no copy of a wire (was) article');
  }

  async function biggestStory(): Promise<string> {
    const { items } = await fx.store.listStories({ limit: 500 });
    return [...items].sort((a, b) => b.sourceCount - a.sourceCount)[0]!.id;
  }

  it('renders every page right to left, in the Arabic web font, without console errors', async () => {
    const { copy } = await wireCopy();
    const paths = [
      '/',
      `/story/${await biggestStory()}`,
      `/article/${copy.article.id}`,
      `/search?q=${encodeURIComponent('وزير')}`,
      '/section/politics',
      '/sources',
      '/source/was',
      `/entity/${encodeURIComponent('الرياض')}`,
    ];
    for (const path of paths) {
      const { page, errors, status } = await open(path);
      expect(status, path).toBe(200);
      const look = await page.evaluate(() => ({
        dir: getComputedStyle(document.documentElement).direction,
        bodyDir: getComputedStyle(document.body).direction,
        lang: document.documentElement.lang,
        font: document.fonts.check('20px "Noto Naskh Arabic"', 'نبأ'),
        h1Align: getComputedStyle(document.querySelector('h1')!).textAlign,
      }));
      expect(look, path).toEqual({ dir: 'rtl', bodyDir: 'rtl', lang: 'ar', font: true, h1Align: 'start' });
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  it('shows a wire copy with its original outlet, and no copy or same-story article among "similar"', async () => {
    const { copy, original } = await wireCopy();
    for (const a of [copy, original]) {
      const { page } = await open(`/article/${a.article.id}`);
      if (a === copy) {
        await expect(page.locator('.provenance').textContent()).resolves.toMatch(/نقلاً عن\s+واس/);
      }
      const similar = await page
        .locator('[aria-labelledby="similar-h"] a[href^="/article/"]')
        .evaluateAll((els) =>
          els.map((e) => decodeURIComponent(e.getAttribute('href')!.slice('/article/'.length))),
        );
      const group = new Set([
        original.article.id,
        ...(await fx.store.listCopies(original.article.id)).map((x) => x.article.id),
      ]);
      for (const id of similar) expect(group.has(id), `similar ${id}`).toBe(false);
      const picked = await fx.store.getArticlesByIds(similar);
      const stories = picked.map((p) => p.placement?.storyId);
      expect(stories).not.toContain(a.placement?.storyId);
      expect(new Set(stories).size).toBe(stories.length);
      const dated = await page.locator('[aria-labelledby="similar-h"] li time').count();
      expect(dated).toBe(similar.length);
      await page.close();
    }
  });

  it('finds the Arabic spelling of a word typed with a Persian yeh', async () => {
    const { page } = await open(`/search?q=${encodeURIComponent('وزیر')}`);
    const marks = await page.locator('ol.cards mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.some((m) => m.includes('وزير'))).toBe(true);
    expect(marks.some((m) => m.includes('ی'))).toBe(false);
    await page.close();
  });

  it('refuses the admin without the credential and lets the right one in', async () => {
    // The browser itself: headless chromium turns the Basic challenge into a navigation error.
    const page = await context.newPage();
    const seen: number[] = [];
    page.on('response', (r) => seen.push(r.status()));
    await page.goto(`${base}/admin`).catch(() => undefined);
    expect(seen).toContain(401);
    expect(seen).not.toContain(200);
    await page.close();
    const bare = await context.request.get(`${base}/admin`);
    expect(bare.status()).toBe(401);
    expect(bare.headers()['www-authenticate']).toMatch(/^Basic /);
    const wrong = await fetch(`${base}/admin`, {
      headers: { authorization: `Basic ${Buffer.from('admin:wrong password').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${base}/admin`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('name="_csrf"');
  });

  it('renders a malicious article inert: no script runs, no dialog opens', async () => {
    const { page, errors } = await open(`/article/${EVIL.id}`);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.locator('.body').hover();
    await expect(page.locator('.body').textContent()).resolves.toContain('اضغط');
    expect(await page.locator('.body a[href^="javascript"], a[href^="javascript"]').count()).toBe(0);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
      scripts: document.scripts.length,
      handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length,
      frames: document.querySelectorAll('iframe,svg').length,
      styled: document.querySelectorAll('.body [style]').length,
    }));
    expect(state).toEqual({ pwned: null, scripts: 0, handlers: 0, frames: 0, styled: 0 });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves screenshots of the main pages at desktop and phone widths', async () => {
    const { copy } = await wireCopy();
    const pages: [string, string][] = [
      ['home', '/'],
      ['story', `/story/${copy.placement!.storyId}`],
      ['article', `/article/${copy.article.id}`],
      ['search', `/search?q=${encodeURIComponent('وزیر الصحة')}`],
    ];
    for (const [name, path] of pages) {
      for (const [label, width] of [
        ['desktop', 1280],
        ['phone', 390],
      ] as const) {
        const { page } = await open(path, width);
        const file = join(SHOTS, `${name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(existsSync(file)).toBe(true);
        await page.close();
      }
    }
    // Dark theme by the reader's choice (cookie), at phone width.
    await context.addCookies([{ name: 'theme', value: 'dark', url: base }]);
    const { page } = await open(pages[2]![1], 390);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(18, 19, 21)');
    await page.screenshot({ path: join(SHOTS, 'article-phone-dark.png'), fullPage: true });
    await page.close();
    await context.clearCookies();
  });
});
