// The coverage matrix: audience × method (× sector), each cell the number of initiatives that the
// catalogue lists for the same filters plus that cell's audience, method and sector.
import { matrixCount } from '../catalogue/facet-index.ts';
import type { CatalogueFilters } from '../catalogue/model.ts';
import type { Repo } from '../catalogue/repository.ts';
import { evaluateFilters } from '../catalogue/service.ts';
import { AUDIENCES, METHODS, SECTORS, type Audience, type Method, type Sector } from '../taxonomy/taxonomy.ts';

/** A cell with no initiative is a gap; one with fewer than THIN_BELOW is thin. */
export const THIN_BELOW = 3;

export type CellLevel = 'gap' | 'thin' | 'served';

export function levelOf(count: number): CellLevel {
  if (count === 0) return 'gap';
  return count < THIN_BELOW ? 'thin' : 'served';
}

export interface MatrixCell {
  audience: Audience;
  method: Method;
  /** null: all the sectors shown, added up (an initiative has exactly one sector, so nothing is counted twice). */
  sector: Sector | null;
  count: number;
  level: CellLevel;
}

export interface Matrix {
  filters: CatalogueFilters;
  audiences: Audience[];
  methods: Method[];
  sectors: Sector[];
  /** One entry per audience × method × sector shown. */
  cells: MatrixCell[];
  /** One entry per audience × method: the sum over the sectors shown. */
  totals: MatrixCell[];
}

export async function buildMatrix(repo: Repo, filters: CatalogueFilters): Promise<Matrix> {
  const e = await evaluateFilters(repo, filters, 'title', 'ja', 0, 0);
  const audiences = filters.audiences.length ? AUDIENCES.filter((a) => filters.audiences.includes(a)) : [...AUDIENCES];
  const methods = filters.methods.length ? METHODS.filter((m) => filters.methods.includes(m)) : [...METHODS];
  const sectors = filters.sectors.length ? SECTORS.filter((s) => filters.sectors.includes(s)) : [...SECTORS];
  const cells: MatrixCell[] = [];
  const totals: MatrixCell[] = [];
  for (const method of methods) {
    for (const audience of audiences) {
      let sum = 0;
      for (const sector of sectors) {
        const count = matrixCount(e, audience, method, sector);
        sum += count;
        cells.push({ audience, method, sector, count, level: levelOf(count) });
      }
      totals.push({ audience, method, sector: null, count: sum, level: levelOf(sum) });
    }
  }
  return { filters, audiences, methods, sectors, cells, totals };
}
