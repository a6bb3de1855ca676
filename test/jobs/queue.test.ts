/**
 * The queue contract, run on both implementations: retries then a dead letter with its cause, permanent
 * failures, manual retry, idempotent keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryQueue } from '../../src/jobs/memory-queue.ts';
import { jobIdFor, PgQueue } from '../../src/jobs/pg-queue.ts';
import { type JobQueue, PermanentJobError } from '../../src/jobs/queue.ts';
import { usePostgres } from '../postgres/cluster.ts';
import { waitFor } from './fixture.ts';

const pgt = usePostgres();
const RETRY = { limit: 2, delaySeconds: 1, timeoutSeconds: 30 };

interface Impl {
  name: string;
  skip: boolean;
  open(): Promise<JobQueue>;
}

const IMPLS: Impl[] = [
  {
    name: 'memory',
    skip: false,
    open: async () => new MemoryQueue({ retry: { analyze: { ...RETRY, delaySeconds: 0.01 } } }),
  },
  {
    name: 'postgres',
    skip: pgt.skip,
    open: async () => {
      const { schema } = await pgt.freshSchema();
      return PgQueue.open(pgt.url(), { schema: `${schema}_q`, retry: { analyze: RETRY }, pollSeconds: 0.5 });
    },
  },
];

describe.each(IMPLS)('$name queue', (impl) => {
  let queue: JobQueue | null = null;
  afterEach(async () => {
    await queue?.stop();
    queue = null;
  });

  it.skipIf(impl.skip)(
    'retries a failing job, then keeps it as a dead letter with its cause',
    async () => {
      queue = await impl.open();
      const attempts: number[] = [];
      await queue.work('analyze', async (_data, ctx) => {
        attempts.push(ctx.attempt);
        throw new Error('analyze: model file is unreadable (models/x.json)');
      });
      await queue.enqueue('analyze', { id: 'a1' });
      const q = queue;
      await waitFor(
        async () => (await q.listFailedJobs()).length > 0,
        40_000,
        () => `attempts ${attempts}`,
      );
      expect(attempts).toEqual([1, 2, 3]);
      const [dead] = await queue.listFailedJobs();
      expect(dead).toMatchObject({
        kind: 'analyze',
        data: { id: 'a1' },
        error: 'analyze: model file is unreadable (models/x.json)',
        attempts: 3,
      });
      expect(await queue.pending()).toBe(0);
    },
    60_000,
  );

  it.skipIf(impl.skip)(
    'gives up at once on a permanent failure, and runs it again on retry',
    async () => {
      queue = await impl.open();
      let calls = 0;
      await queue.work('analyze', async () => {
        calls++;
        if (calls === 1)
          throw new PermanentJobError('extract: no article text on the page (https://x.test/1)');
      });
      await queue.enqueue('analyze', { id: 'a2' });
      const q = queue;
      await waitFor(
        async () => (await q.listFailedJobs()).length === 1,
        30_000,
        () => `calls ${calls}`,
      );
      const [dead] = await queue.listFailedJobs({ kind: 'analyze' });
      expect(dead!.attempts).toBe(1);
      expect(dead!.error).toBe('extract: no article text on the page (https://x.test/1)');

      expect(await queue.retry('analyze', dead!.id)).toBe(true);
      await waitFor(
        async () => calls === 2 && (await q.pending()) === 0,
        30_000,
        () => `calls ${calls}`,
      );
      expect(await queue.listFailedJobs()).toEqual([]);
      expect(await queue.retry('analyze', dead!.id)).toBe(false);
    },
    60_000,
  );

  it.skipIf(impl.skip)(
    'queues a key once',
    async () => {
      queue = await impl.open();
      const seen: string[] = [];
      expect(await queue.enqueue('analyze', { id: 'k1' }, { key: 'k1' })).not.toBeNull();
      expect(await queue.enqueue('analyze', { id: 'k1' }, { key: 'k1' })).toBeNull();
      expect(await queue.enqueue('analyze', { id: 'k2' }, { key: 'k2' })).not.toBeNull();
      await queue.work('analyze', async (data) => void seen.push(data.id), { concurrency: 2 });
      const q = queue;
      await waitFor(
        async () => (await q.pending()) === 0 && seen.length === 2,
        30_000,
        () => `${seen}`,
      );
      expect(seen.sort()).toEqual(['k1', 'k2']);
    },
    60_000,
  );
});

describe('job ids from keys', () => {
  it.each([
    ['fetch-page', 'abc', 'analyze', 'abc'],
    ['fetch-page', 'abc', 'fetch-page', 'abd'],
  ] as const)('%s/%s and %s/%s differ', (k1, key1, k2, key2) => {
    expect(jobIdFor(k1, key1)).not.toBe(jobIdFor(k2, key2));
  });

  it('is a UUID and the same for the same key', () => {
    const id = jobIdFor('analyze', 'مقال-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdFor('analyze', 'مقال-1')).toBe(id);
  });
});
