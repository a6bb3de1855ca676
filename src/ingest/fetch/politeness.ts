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
 * Spacing shared with other processes (`src/jobs/host-gate.ts` keeps it in PostgreSQL for workers):
 * resolves when this process may start a request to `host`, at least `gapMs` after any process's last.
 */
export interface SharedHostGate {
  wait(host: string, gapMs: number, signal?: AbortSignal): Promise<void>;
}

/** A shared gate that failed (its database is unreachable): the request was not sent. */
export class HostGateError extends Error {
  constructor(host: string, cause: unknown) {
    super(
      `shared politeness gate unavailable for ${host}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'HostGateError';
  }
}

/**
 * Per-host politeness: at most `concurrency` requests in flight per host, and a gap of at least `delayMs`
 * between a request's start and both the previous start and the previous completion on that host.
 * Counting from completion too keeps slow hosts from being hit back to back. With a shared gate, each
 * start also waits for the host's slot among all processes.
 */
export class HostScheduler {
  readonly #hosts = new Map<string, HostState>();
  readonly #concurrency: number;
  readonly #delayMs: number;
  readonly #gate: SharedHostGate | undefined;

  constructor(opts: { concurrency: number; delayMs: number; gate?: SharedHostGate }) {
    this.#concurrency = Math.max(1, Math.floor(opts.concurrency));
    this.#delayMs = Math.max(0, opts.delayMs);
    this.#gate = opts.gate;
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
          if (this.#gate && st.delayMs > 0) {
            try {
              await this.#gate.wait(host, st.delayMs, signal);
            } catch (error) {
              if (signal?.aborted) throw error;
              throw new HostGateError(host, error);
            }
          }
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
