/** Section classification: taxonomy, declared label mappings, the linear model and the runtime classifier. */
export { classifySection } from './classify.ts';
export { ANT_LABELS, ASND_LABELS, droppedLabels, LABEL_TABLES, type LabelScheme } from './mapping.ts';
export type { AnalyzedArticle, SectionPrediction } from './model.ts';
export { SECTIONS, type SectionId } from './taxonomy.ts';
