// The query parameters shared by the catalogue page, the matrix page and the API (one definition, so the
// page, the CSV and the JSON can never disagree about what a filter means).
import { z } from 'zod';
import { AUDIENCES, METHODS, SECTORS } from '../taxonomy/taxonomy.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { SORTS, type CatalogueFilters, type Sort } from './model.ts';

/** Keys that may repeat in a query string; the app's query parser always makes these arrays. */
export const REPEATABLE_PARAMS = ['audience', 'method', 'sector', 'org', 'region', 'measure'] as const;

export const MAX_QUERY_LENGTH = 200;
export const MAX_VALUES_PER_FACET = 50;
export const MAX_PAGE = 100_000;
// C0 and C1 controls, and the Unicode line/paragraph separators: never meaningful in a search box.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

const many = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_VALUES_PER_FACET).default([]);

export const filterParamsShape = {
  q: z
    .string()
    .max(MAX_QUERY_LENGTH)
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'control_characters' })
    .optional()
    .describe('Free text. Japanese words of any length match as substrings; full-width and half-width forms are equal.'),
  audience: many(z.enum(AUDIENCES)).describe('Audience slugs (repeatable; any of them).'),
  method: many(z.enum(METHODS)).describe('Delivery method slugs (repeatable; any of them).'),
  sector: many(z.enum(SECTORS)).describe('Sector slugs (repeatable; any of them).'),
  org: many(z.string().regex(SLUG)).describe('Organisation slugs (repeatable; initiatives run by any of them).'),
  region: many(z.string().refine((v) => v === 'nationwide' || isPrefectureCode(v), { message: 'region' })).describe(
    "'nationwide' or a JIS X 0401 prefecture code such as 13 (repeatable). A prefecture matches initiatives that reach it, nationwide ones included.",
  ),
  measure: many(z.string().regex(SLUG)).describe('Strategy measure slugs (repeatable); a measure includes the measures under it.'),
};

export const pageParamsShape = {
  page: z
    .string()
    .regex(/^[0-9]{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE))
    .optional()
    .describe('Page number, from 1.'),
  sort: z.enum(SORTS).optional().describe('relevance (default with q), title (default otherwise) or updated (newest first).'),
};

/** A numeric id in a path: anything else is "no such page", never a database error. */
export const IdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number) });

export const CatalogueQuery = z.object({ ...filterParamsShape, ...pageParamsShape });
export type CatalogueQueryInput = z.output<typeof CatalogueQuery>;

export const MatrixQuery = z.object({ ...filterParamsShape });
export type MatrixQueryInput = z.output<typeof MatrixQuery>;

export function filtersFromQuery(q: z.output<z.ZodObject<typeof filterParamsShape>>): CatalogueFilters {
  const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];
  return {
    q: (q.q ?? '').trim(),
    audiences: uniq(q.audience),
    methods: uniq(q.method),
    sectors: uniq(q.sector),
    orgs: uniq(q.org),
    regions: uniq(q.region),
    measures: uniq(q.measure),
  };
}

export function defaultSort(filters: CatalogueFilters, sort: Sort | undefined): Sort {
  if (sort) return sort === 'relevance' && filters.q === '' ? 'title' : sort;
  return filters.q === '' ? 'title' : 'relevance';
}

/** Query-string form of filters (for links that carry the current filters: facets, pages, matrix cells, feeds). */
export function filtersToSearchParams(f: CatalogueFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.append('q', f.q);
  for (const v of f.audiences) p.append('audience', v);
  for (const v of f.methods) p.append('method', v);
  for (const v of f.sectors) p.append('sector', v);
  for (const v of f.orgs) p.append('org', v);
  for (const v of f.regions) p.append('region', v);
  for (const v of f.measures) p.append('measure', v);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.append(k, v);
  return p;
}
