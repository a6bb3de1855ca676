/** The runtime entry point: one article in, its section out, with the shipped model loaded once on first use. */

import { type AnalyzedArticle, predictSection, type SectionModel, type SectionPrediction } from './model.ts';
import { loadSectionModel } from './model-file.ts';

let shipped: SectionModel | null = null;

/**
 * Classifies an article into one taxonomy section. `confidence` is the winning class's probability (0 when the
 * text has no usable words, where the section is only the prior guess); `scores` has every section's probability.
 * `analyzed`: the title's and body's tokens from the shared analyzer, when the caller has them (saves
 * analyzing the text a second time; the section is the same).
 */
export function classifySection(
  article: { title: string; text: string },
  analyzed?: AnalyzedArticle,
): SectionPrediction {
  shipped ??= loadSectionModel();
  return predictSection(shipped, article, analyzed);
}
