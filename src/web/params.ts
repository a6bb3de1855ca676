/** Query parameters of pages and the API, validated once with zod (the OpenAPI document is built from these). */
import { z } from 'zod';
import { SECTION_IDS } from '../analyze/sections/taxonomy.ts';

const text = (max: number) => z.string().trim().max(max);
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO 8601 date (YYYY-MM-DD) is expected');

export const limit = (def: number, max = 100) => z.coerce.number().int().min(1).max(max).default(def);
export const cursor = text(2000).min(1).optional();
export const section = z.enum(SECTION_IDS as [string, ...string[]]).optional();
export const sourceId = text(200).min(1).optional();
const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

export const ArticleListParams = z.object({
  limit: limit(20),
  cursor,
  section,
  source: sourceId,
  includeCopies: flag,
});

export const StoryListParams = z.object({ limit: limit(20), cursor, section });

export const SearchParams = z.object({
  q: text(2000).default(''),
  limit: limit(10),
  cursor,
  section,
  source: sourceId,
  from: day.optional(),
  to: day.optional(),
  includeCopies: flag,
});

/** Search form fields: empty strings (an untouched form) count as absent. */
export const SearchPageParams = z.preprocess(
  (v) =>
    Object.fromEntries(
      Object.entries(v as Record<string, string>).filter(([, x]) => typeof x === 'string' && x.trim() !== ''),
    ),
  SearchParams,
);

export const PageParams = z.object({ cursor });

export const TagParams = z.object({ limit: limit(20), cursor });
