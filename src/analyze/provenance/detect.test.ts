import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agencyNamed } from './agencies.ts';
import { findQuotedSources } from './detect.ts';

const REFERENCE = fileURLToPath(new URL('../../../../shared/reference-page.txt', import.meta.url));

const names = (text: string) => findQuotedSources(text).map((q) => [q.kind, q.name, q.text]);

describe('findQuotedSources: agencies', () => {
  it.each([
    ['الرياض (واس) أعلنت الوزارة', 'وكالة الأنباء السعودية (واس)', '(واس)'],
    ['الرياض - واس: أعلنت الوزارة', 'وكالة الأنباء السعودية (واس)', 'واس'],
    ['أفادت وكالة الأنباء السعودية بأن', 'وكالة الأنباء السعودية (واس)', 'أفادت وكالة الأنباء السعودية'],
    ['بيروت (أ ف ب) - قتل', 'فرانس برس', '(أ ف ب)'],
    ['بيروت (أ.ف.ب) - قتل', 'فرانس برس', '(أ.ف.ب)'],
    ['وقال مسؤول لوكالة فرانس برس إن', 'فرانس برس', 'لوكالة فرانس برس'],
    ['ذكرت رويترز أن الشركة', 'رويترز', 'رويترز'],
    ['برلين (د ب أ) - قال', 'الوكالة الألمانية (د ب أ)', '(د ب أ)'],
    ['ذكرت وكالة أسوشيتد برس أن', 'أسوشيتد برس', 'ذكرت وكالة أسوشيتد برس'],
    ['وقال للأناضول إن', 'الأناضول', 'للأناضول'],
    ['الدوحة (قنا) - بحث', 'وكالة الأنباء القطرية (قنا)', '(قنا)'],
    ['أبوظبي - وام - استقبل', 'وكالة أنباء الإمارات (وام)', 'وام'],
    ['المنامة (بنا) - أكد', 'وكالة أنباء البحرين (بنا)', '(بنا)'],
    ['الكويت - كونا - قال', 'وكالة الأنباء الكويتية (كونا)', 'كونا'],
    ['صنعاء (سبأ) - أعلن', 'وكالة الأنباء اليمنية (سبأ)', '(سبأ)'],
    ['دمشق (سانا) - التقى', 'الوكالة العربية السورية للأنباء (سانا)', '(سانا)'],
    ['بغداد (واع) - أعلن', 'وكالة الأنباء العراقية (واع)', '(واع)'],
    ['القاهرة - أ ش أ - أعلن', 'وكالة أنباء الشرق الأوسط (أ ش أ)', 'أ ش أ'],
    ['نقلاً عن وكالة أنباء الإمارات', 'وكالة أنباء الإمارات (وام)', 'نقلاً عن وكالة أنباء الإمارات'],
  ])('%s → %s', (text, name, span) => {
    const found = findQuotedSources(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'agency', name, text: span });
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(span);
  });
});

describe('findQuotedSources: outlets', () => {
  it.each([
    ['وحسب شبكة “السومرية نيوز” العراقية، قالت', 'السومرية نيوز', 'وحسب شبكة “السومرية نيوز”'],
    ['وبحسب صحيفة «الشرق الأوسط» فإن', 'الشرق الأوسط', 'وبحسب صحيفة «الشرق الأوسط»'],
    ['ذكرت صحيفة واشنطن بوست الأمريكية أن', 'واشنطن بوست', 'ذكرت صحيفة واشنطن بوست'],
    ['ونقلاً عن صحيفة عكاظ فإن', 'عكاظ', 'ونقلاً عن صحيفة عكاظ'],
    ['وقال في تصريح لصحيفة الرياض أمس', 'الرياض', 'لصحيفة الرياض'],
    ['بحسب ما ذكرت قناة "العربية" اليوم', 'العربية', 'بحسب ما ذكرت قناة "العربية"'],
    ['أفادت وكالة بلومبرغ بأن', 'بلومبرغ', 'أفادت وكالة بلومبرغ'],
    ['وأوردت مجلة فوربس الأمريكية تقريرا', 'فوربس', 'وأوردت مجلة فوربس'],
  ])('%s → %s', (text, name, span) => {
    const found = findQuotedSources(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name, text: span });
    expect(found[0]!.kind).toBe(name === 'بلومبرغ' ? 'agency' : 'outlet');
  });

  it('reads a source line at the start of a line', () => {
    expect(names('نص الخبر.\n\nالمصدر: صدى البلد\n')).toEqual([
      ['source-line', 'صدى البلد', 'المصدر: صدى البلد'],
    ]);
  });

  it('maps a source line naming an agency to the agency', () => {
    expect(names('نص الخبر.\nالمصدر: واس')).toEqual([
      ['agency', 'وكالة الأنباء السعودية (واس)', 'المصدر: واس'],
    ]);
  });
});

describe('findQuotedSources: negatives', () => {
  it.each([
    ['وبحسب الخطة فإن العمل يبدأ غدا'],
    ['وحسب المصادر فإن الاجتماع تأجل'],
    ['وذكرت الصحيفة أن الوزير وصل'],
    ['بنا على ذلك قررت اللجنة'],
    ['حفرت الدولة قنا جديدة للري'],
    ['وقال المصدر: إن الاجتماع تأجل إلى موعد لاحق لأسباب تتعلق بالترتيبات اللوجستية والأمنية للوفود'],
    ['عبرت السفن قناة السويس أمس'],
    ['وذكرت الشرطة أن موقع الحادث مغلق'],
    ['لسانا واحد في هذه القضية'],
    [''],
    ['😀😀 123 456'],
  ])('%s → nothing', (text) => {
    expect(findQuotedSources(text)).toEqual([]);
  });
});

describe('findQuotedSources', () => {
  it('reports each source once, at its first mention', () => {
    const found = findQuotedSources('الرياض (واس) قال الوزير. وأضاف لواس أن... (واس)');
    expect(found.map((q) => q.name)).toEqual(['وكالة الأنباء السعودية (واس)']);
    expect(found[0]!.start).toBe(7);
  });

  it('is linear on a long text and finds sources all along it', () => {
    const chunk = 'الرياض (واس) بحث الوزير التعاون. '.repeat(20_000);
    const found = findQuotedSources(`${chunk}وحسب صحيفة عكاظ فإن`);
    expect(found.map((q) => q.name)).toEqual(['وكالة الأنباء السعودية (واس)', 'عكاظ']);
  });

  it.runIf(existsSync(REFERENCE))('finds the reference page’s outlet and source line', () => {
    const page = readFileSync(REFERENCE, 'utf8');
    const main = page.slice(0, page.indexOf('المصدر: صدى البلد') + 'المصدر: صدى البلد'.length);
    expect(findQuotedSources(main).map((q) => [q.kind, q.name])).toEqual([
      ['outlet', 'السومرية نيوز'],
      ['source-line', 'صدى البلد'],
    ]);
  });
});

describe('agencyNamed', () => {
  it.each([
    ['وكالة رويترز', 'رويترز'],
    ['أ.ف.ب', 'فرانس برس'],
    ['Reuters', 'رويترز'],
    ['وكالة الأنباء الكويتية', 'وكالة الأنباء الكويتية (كونا)'],
    ['السومرية نيوز', null],
  ])('%s → %s', (name, expected) => {
    expect(agencyNamed(name)).toBe(expected);
  });
});
