/**
 * Named code points for Arabic-script analysis (the habit of Lucene's ArabicNormalizer), so rules read as
 * letters rather than magic numbers. Values are single UTF-16 code units.
 */

export const HAMZA = '\u0621';
export const ALEF_MADDA = '\u0622';
export const ALEF_HAMZA_ABOVE = '\u0623';
export const WAW_HAMZA = '\u0624';
export const ALEF_HAMZA_BELOW = '\u0625';
export const YEH_HAMZA = '\u0626';
export const ALEF = '\u0627';
export const BEH = '\u0628';
export const TEH_MARBUTA = '\u0629';
export const TEH = '\u062A';
export const THEH = '\u062B';
export const JEEM = '\u062C';
export const HAH = '\u062D';
export const KHAH = '\u062E';
export const DAL = '\u062F';
export const THAL = '\u0630';
export const REH = '\u0631';
export const ZAIN = '\u0632';
export const SEEN = '\u0633';
export const SHEEN = '\u0634';
export const SAD = '\u0635';
export const DAD = '\u0636';
export const TAH = '\u0637';
export const ZAH = '\u0638';
export const AIN = '\u0639';
export const GHAIN = '\u063A';
export const TATWEEL = '\u0640';
export const FEH = '\u0641';
export const QAF = '\u0642';
export const KAF = '\u0643';
export const LAM = '\u0644';
export const MEEM = '\u0645';
export const NOON = '\u0646';
export const HEH = '\u0647';
export const WAW = '\u0648';
export const ALEF_MAKSURA = '\u0649';
export const YEH = '\u064A';

// Diacritics (tashkeel) U+064B..U+0652 and the rarer marks up to U+065F.
export const FATHATAN = '\u064B';
export const DAMMATAN = '\u064C';
export const KASRATAN = '\u064D';
export const FATHA = '\u064E';
export const DAMMA = '\u064F';
export const KASRA = '\u0650';
export const SHADDA = '\u0651';
export const SUKUN = '\u0652';
export const SUPERSCRIPT_ALEF = '\u0670';
export const ALEF_WASLA = '\u0671';

// Arabic punctuation the tokenizer and sentence splitter recognise.
export const ARABIC_COMMA = '\u060C';
export const ARABIC_SEMICOLON = '\u061B';
export const ARABIC_QUESTION_MARK = '\u061F';
export const ARABIC_FULL_STOP = '\u06D4';
export const ARABIC_PERCENT = '\u066A';
export const ARABIC_DECIMAL_SEPARATOR = '\u066B';
export const ARABIC_THOUSANDS_SEPARATOR = '\u066C';

// Persian, Urdu, Kurdish and Maghrebi letters that appear in Arabic pages typed on other keyboards.
export const FARSI_YEH = '\u06CC';
export const YEH_BARREE = '\u06D2';
export const E_YEH = '\u06D0';
export const YEH_WITH_TAIL = '\u06CD';
export const KEHEH = '\u06A9';
export const SWASH_KAF = '\u06AA';
export const GAF = '\u06AF';
export const NG = '\u06AD';
export const AE = '\u06D5';
export const HEH_GOAL = '\u06C1';
export const HEH_DOACHASHMEE = '\u06BE';
export const HEH_YEH_ABOVE = '\u06C0';
export const TEH_MARBUTA_GOAL = '\u06C3';
export const PEH = '\u067E';
export const TCHEH = '\u0686';
export const JEH = '\u0698';
export const VEH = '\u06A4';
export const QAF_THREE_DOTS = '\u06A8';
export const ALEF_WAVY_HAMZA_ABOVE = '\u0672';
export const ALEF_WAVY_HAMZA_BELOW = '\u0673';
export const HIGH_HAMZA_ALEF = '\u0675';

// Invisible characters that must not split or change a word.
export const ZERO_WIDTH_SPACE = '\u200B';
export const ZWNJ = '\u200C';
export const ZWJ = '\u200D';
export const LRM = '\u200E';
export const RLM = '\u200F';
export const ARABIC_LETTER_MARK = '\u061C';
export const WORD_JOINER = '\u2060';
export const BOM = '\uFEFF';
export const SOFT_HYPHEN = '\u00AD';

/** Code point of a one-unit letter constant, for tables indexed by char code. */
export function cp(letter: string): number {
  return letter.charCodeAt(0);
}
