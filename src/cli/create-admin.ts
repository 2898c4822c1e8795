// `create-admin`: the first administrator of a new portal (nobody can yet grant the role on the web), or an
// existing account made administrator with --promote. The password follows the web's rules and is never
// printed, logged or put on the command line: it comes from stdin (scripts) or a prompt without echo.
// Like any administrator, the account must set up a second factor when it first signs in.
import { Command } from 'commander';
import { recordAudit } from '../audit/audit.ts';
import { PASSWORD_MESSAGES, checkPasswordPolicy, hashPassword } from '../accounts/password.ts';
import { findUserByEmail, insertUser, normaliseEmail } from '../accounts/repository.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { OpsError } from '../ops/errors.ts';
import { action, cliConfig, EXIT, progress, result } from './common.ts';

/** How the audit trail names changes made from the command line (there is no signed-in user). */
export const COMMAND_LINE_ACTOR = 'command line / コマンドライン';

// The same shape the registration form accepts (accounts/service.ts).
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** More than any allowed password (128 characters of up to 4 bytes) plus a line end: stdin is not a file. */
const MAX_STDIN_BYTES = 1024;

const bilingual = (t: { ja: string; en: string }) => `${t.en} / ${t.ja}`;

export type CreateAdminOutcome = { kind: 'created'; userId: number } | { kind: 'promoted'; userId: number; newlyVerified: boolean } | { kind: 'already_admin'; userId: number };

/**
 * Creates an administrator (email treated as verified: the operator vouches for it), or with `promote` makes
 * an existing account one. Refusals are OpsErrors with exit code 1, worded as the web words them.
 */
export async function createAdministrator(
  handle: DatabaseHandle,
  input: { email: string; displayName: string | undefined; promote: boolean; password: () => Promise<string>; now: Date },
): Promise<CreateAdminOutcome> {
  const email = normaliseEmail(input.email);
  if (!EMAIL_RE.test(email) || email.length > 254) throw new OpsError('Give an email address like name@example.jp (--email). / メールアドレスを name@example.jp の形で指定してください。', EXIT.usage);
  const now = input.now.toISOString();
  const existing = await findUserByEmail(handle.db, email);
  if (existing) {
    if (!input.promote)
      throw new OpsError(
        'An account with this email address already exists. To make it an administrator, run again with --promote (its password stays as it is). / このメールアドレスのアカウントは既にあります。管理者にするには --promote を付けてください。',
        EXIT.failure,
      );
    if (existing.role === 'admin') return { kind: 'already_admin', userId: existing.id };
    const newlyVerified = existing.email_verified_at === null;
    await handle.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ role: 'admin', email_verified_at: existing.email_verified_at ?? now, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      await recordAudit(trx, { actorUserId: null, actorName: COMMAND_LINE_ACTOR, organisationId: existing.organisation_id, subjectKind: 'user', subjectId: existing.id, action: 'role_changed', before: { role: existing.role }, after: { role: 'admin' }, now });
    });
    return { kind: 'promoted', userId: existing.id, newlyVerified };
  }

  const displayName = input.displayName?.normalize('NFC').trim() ?? '';
  if (!displayName) throw new OpsError('Give the administrator\'s name (--name "…"). / お名前を --name で指定してください。', EXIT.usage);
  if (displayName.length > 100) throw new OpsError('Use 100 characters or fewer for the name. / お名前は100文字以内で指定してください。', EXIT.usage);
  const password = await input.password();
  const problem = checkPasswordPolicy(password, { email, displayName });
  if (problem) throw new OpsError(bilingual(PASSWORD_MESSAGES[problem]), EXIT.failure);
  const passwordHash = await hashPassword(password);
  try {
    const userId = await handle.db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, { email, displayName, passwordHash, organisationId: null, orgRole: null, role: 'admin', emailVerifiedAt: now, now });
      await recordAudit(trx, { actorUserId: null, actorName: COMMAND_LINE_ACTOR, organisationId: null, subjectKind: 'user', subjectId: id, action: 'created', after: { role: 'admin', displayName }, now });
      return id;
    });
    return { kind: 'created', userId };
  } catch (err) {
    // Another process created the same address between the check and the insert: the unique index decided.
    if (/unique|duplicate/i.test((err as Error).message)) throw new OpsError('An account with this email address already exists. / このメールアドレスのアカウントは既にあります。', EXIT.failure);
    throw err;
  }
}

/** The password from a pipe or a file: one line, its line end removed. */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_STDIN_BYTES) throw new OpsError('stdin holds more than a password: give the password alone, on one line. / 標準入力にはパスワードだけを1行で渡してください。', EXIT.usage);
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) throw new OpsError('stdin holds more than one line: give the password alone, on one line. / 標準入力にはパスワードだけを1行で渡してください。', EXIT.usage);
  if (!text) throw new OpsError('No password on stdin. / 標準入力にパスワードがありません。', EXIT.usage);
  return text;
}

/** Asks on the terminal without echoing what is typed (nothing of it reaches the screen or the scrollback). */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let typed = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const finish = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003') return finish(new OpsError('Cancelled. / 中止しました。', EXIT.failure));
        if (ch === '\u0004') return finish(typed ? null : new OpsError('No password given. / パスワードが入力されませんでした。', EXIT.usage));
        if (ch === '\u007f' || ch === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function passwordFromPrompt(): Promise<string> {
  const first = await promptHidden('Password / パスワード: ');
  const second = await promptHidden('Password again / もう一度: ');
  if (first !== second) throw new OpsError('The two passwords differ; nothing was created. / 2回のパスワードが一致しません。', EXIT.failure);
  return first;
}

export function createAdminCommand(): Command {
  return new Command('create-admin')
    .summary('create the first administrator, or make an account one / 管理者アカウントを作成')
    .description(
      'Creates an administrator account (system role admin, email address treated as verified) in the database of DATABASE_URL, migrating it first if needed. The password follows the same rules as on the web (8 to 128 characters, not a common password, not containing the email address, the name or "Lastmile"). It is read from stdin when stdin is not a terminal (or with --password-stdin), else asked twice without echo; it is never accepted as an argument, printed or logged. An existing email address is refused unless --promote, which makes that account an administrator and leaves its password as it is. At the first sign-in the administrator must set up two-factor authentication (an authenticator app), as every administrator must.',
    )
    .requiredOption('--email <address>', 'the administrator\'s email address (their sign-in name) / メールアドレス')
    .option('--name <display name>', 'the name shown to others (required for a new account) / 表示名')
    .option('--password-stdin', 'read the password from stdin (the default when stdin is not a terminal) / パスワードを標準入力から読む')
    .option('--promote', 'the account exists: make it an administrator / 既存のアカウントを管理者にする')
    .action(
      action(async (opts: { email: string; name?: string; passwordStdin?: boolean; promote?: boolean }) => {
        const config = cliConfig();
        const fromStdin = Boolean(opts.passwordStdin) || !process.stdin.isTTY;
        const handle = openDatabase(config.databaseUrl);
        try {
          const applied = await migrateToLatest(handle);
          if (applied.length) progress(`Migrated the database (${applied.length} migrations).`);
          const r = await createAdministrator(handle, { email: opts.email, displayName: opts.name, promote: Boolean(opts.promote), password: fromStdin ? passwordFromStdin : passwordFromPrompt, now: new Date() });
          const email = normaliseEmail(opts.email);
          if (r.kind === 'created') result(`Created the administrator ${email} (user ${r.userId}). At the first sign-in they set up two-factor authentication. / 管理者アカウントを作成しました。初回ログイン時に2段階認証を設定します。`);
          else if (r.kind === 'promoted') result(`${email} (user ${r.userId}) is now an administrator${r.newlyVerified ? '; its email address is now treated as verified' : ''}. At the next sign-in they set up two-factor authentication if they have not. / 管理者にしました。`);
          else result(`${email} (user ${r.userId}) is already an administrator; nothing was changed. / 既に管理者です。`);
        } finally {
          await handle.destroy();
        }
      }),
    );
}
