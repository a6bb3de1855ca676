import type { SourceState } from '../model.ts';

export interface ScheduleConfig {
  /** Never poll a healthy source more often than this. */
  minIntervalS: number;
  /** Never leave a healthy source unpolled longer than this. */
  maxIntervalS: number;
  /** Backoff ceiling after the first failure; it doubles with each further failure. */
  baseBackoffS: number;
  /** Backoff ceiling however many failures. */
  maxBackoffS: number;
}

/** 5 minutes to 2 hours for healthy sources; failures back off from 2 minutes up to 6 hours. */
export const DEFAULT_SCHEDULE: ScheduleConfig = {
  minIntervalS: 300,
  maxIntervalS: 7200,
  baseBackoffS: 120,
  maxBackoffS: 21600,
};

/** How many of the newest items describe a source's current pace. */
const RECENT_ITEMS = 20;
/** Items published this close together are one burst (a batch upload), not a pace. */
const BURST_S = 60;
/** A fetch that brings nothing new stretches the interval by this much, up to the maximum. */
const QUIET_GROWTH = 1.5;

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Polling interval in seconds learned from when the source published: the median gap between its
 * newest items (bursts under a minute count as one publication), halved so a new item waits on average
 * a quarter of the gap, clamped to [minIntervalS, maxIntervalS]. Without two datable items, the
 * geometric middle of the bounds.
 */
export function nextInterval(publishTimes: string[], cfg: ScheduleConfig): number {
  const times = [...new Set(publishTimes.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t)))]
    .sort((a, b) => b - a)
    .slice(0, RECENT_ITEMS);
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i - 1]! - times[i]!) / 1000;
    if (gap >= BURST_S) gaps.push(gap);
  }
  if (gaps.length === 0) return Math.round(Math.sqrt(cfg.minIntervalS * cfg.maxIntervalS));
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return Math.round(clamp(median / 2, cfg.minIntervalS, cfg.maxIntervalS));
}

export interface FetchOutcome {
  ok: boolean;
  newItems: number;
  publishTimes: string[];
  /** From a Retry-After header (429/503): the next fetch is never earlier. */
  retryAfterMs?: number;
  now: Date;
}

/**
 * When to fetch a source next, after a fetch that ended in `outcome`.
 * Success: failures reset to 0; the interval is learned from `publishTimes` (see nextInterval), and a
 * fetch with no new items stretches the previous interval by half, up to the maximum.
 * Failure: the learned interval is kept, and the delay is drawn with full jitter from
 * [1 s, min(maxBackoffS, baseBackoffS · 2^(failures−1))].
 * In both cases Retry-After is a floor. `rand` returns [0, 1) (Math.random by default).
 */
export function nextFetchAt(
  state: SourceState,
  outcome: FetchOutcome,
  cfg: ScheduleConfig,
  rand: () => number = Math.random,
): { nextFetchAt: string; intervalSeconds: number; consecutiveFailures: number } {
  const now = outcome.now.getTime();
  const retryAfterS = Math.max(0, (outcome.retryAfterMs ?? 0) / 1000);
  if (!outcome.ok) {
    const failures = state.consecutiveFailures + 1;
    const ceiling = Math.min(cfg.maxBackoffS, cfg.baseBackoffS * 2 ** Math.min(failures - 1, 52));
    const delay = Math.max(1, rand() * ceiling, retryAfterS);
    return {
      nextFetchAt: new Date(now + Math.round(delay * 1000)).toISOString(),
      intervalSeconds: state.intervalSeconds,
      consecutiveFailures: failures,
    };
  }
  const learned = nextInterval(outcome.publishTimes, cfg);
  const interval =
    outcome.newItems === 0 && state.intervalSeconds > 0
      ? Math.round(
          clamp(Math.max(learned, state.intervalSeconds * QUIET_GROWTH), cfg.minIntervalS, cfg.maxIntervalS),
        )
      : learned;
  const delay = Math.max(interval, retryAfterS);
  return {
    nextFetchAt: new Date(now + Math.round(delay * 1000)).toISOString(),
    intervalSeconds: interval,
    consecutiveFailures: 0,
  };
}
