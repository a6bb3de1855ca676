import { describe, expect, it } from 'vitest';
import { readLabelledJsonl } from '../../eval/sections.ts';
import { ANT_LABELS, ASND_LABELS, detectScheme, droppedLabels, mapLabel } from './mapping.ts';
import { SECTION_IDS } from './taxonomy.ts';

const DATA = '../shared/data/categories';

describe('declared label mappings', () => {
  it.each([
    ['ant', `${DATA}/ant/train.jsonl`, ANT_LABELS, [] as string[]],
    ['asnd', `${DATA}/asnd/train.jsonl`, ASND_LABELS, ['others']],
  ])(
    '%s: every label of the file is declared; dropped ones are exactly the listed',
    (scheme, file, table, dropped) => {
      const labels = new Set(readLabelledJsonl(file).map((r) => r.category));
      for (const label of labels) expect(Object.hasOwn(table, label), label).toBe(true);
      expect(droppedLabels(table).sort()).toEqual(dropped);
      expect(detectScheme(labels)).toBe(scheme);
    },
  );

  it('maps only onto taxonomy ids', () => {
    for (const table of [ANT_LABELS, ASND_LABELS]) {
      for (const v of Object.values(table)) if (v !== null) expect(SECTION_IDS).toContain(v);
    }
  });

  it.each([
    [ANT_LABELS, 'sport', 'sports'],
    [ANT_LABELS, 'localNews', 'local'],
    [ANT_LABELS, 'diverse', 'variety'],
    [ASND_LABELS, 'spiritual', 'religion'],
    [ASND_LABELS, 'business-and-economy', 'economy'],
    [ASND_LABELS, 'others', null],
    [ASND_LABELS, 'weather', undefined],
  ])('mapLabel(%#): %s → %s', (table, label, expected) => {
    expect(mapLabel(table, label)).toBe(expected);
  });
});
