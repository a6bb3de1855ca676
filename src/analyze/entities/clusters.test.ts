import { describe, expect, it } from 'vitest';
import { buildClusters } from './clusters.ts';
import { bareForm } from './lexicon.ts';
import { mulberry32 } from './perceptron.ts';

// Invented text with two kinds of word used in different contexts: cities after في / إلى, people after قال.
const cities = ['دمشق', 'بيروت', 'عمان', 'بغداد', 'تونس', 'الرباط'];
const people = ['سمير', 'كريم', 'فهمي', 'داود', 'نبيل', 'رامي'];
function corpus(): string[][] {
  const random = mulberry32(3);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  const out: string[][] = [];
  for (let i = 0; i < 400; i++) {
    out.push(['وصل', 'الوفد', 'إلى', pick(cities), 'صباح', 'اليوم']);
    out.push(['قال', pick(people), 'إن', 'الاجتماع', 'مهم']);
  }
  return out;
}

const options = {
  vocabSize: 100,
  minCount: 5,
  contextSize: 50,
  dims: 8,
  branching: [2, 2],
  iterations: 10,
  seed: 7,
};

describe('buildClusters', () => {
  const clusters = buildClusters(corpus(), options);

  it('puts words used alike in one cluster and the two kinds apart', () => {
    // Clusters are keyed by bare form (`الرباط` → `رباط`); the finest level is the last id.
    const finest = (w: string) => clusters.get(bareForm(w))!.at(-1);
    const cityCluster = new Set(cities.map(finest));
    const personCluster = new Set(people.map(finest));
    expect(cityCluster.size).toBe(1);
    expect(personCluster.size).toBe(1);
    expect([...cityCluster][0]).not.toBe([...personCluster][0]);
  });

  it('gives each word one id per level, the finer inside the coarser', () => {
    for (const ids of clusters.values()) {
      expect(ids).toHaveLength(2);
      expect(Math.floor(ids[1]! / 2)).toBe(ids[0]);
    }
  });

  it('is deterministic for a seed', () => {
    expect([...buildClusters(corpus(), options)]).toEqual([...clusters]);
  });
});
