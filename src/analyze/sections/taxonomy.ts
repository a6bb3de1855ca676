/** The site's sections: ids in English (URLs, API), names in Arabic (display). Order is the model's class order. */
export const SECTIONS = [
  { id: 'politics', name: 'سياسة' },
  { id: 'economy', name: 'اقتصاد' },
  { id: 'sports', name: 'رياضة' },
  { id: 'culture', name: 'ثقافة وفنون' },
  { id: 'tech', name: 'علوم وتكنولوجيا' },
  { id: 'health', name: 'صحة' },
  { id: 'society', name: 'مجتمع' },
  { id: 'local', name: 'محليات' },
  { id: 'international', name: 'دولي' },
  { id: 'religion', name: 'دين' },
  { id: 'variety', name: 'منوعات' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export const SECTION_IDS: readonly SectionId[] = SECTIONS.map((s) => s.id);

export function isSectionId(s: string): s is SectionId {
  return (SECTION_IDS as readonly string[]).includes(s);
}
