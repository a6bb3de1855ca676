/**
 * Which stories lead the home page. A story matters when many independent outlets report it (an outlet
 * that only republished another's text does not count), when it is fresh, and when reports arrive fast.
 * Freshness is measured from the newest story seen, not from the wall clock, so an archive or a replayed
 * corpus still ranks sensibly; on a live site the two are minutes apart.
 */
import type { Story } from '../store/store.ts';
import { timeMs } from './format.ts';

/** A story loses half its freshness every this many hours. */
export const FRESHNESS_HALF_LIFE_H = 12;

export interface RankedStory {
  story: Story;
  score: number;
}

/**
 * Score of one story at `refMs`: outlets (log), velocity (reports per hour, log) and freshness decay.
 * `outlets` overrides the story's `sourceCount` (which counts outlets that only ran copies too).
 */
export function storyScore(story: Story, refMs: number, outlets = story.sourceCount): number {
  const last = timeMs(story.lastUpdate) ?? 0;
  const first = timeMs(story.firstSeen) ?? last;
  const ageH = Math.max(0, refMs - last) / 3_600_000;
  const spanH = Math.max(1, (last - first) / 3_600_000);
  const velocity = story.articleCount / spanH;
  const importance = 1 + 2 * Math.log2(Math.max(1, outlets)) + Math.log2(1 + velocity);
  return importance * 0.5 ** (ageH / FRESHNESS_HALF_LIFE_H);
}

/** The time freshness is measured from: the newest story, unless that is in the future. */
export function referenceTime(stories: readonly Story[], nowMs: number): number {
  let newest = -Infinity;
  for (const s of stories) newest = Math.max(newest, timeMs(s.lastUpdate) ?? -Infinity);
  return Number.isFinite(newest) ? Math.min(nowMs, newest) : nowMs;
}

/**
 * Stories best first; ties newest first, then by id so the order is stable. `outlets` gives the number of
 * independent outlets of a story when known (else its `sourceCount`).
 */
export function rankStories(
  stories: readonly Story[],
  nowMs: number,
  outlets?: (story: Story) => number | undefined,
): RankedStory[] {
  const ref = referenceTime(stories, nowMs);
  return stories
    .map((story) => ({ story, score: storyScore(story, ref, outlets?.(story) ?? story.sourceCount) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.story.lastUpdate > a.story.lastUpdate ? 1 : b.story.lastUpdate < a.story.lastUpdate ? -1 : 0) ||
        (a.story.id < b.story.id ? -1 : 1),
    );
}
