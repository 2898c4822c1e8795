// Users, sessions, email tokens, recovery codes and failed sign-ins. Every function takes a connection
// or a transaction, so a service can make several of them one atomic change.
import type { Selectable } from 'kysely';
import type { Db, UsersTable } from '../db/database.ts';
import type { CurrentUser, OrgRole, SessionInfo, SystemRole, UserSummary } from './model.ts';

export type UserRow = Selectable<UsersTable>;

/** Emails are compared case-insensitively and after NFKC (full-width ＠ and letters from phone keyboards). */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

export function toCurrentUser(row: UserRow): CurrentUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as SystemRole,
    organisationId: row.organisation_id,
    orgRole: (row.org_role as OrgRole | null) ?? null,
    totpEnabled: row.totp_enabled_at !== null,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  organisationId: number | null;
  orgRole: OrgRole | null;
  role?: SystemRole;
  emailVerifiedAt: string | null;
  now: string;
}

export async function insertUser(db: Db, u: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: normaliseEmail(u.email),
      display_name: u.displayName,
      password_hash: u.passwordHash,
      email_verified_at: u.emailVerifiedAt,
      role: u.role ?? 'member',
      organisation_id: u.organisationId,
      org_role: u.orgRole,
      password_changed_at: u.now,
      created_at: u.now,
      updated_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listUsers(db: Db, filter: { organisationId?: number } = {}): Promise<UserSummary[]> {
  let q = db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.org_role',
      'users.organisation_id',
      'users.status',
      'users.email_verified_at',
      'users.totp_enabled_at',
      'users.created_at',
      'organisations.name_ja',
      'organisations.name_en',
    ])
    .orderBy('users.id');
  if (filter.organisationId !== undefined) q = q.where('users.organisation_id', '=', filter.organisationId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role as SystemRole,
    orgRole: (r.org_role as OrgRole | null) ?? null,
    organisationId: r.organisation_id,
    organisationNameJa: r.name_ja ?? null,
    organisationNameEn: r.name_en ?? null,
    status: r.status as 'active' | 'disabled',
    emailVerified: r.email_verified_at !== null,
    totpEnabled: r.totp_enabled_at !== null,
    createdAt: r.created_at,
  }));
}

// ---- sessions ----

export async function insertSession(
  db: Db,
  s: { idHash: string; userId: number; now: string; expiresAt: string; secondFactor: boolean; userAgent: string | null; ip: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      second_factor: s.secondFactor ? 1 : 0,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
      ip: s.ip,
    })
    .execute();
}

export async function findSessionWithUser(db: Db, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id_hash', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.second_factor', 'sessions.created_at as session_created_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of the user but one (or all, when keep is null). Returns how many ended. */
export async function deleteUserSessions(db: Db, userId: number, keep: string | null): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id_hash', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listUserSessions(db: Db, userId: number, currentHash: string, now: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({ hash: r.id_hash, createdAt: r.created_at, lastSeenAt: r.last_seen_at, userAgent: r.user_agent, ip: r.ip, current: r.id_hash === currentHash }));
}

export async function deleteExpiredSessions(db: Db, now: string, idleBefore: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

// ---- email tokens ----

export type TokenPurpose = 'verify_email' | 'reset_password' | 'invite';

export async function insertToken(
  db: Db,
  t: { purpose: TokenPurpose; tokenHash: string; userId: number | null; organisationId: number | null; email: string; orgRole: OrgRole | null; createdBy: number | null; expiresAt: string; now: string },
): Promise<void> {
  await db
    .insertInto('user_tokens')
    .values({
      purpose: t.purpose,
      token_hash: t.tokenHash,
      user_id: t.userId,
      organisation_id: t.organisationId,
      email: normaliseEmail(t.email),
      org_role: t.orgRole,
      created_by: t.createdBy,
      expires_at: t.expiresAt,
      created_at: t.now,
    })
    .execute();
}

export async function findLiveToken(db: Db, purpose: TokenPurpose, tokenHash: string, now: string) {
  return db
    .selectFrom('user_tokens')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks a token used; false when another request used it first (single use under concurrency). */
export async function consumeToken(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('user_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A new link replaces older unused ones of the same purpose for that address. */
export async function expireTokens(db: Db, purpose: TokenPurpose, email: string, now: string): Promise<void> {
  await db.updateTable('user_tokens').set({ used_at: now }).where('purpose', '=', purpose).where('email', '=', normaliseEmail(email)).where('used_at', 'is', null).execute();
}

export async function pendingInvites(db: Db, organisationId: number, now: string) {
  return db
    .selectFrom('user_tokens')
    .select(['id', 'email', 'org_role', 'expires_at', 'created_at'])
    .where('purpose', '=', 'invite')
    .where('organisation_id', '=', organisationId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id')
    .execute();
}

// ---- failed sign-ins ----

export async function recordLoginFailure(db: Db, email: string, clientKey: string, now: string): Promise<void> {
  await db.insertInto('login_failures').values({ email: normaliseEmail(email), client_key: clientKey, created_at: now }).execute();
}

export async function countLoginFailures(db: Db, email: string, since: string, clientKey?: string): Promise<number> {
  let q = db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', normaliseEmail(email)).where('created_at', '>', since);
  if (clientKey !== undefined) q = q.where('client_key', '=', clientKey);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function clearLoginFailures(db: Db, email: string, clientKey: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', normaliseEmail(email)).where('client_key', '=', clientKey).execute();
}

export async function pruneLoginFailures(db: Db, before: string): Promise<void> {
  await db.deleteFrom('login_failures').where('created_at', '<', before).execute();
}

// ---- recovery codes ----

export async function replaceRecoveryCodes(db: Db, userId: number, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length) await db.insertInto('recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash }))).execute();
}

export async function useRecoveryCode(db: Db, userId: number, hash: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
