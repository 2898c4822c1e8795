// Where the dashboard's figures come from, assembled once for app.ts: the published figure definitions
// (effort, surveys, and the adoption/declaration figures of src/stats) and, for the need view, adoption and
// coverage per audience.
//
// Adoption per audience is read from the published adoption table broken down by audience (the same
// suppressed StatTable the adoption page and the API show), so the need view can never publish a number
// the adoption figure withholds: respondents from its count column, adoption as the mean of its item
// percentages (withheld when any item is withheld).
import type { DatabaseHandle } from '../db/database.ts';
import { coverageByAudience } from '../stats/effort.ts';
import type { AdoptionCheck, FigureDefinition, Period, StatTable } from '../stats/model.ts';
import type { NeedSources } from '../stats/need.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { buildFigure, type DashboardDeps } from './service.ts';

export function adoptionByAudienceFrom(table: StatTable): Partial<Record<Audience, { respondents: number | null; adoption: number | null }>> {
  const n = table.columns.findIndex((c) => c.unit === 'count');
  const items = table.columns.flatMap((c, i) => (c.unit === 'percent' ? [i] : []));
  const out: Partial<Record<Audience, { respondents: number | null; adoption: number | null }>> = {};
  for (const r of table.rows) {
    if (!(AUDIENCES as readonly string[]).includes(r.key)) continue;
    const respondents = n >= 0 && !r.cells[n]!.suppressed ? r.cells[n]!.value : null;
    const shares = items.map((i) => r.cells[i]!);
    const adoption = shares.length && shares.every((c) => !c.suppressed && c.value !== null) ? Math.round((shares.reduce((s, c) => s + c.value!, 0) / shares.length) * 10) / 10 : null;
    out[r.key as Audience] = { respondents: respondents === 0 ? null : respondents, adoption: respondents ? adoption : null };
  }
  return out;
}

export function dashboardDeps(handle: () => DatabaseHandle, figures: FigureDefinition[]): DashboardDeps {
  const need: NeedSources = {
    async adoption(check: AdoptionCheck, period: Period, prefecture?: string) {
      const def = figures.find((d) => d.id === 'adoption');
      if (!def) return {};
      const given = { period: period.kind === 'all' ? undefined : `fy${period.year}`, check, dimension: 'audience', prefecture };
      const built = await buildFigure(handle(), def, given);
      // A figure that ignored the prefecture would be the whole country's: never show it as a prefecture's.
      if (!built || (prefecture && built.params.prefecture !== prefecture)) return {};
      return adoptionByAudienceFrom(built.table);
    },
    coverage: (period, prefecture) => coverageByAudience(handle(), period, prefecture),
  };
  return { figures, need };
}
