// Table row types of external survey figures (migration 0012_surveys), merged into Database.
import type { Generated } from 'kysely';

/** One figure of an external survey. Not the portal's own data: always shown with its source. */
export interface SurveyValuesTable {
  id: Generated<number>;
  /** The survey's name as published (Japanese), and in English ('' when none was given). */
  survey: string;
  survey_en: string;
  /** The year the figures were published for (調査年). */
  year: number;
  question: string;
  question_en: string;
  /** An AUDIENCES slug, an audience group ('individuals', 'organisations') or 'all'. */
  audience: string;
  /** 'percent' (0..100) or 'count'. */
  value: number;
  unit: string;
  /** Respondents the value is based on; null when the source does not say. */
  sample_size: number | null;
  source: string;
  /** When the survey was carried out, as the source gives it ('2018-09-20/2018-09-30', '2019-08'); '' when unknown. */
  fieldwork: string;
  /** The portal figure it can be read beside: '<check>:<item number>' ('personal:5'); '' when none. Judged. */
  measure: string;
  note: string;
  import_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface SurveyImportsTable {
  id: Generated<number>;
  created_at: string;
  actor_user_id: number | null;
  actor_name: string | null;
  file_name: string;
  row_count: number;
  inserted: number;
  updated: number;
}

export interface SurveysTables {
  survey_values: SurveyValuesTable;
  survey_imports: SurveyImportsTable;
}
