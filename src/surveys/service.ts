// Importing survey CSVs: parse and check every row first; if any row is bad, nothing is stored. A good
// file is stored in one transaction with its import record and its audit entry.
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { parseSurveyCsv } from './csv.ts';
import type { SurveyIssue, SurveyValueInput } from './model.ts';
import { baselineImported, insertSurveyImport, setImportCounts, upsertSurveyValues } from './repository.ts';

export const BASELINE_FILE = new URL('./data/baseline.csv', import.meta.url);
export const BASELINE_NAME = 'baseline.csv';

export type ImportOutcome = { ok: true; importId: number; rowCount: number; inserted: number; updated: number } | { ok: false; issues: SurveyIssue[] };

export async function importSurveyCsv(handle: DatabaseHandle, input: { bytes: Buffer | string; fileName: string; actor: CurrentUser | null; now: string }): Promise<ImportOutcome> {
  const parsed = parseSurveyCsv(input.bytes);
  if (!parsed.ok) return parsed;
  const rows = parsed.rows.map(({ line: _line, ...r }) => r);
  return handle.db.transaction().execute((trx) => storeImport(trx, rows, input));
}

async function storeImport(trx: Db, rows: SurveyValueInput[], input: { fileName: string; actor: CurrentUser | null; now: string }): Promise<ImportOutcome> {
  const importId = await insertSurveyImport(trx, { now: input.now, actorUserId: input.actor?.id ?? null, actorName: input.actor?.displayName ?? null, fileName: input.fileName, rowCount: rows.length });
  const counts = await upsertSurveyValues(trx, rows, importId, input.now);
  await setImportCounts(trx, importId, counts);
  await recordAudit(trx, {
    actorUserId: input.actor?.id ?? null,
    actorName: input.actor?.displayName ?? null,
    organisationId: null,
    subjectKind: 'survey_import',
    subjectId: importId,
    action: 'survey_imported',
    after: { fileName: input.fileName, rows: rows.length, ...counts },
    now: input.now,
  });
  return { ok: true, importId, rowCount: rows.length, ...counts };
}

/**
 * First start: the shipped baseline figures (内閣府 2018, IPA 2017/2019…) through the same import code.
 * Once imported (even if an administrator later changed a figure) it is never imported again.
 */
export async function seedBaselineSurveys(handle: DatabaseHandle, now = new Date().toISOString()): Promise<number> {
  const parsed = parseSurveyCsv(await readFile(BASELINE_FILE));
  if (!parsed.ok) throw new Error(`the shipped survey baseline is invalid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  const rows = parsed.rows.map(({ line: _line, ...r }) => r);
  return handle.db.transaction().execute(async (trx) => {
    // Several instances may start at once on one PostgreSQL: the lock lets exactly one of them import.
    if (handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7262012)`.execute(trx);
    if (await baselineImported(trx, BASELINE_NAME)) return 0;
    await storeImport(trx, rows, { fileName: BASELINE_NAME, actor: null, now });
    return rows.length;
  });
}
