/**
 * Near-duplicate decisions, pure: whether two fingerprints are copies of one text, which of a group is
 * the original, and what a copy changed. The index that finds candidates lives in `corpus.ts` (LSH).
 */
import type { CopyChanges } from '../store/store.ts';
import { containmentFromJaccard, estimateJaccard, type Fingerprint, sampleJaccard } from './fingerprint.ts';

export interface DedupParams {
  /** Verified copy: Jaccard of the shingle sets at least this… */
  minJaccard: number;
  /** …or the smaller text this much contained in the larger (trimmed copies, added paragraphs). */
  minContainment: number;
  /** Copies further apart in time than this are a re-run, not the same publication. */
  windowMs: number;
  /** Texts with fewer shingles are too short to call a copy by their wording. */
  minShingles: number;
  /**
   * Below this Jaccard a copy must also share its headline's specifics (see `CopyContext.specifics`): a
   * templated text about another event (a cable to another country, another soldier's death notice)
   * shares the template's wording but not the names. 0 turns the check off.
   */
  specificsBelow: number;
}

export const DEDUP_DEFAULTS: DedupParams = {
  minJaccard: 0.1,
  minContainment: 0.7,
  windowMs: 7 * 24 * 3600 * 1000,
  minShingles: 8,
  specificsBelow: 0.5,
};

/** What placement knows of a pair beyond the fingerprints. */
export interface CopyContext {
  /**
   * Whether both headlines' most specific words occur in the other article, lazily (only asked when the
   * wording alone is not conclusive).
   */
  specifics?: () => boolean;
}

export interface CopyCheck {
  jaccard: number;
  containment: number;
  copy: boolean;
}

/**
 * Jaccard of the shingle sets: from the samples when both sides have them, else from the signatures.
 * Signatures sharing no value at all settle it without the samples (a pair at the 0.1 threshold shares
 * none with chance 0.9^64 ≈ 0.1%), which spares most candidates the longer sample merge.
 */
export function jaccardOf(a: Fingerprint, b: Fingerprint): number {
  const estimate = estimateJaccard(a.signature, b.signature);
  return a.sample && b.sample && estimate > 0 ? sampleJaccard(a.sample, b.sample) : estimate;
}

export function checkCopy(
  a: Fingerprint,
  b: Fingerprint,
  params: DedupParams = DEDUP_DEFAULTS,
  context: CopyContext = {},
): CopyCheck {
  const jaccard = jaccardOf(a, b);
  const containment = containmentFromJaccard(jaccard, a.shingles, b.shingles);
  const verdict = copyVerdict(jaccard, a.shingles, b.shingles, params);
  const copy =
    verdict === 'copy' || (verdict === 'if-specifics' && (!context.specifics || context.specifics()));
  return { jaccard, containment, copy };
}

/**
 * The wording's verdict on a pair of shingle sets of `sizeA` and `sizeB` shingles with this Jaccard: a
 * copy, no copy, or a copy only if the headlines' specifics agree (`CopyContext.specifics`). The corpus
 * calls it straight on its columns; `checkCopy` on two fingerprints.
 */
export function copyVerdict(
  jaccard: number,
  sizeA: number,
  sizeB: number,
  params: DedupParams = DEDUP_DEFAULTS,
): 'copy' | 'if-specifics' | 'no' {
  if (Math.min(sizeA, sizeB) < params.minShingles) return 'no';
  const containment = containmentFromJaccard(jaccard, sizeA, sizeB);
  if (jaccard < params.minJaccard && containment < params.minContainment) return 'no';
  return jaccard < params.specificsBelow ? 'if-specifics' : 'copy';
}

/** Who comes first: earlier publication, then earlier arrival. */
export function isEarlier(timeA: number, arrivalA: number, timeB: number, arrivalB: number): boolean {
  return timeA < timeB || (timeA === timeB && arrivalA < arrivalB);
}

/** What a copy changed against its original: the store's `CopyChanges`, kept with the copy's placement. */
export type CopyDiff = CopyChanges;

export function diffCopy(originalId: string, original: Fingerprint, copy: Fingerprint): CopyDiff {
  const inOriginal = new Set(original.paragraphs);
  const inCopy = new Set(copy.paragraphs);
  let added = 0;
  let cut = 0;
  for (const p of inCopy) if (!inOriginal.has(p)) added++;
  for (const p of inOriginal) if (!inCopy.has(p)) cut++;
  return {
    of: originalId,
    titleChanged: original.titleHash !== copy.titleHash,
    leadChanged: original.paragraphs[0] !== copy.paragraphs[0],
    added,
    cut,
    similarity: Math.round(jaccardOf(original, copy) * 100) / 100,
  };
}
