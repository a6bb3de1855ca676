import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  diagnoseKeyphrases,
  evaluateKeyphrases,
  keyphrasePart,
  phraseKey,
  readKeyphraseJsonl,
  scoreDocument,
} from './keyphrases.ts';

describe('phraseKey: what counts as the same phrase', () => {
  it.each([
    ['للصراعات الفكرية', 'الصراعات الفكرية'],
    ['والعراق', 'العراق'],
    ['وزیر الخارجیة', 'وزير الخارجية'],
    ['المكتبات', 'مكتبات'],
    ['اتصالاً هاتفياً', 'اتصال هاتفي'],
    ['موسم الهجرة إلى الشمال', 'موسم الهجرة الى الشمال'],
  ])('%s = %s', (a, b) => {
    expect(phraseKey(a)).toBe(phraseKey(b));
  });

  it.each([
    ['الفكرية', 'الصراعات الفكرية'],
    ['وزير الخارجية', 'وزير الداخلية'],
    ['سوريا', 'العراق'],
  ])('%s ≠ %s', (a, b) => {
    expect(phraseKey(a)).not.toBe(phraseKey(b));
  });
});

describe('scoreDocument', () => {
  it('matches after normalization, counts each key once, and compares the heads only', () => {
    const gold = ['العراق', 'وزير الخارجية', 'حلب', 'سوريا'];
    const s = scoreDocument(['والعراق', 'العراق', 'وزیر الخارجیة', 'المزيد'], gold, 3);
    // predicted keys: عراق, وزير خارج, مزيد → 2 hits of 3; gold head (k = 3): عراق, وزير خارج, حلب → 2 of 3.
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.f1).toBeCloseTo(2 / 3);
  });

  it('gives zeros for no tags, without dividing by zero', () => {
    expect(scoreDocument([], ['العراق'], 10)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('uses the number of tags shown when fewer than k', () => {
    const s = scoreDocument(['العراق'], ['العراق', 'سوريا'], 10);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.5);
  });
});

describe('evaluateKeyphrases', () => {
  it('macro-averages over documents', () => {
    const docs = [
      { id: '1', title: '', text: '', keyphrases: ['العراق'] },
      { id: '2', title: '', text: '', keyphrases: ['سوريا'] },
    ];
    const s = evaluateKeyphrases(docs, (d) => (d.id === '1' ? ['العراق'] : ['لبنان']), 10);
    expect(s).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, k: 10, n: 2 });
  });
});

describe('diagnoseKeyphrases', () => {
  it('counts, by length, the gold phrases the text writes and those tagged', () => {
    const docs = [
      {
        id: '1',
        title: 'الشمال السوري',
        text: 'هجمات في الشمال السوري. ووزير الخارجية العراقي في حلب.',
        // `وزير الخارجية` is written (behind a و); `مجلس الأمن` and `لبنان` are not; `حلب` is written, not tagged.
        keyphrases: ['وزير الخارجية', 'مجلس الأمن', 'حلب', 'الشمال السوري', 'لبنان'],
      },
    ];
    const rows = diagnoseKeyphrases(docs, () => ['الشمال السوري', 'وزير الخارجية'], 10);
    expect(rows['1']).toEqual({ gold: 2, inText: 1, tagged: 0 });
    expect(rows['2']).toEqual({ gold: 3, inText: 2, tagged: 2 });
  });

  it('does not join words across punctuation', () => {
    const docs = [
      { id: '1', title: '', text: 'زار الوزير. الخارجية أعلنت', keyphrases: ['الوزير الخارجية'] },
    ];
    expect(diagnoseKeyphrases(docs, () => [], 10)['2']).toEqual({ gold: 1, inText: 0, tagged: 0 });
  });
});

describe('keyphrasePart: the dev / held-out split', () => {
  // 400 texts that differ in their letters (the split ignores digits and punctuation).
  const letters = 'ابجدهوزحطيكلمنسعفصقرشتثخذضظغ';
  const docs = Array.from({ length: 400 }, (_, i) => ({
    title: '',
    text: `تقرير ${letters[i % 28]}${letters[Math.floor(i / 28) % 28]} عن الاقتصاد`,
  }));

  it('depends on the text only: the same text (other punctuation, links) falls on the same side', () => {
    const text = 'وزير الخارجية العراقي يتلقى اتصالاً من نظيره السوري';
    expect(keyphrasePart({ text })).toBe(keyphrasePart({ text: `${text}!! https://example.com/x` }));
    expect(keyphrasePart({ text, title: '' })).toBe(keyphrasePart({ text: ` ${text}` }));
  });

  it('holds out about half of the documents', () => {
    const held = docs.filter((d) => keyphrasePart(d) === 'holdout').length;
    expect(held).toBeGreaterThan(docs.length * 0.35);
    expect(held).toBeLessThan(docs.length * 0.65);
  });
});

describe('readKeyphraseJsonl', () => {
  it('reads documents and names the line of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'naba-kp-'));
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, '{"id":"a","text":"نص","keyphrases":["العراق"]}\n\n');
    expect(readKeyphraseJsonl(good)).toEqual([{ id: 'a', title: '', text: 'نص', keyphrases: ['العراق'] }]);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","text":"نص","keyphrases":["العراق"]}\n{"id":"b","text":"نص"}\n');
    expect(() => readKeyphraseJsonl(bad)).toThrow(/bad\.jsonl:2/);
  });
});
