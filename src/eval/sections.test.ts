import { describe, expect, it } from 'vitest';
import { formatConfusion, mapRows, scoreLabels } from './sections.ts';

describe('scoreLabels on a hand-made confusion', () => {
  // gold a: 3 items, predicted a a b; gold b: 2 items, predicted b a; gold c: 1 item, predicted c.
  // confusion (gold rows × pred cols a b c): a [2 1 0], b [1 1 0], c [0 0 1]; 4 correct of 6.
  // a: P 2/3, R 2/3, F1 2/3.  b: P 1/2, R 1/2, F1 1/2.  c: P 1, R 1, F1 1.  macro-F1 = (2/3 + 1/2 + 1)/3 = 13/18.
  const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
  const pred = ['a', 'a', 'b', 'b', 'a', 'c'];
  const s = scoreLabels(gold, pred);

  it('accuracy = 4/6 and macro-F1 = 13/18', () => {
    expect(s.accuracy).toBeCloseTo(4 / 6, 10);
    expect(s.macro_f1).toBeCloseTo(13 / 18, 10);
    expect(s.n).toBe(6);
  });

  it('confusion rows are gold, columns predicted', () => {
    expect(s.classes).toEqual(['a', 'b', 'c']);
    expect(s.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('macro-F1 averages only classes present in the gold', () => {
    // d is predicted once but never gold: it lowers a's recall, yet is not averaged in itself.
    // a: P 1/1, R 1/2, F1 2/3; b: P 1, R 1, F1 1 → macro-F1 5/6.
    const t = scoreLabels(['a', 'a', 'b'], ['a', 'd', 'b']);
    expect(t.macro_f1).toBeCloseTo(5 / 6, 10);
    expect(t.perClass.d!.f1).toBe(0);
  });

  it('prints a confusion table with every class that occurs', () => {
    const text = formatConfusion(s);
    expect(text).toMatch(/^a\s+2\s+1\s+0$/m);
    expect(text).toMatch(/^c\s+0\s+0\s+1$/m);
  });
});

describe('mapRows', () => {
  const rows = [
    { id: '1', title: 'x', text: 'الهلال يفوز', category: 'sport' },
    { id: '2', title: 'y', text: 'الحكومة تجتمع', category: 'politic' },
  ];

  it('maps through the detected table', () => {
    const m = mapRows(rows);
    expect(m.scheme).toBe('ant');
    expect(m.examples.map((e) => e.section)).toEqual(['sports', 'politics']);
  });

  it('counts labels dropped by declaration', () => {
    const m = mapRows(
      [
        { id: '3', title: '', text: 'شكرا لمتابعتكم', category: 'others' },
        { id: '4', title: '', text: 'فوز المنتخب', category: 'sports' },
      ],
      'all',
      'asnd',
    );
    expect(m.dropped).toEqual({ others: 1 });
    expect(m.examples.map((e) => e.section)).toEqual(['sports']);
  });

  it('refuses labels no table declares', () => {
    expect(() => mapRows([{ id: '1', title: '', text: 'نص', category: 'weather' }], 'all', 'ant')).toThrow(
      /labels not in the ant mapping: weather/,
    );
  });
});
