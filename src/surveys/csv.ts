// Reading a survey CSV: every row is checked and every bad one reported by its line number and column,
// so the program office can fix the file and send it again. Nothing here touches the database.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_LABELS, AUDIENCES, type Label } from '../taxonomy/taxonomy.ts';
import { SURVEY_AUDIENCES, type SurveyAudience, type SurveyIssue, type SurveyUnit, type SurveyValueInput } from './model.ts';

export const MAX_SURVEY_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_SURVEY_ROWS = 10_000;
/** Issues listed at most; past that the file is clearly not a survey CSV and more lines would not help. */
const MAX_ISSUES = 200;

type Field = 'survey' | 'year' | 'question' | 'audience' | 'value' | 'sample_size' | 'source' | 'measure' | 'unit' | 'fieldwork' | 'survey_en' | 'question_en' | 'note';

/** Column names in English (the template's) and in Japanese. */
export const SURVEY_COLUMNS: { field: Field; en: string; ja: string; required: boolean }[] = [
  { field: 'survey', en: 'survey', ja: '調査', required: true },
  { field: 'year', en: 'year', ja: '年', required: true },
  { field: 'question', en: 'question', ja: '設問', required: true },
  { field: 'audience', en: 'audience', ja: '対象', required: true },
  { field: 'value', en: 'value', ja: '値', required: true },
  { field: 'sample_size', en: 'sample_size', ja: '標本数', required: true },
  { field: 'source', en: 'source', ja: '出典', required: true },
  { field: 'measure', en: 'measure', ja: '対応項目', required: false },
  { field: 'unit', en: 'unit', ja: '単位', required: false },
  { field: 'fieldwork', en: 'fieldwork', ja: '調査時期', required: false },
  { field: 'survey_en', en: 'survey_en', ja: '調査（英語）', required: false },
  { field: 'question_en', en: 'question_en', ja: '設問（英語）', required: false },
  { field: 'note', en: 'note', ja: '注記', required: false },
];

const norm = (s: string) => s.normalize('NFKC').trim();
const headerKey = (s: string) => norm(s).toLowerCase().replace(/[\s　]+/g, '_');
const HEADERS = new Map<string, Field>(SURVEY_COLUMNS.flatMap((c) => [[headerKey(c.en), c.field] as const, [headerKey(c.ja), c.field] as const]));
// A few spellings people use.
for (const [k, f] of [['sample size', 'sample_size'], ['n', 'sample_size'], ['サンプル数', 'sample_size'], ['回答数', 'sample_size'], ['調査年', 'year'], ['備考', 'note']] as const) HEADERS.set(headerKey(k), f);

/** Audience as written: a slug, or its Japanese or English label. */
const AUDIENCE_NAMES = new Map<string, SurveyAudience>();
for (const a of SURVEY_AUDIENCES) AUDIENCE_NAMES.set(a, a);
for (const a of AUDIENCES) {
  AUDIENCE_NAMES.set(headerKey(AUDIENCE_LABELS[a].ja), a);
  AUDIENCE_NAMES.set(headerKey(AUDIENCE_LABELS[a].en), a);
}
for (const g of ['individuals', 'organisations'] as const) {
  AUDIENCE_NAMES.set(headerKey(AUDIENCE_GROUP_LABELS[g].ja), g);
  AUDIENCE_NAMES.set(headerKey(AUDIENCE_GROUP_LABELS[g].en), g);
}
AUDIENCE_NAMES.set(headerKey('全体'), 'all');

const UNIT_NAMES = new Map<string, SurveyUnit>([
  ['percent', 'percent'],
  ['%', 'percent'],
  ['パーセント', 'percent'],
  ['割合', 'percent'],
  ['count', 'count'],
  ['件数', 'count'],
  ['数', 'count'],
]);

const MEASURE_RE = /^(personal|business5|diagnosis):[1-9]\d?$/;
const MAX_TEXT = 300;

export type ParseOutcome = { ok: true; rows: (SurveyValueInput & { line: number })[] } | { ok: false; issues: SurveyIssue[] };

const fileIssue = (message: Label): ParseOutcome => ({ ok: false, issues: [{ line: null, column: null, message }] });

/** A number as people type it: full-width digits, thousands separators, a trailing % or ％. */
function parseNumber(raw: string): { n: number; percentSign: boolean } | null {
  let s = norm(raw).replace(/[,，]/g, '');
  const percentSign = s.endsWith('%');
  if (percentSign) s = s.slice(0, -1).trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return { n: Number(s), percentSign };
}

/** Reads and checks a whole file. UTF-8 with or without BOM; the header names its columns. */
export function parseSurveyCsv(bytes: Buffer | string): ParseOutcome {
  if (typeof bytes !== 'string' && bytes.length > MAX_SURVEY_FILE_BYTES) {
    return fileIssue({ ja: `ファイルが大きすぎます（${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MBまで）。いくつかのファイルに分けて取り込んでください。`, en: `The file is too large (at most ${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MB). Split it into several files.` });
  }
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fileIssue({ ja: 'ファイルがUTF-8ではありません（Shift_JISなど）。表計算ソフトで「CSV UTF-8」形式を選んで保存し直してください。', en: 'The file is not UTF-8 (Shift_JIS?). Save it again choosing "CSV UTF-8".' });
  }
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true, to: MAX_SURVEY_ROWS + 2 }) as typeof records;
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : null;
    return { ok: false, issues: [{ line, column: null, message: { ja: 'CSVとして読めません（引用符 " の閉じ忘れなど）。', en: 'The file cannot be read as CSV (an unclosed quote " or similar).' } }] };
  }
  const withLines = records.map((r) => {
    // info.lines is the record's LAST line; a quoted field may span lines, and skipped blank lines come first in raw.
    const body = r.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
    return { cells: r.record, line: r.info.lines - (body.match(/\n/g)?.length ?? 0) };
  });
  const header = withLines.shift();
  if (!header) return fileIssue({ ja: 'ファイルが空です。1行目に見出し、2行目から値を書いてください。', en: 'The file is empty. Put the column names on line 1 and values from line 2.' });
  if (withLines.length > MAX_SURVEY_ROWS) {
    return fileIssue({ ja: `行が多すぎます（${MAX_SURVEY_ROWS.toLocaleString('ja-JP')}行まで）。いくつかのファイルに分けて取り込んでください。`, en: `Too many rows (at most ${MAX_SURVEY_ROWS.toLocaleString('en-GB')}). Split the file into several files.` });
  }

  // Which column holds what.
  const issues: SurveyIssue[] = [];
  const index = new Map<Field, number>();
  header.cells.forEach((name, i) => {
    if (norm(name) === '') return;
    const f = HEADERS.get(headerKey(name));
    if (!f) {
      issues.push({ line: header.line, column: name, message: { ja: `見出し「${name}」は使えません。使える見出し：${SURVEY_COLUMNS.map((c) => `${c.en}（${c.ja}）`).join('、')}`, en: `Unknown column "${name}". Columns: ${SURVEY_COLUMNS.map((c) => c.en).join(', ')}` } });
    } else if (index.has(f)) {
      issues.push({ line: header.line, column: name, message: { ja: `見出し「${name}」が2回あります。`, en: `Column "${name}" appears twice.` } });
    } else index.set(f, i);
  });
  for (const c of SURVEY_COLUMNS) {
    if (c.required && !index.has(c.field)) issues.push({ line: header.line, column: c.en, message: { ja: `見出し「${c.ja}」（${c.en}）がありません。`, en: `The column "${c.en}" (${c.ja}) is missing.` } });
  }
  if (issues.length) return { ok: false, issues };
  if (withLines.length === 0) return fileIssue({ ja: '値の行がありません。2行目から値を書いてください。', en: 'There are no rows of values. Put them from line 2.' });

  const rows: (SurveyValueInput & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { cells, line } of withLines) {
    if (issues.length >= MAX_ISSUES) break;
    // Texts are kept as written (only trimmed): NFKC would turn the source's full-width （） into ( ).
    const raw = (f: Field) => {
      const i = index.get(f);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const get = (f: Field) => norm(raw(f));
    const bad = (f: Field, message: Label) => issues.push({ line, column: SURVEY_COLUMNS.find((c) => c.field === f)!.en, message });
    const before = issues.length;
    if (cells.length > header.cells.length && cells.slice(header.cells.length).some((c) => norm(c) !== '')) {
      issues.push({ line, column: null, message: { ja: `値が見出しより多くあります（見出しは${header.cells.length}列）。値にコンマがあるときは " で囲んでください。`, en: `More values than columns (${header.cells.length}). Put values containing a comma in double quotes.` } });
    }

    const text = (f: Field, required: boolean, label: Label): string => {
      const v = raw(f);
      if (required && v === '') bad(f, { ja: `${label.ja}が空です。`, en: `${label.en} is empty.` });
      else if (v.length > MAX_TEXT) bad(f, { ja: `${label.ja}が長すぎます（${MAX_TEXT}文字まで）。`, en: `${label.en} is too long (at most ${MAX_TEXT} characters).` });
      return v;
    };
    const survey = text('survey', true, { ja: '調査名', en: 'The survey' });
    const question = text('question', true, { ja: '設問', en: 'The question' });
    const source = text('source', true, { ja: '出典', en: 'The source' });
    const surveyEn = text('survey_en', false, { ja: '調査名（英語）', en: 'The survey in English' });
    const questionEn = text('question_en', false, { ja: '設問（英語）', en: 'The question in English' });
    const fieldwork = text('fieldwork', false, { ja: '調査時期', en: 'The fieldwork date' });
    const note = text('note', false, { ja: '注記', en: 'The note' });

    const yearRaw = get('year').replace(/年$/, '');
    const year = /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : NaN;
    if (!(year >= 1900 && year <= 2100)) bad('year', { ja: `年「${get('year')}」は西暦の年（例：2019）ではありません。`, en: `Year "${get('year')}" is not a year (e.g. 2019).` });

    const audRaw = get('audience');
    const audience = AUDIENCE_NAMES.get(headerKey(audRaw));
    if (!audience) bad('audience', { ja: `対象「${audRaw}」は使えません。使える値：${SURVEY_AUDIENCES.join('、')}`, en: `Unknown audience "${audRaw}". Use one of: ${SURVEY_AUDIENCES.join(', ')}` });

    const unitRaw = get('unit');
    const unit = unitRaw === '' ? 'percent' : UNIT_NAMES.get(unitRaw.toLowerCase());
    if (!unit) bad('unit', { ja: `単位「${unitRaw}」は使えません。percent か count にしてください。`, en: `Unknown unit "${unitRaw}". Use percent or count.` });

    const valueRaw = get('value');
    const v = parseNumber(valueRaw);
    if (valueRaw === '') bad('value', { ja: '値が空です。', en: 'The value is empty.' });
    else if (!v) bad('value', { ja: `値「${valueRaw}」は数ではありません（例：58.5 または 58.5%）。`, en: `Value "${valueRaw}" is not a number (e.g. 58.5 or 58.5%).` });
    else if (unit === 'count' && (v.percentSign || v.n < 0 || !Number.isInteger(v.n))) bad('value', { ja: `値「${valueRaw}」は件数（0以上の整数）ではありません。`, en: `Value "${valueRaw}" is not a count (a whole number, 0 or more).` });
    else if (unit !== 'count' && (v.n < 0 || v.n > 100)) bad('value', { ja: `値「${valueRaw}」が0〜100の範囲にありません（割合はパーセントで書きます）。`, en: `Value "${valueRaw}" is not between 0 and 100 (percentages are written in percent).` });

    const nRaw = get('sample_size');
    let sampleSize: number | null = null;
    if (nRaw !== '') {
      const n = parseNumber(nRaw);
      if (!n || n.percentSign || !Number.isInteger(n.n) || n.n < 1) bad('sample_size', { ja: `標本数「${nRaw}」は1以上の整数ではありません（不明なら空にします）。`, en: `Sample size "${nRaw}" is not a whole number of 1 or more (leave it empty when unknown).` });
      else sampleSize = n.n;
    }

    const measure = get('measure');
    if (measure !== '' && !MEASURE_RE.test(measure)) bad('measure', { ja: `対応項目「${measure}」の形が違います（例：personal:5 ＝ かんたんチェックの5番目の対策）。`, en: `Measure "${measure}" is not of the form check:item (e.g. personal:5, the 5th measure of the quick check).` });

    if (issues.length === before) {
      const key = JSON.stringify([survey, year, question, audience]);
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push({ line, column: null, message: { ja: `${first}行目と同じ調査・年・設問・対象です（同じ値を2回は取り込めません）。`, en: `Same survey, year, question and audience as line ${first} (one value each).` } });
        continue;
      }
      seen.set(key, line);
      rows.push({ line, survey, surveyEn, year, question, questionEn, audience: audience!, value: Math.round(v!.n * 10) / 10, unit: unit!, sampleSize, source, fieldwork, measure, note });
    }
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, rows };
}

/** The template offered for download: the header and one example row (with a BOM, for Excel). */
export function surveyTemplateCsv(): string {
  return stringify(
    [
      SURVEY_COLUMNS.map((c) => c.en),
      // Exactly the shipped baseline's row: a template sent back unchanged alters nothing.
      ['情報セキュリティの脅威に対する意識調査', '2019', 'セキュリティソフトの導入', 'individuals', '55.1', '', '独立行政法人情報処理推進機構（IPA）「2019年度 情報セキュリティの脅威に対する意識調査」（PCの利用者）', 'personal:5', 'percent', '', 'Survey on awareness of information security threats', 'Installs security software', 'PCの利用者。標本数は参考資料に記載がないため空欄。対応項目は編集部の判断。数値は参考資料（checklists-and-figures.md）から転記。公式の報告書で確認してください。'],
    ],
    { bom: true, record_delimiter: '\r\n' },
  );
}
