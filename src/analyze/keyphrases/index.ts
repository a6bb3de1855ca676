/** Tags (keyphrases) of one article. */
export { displayFirstWord } from './display.ts';
export {
  DEFAULT_WEIGHTS,
  type EntityMention,
  extractKeyphrases,
  type Keyphrase,
  type KeyphraseInput,
  type KeyphraseWeights,
  scoreCandidates,
} from './extract.ts';
export { phraseKey, tokenStem } from './key.ts';
