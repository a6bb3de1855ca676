import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HostScheduler } from './politeness.ts';

describe('HostScheduler', () => {
  it('spaces starts on one host by the delay and caps requests in flight', async () => {
    const delay = 60;
    const scheduler = new HostScheduler({ concurrency: 2, delayMs: delay });
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const task = async () => {
      starts.push(performance.now());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(100);
      inFlight--;
    };
    await Promise.all([1, 2, 3, 4, 5].map(() => scheduler.run('a.example:80', task)));
    expect(starts).toHaveLength(5);
    // The task reads the clock a few microseconds after the scheduler does, hence the 1 ms slack.
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(delay - 1);
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it('does not make one host wait for another', async () => {
    const scheduler = new HostScheduler({ concurrency: 1, delayMs: 10_000 });
    const order: string[] = [];
    await scheduler.run('a.example:80', async () => {
      order.push('a1');
    });
    const ctl = new AbortController();
    const a2 = scheduler.run('a.example:80', async () => order.push('a2'), ctl.signal);
    await scheduler.run('b.example:80', async () => {
      order.push('b1');
    });
    expect(order).toEqual(['a1', 'b1']);
    ctl.abort();
    await expect(a2).rejects.toThrow();
    expect(order).toEqual(['a1', 'b1']);
  });

  it('rejects a queued task when its signal aborts', async () => {
    const scheduler = new HostScheduler({ concurrency: 1, delayMs: 10_000 });
    await scheduler.run('a.example:80', async () => {});
    const ctl = new AbortController();
    const waiting = scheduler.run('a.example:80', async () => 'ran', ctl.signal);
    ctl.abort();
    await expect(waiting).rejects.toThrow();
  });
});
