import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

interface HostState {
  queue: PQueue;
  /** performance.now() of the latest start and the latest completion on this host. */
  lastStart: number;
  lastEnd: number;
  /** Crawl-delay from robots.txt, when larger than the configured delay. */
  delayMs: number;
}

/**
 * Per-host politeness: at most `concurrency` requests in flight per host, and a gap of at least `delayMs`
 * between a request's start and both the previous start and the previous completion on that host.
 * Counting from completion too keeps slow hosts from being hit back to back.
 */
export class HostScheduler {
  readonly #hosts = new Map<string, HostState>();
  readonly #concurrency: number;
  readonly #delayMs: number;

  constructor(opts: { concurrency: number; delayMs: number }) {
    this.#concurrency = Math.max(1, Math.floor(opts.concurrency));
    this.#delayMs = Math.max(0, opts.delayMs);
  }

  /** Raises one host's delay (robots.txt Crawl-delay); never lowers it below the configured delay. */
  setHostDelay(host: string, delayMs: number): void {
    const st = this.#state(host);
    st.delayMs = Math.max(this.#delayMs, delayMs);
  }

  /** Runs `task` in the host's queue once its turn and its gap have come. */
  run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const st = this.#state(host);
    return st.queue.add(
      async () => {
        // Re-checked after every wake-up: timers fire late under load (and a hair early against
        // performance.now()), and with concurrency > 1 another task of this host may have started meanwhile.
        // The check and the update of lastStart run without an await between them, so they are atomic.
        for (;;) {
          const wait = Math.max(st.lastStart, st.lastEnd) + st.delayMs - performance.now();
          if (wait <= 0) break;
          await sleep(Math.ceil(wait), undefined, { signal });
        }
        st.lastStart = performance.now();
        try {
          return await task();
        } finally {
          st.lastEnd = performance.now();
          this.#forgetWhenIdle(host, st);
        }
      },
      signal ? { signal } : {},
    );
  }

  #state(host: string): HostState {
    let st = this.#hosts.get(host);
    if (!st) {
      st = {
        queue: new PQueue({ concurrency: this.#concurrency }),
        lastStart: Number.NEGATIVE_INFINITY,
        lastEnd: Number.NEGATIVE_INFINITY,
        delayMs: this.#delayMs,
      };
      this.#hosts.set(host, st);
    }
    return st;
  }

  #forgetWhenIdle(host: string, st: HostState): void {
    // Keep the state while its gap still matters; afterwards an idle host costs nothing.
    const timer = setTimeout(() => {
      const quietSince = Math.max(st.lastStart, st.lastEnd) + st.delayMs;
      if (st.queue.size === 0 && st.queue.pending === 0 && performance.now() >= quietSince) {
        if (this.#hosts.get(host) === st) this.#hosts.delete(host);
      }
    }, st.delayMs + 10);
    timer.unref();
  }
}
