// The library's query parameters, shared by the page and the API (one definition, so they cannot disagree).
import { z } from 'zod';
import { MAX_QUERY_LENGTH, MAX_VALUES_PER_FACET, SLUG, pageParamsShape } from '../catalogue/schema.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { LICENCES, MATERIAL_FORMATS, MATERIAL_LANGUAGES, MATERIAL_SORTS, type MaterialFilters, type MaterialSort } from './model.ts';

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * A repeatable parameter. The app's query parser makes the catalogue's repeatable keys arrays; these
 * keys are the library's own, so one value arrives as a string and several as an array.
 */
const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')))
    .pipe(z.array(z.enum(values)).max(MAX_VALUES_PER_FACET));

export const MaterialQuery = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH)
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'control_characters' })
    .optional()
    .describe('Free text. Japanese words of any length match as substrings; full-width and half-width forms are equal.'),
  audience: z.array(z.enum(AUDIENCES)).max(MAX_VALUES_PER_FACET).default([]).describe('Audience slugs (repeatable; any of them).'),
  format: many(MATERIAL_FORMATS).describe('Kinds of material (repeatable): handbook, leaflet, poster, slides, video, game, teaching_plan, checklist, guideline, tool.'),
  licence: many(LICENCES).describe('Licence slugs (repeatable).'),
  language: many(MATERIAL_LANGUAGES).describe("Language of the material (repeatable): 'ja', 'en' or 'other'."),
  org: z.array(z.string().regex(SLUG)).max(MAX_VALUES_PER_FACET).default([]).describe('Organisation slugs (repeatable; materials of any of them).'),
  page: pageParamsShape.page,
  sort: z.enum(MATERIAL_SORTS).optional().describe('relevance (default with q), newest (default otherwise) or title.'),
});
export type MaterialQueryInput = z.output<typeof MaterialQuery>;

export const MaterialIdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number) });
export const MaterialFileParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number), fileId: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number) });

export function materialFiltersFromQuery(q: MaterialQueryInput): MaterialFilters {
  const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];
  return { q: (q.q ?? '').trim(), audiences: uniq(q.audience), formats: uniq(q.format), licences: uniq(q.licence), languages: uniq(q.language), orgs: uniq(q.org) };
}

export function defaultMaterialSort(f: MaterialFilters, sort: MaterialSort | undefined): MaterialSort {
  if (sort) return sort === 'relevance' && f.q === '' ? 'newest' : sort;
  return f.q === '' ? 'newest' : 'relevance';
}

export function materialFiltersToSearchParams(f: MaterialFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.append('q', f.q);
  for (const v of f.audiences) p.append('audience', v);
  for (const v of f.formats) p.append('format', v);
  for (const v of f.licences) p.append('licence', v);
  for (const v of f.languages) p.append('language', v);
  for (const v of f.orgs) p.append('org', v);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.append(k, v);
  return p;
}
