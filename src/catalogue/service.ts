// The catalogue's use cases: browse with facets, read one, export. Thin handlers call these.
import type { Locale } from '../i18n/locale.ts';
import { Problem } from '../web/problem.ts';
import type { CatalogueFilters, CataloguePage, FacetCounts, Initiative, Sort } from './model.ts';
import {
  countInitiatives,
  facetCounts,
  listInitiativeIds,
  loadInitiatives,
  measureIdsBySlug,
  organisationIdsBySlug,
  resolveTerms,
  type Repo,
  type ResolvedFilters,
} from './repository.ts';

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

export function lastPage(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export async function browse(repo: Repo, filters: CatalogueFilters, opts: { sort: Sort; page: number; locale: Locale; pageSize?: number; withFacets?: boolean }): Promise<CataloguePage> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const rf = await resolveFilters(repo, filters);
  const total = await countInitiatives(repo, rf);
  const last = lastPage(total, pageSize);
  if (opts.page > last) {
    throw new Problem(404, 'page_out_of_range', { ja: `${opts.page}ページ目はありません。`, en: `There is no page ${opts.page}.` }, [
      {
        param: 'page',
        message: { ja: `この条件の結果は${last}ページまでです。`, en: `The results for these conditions end at page ${last}.` },
      },
    ]);
  }
  const [ids, facets] = await Promise.all([
    listInitiativeIds(repo, rf, opts.sort, opts.locale, pageSize, (opts.page - 1) * pageSize),
    opts.withFacets === false ? Promise.resolve(undefined) : facetCounts(repo, rf),
  ]);
  const items = await loadInitiatives(repo, ids);
  const empty: FacetCounts = { audience: new Map(), method: new Map(), sector: new Map(), org: new Map(), region: new Map(), measure: new Map() };
  return { filters, sort: opts.sort, page: opts.page, pageSize, total, items, facets: facets ?? empty, regionDefault: facets?.regionDefault ?? 0 };
}

export async function getInitiative(repo: Repo, id: number): Promise<Initiative | undefined> {
  const [item] = await loadInitiatives(repo, [id]);
  return item;
}

/** Every initiative matching the filters, in batches, for exports (memory bounded by the batch size). */
export async function* exportInitiatives(repo: Repo, filters: CatalogueFilters, sort: Sort, locale: Locale, batch = 500): AsyncGenerator<Initiative[]> {
  const rf = await resolveFilters(repo, filters);
  for (let offset = 0; ; offset += batch) {
    const ids = await listInitiativeIds(repo, rf, sort, locale, batch, offset);
    if (ids.length === 0) return;
    yield await loadInitiatives(repo, ids);
    if (ids.length < batch) return;
  }
}
