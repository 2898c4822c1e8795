// Kysely types of the evaluation's tables (migration 0013_evaluation): KPI targets, the strategy
// measures' implementation status and the periodic reports. Merged into Database (db/database.ts).
import type { Generated } from 'kysely';

export interface KpiTargetsTable {
  id: Generated<number>;
  /** An indicator key of kpis/indicators.ts. */
  indicator: string;
  /** 'fy2026' or 'all' (stats/model.ts periodKey). */
  period: string;
  target: number;
  note: Generated<string>;
  set_by: number | null;
  set_at: string;
}

export interface StrategyMeasureStatusTable {
  measure_slug: string;
  /** not_started | in_progress | implemented | under_review */
  status: string;
  note_ja: Generated<string>;
  note_en: Generated<string>;
  updated_by: number | null;
  updated_at: string;
}

export interface ReportsTable {
  id: Generated<number>;
  /** 'year' | 'campaign' */
  kind: string;
  fiscal_year: number | null;
  campaign_id: number | null;
  title_ja: string;
  title_en: string;
  /** 'draft' | 'issued' */
  status: string;
  assessment_ja: Generated<string>;
  assessment_en: Generated<string>;
  revisions_ja: Generated<string>;
  revisions_en: Generated<string>;
  replaces_id: number | null;
  /** JSON (reports/model.ts ReportSnapshot), frozen when the report is issued. */
  snapshot: string | null;
  issued_at: string | null;
  issued_by: number | null;
  issued_by_name: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface EvaluationTables {
  kpi_targets: KpiTargetsTable;
  strategy_measure_status: StrategyMeasureStatusTable;
  reports: ReportsTable;
}
