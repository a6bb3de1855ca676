/** `/api/openapi.json`: OpenAPI 3.1, with query parameters generated from the same zod schemas that validate them. */
import type { Handler } from 'hono';
import { z } from 'zod';
import { cacheFor } from '../http/cache.ts';
import { ArticleListParams, SearchParams, StoryListParams, TagParams } from '../params.ts';
import type { AppEnv } from '../types.ts';

type Json = Record<string, unknown>;

function queryParameters(schema: z.ZodType): Json[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: (js.required ?? []).includes(name) && !('default' in s),
    schema: s,
  }));
}

const idParam = (name: string, description: string): Json => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const error: Json = {
  description: 'Bad parameter, unknown id, or too many requests',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              issues: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
    },
  },
};

const ok = (description: string, schema: Json = { type: 'object' }): Json => ({
  description,
  content: { 'application/json': { schema } },
});

const articleSummary: Json = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    sourceId: { type: 'string' },
    source: { type: 'string' },
    url: { type: 'string' },
    published: { type: 'string', format: 'date-time' },
    section: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    duplicateOf: { type: ['string', 'null'] },
    storyId: { type: ['string', 'null'] },
  },
};

const paged = (item: Json): Json => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, next: { type: ['string', 'null'] } },
});

function op(summary: string, parameters: Json[], response: Json): Json {
  return {
    get: {
      summary,
      parameters,
      responses: {
        '200': response,
        '304': { description: 'Not modified (If-None-Match)' },
        '400': error,
        '404': error,
        '429': error,
      },
    },
  };
}

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'naba API',
      version: '0.1.0',
      description:
        'Arabic-first news aggregation: articles with provenance, stories, search and related articles. Lists page with an opaque `cursor` (pass `next`). Responses carry ETag and Cache-Control.',
    },
    paths: {
      '/api/articles': op(
        'Articles, newest first (copies left out unless includeCopies)',
        queryParameters(ArticleListParams),
        ok('A page of articles', paged(articleSummary)),
      ),
      '/api/articles/{id}': op(
        'One article with provenance, copies and other coverage',
        [idParam('id', 'Article id')],
        ok('The article'),
      ),
      '/api/articles/{id}/related': op(
        'Read also, similar articles (never copies or same-story siblings) and other coverage',
        [idParam('id', 'Article id')],
        ok('Related articles'),
      ),
      '/api/stories': op(
        'Stories, most recently updated first',
        queryParameters(StoryListParams),
        ok('A page of stories', paged({ type: 'object' })),
      ),
      '/api/stories/{id}': op(
        'One story: first report, timeline with copies, tags, entities',
        [idParam('id', 'Story id')],
        ok('The story'),
      ),
      '/api/search': op(
        'Full-text search; q accepts "phrases", -exclusions and source:/section:/tag:/entity:/from:/to: filters',
        queryParameters(SearchParams),
        ok('Search results with highlight ranges in snippet coordinates'),
      ),
      '/api/tags/{tag}': op(
        'Articles with one of our tags',
        [idParam('tag', 'Tag as shown'), ...queryParameters(TagParams)],
        ok('A page of articles'),
      ),
      '/api/sources': op('Outlets with their public health', [], ok('Sources')),
    },
  };
}

export function apiOpenApi(): Handler<AppEnv> {
  const doc = openApiDocument();
  return (c) => {
    cacheFor(c, 'api');
    return c.json(doc);
  };
}
