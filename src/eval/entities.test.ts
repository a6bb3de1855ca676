import { describe, expect, it } from 'vitest';
import { formatEntityReport, scoreEntities } from './entities.ts';

describe('scoreEntities', () => {
  it('counts exact span and type matches only, per type and micro', () => {
    // Gold: PER(0-2), LOC(3), ORG(5-7) | LOC(0), PER(2)
    // Pred: PER(0-2) ✓, LOC(3) ✓, ORG(5-6) ✗ (short) | ORG(0) ✗ (type), PER(2) ✓, LOC(3) ✗ (spurious)
    const gold = [
      ['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG', 'I-ORG', 'I-ORG'],
      ['B-LOC', 'O', 'B-PER', 'O'],
    ];
    const pred = [
      ['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG', 'I-ORG', 'O'],
      ['B-ORG', 'O', 'B-PER', 'B-LOC'],
    ];
    const r = scoreEntities(gold, pred);
    // PER: 2 gold, 2 pred, 2 correct. LOC: 2 gold, 2 pred, 1 correct. ORG: 1 gold, 2 pred, 0 correct.
    expect(r.per_type.PER).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(r.per_type.LOC).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.per_type.ORG).toMatchObject({ precision: 0, recall: 0, f1: 0, gold: 1, predicted: 2 });
    // Micro: 3 correct of 6 predicted and 5 gold → P 0.5, R 0.6, F1 = 2·0.3/1.1 = 6/11.
    expect(r.micro.precision).toBeCloseTo(0.5, 10);
    expect(r.micro.recall).toBeCloseTo(0.6, 10);
    expect(r.micro.f1).toBeCloseTo(6 / 11, 10);
  });

  it('ignores MISC in gold and predictions', () => {
    const r = scoreEntities([['B-MISC', 'O', 'B-LOC']], [['O', 'O', 'B-LOC']]);
    expect(r.micro).toMatchObject({ precision: 1, recall: 1, gold: 1, predicted: 1 });
    const r2 = scoreEntities([['O', 'B-LOC']], [['B-MISC', 'B-LOC']]);
    expect(r2.micro).toMatchObject({ precision: 1, recall: 1 });
  });

  it('treats a stray I- as the start of an entity (CoNLL)', () => {
    const r = scoreEntities([['O', 'B-ORG', 'I-ORG']], [['O', 'I-ORG', 'I-ORG']]);
    expect(r.micro.f1).toBe(1);
  });

  it('gives zeros, not NaN, with nothing to find', () => {
    const r = scoreEntities([['O']], [['O']]);
    expect(r.micro).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('rejects sequences of different lengths', () => {
    expect(() => scoreEntities([['O', 'O']], [['O']])).toThrow(/sentence 1/);
    expect(() => scoreEntities([['O']], [])).toThrow(/1 gold sentences but 0/);
  });

  it('formats a table with one row per type and micro', () => {
    const table = formatEntityReport(scoreEntities([['B-PER']], [['B-PER']]));
    expect(table.split('\n')).toHaveLength(5);
    expect(table).toMatch(/^micro\s+100\.0\s+100\.0\s+100\.0/m);
  });
});
