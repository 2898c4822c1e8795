// The library's search and facet index: every published material's normalised search text (as an
// n-gram posting index, src/search/posting-index.ts), its facet values and its place in each display
// order, held in memory. A search then costs no SQL but loading the page's rows by id. Why: at 30,000
// materials the SQL path ran seven queries per search (count, five facet GROUP BYs, the page ordered by
// instr), each repeating the n-gram match over thousands of rows — p95 190–440 ms (bench/search.ts).
//
// Same answers as the SQL it replaces (search-index.test.ts compares them on both databases): the same
// rows, the same counts, and the same order — the display orders are read from the database when the
// index is built (ORDER BY title / updated_at, id DESC), so titles sort by the database's own collation.
//
// Freshness: database triggers move data_versions' 'content' row in every transaction that writes
// materials, their audiences, organisations or files, or organisations (migration 0014). Each search reads
// that version (one primary-key lookup) and the index is rebuilt when it moved, so an approval, an edit or
// a withdrawal is found (or not) on the very next search, in every process sharing the database. As the
// catalogue's facet index: a request joins a build only if that build started at its version or later,
// and never gets an index older than the version it read.
import type { Db } from '../db/database.ts';
import { buildPostingIndex, matchRows, type PostingIndex } from '../search/posting-index.ts';
import type { SearchTerm } from '../search/grams.ts';
import type { MaterialFacets, MaterialOrganisation, MaterialSort } from './model.ts';
import type { Repo } from './repository.ts';
import { versionedSnapshot } from '../db/versioned-snapshot.ts';

/** A facet with one value per material (format, licence, language): a code per row into `names`. */
interface SingleFacet {
  names: string[];
  code: Uint8Array | Uint16Array;
}

/** A facet with several values per material: values of row r are vals[start[r] .. start[r+1]). */
interface ManyFacet {
  start: Int32Array;
  vals: Int32Array;
}

export interface MaterialIndex {
  /** data_versions' 'content' version the rows were read at. */
  version: number;
  n: number;
  /** Material id of each row; rows are in id order. */
  ids: Int32Array;
  format: SingleFacet;
  licence: SingleFacet;
  language: SingleFacet;
  /** Audience codes into audienceNames. */
  audience: ManyFacet;
  audienceNames: string[];
  /** Organisation ids. */
  org: ManyFacet;
  orgs: Map<number, MaterialOrganisation>;
  /** Row numbers in the database's display orders (each ends with id DESC, as the SQL did). */
  order: { titleJa: Int32Array; titleEn: Int32Array; newest: Int32Array };
  /** Position of each row in `order.newest` (relevance ties). */
  newestRank: Int32Array;
  search: PostingIndex;
}

async function readVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('data_versions').select('version').where('domain', '=', 'content').executeTakeFirst();
  return Number(row?.version ?? 0);
}

function singleFacet(values: string[]): SingleFacet {
  const names = [...new Set(values)].sort();
  const codeOf = new Map(names.map((v, i) => [v, i]));
  const code = names.length <= 256 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  values.forEach((v, r) => (code[r] = codeOf.get(v)!));
  return { names, code };
}

/** Pairs (material id, value) in any order → per-row lists, in the order given for each row. */
function manyFacet(n: number, rowOf: Map<number, number>, pairs: { material_id: number; v: number }[]): ManyFacet {
  const start = new Int32Array(n + 1);
  for (const p of pairs) {
    const r = rowOf.get(p.material_id);
    if (r !== undefined) start[r + 1]!++;
  }
  for (let r = 0; r < n; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, n);
  const vals = new Int32Array(start[n]!);
  for (const p of pairs) {
    const r = rowOf.get(p.material_id);
    if (r !== undefined) vals[fill[r]!++] = p.v;
  }
  return { start, vals };
}

async function build(db: Db): Promise<MaterialIndex> {
  const version = await readVersion(db);
  const [rows, auds, orgRows, byTitleJa, byTitleEn, byNewest] = await Promise.all([
    db.selectFrom('materials').select(['id', 'format', 'licence', 'language', 'search_text']).orderBy('id').execute(),
    db.selectFrom('material_audiences').select(['material_id', 'audience']).execute(),
    db
      .selectFrom('material_organisations as mo')
      .innerJoin('organisations as o', 'o.id', 'mo.organisation_id')
      .select(['mo.material_id', 'o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
      .orderBy('mo.material_id')
      .orderBy('mo.position')
      .execute(),
    db.selectFrom('materials').select('id').orderBy('title_ja').orderBy('id', 'desc').execute(),
    db.selectFrom('materials').select('id').orderBy('title_en').orderBy('id', 'desc').execute(),
    db.selectFrom('materials').select('id').orderBy('updated_at', 'desc').orderBy('id', 'desc').execute(),
  ]);
  const n = rows.length;
  const ids = Int32Array.from(rows, (r) => r.id);
  const rowOf = new Map<number, number>(rows.map((r, i) => [r.id, i]));
  const audienceNames = [...new Set(auds.map((a) => a.audience))].sort();
  const audCode = new Map(audienceNames.map((a, i) => [a, i]));
  const orgs = new Map<number, MaterialOrganisation>();
  for (const o of orgRows) if (!orgs.has(o.id)) orgs.set(o.id, { id: o.id, slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en, abbreviation: o.abbreviation });
  const rowsOf = (list: { id: number }[]) => Int32Array.from(list, (x) => rowOf.get(x.id)!);
  const newest = rowsOf(byNewest);
  const newestRank = new Int32Array(n);
  newest.forEach((r, pos) => (newestRank[r] = pos));
  return {
    version,
    n,
    ids,
    format: singleFacet(rows.map((r) => r.format)),
    licence: singleFacet(rows.map((r) => r.licence)),
    language: singleFacet(rows.map((r) => r.language)),
    audience: manyFacet(n, rowOf, auds.map((a) => ({ material_id: a.material_id, v: audCode.get(a.audience)! }))),
    audienceNames,
    org: manyFacet(n, rowOf, orgRows.map((o) => ({ material_id: o.material_id, v: o.id }))),
    orgs,
    order: { titleJa: rowsOf(byTitleJa), titleEn: rowsOf(byTitleEn), newest },
    newestRank,
    search: buildPostingIndex(rows.map((r) => r.search_text)),
  };
}

const snapshot = versionedSnapshot(readVersion, build);

/** The index for the database's current content version (rebuilt when a write moved the version on). */
export async function materialIndex(repo: Repo): Promise<MaterialIndex> {
  // Inside a caller's transaction: its own view of the rows, which may hold uncommitted writes; not cached.
  if (repo.db.isTransaction) return build(repo.db);
  return snapshot(repo);
}

/** Filters in the index's terms (service.ts resolves organisation slugs to ids and parses the query). */
export interface MaterialIndexFilters {
  audiences: readonly string[];
  formats: readonly string[];
  licences: readonly string[];
  languages: readonly string[];
  orgIds: readonly number[];
  terms: readonly SearchTerm[];
}

export interface MaterialEvaluation {
  total: number;
  /** The requested page, as material ids in display order. */
  pageIds: number[];
  facets: MaterialFacets;
}

/** Selected codes of a facet as flags (null: the facet is not filtered). A value absent from the index selects nothing. */
function selected(names: readonly string[], chosen: readonly string[]): Uint8Array | null {
  if (chosen.length === 0) return null;
  const flags = new Uint8Array(names.length);
  for (const v of chosen) {
    const i = names.indexOf(v);
    if (i >= 0) flags[i] = 1;
  }
  return flags;
}

/** Where `term` first occurs in `text`, counted in code points as SQL's instr / strpos count characters. */
function charPosition(text: string, term: string): number {
  const i = text.indexOf(term);
  let p = i;
  for (let k = 0; k < i; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) p--;
  }
  return p;
}

/**
 * One pass over the matching rows. A row that fails exactly one facet's condition still counts for that
 * facet (what choosing another value of it would add), as the SQL counted each facet under every other
 * filter; a row that fails none is a result.
 */
export function evaluateMaterials(ix: MaterialIndex, f: MaterialIndexFilters, sort: MaterialSort, locale: 'ja' | 'en', offset: number, limit: number): MaterialEvaluation {
  const selA = selected(ix.audienceNames, f.audiences);
  const selF = selected(ix.format.names, f.formats);
  const selL = selected(ix.licence.names, f.licences);
  const selG = selected(ix.language.names, f.languages);
  const orgSet = f.orgIds.length ? new Set(f.orgIds) : null;
  const rows = f.terms.length > 0 ? matchRows(ix.search, f.terms) : null;

  const audCount = new Int32Array(ix.audienceNames.length);
  const fmtCount = new Int32Array(ix.format.names.length);
  const licCount = new Int32Array(ix.licence.names.length);
  const langCount = new Int32Array(ix.language.names.length);
  const orgCount = new Map<number, number>();
  const matched = new Uint8Array(ix.n);
  let total = 0;

  const { audience, org } = ix;
  const fmt = ix.format.code;
  const lic = ix.licence.code;
  const lang = ix.language.code;
  const count = rows ? rows.length : ix.n;
  for (let k = 0; k < count; k++) {
    const r = rows ? rows[k]! : k;
    let okA = selA === null;
    if (!okA) for (let j = audience.start[r]!; j < audience.start[r + 1]! && !okA; j++) okA = selA![audience.vals[j]!] === 1;
    const okF = selF === null || selF[fmt[r]!] === 1;
    const okL = selL === null || selL[lic[r]!] === 1;
    const okG = selG === null || selG[lang[r]!] === 1;
    let okO = orgSet === null;
    if (!okO) for (let j = org.start[r]!; j < org.start[r + 1]! && !okO; j++) okO = orgSet!.has(org.vals[j]!);
    const fails = +!okA + +!okF + +!okL + +!okG + +!okO;
    if (fails > 1) continue;
    if (fails === 0) {
      matched[r] = 1;
      total++;
    }
    if (fails === 0 || !okA) for (let j = audience.start[r]!; j < audience.start[r + 1]!; j++) audCount[audience.vals[j]!]!++;
    if (fails === 0 || !okF) fmtCount[fmt[r]!]!++;
    if (fails === 0 || !okL) licCount[lic[r]!]!++;
    if (fails === 0 || !okG) langCount[lang[r]!]!++;
    if (fails === 0 || !okO) for (let j = org.start[r]!; j < org.start[r + 1]!; j++) orgCount.set(org.vals[j]!, (orgCount.get(org.vals[j]!) ?? 0) + 1);
  }

  const pageIds: number[] = [];
  if (sort === 'relevance' && f.terms.length > 0) {
    // Earlier occurrences of the first word first, then newest first (the SQL's instr, updated_at DESC,
    // id DESC). Both keys packed into one number, so that a typed-array sort orders them.
    const term = f.terms[0]!.text;
    const keys = new Float64Array(total);
    let k = 0;
    for (const r of rows!) if (matched[r]) keys[k++] = charPosition(ix.search.texts[r]!, term) * ix.n + ix.newestRank[r]!;
    keys.sort();
    for (let i = offset; i < keys.length && pageIds.length < limit; i++) pageIds.push(ix.ids[ix.order.newest[keys[i]! % ix.n]!]!);
  } else {
    const walk = sort === 'title' ? (locale === 'ja' ? ix.order.titleJa : ix.order.titleEn) : ix.order.newest;
    let seen = 0;
    for (let k = 0; k < walk.length && pageIds.length < limit; k++) {
      const r = walk[k]!;
      if (!matched[r]) continue;
      if (seen++ >= offset) pageIds.push(ix.ids[r]!);
    }
  }

  const toMap = (names: readonly string[], counts: Int32Array) => new Map(names.flatMap((v, i) => (counts[i]! > 0 ? [[v, counts[i]!] as [string, number]] : [])));
  return {
    total,
    pageIds,
    facets: {
      audience: toMap(ix.audienceNames, audCount),
      format: toMap(ix.format.names, fmtCount),
      licence: toMap(ix.licence.names, licCount),
      language: toMap(ix.language.names, langCount),
      org: [...orgCount]
        .map(([id, c]) => ({ org: ix.orgs.get(id)!, count: c }))
        .sort((a, b) => b.count - a.count || a.org.id - b.org.id),
    },
  };
}
