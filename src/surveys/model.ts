// Domain objects of external survey figures: what a CSV row becomes, and what pages and the dashboard show.
import { AUDIENCE_GROUP_LABELS, AUDIENCE_LABELS, AUDIENCES, type Label } from '../taxonomy/taxonomy.ts';

/** Who a survey figure is about: one of the portal's audiences, a group of them, or everyone surveyed. */
export const SURVEY_AUDIENCES = ['all', 'individuals', 'organisations', ...AUDIENCES] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

export const SURVEY_AUDIENCE_LABELS: Record<SurveyAudience, Label> = {
  all: { ja: '全体', en: 'Everyone surveyed' },
  ...AUDIENCE_GROUP_LABELS,
  ...Object.fromEntries(AUDIENCES.map((a) => [a, { ja: AUDIENCE_LABELS[a].ja, en: AUDIENCE_LABELS[a].en }])),
} as Record<SurveyAudience, Label>;

export const SURVEY_UNITS = ['percent', 'count'] as const;
export type SurveyUnit = (typeof SURVEY_UNITS)[number];

/** One row of a survey CSV after validation (what is stored). */
export interface SurveyValueInput {
  survey: string;
  surveyEn: string;
  year: number;
  question: string;
  questionEn: string;
  audience: SurveyAudience;
  value: number;
  unit: SurveyUnit;
  sampleSize: number | null;
  source: string;
  fieldwork: string;
  measure: string;
  note: string;
}

/** A stored survey figure, as views and the dashboard receive it. */
export interface SurveyFigure extends SurveyValueInput {
  id: number;
  updatedAt: string;
}

export interface SurveyImport {
  id: number;
  createdAt: string;
  actorName: string | null;
  fileName: string;
  rowCount: number;
  inserted: number;
  updated: number;
}

/** A bad row (or the file as a whole when line is null), with the column at fault. */
export interface SurveyIssue {
  line: number | null;
  column: string | null;
  message: Label;
}

export const SURVEY_SOURCE_LABEL: Label = { ja: '他の調査の結果（出典が異なります）', en: 'Other surveys (a different source)' };

/** Said under every table of survey figures. */
export const SURVEY_NOTES: Label[] = [
  {
    ja: 'これらはポータルの自己診断の結果ではなく、他の機関が行った調査の公表値です。調査の方法・対象・時期が異なるため、ポータルの数値と直接は比べられません。',
    en: "These are published figures of surveys run by other bodies, not the portal's self-check results. Their method, population and timing differ, so they cannot be compared directly with the portal's figures.",
  },
  {
    ja: '「対応するポータルの項目」は、編集部の判断で対応づけたものです（判断）。',
    en: "The link to a portal measure is the editors' judgement.",
  },
];
