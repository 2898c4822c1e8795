// The periodic evaluation report: a draft the program office writes (Check: its assessment; Act: its
// revisions), then issues. Issuing freezes a snapshot of the figures and KPIs as they were at that moment;
// the public page is rendered from the snapshot, so later results never change an issued report.
import type { Text } from '../i18n/locale.ts';
import type { KpiView } from '../kpis/model.ts';
import type { Period, StatTable } from '../stats/model.ts';

export type ReportKind = 'year' | 'campaign';
export type ReportStatus = 'draft' | 'issued';

export interface ReportCampaign {
  id: number;
  title: Text;
  startDate: string;
  endDate: string;
}

export interface ReportSnapshot {
  /** Shape version of the snapshot, so a later renderer can read old reports. */
  version: 1;
  takenAt: string;
  period: Period;
  campaign: ReportCampaign | null;
  kpis: KpiView[];
  figures: StatTable[];
}

export interface Report {
  id: number;
  kind: ReportKind;
  fiscalYear: number | null;
  campaignId: number | null;
  title: Text;
  status: ReportStatus;
  assessment: Text;
  revisions: Text;
  replacesId: number | null;
  /** The issued report that corrects this one, if any. */
  replacedById: number | null;
  snapshot: ReportSnapshot | null;
  issuedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const TEXT_LIMIT = 20_000;

/** Who issued a report, as the public page names it: the office, not a person. */
export const ISSUER: Text = { ja: 'サイバーセキュリティ意識・行動強化プログラム 事務局', en: 'The program office of the Cybersecurity Awareness and Action Enhancement Program' };

export const REPORT_KIND_LABELS: Record<ReportKind, Text> = {
  year: { ja: '年度の評価', en: 'Fiscal year evaluation' },
  campaign: { ja: 'キャンペーンの評価', en: 'Campaign evaluation' },
};
