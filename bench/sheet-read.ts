// Reading a large spreadsheet (issue 10): BENCH_SHEET_ROWS (default 100,000) rows of realistic initiative
// columns, written once as CSV (UTF-8 BOM, through write.ts), as Shift_JIS CSV and as .xlsx (write.ts,
// streamed), then read back through openSheet. Each read runs in its own child process so that its peak RSS
// is its own. Prints rows/s, the peak RSS and the heap in use at the end for each; not part of `npm run bench`.
//   npx tsx bench/sheet-read.ts
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openSheet } from '../src/imports/sheet.ts';
import { writeSheet } from '../src/imports/write.ts';

const ROWS = Number(process.env.BENCH_SHEET_ROWS ?? 100_000);
const HEADER = ['外部ID', 'タイトル', '団体', '概要', '対象', 'テーマ', '開始日', '終了日', '定員', '参加費', 'URL', '公開'];

function* rows(): Generator<string[]> {
  for (let i = 0; i < ROWS; i++)
    yield [
      `ini-${i}`,
      `高齢者向け特殊詐欺防止講座 第${i}回`,
      `minato-safety-${i % 300}`,
      `地域の公民館で、電話で「還付金がある」と言われたときの対応を練習します。回 ${i}。`.repeat(2),
      '高齢者;家族',
      '特殊詐欺、防犯',
      `令和${8 + (i % 3)}年${1 + (i % 12)}月${1 + (i % 28)}日`,
      `2027/${1 + (i % 12)}/${1 + (i % 28)}`,
      String(i % 200),
      i % 5 === 0 ? '無料' : '1,000円',
      `https://example.org/initiatives/${i}`,
      i % 2 ? 'はい' : 'いいえ',
    ];
}

async function measure(path: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const sheet = await openSheet(path);
  let count = 0;
  let chars = 0;
  for await (const row of sheet.rows) {
    count++;
    chars += row.cells[1]!.length;
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.send!({ count, chars, ms, peakRssMb: peak / 2 ** 20, heapMb: process.memoryUsage().heapUsed / 2 ** 20, encoding: sheet.encoding });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-sheet-bench-'));
  try {
    const csv = join(dir, 'big.csv');
    const xlsx = join(dir, 'big.xlsx');
    const sjis = join(dir, 'big-sjis.csv');
    let t = performance.now();
    await writeSheet('csv', createWriteStream(csv), { name: 'initiatives', header: HEADER, rows: rows() });
    const csvWriteMs = performance.now() - t;
    t = performance.now();
    await writeSheet('xlsx', createWriteStream(xlsx), { name: 'initiatives', header: HEADER, rows: rows() });
    const xlsxWriteMs = performance.now() - t;
    // Excel itself keeps text in a shared-string table, which the reader must hold while it reads the rows.
    const shared = join(dir, 'big-shared.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: shared, useSharedStrings: true });
    const ws = wb.addWorksheet('initiatives');
    ws.addRow(HEADER).commit();
    for (const r of rows()) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
    writeFileSync(sjis, toShiftJis([HEADER, ...rows()].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n'));
    console.log(`${ROWS.toLocaleString('en')} rows written: CSV ${(statSync(csv).size / 2 ** 20).toFixed(1)} MB in ${(csvWriteMs / 1000).toFixed(1)} s, xlsx ${(statSync(xlsx).size / 2 ** 20).toFixed(1)} MB in ${(xlsxWriteMs / 1000).toFixed(1)} s`);
    for (const [label, path] of [
      ['CSV UTF-8 BOM', csv],
      ['CSV Shift_JIS', sjis],
      ['xlsx', xlsx],
      ['xlsx shared', shared],
    ] as const) {
      const r = await new Promise<{ count: number; ms: number; peakRssMb: number; heapMb: number; encoding: string | null }>((resolve, reject) => {
        const child = fork(new URL(import.meta.url).pathname, ['--read', path], { execArgv: ['--import', 'tsx'] });
        child.once('message', (m) => resolve(m as never));
        child.once('error', reject);
        child.once('exit', (code) => code && reject(new Error(`reader exited ${code}`)));
      });
      if (r.count !== ROWS) throw new Error(`${label}: read ${r.count} rows, expected ${ROWS}`);
      console.log(
        `${label.padEnd(14)} ${Math.round((r.count / r.ms) * 1000).toLocaleString('en').padStart(8)} rows/s  ${(r.ms / 1000).toFixed(2)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB  heap at end ${r.heapMb.toFixed(0)} MB  (${r.encoding ?? 'zip'})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Test data only: Node has a Shift_JIS decoder but no encoder, so run the decoder backwards.
function toShiftJis(s: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('shift_jis');
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (trail !== 0x7f && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out = Buffer.alloc(s.length * 2);
  let p = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out[p++] = code;
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no Shift_JIS code for ${ch}`);
      for (const b of bytes) out[p++] = b;
    }
  }
  return out.subarray(0, p);
}

if (process.argv[2] === '--read') await measure(process.argv[3]!);
else await main();
