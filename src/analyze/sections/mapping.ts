/**
 * Declared mappings from each training corpus's own labels onto the site taxonomy. A label mapped to `null`
 * is left out of training and evaluation on purpose; a label missing from a table is an error (a new label
 * must be looked at, not silently guessed).
 */
import { SECTIONS, type SectionId } from './taxonomy.ts';

export type LabelTable = Readonly<Record<string, SectionId | null>>;

/** ANT corpus (Jawhara FM, Tunisia): the outlet's own RSS sections. */
export const ANT_LABELS: LabelTable = {
  localNews: 'local',
  sport: 'sports',
  // Jawhara's world desk: mostly foreign politics and conflicts, kept apart from Tunisian politics.
  internationalNews: 'international',
  society: 'society',
  // Tunisian national politics (parties, parliament, government).
  politic: 'politics',
  // The outlet's «منوعات»: celebrities, curiosities, lifestyle.
  diverse: 'variety',
  economy: 'economy',
  culture: 'culture',
  technology: 'tech',
};

/** ASND (Al Jazeera social posts): topic labels of the WANLP 2020 data set. */
export const ASND_LABELS: LabelTable = {
  politics: 'politics',
  // Questionable: wars, attacks and crime in the Arab world are carried by Al Jazeera as political news and
  // read like its `politics` posts (Syria, Yemen, Libya, Iran); `international` would also be defensible, but
  // ASND has no local/world distinction at all, so it would only teach the model a corpus accent.
  'crime-war-conflict': 'politics',
  // Dropped: a catch-all of replies to followers, channel promos and stray news with no common topic.
  others: null,
  'art-and-entertainment': 'culture',
  // Questionable: detained activists and journalists, executions, repression: political news on a news
  // site; a few posts (violence against women) would sit better in `society`.
  'human-rights-press-freedom': 'politics',
  sports: 'sports',
  'science-and-technology': 'tech',
  'business-and-economy': 'economy',
  health: 'health',
  // Questionable: climate, pollution, wildlife; Arabic news sites file these under science («علوم»).
  environment: 'tech',
  spiritual: 'religion',
  // Questionable: schools, teachers, universities: a society topic; some posts are language trivia (culture).
  education: 'society',
};

/** Taxonomy ids map onto themselves, so files already labelled with section ids need no table. */
export const SECTION_LABELS: LabelTable = Object.fromEntries(SECTIONS.map((s) => [s.id, s.id]));

export const LABEL_TABLES = { ant: ANT_LABELS, asnd: ASND_LABELS, sections: SECTION_LABELS } as const;
export type LabelScheme = keyof typeof LABEL_TABLES;

/** Labels of each table that map to nothing (kept out of training and evaluation). */
export function droppedLabels(table: LabelTable): string[] {
  return Object.keys(table).filter((k) => table[k] === null);
}

/**
 * Picks the table that knows the most of the given labels (ties go to the first of ant, asnd, sections).
 * Corpus label sets are disjoint except for ids shared with the taxonomy, so the choice is unambiguous on real files.
 */
export function detectScheme(labels: Iterable<string>): LabelScheme {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best: LabelScheme = 'sections';
  let bestKnown = -1;
  for (const scheme of ['ant', 'asnd', 'sections'] as const) {
    let known = 0;
    for (const [label, n] of counts) if (Object.hasOwn(LABEL_TABLES[scheme], label)) known += n;
    if (known > bestKnown) {
      best = scheme;
      bestKnown = known;
    }
  }
  return best;
}

/** The section for a corpus label: a section id, `null` when dropped by declaration, `undefined` when unknown. */
export function mapLabel(table: LabelTable, label: string): SectionId | null | undefined {
  return Object.hasOwn(table, label) ? table[label] : undefined;
}
