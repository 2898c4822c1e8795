// The registry's use cases: declare (double opt-in), confirm (number given), the firm's own actions
// through its management link (update, two stars, renew, withdraw), "send my links again", public
// search, and the program office's revocation. Each change and its audit record share a transaction;
// emails go out after the commit (mail/deliver.ts), so a failed email never undoes a change.
import { createHash } from 'node:crypto';
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { localePath, type Locale } from '../i18n/locale.ts';
import { deliverAll } from '../mail/deliver.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { addYear, tokyoDate } from './dates.ts';
import { activeMail, confirmMail, resendMail, revokedMail, type ResendItem } from './messages.ts';
import { formatDeclarationNumber, MAX_PAGE, PAGE_SIZE, type AdminFilters, type Declaration, type DeclarationFilters, type DeclarationInput, type DeclarationWithContact, type SearchResult } from './model.ts';
import * as repo from './repository.ts';
import { checkDeclarationToken, confirmBinding, declarationLinkKey, declarationToken, manageBinding, tokenId } from './tokens.ts';

export interface DeclarationContext {
  database: DatabaseHandle;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  log: { error(obj: object, msg: string): void };
}

/** A confirmation link works this long after it was sent. */
export const CONFIRM_VALID_MS = 7 * 24 * 3_600_000;
/** Emails the public forms may cause per address per Japan day (declare and "send my links again" together). */
export const MAILS_PER_ADDRESS_PER_DAY = 3;
/** Shown to declarants and stored as the actor of what they do through their links. */
export const DECLARANT_ACTOR = '申請者（管理用リンク） / Declarant (management link)';

export function normaliseEmail(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

const repoOf = (ctx: { database: DatabaseHandle }, db = ctx.database.db): repo.Repo => ({ db, dialect: ctx.database.dialect });

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === '23505' || (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) || (typeof e?.message === 'string' && /UNIQUE constraint failed/.test(e.message));
}

export function publicUrl(baseUrl: string, locale: Locale, number: string): string {
  return `${baseUrl}${localePath(locale, `/declarations/${number}`)}`;
}

export function manageToken(key: Buffer, d: { id: number; email: string }): string {
  return declarationToken(key, 'declaration-manage', d.id, manageBinding(d.email));
}

function manageUrl(baseUrl: string, key: Buffer, locale: Locale, d: { id: number; email: string }): string {
  return `${baseUrl}${localePath(locale, '/declarations/manage')}?t=${manageToken(key, d)}`;
}

function confirmUrl(baseUrl: string, key: Buffer, locale: Locale, id: number, email: string, sentAt: string): string {
  return `${baseUrl}${localePath(locale, '/declarations/confirm')}?t=${declarationToken(key, 'declaration-confirm', id, confirmBinding(email, sentAt))}`;
}

async function underQuota(ctx: DeclarationContext, db: repo.Repo['db'], email: string): Promise<boolean> {
  const hash = createHash('sha256').update(email).digest('base64url');
  return (await repo.bumpMailQuota(db, hash, tokyoDate(ctx.now))) <= MAILS_PER_ADDRESS_PER_DAY;
}

const confirmExpired = (d: { confirmSentAt: string | null }, now: Date) => !d.confirmSentAt || now.getTime() - new Date(d.confirmSentAt).getTime() > CONFIRM_VALID_MS;

// --------------------------------------------------------------------------------------------- declare

export type DeclareResult = { kind: 'sent'; email: string } | { kind: 'duplicate'; status: 'pending' | 'active'; number: string | null } | { kind: 'quota' };

/**
 * Stores a pending declaration and sends the confirmation link. A live declaration with the same key
 * (corporate number; or name, prefecture and address for those without one) is refused, and nothing
 * is stored; one whose confirmation expired unanswered is replaced.
 */
export async function declare(ctx: DeclarationContext, input: DeclarationInput, emailInput: string, locale: Locale): Promise<DeclareResult> {
  const email = normaliseEmail(emailInput);
  const now = ctx.now.toISOString();
  const key = await declarationLinkKey(ctx.database.db);
  const result = await ctx.database.db.transaction().execute(async (trx): Promise<DeclareResult | { kind: 'stored'; id: number }> => {
    const r = repoOf(ctx, trx);
    const dup = await repo.findLiveDuplicate(trx, input, email);
    if (dup && dup.status === 'pending' && confirmExpired(dup, ctx.now)) await repo.deleteDeclaration(r, dup.id);
    else if (dup) return { kind: 'duplicate', status: dup.status as 'pending' | 'active', number: dup.number };
    if (!(await underQuota(ctx, trx, email))) return { kind: 'quota' };
    const id = await repo.insertPending(r, input, email, locale, now);
    // Another submission with the same key committed between our check and our insert.
    if (id === null) return { kind: 'duplicate', status: 'pending', number: null };
    return { kind: 'stored', id };
  });
  if (result.kind !== 'stored') return result;
  const mail = confirmMail(locale, input.name, confirmUrl(ctx.baseUrl, key, locale, result.id, email, now));
  await deliverAll(ctx.mailer, ctx.log, [{ to: email, ...mail }], { purpose: 'declaration-confirm' });
  return { kind: 'sent', email };
}

// --------------------------------------------------------------------------------------------- tokens

export type TokenCheck = { ok: true; declaration: DeclarationWithContact } | { ok: false; reason: 'invalid' | 'expired' };

export async function forConfirmToken(database: DatabaseHandle, token: string, now: Date): Promise<TokenCheck> {
  const id = tokenId(token);
  if (id === null) return { ok: false, reason: 'invalid' };
  const d = await repo.loadDeclaration(database.db, id);
  if (!d || !d.confirmSentAt) return { ok: false, reason: 'invalid' };
  const key = await declarationLinkKey(database.db);
  if (!checkDeclarationToken(key, 'declaration-confirm', token, confirmBinding(d.email, d.confirmSentAt))) return { ok: false, reason: 'invalid' };
  if (d.status === 'pending' && confirmExpired(d, now)) return { ok: false, reason: 'expired' };
  return { ok: true, declaration: d };
}

/** The declaration a management link belongs to; the token names one declaration and can act on no other. */
export async function forManageToken(database: DatabaseHandle, token: string): Promise<TokenCheck> {
  const id = tokenId(token);
  if (id === null) return { ok: false, reason: 'invalid' };
  const d = await repo.loadDeclaration(database.db, id);
  if (!d) return { ok: false, reason: 'invalid' };
  const key = await declarationLinkKey(database.db);
  return checkDeclarationToken(key, 'declaration-manage', token, manageBinding(d.email)) ? { ok: true, declaration: d } : { ok: false, reason: 'invalid' };
}

// --------------------------------------------------------------------------------------------- confirm

export type ConfirmResult = { kind: 'activated' | 'already'; declaration: Declaration; manageToken?: string } | { kind: 'problem'; reason: 'invalid' | 'expired' };

/** Double opt-in, second step: pending → active, with the next number and a renewal date a year on. */
export async function confirm(ctx: DeclarationContext, token: string): Promise<ConfirmResult> {
  const check = await forConfirmToken(ctx.database, token, ctx.now);
  if (!check.ok) return { kind: 'problem', reason: check.reason };
  const d = check.declaration;
  if (d.status !== 'pending') return { kind: 'already', declaration: repo.publicView(d) };
  const now = ctx.now.toISOString();
  const today = tokyoDate(ctx.now);
  const activated = await ctx.database.db.transaction().execute(async (trx) => {
    const number = formatDeclarationNumber(Number(today.slice(0, 4)), await repo.nextSequence(trx));
    if (!(await repo.activate(trx, d.id, number, now, addYear(today)))) return null;
    await recordAudit(trx, { actorUserId: null, actorName: DECLARANT_ACTOR, organisationId: null, subjectKind: 'declaration', subjectId: d.id, action: 'declaration_confirmed', after: { number, star: d.star }, now });
    return repo.loadDeclaration(trx, d.id);
  });
  // Confirmed by a second click meanwhile: the first one won and sent the email.
  if (!activated) {
    const current = await repo.loadDeclaration(ctx.database.db, d.id);
    return { kind: 'already', declaration: repo.publicView(current ?? d) };
  }
  const key = await declarationLinkKey(ctx.database.db);
  const mail = activeMail(activated.locale, activated, publicUrl(ctx.baseUrl, activated.locale, activated.number!), manageUrl(ctx.baseUrl, key, activated.locale, activated));
  await deliverAll(ctx.mailer, ctx.log, [{ to: activated.email, ...mail }], { purpose: 'declaration-active' });
  return { kind: 'activated', declaration: repo.publicView(activated), manageToken: manageToken(key, activated) };
}

// ----------------------------------------------------------------------------- the firm's own actions

export type ActionResult = { ok: true } | { ok: false; reason: 'state' | 'conflict' };

/** The change would make it a duplicate of another live declaration. */
class Conflict extends Error {}

async function audited(ctx: DeclarationContext, d: DeclarationWithContact, action: string, change: (r: repo.Repo) => Promise<boolean>, after: unknown, note: string | null = null): Promise<ActionResult> {
  const now = ctx.now.toISOString();
  try {
    const ok = await ctx.database.db.transaction().execute(async (trx) => {
      if (!(await change(repoOf(ctx, trx)))) return false;
      const { email: _e, confirmSentAt: _c, ...before } = d;
      await recordAudit(trx, { actorUserId: null, actorName: DECLARANT_ACTOR, organisationId: null, subjectKind: 'declaration', subjectId: d.id, action, before, after, note, now });
      return true;
    });
    return ok ? { ok: true } : { ok: false, reason: 'state' };
  } catch (err) {
    // A name or prefecture change that makes it a duplicate of another live declaration.
    if (err instanceof Conflict || isUniqueViolation(err)) return { ok: false, reason: 'conflict' };
    throw err;
  }
}

/** Details (not the corporate number nor the address, which identify the declaration). */
export async function updateDetails(ctx: DeclarationContext, d: DeclarationWithContact, input: DeclarationInput): Promise<ActionResult> {
  if (d.status !== 'active') return { ok: false, reason: 'state' };
  const next = { ...input, corporateNumber: d.corporateNumber };
  return audited(ctx, d, d.star === 1 && input.star === 2 ? 'declaration_upgraded' : 'declaration_updated', async (r) => {
    const dup = await repo.findLiveDuplicate(r.db, next, d.email);
    if (dup && dup.id !== d.id) throw new Conflict('duplicate');
    await repo.updateDetails(r, d.id, next, ctx.now.toISOString());
    return true;
  }, next);
}

/** Renewal: a year from today. A lapsed declaration may be renewed too and keeps its number. */
export async function renewDeclaration(ctx: DeclarationContext, d: DeclarationWithContact): Promise<ActionResult> {
  if (d.status !== 'active' && d.status !== 'lapsed') return { ok: false, reason: 'state' };
  const due = addYear(tokyoDate(ctx.now));
  return audited(ctx, d, 'declaration_renewed', async (r) => {
    if (d.status === 'lapsed') {
      const dup = await repo.findLiveDuplicate(r.db, d, d.email);
      if (dup && dup.id !== d.id) throw new Conflict('duplicate');
    }
    return repo.renew(r.db, d.id, ctx.now.toISOString(), due, ['active', 'lapsed']);
  }, { renewalDue: due });
}

export async function withdrawDeclaration(ctx: DeclarationContext, d: DeclarationWithContact): Promise<ActionResult> {
  return audited(ctx, d, 'declaration_withdrawn', (r) => repo.endDeclaration(r.db, d.id, 'withdrawn', ctx.now.toISOString(), ['active', 'lapsed']), { status: 'withdrawn' });
}

// -------------------------------------------------------------------------------------- send links again

/**
 * Sends the links of the declarations registered with this address (all of them, or the one named by
 * its number or corporate number): management links, or a fresh confirmation link for one still
 * pending. The caller answers the same whatever happens here.
 */
export async function resendLinks(ctx: DeclarationContext, emailInput: string, identifier: { number?: string; corporateNumber?: string }, locale: Locale): Promise<void> {
  const email = normaliseEmail(emailInput);
  const found = (await repo.findByEmail(ctx.database.db, email, identifier)).filter((d) => d.status !== 'revoked');
  if (!found.length) return;
  if (!(await underQuota(ctx, ctx.database.db, email))) return;
  const key = await declarationLinkKey(ctx.database.db);
  const now = ctx.now.toISOString();
  const items: ResendItem[] = [];
  for (const d of found) {
    if (d.status === 'pending') {
      // A new confirmation link (the older one stops working): valid for 7 days from now.
      await repo.setConfirmSent(ctx.database.db, d.id, now);
      items.push({ name: d.name, number: null, pending: true, url: confirmUrl(ctx.baseUrl, key, locale, d.id, email, now) });
    } else {
      items.push({ name: d.name, number: d.number, pending: false, url: manageUrl(ctx.baseUrl, key, locale, d) });
    }
  }
  const message: MailMessage = { to: email, ...resendMail(locale, items) };
  await deliverAll(ctx.mailer, ctx.log, [message], { purpose: 'declaration-resend' });
}

// ------------------------------------------------------------------------------------------------ search

export async function searchDeclarations(database: DatabaseHandle, f: DeclarationFilters, page: number): Promise<SearchResult> {
  const p = Math.min(Math.max(1, page), MAX_PAGE);
  const r = await repo.searchPublic(repoOf({ database }), f, (p - 1) * PAGE_SIZE, PAGE_SIZE);
  return { items: r.items.map(repo.publicView), total: r.total, totalExact: r.exact, page: p, pageSize: PAGE_SIZE, filters: f };
}

export async function publicDeclaration(database: DatabaseHandle, number: string): Promise<Declaration | undefined> {
  const d = await repo.loadByNumber(database.db, number);
  return d ? repo.publicView(d) : undefined;
}

// ----------------------------------------------------------------------------------- the program office

export async function adminSearch(database: DatabaseHandle, f: AdminFilters, page: number) {
  const p = Math.min(Math.max(1, page), MAX_PAGE);
  const r = await repo.searchAdmin(repoOf({ database }), f, (p - 1) * PAGE_SIZE, PAGE_SIZE);
  return { items: r.items, total: r.total, totalExact: r.exact, page: p, pageSize: PAGE_SIZE };
}

export async function adminLoad(database: DatabaseHandle, id: number): Promise<DeclarationWithContact | undefined> {
  return repo.loadDeclaration(database.db, id);
}

/** Revocation by the program office, with a reason shown on the public page; the firm is told by email. */
export async function revokeDeclaration(ctx: DeclarationContext, actor: CurrentUser, id: number, reason: string): Promise<boolean> {
  const now = ctx.now.toISOString();
  const d = await ctx.database.db.transaction().execute(async (trx) => {
    const before = await repo.loadDeclaration(trx, id);
    if (!before || !(await repo.endDeclaration(trx, id, 'revoked', now, ['pending', 'active', 'lapsed', 'withdrawn'], reason))) return null;
    await recordAudit(trx, { actorUserId: actor.id, actorName: actor.displayName, organisationId: null, subjectKind: 'declaration', subjectId: id, action: 'declaration_revoked', before: { status: before.status }, after: { status: 'revoked' }, note: reason, now });
    return before;
  });
  if (!d) return false;
  if (d.status !== 'pending') await deliverAll(ctx.mailer, ctx.log, [{ to: d.email, ...revokedMail(d.locale, d, reason) }], { purpose: 'declaration-revoked' });
  return true;
}

