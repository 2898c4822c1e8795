// A published figure as CSV: UTF-8 with a BOM (Japanese Excel reads UTF-8 correctly only with one), one
// header row in the requested language (the row label column, then the figure's columns), one line per
// row, suppressed cells as "X", cells with nothing to show (no respondents) empty.
//
// Title, period, source and notes are NOT written into the file: a preamble or trailing rows would break
// every program that reads the columns. They travel in the file name, in the API's JSON
// (/api/v1/stats/{figure}) and on the page beside the download link.
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../i18n/locale.ts';
import { SUPPRESSED_MARK, periodKey, type StatTable } from './model.ts';

export function statTableCsv(t: StatTable, locale: Locale): string {
  const header = [locale === 'ja' ? '区分' : 'Group', ...t.columns.map((c) => (c.unit === 'percent' ? `${c.label[locale]} (%)` : c.label[locale]))];
  const rows = t.rows.map((r) => [r.label[locale], ...r.cells.map((c) => (c.suppressed ? SUPPRESSED_MARK : c.value === null ? '' : String(c.value)))]);
  return stringify([header, ...rows], { bom: true, record_delimiter: '\r\n' });
}

export function statCsvFileName(t: StatTable, locale: Locale): string {
  return `lastmile-${t.id}-${periodKey(t.period)}-${locale}.csv`;
}
