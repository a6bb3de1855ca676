import { describe, expect, it } from 'vitest';
import type { Article } from '../model.ts';
import { placementTime } from '../pipeline.ts';
import { terms } from '../text/analyzer.ts';
import { Corpus, kthLargest, type PlaceInput } from './corpus.ts';
import { DEDUP_DEFAULTS } from './dedup.ts';
import { fingerprint } from './fingerprint.ts';
import { DEFAULT_STORY_PARAMS, memberWeight } from './story-score.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 2, 10, 6);

function input(
  id: string,
  title: string,
  text: string,
  timeMs: number,
  sourceId = id.split('-')[0]!,
): PlaceInput {
  return {
    id,
    sourceId,
    timeMs,
    title,
    terms: terms(text),
    titleTerms: terms(title),
    entities: [],
    fingerprint: fingerprint(title, text),
  };
}

const WIRE_TITLE = 'حريق في مستودع أخشاب بالدمام';
const WIRE = [
  'اندلع حريق كبير في مستودع للأخشاب بحي الصناعية في مدينة الدمام فجر اليوم الثلاثاء، وتمكنت فرق الدفاع المدني من السيطرة عليه بعد ثلاث ساعات دون تسجيل إصابات.',
  'وقال المتحدث باسم الدفاع المدني في المنطقة الشرقية العقيد خالد الحربي إن 14 فرقة شاركت في إخماد الحريق الذي امتد إلى مستودعين مجاورين قبل محاصرته.',
  'وأضاف الحربي أن التحقيقات الأولية تشير إلى تماس كهربائي في أحد المولدات، وأن لجنة فنية شكلت لتحديد حجم الخسائر ومراجعة اشتراطات السلامة في الموقع.',
  'وأشار إلى أن الدفاع المدني أخلى العمال من المستودعات المجاورة احترازيا، وأغلق الطرق المؤدية إلى الموقع حتى انتهاء أعمال التبريد صباح اليوم.',
].join('\n');
const REWRITE_TITLE = 'الدفاع المدني يخمد حريق مستودع الأخشاب في الدمام';
const REWRITE =
  'سيطرت فرق الدفاع المدني بالدمام على حريق ضخم شب في مستودع أخشاب بالحي الصناعي، واستمرت عمليات الإخماد ثلاث ساعات بمشاركة 14 فرقة، حسب العقيد خالد الحربي المتحدث باسم الدفاع المدني بالمنطقة الشرقية، الذي أكد عدم وقوع إصابات وامتداد النيران إلى مستودعين مجاورين. ورجح الحربي أن يكون تماس كهربائي في مولد وراء الحريق.';
const BRIEF =
  'اندلع حريق في مستودع للأخشاب بحي الصناعية في الدمام فجر الثلاثاء، وشاركت 14 فرقة من الدفاع المدني في إخماده.';
const OTHER_FIRE_TITLE = 'حريق في مصنع للبلاستيك بجدة';
const OTHER_FIRE =
  'اندلع حريق في مصنع للبلاستيك بالمدينة الصناعية الثانية في جدة مساء الخميس، وباشرت فرق الدفاع المدني إخماده بمشاركة 6 فرق. وقال المتحدث باسم الدفاع المدني بمنطقة مكة المكرمة العقيد سعيد الغامدي إن عاملين أصيبا بحالات اختناق ونقلا إلى المستشفى.';
const CAMPAIGN_TITLE = 'حملة تفتيش على مستودعات الأخشاب في الشرقية';
const CAMPAIGN =
  'أطلق الدفاع المدني في المنطقة الشرقية حملة تفتيش على مستودعات الأخشاب في الدمام والخبر للتأكد من توفر وسائل السلامة ومكافحة الحريق، وحرر المفتشون مخالفات لعدد من المستودعات التي تفتقر إلى طفايات الحريق.';
const FOOTBALL_TITLE = 'الهلال يفوز على النصر';
const FOOTBALL =
  'حقق فريق الهلال فوزا مهما على منافسه النصر بثلاثة أهداف مقابل هدف في مباراة الجولة العاشرة من الدوري السعودي للمحترفين التي أقيمت على ملعب المملكة أرينا في الرياض، ليعزز صدارته لجدول الترتيب.';

/** A templated death notice (one wire template, filled in with another soldier, place and day). */
function notice(rank: string, name: string, place: string, day: string): string {
  return [
    `أعلنت قيادة القوات المشتركة استشهاد ${rank} ${name} إثر إصابته بمقذوف عسكري أطلق من داخل الأراضي اليمنية على أحد المواقع العسكرية المتقدمة في ${place} صباح ${day}.`,
    `وأكدت القيادة في بيانها أن القوات المسلحة ترد بحزم على مصادر النيران، وأنها تواصل أداء مهامها في حماية الحدود الجنوبية للمملكة ومنها ${place}.`,
    `وقدمت القيادة تعازيها لأسرة الشهيد ${name}، سائلة الله أن يتغمده بواسع رحمته وأن يلهم أهله وذويه الصبر والسلوان.`,
  ].join('\n');
}

/** A templated weather bulletin: one wording each day, filled in with that day's regions and winds. */
function bulletin(rain: string, dust: string, wind: string): string {
  return [
    `توقعت الرئاسة العامة للأرصاد وحماية البيئة في تقريرها عن حالة الطقس المتوقعة لهذا اليوم فرصة هطول أمطار رعدية مصحوبة بنشاط في الرياح السطحية على مناطق ${rain}.`,
    `كما توقعت الأرصاد أن تكون الرياح على ${dust}، فيما يكون الطقس حارا على بقية المناطق.`,
    `وأوضحت أن حركة الرياح على البحر الأحمر ${wind}.`,
  ].join('\n');
}
const FRIDAY = bulletin(
  'عسير والباحة وجازان ونجران وتمتد إلى مرتفعات مكة المكرمة',
  'المنطقة الشرقية والرياض نشطة مثيرة للأتربة والغبار تحد من مدى الرؤية الأفقية',
  'شمالية غربية بسرعة 20 إلى 35 كم في الساعة وارتفاع الموج من متر إلى متر ونصف',
);
const SATURDAY = bulletin(
  'القصيم وحائل والجوف والحدود الشمالية مع تدني الرؤية على الطرق',
  'سواحل جازان والقنفذة معتدلة مع تكون السحب الركامية بعد الظهر',
  'جنوبية إلى جنوبية غربية بسرعة 15 إلى 30 كم وحالة البحر خفيف الموج',
);

describe('near-duplicate groups', () => {
  it('makes later copies point to the earliest published copy', () => {
    const c = new Corpus();
    const first = c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    const copy = c.place(input('okaz-1', 'عنوان معدل: حريق الدمام', WIRE, T0 + 2 * HOUR));
    expect(first.duplicateOf).toBeNull();
    expect(copy.duplicateOf).toBe('was-1');
    expect(copy.diff).toMatchObject({ of: 'was-1', titleChanged: true, added: 0, cut: 0 });
  });

  it('lets an earlier-published copy that arrives late become the original of the group', () => {
    const c = new Corpus();
    c.place(input('okaz-1', WIRE_TITLE, WIRE, T0 + 3 * HOUR));
    c.place(input('riyadh-1', WIRE_TITLE, WIRE, T0 + 5 * HOUR));
    const late = c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    expect(late.duplicateOf).toBeNull();
    expect(late.repointed.map((r) => [r.id, r.duplicateOf])).toEqual([
      ['okaz-1', 'was-1'],
      ['riyadh-1', 'was-1'],
    ]);
    expect(c.placementOf('okaz-1')?.duplicateOf).toBe('was-1');
    expect(c.placementOf('riyadh-1')?.duplicateOf).toBe('was-1');
  });

  it('breaks a publication-time tie by arrival order', () => {
    const c = new Corpus();
    c.place(input('a-1', WIRE_TITLE, WIRE, T0));
    expect(c.place(input('b-1', WIRE_TITLE, WIRE, T0)).duplicateOf).toBe('a-1');
  });

  it('joins a copy of an edited copy to the group of the original it edited', () => {
    const paragraphs = WIRE.split('\n');
    const added =
      'ونقل عاملان من مستودع الأخشاب في الدمام إلى مستشفى الجبيل العام بعد إصابتهما بحالات اختناق خفيفة، وغادرا المستشفى مساء اليوم بعد تلقي العلاج اللازم.';
    // An outlet adds a paragraph to the wire; another takes the edited version, cut at the top and
    // under a headline on the added paragraph, which the wire itself never names.
    const edited = [...paragraphs, added].join('\n');
    const second = [paragraphs[2], paragraphs[3], added].join('\n');
    const secondTitle = 'نقل عاملين من حريق المستودع إلى مستشفى الجبيل';
    const c = new Corpus();
    c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    expect(c.place(input('riyadh-1', WIRE_TITLE, edited, T0 + HOUR)).duplicateOf).toBe('was-1');
    expect(c.place(input('okaz-1', secondTitle, second, T0 + 2 * HOUR)).duplicateOf).toBe('was-1');
    // Against the wire alone it is no copy: the edited version is the link.
    const alone = new Corpus();
    alone.place(input('was-1', WIRE_TITLE, WIRE, T0));
    expect(alone.place(input('okaz-1', secondTitle, second, T0 + 2 * HOUR)).duplicateOf).toBeNull();
  });

  it('keeps one cable template sent to two countries apart, though the headlines share a rare word', () => {
    // Two cables of one template (Jaccard ≈ 0.44): the country, its president and one sender differ.
    const cable = (country: string, president: string, sender: string) =>
      [
        `بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة لفخامة الرئيس ${president} رئيس ${country} بمناسبة ذكرى الاستقلال.`,
        `وأعرب الملك باسمه واسم شعب وحكومة المملكة عن أصدق التهاني لفخامته، ولحكومة وشعب ${country} الصديق اطراد التقدم.`,
        `كما بعث ${sender} برقية تهنئة مماثلة لفخامة الرئيس ${president} رئيس ${country} بمناسبة ذكرى الاستقلال.`,
      ].join('\n');
    const bolivia = cable('بوليفيا', 'إيفو موراليس', 'ولي العهد');
    const chad = cable('تشاد', 'إدريس ديبي', 'نائب خادم الحرمين الشريفين');
    // A corpus that has seen many cables: the template's words are common, the names rare, and
    // "independence" (in both headlines) in between, so the headlines' specifics agree.
    const names = ['بوليفيا', 'تشاد', 'ايفو', 'موراليس', 'ادريس', 'ديبي'];
    const priorDf = {
      docs: 1000,
      df: (t: string) => (names.some((n) => t.includes(n)) ? 1 : t.includes('استقلال') ? 20 : 900),
    };
    const place = (c: Corpus) => {
      c.place(input('was-1', 'القيادة تهنئ رئيس بوليفيا بذكرى الاستقلال', bolivia, T0));
      return c.place(input('was-2', 'القيادة تهنئ رئيس تشاد بذكرى الاستقلال', chad, T0 + HOUR));
    };
    const c = new Corpus({ priorDf });
    expect(place(c).duplicateOf).toBeNull();
    // Each country's own copies still group.
    expect(c.place(input('okaz-1', 'الملك يهنئ رئيس تشاد', chad, T0 + 2 * HOUR)).duplicateOf).toBe('was-2');
    // On wording alone (no specifics asked) the second cable would be a copy of the first.
    const wordingOnly = new Corpus({ priorDf, dedup: { ...DEDUP_DEFAULTS, specificsBelow: 0 } });
    expect(place(wordingOnly).duplicateOf).toBe('was-1');
  });

  it('groups a rewritten notice, not the same template filled in for another soldier', () => {
    const c = new Corpus();
    const first = notice('الرقيب', 'فهد بن سعد العتيبي', 'منطقة جازان', 'يوم الأحد');
    c.place(input('was-1', 'استشهاد الرقيب فهد العتيبي في جازان', first, T0));
    // Shares the template's wording (Jaccard ≈ 0.47) but none of the headline's names.
    const other = notice('الجندي أول', 'سالم بن علي القحطاني', 'منطقة نجران', 'يوم الاثنين');
    const template = c.place(input('was-2', 'استشهاد الجندي سالم القحطاني في نجران', other, T0 + DAY));
    expect(template.duplicateOf).toBeNull();
    // Which is the specifics rule's doing: on wording alone the template is a copy.
    const wordingOnly = new Corpus({ dedup: { ...DEDUP_DEFAULTS, specificsBelow: 0 } });
    wordingOnly.place(input('was-1', 'استشهاد الرقيب فهد العتيبي في جازان', first, T0));
    const merged = wordingOnly.place(
      input('was-2', 'استشهاد الجندي سالم القحطاني في نجران', other, T0 + DAY),
    );
    expect(merged.duplicateOf).toBe('was-1');
    // Reworded sentences (Jaccard ≈ 0.46) and a new headline, same soldier: a copy.
    const reworded = first
      .replace('وأكدت القيادة في بيانها أن القوات المسلحة ترد بحزم', 'وشددت القيادة على أن القوات ترد بقوة')
      .replace('وقدمت القيادة تعازيها لأسرة', 'وعزت القيادة أسرة')
      .replace('أطلق من داخل الأراضي اليمنية', 'أطلقته الميليشيات من الأراضي اليمنية');
    const copy = c.place(input('okaz-1', 'القوات المشتركة تنعى العتيبي', reworded, T0 + 3 * HOUR));
    expect(copy.duplicateOf).toBe('was-1');
  });

  it('does not group the bulletin of another day whose headline names its day, but groups its copies', () => {
    const c = new Corpus();
    c.place(input('riyadh-1', 'توقعات بهطول أمطار على معظم مناطق الجنوب', FRIDAY, T0));
    const next = c.place(input('weeam-1', 'حالة الطقس المتوقعة اليوم السبت', SATURDAY, T0 + 22 * HOUR));
    const copy = c.place(input('yaum-1', 'أمطار رعدية على القصيم وحائل', SATURDAY, T0 + 23 * HOUR));
    expect(next.duplicateOf).toBeNull();
    expect(next.storyId).not.toBe('story-riyadh-1');
    expect(copy.duplicateOf).toBe('weeam-1');
  });

  it("does not join the story of yesterday's bulletin, though it has the same vocabulary", () => {
    const c = new Corpus();
    const today = bulletin(
      'جازان ونجران وعسير والباحة وتمتد إلى مرتفعات المدينة المنورة',
      'الرياض والمنطقة الشرقية مثيرة للغبار والأتربة نشطة تحد من الرؤية الأفقية',
      'غربية شمالية بسرعة 15 إلى 30 كم في الساعة وارتفاع الموج من نصف متر إلى متر',
    );
    c.place(input('riyadh-1', 'توقعات بهطول أمطار على معظم مناطق الجنوب', FRIDAY, T0));
    const next = c.place(input('weeam-1', 'حالة الطقس المتوقعة اليوم السبت', today, T0 + 22 * HOUR));
    // Without a day in its headline, the same text would be that story's next report.
    const control = new Corpus();
    control.place(input('riyadh-1', 'توقعات بهطول أمطار على معظم مناطق الجنوب', FRIDAY, T0));
    const undated = control.place(input('weeam-1', 'توقعات الطقس على مناطق الجنوب', today, T0 + 22 * HOUR));
    expect(next.storyId).toBe('story-weeam-1');
    expect(undated.storyId).toBe('story-riyadh-1');
  });

  it('is idempotent for an id placed twice', () => {
    const c = new Corpus();
    c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    const again = c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    expect(again.known).toBe(true);
    expect(c.size).toBe(1);
  });
});

describe('stories', () => {
  it('puts copies in their original story and an independent report of the same event with them', () => {
    const c = new Corpus();
    const wire = c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    const copy = c.place(input('okaz-1', WIRE_TITLE, WIRE, T0 + HOUR));
    const rewrite = c.place(input('yaum-1', REWRITE_TITLE, REWRITE, T0 + 3 * HOUR));
    expect(copy.storyId).toBe(wire.storyId);
    expect(rewrite.duplicateOf).toBeNull();
    expect(rewrite.storyId).toBe(wire.storyId);
    expect(rewrite.story).toMatchObject({ articleCount: 3, sourceCount: 3 });
    expect(c.storyTimeline(wire.storyId).map((t) => t.id)).toEqual(['was-1', 'okaz-1', 'yaum-1']);
  });

  it('keeps another event on the same topic and an unrelated article apart', () => {
    const c = new Corpus();
    const wire = c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    const other = c.place(input('madina-1', OTHER_FIRE_TITLE, OTHER_FIRE, T0 + 2 * DAY));
    const sport = c.place(input('riyadiya-1', FOOTBALL_TITLE, FOOTBALL, T0 + HOUR));
    expect(other.storyId).not.toBe(wire.storyId);
    expect(sport.storyId).not.toBe(wire.storyId);
  });

  it('weighs a member report less the further it is in time, after one news turn', () => {
    expect(memberWeight(0)).toBe(1);
    expect(memberWeight(DEFAULT_STORY_PARAMS.sameTimeHours)).toBe(1);
    expect(memberWeight(DEFAULT_STORY_PARAMS.sameTimeHours + DEFAULT_STORY_PARAMS.decayHours)).toBeCloseTo(
      0.5,
      10,
    );
    expect(memberWeight(48)).toBeLessThan(memberWeight(24));
    expect(memberWeight(48, { ...DEFAULT_STORY_PARAMS, decayHours: 0 })).toBe(1);
  });

  it('does not join the same text three months later to the old story or group', () => {
    const c = new Corpus();
    const old = c.place(input('was-1', WIRE_TITLE, WIRE, T0));
    const later = c.place(input('was-2', WIRE_TITLE, WIRE, T0 + 90 * DAY));
    expect(later.storyId).not.toBe(old.storyId);
    expect(later.duplicateOf).toBeNull();
  });

  it('takes the headline from the most central original, not simply the first', () => {
    const c = new Corpus();
    // Older unrelated articles first: with two documents in all, every shared word would look common.
    for (const [i, [t, x]] of [
      [FOOTBALL_TITLE, FOOTBALL],
      [OTHER_FIRE_TITLE, OTHER_FIRE],
      [CAMPAIGN_TITLE, CAMPAIGN],
    ].entries())
      c.place(input(`old-${i}`, t!, x!, T0 - 30 * DAY));
    const first = c.place(input('yaum-1', REWRITE_TITLE, REWRITE, T0));
    c.place(input('was-1', WIRE_TITLE, WIRE, T0 + HOUR));
    c.place(input('x-1', 'حريق الدمام', BRIEF, T0 + 2 * HOUR));
    const state = c.storyState(first.storyId)!;
    expect(state.articleCount).toBe(3);
    // The paraphrase that opened the story shares the least with the other two.
    expect(state.headlineArticleId).not.toBe('yaum-1');
    expect(state.headline).not.toBe(REWRITE_TITLE);
  });
});

describe('related articles', () => {
  const c = new Corpus();
  c.place(input('was-1', WIRE_TITLE, WIRE, T0));
  c.place(input('okaz-1', WIRE_TITLE, WIRE, T0 + HOUR));
  c.place(input('yaum-1', REWRITE_TITLE, REWRITE, T0 + 3 * HOUR));
  c.place(input('madina-1', OTHER_FIRE_TITLE, OTHER_FIRE, T0 + 2 * DAY));
  c.place(input('madina-2', OTHER_FIRE_TITLE, OTHER_FIRE, T0 + 2 * DAY + HOUR));
  c.place(input('sharq-1', CAMPAIGN_TITLE, CAMPAIGN, T0 + 4 * DAY));
  c.place(input('riyadiya-1', FOOTBALL_TITLE, FOOTBALL, T0 + HOUR));

  it('never returns the article, its copies or its story siblings among the picks', () => {
    const r = c.related('was-1');
    const picks = [...(r.readAlso ? [r.readAlso] : []), ...r.similar];
    const own = c.placementOf('was-1')!;
    expect(picks.length).toBeGreaterThan(0);
    for (const p of picks) {
      expect(['was-1', 'okaz-1']).not.toContain(p.id);
      expect(c.placementOf(p.id)!.storyId).not.toBe(own.storyId);
      expect(p.why.sharedTerms.length).toBeGreaterThan(0);
    }
    expect(r.otherCoverage.map((p) => p.id)).not.toContain('was-1');
    expect(r.otherCoverage.map((p) => p.id)).not.toContain('okaz-1');
  });

  it('never shows two picks from one story or duplicate group', () => {
    const r = c.related('sharq-1');
    const picks = [...(r.readAlso ? [r.readAlso] : []), ...r.similar];
    const stories = picks.map((p) => c.placementOf(p.id)!.storyId);
    expect(new Set(stories).size).toBe(stories.length);
    expect(picks.map((p) => p.id)).not.toContain('sharq-1');
  });

  it('scores related pairs above unrelated ones', () => {
    expect(c.relatedScore('was-1', 'madina-1')).toBeGreaterThan(c.relatedScore('was-1', 'riyadiya-1'));
    expect(c.relatedScore('was-1', 'unknown')).toBe(0);
  });

  it('returns empty results for an unknown id', () => {
    expect(c.related('nope')).toEqual({ readAlso: null, similar: [], otherCoverage: [] });
  });
});

describe('bad input', () => {
  it('places empty texts without grouping them together', () => {
    const c = new Corpus();
    const a = c.place(input('a-1', '', '', T0));
    const b = c.place(input('b-1', '', '', T0 + HOUR));
    expect(a.duplicateOf).toBeNull();
    expect(b.duplicateOf).toBeNull();
  });

  it('places a 5 MB text', () => {
    const c = new Corpus();
    const parts: string[] = [];
    for (let i = 0, n = 0; n < 5_000_000; i++) {
      parts.push(`${WIRE} ${i}`);
      n += parts.at(-1)!.length + 1;
    }
    const huge = parts.join('\n');
    expect(huge.length).toBeGreaterThanOrEqual(5_000_000);
    const placed = c.place(input('big-1', WIRE_TITLE, huge, T0));
    expect(placed.duplicateOf).toBeNull();
    expect(c.place(input('small-1', WIRE_TITLE, WIRE, T0 + HOUR)).storyId).toBeTruthy();
  });

  it('groups 10,000 varied copies of one wire text under the earliest one', () => {
    const c = new Corpus();
    const sentences = WIRE.split('\n');
    const earliest = 7777;
    let originals = 0;
    for (let i = 0; i < 10_000; i++) {
      // Drop one paragraph in turn and shift times so the earliest arrives in the middle.
      const text = sentences.filter((_, j) => j !== i % 5).join('\n');
      const time = i === earliest ? T0 : T0 + HOUR + (i % 97) * 60_000;
      const placed = c.place(input(`s${i % 13}-${i}`, `${WIRE_TITLE} ${i % 7}`, text, time));
      if (placed.duplicateOf === null) originals++;
    }
    expect(c.size).toBe(10_000);
    const story = c.placementOf('s0-0')!.storyId;
    let inGroup = 0;
    for (let i = 0; i < 10_000; i++) {
      const p = c.placementOf(`s${i % 13}-${i}`)!;
      if (i !== earliest && p.duplicateOf === `s${earliest % 13}-${earliest}`) inGroup++;
      expect(p.storyId).toBe(story);
    }
    expect(c.placementOf(`s${earliest % 13}-${earliest}`)!.duplicateOf).toBeNull();
    expect(inGroup).toBe(9_999);
    expect(originals).toBeLessThanOrEqual(2);
  });
});

describe('kthLargest', () => {
  it('agrees with a sort on random, tied and sorted values', () => {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const cases: number[][] = [[5], [2, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1]];
    for (let n = 1; n < 400; n += 37) {
      cases.push(Array.from({ length: n }, () => Math.floor(next() * 10)));
      cases.push(Array.from({ length: n }, () => next()));
    }
    for (const values of cases) {
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of new Set([1, 2, Math.ceil(values.length / 2), values.length])) {
        expect(kthLargest(Float64Array.from(values), values.length, k)).toBe(sorted[values.length - k]);
      }
    }
  });
});

describe('placement time', () => {
  const article = (published: string | undefined): Article => ({
    id: 'x',
    sourceId: 's',
    url: '',
    title: '',
    text: '',
    published,
    fetchedAt: '2024-03-10T06:00:00Z',
  });
  it.each([
    ['a normal date', '2024-03-10T05:00:00+03:00', Date.parse('2024-03-10T02:00:00Z')],
    ['a far-future date', '2099-01-01T00:00:00Z', Date.parse('2024-03-10T06:00:00Z')],
    ['an epoch-zero date', '1970-01-01T00:00:00Z', Date.parse('2024-03-10T06:00:00Z')],
    ['no date', undefined, Date.parse('2024-03-10T06:00:00Z')],
    ['garbage', 'قبل قليل جدا', Date.parse('2024-03-10T06:00:00Z')],
  ])('%s', (_name, published, expected) => {
    expect(placementTime(article(published), 0)).toBe(expected);
  });
});
