// Kysely queries of the registry. Every function takes a connection or a transaction (Repo when the
// dialect matters: the name index is FTS5 on SQLite, a GIN index on PostgreSQL).
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Database, Db, DialectName } from '../db/database.ts';
import type { Locale } from '../i18n/locale.ts';
import { escapeLike, gramsOf, parseQuery } from '../search/grams.ts';
import type { Industry, SizeBand } from '../taxonomy/attributes.ts';
import { nameKey, searchNormalise, searchText, sortKey } from './names.ts';
import { COUNT_CAP, type AdminFilters, type Declaration, type DeclarationFilters, type DeclarationInput, type DeclarationStatus, type DeclarationWithContact, type Star } from './model.ts';
import type { DeclarationsTable } from './tables.ts';

export interface Repo {
  db: Db;
  dialect: DialectName;
}

type Row = Selectable<DeclarationsTable>;
type DEB = ExpressionBuilder<Database & { d: Database['declarations'] }, 'd'>;

function toDeclaration(r: Row): DeclarationWithContact {
  return {
    id: Number(r.id),
    number: r.number,
    status: r.status as DeclarationStatus,
    star: Number(r.star) as Star,
    name: r.name,
    nameKana: r.name_kana,
    corporateNumber: r.corporate_number,
    prefecture: r.prefecture,
    municipality: r.municipality,
    industry: r.industry as Industry,
    sizeBand: r.size_band as SizeBand,
    website: r.website,
    policyUrl: r.policy_url,
    diagnosisDone: Number(r.diagnosis_done) === 1,
    locale: r.locale === 'en' ? 'en' : 'ja',
    createdAt: r.created_at,
    declaredAt: r.declared_at,
    renewedAt: r.renewed_at,
    renewalDue: r.renewal_due,
    endedAt: r.ended_at,
    revokedReason: r.revoked_reason,
    email: r.email,
    confirmSentAt: r.confirm_sent_at,
  };
}

/** Drops the contact fields: what public pages and the API are given. */
export function publicView(d: DeclarationWithContact): Declaration {
  const { email: _e, confirmSentAt: _c, ...rest } = d;
  return rest;
}

function detailColumns(i: DeclarationInput) {
  return {
    name: i.name,
    name_kana: i.nameKana,
    name_key: nameKey(i.name),
    sort_key: sortKey(i.name, i.nameKana),
    search_text: searchText(i.name, i.nameKana),
    prefecture: i.prefecture,
    municipality: i.municipality,
    industry: i.industry,
    size_band: i.sizeBand,
    website: i.website,
    star: i.star,
    diagnosis_done: i.diagnosisDone ? 1 : 0,
    policy_url: i.policyUrl,
  };
}

async function writeGrams(repo: Repo, id: number, text: string): Promise<void> {
  const grams = gramsOf(text);
  if (repo.dialect === 'sqlite') {
    await sql`delete from declaration_grams where rowid = ${id}`.execute(repo.db);
    await sql`insert into declaration_grams (rowid, grams) values (${id}, ${grams})`.execute(repo.db);
  } else {
    await repo.db
      .insertInto('declaration_grams')
      .values({ declaration_id: id, grams })
      .onConflict((oc) => oc.column('declaration_id').doUpdateSet({ grams }))
      .execute();
  }
}

/**
 * A new pending declaration, or null when a live one with the same key exists: the partial unique
 * indexes decide (ON CONFLICT DO NOTHING), so of two simultaneous submissions exactly one is stored.
 */
export async function insertPending(repo: Repo, i: DeclarationInput, email: string, locale: Locale, now: string): Promise<number | null> {
  const row = await repo.db
    .insertInto('declarations')
    .values({
      ...detailColumns(i),
      number: null,
      status: 'pending',
      corporate_number: i.corporateNumber,
      email,
      locale,
      confirm_sent_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await writeGrams(repo, row.id, searchText(i.name, i.nameKana));
  return row.id;
}

/** The live (pending or active) declaration that the new one would duplicate. */
export async function findLiveDuplicate(db: Db, i: { corporateNumber: string | null; name: string; prefecture: string }, email: string): Promise<DeclarationWithContact | undefined> {
  let q = db.selectFrom('declarations').selectAll().where('status', 'in', ['pending', 'active']);
  q = i.corporateNumber
    ? q.where('corporate_number', '=', i.corporateNumber)
    : q.where('corporate_number', 'is', null).where('name_key', '=', nameKey(i.name)).where('prefecture', '=', i.prefecture).where('email', '=', email);
  const r = await q.executeTakeFirst();
  return r ? toDeclaration(r) : undefined;
}

export async function deleteDeclaration(repo: Repo, id: number): Promise<void> {
  if (repo.dialect === 'sqlite') await sql`delete from declaration_grams where rowid = ${id}`.execute(repo.db);
  await repo.db.deleteFrom('declarations').where('id', '=', id).execute();
}

export async function loadDeclaration(db: Db, id: number): Promise<DeclarationWithContact | undefined> {
  const r = await db.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDeclaration(r) : undefined;
}

/** A public declaration by its number (pending ones have none). */
export async function loadByNumber(db: Db, number: string): Promise<DeclarationWithContact | undefined> {
  const r = await db.selectFrom('declarations').selectAll().where('number', '=', number).where('status', '<>', 'pending').executeTakeFirst();
  return r ? toDeclaration(r) : undefined;
}

/** Declarations registered with this contact address, optionally only the one with this number or corporate number. */
export async function findByEmail(db: Db, email: string, identifier: { number?: string; corporateNumber?: string }, limit = 10): Promise<DeclarationWithContact[]> {
  let q = db.selectFrom('declarations').selectAll().where('email', '=', email);
  if (identifier.number) q = q.where('number', '=', identifier.number);
  if (identifier.corporateNumber) q = q.where('corporate_number', '=', identifier.corporateNumber);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toDeclaration);
}

/** The next number of the sequence; the row lock (PostgreSQL) or the write lock (SQLite) serialises callers. */
export async function nextSequence(db: Db): Promise<number> {
  const r = await db.updateTable('declaration_sequence').set((eb) => ({ last: eb('last', '+', 1) })).where('id', '=', 1).returning('last').executeTakeFirstOrThrow();
  return Number(r.last);
}

export async function setConfirmSent(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('declarations').set({ confirm_sent_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** pending → active with its number; false when it was not pending any more (confirmed twice at once). */
export async function activate(db: Db, id: number, number: string, now: string, due: string): Promise<boolean> {
  const r = await db
    .updateTable('declarations')
    .set({ status: 'active', number, declared_at: now, renewed_at: null, renewal_due: due, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateDetails(repo: Repo, id: number, i: DeclarationInput, now: string): Promise<void> {
  await repo.db.updateTable('declarations').set({ ...detailColumns(i), updated_at: now }).where('id', '=', id).execute();
  await writeGrams(repo, id, searchText(i.name, i.nameKana));
}

export async function renew(db: Db, id: number, now: string, due: string, fromStatuses: DeclarationStatus[]): Promise<boolean> {
  const r = await db
    .updateTable('declarations')
    .set({ status: 'active', renewed_at: now, renewal_due: due, ended_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function endDeclaration(db: Db, id: number, status: 'withdrawn' | 'lapsed' | 'revoked', now: string, fromStatuses: DeclarationStatus[], reason: string | null = null): Promise<boolean> {
  const r = await db
    .updateTable('declarations')
    .set({ status, ended_at: now, updated_at: now, ...(status === 'revoked' ? { revoked_reason: reason } : {}) })
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ------------------------------------------------------------------------------------------- search

function gramMatch(repo: Repo, eb: DEB, grams: string[]): Expression<SqlBool> {
  if (repo.dialect === 'sqlite') {
    const match = grams.map((g) => `"${g}"`).join(' ');
    return sql<SqlBool>`${eb.ref('d.id')} in (select rowid from declaration_grams where declaration_grams match ${match})`;
  }
  return sql<SqlBool>`${eb.ref('d.id')} in (select declaration_id from declaration_grams where grams_tsv @@ to_tsquery('simple', ${grams.join(' & ')}))`;
}

function nameConditions(repo: Repo, eb: DEB, q: string): Expression<SqlBool>[] {
  const terms = parseQuery(searchNormalise(q));
  if (!terms.length) return [];
  const conds = [gramMatch(repo, eb, terms.flatMap((t) => t.grams))];
  // Words of three characters or more: the bigrams narrow, the substring test decides.
  for (const t of terms) if (!t.exact) conds.push(sql<SqlBool>`${eb.ref('d.search_text')} like ${'%' + escapeLike(t.text) + '%'} escape '\\'`);
  return conds;
}

function wherePublic(repo: Repo, f: DeclarationFilters) {
  return (eb: DEB): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [f.scope === 'active' ? eb('d.status', '=', 'active') : eb('d.status', '<>', 'pending')];
    if (f.corporateNumber) conds.push(eb('d.corporate_number', '=', f.corporateNumber));
    if (f.prefecture) conds.push(eb('d.prefecture', '=', f.prefecture));
    if (f.industry) conds.push(eb('d.industry', '=', f.industry));
    if (f.sizeBand) conds.push(eb('d.size_band', '=', f.sizeBand));
    if (f.star) conds.push(eb('d.star', '=', f.star));
    conds.push(...nameConditions(repo, eb, f.q));
    return eb.and(conds);
  };
}

function whereAdmin(repo: Repo, f: AdminFilters) {
  return (eb: DEB): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [];
    if (f.status) conds.push(eb('d.status', '=', f.status));
    if (f.corporateNumber) conds.push(eb('d.corporate_number', '=', f.corporateNumber));
    conds.push(...nameConditions(repo, eb, f.q));
    return eb.and(conds);
  };
}

/** Counts at most COUNT_CAP + 1 rows: the walk stops there, whatever the registry's size. */
async function cappedCount(repo: Repo, where: (eb: DEB) => Expression<SqlBool>): Promise<{ total: number; exact: boolean }> {
  const inner = repo.db.selectFrom('declarations as d').select(sql`1`.as('x')).where(where).limit(COUNT_CAP + 1);
  const r = await repo.db.selectFrom(inner.as('s')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const n = Number(r.n);
  return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
}

async function pageOf(repo: Repo, where: (eb: DEB) => Expression<SqlBool>, sort: 'name' | 'date' | 'created', offset: number, limit: number): Promise<DeclarationWithContact[]> {
  let q = repo.db.selectFrom('declarations as d').selectAll('d').where(where);
  if (sort === 'name') q = q.orderBy('d.sort_key').orderBy('d.id');
  else if (sort === 'date') q = q.orderBy('d.declared_at', 'desc').orderBy('d.id', 'desc');
  else q = q.orderBy('d.id', 'desc');
  const rows = await q.offset(offset).limit(limit).execute();
  return rows.map(toDeclaration);
}

export async function searchPublic(repo: Repo, f: DeclarationFilters, offset: number, limit: number) {
  const where = wherePublic(repo, f);
  const [items, count] = await Promise.all([pageOf(repo, where, f.sort, offset, limit), cappedCount(repo, where)]);
  return { items, ...count };
}

export async function searchAdmin(repo: Repo, f: AdminFilters, offset: number, limit: number) {
  const where = whereAdmin(repo, f);
  const [items, count] = await Promise.all([pageOf(repo, where, 'created', offset, limit), cappedCount(repo, where)]);
  return { items, ...count };
}

// ---------------------------------------------------------------------------------- emails and jobs

/** One more email to this address today; returns how many it has had today, this one included. */
export async function bumpMailQuota(db: Db, emailHash: string, day: string): Promise<number> {
  const r = await db
    .insertInto('declaration_mail_quota')
    .values({ email_hash: emailHash, day, count: 1 })
    .onConflict((oc) => oc.columns(['email_hash', 'day']).doUpdateSet((eb) => ({ count: eb('declaration_mail_quota.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(r.count);
}

export async function purgeMailQuota(db: Db, beforeDay: string): Promise<void> {
  await db.deleteFrom('declaration_mail_quota').where('day', '<', beforeDay).execute();
}

/** Active declarations due by `dueBy` (and after `dueAfter`) not yet reminded of this kind for that due date. */
export async function dueForReminder(db: Db, kind: 'early' | 'due', dueBy: string, dueAfter: string | null, limit: number): Promise<DeclarationWithContact[]> {
  const col = kind === 'early' ? 'reminded_early_for' : 'reminded_due_for';
  let q = db
    .selectFrom('declarations')
    .selectAll()
    .where('status', '=', 'active')
    .where('renewal_due', '<=', dueBy);
  if (dueAfter) q = q.where('renewal_due', '>', dueAfter);
  const rows = await q
    .where((eb) => eb.or([eb(col, 'is', null), eb(col, '<>', eb.ref('renewal_due'))]))
    .orderBy('renewal_due')
    .limit(limit)
    .execute();
  return rows.map(toDeclaration);
}

/** Records the reminder for the due date it was about (a renewal in between moves the due date: no mark). */
export async function markReminded(db: Db, id: number, kind: 'early' | 'due', due: string): Promise<void> {
  await db
    .updateTable('declarations')
    .set(kind === 'early' ? { reminded_early_for: due } : { reminded_due_for: due })
    .where('id', '=', id)
    .where('renewal_due', '=', due)
    .execute();
}

export async function overdue(db: Db, dueBefore: string, limit: number): Promise<DeclarationWithContact[]> {
  const rows = await db.selectFrom('declarations').selectAll().where('status', '=', 'active').where('renewal_due', '<', dueBefore).orderBy('renewal_due').limit(limit).execute();
  return rows.map(toDeclaration);
}

export async function expiredPending(db: Db, sentBefore: string, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('declarations').select('id').where('status', '=', 'pending').where('confirm_sent_at', '<', sentBefore).limit(limit).execute();
  return rows.map((r) => Number(r.id));
}
