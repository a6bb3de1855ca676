/**
 * Wire agencies as Arabic news cites them: the canonical name shown on the site, and the spellings and codes
 * found in text. Short codes that are also ordinary words (بنا "with us", قنا "canals", وام, سبأ, وفا …) are
 * `weak`: they count only in a citation context (in parentheses, after a dateline dash, after وكالة).
 * `prefixed` spellings may carry a proclitic (لرويترز, وفقا للأناضول).
 */
import { normalize } from '../../text/normalize.ts';

export type AgencySpelling = {
  /** Normalized words (`normalize`), e.g. ['ا', 'ف', 'ب']; letters of a code may be dotted in text. */
  words: string[];
  weak: boolean;
  prefixed: boolean;
};

export type Agency = { name: string; spellings: AgencySpelling[] };

type Row = [name: string, strong: string[], weak: string[]];

// strong: unambiguous as written (long names, foreign brand names); weak: codes that are also Arabic words.
const ROWS: Row[] = [
  ['وكالة الأنباء السعودية (واس)', ['واس', 'وكالة الأنباء السعودية', 'SPA'], []],
  ['فرانس برس', ['فرانس برس', 'فرانس بريس', 'فرانس پرس', 'أ ف ب', 'ا ف ب', 'AFP'], []],
  ['رويترز', ['رويترز', 'رويتر', 'Reuters'], []],
  ['الوكالة الألمانية (د ب أ)', ['د ب أ', 'د ب ا', 'وكالة الأنباء الألمانية', 'dpa'], ['الألمانية']],
  ['أسوشيتد برس', ['أسوشيتد برس', 'أسوشييتد برس', 'اسوشيتدبرس', 'أسوشيتدبرس', 'AP'], ['أ ب']],
  ['الأناضول', ['وكالة الأناضول'], ['الأناضول']],
  ['وكالة الأنباء القطرية (قنا)', ['وكالة الأنباء القطرية'], ['قنا']],
  ['وكالة أنباء الإمارات (وام)', ['وكالة أنباء الإمارات'], ['وام']],
  ['وكالة أنباء البحرين (بنا)', ['وكالة أنباء البحرين'], ['بنا']],
  ['وكالة الأنباء الكويتية (كونا)', ['وكالة الأنباء الكويتية', 'KUNA'], ['كونا']],
  ['وكالة الأنباء اليمنية (سبأ)', ['وكالة الأنباء اليمنية', 'وكالة سبأ'], ['سبأ']],
  ['الوكالة العربية السورية للأنباء (سانا)', ['الوكالة العربية السورية للأنباء', 'وكالة سانا'], ['سانا']],
  ['وكالة الأنباء العراقية (واع)', ['وكالة الأنباء العراقية'], ['واع']],
  ['وكالة أنباء الشرق الأوسط (أ ش أ)', ['وكالة أنباء الشرق الأوسط', 'أ ش أ', 'ا ش ا'], []],
  ['وكالة الأنباء الأردنية (بترا)', ['وكالة الأنباء الأردنية'], ['بترا']],
  ['وكالة الأنباء الفلسطينية (وفا)', ['وكالة الأنباء الفلسطينية'], ['وفا']],
  ['وكالة الأنباء العمانية', ['وكالة الأنباء العمانية'], ['العمانية']],
  ['وكالة المغرب العربي للأنباء', ['وكالة المغرب العربي للأنباء'], ['ومع']],
  ['وكالة الأنباء الجزائرية', ['وكالة الأنباء الجزائرية'], ['واج']],
  ['وكالة تونس إفريقيا للأنباء', ['وكالة تونس إفريقيا للأنباء', 'وكالة تونس أفريقيا للأنباء'], ['وات']],
  ['وكالة السودان للأنباء (سونا)', ['وكالة السودان للأنباء'], ['سونا']],
  ['شينخوا', ['شينخوا', 'شينغوا', 'Xinhua'], []],
  ['وكالة الأنباء الإيرانية (إرنا)', ['وكالة الأنباء الإيرانية', 'إرنا'], []],
  ['سبوتنيك', ['سبوتنيك', 'Sputnik'], []],
  ['تاس', ['وكالة تاس', 'TASS'], ['تاس']],
  ['إفي', ['وكالة إفي', 'EFE'], ['إفي']],
  ['بلومبرغ', ['بلومبرغ', 'بلومبيرغ', 'بلومبيرج', 'Bloomberg'], []],
  ['يونايتد برس إنترناشونال', ['يو بي آي', 'UPI'], []],
  ['كيودو', ['كيودو', 'Kyodo'], []],
  ['يونهاب', ['يونهاب', 'Yonhap'], []],
];

function spelling(s: string, weak: boolean): AgencySpelling {
  const words = normalize(s).split(/\s+/).filter(Boolean);
  // Letter codes (أ ف ب) and Latin acronyms take no proclitic; a real word may (لرويترز, للأناضول).
  const prefixed = words.length > 0 && words[0]!.length >= 4 && /^[\u0600-\u06ff]/.test(words[0]!);
  return { words, weak, prefixed };
}

export const AGENCIES: Agency[] = ROWS.map(([name, strong, weak]) => ({
  name,
  spellings: [...strong.map((s) => spelling(s, false)), ...weak.map((s) => spelling(s, true))],
}));

const BY_SPELLING = new Map<string, string>();
for (const a of AGENCIES) {
  BY_SPELLING.set(normalize(a.name).replace(/[()]/g, ''), a.name);
  for (const s of a.spellings) BY_SPELLING.set(s.words.join(' '), a.name);
}

/** The canonical agency a free-text name refers to (`وكالة رويترز`, `"أ.ف.ب"`, `Reuters`), or null. */
export function agencyNamed(name: string): string | null {
  const words = normalize(name)
    .replace(/[.()"“”«»'‘’]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const key = words.join(' ');
  const direct = BY_SPELLING.get(key);
  if (direct) return direct;
  // `وكالة X` for an agency known by X alone.
  if (words[0] === 'وكاله' && words.length > 1) return BY_SPELLING.get(words.slice(1).join(' ')) ?? null;
  return null;
}
