// Domain objects of bulk import: what the preview and the result pages receive.
import type { Text } from '../i18n/locale.ts';

export const IMPORT_KINDS = ['initiatives', 'events', 'materials'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, Text> = {
  initiatives: { ja: '取組', en: 'Initiatives' },
  events: { ja: 'イベント', en: 'Events' },
  materials: { ja: '教材', en: 'Materials' },
};

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'refuse';

export interface CellProblem {
  /** Column key (columns.ts), or null for the row as a whole. */
  column: string | null;
  message: Text;
}

/** What will happen to one row of the sheet, and why. */
export interface RowDecision {
  line: number;
  action: RowAction;
  title: string;
  externalId: string | null;
  organisationSlug: string | null;
  /** The existing item an update or an unchanged row matched. */
  itemId: number | null;
  /** How the row was matched to an existing item ("by ID", "by title"). */
  match: Text | null;
  /** For updates: the labels of the columns whose values change. */
  changes: Text[];
  problems: CellProblem[];
}

export interface ImportCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  refuse: number;
}

/** A problem of the file as a whole (encoding, quoting, missing column…): nothing can be imported. */
export interface FileProblem {
  line: number | null;
  message: Text;
}

export const SHOWN_ROWS = 300;

/** What the preview page shows; kept as JSON with the import, so the page can be shown again. */
export interface ImportSummary {
  kind: ImportKind;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  counts: ImportCounts;
  fileProblems: FileProblem[];
  /** Header cells that name no known column: ignored, and said so. */
  ignoredColumns: string[];
  /** Refused rows first, then the others, at most SHOWN_ROWS in all. */
  rows: RowDecision[];
  /** Ids of the items written, for the result page (first SHOWN_ROWS). */
  writtenItemIds?: number[];
  published?: number;
  error?: Text;
}

export type ImportStatus = 'previewed' | 'applied' | 'discarded' | 'expired';

export interface ImportRecord {
  id: number;
  organisationId: number | null;
  kind: ImportKind;
  fileName: string;
  status: ImportStatus;
  planHash: string | null;
  summary: ImportSummary;
  createdAt: string;
  appliedAt: string | null;
}

/** True when the import may be confirmed: a readable file, rows to write, none refused. */
export function confirmable(s: ImportSummary): boolean {
  return s.fileProblems.length === 0 && s.counts.refuse === 0 && s.counts.create + s.counts.update > 0;
}
