// Reading the spreadsheets people upload: CSV (UTF-8 with or without BOM, or Shift_JIS as Japanese Excel
// still writes it) and .xlsx, streamed row by row so that a sheet of 100,000 rows never sits in memory
// whole. Nothing in a workbook is ever evaluated: a formula cell gives its cached result, macros are refused.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { parse as parseCsv, CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Text } from '../i18n/locale.ts';

export type SheetFormat = 'csv' | 'xlsx';
export type SheetEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

/** line: the row number the person sees in Excel / a text editor (header row = 1). cells: one string per header column ('' when absent; extra cells beyond the header are an error). */
export interface SheetRow {
  line: number;
  cells: string[];
}

export interface Sheet {
  format: SheetFormat;
  encoding: SheetEncoding | null;
  header: string[];
  /** The row number of the header (1 unless empty rows precede it). */
  headerLine: number;
  /** Iterable once. Breaking out of the loop closes the file. */
  rows: AsyncIterable<SheetRow>;
  /** Closes the file when the rows are not (fully) read. Safe to call more than once. */
  close(): Promise<void>;
}

export type SheetErrorCode =
  | 'empty'
  | 'no_header'
  | 'encoding'
  | 'quoting'
  | 'not_a_spreadsheet'
  | 'macros'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'cell_too_long'
  | 'row_too_wide';

/** A problem of the file as a whole: nothing in it can be imported. `text` is ready to show to the person. */
export class SheetError extends Error {
  readonly code: SheetErrorCode;
  readonly text: Text;
  readonly line: number | null;
  constructor(code: SheetErrorCode, text: Text, line?: number | null) {
    super(`${code}${line != null ? ` (line ${line})` : ''}: ${text.en}`);
    this.name = 'SheetError';
    this.code = code;
    this.text = text;
    this.line = line ?? null;
  }
}

export interface SheetLimits {
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxRows: 100_000, maxColumns: 60, maxCellChars: 10_000 };

const HEAD_BYTES = 64 * 1024;

const ASK_TO_RESAVE: Text = {
  ja: '.xlsx（Excel ブック）または CSV で保存し直してからアップロードしてください。',
  en: 'Save it as .xlsx (Excel workbook) or CSV and upload it again.',
};

function notASpreadsheet(what: Text): SheetError {
  return new SheetError('not_a_spreadsheet', { ja: `${what.ja}${ASK_TO_RESAVE.ja}`, en: `${what.en} ${ASK_TO_RESAVE.en}` });
}

const MACROS_TEXT: Text = {
  ja: 'マクロ付きのブックは受け付けません。.xlsx または CSV で保存し直してください。',
  en: 'Workbooks with macros are not accepted. Save it as .xlsx or CSV and upload it again.',
};

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function startsWith(buf: Buffer, ...bytes: number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

function extension(name: string | undefined): string {
  const m = name ? /\.([A-Za-z0-9]+)$/.exec(name) : null;
  return m ? m[1]!.toLowerCase() : '';
}

interface ZipEntryRef {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressed: number;
  /** Offset of the entry's local header. */
  local: number;
}

/** The entries of a zip file, from its central directory (no decompression), or null if unreadable. */
async function zipDirectory(path: string): Promise<ZipEntryRef[] | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557); // end record (22) + the longest comment (65,535)
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // Zip64: the locator sits just before the end record.
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) return null;
      const rec = Buffer.alloc(56);
      await fh.read(rec, 0, 56, Number(tail.readBigUInt64LE(loc + 8)));
      if (rec.readUInt32LE(0) !== 0x06064b50) return null;
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntryRef[] = [];
    let p = 0;
    for (let n = 0; n < count && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let compressed = cd.readUInt32LE(p + 20);
      let local = cd.readUInt32LE(p + 42);
      // Zip64 sizes and offsets are in the extra field (id 1), in the order of the fields that overflowed.
      if (compressed === 0xffffffff || local === 0xffffffff) {
        let x = p + 46 + nameLen;
        const end = x + extraLen;
        while (x + 4 <= end) {
          const id = cd.readUInt16LE(x);
          const len = cd.readUInt16LE(x + 2);
          if (id === 1) {
            let f = x + 4;
            if (cd.readUInt32LE(p + 24) === 0xffffffff) f += 8; // uncompressed size comes first
            if (compressed === 0xffffffff) {
              compressed = Number(cd.readBigUInt64LE(f));
              f += 8;
            }
            if (local === 0xffffffff) local = Number(cd.readBigUInt64LE(f));
          }
          x += 4 + len;
        }
      }
      entries.push({ name: cd.toString('utf8', p + 46, p + 46 + nameLen), method: cd.readUInt16LE(p + 10), compressed, local });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

async function zipEntryNames(path: string): Promise<string[] | null> {
  return (await zipDirectory(path))?.map((e) => e.name) ?? null;
}

/**
 * One entry's content as a stream of TEXT: read at its offset and inflated, then decoded as UTF-8 with the
 * decoder carrying a character cut between two chunks over to the next (exceljs decodes each chunk on its own,
 * which turned about 1 row in 700 of Japanese text into U+FFFD).
 */
async function zipEntryText(path: string, e: ZipEntryRef): Promise<Readable> {
  if (e.method !== 0 && e.method !== 8) throw notASpreadsheet({ ja: 'Excel ブックの圧縮形式を読み取れません。', en: 'The Excel workbook uses a compression this portal cannot read.' });
  const fh = await open(path, 'r');
  let start: number;
  try {
    const head = Buffer.alloc(30);
    await fh.read(head, 0, 30, e.local);
    if (head.readUInt32LE(0) !== 0x04034b50) throw notASpreadsheet({ ja: 'Excel ブックが壊れているため読み込めません。', en: 'The Excel workbook is damaged and cannot be read.' });
    start = e.local + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  const raw = createReadStream(path, e.compressed > 0 ? { start, end: start + e.compressed - 1 } : { start, end: start - 1 });
  const bytes = e.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  if (e.method === 8) raw.on('error', (err) => bytes.destroy(err));
  bytes.setEncoding('utf8');
  return bytes as Readable;
}

/** Refuses a zip that is not an Excel workbook, or one that carries macros. */
async function checkWorkbookZip(path: string, name: string | undefined): Promise<void> {
  const names = await zipEntryNames(path);
  if (!names) throw notASpreadsheet({ ja: 'ファイルが壊れているか、Excel ブックではありません。', en: 'The file is damaged or is not an Excel workbook.' });
  const lower = new Set(names.map((n) => n.toLowerCase()));
  if (lower.has('xl/vbaproject.bin') || extension(name) === 'xlsm') throw new SheetError('macros', MACROS_TEXT);
  if (lower.has('xl/workbook.xml')) return;
  if (lower.has('word/document.xml')) throw notASpreadsheet({ ja: 'Word 文書は読み込めません。', en: 'A Word document cannot be imported.' });
  if (lower.has('ppt/presentation.xml')) throw notASpreadsheet({ ja: 'PowerPoint ファイルは読み込めません。', en: 'A PowerPoint file cannot be imported.' });
  if (lower.has('content.xml') && lower.has('mimetype'))
    throw notASpreadsheet({ ja: 'OpenDocument（.ods など）は読み込めません。', en: 'OpenDocument files (.ods…) cannot be imported.' });
  throw notASpreadsheet({ ja: 'ZIP ファイルは読み込めません。', en: 'A ZIP archive cannot be imported.' });
}

/** Decides csv vs xlsx from the file's bytes (zip magic → xlsx; otherwise text → csv); the name's extension only breaks ties. Throws SheetError('not_a_spreadsheet') for .xls (old binary Excel: ask to save as .xlsx or CSV), PDFs, images, etc. Also 'macros' for a macro-enabled workbook and 'encoding' for UTF-16 text. */
export async function detectFormat(path: string, name?: string): Promise<SheetFormat> {
  const head = await readHead(path, HEAD_BYTES);
  const ext = extension(name);
  if (head.length === 0) return ext === 'xlsx' ? 'xlsx' : 'csv'; // openSheet then says the file is empty
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04) || startsWith(head, 0x50, 0x4b, 0x05, 0x06)) {
    await checkWorkbookZip(path, name);
    return 'xlsx';
  }
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))
    // Compound files: old .xls, and also .xlsx protected with a password (encrypted into a compound file).
    throw notASpreadsheet({
      ja: '古い形式の Excel ファイル（.xls）またはパスワード付きのブックは読み込めません。',
      en: 'Old Excel files (.xls) and password-protected workbooks cannot be imported.',
    });
  if (startsWith(head, 0x25, 0x50, 0x44, 0x46)) throw notASpreadsheet({ ja: 'PDF ファイルは読み込めません。', en: 'A PDF file cannot be imported.' });
  const image =
    startsWith(head, 0x89, 0x50, 0x4e, 0x47) ||
    startsWith(head, 0xff, 0xd8, 0xff) ||
    startsWith(head, 0x47, 0x49, 0x46, 0x38) ||
    (startsWith(head, 0x52, 0x49, 0x46, 0x46) && head.subarray(8, 12).toString('latin1') === 'WEBP');
  if (image) throw notASpreadsheet({ ja: '画像ファイルは読み込めません。', en: 'An image cannot be imported.' });
  if (startsWith(head, 0xff, 0xfe) || startsWith(head, 0xfe, 0xff))
    // Excel's "Unicode text" is UTF-16 and tab-separated.
    throw new SheetError('encoding', {
      ja: 'UTF-16 のテキストは読み込めません。「CSV UTF-8（コンマ区切り）」で保存し直してください。',
      en: 'UTF-16 text cannot be imported. Save it as "CSV UTF-8 (Comma delimited)" and upload it again.',
    });
  const text = head.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<?xml'))
    throw notASpreadsheet({ ja: 'HTML・XML のファイルは読み込めません。', en: 'HTML and XML files cannot be imported.' });
  // NUL bytes never occur in UTF-8 or Shift_JIS text: some other binary format.
  if (head.includes(0)) throw notASpreadsheet({ ja: 'このファイルは CSV でも Excel ブックでもありません。', en: 'This file is neither a CSV nor an Excel workbook.' });
  return 'csv';
}

/** Opens a sheet from a file on disk and STREAMS its rows (never holds the whole file or all rows in memory). Header is the first non-empty row, cells trimmed. Errors found while iterating are thrown from the iterator as SheetError with the line. The bytes decide the format; opts.format only breaks a tie (an empty file). */
export async function openSheet(
  path: string,
  opts: { format?: SheetFormat; name?: string; limits?: Partial<SheetLimits>; sheetName?: string } = {},
): Promise<Sheet> {
  const limits: SheetLimits = { ...DEFAULT_SHEET_LIMITS, ...opts.limits };
  const { size } = await stat(path);
  if (size === 0) throw emptyError();
  const format = await detectFormat(path, opts.name ?? (opts.format ? `x.${opts.format}` : undefined));
  return format === 'xlsx' ? openXlsx(path, limits, opts.sheetName) : openCsv(path, limits);
}

function emptyError(): SheetError {
  return new SheetError('empty', { ja: 'ファイルが空です。', en: 'The file is empty.' });
}

// ---------------------------------------------------------------------------------------------------------
// Shared row handling: the header, padding, limits

/** Turns raw records (line, cells) into the header and the rows, applying the limits. */
async function makeSheet(
  format: SheetFormat,
  encoding: SheetEncoding | null,
  records: AsyncGenerator<{ line: number; cells: string[] }>,
  limits: SheetLimits,
  close: () => Promise<void>,
): Promise<Sheet> {
  const isEmpty = (cells: string[]) => cells.every((c) => c.trim() === '');
  let headerRec: { line: number; cells: string[] } | null = null;
  try {
    for (;;) {
      const next = await records.next();
      if (next.done) break;
      if (!isEmpty(next.value.cells)) {
        headerRec = next.value;
        break;
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  if (!headerRec) {
    await close();
    throw emptyError();
  }
  const header = headerRec.cells.map((c) => c.trim());
  // Excel leaves trailing empty cells where a column was once formatted: they are no columns.
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const headerLine = headerRec.line;
  const problem = headerProblem(header, limits);
  if (problem) {
    await close();
    throw new SheetError(problem.code, problem.text, headerLine);
  }
  const width = header.length;

  async function* rows(): AsyncGenerator<SheetRow> {
    let count = 0;
    try {
      for await (const { line, cells } of records) {
        if (isEmpty(cells)) continue;
        if (++count > limits.maxRows)
          throw new SheetError(
            'too_many_rows',
            {
              ja: `行が多すぎます。1 回に読み込めるのは ${limits.maxRows.toLocaleString('ja-JP')} 行までです。ファイルを分けてください。`,
              en: `Too many rows: at most ${limits.maxRows.toLocaleString('en-GB')} rows can be imported at once. Split the file.`,
            },
            line,
          );
        for (let i = width; i < cells.length; i++)
          if (cells[i]!.trim() !== '')
            throw new SheetError(
              'row_too_wide',
              {
                ja: `${line} 行目に、列名のない列（${columnLetter(i)} 列）の値があります。列名の行に列名を加えるか、値を消してください。`,
                en: `Row ${line} has a value in column ${columnLetter(i)}, which has no column name. Add a name in the header row or remove the value.`,
              },
              line,
            );
        const out = new Array<string>(width);
        for (let i = 0; i < width; i++) {
          const c = cells[i] ?? '';
          if (c.length > limits.maxCellChars)
            throw new SheetError(
              'cell_too_long',
              {
                ja: `${line} 行目の「${header[i]}」が長すぎます（${limits.maxCellChars.toLocaleString('ja-JP')} 文字まで）。`,
                en: `Row ${line}, "${header[i]}" is too long (at most ${limits.maxCellChars.toLocaleString('en-GB')} characters).`,
              },
              line,
            );
          out[i] = c;
        }
        yield { line, cells: out };
      }
    } finally {
      await close();
    }
  }
  return { format, encoding, header, headerLine, rows: rows(), close };
}

function headerProblem(header: string[], limits: SheetLimits): { code: SheetErrorCode; text: Text } | null {
  if (header.length > limits.maxColumns)
    return {
      code: 'too_many_columns',
      text: {
        ja: `列が多すぎます（${header.length} 列）。読み込めるのは ${limits.maxColumns} 列までです。`,
        en: `Too many columns (${header.length}): at most ${limits.maxColumns} can be imported.`,
      },
    };
  for (let i = 0; i < header.length; i++) {
    const name = header[i]!;
    if (name === '')
      return {
        code: 'no_header',
        text: {
          ja: `列名の行の ${columnLetter(i)} 列が空です。すべての列に列名が必要です。`,
          en: `Column ${columnLetter(i)} of the header row is empty: every column needs a name.`,
        },
      };
    if (name.length > 200)
      return {
        code: 'no_header',
        text: { ja: '先頭の行が列名の行ではないようです（長すぎる列名があります）。', en: 'The first row does not look like column names (a name is too long).' },
      };
    if (header.indexOf(name) < i)
      return {
        code: 'no_header',
        text: { ja: `列名「${name}」が 2 回あります。`, en: `The column name "${name}" appears twice.` },
      };
  }
  return null;
}

/** A, B, …, Z, AA, … as Excel names columns (0-based index). */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// CSV

const ENCODINGS_ACCEPTED: Text = {
  ja: '読み込めるのは UTF-8（BOM 付き・なし）と Shift_JIS の CSV です。Excel では「CSV UTF-8（コンマ区切り）」で保存してください。',
  en: 'CSV files must be UTF-8 (with or without BOM) or Shift_JIS. In Excel, save as "CSV UTF-8 (Comma delimited)".',
};

function detectEncoding(head: Buffer, whole: boolean): SheetEncoding | null {
  if (startsWith(head, 0xef, 0xbb, 0xbf)) return 'utf-8-bom';
  // stream:true lets the head end in the middle of a character without failing.
  for (const enc of ['utf-8', 'shift_jis'] as const) {
    try {
      new TextDecoder(enc, { fatal: true }).decode(head, { stream: !whole });
      return enc;
    } catch {
      // try the next
    }
  }
  return null;
}

/**
 * The bytes to tell the encoding from: the first 64 KiB, unless they are plain ASCII (an English header and
 * codes, say) — then the 64 KiB from the first byte that is not, found by reading on. Up to that byte the text
 * is ASCII, so it starts a character in either encoding.
 */
async function encodingSample(path: string, head: Buffer, size: number): Promise<Buffer> {
  if (head.length >= size || head.some((b) => b >= 0x80)) return head;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    for (let pos = head.length; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, pos);
      if (bytesRead === 0) break;
      const i = buf.subarray(0, bytesRead).findIndex((b) => b >= 0x80);
      if (i >= 0) {
        const sample = Buffer.alloc(HEAD_BYTES);
        const { bytesRead: n } = await fh.read(sample, 0, HEAD_BYTES, pos + i);
        return sample.subarray(0, n);
      }
      pos += bytesRead;
    }
    return head;
  } finally {
    await fh.close();
  }
}

/** Tabs rather than commas in the first line: a TSV (Excel's "Text (Tab delimited)"). */
function detectDelimiter(headText: string): ',' | '\t' {
  const firstLine = headText.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

const NEUTRALISED = /^'+[=+\-@\t\r＝＋－＠]/;

/** Undoes write.ts's neutraliseCell: "'=1+1" read back is "=1+1". */
export function unneutraliseCell(s: string): string {
  return NEUTRALISED.test(s) ? s.slice(1) : s;
}

async function openCsv(path: string, limits: SheetLimits): Promise<Sheet> {
  const head = await readHead(path, HEAD_BYTES);
  const { size } = await stat(path);
  const encoding = detectEncoding(await encodingSample(path, head, size), head.length >= size);
  if (!encoding)
    throw new SheetError('encoding', {
      ja: `文字コードを判別できませんでした。${ENCODINGS_ACCEPTED.ja}`,
      en: `The character encoding could not be recognised. ${ENCODINGS_ACCEPTED.en}`,
    });
  const label = encoding === 'shift_jis' ? 'shift_jis' : 'utf-8';
  const headText = new TextDecoder(label).decode(head, { stream: true });
  if (headText.replace(/^\uFEFF/, '').trim() === '') throw emptyError();
  const delimiter = detectDelimiter(headText);

  // Max characters in one record (csv-parse's max_record_size): bounds the memory an unclosed quote can
  // take, which would otherwise make the rest of the file one cell.
  const maxRecord = (limits.maxCellChars + 3) * (limits.maxColumns + 1);
  const file = createReadStream(path, { highWaterMark: HEAD_BYTES });
  // Decoded in pieces that end at a line break: CR and LF are never part of a multibyte character in UTF-8 or
  // Shift_JIS, so each piece starts and ends on a character and a bad byte is found on its exact line.
  async function* decoded(): AsyncGenerator<string> {
    const decoder = new TextDecoder(label, { fatal: true });
    let lines = 1;
    let carry: Buffer = Buffer.alloc(0);
    const decode = (bytes: Buffer): string => {
      try {
        return decoder.decode(bytes);
      } catch {
        const lenient = new TextDecoder(label).decode(bytes);
        throw encodingErrorAt(encoding!, lines + countNewlines(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')))));
      }
    };
    for await (const chunk of file as AsyncIterable<Buffer>) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let cut = buf.lastIndexOf(0x0a) + 1 || buf.lastIndexOf(0x0d) + 1;
      if (cut === 0) {
        // No line break yet. A line longer than this has more characters than a record may have.
        if (buf.length > 3 * maxRecord) throw quotingError({ code: 'CSV_MAX_RECORD_SIZE' }, lines);
        carry = buf;
        continue;
      }
      const text = decode(buf.subarray(0, cut));
      carry = buf.subarray(cut);
      lines += countNewlines(text);
      yield text;
    }
    if (carry.length) yield decode(carry);
  }

  const parser = parseCsv({
    delimiter,
    quote: '"',
    escape: '"',
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecord,
  });
  const source = Readable.from(decoded());
  pipeline(source, parser, () => {});
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    source.destroy();
    parser.destroy();
    file.destroy();
  };

  async function* records(): AsyncGenerator<{ line: number; cells: string[] }> {
    // Rows are numbered as Excel shows them: one per record, empty ones included.
    let line = 0;
    try {
      for await (const rec of parser as AsyncIterable<string[]>) {
        line++;
        for (let i = 0; i < rec.length; i++) rec[i] = unneutraliseCell(rec[i]!);
        yield { line, cells: rec };
      }
    } catch (err) {
      if (err instanceof SheetError) throw err;
      // The parser counts every record it has finished, including those still buffered and lost with the
      // error; the failing one is the next.
      if (err instanceof CsvError) throw quotingError(err, (typeof err.records === 'number' ? err.records : line) + 1);
      throw err;
    }
  }
  return makeSheet('csv', encoding, records(), limits, close);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function encodingErrorAt(encoding: SheetEncoding, line: number): SheetError {
  const name = encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8';
  return new SheetError(
    'encoding',
    {
      ja: `${line} 行目に ${name} として読めない文字があります。文字コードの違うファイルをつなげていないか確かめてください。${ENCODINGS_ACCEPTED.ja}`,
      en: `Line ${line} contains bytes that are not valid ${name}. Check that files in different encodings were not joined. ${ENCODINGS_ACCEPTED.en}`,
    },
    line,
  );
}

function quotingError(err: Pick<CsvError, 'code'>, line: number): SheetError {
  const fix: Text = {
    ja: '値の中の引用符は "" のように 2 つ重ねてください。',
    en: 'A quote inside a value must be doubled ("").',
  };
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new SheetError(
        'quoting',
        {
          ja: `${line} 行目で始まる引用符（"）が閉じられていません。${fix.ja}`,
          en: `A quote (") opened in row ${line} is never closed. ${fix.en}`,
        },
        line,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new SheetError(
        'quoting',
        {
          ja: `${line} 行目が長すぎます。引用符（"）が閉じられていない可能性があります。${fix.ja}`,
          en: `Row ${line} is too long; a quote (") is probably not closed. ${fix.en}`,
        },
        line,
      );
    default:
      return new SheetError(
        'quoting',
        {
          ja: `${line} 行目の引用符（"）の使い方が正しくありません。${fix.ja}`,
          en: `Row ${line} uses quotes (") incorrectly. ${fix.en}`,
        },
        line,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------
// XLSX

const DATE_FORMAT = /(^|[^"\\])[ymdhs]/i;

function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || fmt === '' || fmt.toLowerCase() === 'general') return false;
  // Drop quoted literals and colours/conditions in brackets before looking for date letters.
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  return DATE_FORMAT.test(bare);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel keeps wall-clock time without a zone; exceljs hands it over as a UTC Date, so the UTC fields are the wall clock. */
export function formatExcelDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const y = t.getUTCFullYear();
  const date = `${String(y).padStart(4, '0')}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const h = t.getUTCHours();
  const m = t.getUTCMinutes();
  const hasTime = h !== 0 || m !== 0 || t.getUTCSeconds() !== 0;
  // A time alone (9:30) is a fraction of a day counted from Excel's day zero, 1899-12-30.
  if (date === '1899-12-30' || date === '1899-12-31') return `${pad(h)}:${pad(m)}`;
  return hasTime ? `${date} ${pad(h)}:${pad(m)}` : date;
}

/** Numbers as people typed them: Excel keeps 15 significant digits, so 0.1+0.2 reads 0.3 and 3 reads 3. */
export function formatExcelNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const s = String(Number(n.toPrecision(15)));
  if (!/e/i.test(s)) return s;
  // No exponent notation for small fractions (1e-7).
  return Number(n.toPrecision(15)).toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - (date1904 ? -1462 : 25569)) * 86_400_000));
}

interface CellLike {
  value: unknown;
  numFmt?: unknown;
}

function cellToString(cell: CellLike, date1904: boolean): string {
  return valueToString(cell.value, cell.numFmt, date1904);
}

function valueToString(v: unknown, numFmt: unknown, date1904: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatExcelNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return formatExcelDate(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('formula' in o || 'sharedFormula' in o) {
      // Never evaluated: the result Excel saved, or nothing.
      const r = o.result;
      if (typeof r === 'number' && isDateFormat(numFmt)) return Number.isFinite(r) ? formatExcelDate(excelSerialToDate(r, date1904)) : '';
      if (r !== null && typeof r === 'object' && 'error' in r) return '';
      return valueToString(r, numFmt, date1904);
    }
    if ('error' in o) return '';
    if ('text' in o) return valueToString(o.text, numFmt, date1904); // hyperlink
  }
  return '';
}

/**
 * Excel keeps every text of a workbook in one shared-string table that the rows point into, and exceljs's
 * reader holds it as an array of JS strings: for 100,000 rows of unique Japanese text that is ~300 MB of heap.
 * This keeps the table as UTF-8 in one growing buffer with offsets (about the size of the text in the file)
 * and hands exceljs an array-like view of it. Rich text is kept as its plain text, all the import needs.
 * Relies on exceljs 4.4's reader assigning `this.sharedStrings = []`, pushing into it, and indexing it.
 */
export class CompactStrings {
  private buf = Buffer.alloc(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1024);
  length = 0;

  push(value: unknown): number {
    const text = valueToString(value, undefined, false);
    const need = this.used + Buffer.byteLength(text);
    if (need > this.buf.length) {
      const bigger = Buffer.alloc(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used);
    if (this.length === this.ends.length) {
      const bigger = new Uint32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.length++] = this.used;
    return this.length;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    return this.buf.toString('utf8', start, this.ends[index]!);
  }
}

function installCompactSharedStrings(reader: object): void {
  let view: unknown;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => view,
    set: (value: unknown) => {
      if (!Array.isArray(value)) {
        view = value;
        return;
      }
      const store = new CompactStrings();
      view = new Proxy(store, {
        get(target, prop, receiver) {
          if (typeof prop === 'string') {
            const i = Number(prop);
            if (Number.isInteger(i)) return target.get(i);
          }
          const member = Reflect.get(target, prop, receiver) as unknown;
          return typeof member === 'function' ? member.bind(target) : member;
        },
      });
    },
  });
}

type ParseEvent = { eventType: string; value: { name?: string } & Record<string, unknown> };

/** exceljs's streaming reader with the methods this file drives (not in its type declarations). */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  properties?: { date1904?: boolean };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<ParseEvent>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<ParseEvent>;
}

const WorkbookReaderBase = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: string, options: object) => ReaderInternals & AsyncIterable<unknown>;

/**
 * exceljs's streaming reader, fed entry by entry from the zip's central directory instead of its own pass over
 * the zip stream. That pass (unzipper, and a hand-made stream iterator) now and then lost entries under load —
 * a sheet missing, or the workbook's description, so the sheet had no name — and decoded each chunk on its own.
 * Here the workbook's description, the shared strings and the styles are read first, then the sheets in their
 * tab order, each entry as UTF-8 text decoded across chunk boundaries.
 */
class OrderedWorkbookReader extends WorkbookReaderBase {
  readonly open = new Set<Readable>();
  constructor(
    private readonly file: string,
    private readonly entries: ZipEntryRef[],
    options: object,
  ) {
    super(file, options);
  }

  private async text(name: string): Promise<Readable | null> {
    const e = this.entries.find((x) => x.name.toLowerCase() === name);
    if (!e) return null;
    const stream = await zipEntryText(this.file, e);
    this.open.add(stream);
    stream.once('close', () => this.open.delete(stream));
    return stream;
  }

  async *parse(): AsyncGenerator<ParseEvent> {
    const rels = await this.text('xl/_rels/workbook.xml.rels');
    const book = await this.text('xl/workbook.xml');
    if (!rels || !book) throw notASpreadsheet({ ja: 'Excel ブックが壊れているため読み込めません。', en: 'The Excel workbook is damaged and cannot be read.' });
    await this._parseRels(rels);
    await this._parseWorkbook(book);
    const shared = await this.text('xl/sharedstrings.xml');
    if (shared) yield* this._parseSharedStrings(shared);
    const styles = await this.text('xl/styles.xml');
    if (styles) await this._parseStyles(styles);
    for (const sheet of this.model?.sheets ?? []) {
      const target = (this.workbookRels ?? []).find((r) => r.Id === sheet.rId)?.Target;
      const part = target ? /worksheets\/sheet(\d+)\.xml$/i.exec(target)?.[1] : undefined;
      const stream = part ? await this.text(`xl/worksheets/sheet${part}.xml`) : null;
      if (!stream) continue;
      for (const event of this._parseWorksheet(stream, part!)) {
        if (event.eventType === 'worksheet' && !event.value.name) event.value.name = sheet.name;
        yield event;
      }
    }
  }
}

async function openXlsx(path: string, limits: SheetLimits, sheetName: string | undefined): Promise<Sheet> {
  const entries = await zipDirectory(path);
  if (!entries) throw notASpreadsheet({ ja: 'ファイルが壊れているか、Excel ブックではありません。', en: 'The file is damaged or is not an Excel workbook.' });
  const reader = new OrderedWorkbookReader(path, entries, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // for the number formats that tell dates from numbers
    entries: 'ignore',
  });
  installCompactSharedStrings(reader);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const stream of reader.open) stream.destroy();
  };

  async function* records(): AsyncGenerator<{ line: number; cells: string[] }> {
    let found = false;
    try {
      // Sheets come in tab order: without a name asked for, the first one is read.
      for await (const ws of reader) {
        const w = ws as { name?: string } & AsyncIterable<ExcelJS.Row>;
        if (sheetName !== undefined && w.name !== sheetName) {
          for await (const _row of w) void _row;
          continue;
        }
        found = true;
        const date1904 = Boolean(reader.properties?.date1904);
        for await (const row of w) {
          const cells: string[] = [];
          row.eachCell({ includeEmpty: false }, (cell, col) => {
            while (cells.length < col - 1) cells.push('');
            cells[col - 1] = cellToString(cell as unknown as CellLike, date1904);
          });
          yield { line: row.number, cells };
        }
        break;
      }
    } catch (err) {
      if (err instanceof SheetError) throw err;
      throw notASpreadsheet({ ja: 'Excel ブックが壊れているため読み込めません。', en: 'The Excel workbook is damaged and cannot be read.' });
    }
    if (!found && sheetName !== undefined)
      throw new SheetError('no_header', {
        ja: `ブックに「${sheetName}」という名前のシートがありません。`,
        en: `The workbook has no sheet named "${sheetName}".`,
      });
  }
  return makeSheet('xlsx', null, records(), limits, close);
}
