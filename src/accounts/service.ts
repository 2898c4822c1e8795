// Accounts: registration, email verification, sign-in with throttling, the second factor, password
// reset, invitations and membership. Each command validates, writes in one transaction, and sends
// its email only after the commit (never holding a connection during an SMTP exchange).
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { deliverAll } from '../mail/deliver.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import type { Text } from '../i18n/locale.ts';
import { recordAudit } from '../audit/audit.ts';
import { insertOrganisation, organisationNameTaken, slugTaken } from '../organisations/repository.ts';
import { ORGANISATION_KINDS, SECTORS, type OrganisationKind, type Sector } from '../taxonomy/taxonomy.ts';
import type { FieldErrors } from '../web/form.tsx';
import type { CurrentUser, OrgRole } from './model.ts';
import { PASSWORD_MESSAGES, checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';
import {
  clearLoginFailures,
  consumeToken,
  countLoginFailures,
  deleteUserSessions,
  expireTokens,
  findLiveToken,
  findUserByEmail,
  findUserById,
  insertToken,
  insertUser,
  normaliseEmail,
  recordLoginFailure,
  replaceRecoveryCodes,
  toCurrentUser,
  useRecoveryCode,
  type TokenPurpose,
} from './repository.ts';
import { hashToken, newToken } from './tokens.ts';
import { generateRecoveryCodes, hashRecoveryCode, newTotpSecret, totpQrSvg, totpUri, verifyTotp } from './totp.ts';

export interface AccountsContext {
  database: DatabaseHandle;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl'>;
  now: Date;
  log: { error(obj: object, msg: string): void };
}

const HOUR = 3_600_000;
const TOKEN_TTL: Record<TokenPurpose, number> = { verify_email: 48 * HOUR, reset_password: 1 * HOUR, invite: 7 * 24 * HOUR };

/** Failed sign-ins allowed per account and client in the window before that client must wait. */
export const LOGIN_FAILURES_PER_CLIENT = 5;
/** Failed sign-ins per account from all unknown clients in the window before unknown clients must wait. */
export const LOGIN_FAILURES_PER_ACCOUNT = 30;
export const LOGIN_WINDOW_MS = 15 * 60_000;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const iso = (d: Date) => d.toISOString();

const sendAll = (ctx: AccountsContext, mails: MailMessage[]) => deliverAll(ctx.mailer, ctx.log, mails);

function bilingual(subject: Text, ja: string, en: string): { subject: string; text: string } {
  return {
    subject: `${subject.ja} / ${subject.en}`,
    text: `${ja}\n\n----------\n\n${en}\n\n-- \nラストワンマイル・ポータル / Lastmile portal\n`,
  };
}

async function newEmailToken(
  ctx: AccountsContext,
  db: DatabaseHandle['db'] | Parameters<typeof insertToken>[0],
  t: { purpose: TokenPurpose; userId: number | null; organisationId: number | null; email: string; orgRole: OrgRole | null; createdBy: number | null },
): Promise<string> {
  const token = newToken();
  await expireTokens(db, t.purpose, t.email, iso(ctx.now));
  await insertToken(db, { ...t, tokenHash: hashToken(token), expiresAt: iso(new Date(ctx.now.getTime() + TOKEN_TTL[t.purpose])), now: iso(ctx.now) });
  return token;
}

function verificationMail(ctx: AccountsContext, to: string, token: string): MailMessage {
  const url = `${ctx.config.baseUrl}/verify-email?token=${token}`;
  return {
    to,
    ...bilingual(
      { ja: 'メールアドレスの確認', en: 'Confirm your email address' },
      `ラストワンマイル・ポータルへの登録ありがとうございます。\n次のリンクを開いて、メールアドレスを確認してください（48時間有効）。\n${url}\n\nお心当たりのない場合は、このメールを破棄してください。`,
      `Thank you for registering with the Lastmile portal.\nOpen this link to confirm your email address (valid for 48 hours):\n${url.replace('/verify-email', '/en/verify-email')}\n\nIf you did not register, you can ignore this email.`,
    ),
  };
}

// ---------------------------------------------------------------- registration

export interface RegistrationInput {
  orgNameJa: string;
  orgNameEn: string;
  orgKind: string;
  orgSector: string;
  orgWebsite: string;
  displayName: string;
  email: string;
  password: string;
}

export function validHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 500;
  } catch {
    return false;
  }
}

function passwordError(password: string, context: Parameters<typeof checkPasswordPolicy>[1]): Text | null {
  const p = checkPasswordPolicy(password, context);
  return p ? PASSWORD_MESSAGES[p] : null;
}

function slugify(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

export async function register(ctx: AccountsContext, input: RegistrationInput): Promise<{ ok: true } | { ok: false; errors: FieldErrors; status: 400 | 409 }> {
  const errors: FieldErrors = {};
  if (!input.orgNameJa) errors.orgNameJa = { ja: '団体名（日本語）を入力してください。', en: "Enter your organisation's name in Japanese." };
  else if (input.orgNameJa.length > 100) errors.orgNameJa = { ja: '団体名は100文字以内で入力してください。', en: 'Use 100 characters or fewer for the name.' };
  if (input.orgNameEn.length > 150) errors.orgNameEn = { ja: '英語の団体名は150文字以内で入力してください。', en: 'Use 150 characters or fewer for the English name.' };
  if (!(ORGANISATION_KINDS as readonly string[]).includes(input.orgKind)) errors.orgKind = { ja: '団体の種類を選んでください。', en: 'Choose the kind of organisation.' };
  if (!(SECTORS as readonly string[]).includes(input.orgSector)) errors.orgSector = { ja: '官民の区分を選んでください。', en: 'Choose public or private sector.' };
  if (input.orgWebsite && !validHttpUrl(input.orgWebsite)) errors.orgWebsite = { ja: 'ウェブサイトは https:// で始まるURLで入力してください。', en: 'Enter the website as a URL starting with https://.' };
  if (!input.displayName) errors.displayName = { ja: 'お名前を入力してください。', en: 'Enter your name.' };
  else if (input.displayName.length > 100) errors.displayName = { ja: 'お名前は100文字以内で入力してください。', en: 'Use 100 characters or fewer for your name.' };
  const email = normaliseEmail(input.email);
  if (!EMAIL_RE.test(email) || email.length > 254) errors.email = { ja: 'メールアドレスを name@example.jp の形で入力してください。', en: 'Enter an email address like name@example.jp.' };
  const pe = passwordError(input.password, { email, displayName: input.displayName, organisationName: input.orgNameJa });
  if (pe) errors.password = pe;
  if (Object.keys(errors).length) return { ok: false, errors, status: 400 };

  const db = ctx.database.db;
  const dup: FieldErrors = {};
  if (await findUserByEmail(db, email)) {
    dup.email = { ja: 'このメールアドレスは既に登録されています。ログインするか、パスワードを再設定してください。', en: 'This email address is already registered. Sign in, or reset your password.' };
  }
  if (await organisationNameTaken(db, input.orgNameJa)) {
    dup.orgNameJa = {
      ja: 'この名前の団体は既に登録されています。同じ団体の方は、団体の管理者に招待を依頼してください。',
      en: 'An organisation with this name is already registered. If you belong to it, ask its administrator to invite you.',
    };
  }
  if (Object.keys(dup).length) return { ok: false, errors: dup, status: 409 };

  const passwordHash = await hashPassword(input.password);
  const now = iso(ctx.now);
  let token = '';
  try {
    await db.transaction().execute(async (trx) => {
      let slug = slugify(input.orgNameEn) || `org-${newToken().slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
      for (let i = 2; await slugTaken(trx, slug); i++) slug = `${slugify(input.orgNameEn) || 'org'}-${i}`;
      const orgId = await insertOrganisation(trx, {
        slug,
        nameJa: input.orgNameJa,
        nameEn: input.orgNameEn || input.orgNameJa,
        abbreviation: null,
        kind: input.orgKind as OrganisationKind,
        sector: input.orgSector as Sector,
        website: input.orgWebsite || null,
        status: 'pending',
        now,
      });
      const userId = await insertUser(trx, { email, displayName: input.displayName, passwordHash, organisationId: orgId, orgRole: 'admin', emailVerifiedAt: null, now });
      await recordAudit(trx, { actorUserId: userId, actorName: input.displayName, organisationId: orgId, subjectKind: 'organisation', subjectId: orgId, action: 'registered', after: { nameJa: input.orgNameJa, nameEn: input.orgNameEn, kind: input.orgKind, sector: input.orgSector, website: input.orgWebsite || null }, now });
      token = await newEmailToken(ctx, trx, { purpose: 'verify_email', userId, organisationId: orgId, email, orgRole: null, createdBy: null });
    });
  } catch (err) {
    // Two registrations raced past the checks above: the unique indexes decided; say so plainly.
    if (/unique|duplicate/i.test((err as Error).message)) {
      return { ok: false, status: 409, errors: { email: { ja: 'このメールアドレスまたは団体名は既に登録されています。', en: 'This email address or organisation name is already registered.' } } };
    }
    throw err;
  }
  await sendAll(ctx, [verificationMail(ctx, email, token)]);
  return { ok: true };
}

export async function resendVerification(ctx: AccountsContext, emailInput: string): Promise<void> {
  const user = await findUserByEmail(ctx.database.db, emailInput);
  // Same answer whether or not the address is known (no account enumeration here).
  if (!user || user.email_verified_at || user.status !== 'active') return;
  const token = await ctx.database.db.transaction().execute((trx) => newEmailToken(ctx, trx, { purpose: 'verify_email', userId: user.id, organisationId: user.organisation_id, email: user.email, orgRole: null, createdBy: null }));
  await sendAll(ctx, [verificationMail(ctx, user.email, token)]);
}

export async function verifyEmail(ctx: AccountsContext, token: string): Promise<boolean> {
  if (!token) return false;
  const now = iso(ctx.now);
  return ctx.database.db.transaction().execute(async (trx) => {
    const t = await findLiveToken(trx, 'verify_email', hashToken(token), now);
    if (!t || t.user_id === null || !(await consumeToken(trx, t.id, now))) return false;
    await trx.updateTable('users').set({ email_verified_at: now, updated_at: now }).where('id', '=', t.user_id).where('email', '=', t.email).execute();
    await recordAudit(trx, { actorUserId: t.user_id, actorName: null, organisationId: t.organisation_id, subjectKind: 'user', subjectId: t.user_id, action: 'email_verified', now });
    return true;
  });
}

// ---------------------------------------------------------------- sign-in

export type SignInResult =
  | { kind: 'ok'; user: CurrentUser }
  | { kind: 'invalid' }
  | { kind: 'throttled' }
  | { kind: 'unverified' };

/**
 * Throttling without lock-out (OWASP: device cookies). Failures are counted per account and client;
 * a client is the browser's device cookie (issued to it at an earlier successful sign-in to this
 * account) or else its address. A client past LOGIN_FAILURES_PER_CLIENT waits out the window; when an
 * account draws LOGIN_FAILURES_PER_ACCOUNT failures from many clients, unknown clients wait, but the
 * user's own known device still gets in.
 */
export async function signIn(ctx: AccountsContext, input: { email: string; password: string; clientKey: string; knownDevice: boolean }): Promise<SignInResult> {
  const db = ctx.database.db;
  const email = normaliseEmail(input.email);
  const since = iso(new Date(ctx.now.getTime() - LOGIN_WINDOW_MS));
  if ((await countLoginFailures(db, email, since, input.clientKey)) >= LOGIN_FAILURES_PER_CLIENT) return { kind: 'throttled' };
  if (!input.knownDevice && (await countLoginFailures(db, email, since)) >= LOGIN_FAILURES_PER_ACCOUNT) return { kind: 'throttled' };
  const row = await findUserByEmail(db, email);
  const ok = row && row.status === 'active' ? await verifyPassword(row.password_hash, input.password) : await verifyAgainstDummy(input.password);
  if (!row || !ok || row.status !== 'active') {
    await recordLoginFailure(db, email, input.clientKey, iso(ctx.now));
    return { kind: 'invalid' };
  }
  await clearLoginFailures(db, email, input.clientKey);
  if (!row.email_verified_at) return { kind: 'unverified' };
  return { kind: 'ok', user: toCurrentUser(row) };
}

/** A TOTP code or an unused recovery code. Failures count towards the same throttle as passwords. */
export async function checkSecondFactor(ctx: AccountsContext, userId: number, code: string, clientKey: string): Promise<'ok' | 'invalid' | 'throttled'> {
  const db = ctx.database.db;
  const row = await findUserById(db, userId);
  if (!row || !row.totp_secret || !row.totp_enabled_at) return 'invalid';
  const since = iso(new Date(ctx.now.getTime() - LOGIN_WINDOW_MS));
  if ((await countLoginFailures(db, row.email, since, clientKey)) >= LOGIN_FAILURES_PER_CLIENT) return 'throttled';
  const totp = verifyTotp(row.totp_secret, code, row.totp_last_step, ctx.now.getTime());
  if (totp.ok) {
    // Conditional on the last step, so the same code cannot be used twice even by two racing requests.
    const r = await db
      .updateTable('users')
      .set({ totp_last_step: totp.step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', totp.step)]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return 'ok';
  } else if (code.replace(/[\s-]/g, '').length > 8 && (await useRecoveryCode(db, userId, hashRecoveryCode(code), iso(ctx.now)))) {
    await recordAudit(db, { actorUserId: userId, actorName: row.display_name, organisationId: row.organisation_id, subjectKind: 'user', subjectId: userId, action: 'recovery_code_used', now: iso(ctx.now) });
    return 'ok';
  }
  await recordLoginFailure(db, row.email, clientKey, iso(ctx.now));
  return 'invalid';
}

// ---------------------------------------------------------------- password reset and change

export async function requestPasswordReset(ctx: AccountsContext, emailInput: string): Promise<void> {
  const user = await findUserByEmail(ctx.database.db, emailInput);
  if (!user || user.status !== 'active') {
    await verifyAgainstDummy('timing'); // roughly the same time whether or not the address exists
    return;
  }
  const token = await ctx.database.db.transaction().execute((trx) =>
    newEmailToken(ctx, trx, { purpose: 'reset_password', userId: user.id, organisationId: user.organisation_id, email: user.email, orgRole: null, createdBy: null }),
  );
  const url = `${ctx.config.baseUrl}/password/reset?token=${token}`;
  await sendAll(ctx, [
    {
      to: user.email,
      ...bilingual(
        { ja: 'パスワードの再設定', en: 'Reset your password' },
        `パスワードの再設定を受け付けました。次のリンクから新しいパスワードを設定してください（1時間有効、1回限り）。\n${url}\n\nお心当たりのない場合は、このメールを破棄してください。パスワードは変わりません。`,
        `We received a request to reset your password. Set a new one here (valid for 1 hour, once):\n${url.replace('/password/reset', '/en/password/reset')}\n\nIf you did not ask for this, ignore this email; your password stays the same.`,
      ),
    },
  ]);
}

export async function resetTokenIsLive(ctx: AccountsContext, token: string): Promise<boolean> {
  return token ? (await findLiveToken(ctx.database.db, 'reset_password', hashToken(token), iso(ctx.now))) !== undefined : false;
}

export async function resetPassword(ctx: AccountsContext, token: string, password: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors; expired?: boolean }> {
  const db = ctx.database.db;
  const now = iso(ctx.now);
  const t = token ? await findLiveToken(db, 'reset_password', hashToken(token), now) : undefined;
  const user = t?.user_id ? await findUserById(db, t.user_id) : undefined;
  if (!t || !user) return { ok: false, expired: true, errors: {} };
  const pe = passwordError(password, { email: user.email, displayName: user.display_name });
  if (pe) return { ok: false, errors: { password: pe } };
  const hash = await hashPassword(password);
  const done = await db.transaction().execute(async (trx) => {
    if (!(await consumeToken(trx, t.id, now))) return false;
    // Proving control of the address also verifies it.
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now, updated_at: now, email_verified_at: user.email_verified_at ?? now }).where('id', '=', user.id).execute();
    await deleteUserSessions(trx, user.id, null);
    await recordAudit(trx, { actorUserId: user.id, actorName: user.display_name, organisationId: user.organisation_id, subjectKind: 'user', subjectId: user.id, action: 'password_reset', now });
    return true;
  });
  if (!done) return { ok: false, expired: true, errors: {} };
  await sendAll(ctx, [passwordChangedMail(ctx, user.email)]);
  return { ok: true };
}

function passwordChangedMail(ctx: AccountsContext, to: string): MailMessage {
  return {
    to,
    ...bilingual(
      { ja: 'パスワードが変更されました', en: 'Your password was changed' },
      `あなたのアカウントのパスワードが変更され、他の端末でのログインはすべて終了しました。\nお心当たりのない場合は、すぐにパスワードを再設定してください：${ctx.config.baseUrl}/password/forgot`,
      `The password of your account was changed and every other signed-in device was signed out.\nIf this was not you, reset your password now: ${ctx.config.baseUrl}/en/password/forgot`,
    ),
  };
}

export async function changePassword(ctx: AccountsContext, user: CurrentUser, keepSession: string, current: string, next: string): Promise<FieldErrors | null> {
  const db = ctx.database.db;
  const row = await findUserById(db, user.id);
  if (!row || !(await verifyPassword(row.password_hash, current))) return { currentPassword: { ja: '現在のパスワードが正しくありません。', en: 'Your current password is not correct.' } };
  const pe = passwordError(next, { email: row.email, displayName: row.display_name });
  if (pe) return { newPassword: pe };
  const hash = await hashPassword(next);
  const now = iso(ctx.now);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now, updated_at: now }).where('id', '=', user.id).execute();
    await deleteUserSessions(trx, user.id, keepSession);
    await recordAudit(trx, { actorUserId: user.id, actorName: user.displayName, organisationId: user.organisationId, subjectKind: 'user', subjectId: user.id, action: 'password_changed', now });
  });
  await sendAll(ctx, [passwordChangedMail(ctx, row.email)]);
  return null;
}

// ---------------------------------------------------------------- two-factor set-up

/** A new secret, stored as pending (not enabled) until the user proves their app has it. */
export async function beginTotp(ctx: AccountsContext, user: CurrentUser): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = newTotpSecret();
  await ctx.database.db.updateTable('users').set({ totp_secret: secret, totp_last_step: null }).where('id', '=', user.id).where('totp_enabled_at', 'is', null).execute();
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

export async function pendingTotp(ctx: AccountsContext, user: CurrentUser): Promise<{ secret: string; uri: string; qrSvg: string } | null> {
  const row = await findUserById(ctx.database.db, user.id);
  if (!row?.totp_secret || row.totp_enabled_at) return null;
  const uri = totpUri(row.totp_secret, user.email);
  return { secret: row.totp_secret, uri, qrSvg: await totpQrSvg(uri) };
}

export async function enableTotp(ctx: AccountsContext, user: CurrentUser, code: string): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false }> {
  const db = ctx.database.db;
  const row = await findUserById(db, user.id);
  if (!row?.totp_secret || row.totp_enabled_at) return { ok: false };
  const v = verifyTotp(row.totp_secret, code, null, ctx.now.getTime());
  if (!v.ok) return { ok: false };
  const codes = generateRecoveryCodes();
  const now = iso(ctx.now);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled_at: now, totp_last_step: v.step, updated_at: now }).where('id', '=', user.id).execute();
    await replaceRecoveryCodes(trx, user.id, codes.map(hashRecoveryCode));
    await recordAudit(trx, { actorUserId: user.id, actorName: user.displayName, organisationId: user.organisationId, subjectKind: 'user', subjectId: user.id, action: 'totp_enabled', now });
  });
  return { ok: true, recoveryCodes: codes };
}

export async function regenerateRecoveryCodes(ctx: AccountsContext, user: CurrentUser): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, user.id, codes.map(hashRecoveryCode));
    await recordAudit(trx, { actorUserId: user.id, actorName: user.displayName, organisationId: user.organisationId, subjectKind: 'user', subjectId: user.id, action: 'recovery_codes_regenerated', now });
  });
  return codes;
}

/** Only members may turn the second factor off; moderators and administrators must keep it. */
export async function disableTotp(ctx: AccountsContext, user: CurrentUser): Promise<void> {
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now }).where('id', '=', user.id).execute();
    await replaceRecoveryCodes(trx, user.id, []);
    await recordAudit(trx, { actorUserId: user.id, actorName: user.displayName, organisationId: user.organisationId, subjectKind: 'user', subjectId: user.id, action: 'totp_disabled', now });
  });
}

// ---------------------------------------------------------------- invitations and members

export async function inviteMember(ctx: AccountsContext, admin: CurrentUser, emailInput: string, role: string): Promise<FieldErrors | null> {
  const email = normaliseEmail(emailInput);
  if (!EMAIL_RE.test(email) || email.length > 254) return { email: { ja: 'メールアドレスを name@example.jp の形で入力してください。', en: 'Enter an email address like name@example.jp.' } };
  if (role !== 'member' && role !== 'admin') return { role: { ja: '役割を選んでください。', en: 'Choose a role.' } };
  const db = ctx.database.db;
  const existing = await findUserByEmail(db, email);
  if (existing) {
    return existing.organisation_id === admin.organisationId
      ? { email: { ja: 'この方は既にメンバーです。', en: 'This person is already a member.' } }
      : { email: { ja: 'このメールアドレスは別のアカウントで使われています。別のアドレスで招待してください。', en: 'This email address is used by another account. Invite a different address.' } };
  }
  const org = await db.selectFrom('organisations').select(['name_ja', 'name_en']).where('id', '=', admin.organisationId!).executeTakeFirstOrThrow();
  const now = iso(ctx.now);
  const token = await db.transaction().execute(async (trx) => {
    const tk = await newEmailToken(ctx, trx, { purpose: 'invite', userId: null, organisationId: admin.organisationId, email, orgRole: role, createdBy: admin.id });
    await recordAudit(trx, { actorUserId: admin.id, actorName: admin.displayName, organisationId: admin.organisationId, subjectKind: 'organisation', subjectId: admin.organisationId!, action: 'member_invited', after: { email, role }, now });
    return tk;
  });
  const url = `${ctx.config.baseUrl}/invite?token=${token}`;
  await sendAll(ctx, [
    {
      to: email,
      ...bilingual(
        { ja: `${org.name_ja}への招待`, en: `Invitation to ${org.name_en}` },
        `${admin.displayName}さんから、ラストワンマイル・ポータルの「${org.name_ja}」に招待されました。\n次のリンクからアカウントを作成してください（7日間有効）。\n${url}`,
        `${admin.displayName} invited you to join ${org.name_en} on the Lastmile portal.\nCreate your account here (valid for 7 days):\n${url.replace('/invite', '/en/invite')}`,
      ),
    },
  ]);
  return null;
}

export async function inviteDetails(ctx: AccountsContext, token: string) {
  if (!token) return undefined;
  const t = await findLiveToken(ctx.database.db, 'invite', hashToken(token), iso(ctx.now));
  if (!t || t.organisation_id === null) return undefined;
  const org = await ctx.database.db.selectFrom('organisations').select(['name_ja', 'name_en']).where('id', '=', t.organisation_id).executeTakeFirst();
  return org ? { email: t.email, orgNameJa: org.name_ja, orgNameEn: org.name_en } : undefined;
}

export async function acceptInvite(ctx: AccountsContext, token: string, displayName: string, password: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors; expired?: boolean }> {
  const db = ctx.database.db;
  const now = iso(ctx.now);
  const t = token ? await findLiveToken(db, 'invite', hashToken(token), now) : undefined;
  if (!t || t.organisation_id === null) return { ok: false, expired: true, errors: {} };
  const errors: FieldErrors = {};
  if (!displayName) errors.displayName = { ja: 'お名前を入力してください。', en: 'Enter your name.' };
  else if (displayName.length > 100) errors.displayName = { ja: 'お名前は100文字以内で入力してください。', en: 'Use 100 characters or fewer for your name.' };
  const pe = passwordError(password, { email: t.email, displayName });
  if (pe) errors.password = pe;
  if (Object.keys(errors).length) return { ok: false, errors };
  if (await findUserByEmail(db, t.email)) return { ok: false, errors: { displayName: { ja: 'このメールアドレスのアカウントは既にあります。ログインしてください。', en: 'An account with this email address already exists. Please sign in.' } } };
  const hash = await hashPassword(password);
  const done = await db.transaction().execute(async (trx) => {
    if (!(await consumeToken(trx, t.id, now))) return false;
    const userId = await insertUser(trx, { email: t.email, displayName, passwordHash: hash, organisationId: t.organisation_id, orgRole: (t.org_role as OrgRole) ?? 'member', emailVerifiedAt: now, now });
    await recordAudit(trx, { actorUserId: userId, actorName: displayName, organisationId: t.organisation_id, subjectKind: 'organisation', subjectId: t.organisation_id!, action: 'member_joined', after: { email: t.email, role: t.org_role }, now });
    return true;
  });
  return done ? { ok: true } : { ok: false, expired: true, errors: {} };
}

async function adminCount(db: DatabaseHandle['db'], organisationId: number): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('org_role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Changes a member's role or removes them. The member is looked up within the admin's organisation only. */
export async function updateMember(ctx: AccountsContext, admin: CurrentUser, memberId: number, change: 'make_admin' | 'make_member' | 'remove'): Promise<Text | null> {
  const db = ctx.database.db;
  const member = await db.selectFrom('users').selectAll().where('id', '=', memberId).where('organisation_id', '=', admin.organisationId!).executeTakeFirst();
  if (!member) return { ja: 'そのメンバーは見つかりません。', en: 'That member was not found.' };
  if (change !== 'make_admin' && member.org_role === 'admin' && (await adminCount(db, admin.organisationId!)) <= 1) {
    return { ja: '団体には管理者が1人以上必要です。先に別のメンバーを管理者にしてください。', en: 'An organisation needs at least one administrator. Make another member an administrator first.' };
  }
  const now = iso(ctx.now);
  await db.transaction().execute(async (trx) => {
    if (change === 'remove') {
      await trx.updateTable('users').set({ organisation_id: null, org_role: null, updated_at: now }).where('id', '=', memberId).execute();
      await deleteUserSessions(trx, memberId, null);
    } else {
      await trx.updateTable('users').set({ org_role: change === 'make_admin' ? 'admin' : 'member', updated_at: now }).where('id', '=', memberId).execute();
    }
    await recordAudit(trx, {
      actorUserId: admin.id,
      actorName: admin.displayName,
      organisationId: admin.organisationId,
      subjectKind: 'user',
      subjectId: memberId,
      action: change === 'remove' ? 'member_removed' : 'member_role_changed',
      before: { role: member.org_role },
      after: change === 'remove' ? null : { role: change === 'make_admin' ? 'admin' : 'member' },
      now,
    });
  });
  return null;
}
