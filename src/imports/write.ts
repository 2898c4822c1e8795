// Writing spreadsheets (exports and import templates), streamed. An export opened in Excel must never run
// anything: CSV cells that a spreadsheet would take for a formula are neutralised, and xlsx cells are always
// plain strings, never formulas.
import { Readable, Writable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { SheetFormat } from './sheet.ts';

const DANGEROUS = /^'*[=+\-@\t\r＝＋－＠]/;

/** A cell as it must appear in an exported CSV so that a spreadsheet cannot run it: text that begins with = + - @ (also tab, CR, and full-width ＝＋－＠) gets a leading apostrophe. OWASP CSV injection guidance. Text that already begins with apostrophes before such a character gets one more, so that reading it back (sheet.ts) gives exactly the original. */
export function neutraliseCell(s: string): string {
  return DANGEROUS.test(s) ? `'${s}` : s;
}

export interface SheetSpec {
  name: string;
  header: string[];
  /** optional explanation row(s) written as cell comments (xlsx) — or nothing for csv. notes[i] explains header[i]. */
  notes?: string[];
  rows: AsyncIterable<string[]> | Iterable<string[]>;
}

/** Streams a CSV (UTF-8 with BOM — Japanese Excel needs it — CRLF, every cell through neutraliseCell, csv-stringify) or an xlsx (exceljs streaming WorkbookWriter; every cell written as a STRING cell, never a formula; header bold and frozen; sensible column widths) to `out`. Resolves when everything is flushed; `out` is ended. */
export async function writeSheet(format: SheetFormat, out: NodeJS.WritableStream, sheet: SheetSpec): Promise<void> {
  if (format === 'xlsx') return writeWorkbook(out, [sheet]);
  // A lone CR is no record delimiter to csv-stringify, so it would go out unquoted and split the row in
  // Excel: every cell with a line break is quoted, and so is one with edge spaces (kept as typed).
  const source = Readable.from(neutralisedRecords(sheet));
  const stringifier = stringify({ bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]|^\s|\s$/ });
  await new Promise<void>((resolve, reject) => {
    pipeline(source, stringifier, out as Writable, (err) => (err ? reject(err) : resolve()));
  });
}

async function* neutralisedRecords(sheet: SheetSpec): AsyncGenerator<string[]> {
  yield sheet.header.map(neutraliseCell);
  for await (const row of sheet.rows) yield row.map((c) => neutraliseCell(c ?? ''));
}

/** Several sheets in one xlsx workbook (the organisation's full export). Sheet names are cut to Excel's 31 characters and made unique. */
export async function writeWorkbook(out: NodeJS.WritableStream, sheets: SheetSpec[]): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', () => resolve());
    out.once('close', () => resolve());
    out.once('error', reject);
  });
  done.catch(() => {}); // observed below; an error while writing rows is the one thrown
  // Inline strings (t="str" without a formula), not a shared-string table: memory stays flat however many
  // rows are written.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useStyles: true, useSharedStrings: false });
  try {
    await writeSheets(workbook, sheets);
  } catch (err) {
    // A half-written workbook must not look complete to whoever receives it.
    (out as Partial<Writable>).destroy?.(err as Error);
    throw err;
  }
  await done;
}

async function writeSheets(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheets: SheetSpec[]): Promise<void> {
  const used = new Set<string>();
  for (const spec of sheets) {
    const ws = workbook.addWorksheet(sheetName(spec.name, used), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    // Column widths from the header and the first rows; later rows are already streamed out by then.
    const iterator = iterate(spec.rows);
    const firstRows: string[][] = [];
    for (let i = 0; i < 50; i++) {
      const next = await iterator.next();
      if (next.done) break;
      firstRows.push(next.value);
    }
    ws.columns = spec.header.map((h, i) => ({
      key: String(i),
      width: Math.min(60, Math.max(10, displayWidth(h) + 2, ...firstRows.map((r) => Math.min(60, displayWidth(firstLine(r[i] ?? '')) + 2)))),
    }));
    const headerRow = ws.getRow(1);
    spec.header.forEach((h, i) => {
      const cell = headerRow.getCell(i + 1);
      cell.value = h;
      cell.font = { bold: true };
      const note = spec.notes?.[i];
      if (note) cell.note = note;
    });
    headerRow.commit();
    let rowNumber = 1;
    const writeRow = (cells: string[]) => {
      const row = ws.getRow(++rowNumber);
      cells.forEach((c, i) => {
        // A string value is stored as text: exceljs writes a formula only for { formula } objects. Line breaks
        // become LF as Excel keeps them in cells (XML would turn a CR LF into LF on reading anyway).
        if (c !== '' && c != null) row.getCell(i + 1).value = String(c).replace(/\r\n?/g, '\n');
      });
      row.commit();
    };
    for (const r of firstRows) writeRow(r);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      writeRow(next.value);
    }
    ws.commit();
  }
  await workbook.commit();
}

function iterate(rows: AsyncIterable<string[]> | Iterable<string[]>): AsyncIterator<string[]> | Iterator<string[]> {
  return Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
}

function firstLine(s: string): string {
  const i = s.search(/[\r\n]/);
  return i < 0 ? s : s.slice(0, i);
}

/** Columns in Excel's units: wide (CJK) characters count twice. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)}-${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
