import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  combineDocFreq,
  DocFreqCounter,
  decodeDocFreq,
  EMPTY_DOCFREQ,
  encodeDocFreq,
  idf,
  mapDocFreq,
  SHIPPED_DOCFREQ_PATH,
  shippedDocFreq,
} from './docfreq.ts';

describe('DocFreqCounter', () => {
  it('counts a term once per document', () => {
    const c = new DocFreqCounter();
    c.add(['عراق', 'عراق', 'سوريا']);
    c.add(['عراق']);
    expect(c.docs).toBe(2);
    expect(c.df('عراق')).toBe(2);
    expect(c.df('سوريا')).toBe(1);
    expect(c.df('لبنان')).toBe(0);
  });
});

describe('opening share', () => {
  it('is the share of a term’s mentions that open a sentence, and survives the file', () => {
    const c = new DocFreqCounter();
    for (let i = 0; i < 5; i++) c.add(['افتتح', 'معرض', 'افتتح', 'معرض'], ['افتتح']);
    expect(c.opening('افتتح')).toBeCloseTo(0.5);
    expect(c.opening('معرض')).toBe(0);
    const d = decodeDocFreq(encodeDocFreq(c, 1));
    expect(d.opening?.('افتتح')).toBeCloseTo(0.5);
    expect(d.opening?.('معرض')).toBe(0);
  });
});

describe('encode / decode', () => {
  it('keeps only terms seen in at least minDf documents', () => {
    const c = new DocFreqCounter();
    c.add(['عراق', 'سوريا']);
    c.add(['عراق', 'حلب']);
    c.add(['عراق', 'سوريا']);
    const d = decodeDocFreq(encodeDocFreq(c, 2));
    expect(d.docs).toBe(3);
    expect(d.df('عراق')).toBe(3);
    expect(d.df('سوريا')).toBe(2);
    expect(d.df('حلب')).toBe(0);
  });

  it('refuses a file of another format', () => {
    expect(() => decodeDocFreq(gzipSync('{"format":"other"}'))).toThrow(/docfreq: unsupported/);
  });
});

describe('combineDocFreq', () => {
  it('adds documents and counts of the prior and the live corpus', () => {
    const prior = mapDocFreq(100, new Map([['عراق', 10]]));
    const live = mapDocFreq(
      5,
      new Map([
        ['عراق', 5],
        ['حلب', 1],
      ]),
    );
    const both = combineDocFreq(prior, live);
    expect(both.docs).toBe(105);
    expect(both.df('عراق')).toBe(15);
    expect(both.df('حلب')).toBe(1);
  });

  it('is the prior alone while the live corpus is empty', () => {
    const prior = mapDocFreq(100, new Map([['عراق', 10]]));
    expect(combineDocFreq(prior, EMPTY_DOCFREQ)).toBe(prior);
    expect(combineDocFreq(EMPTY_DOCFREQ, prior)).toBe(prior);
  });
});

describe('idf', () => {
  it('is higher for rarer terms and never zero', () => {
    const d = mapDocFreq(
      1000,
      new Map([
        ['عام', 1000],
        ['حلب', 3],
      ]),
    );
    expect(idf(d, 'حلب')).toBeGreaterThan(idf(d, 'عام'));
    expect(idf(d, 'عام')).toBeGreaterThan(0);
    expect(idf(d, 'مجهول')).toBeGreaterThan(idf(d, 'حلب'));
  });

  it('is 1 for every term without counts', () => {
    expect(idf(EMPTY_DOCFREQ, 'حلب')).toBe(1);
  });
});

describe('shippedDocFreq', () => {
  it('loads the shipped prior: common news words are frequent, and it is not tiny', () => {
    const d = shippedDocFreq();
    expect(d.docs).toBeGreaterThan(1000);
    // `وزير` (stem of الوزير) is in far more articles than a city like `حلب`.
    expect(d.df('وزير')).toBeGreaterThan(d.df('حلب'));
  });

  it('falls back to no counts when the file is missing or broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'naba-docfreq-'));
    const bad = join(dir, 'bad.json.gz');
    writeFileSync(bad, 'not gzip');
    expect(shippedDocFreq(bad).docs).toBe(0);
    expect(shippedDocFreq(join(dir, 'missing.json.gz')).docs).toBe(0);
    expect(SHIPPED_DOCFREQ_PATH).toMatch(/models\/docfreq\.json\.gz$/);
  });
});
