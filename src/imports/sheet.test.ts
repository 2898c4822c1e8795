// Reading and writing spreadsheets as people bring them: encodings Japanese Excel writes, broken files,
// workbooks with formulas and macros, and exports that a spreadsheet cannot run.
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsvSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { CompactStrings, detectFormat, openSheet, SheetError, type SheetErrorCode, type SheetLimits, type SheetRow } from './sheet.ts';
import { neutraliseCell, writeSheet, writeWorkbook } from './write.ts';
import { zip as storedZip } from '../materials/test-files.ts';
import { shiftJis } from '../../test/support/shift-jis.ts';

let dir: string;
let n = 0;

async function file(content: string | Uint8Array, ext = 'csv'): Promise<string> {
  const p = join(dir, `f${++n}.${ext}`);
  await writeFile(p, content);
  return p;
}

async function readAll(path: string, opts: { name?: string; limits?: Partial<SheetLimits>; sheetName?: string } = {}) {
  const sheet = await openSheet(path, opts);
  const rows: SheetRow[] = [];
  for await (const r of sheet.rows) rows.push(r);
  return { sheet, rows };
}

/** Reads a file that must be refused; returns the error and the rows read before it. */
async function refusal(path: string, opts: { name?: string; limits?: Partial<SheetLimits> } = {}) {
  const rows: SheetRow[] = [];
  try {
    const sheet = await openSheet(path, opts);
    for await (const r of sheet.rows) rows.push(r);
  } catch (err) {
    assert.ok(err instanceof SheetError, `a SheetError, not ${String(err)}`);
    assert.ok(err.text.ja && err.text.en, 'explained in both languages');
    return { err, rows };
  }
  assert.fail('the file was accepted');
}

async function assertRefused(path: string, code: SheetErrorCode, line: number | null, opts: { name?: string; limits?: Partial<SheetLimits> } = {}) {
  const { err } = await refusal(path, opts);
  assert.equal(err.code, code, err.message);
  assert.equal(err.line, line, err.message);
  return err;
}

// A zip of stored entries, for archives exceljs would not write (materials' test files have the writer).
const zip = (entries: Record<string, string | Buffer>): Buffer => storedZip(Object.entries(entries).map(([name, data]) => ({ name, data })));

const WORKBOOK_PARTS = {
  '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'xl/workbook.xml': '<?xml version="1.0"?><workbook/>',
};

describe('spreadsheet files', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lastmile-sheet-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('CSV', () => {
    test('UTF-8 without BOM: header trimmed, rows numbered as in Excel, short rows padded', async () => {
      const { sheet, rows } = await readAll(await file(' タイトル , 開催日,定員\n詐欺防止講座,2027/2/1,30\n"改行\nあり",令和9年2月1日\n'));
      assert.equal(sheet.format, 'csv');
      assert.equal(sheet.encoding, 'utf-8');
      assert.deepEqual(sheet.header, ['タイトル', '開催日', '定員']);
      assert.deepEqual(rows, [
        { line: 2, cells: ['詐欺防止講座', '2027/2/1', '30'] },
        { line: 3, cells: ['改行\nあり', '令和9年2月1日', ''] },
      ]);
    });

    test('UTF-8 with BOM: the BOM is not part of the first column name', async () => {
      const { sheet, rows } = await readAll(await file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('名前,メール\r\n佐藤,a@example.org\r\n')])));
      assert.equal(sheet.encoding, 'utf-8-bom');
      assert.deepEqual(sheet.header, ['名前', 'メール']);
      assert.deepEqual(rows, [{ line: 2, cells: ['佐藤', 'a@example.org'] }]);
    });

    test('Shift_JIS as Japanese Excel writes it, with NEC and IBM extension characters (①, ㈱, 髙)', async () => {
      const bytes = shiftJis('団体名,代表者,備考\r\n㈱みなと安全会,髙橋 ①,ｶﾅ～\r\n');
      assert.ok(bytes.includes(0x87), 'the test data uses the NEC special row');
      const { sheet, rows } = await readAll(await file(bytes));
      assert.equal(sheet.encoding, 'shift_jis');
      assert.deepEqual(sheet.header, ['団体名', '代表者', '備考']);
      assert.deepEqual(rows, [{ line: 2, cells: ['㈱みなと安全会', '髙橋 ①', 'ｶﾅ～'] }]);
    });

    test('Shift_JIS whose first 64 KiB are plain ASCII is still recognised', async () => {
      const ascii = 'code,name\r\n' + Array.from({ length: 4000 }, (_, i) => `c${i},item number ${i}`).join('\r\n') + '\r\n';
      assert.ok(ascii.length > 64 * 1024);
      const { sheet, rows } = await readAll(await file(Buffer.concat([Buffer.from(ascii), shiftJis('c9999,髙橋①\r\n')])));
      assert.equal(sheet.encoding, 'shift_jis');
      assert.deepEqual(rows.at(-1), { line: 4002, cells: ['c9999', '髙橋①'] });
    });

    test('bytes that are neither UTF-8 nor Shift_JIS are refused, naming the accepted encodings', async () => {
      let seed = 42;
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 255) + 1));
      bytes[100] = 0xff; // never valid in either
      const err = await assertRefused(await file(bytes), 'encoding', null);
      assert.match(err.text.ja, /UTF-8.*Shift_JIS/);
      assert.match(err.text.en, /UTF-8.*Shift_JIS/);
    });

    test('an invalid byte after the first 64 KiB is refused with its line', async () => {
      const lines = ['id,本文'];
      while (Buffer.byteLength(lines.join('\n')) < 80 * 1024) lines.push(`${lines.length},日本語のテキスト${'あ'.repeat(40)}`);
      const badLine = lines.length + 1;
      // The file is read in 64 KiB pieces: a character cut by the first piece's end must not count as bad.
      let good = Buffer.from(lines.join('\n') + '\n');
      for (let pad = 1; !(good[64 * 1024]! >= 0x80 && good[64 * 1024]! < 0xc0); pad++) good = Buffer.from(' '.repeat(pad) + lines.join('\n') + '\n');
      const bytes = Buffer.concat([good, Buffer.from(`${badLine},壊れ`), Buffer.from([0xff, 0xfe]), Buffer.from('た\n999,後\n')]);
      const { err, rows } = await refusal(await file(bytes));
      assert.equal(err.code, 'encoding');
      assert.equal(err.line, badLine);
      assert.ok(rows.every((r) => r.line < badLine));
    });

    test('broken quoting is refused with the row where the quote opens', async () => {
      const notClosed = await assertRefused(await file('a,b\n1,2\n"x,3\n4,5\n'), 'quoting', 3);
      assert.match(notClosed.text.ja, /引用符（"）が閉じられていません/);
      await assertRefused(await file('a,b\n1,2\n3,"4"x\n'), 'quoting', 3);
      await assertRefused(await file('a,b\r\n1,2"3\r\n'), 'quoting', 2);
    });

    test('an unclosed quote does not swallow the whole file: bounded by the limits', async () => {
      const body = 'a,b\n"open,' + 'x,'.repeat(20_000) + '\n';
      await assertRefused(await file(body), 'quoting', 2, { limits: { maxCellChars: 100, maxColumns: 5 } });
    });

    test('a value beyond the header is refused; empty trailing cells (Excel leftovers) are not', async () => {
      await assertRefused(await file('a,b\n1,2\n3,4,5\n'), 'row_too_wide', 3);
      const { sheet, rows } = await readAll(await file('a,b,,\n1,2,,\n3,,,\n'));
      assert.deepEqual(sheet.header, ['a', 'b']);
      assert.deepEqual(rows.map((r) => r.cells), [['1', '2'], ['3', '']]);
    });

    test('an empty file, or one with only a BOM and blank lines, is refused as empty', async () => {
      await assertRefused(await file(''), 'empty', null);
      await assertRefused(await file('\uFEFF\r\n\r\n  \r\n'), 'empty', null);
      await assertRefused(await file(',,\n,,\n'), 'empty', null);
    });

    test('a header alone gives no rows; blank lines before it are skipped', async () => {
      const { sheet, rows } = await readAll(await file('\n\nタイトル,日付\n,\n'));
      assert.deepEqual(sheet.header, ['タイトル', '日付']);
      assert.equal(sheet.headerLine, 3);
      assert.deepEqual(rows, []);
    });

    test('CRLF, LF and CR line ends; empty rows are skipped but still counted as Excel does', async () => {
      const { rows } = await readAll(await file('a,b\r\n\r\n1,2\r\n3,4\n\n5,6\r7,8'));
      assert.deepEqual(rows, [
        { line: 3, cells: ['1', '2'] },
        { line: 4, cells: ['3', '4'] },
        { line: 6, cells: ['5', '6'] },
        { line: 7, cells: ['7', '8'] },
      ]);
    });

    test('tab-separated text is read too', async () => {
      const { rows, sheet } = await readAll(await file('名前\t説明\nA\t"x, y"\n', 'txt'));
      assert.deepEqual(sheet.header, ['名前', '説明']);
      assert.deepEqual(rows, [{ line: 2, cells: ['A', 'x, y'] }]);
    });

    test('a header with an empty or repeated column name is refused', async () => {
      await assertRefused(await file('a,,c\n1,2,3\n'), 'no_header', 1);
      const err = await assertRefused(await file('\ntitle,date,title\n'), 'no_header', 2);
      assert.match(err.text.ja, /title/);
    });

    test('limits: rows, columns and cell length', async () => {
      const body = 'a\n' + Array.from({ length: 5 }, (_, i) => `r${i}`).join('\n') + '\n';
      const { err, rows } = await refusal(await file(body), { limits: { maxRows: 3 } });
      assert.equal(err.code, 'too_many_rows');
      assert.equal(err.line, 5);
      assert.equal(rows.length, 3);
      assert.match(err.text.ja, /3 行まで/);
      await assertRefused(await file('a,b,c,d\n'), 'too_many_columns', 1, { limits: { maxColumns: 3 } });
      await assertRefused(await file(`a,b\nok,${'x'.repeat(11)}\n`), 'cell_too_long', 2, { limits: { maxCellChars: 10 } });
      assert.equal((await readAll(await file(`a\n${'x'.repeat(10)}\n`), { limits: { maxCellChars: 10 } })).rows.length, 1);
    });
  });

  describe('xlsx', () => {
    async function workbookFile(build: (wb: ExcelJS.Workbook) => void, ext = 'xlsx'): Promise<string> {
      const wb = new ExcelJS.Workbook();
      build(wb);
      return file(Buffer.from(await wb.xlsx.writeBuffer()), ext);
    }

    test('cell values become the strings a person sees; formulas give their saved result and are never run', async () => {
      const path = await workbookFile((wb) => {
        const ws = wb.addWorksheet('取組');
        ws.addRow(['タイトル', '件数', '開催日', '開始', '割合', '計算', '未計算', '公開', 'リンク', 'エラー']);
        const row = ws.addRow([
          { richText: [{ text: '詐欺', font: { bold: true } }, { text: '防止' }] },
          1234,
          new Date(Date.UTC(2027, 1, 1)),
          new Date(Date.UTC(2027, 1, 1, 14, 30)),
          0.1 + 0.2,
          { formula: 'NOW()', result: '保存された値' },
          { formula: 'B2*2' },
          true,
          { text: 'サイト', hyperlink: 'https://example.org/' },
          { error: '#N/A' },
        ]);
        row.getCell(3).numFmt = 'yyyy/m/d';
        row.getCell(4).numFmt = 'yyyy/m/d h:mm';
        ws.addRow([]);
        ws.addRow(['次', 3, null, null, 1e-7, { formula: 'B4+1', result: 4 }]);
        const time = ws.getRow(4).getCell(4);
        time.value = new Date(Date.UTC(1899, 11, 30, 9, 30));
        time.numFmt = 'h:mm';
        wb.addWorksheet('other').addRow(['x']);
      });
      const { sheet, rows } = await readAll(path);
      assert.equal(sheet.format, 'xlsx');
      assert.equal(sheet.encoding, null);
      assert.deepEqual(sheet.header, ['タイトル', '件数', '開催日', '開始', '割合', '計算', '未計算', '公開', 'リンク', 'エラー']);
      assert.deepEqual(rows, [
        { line: 2, cells: ['詐欺防止', '1234', '2027-02-01', '2027-02-01 14:30', '0.3', '保存された値', '', 'TRUE', 'サイト', ''] },
        { line: 4, cells: ['次', '3', '', '09:30', '0.0000001', '4', '', '', '', ''] },
      ]);
    });

    test('Japanese text cut between two chunks of the file reads back exactly (20,000 rows)', async () => {
      // exceljs decoded each chunk on its own: about 1 row in 700 got U+FFFD where a character was cut.
      const path = join(dir, 'japanese.xlsx');
      const text = (i: number) => `高齢者向けのスマートフォン安全教室（第${i}回）。詐欺メールの見分け方を実演します。`;
      async function* rows() {
        for (let i = 0; i < 20_000; i++) yield [String(i), text(i)];
      }
      await writeWorkbook(createWriteStream(path), [{ name: 'x', header: ['id', 'text'], rows: rows() }]);
      let n = 0;
      const wrong: string[] = [];
      for await (const r of (await openSheet(path)).rows) {
        n++;
        if (r.cells[1] !== text(Number(r.cells[0]))) wrong.push(r.cells[1]!);
      }
      assert.equal(n, 20_000);
      assert.deepEqual(wrong.slice(0, 3), []);
    });

    test('a sheet chosen by name; the first sheet otherwise', async () => {
      const path = await workbookFile((wb) => {
        wb.addWorksheet('説明').addRows([['このブックについて'], ['…']]);
        wb.addWorksheet('イベント').addRows([['タイトル'], ['講座']]);
      });
      assert.deepEqual((await readAll(path)).sheet.header, ['このブックについて']);
      const { sheet, rows } = await readAll(path, { sheetName: 'イベント' });
      assert.deepEqual(sheet.header, ['タイトル']);
      assert.deepEqual(rows, [{ line: 2, cells: ['講座'] }]);
      const missing = await openSheet(path, { sheetName: '教材' }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(missing instanceof SheetError && missing.code === 'no_header');
    });

    test('an empty workbook and a value beyond the header are refused', async () => {
      await assertRefused(await workbookFile((wb) => void wb.addWorksheet('空')), 'empty', null);
      const wide = await workbookFile((wb) => {
        const ws = wb.addWorksheet('s');
        ws.addRows([['a', 'b'], ['1', '2']]);
        ws.getCell('D3').value = 'stray';
      });
      await assertRefused(wide, 'row_too_wide', 3);
    });

    test('too many rows', async () => {
      const path = await workbookFile((wb) => {
        const ws = wb.addWorksheet('s');
        ws.addRow(['n']);
        for (let i = 0; i < 10; i++) ws.addRow([i]);
      });
      await assertRefused(path, 'too_many_rows', 7, { limits: { maxRows: 5 } });
    });

    test('a workbook with macros is refused, by its content or by its .xlsm name', async () => {
      const withVba = await file(zip({ ...WORKBOOK_PARTS, 'xl/vbaProject.bin': Buffer.from([1, 2, 3]) }), 'xlsx');
      const err = await assertRefused(withVba, 'macros', null);
      assert.equal(err.text.ja, 'マクロ付きのブックは受け付けません。.xlsx または CSV で保存し直してください。');
      const plain = await workbookFile((wb) => void wb.addWorksheet('s').addRow(['a']));
      await assertRefused(plain, 'macros', null, { name: '取組.xlsm' });
    });

    test('other files are refused as not a spreadsheet: zip, Word, old .xls, PDF, PNG, binary', async () => {
      const cases: [Buffer, string][] = [
        [zip({ 'readme.txt': 'hello' }), 'zip'],
        [zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }), 'docx'],
        [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 'xls'],
        [Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'pdf'],
        [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'png'],
        [Buffer.from([0x41, 0x42, 0, 0, 0x43]), 'bin'],
        [Buffer.from('<!DOCTYPE html><html><body><table></table></body></html>'), 'xls'],
        [Buffer.from('PK\x03\x04garbage that is no zip'), 'xlsx'],
      ];
      for (const [bytes, ext] of cases) {
        const path = await file(bytes, ext);
        const err = await assertRefused(path, 'not_a_spreadsheet', null, { name: `upload.${ext}` });
        assert.match(err.text.ja, /\.xlsx.*CSV/);
        await assert.rejects(detectFormat(path, `upload.${ext}`), (e: unknown) => e instanceof SheetError && e.code === 'not_a_spreadsheet');
      }
    });

    test('the shared-string table is kept compact and gives back every string', () => {
      const store = new CompactStrings();
      const strings = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '' : `文字列 ${i} ${'あ'.repeat(i % 50)}`));
      for (const s of strings) store.push(s);
      store.push({ richText: [{ text: '太字' }, { text: 'と普通' }] });
      assert.equal(store.length, 5001);
      strings.forEach((s, i) => assert.equal(store.get(i), s));
      assert.equal(store.get(5000), '太字と普通');
      assert.equal(store.get(5001), undefined);
    });

    test('detectFormat trusts the bytes over the name', async () => {
      assert.equal(await detectFormat(await file('a,b\n', 'xlsx'), 'data.xlsx'), 'csv');
      const path = await workbookFile((wb) => void wb.addWorksheet('s').addRow(['a']), 'csv');
      assert.equal(await detectFormat(path, 'data.csv'), 'xlsx');
      assert.deepEqual((await readAll(path, { name: 'data.csv' })).sheet.header, ['a']);
    });
  });

  describe('export and read back', () => {
    const header = ['タイトル', '電話', 'メモ'];
    const rows = [
      ['=1+1', '+81-3-1234-5678', '-5'],
      ['@SUM(A1)', '＝１', 'tab\tstart'],
      ['行1\n行2 "引用"', "'=already", '日本語の説明, コンマ入り'],
      ['＋１', '－２', '＠me'],
      ['\rcr', "''+x", ' 前後の空白 '],
      ['plain', '', '5'],
    ];

    test('CSV: UTF-8 with BOM and CRLF, every dangerous cell behind an apostrophe, and read back exactly', async () => {
      const path = join(dir, 'export.csv');
      await writeSheet('csv', createWriteStream(path), { name: 'export', header, rows });
      const raw = await readFile(path);
      assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with a BOM');
      assert.ok(raw.toString('utf8').includes('\r\n'));
      const records = parseCsvSync(raw.toString('utf8').slice(1), { relax_column_count: true }) as string[][];
      for (const cell of records.flat()) assert.doesNotMatch(cell, /^[=+\-@\t\r＝＋－＠]/, `${JSON.stringify(cell)} is neutralised`);
      assert.equal(records[1]![0], "'=1+1");
      assert.equal(records[1]![2], "'-5");
      const back = await readAll(path);
      assert.deepEqual(back.sheet.header, header);
      assert.deepEqual(
        back.rows.map((r) => r.cells),
        rows,
      );
    });

    test('xlsx: every cell is a string, none a formula; header bold and frozen; read back exactly', async () => {
      const path = join(dir, 'export.xlsx');
      await writeSheet('xlsx', createWriteStream(path), { name: '取組', header, notes: ['必須', '半角数字'], rows });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const ws = wb.getWorksheet('取組')!;
      assert.ok(ws.getCell('A1').font?.bold);
      assert.equal(ws.views[0]?.state, 'frozen');
      let cells = 0;
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          assert.equal(cell.type, ExcelJS.ValueType.String, `${cell.address} is a string`);
          assert.equal(cell.formula, undefined);
        }),
      );
      assert.equal(cells, header.length + rows.flat().filter((c) => c !== '').length);
      assert.equal(ws.getCell('A2').value, '=1+1');
      const back = await readAll(path);
      assert.deepEqual(back.sheet.header, header);
      assert.deepEqual(
        back.rows.map((r) => r.cells),
        rows.map((r) => r.map((c) => c.replace(/\r\n?/g, '\n'))),
      );
    });

    test('a workbook of several sheets, with names Excel accepts', async () => {
      const path = join(dir, 'all.xlsx');
      async function* many() {
        for (let i = 0; i < 120; i++) yield [`item ${i}`];
      }
      await writeWorkbook(createWriteStream(path), [
        { name: '取組', header: ['t'], rows: [['a']] },
        { name: 'events/2027: [draft]?', header: ['t'], rows: many() },
        { name: '取組', header: ['t'], rows: [] },
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        ['取組', 'events 2027   draft', '取組-2'],
      );
      const { rows } = await readAll(path, { sheetName: 'events 2027   draft' });
      assert.equal(rows.length, 120);
      assert.deepEqual(rows[119], { line: 121, cells: ['item 119'] });
    });

    test('a failure while producing rows rejects the write and leaves no complete-looking file', async () => {
      async function* failing() {
        yield ['ok'];
        throw new Error('database went away');
      }
      for (const format of ['csv', 'xlsx'] as const) {
        const path = join(dir, `failed.${format}`);
        const out = createWriteStream(path);
        await assert.rejects(writeSheet(format, out, { name: 's', header: ['t'], rows: failing() }), /database went away/);
        assert.ok(out.destroyed);
      }
    });

    test('neutraliseCell leaves ordinary text alone', () => {
      assert.equal(neutraliseCell('詐欺防止'), '詐欺防止');
      assert.equal(neutraliseCell('a=b'), 'a=b');
      assert.equal(neutraliseCell(''), '');
      assert.equal(neutraliseCell("'quoted"), "'quoted");
      assert.equal(neutraliseCell('=HYPERLINK("http://evil")'), `'=HYPERLINK("http://evil")`);
    });
  });
});
