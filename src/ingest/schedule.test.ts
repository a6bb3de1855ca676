import { describe, expect, it } from 'vitest';
import type { SourceState } from '../model.ts';
import { nextFetchAt, nextInterval, type ScheduleConfig } from './schedule.ts';

const cfg: ScheduleConfig = { minIntervalS: 300, maxIntervalS: 7200, baseBackoffS: 60, maxBackoffS: 3600 };

/** ISO times `minutes` after 2015-08-07T06:00Z. */
function at(...minutes: number[]): string[] {
  return minutes.map((m) => new Date(Date.UTC(2015, 7, 7, 6, 0, 0) + m * 60_000).toISOString());
}

function every(n: number, gapMinutes: number, startMinute = 0): number[] {
  return Array.from({ length: n }, (_, i) => startMinute + i * gapMinutes);
}

describe('nextInterval', () => {
  it.each([
    ['hourly source → half an hour', at(...every(10, 60)), 1800],
    ['every 4 minutes → clamped up to the minimum', at(...every(10, 4)), 300],
    ['daily source → clamped down to the maximum', at(...every(5, 24 * 60)), 7200],
    ['uneven gaps 20, 10, 60, 10 min → median 15 min, halved', at(0, 20, 30, 90, 100), 450],
    [
      'a burst under a minute counts as one publication',
      [
        '2015-08-07T10:00:00Z',
        '2015-08-07T10:00:10Z',
        '2015-08-07T10:00:20Z',
        '2015-08-07T11:00:00Z',
        '2015-08-07T12:00:00Z',
      ],
      1795,
    ],
    ['order does not matter and bad dates are ignored', [...at(120, 0, 240, 60, 180), 'غير صالح', ''], 1800],
    [
      'offsets are honoured',
      ['2015-08-07T10:00:00+03:00', '2015-08-07T08:00:00+00:00', '2015-08-07T09:00:00Z'],
      1800,
    ],
    ['one datable item → geometric middle of the bounds', at(0), 1470],
    ['no items → geometric middle of the bounds', [], 1470],
  ])('%s', (_name, times, expected) => {
    expect(nextInterval(times, cfg)).toBe(expected);
  });

  it('looks only at the 20 newest items', () => {
    const old = every(30, 24 * 60, -60 * 24 * 40); // daily, weeks ago
    const recent = every(21, 30); // every 30 minutes today
    expect(nextInterval(at(...old, ...recent), cfg)).toBe(900);
  });
});

const NOW = new Date('2015-08-07T12:00:00Z');

function state(over: Partial<SourceState> = {}): SourceState {
  return {
    sourceId: 'alwadi',
    lastFetchAt: null,
    lastSuccessAt: null,
    nextFetchAt: null,
    consecutiveFailures: 0,
    lastError: null,
    intervalSeconds: 1800,
    ...over,
  };
}

const HOURLY = at(...every(10, 60));
const half = () => 0.5;

describe('nextFetchAt after a success', () => {
  it('schedules after the learned interval', () => {
    expect(nextFetchAt(state(), { ok: true, newItems: 3, publishTimes: HOURLY, now: NOW }, cfg)).toEqual({
      nextFetchAt: '2015-08-07T12:30:00.000Z',
      intervalSeconds: 1800,
      consecutiveFailures: 0,
    });
  });

  it('resets the failure count', () => {
    const r = nextFetchAt(
      state({ consecutiveFailures: 4 }),
      { ok: true, newItems: 1, publishTimes: HOURLY, now: NOW },
      cfg,
    );
    expect(r.consecutiveFailures).toBe(0);
  });

  it('stretches the interval by half when nothing new came', () => {
    const r = nextFetchAt(state(), { ok: true, newItems: 0, publishTimes: HOURLY, now: NOW }, cfg);
    expect(r.intervalSeconds).toBe(2700);
    expect(r.nextFetchAt).toBe('2015-08-07T12:45:00.000Z');
  });

  it('never stretches past the maximum', () => {
    const r = nextFetchAt(
      state({ intervalSeconds: 6000 }),
      { ok: true, newItems: 0, publishTimes: HOURLY, now: NOW },
      cfg,
    );
    expect(r.intervalSeconds).toBe(7200);
  });

  it('uses the learned interval again as soon as new items come', () => {
    const r = nextFetchAt(
      state({ intervalSeconds: 7200 }),
      { ok: true, newItems: 2, publishTimes: HOURLY, now: NOW },
      cfg,
    );
    expect(r.intervalSeconds).toBe(1800);
  });

  it('honours Retry-After as a minimum', () => {
    const r = nextFetchAt(
      state(),
      { ok: true, newItems: 1, publishTimes: HOURLY, retryAfterMs: 3 * 3600_000, now: NOW },
      cfg,
    );
    expect(r.nextFetchAt).toBe('2015-08-07T15:00:00.000Z');
    expect(r.intervalSeconds).toBe(1800);
  });
});

describe('nextFetchAt after a failure', () => {
  it.each([
    ['first failure: ceiling = base', 0, half, '2015-08-07T12:00:30.000Z'],
    ['fourth failure: ceiling = base · 2³', 3, () => 0.25, '2015-08-07T12:02:00.000Z'],
    ['many failures: ceiling capped at maxBackoff', 10, half, '2015-08-07T12:30:00.000Z'],
    ['rand 0 still waits a second', 0, () => 0, '2015-08-07T12:00:01.000Z'],
  ])('%s', (_name, failures, rand, expected) => {
    const r = nextFetchAt(
      state({ consecutiveFailures: failures }),
      { ok: false, newItems: 0, publishTimes: [], now: NOW },
      cfg,
      rand,
    );
    expect(r.nextFetchAt).toBe(expected);
    expect(r.consecutiveFailures).toBe(failures + 1);
    expect(r.intervalSeconds).toBe(1800);
  });

  it('honours Retry-After over a shorter jittered backoff', () => {
    const r = nextFetchAt(
      state(),
      { ok: false, newItems: 0, publishTimes: [], retryAfterMs: 600_000, now: NOW },
      cfg,
      half,
    );
    expect(r.nextFetchAt).toBe('2015-08-07T12:10:00.000Z');
  });

  it('backs off monotonically with rand near 1 and stays within the cap', () => {
    const delays: number[] = [];
    for (let f = 0; f < 12; f++) {
      const r = nextFetchAt(
        state({ consecutiveFailures: f }),
        { ok: false, newItems: 0, publishTimes: [], now: NOW },
        cfg,
        () => 0.999,
      );
      delays.push((Date.parse(r.nextFetchAt) - NOW.getTime()) / 1000);
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3600);
    expect(delays[0]).toBeCloseTo(59.94, 2);
  });

  it('draws the delay from the whole jitter range', () => {
    const delays = [0.1, 0.9].map((x) => {
      const r = nextFetchAt(
        state({ consecutiveFailures: 2 }),
        { ok: false, newItems: 0, publishTimes: [], now: NOW },
        cfg,
        () => x,
      );
      return (Date.parse(r.nextFetchAt) - NOW.getTime()) / 1000;
    });
    expect(delays).toEqual([24, 216]);
  });
});
