// The library's use cases: browse with facets and search, read one material, list the materials of an
// initiative or event. Thin handlers (pages and API) call these. Browsing and search are answered by the
// in-memory index (search-index.ts); only the page's rows are read from the database.
import type { Locale } from '../i18n/locale.ts';
import { Problem } from '../web/problem.ts';
import type { Material, MaterialFilters, MaterialPage, MaterialSort } from './model.ts';
import { loadMaterials, materialIdsLinkedTo, organisationIdsBySlug, resolveMaterialTerms, type Repo, type ResolvedMaterialFilters } from './repository.ts';
import { evaluateMaterials, materialIndex } from './search-index.ts';

export const MATERIAL_PAGE_SIZE = 20;

export async function resolveMaterialFilters(repo: Repo, f: MaterialFilters): Promise<ResolvedMaterialFilters> {
  const orgs = await organisationIdsBySlug(repo, f.orgs);
  const unknown = f.orgs.filter((s) => !orgs.has(s));
  if (unknown.length) {
    throw new Problem(
      400,
      'invalid_query',
      { ja: '検索条件に誤りがあります。', en: 'The search conditions contain an error.' },
      unknown.map((s) => ({
        param: 'org',
        message: { ja: `団体「${s}」は登録されていません。団体一覧にある識別子を指定してください。`, en: `There is no organisation "${s}". Use an identifier from the list of organisations.` },
      })),
    );
  }
  return { ...f, orgIds: f.orgs.map((s) => orgs.get(s)!), terms: resolveMaterialTerms(f.q) };
}

export function lastMaterialPage(total: number, pageSize = MATERIAL_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export async function browseMaterials(repo: Repo, filters: MaterialFilters, opts: { sort: MaterialSort; page: number; locale: Locale; pageSize?: number }): Promise<MaterialPage> {
  const pageSize = opts.pageSize ?? MATERIAL_PAGE_SIZE;
  const [rf, ix] = await Promise.all([resolveMaterialFilters(repo, filters), materialIndex(repo)]);
  const offset = (opts.page - 1) * pageSize;
  const { total, facets, pageIds } = evaluateMaterials(ix, rf, opts.sort, opts.locale, offset, pageSize);
  const last = lastMaterialPage(total, pageSize);
  if (opts.page > last) {
    throw new Problem(404, 'page_out_of_range', { ja: `${opts.page}ページ目はありません。`, en: `There is no page ${opts.page}.` }, [
      { param: 'page', message: { ja: `この条件の結果は${last}ページまでです。`, en: `The results for these conditions end at page ${last}.` } },
    ]);
  }
  const items = await loadMaterials(repo, pageIds);
  return { filters, sort: opts.sort, page: opts.page, pageSize, total, items, facets };
}

export async function getMaterial(repo: Repo, id: number): Promise<Material | undefined> {
  const [m] = await loadMaterials(repo, [id]);
  return m;
}

/** Published materials linked to an initiative or an event, newest first. */
export async function materialsLinkedTo(repo: Repo, kind: 'initiative' | 'event', targetId: number): Promise<Material[]> {
  return loadMaterials(repo, await materialIdsLinkedTo(repo.db, kind, targetId));
}
