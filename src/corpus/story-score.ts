/**
 * How well an article fits a story, pure. Content similarity to the story (its centroid and its closest
 * recent report, weighed by how near in time that report is), how much of the article's title a recent
 * report's title repeats (weighed the same way), shared entities, and a penalty growing with the time gap
 * to the story. Independent reports of one event share the specific words (names,
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
  /** Reports this close in time to the article count fully as its nearest member (one news day's turn)… */
  sameTimeHours: number;
  /** …further away, the similarity to a member is divided by 1 + (hours − sameTimeHours) / decayHours. */
  decayHours: number;
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
  sameTimeHours: 6,
  decayHours: 12,
};

export interface StoryFeatures {
  centroid: number;
  nearest: number;
  title: number;
  entities: number;
  gapHours: number;
}

/**
 * Weight of one member report's similarity by its distance in time from the article. Independent reports
 * of one event come out within hours; a similar text a day later is more often the next event of the same
 * kind (another call, another fire, the next bulletin). The story's centroid is not decayed: it stays the
 * story's overall vocabulary, while the nearest-member evidence must be near in time too.
 */
export function memberWeight(hours: number, p: StoryParams = DEFAULT_STORY_PARAMS): number {
  if (p.decayHours <= 0) return 1;
  return 1 / (1 + Math.max(0, hours - p.sameTimeHours) / p.decayHours);
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
