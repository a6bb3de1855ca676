/**
 * Politeness across workers: fetchers of different processes (here: different pools and fetchers in one
 * test process, which share nothing but PostgreSQL) space their requests to one host together.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, FetchError, type Fetcher } from '../../src/ingest/fetch/index.ts';
import { startHttpServer, type TestServer } from '../../src/ingest/fetch/testing.ts';
import { PgHostGate } from '../../src/jobs/host-gate.ts';
import { usePostgres } from '../postgres/cluster.ts';

const pgt = usePostgres();

describe.skipIf(pgt.skip)('PgHostGate', () => {
  const open: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  async function gate(schema: string): Promise<PgHostGate> {
    const g = await PgHostGate.open(pgt.url(), { schema });
    open.push(g);
    return g;
  }

  it('hands out one host slot at a time across gates, and leaves other hosts alone', async () => {
    const { schema } = await pgt.freshSchema();
    const [a, b] = [await gate(schema), await gate(schema)];
    const gap = 150;
    const done: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      [a, b, a, b, a, b].map((g) =>
        g.wait('news.example:443', gap).then(() => done.push(performance.now() - t0)),
      ),
    );
    done.sort((x, y) => x - y);
    // Six requests through two gates: five gaps between them, whoever asked first. (Without the gate they
    // would all pass at once; the slack is for round trips returning at uneven speeds on a busy box.)
    expect(done[5]! - done[0]!).toBeGreaterThanOrEqual(4 * gap);
    for (let i = 1; i < done.length; i++) expect(done[i]! - done[i - 1]!).toBeGreaterThanOrEqual(gap / 2);

    // Another host has its own slots: no wait behind news.example's queue.
    const other = performance.now();
    await b.wait('other.example:443', gap);
    expect(performance.now() - other).toBeLessThan(gap);
  });

  it('keeps two fetchers from hitting one site faster than the delay together', async () => {
    const { schema } = await pgt.freshSchema();
    const server: TestServer = await startHttpServer((_req, res) => res.end('ok'));
    open.push(server);
    const delay = 200;
    const fetchers: Fetcher[] = [];
    for (let i = 0; i < 2; i++) {
      const f = createFetcher({
        allowPrivate: ['127.0.0.1'],
        respectRobots: false,
        perHostDelayMs: delay,
        hostGate: await gate(schema),
      });
      open.push(f);
      fetchers.push(f);
    }
    await Promise.all(
      [0, 1, 2, 3].flatMap((i) => fetchers.map((f) => f.fetch({ url: `${server.origin}/p${i}` }))),
    );
    const at = server.hits.map((h) => h.at).sort((x, y) => x - y);
    expect(at).toHaveLength(8);
    // Each fetcher alone would allow two requests at once (one from each); together they take turns.
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(delay / 2);
    // Seven gaps; one fetcher's four requests alone span three. Slack of one gap for the first request's
    // connection setup arriving late.
    expect(at[7]! - at[0]!).toBeGreaterThanOrEqual(6 * delay);
  });

  it('turns a gate that cannot reach PostgreSQL into a retryable fetch failure naming the host', async () => {
    const { schema } = await pgt.freshSchema();
    const server = await startHttpServer((_req, res) => res.end('ok'));
    open.push(server);
    const broken = await PgHostGate.open(pgt.url(), { schema });
    await broken.close();
    const fetcher = createFetcher({
      allowPrivate: ['127.0.0.1'],
      respectRobots: false,
      perHostDelayMs: 100,
      hostGate: broken,
    });
    open.push(fetcher);
    const error = await fetcher.fetch({ url: `${server.origin}/x` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe('connect');
    expect((error as FetchError).message).toMatch(/shared politeness gate unavailable for 127\.0\.0\.1:\d+/);
    expect(server.hits).toHaveLength(0);
  });
});
