import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';

describe('detectLanguage', () => {
  it.each([
    ['arabic', 'قال وزير الخارجية إن الاجتماع كان مثمرا', 'ar'],
    ['arabic with a latin brand', 'أعلنت شركة Apple عن هاتف جديد في الرياض', 'ar'],
    ['persian keyboard arabic', 'وزیر الخارجیة', 'ar'],
    ['english', 'The minister said the meeting was useful', 'en'],
    ['english headline', 'Saudi Arabia wins the cup', 'en'],
    ['english with an arabic name', 'The minister met محمد in the capital on Monday', 'en'],
    ['french is not english', 'Le ministre a dit que la réunion était utile', 'other'],
    ['russian', 'Министр сказал, что встреча была полезной', 'other'],
    ['empty', '', 'other'],
    ['digits and punctuation only', '2024 - 12/31 !!', 'other'],
  ])('%s', (_rule, input, expected) => {
    expect(detectLanguage(input)).toBe(expected);
  });

  it('goes with the majority of a mixed page', () => {
    const page = `${'قال الوزير في مؤتمر صحفي إن العلاقات قوية. '.repeat(5)} The minister spoke.`;
    expect(detectLanguage(page)).toBe('ar');
  });
});
