/**
 * Language of a text by script share: count Arabic-script and Latin letters; the larger share wins if it is
 * at least a third of all letters. Latin text is called English only when English stopwords make up a fair
 * part of its words (French or Turkish in Latin script are 'other'). Empty or letterless text is 'other'.
 */
import { normalize } from './normalize.ts';

export type Language = 'ar' | 'en' | 'other';

const EN_COMMON = new Set(
  `the of and to in is that for it on was with as by be are at this from or an have not has had were which
  but they his her their its we you he she will would been said more about who also after when new one two`
    .split(/\s+/)
    .filter(Boolean),
);

/** 'ar' | 'en' | 'other' for `text`; mixed text goes to its majority script. */
export function detectLanguage(text: string): Language {
  let arabic = 0;
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
    )
      latin++;
    else if (
      (c >= 0x0620 && c <= 0x064a) ||
      (c >= 0x066e && c <= 0x06d3) ||
      c === 0x06d5 ||
      (c >= 0x0750 && c <= 0x077f) ||
      (c >= 0xfb50 && c <= 0xfdff) ||
      (c >= 0xfe70 && c <= 0xfefc)
    )
      arabic++;
    else if (c > 0x2ff && /\p{L}/u.test(text[i]!)) other++;
  }
  const total = arabic + latin + other;
  if (total === 0) return 'other';
  if (arabic >= latin && arabic >= other) return arabic * 3 >= total ? 'ar' : 'other';
  if (latin >= other) {
    const words = normalize(text).match(/[a-z]+/g) ?? [];
    let hits = 0;
    for (const w of words) if (EN_COMMON.has(w)) hits++;
    // Headlines are short and light on function words: accept any hit there, ask for 10% in prose.
    return hits > 0 && (words.length < 12 || hits * 10 >= words.length) ? 'en' : 'other';
  }
  return 'other';
}
