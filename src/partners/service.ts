// Partner finding (連携推進): what the signed-in organisation's public initiatives cover, which other bodies
// work on the same audiences, methods and regions, and the audience × method cells near its own work that
// nobody covers in its regions. Everything is counted in one pass over the catalogue's in-memory facet
// index (no SQL per cell or per region); only the names and titles shown are read from the database.
import { facetIndex, type FacetIndex } from '../catalogue/facet-index.ts';
import type { Repo } from '../catalogue/repository.ts';
import { AUDIENCES, METHODS, type Audience, type Method } from '../taxonomy/taxonomy.ts';

/** How many similar bodies the page lists (the total found is reported too). */
export const SIMILAR_LIMIT = 20;
/** Initiatives shown for each body. */
export const INITIATIVES_PER_BODY = 3;

const M = METHODS.length;
const CELLS = AUDIENCES.length * M;

export interface Cell {
  audience: Audience;
  method: Method;
}

export interface OrganisationSummary {
  id: number;
  slug: string;
  nameJa: string;
  nameEn: string;
}

export interface InitiativeLink {
  id: number;
  titleJa: string;
  titleEn: string;
}

export interface PartnerProfile {
  initiativeCount: number;
  audiences: Audience[];
  methods: Method[];
  /** True when at least one of its public initiatives reaches the whole country. */
  nationwide: boolean;
  /** JIS codes listed by its other public initiatives. */
  prefectures: string[];
  /** The audience × method combinations its initiatives serve. */
  cells: Cell[];
}

export interface SimilarBody {
  organisation: OrganisationSummary;
  /** Public initiatives it runs. */
  initiativeCount: number;
  sharedAudiences: Audience[];
  sharedMethods: Method[];
  /** Where both are active: 'nationwide' (both reach the whole country) or JIS codes. */
  sharedRegions: string[];
  /** Audience × method combinations both serve. */
  sharedCells: number;
  /** Up to INITIATIVES_PER_BODY of its initiatives, closest to ours first. */
  initiatives: InitiativeLink[];
}

export interface RegionGaps {
  /** 'nationwide' (coverage by nationwide initiatives) or a JIS code (initiatives listing it, nationwide ones included). */
  region: string;
  /** Cells sharing an audience or a method with our cells that no initiative covers there. */
  gaps: Cell[];
  /** Cells that only our own initiatives cover there. */
  onlyYou: Cell[];
}

export interface PartnerFinding {
  profile: PartnerProfile;
  /** Bodies sharing audiences, methods or regions, most overlap first (or, without a profile, the most active bodies). */
  similar: SimilarBody[];
  similarTotal: number;
  /** One entry per region of ours: at most 48 (nationwide and the 47 prefectures). */
  gaps: RegionGaps[];
}

interface Acc {
  aud: number;
  meth: number;
  /** Bit a × M + m: the cells its rows serve. */
  cells: number;
  nationwide: boolean;
  prefLo: number;
  prefHi: number;
  rows: number[];
}

const emptyAcc = (): Acc => ({ aud: 0, meth: 0, cells: 0, nationwide: false, prefLo: 0, prefHi: 0, rows: [] });

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

function lowBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function rowCells(ix: FacetIndex, r: number): number {
  let cells = 0;
  for (let a = ix.aud[r]!; a !== 0; a &= a - 1) {
    const ai = lowBit(a);
    for (let m = ix.meth[r]!; m !== 0; m &= m - 1) cells |= 1 << (ai * M + lowBit(m));
  }
  return cells;
}

const audiencesOf = (mask: number): Audience[] => AUDIENCES.filter((_, i) => (mask & (1 << i)) !== 0);
const methodsOf = (mask: number): Method[] => METHODS.filter((_, i) => (mask & (1 << i)) !== 0);
const cellOf = (c: number): Cell => ({ audience: AUDIENCES[Math.floor(c / M)]!, method: METHODS[c % M]! });

function prefCodes(lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let x = lo >>> 0; x !== 0; x &= x - 1) out.push(String(lowBit(x) + 1).padStart(2, '0'));
  for (let x = hi >>> 0; x !== 0; x &= x - 1) out.push(String(lowBit(x) + 33));
  return out.sort();
}

/** Where two bodies are both active. A nationwide body is active in every prefecture the other lists. */
function sharedRegions(a: Acc, b: Acc): string[] {
  const out: string[] = [];
  if (a.nationwide && b.nationwide) out.push('nationwide');
  const lo = (a.prefLo & b.prefLo) | (a.nationwide ? b.prefLo : 0) | (b.nationwide ? a.prefLo : 0);
  const hi = (a.prefHi & b.prefHi) | (a.nationwide ? b.prefHi : 0) | (b.nationwide ? a.prefHi : 0);
  return [...out, ...prefCodes(lo, hi)];
}

/** Every public initiative's facets, grouped by organisation (one pass over the index). */
function accumulate(ix: FacetIndex): Map<number, Acc> {
  const by = new Map<number, Acc>();
  for (let r = 0; r < ix.n; r++) {
    const cells = rowCells(ix, r);
    for (let k = ix.orgStart[r]!; k < ix.orgStart[r + 1]!; k++) {
      const org = ix.orgIds[k]!;
      let acc = by.get(org);
      if (!acc) by.set(org, (acc = emptyAcc()));
      acc.aud |= ix.aud[r]!;
      acc.meth |= ix.meth[r]!;
      acc.cells |= cells;
      if (ix.nationwide[r] === 1) acc.nationwide = true;
      else {
        acc.prefLo |= ix.prefLo[r]!;
        acc.prefHi |= ix.prefHi[r]!;
      }
      acc.rows.push(r);
    }
  }
  return by;
}

/**
 * Counts, for each of our regions, how many initiatives cover each cell there and how many of those have
 * an organiser other than us. Nationwide rows are counted once and added to every region, so the work is
 * one pass over the rows plus 48 × 24 additions, whatever the size of the catalogue.
 */
function regionGaps(ix: FacetIndex, orgId: number, me: Acc): RegionGaps[] {
  const myLo = me.prefLo >>> 0;
  const myHi = me.prefHi >>> 0;
  if (!me.nationwide && myLo === 0 && myHi === 0) return [];
  const nationAll = new Int32Array(CELLS);
  const nationOthers = new Int32Array(CELLS);
  const prefAll = new Int32Array(48 * CELLS);
  const prefOthers = new Int32Array(48 * CELLS);
  for (let r = 0; r < ix.n; r++) {
    const cells = rowCells(ix, r);
    if (cells === 0) continue;
    let others = false;
    for (let k = ix.orgStart[r]!; k < ix.orgStart[r + 1]! && !others; k++) others = ix.orgIds[k] !== orgId;
    if (ix.nationwide[r] === 1) {
      for (let c = cells; c !== 0; c &= c - 1) {
        const ci = lowBit(c);
        nationAll[ci]!++;
        if (others) nationOthers[ci]!++;
      }
      continue;
    }
    const lo = ix.prefLo[r]! & myLo;
    const hi = ix.prefHi[r]! & myHi;
    if (lo === 0 && hi === 0) continue;
    const codes: number[] = [];
    for (let x = lo >>> 0; x !== 0; x &= x - 1) codes.push(lowBit(x) + 1);
    for (let x = hi >>> 0; x !== 0; x &= x - 1) codes.push(lowBit(x) + 33);
    for (const code of codes) {
      for (let c = cells; c !== 0; c &= c - 1) {
        const ci = lowBit(c);
        prefAll[code * CELLS + ci]!++;
        if (others) prefOthers[code * CELLS + ci]!++;
      }
    }
  }

  // Near our work: any cell sharing an audience or a method with one of our cells (ours included).
  let nearAud = 0;
  let nearMeth = 0;
  for (let c = me.cells; c !== 0; c &= c - 1) {
    const ci = lowBit(c);
    nearAud |= 1 << Math.floor(ci / M);
    nearMeth |= 1 << ci % M;
  }
  const near: number[] = [];
  for (let ci = 0; ci < CELLS; ci++) if ((nearAud & (1 << Math.floor(ci / M))) !== 0 || (nearMeth & (1 << ci % M)) !== 0) near.push(ci);

  const describe = (region: string, all: (ci: number) => number, others: (ci: number) => number): RegionGaps => ({
    region,
    gaps: near.filter((ci) => all(ci) === 0).map(cellOf),
    onlyYou: near.filter((ci) => all(ci) > 0 && others(ci) === 0).map(cellOf),
  });
  const out: RegionGaps[] = [];
  if (me.nationwide) out.push(describe('nationwide', (ci) => nationAll[ci]!, (ci) => nationOthers[ci]!));
  for (const code of prefCodes(myLo, myHi)) {
    const p = Number(code);
    out.push(describe(code, (ci) => nationAll[ci]! + prefAll[p * CELLS + ci]!, (ci) => nationOthers[ci]! + prefOthers[p * CELLS + ci]!));
  }
  return out;
}

async function organisationsById(repo: Repo, ids: number[]): Promise<Map<number, OrganisationSummary>> {
  if (!ids.length) return new Map();
  const rows = await repo.db.selectFrom('organisations').select(['id', 'slug', 'name_ja', 'name_en']).where('id', 'in', ids).where('status', '=', 'active').execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en }]));
}

async function titlesById(repo: Repo, ids: number[]): Promise<Map<number, InitiativeLink>> {
  if (!ids.length) return new Map();
  const rows = await repo.db.selectFrom('initiatives').select(['id', 'title_ja', 'title_en']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, titleJa: r.title_ja, titleEn: r.title_en }]));
}

export async function findPartners(repo: Repo, organisationId: number): Promise<PartnerFinding> {
  const ix = await facetIndex(repo);
  const by = accumulate(ix);
  const me = by.get(organisationId) ?? emptyAcc();
  const hasProfile = me.rows.length > 0;

  const profile: PartnerProfile = {
    initiativeCount: me.rows.length,
    audiences: audiencesOf(me.aud),
    methods: methodsOf(me.meth),
    nationwide: me.nationwide,
    prefectures: prefCodes(me.prefLo, me.prefHi),
    cells: Array.from({ length: CELLS }, (_, ci) => ci).filter((ci) => (me.cells & (1 << ci)) !== 0).map(cellOf),
  };

  // Rank the other bodies by overlap; without a profile of our own, by how many initiatives they run.
  type Scored = { orgId: number; acc: Acc; aud: number; meth: number; cells: number; regions: string[]; score: number };
  const scored: Scored[] = [];
  for (const [orgId, acc] of by) {
    if (orgId === organisationId) continue;
    const aud = me.aud & acc.aud;
    const meth = me.meth & acc.meth;
    const cells = me.cells & acc.cells;
    const regions = hasProfile ? sharedRegions(me, acc) : [];
    if (hasProfile && aud === 0 && meth === 0 && regions.length === 0) continue;
    const score = hasProfile ? 4 * popcount(cells) + 3 * popcount(aud) + 2 * popcount(meth) + (regions.length ? 2 : 0) : acc.rows.length;
    scored.push({ orgId, acc, aud, meth, cells, regions, score });
  }
  scored.sort((a, b) => b.score - a.score || b.regions.length - a.regions.length || b.acc.rows.length - a.acc.rows.length || a.orgId - b.orgId);

  // Names are read only for the bodies shown; a body that is not listed publicly is skipped.
  const fetched = scored.slice(0, SIMILAR_LIMIT * 2);
  const names = await organisationsById(repo, fetched.map((s) => s.orgId));
  const listed = fetched.filter((s) => names.has(s.orgId));
  const shown = listed.slice(0, SIMILAR_LIMIT);

  // Each body's initiatives closest to ours: shared audiences and methods, then reaching our regions, then title order.
  const closeness = (r: number) =>
    popcount(rowCells(ix, r) & me.cells) * 4 +
    popcount(ix.aud[r]! & me.aud) * 2 +
    popcount(ix.meth[r]! & me.meth) +
    (ix.nationwide[r] === 1 || (ix.prefLo[r]! & me.prefLo) !== 0 || (ix.prefHi[r]! & me.prefHi) !== 0 ? 1 : 0);
  const picks = new Map<number, number[]>();
  for (const s of shown) {
    const rows = s.acc.rows.map((r) => ({ r, c: closeness(r) }));
    rows.sort((a, b) => b.c - a.c || ix.titleRank.ja[a.r]! - ix.titleRank.ja[b.r]!);
    picks.set(s.orgId, rows.slice(0, INITIATIVES_PER_BODY).map((x) => ix.ids[x.r]!));
  }
  const titles = await titlesById(repo, [...picks.values()].flat());

  const similar: SimilarBody[] = shown.map((s) => ({
    organisation: names.get(s.orgId)!,
    initiativeCount: s.acc.rows.length,
    sharedAudiences: audiencesOf(s.aud),
    sharedMethods: methodsOf(s.meth),
    sharedRegions: s.regions,
    sharedCells: popcount(s.cells),
    initiatives: (picks.get(s.orgId) ?? []).flatMap((id) => {
      const t = titles.get(id);
      return t ? [t] : [];
    }),
  }));

  return { profile, similar, similarTotal: scored.length - (fetched.length - listed.length), gaps: hasProfile ? regionGaps(ix, organisationId, me) : [] };
}
