/**
 * The text functions the tagger depends on, in one place: features and keys change with them, so a change
 * in `src/text/` is one retrain away.
 */
export { fold, normalize, normalizeLetters } from '../../text/normalize.ts';
export { stripClitics } from '../../text/stem.ts';
export { tokenize } from '../../text/tokenize.ts';
