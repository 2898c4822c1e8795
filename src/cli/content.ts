// `content import|export|template`: the bulk import and export of /my/import and /admin/import from the
// command line — the same reader, the same row decisions and messages, the same review — for the program
// office's large sheets and for scripts. An import always previews first and writes only with --yes, all rows
// or none; it is recorded under a real portal account (--as) so that the audit trail names a person.
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Argument, Command, Option } from 'commander';
import type { CurrentUser } from '../accounts/model.ts';
import { findUserByEmail, toCurrentUser } from '../accounts/repository.ts';
import { contentKinds } from '../content/kinds.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import { KIND_SPECS } from '../imports/columns.ts';
import { IMPORT_KINDS, type ImportKind, type ImportSummary } from '../imports/model.ts';
import type { OrganisationRef } from '../imports/plan.ts';
import { applyImport, exportContent, exportOrganisation, ImportRefused, organisationBySlug, previewImport, writeTemplate, type ImportDeps } from '../imports/service.ts';
import { createMailer } from '../mail/smtp.ts';
import { OpsError } from '../ops/errors.ts';
import { Problem } from '../web/problem.ts';
import { action, cliConfig, EXIT, EXIT_CODES_HELP, progress, result, usageExit } from './common.ts';
import { startProgress, withProgress } from './progress.ts';
import { openPortalDatabase } from './surveys.ts';

const both = (t: Text) => `${t.en} / ${t.ja}`;

function columnLabel(kind: ImportKind, key: string | null): string {
  if (key === null) return '';
  const c = KIND_SPECS[kind].columns.find((x) => x.key === key);
  return `, column "${c ? c.label.ja : key}"`;
}

/** What the preview found, for a person reading a terminal or a job's log: counts, then every problem. */
export function summaryLines(s: ImportSummary, fileName: string): string[] {
  const c = s.counts;
  const lines = [`${fileName} (${s.kind}, ${s.format ?? '?'}${s.encoding ? `, ${s.encoding}` : ''}): ${c.rows} rows — ${c.create} new, ${c.update} updated, ${c.unchanged} unchanged, ${c.refuse} refused / 新規 ${c.create}件、更新 ${c.update}件、変更なし ${c.unchanged}件、取込不可 ${c.refuse}件`];
  if (s.ignoredColumns.length) lines.push(`Ignored columns (not known) / 無視した列: ${s.ignoredColumns.map((h) => `"${h}"`).join(', ')}`);
  for (const p of s.fileProblems) lines.push(`  ${p.line === null ? 'file' : `line ${p.line}`}: ${both(p.message)}`);
  const refused = s.rows.filter((r) => r.action === 'refuse');
  for (const r of refused) for (const p of r.problems) lines.push(`  line ${r.line}${columnLabel(s.kind, p.column)}: ${p.message.en} / ${p.message.ja}`);
  if (c.refuse > refused.length) lines.push(`  … and ${c.refuse - refused.length} more refused rows (the first ${refused.length} are listed) / ほか ${c.refuse - refused.length} 行`);
  return lines;
}

/** The --as account as a signed-in user; it must exist and be active. */
async function actorByEmail(handle: DatabaseHandle, email: string): Promise<CurrentUser> {
  const row = await findUserByEmail(handle.db, email);
  if (!row) throw new OpsError(`There is no account ${email} (--as): give the email address of the portal account the import is recorded under. / --as のアカウントがありません。`, EXIT.usage);
  if (row.status !== 'active') throw new OpsError(`The account ${email} is disabled; an import cannot be recorded under it. / このアカウントは無効です。`, EXIT.failure);
  return toCurrentUser(row);
}

/**
 * Who may import what, as on the web (/admin/import is for administrators): a program-office sheet (no --org,
 * each row names its organisation) needs an administrator; one organisation's sheet needs one of its members,
 * or an administrator.
 */
export function checkImportRights(actor: CurrentUser, organisation: OrganisationRef | null): void {
  if (actor.role === 'admin') return;
  if (organisation === null)
    throw new OpsError(
      `${actor.email} is not an administrator: a sheet of several organisations (without --org) can only be imported under an administrator's account. Give --org <slug> for the account's own organisation. / 複数団体のシートは、管理者のアカウントでのみ取り込めます。`,
      EXIT.failure,
    );
  if (actor.organisationId !== organisation.id)
    throw new OpsError(`${actor.email} does not belong to the organisation "${organisation.slug}": it cannot import that organisation's entries. / このアカウントは団体「${organisation.slug}」に所属していません。`, EXIT.failure);
}

async function organisationOf(handle: DatabaseHandle, slug: string): Promise<OrganisationRef> {
  try {
    return await organisationBySlug(handle.db, slug);
  } catch (err) {
    if (err instanceof Problem) throw new OpsError(`${both(err.title)} (--org)`, EXIT.usage);
    throw err;
  }
}

function requireFile(path: string): void {
  if (!existsSync(path)) throw new OpsError(`Cannot read ${path}: no such file. / ファイルがありません。`, EXIT.usage);
  if (!statSync(path).isFile()) throw new OpsError(`${path} is not a file. / ファイルではありません。`, EXIT.usage);
}

function maxRowsOf(raw: string | undefined): number {
  if (raw === undefined) return Infinity;
  if (!/^[1-9][0-9]*$/.test(raw)) throw new OpsError(`--max-rows takes a whole number greater than 0, not "${raw}". / --max-rows には1以上の整数を指定してください。`, EXIT.usage);
  return Number(raw);
}

/** Sub-commands do not inherit these from `lastmile`: usage errors exit 2, and help names the exit codes. */
const subcommand = (name: string) => new Command(name).addHelpText('after', EXIT_CODES_HELP).showHelpAfterError('(run with --help for usage)').exitOverride(usageExit);

function importCommand(): Command {
  return subcommand('import')
    .summary('import initiatives, events or materials from CSV or xlsx (preview; --yes writes) / 取組・イベント・教材の一括登録')
    .description(
      'Reads a sheet of initiatives, events or materials (CSV in UTF-8 with or without BOM or Shift_JIS, or .xlsx; the columns of `content template`) exactly as the import pages of the portal do, and decides every row: new, updated (by its ID, or by its title when the ID is empty), unchanged, or refused with the reason per column. Without --yes that is all (a dry run; exit 1 when a row is refused or the file cannot be read). With --yes and no refused row, everything is written in one transaction — all rows or none — and goes to review like entries typed in by hand. The import is recorded under the account of --as. With --org, every row belongs to that organisation (the account must be one of its members, or a moderator or administrator); without it, the "organisation" column names each row\'s organisation (program office; moderators and administrators only). No row limit unless --max-rows.',
    )
    .addArgument(new Argument('<kind>', 'what the sheet holds').choices(IMPORT_KINDS))
    .argument('<file>', 'the sheet (.csv, .tsv or .xlsx)')
    .requiredOption('--as <email>', 'the portal account the import is recorded under / 取込みを記録するアカウント')
    .option('--org <slug>', 'the organisation every row belongs to (omit for a program-office sheet with an "organisation" column) / 団体の識別子')
    .option('--yes', 'write it (without: preview only) / 確定して書き込む')
    .option('--max-rows <n>', 'refuse a sheet of more rows than this (default: no limit) / 行数の上限')
    .action(
      action(async (kind: ImportKind, path: string, opts: { as: string; org?: string; yes?: boolean; maxRows?: string }) => {
        const config = cliConfig();
        const maxRows = maxRowsOf(opts.maxRows);
        requireFile(path);
        const fileName = basename(path);
        const handle = await openPortalDatabase(config.databaseUrl);
        const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: { info: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`) } });
        try {
          const actor = await actorByEmail(handle, opts.as);
          const organisation = opts.org === undefined ? null : await organisationOf(handle, opts.org);
          checkImportRights(actor, organisation);

          const preview = await withProgress({ label: 'preview', unit: 'rows' }, (p) => previewImport(handle.db, { kind, path, fileName, organisation, maxRows, onProgress: tracker(p) }), (r) => `${r.summary.counts.rows} rows decided`);
          const s = preview.summary;
          for (const line of summaryLines(s, fileName)) result(line);
          const problems = s.fileProblems.length + s.counts.refuse;
          if (problems > 0)
            throw new OpsError(
              `${fileName} cannot be imported as it is: ${s.fileProblems.length ? 'the file has problems' : `${s.counts.refuse} ${s.counts.refuse === 1 ? 'row is' : 'rows are'} refused`} (listed above); nothing was written. Correct the sheet and run again. / 取り込めない行があります（上記）。何も書き込んでいません。`,
              EXIT.failure,
            );
          if (!opts.yes) {
            result('Dry run: nothing was written. Run again with --yes to import. / 確認のみ（書き込んでいません）。取り込むには --yes を付けてください。');
            return;
          }
          if (s.counts.create + s.counts.update === 0) {
            result('Nothing to write: every row is unchanged. / すべての行が変更なしのため、書き込むものはありません。');
            return;
          }

          const deps: ImportDeps = { database: handle, kinds: contentKinds(), mailer, baseUrl: config.baseUrl, log: { error: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`) } };
          const written = await withProgress(
            { label: 'import', unit: 'rows', total: s.counts.rows },
            (p) => applyImport(deps, { kind, path, fileName, organisation, actor, now: new Date(), expectedHash: preview.hash, note: `command line import of ${fileName}`, maxRows, onProgress: tracker(p) }),
            (r) => `${r.counts.create + r.counts.update} entries written`,
          ).catch((err) => {
            if (err instanceof ImportRefused) throw new OpsError(`${both(err.title)} Nothing was written.`, EXIT.failure);
            throw err;
          });
          const w = written.counts;
          const published = written.published ?? 0;
          result(
            `Imported ${fileName} as ${actor.email}: ${w.create} new, ${w.update} updated, ${w.unchanged} unchanged; ${w.create + w.update - published} sent to review${published ? `, ${published} published directly (verified organisation)` : ''}. / 取り込みました（新規 ${w.create}件、更新 ${w.update}件、変更なし ${w.unchanged}件）。`,
          );
        } finally {
          await mailer.close();
          await handle.destroy();
        }
      }),
    );
}

/** The service reports cumulative row counts; the display counts ticks. */
function tracker(p: ReturnType<typeof startProgress>): (rows: number) => void {
  let seen = 0;
  return (rows) => {
    if (rows > seen) p.tick(rows - seen);
    seen = rows;
  };
}

/**
 * Writes through `write` to `file` atomically (a temporary file beside it, renamed when complete: a reader
 * never sees half an export, and a failed one leaves nothing), or to stdout for "-" or no file.
 */
async function writeOutput(file: string | undefined, format: 'csv' | 'xlsx', write: (out: NodeJS.WritableStream) => Promise<void>): Promise<string> {
  if (file === undefined || file === '-') {
    if (format === 'xlsx' && process.stdout.isTTY) throw new OpsError('An xlsx workbook is not for a terminal: give -o <file>, or redirect stdout. / xlsx は -o でファイルに書き出してください。', EXIT.usage);
    // stdout must not be ended (the process writes the result line after it): a pass-through ends instead.
    const pass = new PassThrough();
    pass.pipe(process.stdout, { end: false });
    await write(pass);
    await new Promise<void>((r) => (pass.readableEnded ? r() : pass.once('end', () => r())));
    return 'stdout';
  }
  const dir = dirname(file);
  if (!existsSync(dir)) throw new OpsError(`The directory ${dir} does not exist. / 書き出し先のディレクトリがありません。`, EXIT.usage);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp, { flags: 'wx' });
  const closed = new Promise<void>((res, rej) => {
    out.once('close', () => res());
    out.once('error', rej);
  });
  try {
    await write(out);
    await closed;
    await rename(tmp, file);
  } catch (err) {
    out.destroy();
    await closed.catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  return file;
}

const formatOption = () => new Option('--format <format>', 'csv (UTF-8 with BOM, as Japanese Excel opens it) or xlsx (default: from the -o file name, else csv)').choices(['csv', 'xlsx']);
const langOption = () => new Option('--lang <lang>', 'the language of the column names and values / 列名と値の言語').choices(['ja', 'en']).default('ja');

function formatOf(format: string | undefined, file: string | undefined): 'csv' | 'xlsx' {
  if (format) return format as 'csv' | 'xlsx';
  return file && /\.xlsx$/i.test(file) ? 'xlsx' : 'csv';
}

function exportCommand(): Command {
  return subcommand('export')
    .summary('export initiatives, events or materials as CSV or xlsx / 取組・イベント・教材の書き出し')
    .description(
      'Writes every entry of a kind (of one organisation with --org, else of all, with an "organisation" column) in the columns of the import, so that the file can be edited and imported again. Each entry shows its current text (the open revision, else the published one); IDs are the organisation\'s own or "LM-<number>". Cells that a spreadsheet would take for a formula (= + - @) are neutralised with a leading apostrophe. `all` writes one xlsx workbook of everything an organisation owns (needs --org). To a file atomically (-o), or to stdout.',
    )
    .addArgument(new Argument('<kind>', 'what to export').choices([...IMPORT_KINDS, 'all']))
    .addOption(formatOption())
    .option('--org <slug>', 'only this organisation\'s entries / 団体の識別子')
    .addOption(langOption())
    .option('-o, --output <file>', 'the file to write ("-" or none: stdout) / 出力ファイル')
    .action(
      action(async (kind: ImportKind | 'all', opts: { format?: string; org?: string; lang: Locale; output?: string }) => {
        const config = cliConfig();
        const format = formatOf(opts.format, opts.output);
        if (kind === 'all' && (opts.org === undefined || format !== 'xlsx'))
          throw new OpsError('`export all` writes one organisation\'s workbook: give --org <slug> and --format xlsx (or -o <file>.xlsx). / all には --org と xlsx 形式が必要です。', EXIT.usage);
        const handle = await openPortalDatabase(config.databaseUrl);
        try {
          const organisation = opts.org === undefined ? null : await organisationOf(handle, opts.org);
          let rows = 0;
          const where =
            kind === 'all'
              ? await writeOutput(opts.output, format, (out) => exportOrganisation(handle.db, { organisationId: organisation!.id, locale: opts.lang, out }))
              : await withProgress(
                  { label: 'export', unit: 'rows' },
                  (p) =>
                    writeOutput(opts.output, format, (out) =>
                      exportContent(handle.db, {
                        kind,
                        format,
                        organisationId: organisation?.id ?? null,
                        locale: opts.lang,
                        out,
                        onProgress: (n) => {
                          p.tick(n - rows);
                          rows = n;
                        },
                      }),
                    ),
                  () => `${rows} rows`,
                );
          const what = kind === 'all' ? `everything of ${organisation!.slug}` : `${rows} ${kind}${organisation ? ` of ${organisation.slug}` : ''}`;
          // With the export on stdout, the result line goes to stderr so that the file stays the file.
          (where === 'stdout' ? progress : result)(`Exported ${what} (${format}) to ${where}. / 書き出しました。`);
        } finally {
          await handle.destroy();
        }
      }),
    );
}

function templateCommand(): Command {
  return subcommand('template')
    .summary('write an empty sheet with the columns of an import / 取込み用のひな形')
    .description('Writes the template of an import: the column names, one example row, and (xlsx) each column explained in a note. --office adds the "organisation" column of a program-office sheet. No database is needed.')
    .addArgument(new Argument('<kind>', 'what the sheet will hold').choices(IMPORT_KINDS))
    .addOption(formatOption())
    .addOption(langOption())
    .option('--office', 'with the "organisation" column (a sheet of several organisations) / 団体列つき')
    .option('-o, --output <file>', 'the file to write ("-" or none: stdout) / 出力ファイル')
    .action(
      action(async (kind: ImportKind, opts: { format?: string; lang: Locale; office?: boolean; output?: string }) => {
        const format = formatOf(opts.format, opts.output);
        const where = await writeOutput(opts.output, format, (out) => writeTemplate({ kind, format, locale: opts.lang, withOrganisation: Boolean(opts.office), out }));
        (where === 'stdout' ? progress : result)(`Wrote the ${kind} template (${format}, ${opts.lang}) to ${where}. / ひな形を書き出しました。`);
      }),
    );
}

export function contentCommand(): Command {
  return new Command('content')
    .summary('bulk import and export of initiatives, events and materials / 取組・イベント・教材の一括登録と書き出し')
    .description('The portal\'s bulk import and export (as on /my/import and /admin/import) from the command line.')
    .addCommand(importCommand())
    .addCommand(exportCommand())
    .addCommand(templateCommand());
}
