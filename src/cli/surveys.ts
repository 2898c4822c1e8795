// `surveys import <file.csv>`: the survey series import of the administrators' page (/admin/surveys), from
// the command line: the same reader, the same checks and messages, all rows or none.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { dialectOf, sqliteFile } from '../ops/backup.ts';
import { OpsError } from '../ops/errors.ts';
import { appliedMigrations } from '../ops/schema.ts';
import { MAX_SURVEY_FILE_BYTES } from '../surveys/csv.ts';
import type { SurveyIssue } from '../surveys/model.ts';
import { importSurveyCsv } from '../surveys/service.ts';
import { action, cliConfig, EXIT, EXIT_CODES_HELP, progress, result, usageExit } from './common.ts';

/** At most one byte past the limit is read: enough for the reader to say the file is too large. */
async function readLimited(path: string): Promise<Buffer> {
  let f;
  try {
    f = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OpsError(`Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}. / ファイルを読めません。`, code === 'ENOENT' ? EXIT.usage : EXIT.failure);
  }
  try {
    const buf = Buffer.alloc(MAX_SURVEY_FILE_BYTES + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await f.read(buf, size, buf.length - size, null);
      if (!bytesRead) break;
      size += bytesRead;
      if (size === buf.length) break;
    }
    return buf.subarray(0, size);
  } finally {
    await f.close();
  }
}

/**
 * The portal's database as it is: a command that adds to it does not create a SQLite file where DATABASE_URL
 * points by mistake, nor write into a database that was never migrated.
 */
export async function openPortalDatabase(databaseUrl: string): Promise<DatabaseHandle> {
  if (dialectOf(databaseUrl) === 'sqlite' && !existsSync(sqliteFile(databaseUrl))) throw new OpsError(`The database file ${sqliteFile(databaseUrl)} does not exist (DATABASE_URL). / データベースのファイルがありません。`, EXIT.usage);
  const handle = openDatabase(databaseUrl);
  if ((await appliedMigrations(handle)).length === 0) {
    await handle.destroy();
    throw new OpsError('This database was never migrated: run `migrate` first (or check DATABASE_URL). / マイグレーションが未適用です。', EXIT.usage);
  }
  return handle;
}

export function issueLine(i: SurveyIssue): string {
  const where = i.line === null ? 'file' : `line ${i.line}${i.column ? `, column ${i.column}` : ''}`;
  return `  ${where}: ${i.message.en} / ${i.message.ja}`;
}

function importCommand(): Command {
  return new Command('import')
    .summary('import a survey series CSV (as on /admin/surveys) / 調査結果のCSVを取り込む')
    .description(
      `Imports a CSV of survey figures into the database of DATABASE_URL, exactly as the administrators' page /admin/surveys does: UTF-8 with or without BOM, the template's columns (English or Japanese names), at most ${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MB. Every row is checked first; if any is wrong, nothing is stored and each problem is listed by line and column (exit 1). A figure already there (same survey, year, question and audience) is updated, not duplicated. The audit trail records the import without a user.`,
    )
    .argument('<file.csv>', 'the CSV file (the template: /admin/surveys/template.csv)')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride(usageExit)
    .action(
      action(async (path: string) => {
        const config = cliConfig();
        const bytes = await readLimited(path);
        const handle = await openPortalDatabase(config.databaseUrl);
        try {
          const r = await importSurveyCsv(handle, { bytes, fileName: basename(path), actor: null, now: new Date().toISOString() });
          if (!r.ok) {
            for (const i of r.issues) progress(issueLine(i));
            throw new OpsError(`${basename(path)} was not imported: ${r.issues.length} ${r.issues.length === 1 ? 'problem' : 'problems'} (listed above); nothing was stored. Fix the file and import it again. / 取り込みませんでした。上記の行を直して、もう一度取り込んでください。`, EXIT.failure);
          }
          result(`Imported ${r.rowCount} figures from ${basename(path)}: ${r.inserted} new, ${r.updated} updated (import ${r.importId}). / 取り込みました（新規 ${r.inserted}件、更新 ${r.updated}件）。`);
        } finally {
          await handle.destroy();
        }
      }),
    );
}

export function surveysCommand(): Command {
  return new Command('surveys').summary('survey series (other surveys\' figures) / 調査結果').description('Survey series shown beside the portal\'s own figures.').addCommand(importCommand());
}
