// The catalogue's use cases: browse with facets, read one, export. Thin handlers call these.
import type { Locale } from '../i18n/locale.ts';
import { Problem } from '../web/problem.ts';
import { evaluate, facetIndex, type Evaluation, type SortKey } from './facet-index.ts';
import type { CatalogueFilters, CataloguePage, Initiative, Sort } from './model.ts';
import { matchRows } from '../search/posting-index.ts';
import { loadInitiatives, measureIdsBySlug, organisationIdsBySlug, resolveTerms, type Repo, type ResolvedFilters } from './repository.ts';

export const PAGE_SIZE = 20;

/** Turn slugs into ids; an organisation or measure that does not exist is the caller's mistake (400). */
export async function resolveFilters(repo: Repo, f: CatalogueFilters): Promise<ResolvedFilters> {
  const [orgs, measures] = await Promise.all([organisationIdsBySlug(repo, f.orgs), measureIdsBySlug(repo, f.measures)]);
  const details = [
    ...f.orgs
      .filter((s) => !orgs.has(s))
      .map((s) => ({
        param: 'org',
        message: { ja: `団体「${s}」は登録されていません。団体一覧にある識別子を指定してください。`, en: `There is no organisation "${s}". Use an identifier from the list of organisations.` },
      })),
    ...f.measures
      .filter((s) => !measures.has(s))
      .map((s) => ({
        param: 'measure',
        message: { ja: `施策「${s}」はありません。戦略の施策一覧にある識別子を指定してください。`, en: `There is no strategy measure "${s}". Use an identifier from the strategy's list of measures.` },
      })),
  ];
  if (details.length > 0) {
    throw new Problem(400, 'invalid_query', { ja: '検索条件に誤りがあります。', en: 'The search conditions contain an error.' }, details);
  }
  return { ...f, orgIds: f.orgs.map((s) => orgs.get(s)!), measureIds: f.measures.map((s) => measures.get(s)!), terms: resolveTerms(f.q) };
}

/** Filters → list page, facet counts and matrix, all from one pass over the facet index. */
export async function evaluateFilters(repo: Repo, filters: CatalogueFilters, sort: SortKey, locale: Locale, offset: number, limit: number): Promise<Evaluation> {
  const rf = await resolveFilters(repo, filters);
  const ix = await facetIndex(repo);
  // Search in the index of the same version as the facets (searchCandidates is the SQL equivalent).
  const candidateRows = rf.terms.length > 0 ? matchRows(ix.search, rf.terms) : null;
  return evaluate(ix, { ...rf, candidates: null, candidateRows, firstTerm: rf.terms[0]?.text ?? null }, sort, locale, offset, limit);
}

export function lastPage(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export async function browse(repo: Repo, filters: CatalogueFilters, opts: { sort: Sort; page: number; locale: Locale; pageSize?: number }): Promise<CataloguePage> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const e = await evaluateFilters(repo, filters, opts.sort, opts.locale, (opts.page - 1) * pageSize, pageSize);
  const last = lastPage(e.total, pageSize);
  if (opts.page > last) {
    throw new Problem(404, 'page_out_of_range', { ja: `${opts.page}ページ目はありません。`, en: `There is no page ${opts.page}.` }, [
      {
        param: 'page',
        message: { ja: `この条件の結果は${last}ページまでです。`, en: `The results for these conditions end at page ${last}.` },
      },
    ]);
  }
  const items = await loadInitiatives(repo, e.pageIds);
  const { regionDefault, ...facets } = e.facets;
  return { filters, sort: opts.sort, page: opts.page, pageSize, total: e.total, items, facets, regionDefault };
}

export async function getInitiative(repo: Repo, id: number): Promise<Initiative | undefined> {
  const [item] = await loadInitiatives(repo, [id]);
  return item;
}

/** Every initiative matching the filters, in display order, loaded in batches (memory bounded by the batch). */
export async function* exportInitiatives(repo: Repo, filters: CatalogueFilters, sort: Sort, locale: Locale, batch = 500): AsyncGenerator<Initiative[]> {
  const e = await evaluateFilters(repo, filters, sort, locale, 0, Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < e.pageIds.length; i += batch) yield await loadInitiatives(repo, e.pageIds.slice(i, i + batch));
}
