// Kysely types of the self-checks' tables (migration 0008).
import type { Generated } from 'kysely';

export interface CheckDocumentsTable {
  id: Generated<number>;
  kind: string;
  version: number;
  document: string;
  note: string;
  restored_from: number | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
}

export interface CheckResultsTable {
  id: Generated<number>;
  check_kind: string;
  definition_version: number;
  completed_on: string;
  answers: string;
  score: number | null;
  age_band: string | null;
  prefecture: string | null;
  size_band: string | null;
  industry: string | null;
}

export interface ChecksTables {
  check_documents: CheckDocumentsTable;
  check_results: CheckResultsTable;
}
