// The catalogue's facet index: every initiative's facet values packed into typed arrays in memory, so
// that one pass over them yields a filtered list, the counts of every facet under the other filters and
// the coverage matrix — together, consistent by construction, in well under a millisecond per 10,000
// initiatives. Free-text search uses the same n-gram index held in memory beside them (search/posting-index.ts):
// a common word matches tens of thousands of rows at scale, too many to fetch from the database per request.
//
// Freshness: every write to the catalogue increments catalogue_state.version in its own transaction.
// Each request reads that version (one primary-key lookup) and the index is rebuilt when it changed, so
// an edit is visible on the next request, in every process sharing the database.
import type { Db } from '../db/database.ts';
import { normalise } from '../search/grams.ts';
import { buildPostingIndex, type PostingIndex } from '../search/posting-index.ts';
import { AUDIENCES, METHODS, SECTORS, type Audience, type Method, type Sector } from '../taxonomy/taxonomy.ts';
import type { FacetCounts } from './model.ts';
import type { Repo } from './repository.ts';
import { versionedSnapshot } from '../db/versioned-snapshot.ts';

export interface FacetIndex {
  version: number;
  n: number;
  ids: Int32Array;
  rowOf: Map<number, number>;
  /** Index into SECTORS. */
  sector: Uint8Array;
  nationwide: Uint8Array;
  /** Bit i set: AUDIENCES[i]. */
  aud: Uint8Array;
  /** Bit i set: METHODS[i]. */
  meth: Uint8Array;
  /** Listed prefectures as bits: code 1–32 in prefLo (bit code-1), 33–47 in prefHi (bit code-33). */
  prefLo: Uint32Array;
  prefHi: Uint32Array;
  /** Organisations of row r: orgIds[orgStart[r] .. orgStart[r+1]). */
  orgStart: Int32Array;
  orgIds: Int32Array;
  /** Strategy measures row r serves, with all their ancestors: measIds[measStart[r] .. measStart[r+1]). */
  measStart: Int32Array;
  measIds: Int32Array;
  /** Row numbers in display order. */
  order: { titleJa: Int32Array; titleEn: Int32Array; updated: Int32Array };
  /** Normalised titles (Japanese and English): relevance is where the first search word occurs in them. */
  titleNorm: string[];
  /** Position of each row in the locale's title order (for ties in relevance). */
  titleRank: { ja: Int32Array; en: Int32Array };
  orgSlug: Map<number, string>;
  measureSlug: Map<number, string>;
  /** Largest organisation and measure ids, for counting in flat arrays. */
  maxOrgId: number;
  maxMeasureId: number;
  /** The search index of the same rows and version (src/search/posting-index.ts): search needs no query. */
  search: PostingIndex;
}

const AUD_BIT = new Map<string, number>(AUDIENCES.map((a, i) => [a, 1 << i]));
const METH_BIT = new Map<string, number>(METHODS.map((m, i) => [m, 1 << i]));
const SECTOR_NO = new Map<string, number>(SECTORS.map((s, i) => [s, i]));

async function readVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('catalogue_state').select('version').where('id', '=', 1).executeTakeFirst();
  return row?.version ?? 0;
}

/** Record a change to the catalogue. Call inside the transaction that makes the change. */
export async function bumpCatalogueVersion(db: Db): Promise<void> {
  await db.updateTable('catalogue_state').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
}

function csr(n: number, rowOf: Map<number, number>, pairs: { initiative_id: number; v: number }[]) {
  const start = new Int32Array(n + 1);
  for (const p of pairs) {
    const r = rowOf.get(p.initiative_id);
    if (r !== undefined) start[r + 1]!++;
  }
  for (let r = 0; r < n; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, n);
  const values = new Int32Array(start[n]!);
  for (const p of pairs) {
    const r = rowOf.get(p.initiative_id);
    if (r !== undefined) values[fill[r]!++] = p.v;
  }
  return { start, values };
}

function orderBy(n: number, compare: (a: number, b: number) => number): Int32Array {
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  return rows.sort(compare);
}

function ranks(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  order.forEach((row, pos) => (rank[row] = pos));
  return rank;
}

const collators = { ja: new Intl.Collator('ja'), en: new Intl.Collator('en', { sensitivity: 'base', numeric: true }) };

async function build(db: Db): Promise<FacetIndex> {
  const version = await readVersion(db);
  const [rows, auds, meths, regs, orgs, meas, orgNames, measureNames] = await Promise.all([
    db.selectFrom('initiatives').select(['id', 'sector', 'nationwide', 'title_ja', 'title_en', 'updated_at', 'search_text']).orderBy('id').execute(),
    db.selectFrom('initiative_audiences').select(['initiative_id', 'audience']).execute(),
    db.selectFrom('initiative_methods').select(['initiative_id', 'method']).execute(),
    db.selectFrom('initiative_regions').select(['initiative_id', 'prefecture']).execute(),
    db.selectFrom('initiative_organisations').select(['initiative_id', 'organisation_id as v']).orderBy('initiative_id').orderBy('position').execute(),
    db
      .selectFrom('initiative_measures as im')
      .innerJoin('strategy_measure_closure as c', 'c.descendant_id', 'im.measure_id')
      .select(['im.initiative_id', 'c.ancestor_id as v'])
      .distinct()
      .execute(),
    db.selectFrom('organisations').select(['id', 'slug']).execute(),
    db.selectFrom('strategy_measures').select(['id', 'slug']).execute(),
  ]);
  const n = rows.length;
  const ids = Int32Array.from(rows, (r) => r.id);
  const rowOf = new Map<number, number>(rows.map((r, i) => [r.id, i]));
  const sector = Uint8Array.from(rows, (r) => SECTOR_NO.get(r.sector) ?? 0);
  const nationwide = Uint8Array.from(rows, (r) => (r.nationwide === 1 ? 1 : 0));
  const aud = new Uint8Array(n);
  for (const a of auds) aud[rowOf.get(a.initiative_id)!]! |= AUD_BIT.get(a.audience) ?? 0;
  const meth = new Uint8Array(n);
  for (const m of meths) meth[rowOf.get(m.initiative_id)!]! |= METH_BIT.get(m.method) ?? 0;
  const prefLo = new Uint32Array(n);
  const prefHi = new Uint32Array(n);
  for (const p of regs) {
    const r = rowOf.get(p.initiative_id)!;
    const code = Number(p.prefecture);
    if (code <= 32) prefLo[r]! |= 1 << (code - 1);
    else prefHi[r]! |= 1 << (code - 33);
  }
  const o = csr(n, rowOf, orgs);
  const m = csr(n, rowOf, meas);
  const jaKey = rows.map((r) => r.title_ja);
  const enKey = rows.map((r) => r.title_en);
  const titleJa = orderBy(n, (a, b) => collators.ja.compare(jaKey[a]!, jaKey[b]!) || ids[a]! - ids[b]!);
  const titleEn = orderBy(n, (a, b) => collators.en.compare(enKey[a]!, enKey[b]!) || ids[a]! - ids[b]!);
  const updated = orderBy(n, (a, b) => (rows[b]!.updated_at < rows[a]!.updated_at ? -1 : rows[b]!.updated_at > rows[a]!.updated_at ? 1 : ids[a]! - ids[b]!));
  return {
    version,
    n,
    ids,
    rowOf,
    sector,
    nationwide,
    aud,
    meth,
    prefLo,
    prefHi,
    orgStart: o.start,
    orgIds: o.values,
    measStart: m.start,
    measIds: m.values,
    order: { titleJa, titleEn, updated },
    titleRank: { ja: ranks(titleJa), en: ranks(titleEn) },
    titleNorm: rows.map((r) => normalise(`${r.title_ja} ${r.title_en}`)),
    orgSlug: new Map(orgNames.map((x) => [x.id, x.slug])),
    measureSlug: new Map(measureNames.map((x) => [x.id, x.slug])),
    maxOrgId: orgNames.reduce((m, x) => Math.max(m, x.id), 0),
    maxMeasureId: measureNames.reduce((m, x) => Math.max(m, x.id), 0),
    search: buildPostingIndex(rows.map((r) => r.search_text)),
  };
}

/** The index for the database's current catalogue version (rebuilt when a write moved the version on). */
export const facetIndex: (repo: Repo) => Promise<FacetIndex> = versionedSnapshot(readVersion, build);

/** Filters in the index's terms. */
export interface IndexFilters {
  audiences: Audience[];
  methods: Method[];
  sectors: Sector[];
  orgIds: number[];
  /** 'nationwide' and/or JIS codes. */
  regions: string[];
  measureIds: number[];
  /** Initiative ids containing every search word, or null without search. */
  candidates: Set<number> | null;
  /** The same as rows of this index (matchRows over ix.search), which is faster; either may be given. */
  candidateRows?: Int32Array | null;
  /** The first search word (normalised), for relevance. */
  firstTerm: string | null;
}

export interface Evaluation {
  total: number;
  /** Rows of the requested page in display order, as initiative ids. */
  pageIds: number[];
  /** Counts by slug; regionDefault is the count of a prefecture that no initiative lists by name. */
  facets: FacetCounts & { regionDefault: number };
  /** counts[(audience × METHODS.length + method) × SECTORS.length + sector] of the matching rows (selected audiences and methods only). */
  matrix: Int32Array;
}

export type SortKey = 'relevance' | 'title' | 'updated';

/**
 * One pass over the index. A row that fails exactly one facet's condition still counts for that facet
 * (that is what choosing another value of it would add); a row that fails none is a result.
 */
export function evaluate(ix: FacetIndex, f: IndexFilters, sort: SortKey, locale: 'ja' | 'en', offset: number, limit: number): Evaluation {
  const audMask = f.audiences.reduce((m, a) => m | AUD_BIT.get(a)!, 0);
  const methMask = f.methods.reduce((m, x) => m | METH_BIT.get(x)!, 0);
  const sectorMask = f.sectors.reduce((m, s) => m | (1 << SECTOR_NO.get(s)!), 0);
  const orgSet = f.orgIds.length ? new Set(f.orgIds) : null;
  const measSet = f.measureIds.length ? new Set(f.measureIds) : null;
  const regionOn = f.regions.length > 0;
  let prefLoMask = 0;
  let prefHiMask = 0;
  for (const r of f.regions) {
    if (r === 'nationwide') continue;
    const code = Number(r);
    if (code <= 32) prefLoMask |= 1 << (code - 1);
    else prefHiMask |= 1 << (code - 33);
  }
  let candidateMask: Uint8Array | null = null;
  if (f.candidateRows) {
    candidateMask = new Uint8Array(ix.n);
    for (const r of f.candidateRows) candidateMask[r] = 1;
  } else if (f.candidates) {
    candidateMask = new Uint8Array(ix.n);
    for (const id of f.candidates) {
      const r = ix.rowOf.get(id);
      if (r !== undefined) candidateMask[r] = 1;
    }
  }

  const audCount = new Int32Array(AUDIENCES.length);
  const methCount = new Int32Array(METHODS.length);
  const sectorCount = new Int32Array(SECTORS.length);
  const prefCount = new Int32Array(48);
  let nationCount = 0;
  const orgCount = new Int32Array(ix.maxOrgId + 1);
  const measCount = new Int32Array(ix.maxMeasureId + 1);
  const matrix = new Int32Array(AUDIENCES.length * METHODS.length * SECTORS.length);
  const matched = new Uint8Array(ix.n);
  let total = 0;

  const { aud, meth, sector, nationwide, prefLo, prefHi, orgStart, orgIds, measStart, measIds } = ix;
  for (let r = 0; r < ix.n; r++) {
    if (candidateMask && candidateMask[r] === 0) continue;
    const okA = audMask === 0 || (aud[r]! & audMask) !== 0;
    const okM = methMask === 0 || (meth[r]! & methMask) !== 0;
    const okS = sectorMask === 0 || (sectorMask & (1 << sector[r]!)) !== 0;
    let okO = orgSet === null;
    if (!okO) for (let k = orgStart[r]!; k < orgStart[r + 1]! && !okO; k++) okO = orgSet!.has(orgIds[k]!);
    const okR = !regionOn || nationwide[r] === 1 || (prefLo[r]! & prefLoMask) !== 0 || (prefHi[r]! & prefHiMask) !== 0;
    let okMe = measSet === null;
    if (!okMe) for (let k = measStart[r]!; k < measStart[r + 1]! && !okMe; k++) okMe = measSet!.has(measIds[k]!);
    const fails = +!okA + +!okM + +!okS + +!okO + +!okR + +!okMe;
    if (fails > 1) continue;

    if (fails === 0) {
      matched[r] = 1;
      total++;
      // The matrix: each audience × method of the row (within the selection) in the row's sector.
      const mm = methMask === 0 ? meth[r]! : meth[r]! & methMask;
      for (let a = audMask === 0 ? aud[r]! : aud[r]! & audMask; a !== 0; a &= a - 1) {
        const ai = lowBit(a);
        for (let m = mm; m !== 0; m &= m - 1) matrix[(ai * METHODS.length + lowBit(m)) * SECTORS.length + sector[r]!]!++;
      }
    }
    if (fails === 0 || !okA) for (let x = aud[r]!; x !== 0; x &= x - 1) audCount[lowBit(x)]!++;
    if (fails === 0 || !okM) for (let x = meth[r]!; x !== 0; x &= x - 1) methCount[lowBit(x)]!++;
    if (fails === 0 || !okS) sectorCount[sector[r]!]!++;
    if (fails === 0 || !okO) for (let k = orgStart[r]!; k < orgStart[r + 1]!; k++) orgCount[orgIds[k]!]!++;
    if (fails === 0 || !okR) {
      if (nationwide[r] === 1) nationCount++;
      else {
        for (let x = prefLo[r]!; x !== 0; x &= x - 1) prefCount[lowBit(x) + 1]!++;
        for (let x = prefHi[r]!; x !== 0; x &= x - 1) prefCount[lowBit(x) + 33]!++;
      }
    }
    if (fails === 0 || !okMe) for (let k = measStart[r]!; k < measStart[r + 1]!; k++) measCount[measIds[k]!]!++;
  }

  // The page: walk the precomputed order and keep matched rows (no sort per request), except for relevance.
  const pageIds: number[] = [];
  const order = locale === 'ja' ? ix.order.titleJa : ix.order.titleEn;
  if (sort === 'relevance' && candidateMask) {
    // Matches in the title come first (earlier in the title first), then the others in title order:
    // only the title matches need sorting, the rest is the precomputed order.
    const term = f.firstTerm ?? '';
    const rank = ix.titleRank[locale];
    const inTitle: { r: number; p: number }[] = [];
    for (let r = 0; r < ix.n; r++) {
      if (!matched[r]) continue;
      const p = ix.titleNorm[r]!.indexOf(term);
      if (p >= 0) inTitle.push({ r, p });
    }
    inTitle.sort((a, b) => a.p - b.p || rank[a.r]! - rank[b.r]!);
    const titleHit = new Uint8Array(ix.n);
    let seen = 0;
    for (const { r } of inTitle) {
      titleHit[r] = 1;
      if (seen++ >= offset && pageIds.length < limit) pageIds.push(ix.ids[r]!);
    }
    for (let k = 0; k < order.length && pageIds.length < limit; k++) {
      const r = order[k]!;
      if (!matched[r] || titleHit[r]) continue;
      if (seen++ >= offset) pageIds.push(ix.ids[r]!);
    }
  } else {
    const walk = sort === 'updated' ? ix.order.updated : order;
    let seen = 0;
    for (let k = 0; k < walk.length && pageIds.length < limit; k++) {
      const r = walk[k]!;
      if (!matched[r]) continue;
      if (seen++ >= offset) pageIds.push(ix.ids[r]!);
    }
  }

  const toMap = (labels: readonly string[], counts: Int32Array) => new Map(labels.map((l, i) => [l, counts[i]!] as [string, number]).filter(([, c]) => c > 0));
  const region = new Map<string, number>();
  for (let code = 1; code <= 47; code++) if (prefCount[code]! > 0) region.set(String(code).padStart(2, '0'), prefCount[code]! + nationCount);
  region.set('nationwide', nationCount);
  return {
    total,
    pageIds,
    facets: {
      audience: toMap(AUDIENCES, audCount),
      method: toMap(METHODS, methCount),
      sector: toMap(SECTORS, sectorCount),
      org: bySlug(ix.orgSlug, orgCount),
      region,
      measure: bySlug(ix.measureSlug, measCount),
      regionDefault: nationCount,
    },
    matrix,
  };
}

/** Index of the lowest set bit. */
function lowBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function bySlug(slugs: Map<number, string>, counts: Int32Array): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, slug] of slugs) if (counts[id]! > 0) out.set(slug, counts[id]!);
  return out;
}

/** Matrix cell count from an evaluation. */
export function matrixCount(e: Evaluation, a: Audience, m: Method, s: Sector): number {
  return e.matrix[(AUDIENCES.indexOf(a) * METHODS.length + METHODS.indexOf(m)) * SECTORS.length + SECTORS.indexOf(s)]!;
}
