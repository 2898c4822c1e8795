// The self-checks' definitions in the database: every saved version of each kind, the one in use (the
// highest), save (only when valid), restore (a copy as a new version), all audited; and the first-start
// seed from the shipped defaults.
import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { DocumentIssue } from '../web/json-document.ts';
import type { DocumentKind } from './document-kind.ts';

export interface DocumentVersion {
  kind: string;
  version: number;
  document: string;
  note: string;
  restoredFrom: number | null;
  createdByName: string | null;
  createdAt: string;
}

type Row = { kind: string; version: number; document: string; note: string; restored_from: number | null; created_by_name: string | null; created_at: string };
const toVersion = (r: Row): DocumentVersion => ({
  kind: r.kind,
  version: r.version,
  document: r.document,
  note: r.note,
  restoredFrom: r.restored_from,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
});

export async function latestDocumentVersion(db: Db, kind: string): Promise<DocumentVersion | undefined> {
  const r = await db.selectFrom('check_documents').selectAll().where('kind', '=', kind).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

export async function documentVersion(db: Db, kind: string, version: number): Promise<DocumentVersion | undefined> {
  const r = await db.selectFrom('check_documents').selectAll().where('kind', '=', kind).where('version', '=', version).executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

export async function documentHistory(db: Db, kind: string): Promise<DocumentVersion[]> {
  return (await db.selectFrom('check_documents').selectAll().where('kind', '=', kind).orderBy('version', 'desc').limit(200).execute()).map(toVersion);
}

/** Parsed documents by kind and version: a saved version never changes, so it is parsed once per process. */
const parsedCache = new Map<string, unknown>();

/**
 * The definition in use: the latest saved version, or the shipped default (version null) when none was
 * saved (a database started without the seed). A saved version was valid when saved.
 */
export async function currentDocument<T>(db: Db, kind: DocumentKind<T>): Promise<{ value: T; version: number | null }> {
  const v = await latestDocumentVersion(db, kind.kind);
  if (v) {
    const parsed = parsedVersion(kind, v);
    if (parsed) return { value: parsed, version: v.version };
  }
  return { value: shippedDefault(kind), version: null };
}

/** A given saved version (answers stored with version N are read with version N's items), parsed. */
export async function documentAt<T>(db: Db, kind: DocumentKind<T>, version: number | null): Promise<T | null> {
  if (version === null) return shippedDefault(kind);
  const v = await documentVersion(db, kind.kind, version);
  return v ? parsedVersion(kind, v) : null;
}

function parsedVersion<T>(kind: DocumentKind<T>, v: DocumentVersion): T | null {
  const key = `${kind.kind}\n${v.version}\n${v.createdAt}`;
  if (parsedCache.has(key)) return parsedCache.get(key) as T;
  const parsed = kind.parse(v.document);
  if (!parsed.value) return null;
  if (parsedCache.size > 200) parsedCache.clear();
  parsedCache.set(key, parsed.value);
  return parsed.value;
}

const shippedCache = new WeakMap<DocumentKind<unknown>, unknown>();

function shippedDefault<T>(kind: DocumentKind<T>): T {
  if (shippedCache.has(kind)) return shippedCache.get(kind) as T;
  const parsed = kind.parse(kind.defaultText);
  if (!parsed.value) throw new Error(`the shipped ${kind.kind} definition is invalid: ${parsed.issues.map((i) => `${i.path}: ${i.message.en}`).join('; ')}`);
  shippedCache.set(kind, parsed.value);
  return parsed.value;
}

export interface DocumentAdminContext {
  database: DatabaseHandle;
  now: Date;
  actor: CurrentUser;
}

/** Saves `text` as the next version of `kind` when it is valid; otherwise returns the problems and saves nothing. */
export async function saveDocument<T>(ctx: DocumentAdminContext, kind: DocumentKind<T>, text: string, note: string, restoredFrom: number | null = null): Promise<{ version: number; issues: [] } | { version: null; issues: DocumentIssue[] }> {
  const parsed = kind.parse(text);
  if (!parsed.value) return { version: null, issues: parsed.issues };
  // Stored pretty-printed, so that the next editor reads it as the office wrote it (key order kept).
  const document = JSON.stringify(JSON.parse(text), null, 2);
  const now = ctx.now.toISOString();
  const version = await ctx.database.db.transaction().execute(async (trx) => {
    if (ctx.database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7262021, ${hashKind(kind.kind)})`.execute(trx);
    const last = await trx.selectFrom('check_documents').select((eb) => eb.fn.max('version').as('v')).where('kind', '=', kind.kind).executeTakeFirst();
    const next = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('check_documents')
      .values({ kind: kind.kind, version: next, document, note, restored_from: restoredFrom, created_by: ctx.actor.id, created_by_name: ctx.actor.displayName, created_at: now })
      .execute();
    await recordAudit(trx, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId: null,
      subjectKind: 'check_document',
      subjectId: next,
      action: restoredFrom === null ? 'check_document_saved' : 'check_document_restored',
      after: { kind: kind.kind, version: next, restoredFrom },
      note: note || null,
      now,
    });
    return next;
  });
  return { version, issues: [] };
}

function hashKind(kind: string): number {
  let h = 0;
  for (const c of kind) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export async function restoreDocument<T>(ctx: DocumentAdminContext, kind: DocumentKind<T>, version: number) {
  const v = await documentVersion(ctx.database.db, kind.kind, version);
  if (!v) return null;
  return saveDocument(ctx, kind, v.document, `v${version}`, version);
}

/** First start: each shipped default becomes version 1 of its kind. Idempotent; two instances starting at once insert one. */
export async function seedDocuments(handle: DatabaseHandle, kinds: readonly DocumentKind<unknown>[], now = new Date().toISOString()): Promise<void> {
  for (const kind of kinds) {
    shippedDefault(kind);
    await handle.db
      .insertInto('check_documents')
      .values({ kind: kind.kind, version: 1, document: kind.defaultText, note: '初期設定 / shipped default', restored_from: null, created_by: null, created_by_name: null, created_at: now })
      .onConflict((oc) => oc.columns(['kind', 'version']).doNothing())
      .execute();
  }
}
