/**
 * How well an article fits a story, pure. Content similarity to the story (its centroid and its closest
 * recent report), how much of the article's title a recent report's title repeats, shared entities, and a
 * penalty growing with the time gap. Independent reports of one event share the specific words (names,
 * places, numbers) and the headline words; another event on the same topic shares the topic words but
 * not the specifics, so it stays below the threshold (docs/corpus.md).
 */

export interface StoryParams {
  /** An article joins a story only within this distance of its first/last report. */
  windowMs: number;
  /** Join the best story scoring at least this; otherwise open a new one. */
  threshold: number;
  /** Candidate stories scored per article (the ones sharing the most strong terms). */
  candidates: number;
  wCentroid: number;
  wNearest: number;
  wTitle: number;
  wEntities: number;
  /** Score lost over a full window of time gap. */
  gapPenalty: number;
}

export const DEFAULT_STORY_PARAMS: StoryParams = {
  windowMs: 72 * 3600 * 1000,
  threshold: 0.4,
  candidates: 6,
  wCentroid: 0.6,
  wNearest: 0.5,
  wTitle: 0.3,
  wEntities: 0.2,
  gapPenalty: 0.15,
};

export interface StoryFeatures {
  centroid: number;
  nearest: number;
  title: number;
  entities: number;
  gapHours: number;
}

export function storyScore(f: StoryFeatures, p: StoryParams = DEFAULT_STORY_PARAMS): number {
  const windowHours = p.windowMs / 3_600_000;
  return (
    p.wCentroid * f.centroid +
    p.wNearest * f.nearest +
    p.wTitle * f.title +
    p.wEntities * f.entities -
    (p.gapPenalty * f.gapHours) / windowHours
  );
}
