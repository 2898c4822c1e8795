// Bulk import and export of content, shared by the web pages and the command line.
//   preview: read the sheet (streamed), decide every row (plan.ts), keep a summary and the plan's hash;
//            nothing of the content is written.
//   apply:   in ONE transaction, decide every row again and write as it goes (bulk statements for new
//            entries, the ordinary workflow for changed ones); if the plan's hash differs from the
//            preview's, or any row is refused, everything is rolled back. New and changed entries are
//            submitted for review exactly like entries typed into the forms (or published directly for a
//            verified organisation whose policy allows it).
//   export:  every entry of a kind (of one organisation, or all) in the same columns, CSV or xlsx.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudits, type AuditInput } from '../audit/audit.ts';
import { REVISION_STATUS_LABELS, type ContentItem, type ContentKinds, type RevisionStatus } from '../content/model.ts';
import { contentKinds } from '../content/kinds.ts';
import { insertSubmittedItems, loadItems } from '../content/repository.ts';
import { publishRevision, submitForReviewIn, writeDraft, type ContentContext } from '../content/service.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import type { Mailer } from '../mail/mailer.ts';
import { notFound, Problem } from '../web/problem.ts';
import { KIND_SPECS, type KindSpec } from './columns.ts';
import { confirmable, SHOWN_ROWS, type ImportCounts, type ImportKind, type ImportRecord, type ImportStatus, type ImportSummary, type RowDecision } from './model.ts';
import { FileProblems, planner, type OrganisationRef, type PlannedRow } from './plan.ts';
import { openSheet, SheetError, type Sheet } from './sheet.ts';
import { writeSheet, writeWorkbook, type SheetSpec } from './write.ts';

export interface ImportDeps {
  database: DatabaseHandle;
  kinds: ContentKinds;
  mailer: Mailer;
  baseUrl: string;
  log: { error(obj: object, msg: string): void };
}

export interface ImportPlanResult {
  summary: ImportSummary;
  hash: string | null;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

function emptyCounts(): ImportCounts {
  return { rows: 0, create: 0, update: 0, unchanged: 0, refuse: 0 };
}

/** Keeps what the page shows: refused rows first (all of them up to the cap), then the others. */
class ShownRows {
  private refused: RowDecision[] = [];
  private others: RowDecision[] = [];
  add(d: RowDecision) {
    if (d.action === 'refuse') {
      if (this.refused.length < SHOWN_ROWS) this.refused.push(d);
    } else if (this.others.length < SHOWN_ROWS) this.others.push(d);
  }
  list(): RowDecision[] {
    return [...this.refused, ...this.others].slice(0, SHOWN_ROWS);
  }
}

async function openFor(path: string, fileName: string, maxRows?: number): Promise<Sheet> {
  return openSheet(path, { name: fileName, limits: maxRows ? { maxRows } : undefined });
}

function fileProblemSummary(kind: ImportKind, problems: { line: number | null; message: Text }[], sheet: Sheet | null): ImportPlanResult {
  return { summary: { kind, format: sheet?.format ?? null, encoding: sheet?.encoding ?? null, counts: emptyCounts(), fileProblems: problems, ignoredColumns: [], rows: [] }, hash: null };
}

export async function organisationBySlug(db: Db, slug: string): Promise<OrganisationRef> {
  const r = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst();
  if (!r) throw new Problem(400, 'unknown_organisation', { ja: `団体「${slug}」は登録されていません。`, en: `There is no organisation "${slug}".` });
  return r;
}

/** Decides every row without writing anything. */
export async function previewImport(db: Db, args: { kind: ImportKind; path: string; fileName: string; organisation: OrganisationRef | null; maxRows?: number; onProgress?: (rows: number) => void }): Promise<ImportPlanResult> {
  const spec = KIND_SPECS[args.kind];
  let sheet: Sheet | null = null;
  try {
    sheet = await openFor(args.path, args.fileName, args.maxRows);
    const p = await planner(db, sheet, { spec, organisation: args.organisation });
    const counts = emptyCounts();
    const shown = new ShownRows();
    for (let chunk = await p.next(); chunk.length; chunk = await p.next()) {
      for (const r of chunk) {
        counts.rows++;
        counts[r.decision.action]++;
        shown.add(r.decision);
      }
      args.onProgress?.(counts.rows);
      await yieldToEventLoop();
    }
    const summary: ImportSummary = { kind: args.kind, format: sheet.format, encoding: sheet.encoding, counts, fileProblems: [], ignoredColumns: p.ignoredColumns, rows: shown.list() };
    if (counts.rows === 0) summary.fileProblems.push({ line: null, message: { ja: '取り込む行がありません（1行目の列名の下に、1項目につき1行を書いてください）。', en: 'There are no rows to import (one entry per line under the column names).' } });
    return { summary, hash: p.hash() };
  } catch (err) {
    if (err instanceof FileProblems) return fileProblemSummary(args.kind, err.problems, sheet);
    if (err instanceof SheetError) return fileProblemSummary(args.kind, [{ line: err.line, message: err.text }], sheet);
    throw err;
  } finally {
    await sheet?.close();
  }
}

/** Why a confirmation wrote nothing. */
export class ImportRefused extends Problem {
  constructor(message: Text, readonly summary?: ImportSummary) {
    super(409, 'import_refused', message);
  }
}

const CHANGED: Text = {
  ja: 'プレビューの後に内容が変わったため、取り込みませんでした（ほかの人が項目を変更した可能性があります）。もう一度プレビューして確認してください。',
  en: 'Nothing was imported: things changed after the preview (someone may have edited an entry). Preview the file again and check it.',
};

function refusedRow(d: RowDecision): Text {
  const first = d.problems[0]!;
  return {
    ja: `${d.line}行目を取り込めないため、何も取り込みませんでした：${first.message.ja}（プレビューで全ての行の問題を確認できます）`,
    en: `Nothing was imported because line ${d.line} cannot be: ${first.message.en} (a preview lists every row's problems)`,
  };
}

/**
 * Writes the sheet: all rows or none. Runs inside the caller's transaction `trx` (so the caller can mark
 * its import record in the same one). `expectedHash`, when given, must equal the plan computed now.
 */
export async function applyImportIn(
  deps: ImportDeps,
  trx: Db,
  args: { kind: ImportKind; path: string; fileName: string; organisation: OrganisationRef | null; actor: CurrentUser; now: Date; expectedHash?: string | null; note?: string; maxRows?: number; onProgress?: (rows: number) => void },
): Promise<ImportSummary> {
  const sheet = await openFor(args.path, args.fileName, args.maxRows).catch((err) => {
    if (err instanceof SheetError) throw new ImportRefused(err.text);
    throw err;
  });
  try {
    return await applyRows(deps, trx, sheet, args);
  } finally {
    await sheet.close();
  }
}

async function applyRows(deps: ImportDeps, trx: Db, sheet: Sheet, args: Parameters<typeof applyImportIn>[2]): Promise<ImportSummary> {
  const spec = KIND_SPECS[args.kind];
  let p;
  try {
    p = await planner(trx, sheet, { spec, organisation: args.organisation });
  } catch (err) {
    if (err instanceof FileProblems) throw new ImportRefused(err.problems[0]!.message);
    throw err;
  }
  const now = args.now.toISOString();
  const counts = emptyCounts();
  const shown = new ShownRows();
  const written: number[] = [];
  let published = 0;
  const policies = new Map<number, boolean>();
  const direct = async (orgId: number) => {
    if (!policies.has(orgId)) {
      const o = await trx.selectFrom('organisations').select(['verified_at', 'review_policy']).where('id', '=', orgId).executeTakeFirstOrThrow();
      policies.set(orgId, o.verified_at !== null && o.review_policy === 'verified_direct');
    }
    return policies.get(orgId)!;
  };
  const ctxFor = (orgId: number): ContentContext => ({ ...deps, now: args.now, actor: { ...args.actor, organisationId: orgId } });

  for (;;) {
    let chunk: PlannedRow[];
    try {
      chunk = await p.next();
    } catch (err) {
      if (err instanceof FileProblems) throw new ImportRefused(err.problems[0]!.message);
      throw err;
    }
    if (!chunk.length) break;
    const refused = chunk.find((r) => r.decision.action === 'refuse');
    if (refused) throw new ImportRefused(args.expectedHash ? CHANGED : refusedRow(refused.decision));

    const creates = chunk.filter((r) => r.decision.action === 'create');
    if (creates.length) {
      const ids = await insertSubmittedItems(
        trx,
        creates.map((r) => ({ kind: spec.contentKind, ownerId: r.organisationId!, createdBy: args.actor.id, payload: r.payload, now })),
      );
      const external = creates.flatMap((r, k) => (r.decision.externalId && !/^LM-/i.test(r.decision.externalId) ? [{ item_id: ids[k]!.itemId, organisation_id: r.organisationId!, kind: spec.contentKind, external_id: r.decision.externalId }] : []));
      if (external.length) await trx.insertInto('content_external_ids').values(external).execute();
      const audits: AuditInput[] = [];
      creates.forEach((r, k) => {
        const base = { actorUserId: args.actor.id, actorName: args.actor.displayName, organisationId: r.organisationId, subjectKind: 'content' as const, subjectId: ids[k]!.itemId, now, note: `${args.note ?? 'import'}, line ${r.decision.line}` };
        // The payload once per row: the 'submitted' entry of the same moment adds only the step.
        audits.push({ ...base, action: 'created', after: r.payload }, { ...base, action: 'submitted' });
      });
      await recordAudits(trx, audits);
      for (const [k, id] of ids.entries()) {
        p.created.add(id.itemId);
        written.push(id.itemId);
        const r = creates[k]!;
        r.decision.itemId = id.itemId;
        if (await direct(r.organisationId!)) {
          const [item] = await loadItems<unknown>(trx, [id.itemId]);
          await publishRevision(ctxFor(r.organisationId!), trx, item!, id.revisionId, r.payload, null, 'published_without_review');
          published++;
        }
      }
    }
    for (const r of chunk) {
      if (r.decision.action !== 'update') continue;
      const ctx = ctxFor(r.organisationId!);
      await writeDraft(ctx, trx, r.item as ContentItem<unknown>, r.payload);
      if ((await submitForReviewIn(ctx, trx, r.item!.id)) === 'published') published++;
      written.push(r.item!.id);
    }
    for (const r of chunk) {
      counts.rows++;
      counts[r.decision.action]++;
      shown.add(r.decision);
    }
    args.onProgress?.(counts.rows);
    // Let other requests in between batches (the transaction stays open; on SQLite its queries wait).
    await yieldToEventLoop();
  }
  if (counts.rows === 0) throw new ImportRefused({ ja: '取り込む行がありません。', en: 'There are no rows to import.' });
  if (args.expectedHash && p.hash() !== args.expectedHash) throw new ImportRefused(CHANGED);
  return { kind: args.kind, format: sheet.format, encoding: sheet.encoding, counts, fileProblems: [], ignoredColumns: p.ignoredColumns, rows: shown.list(), writtenItemIds: written.slice(0, SHOWN_ROWS), published };
}

/** applyImportIn in a transaction of its own (the command line). */
export async function applyImport(deps: ImportDeps, args: Parameters<typeof applyImportIn>[2]): Promise<ImportSummary> {
  return deps.database.db.transaction().execute((trx) => applyImportIn(deps, trx, args));
}

// ------------------------------------------------------------------ stored previews (the web)

export interface ImportStore {
  /** UPLOAD_DIR/imports: sheets waiting for confirmation. */
  dir: string;
  maxBytes: number;
}

export function importStore(uploadDir: string, maxBytes: number): ImportStore {
  return { dir: join(resolve(uploadDir), 'imports'), maxBytes };
}

export class TooLarge extends Error {}

/** Streams an uploaded sheet to disk (cut at the size limit), returns its stored name. */
export async function storeUpload(store: ImportStore, stream: Readable & { truncated?: boolean }): Promise<{ storedName: string; bytes: number }> {
  await mkdir(store.dir, { recursive: true });
  const storedName = `${randomBytes(16).toString('hex')}.sheet`;
  const tmp = join(store.dir, `${storedName}.part`);
  try {
    await pipeline(stream, createWriteStream(tmp, { flags: 'wx' }));
    if (stream.truncated) throw new TooLarge();
    const { size } = await stat(tmp);
    await rename(tmp, join(store.dir, storedName));
    return { storedName, bytes: size };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function storedPath(store: ImportStore, storedName: string): string {
  if (!/^[0-9a-f]{32}\.sheet$/.test(storedName)) throw new Error('not a stored sheet name');
  return join(store.dir, storedName);
}

function toRecord(r: { id: number; organisation_id: number | null; kind: string; file_name: string; status: string; plan_hash: string | null; summary: string; created_at: string; applied_at: string | null }): ImportRecord {
  return { id: r.id, organisationId: r.organisation_id, kind: r.kind as ImportKind, fileName: r.file_name, status: r.status as ImportStatus, planHash: r.plan_hash, summary: JSON.parse(r.summary) as ImportSummary, createdAt: r.created_at, appliedAt: r.applied_at };
}

/** Previews an uploaded sheet and keeps it with its summary until it is confirmed or discarded. */
export async function createPreview(
  db: Db,
  store: ImportStore,
  args: { kind: ImportKind; storedName: string; fileName: string; organisation: OrganisationRef | null; userId: number; now: Date; maxRows: number },
): Promise<number> {
  const path = storedPath(store, args.storedName);
  const { summary, hash } = await previewImport(db, { kind: args.kind, path, fileName: args.fileName, organisation: args.organisation, maxRows: args.maxRows });
  const keep = confirmable(summary);
  if (!keep) await unlink(path).catch(() => {});
  const r = await db
    .insertInto('imports')
    .values({
      organisation_id: args.organisation?.id ?? null,
      user_id: args.userId,
      kind: args.kind,
      file_name: args.fileName.slice(0, 200),
      stored_name: keep ? args.storedName : null,
      format: summary.format,
      encoding: summary.encoding,
      status: 'previewed',
      plan_hash: hash,
      summary: JSON.stringify(summary),
      created_at: args.now.toISOString(),
      applied_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** An import of the actor's organisation (or, with organisation null, one of the program office); else "not found". */
export async function importFor(db: Db, id: number, organisationId: number | null): Promise<ImportRecord> {
  if (!Number.isSafeInteger(id)) throw notFound();
  let q = db.selectFrom('imports').selectAll().where('id', '=', id);
  q = organisationId === null ? q.where('organisation_id', 'is', null) : q.where('organisation_id', '=', organisationId);
  const r = await q.executeTakeFirst();
  if (!r) throw notFound();
  return toRecord(r);
}

export async function recentImports(db: Db, organisationId: number | null, limit = 20): Promise<ImportRecord[]> {
  let q = db.selectFrom('imports').selectAll().orderBy('id', 'desc').limit(limit);
  q = organisationId === null ? q.where('organisation_id', 'is', null) : q.where('organisation_id', '=', organisationId);
  return (await q.execute()).map(toRecord);
}

const NOT_OPEN: Text = { ja: 'この取込みは既に確定または破棄されています。', en: 'This import has already been confirmed or discarded.' };

/** Confirms a previewed import: the record and the content in one transaction, all rows or none. */
export async function confirmImport(deps: ImportDeps, store: ImportStore, args: { id: number; organisationId: number | null; actor: CurrentUser; now: Date; maxRows: number }): Promise<ImportRecord> {
  const rec = await importFor(deps.database.db, args.id, args.organisationId);
  if (rec.status !== 'previewed') throw new Problem(409, 'conflict', NOT_OPEN);
  if (!confirmable(rec.summary)) throw new ImportRefused({ ja: '取り込めない行があるため、確定できません。シートを直して、もう一度アップロードしてください。', en: 'Some rows cannot be imported, so nothing can be confirmed. Correct the sheet and upload it again.' });
  const row = await deps.database.db.selectFrom('imports').select('stored_name').where('id', '=', rec.id).executeTakeFirstOrThrow();
  if (!row.stored_name) throw new Problem(409, 'conflict', NOT_OPEN);
  const path = storedPath(store, row.stored_name);
  const organisation = rec.organisationId === null ? null : await deps.database.db.selectFrom('organisations').select(['id', 'slug']).where('id', '=', rec.organisationId).executeTakeFirstOrThrow();
  const summary = await deps.database.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('imports').set({ status: 'applied', applied_at: args.now.toISOString() }).where('id', '=', rec.id).where('status', '=', 'previewed').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new Problem(409, 'conflict', NOT_OPEN);
    const s = await applyImportIn(deps, trx, { kind: rec.kind, path, fileName: rec.fileName, organisation, actor: args.actor, now: args.now, expectedHash: rec.planHash, note: `import #${rec.id}`, maxRows: args.maxRows });
    await trx.updateTable('imports').set({ summary: JSON.stringify(s), stored_name: null }).where('id', '=', rec.id).execute();
    return s;
  });
  await unlink(path).catch(() => {});
  return { ...rec, status: 'applied', summary, appliedAt: args.now.toISOString() };
}

export async function discardImport(db: Db, store: ImportStore, args: { id: number; organisationId: number | null }): Promise<void> {
  const rec = await importFor(db, args.id, args.organisationId);
  if (rec.status !== 'previewed') throw new Problem(409, 'conflict', NOT_OPEN);
  const row = await db.selectFrom('imports').select('stored_name').where('id', '=', rec.id).executeTakeFirstOrThrow();
  await db.updateTable('imports').set({ status: 'discarded', stored_name: null }).where('id', '=', rec.id).where('status', '=', 'previewed').execute();
  if (row.stored_name) await unlink(storedPath(store, row.stored_name)).catch(() => {});
}

/** Previews nobody confirmed within maxAgeMs: their files are deleted (retention). */
export async function expireImports(db: Db, store: ImportStore, now: Date, maxAgeMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - maxAgeMs).toISOString();
  const rows = await db.selectFrom('imports').select(['id', 'stored_name']).where('status', '=', 'previewed').where('created_at', '<', cutoff).execute();
  for (const r of rows) {
    await db.updateTable('imports').set({ status: 'expired', stored_name: null }).where('id', '=', r.id).where('status', '=', 'previewed').execute();
    if (r.stored_name) await unlink(storedPath(store, r.stored_name)).catch(() => {});
  }
  return rows.length;
}

// ------------------------------------------------------------------ export and templates

function headerOf(spec: KindSpec, locale: Locale, withOrganisation: boolean): { keys: string[]; header: string[] } {
  const cols = spec.columns.filter((c) => c.type !== 'organisation' || withOrganisation);
  return { keys: cols.map((c) => c.key), header: cols.map((c) => c.label[locale]) };
}

/** Rows of every entry of a kind, of one organisation or all, streamed in batches. */
async function* exportRows(db: Db, spec: KindSpec, organisationId: number | null, locale: Locale, keys: string[], onProgress?: (rows: number) => void): AsyncGenerator<string[]> {
  let after = 0;
  let n = 0;
  for (;;) {
    let q = db
      .selectFrom('content_items as i')
      .innerJoin('content_revisions as r', (j) => j.on((eb) => eb('r.id', '=', eb.fn.coalesce('i.working_revision_id', 'i.published_revision_id'))))
      .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
      .leftJoin('content_external_ids as x', 'x.item_id', 'i.id')
      .select(['i.id', 'r.payload', 'o.slug', 'x.external_id'])
      .where('i.kind', '=', spec.contentKind)
      .where('i.id', '>', after)
      .orderBy('i.id')
      .limit(1000);
    if (organisationId !== null) q = q.where('i.owner_organisation_id', '=', organisationId);
    const rows = await q.execute();
    if (!rows.length) return;
    for (const r of rows) {
      const cells = spec.toCells(JSON.parse(r.payload), locale);
      cells.id = r.external_id ?? `LM-${r.id}`;
      cells.organisation = r.slug;
      yield keys.map((k) => cells[k] ?? '');
    }
    n += rows.length;
    onProgress?.(n);
    after = rows[rows.length - 1]!.id;
  }
}

export async function exportContent(db: Db, args: { kind: ImportKind; format: 'csv' | 'xlsx'; organisationId: number | null; locale: Locale; out: NodeJS.WritableStream; onProgress?: (rows: number) => void }): Promise<void> {
  const spec = KIND_SPECS[args.kind];
  const { keys, header } = headerOf(spec, args.locale, args.organisationId === null);
  await writeSheet(args.format, args.out, { name: sheetName(args.kind, args.locale), header, rows: exportRows(db, spec, args.organisationId, args.locale, keys, args.onProgress) });
}

const sheetName = (kind: ImportKind, locale: Locale) => ({ initiatives: { ja: '取組', en: 'Initiatives' }, events: { ja: 'イベント', en: 'Events' }, materials: { ja: '教材', en: 'Materials' } })[kind][locale];

/** Everything an organisation owns (data portability): one workbook. The content kinds use the import's
 * columns (an edited export imports back); the rest is there to be read and taken elsewhere. */
export async function exportOrganisation(db: Db, args: { organisationId: number; locale: Locale; out: NodeJS.WritableStream; kinds?: ContentKinds }): Promise<void> {
  const L = args.locale;
  const tr = (x: Text) => x[L];
  const yesNo = (b: boolean) => (b ? tr({ ja: 'はい', en: 'yes' }) : tr({ ja: 'いいえ', en: 'no' }));
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', args.organisationId).executeTakeFirstOrThrow();
  const profile: SheetSpec = {
    name: tr({ ja: '団体情報', en: 'Organisation' }),
    header: [tr({ ja: '項目', en: 'Field' }), tr({ ja: '値', en: 'Value' })],
    rows: [
      [tr({ ja: '識別子', en: 'Identifier' }), org.slug],
      [tr({ ja: '名称（日本語）', en: 'Name (Japanese)' }), org.name_ja],
      [tr({ ja: '名称（英語）', en: 'Name (English)' }), org.name_en],
      [tr({ ja: '略称', en: 'Abbreviation' }), org.abbreviation ?? ''],
      [tr({ ja: '種別', en: 'Kind' }), org.kind],
      [tr({ ja: '官民区分', en: 'Sector' }), org.sector],
      [tr({ ja: 'ウェブサイト', en: 'Website' }), org.website ?? ''],
      [tr({ ja: '状態', en: 'Status' }), org.status],
      [tr({ ja: '確認日', en: 'Verified on' }), org.verified_at ?? ''],
      [tr({ ja: '審査の方針', en: 'Review policy' }), org.review_policy],
      [tr({ ja: '登録日', en: 'Registered on' }), org.created_at],
    ],
  };
  const content: SheetSpec[] = (['initiatives', 'events', 'materials'] as const).map((kind) => {
    const spec = KIND_SPECS[kind];
    const { keys, header } = headerOf(spec, L, false);
    return { name: sheetName(kind, L), header, rows: exportRows(db, spec, args.organisationId, L, keys) };
  });
  const advisoryHandler = (args.kinds ?? contentKinds()).get('advisory');
  async function* advisories(): AsyncGenerator<string[]> {
    const rows = await db
      .selectFrom('content_items as i')
      .innerJoin('content_revisions as r', (j) => j.on((eb) => eb('r.id', '=', eb.fn.coalesce('i.working_revision_id', 'i.published_revision_id'))))
      .select(['i.id', 'i.is_public', 'r.status', 'r.payload', 'i.created_at'])
      .where('i.kind', '=', 'advisory')
      .where('i.owner_organisation_id', '=', args.organisationId)
      .orderBy('i.id')
      .execute();
    for (const r of rows) {
      const payload = JSON.parse(r.payload);
      const fields = advisoryHandler ? advisoryHandler.describe(payload, L).map((f) => `${f.label[L]}: ${f.value}`).join('\n') : r.payload;
      yield [`LM-${r.id}`, advisoryHandler ? advisoryHandler.title(payload)[L] : '', REVISION_STATUS_LABELS[r.status as RevisionStatus]?.[L] ?? r.status, yesNo(r.is_public === 1), r.created_at, fields];
    }
  }
  async function* members(): AsyncGenerator<string[]> {
    const rows = await db.selectFrom('users').select(['display_name', 'email', 'org_role', 'status', 'created_at']).where('organisation_id', '=', args.organisationId).orderBy('id').execute();
    for (const u of rows) yield [u.display_name, u.email, u.org_role ?? '', u.status, u.created_at];
  }
  async function* feeds(): AsyncGenerator<string[]> {
    const rows = await db.selectFrom('feeds').select(['name', 'url', 'kind', 'status', 'defaults', 'last_fetch_at', 'last_result', 'created_at']).where('organisation_id', '=', args.organisationId).orderBy('id').execute();
    for (const f of rows) yield [f.name, f.url, f.kind, f.status, f.defaults, f.last_fetch_at ?? '', f.last_result ?? '', f.created_at];
  }
  async function* webhooks(): AsyncGenerator<string[]> {
    // The signing secret stays out: a workbook travels further than the settings page.
    const rows = await db.selectFrom('subscriptions').select(['name', 'webhook_url', 'status', 'locale', 'prefecture', 'created_at']).where('owner_organisation_id', '=', args.organisationId).where('channel', '=', 'webhook').orderBy('id').execute();
    for (const w of rows) yield [w.name ?? '', w.webhook_url ?? '', w.status, w.locale, w.prefecture ?? '', w.created_at];
  }
  const h = (...xs: Text[]) => xs.map(tr);
  await writeWorkbook(args.out, [
    ...content,
    { name: tr({ ja: '注意喚起', en: 'Advisories' }), header: h({ ja: 'ID', en: 'ID' }, { ja: '題名', en: 'Title' }, { ja: '状態', en: 'Status' }, { ja: '公開中', en: 'Public' }, { ja: '作成日時', en: 'Created' }, { ja: '内容', en: 'Content' }), rows: advisories() },
    profile,
    { name: tr({ ja: 'メンバー', en: 'Members' }), header: h({ ja: '表示名', en: 'Name' }, { ja: 'メールアドレス', en: 'Email' }, { ja: '団体内の役割', en: 'Role' }, { ja: '状態', en: 'Status' }, { ja: '登録日時', en: 'Joined' }), rows: members() },
    { name: tr({ ja: 'フィード', en: 'Feeds' }), header: h({ ja: '名前', en: 'Name' }, { ja: 'アドレス', en: 'Address' }, { ja: '種類', en: 'Kind' }, { ja: '状態', en: 'Status' }, { ja: '既定値', en: 'Defaults' }, { ja: '最後の取得', en: 'Last fetch' }, { ja: '結果', en: 'Result' }, { ja: '登録日時', en: 'Created' }), rows: feeds() },
    { name: 'Webhook', header: h({ ja: '名前', en: 'Name' }, { ja: 'アドレス', en: 'Address' }, { ja: '状態', en: 'Status' }, { ja: '言語', en: 'Language' }, { ja: '都道府県', en: 'Prefecture' }, { ja: '登録日時', en: 'Created' }), rows: webhooks() },
  ]);
}

/** A template: the header, one example row, and (xlsx) each column explained in a note. */
export async function writeTemplate(args: { kind: ImportKind; format: 'csv' | 'xlsx'; locale: Locale; withOrganisation: boolean; out: NodeJS.WritableStream }): Promise<void> {
  const spec = KIND_SPECS[args.kind];
  const cols = spec.columns.filter((c) => c.type !== 'organisation' || args.withOrganisation);
  await writeSheet(args.format, args.out, {
    name: sheetName(args.kind, args.locale),
    header: cols.map((c) => c.label[args.locale]),
    notes: cols.map((c) => `${c.required ? (args.locale === 'ja' ? '【必須】' : '[required] ') : ''}${c.help[args.locale]}`),
    rows: [cols.map((c) => c.example[args.locale])],
  });
}
