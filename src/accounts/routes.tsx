// Accounts routes. Each handler: rate limit (route config), read only the fields it needs, call the
// service, then redirect (PRG) or re-render the form with the input kept and an error summary.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formSecret, formText } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { MessagePage } from '../web/message-page.tsx';
import { sendPage } from '../web/render.ts';
import { requireOrgAdmin, requireOrganisation, requireSignedIn, safeNext, userOf } from './auth-plugin.ts';
import { isPrivileged } from './model.ts';
import { countUnusedRecoveryCodes, deleteUserSessions, listUserSessions, listUsers, pendingInvites } from './repository.ts';
import {
  acceptInvite,
  beginTotp,
  changePassword,
  checkSecondFactor,
  disableTotp,
  enableTotp,
  inviteDetails,
  inviteMember,
  pendingTotp,
  register,
  regenerateRecoveryCodes,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  resetTokenIsLive,
  signIn,
  updateMember,
  verifyEmail,
  type AccountsContext,
} from './service.ts';
import { viewerFor } from './viewer.ts';
import {
  AccountPage,
  EmailOnlyPage,
  LoginPage,
  MembersPage,
  PasswordFormPage,
  RecoveryCodesPage,
  RegisterPage,
  SecondFactorPage,
  TwoFactorSetupPage,
  type RegisterValues,
} from './views.tsx';

/** Behind HTTPS the device cookie is __Host- prefixed like the session's: no subdomain can plant or overwrite it. */
const deviceCookie = (req: FastifyRequest) => (req.server.deps.config.secureCookies ? '__Host-lm_device' : 'lm_device');
const EMPTY_REGISTRATION: RegisterValues = { orgNameJa: '', orgNameEn: '', orgKind: '', orgSector: '', orgWebsite: '', displayName: '', email: '' };

const NOTICES: Record<string, Text> = {
  password: { ja: 'パスワードを変更しました。ほかの端末はログアウトしました。', en: 'Your password was changed. Other devices were signed out.' },
  sessions: { ja: 'ほかの端末をすべてログアウトしました。', en: 'You were signed out everywhere else.' },
  'totp-off': { ja: '2段階認証をやめました。', en: 'Two-factor authentication is off.' },
  invited: { ja: '招待メールを送りました。', en: 'The invitation was sent.' },
  member: { ja: 'メンバーの設定を変更しました。', en: 'The member was updated.' },
  reset: { ja: 'パスワードを設定しました。新しいパスワードでログインしてください。', en: 'Your password was set. Sign in with your new password.' },
  verified: { ja: 'メールアドレスを確認しました。ログインしてください。', en: 'Your email address is confirmed. Please sign in.' },
  joined: { ja: 'アカウントを作成しました。ログインしてください。', en: 'Your account was created. Please sign in.' },
  'signed-out': { ja: 'ログアウトしました。', en: 'You are signed out.' },
};

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

export function accountsContext(req: FastifyRequest): AccountsContext {
  const { database, mailer, config } = req.server.deps;
  return { database, mailer, config, now: req.server.deps.now?.() ?? new Date(), log: req.log };
}

function emailTag(email: string): string {
  return createHash('sha256').update(email.normalize('NFKC').trim().toLowerCase()).digest('base64url').slice(0, 16);
}

/** The client a failed sign-in is counted against: this browser's device cookie for the account, else its address. */
function clientOf(req: FastifyRequest, email: string): { clientKey: string; knownDevice: boolean } {
  const raw = req.cookies[deviceCookie(req)];
  if (raw) {
    const u = req.unsignCookie(raw);
    if (u.valid && u.value?.startsWith(`${emailTag(email)}.`)) return { clientKey: `device:${u.value}`, knownDevice: true };
  }
  return { clientKey: `ip:${req.ip}`, knownDevice: false };
}

function rememberDevice(req: FastifyRequest, reply: FastifyReply, email: string): void {
  if (clientOf(req, email).knownDevice) return;
  const value = `${emailTag(email)}.${crypto.randomUUID()}`;
  reply.setCookie(deviceCookie(req), value, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.server.deps.config.secureCookies, signed: true, maxAge: 365 * 24 * 3600 });
}

function afterSignIn(req: FastifyRequest, reply: FastifyReply, locale: Locale, next: string | null) {
  const u = req.auth!.user;
  if (isPrivileged(u) && !u.totpEnabled) return reply.redirect(localePath(locale, '/my/account/two-factor'), 303);
  return reply.redirect(next ?? localePath(locale, isPrivileged(u) ? '/moderation' : '/my'), 303);
}

export async function accountRoutes(app: FastifyInstance) {
  const authLimit = { rateLimit: { max: app.deps.config.authRateLimitPerMinute, timeWindow: 60_000 } };
  const noReferrer = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer');

  // ---- registration and verification
  pageRoute(app, '/register', undefined, (_req, reply, locale) => sendPage(reply, RegisterPage({ locale, csrf: reply.generateCsrf(), values: EMPTY_REGISTRATION, errors: {} })));

  pagePost(app, '/register', authLimit, async (req, reply, locale) => {
    const b = asForm(req.body);
    const values: RegisterValues = {
      orgNameJa: formText(b, 'orgNameJa', 200),
      orgNameEn: formText(b, 'orgNameEn', 300),
      orgKind: formText(b, 'orgKind', 50),
      orgSector: formText(b, 'orgSector', 50),
      orgWebsite: formText(b, 'orgWebsite', 600),
      displayName: formText(b, 'displayName', 200),
      email: formText(b, 'email', 300),
    };
    const r = await register(accountsContext(req), { ...values, password: formSecret(b, 'password') });
    if (!r.ok) return sendPage(reply, RegisterPage({ locale, csrf: reply.generateCsrf(), values, errors: r.errors }), r.status);
    return reply.redirect(localePath(locale, '/register/sent'), 303);
  });

  pageRoute(app, '/register/sent', undefined, (_req, reply, locale) =>
    sendPage(
      reply,
      MessagePage({
        locale,
        path: '/register/sent',
        title: { ja: '確認メールを送りました', en: 'Check your email' },
        body: [
          { ja: '登録したメールアドレスに確認のメールを送りました。メールのリンクを開くと登録が完了し、ログインできるようになります。', en: 'We sent a confirmation email to the address you gave. Open the link in it to finish registering; then you can sign in.' },
          { ja: 'メールが届かない場合は、迷惑メールフォルダを確認するか、確認メールを再送してください。', en: 'If it does not arrive, check your spam folder or ask for it again.' },
        ],
        links: [{ href: localePath(locale, '/verify-email/resend'), label: { ja: '確認メールを再送する', en: 'Send the email again' } }],
      }),
    ),
  );

  pageRoute<{ token?: string }>(app, '/verify-email', undefined, async (req, reply, locale) => {
    noReferrer(reply);
    const ok = await verifyEmail(accountsContext(req), typeof req.query.token === 'string' ? req.query.token : '');
    if (ok) return reply.redirect(localePath(locale, '/login') + '?done=verified', 303);
    return sendPage(
      reply,
      MessagePage({
        locale,
        path: '/verify-email',
        title: { ja: 'リンクが無効です', en: 'This link does not work' },
        body: [{ ja: '確認のリンクが期限切れか、既に使われています。確認メールを再送してください。', en: 'The confirmation link has expired or was already used. Ask for a new email.' }],
        links: [{ href: localePath(locale, '/verify-email/resend'), label: { ja: '確認メールを再送する', en: 'Send the email again' } }],
      }),
      400,
    );
  });

  const resendPage = (locale: Locale, csrf: string, email: string, errors = {}, done?: Text) =>
    EmailOnlyPage({
      locale,
      path: '/verify-email/resend',
      csrf,
      title: { ja: '確認メールの再送', en: 'Send the confirmation email again' },
      intro: { ja: '登録したメールアドレスを入力してください。', en: 'Enter the address you registered with.' },
      button: { ja: '再送する', en: 'Send' },
      email,
      errors,
      done,
    });
  pageRoute(app, '/verify-email/resend', undefined, (_req, reply, locale) => sendPage(reply, resendPage(locale, reply.generateCsrf(), '')));
  pagePost(app, '/verify-email/resend', authLimit, async (req, reply, locale) => {
    const email = formText(asForm(req.body), 'email', 300);
    if (!email) return sendPage(reply, resendPage(locale, reply.generateCsrf(), '', { email: { ja: 'メールアドレスを入力してください。', en: 'Enter your email address.' } }), 400);
    await resendVerification(accountsContext(req), email);
    return sendPage(reply, resendPage(locale, reply.generateCsrf(), email, {}, { ja: '登録済みで未確認のアドレスであれば、確認メールを送りました。', en: 'If that address is registered and not yet confirmed, a new email is on its way.' }));
  });

  // ---- sign in and out
  pageRoute<{ next?: string }>(app, '/login', undefined, (req, reply, locale) => {
    if (req.auth?.secondFactorDone) return afterSignIn(req, reply, locale, safeNext(req.query.next));
    return sendPage(reply, LoginPage({ locale, csrf: reply.generateCsrf(), email: '', next: safeNext(req.query.next), errors: {}, notice: noticeOf(req) }));
  });

  pagePost(app, '/login', authLimit, async (req, reply, locale) => {
    const b = asForm(req.body);
    const email = formText(b, 'email', 300);
    const password = formSecret(b, 'password');
    const next = safeNext(formText(b, 'next', 600));
    const render = (status: number, errors = {}, problem?: Text) => sendPage(reply, LoginPage({ locale, csrf: reply.generateCsrf(), email, next, errors, problem }), status);
    const errors: Record<string, Text> = {};
    if (!email) errors.email = { ja: 'メールアドレスを入力してください。', en: 'Enter your email address.' };
    if (!password) errors.password = { ja: 'パスワードを入力してください。', en: 'Enter your password.' };
    if (Object.keys(errors).length) return render(400, errors);
    const r = await signIn(accountsContext(req), { email, password, ...clientOf(req, email) });
    if (r.kind === 'throttled') {
      return render(429, {}, { ja: 'ログインの失敗が続いたため、この端末からのログインを一時的に止めています。15分ほど待ってからお試しいただくか、パスワードを再設定してください。', en: 'Too many failed attempts from this device. Wait about 15 minutes and try again, or reset your password.' });
    }
    if (r.kind === 'invalid') return render(401, {}, { ja: 'メールアドレスまたはパスワードが正しくありません。', en: 'The email address or password is not correct.' });
    if (r.kind === 'unverified') {
      return render(403, {}, { ja: 'メールアドレスの確認が済んでいません。確認メールのリンクを開いてください。届いていない場合は、確認メールを再送できます。', en: 'Your email address is not confirmed yet. Open the link in the confirmation email, or ask for it again.' });
    }
    // A fresh session id at every sign-in: whatever session the browser carried is ended (no fixation).
    await app.sessions.start(req, reply, r.user, !r.user.totpEnabled);
    if (r.user.totpEnabled) {
      return reply.redirect(localePath(locale, '/login/two-factor'), 303);
    }
    rememberDevice(req, reply, email);
    return afterSignIn(req, reply, locale, next);
  });

  pageRoute(app, '/login/two-factor', undefined, (req, reply, locale) => {
    if (!req.auth) return reply.redirect(localePath(locale, '/login'), 303);
    return sendPage(reply, SecondFactorPage({ locale, csrf: reply.generateCsrf(), errors: {} }));
  });

  pagePost(app, '/login/two-factor', authLimit, async (req, reply, locale) => {
    if (!req.auth) return reply.redirect(localePath(locale, '/login'), 303);
    const code = formText(asForm(req.body), 'code', 100);
    if (!code) return sendPage(reply, SecondFactorPage({ locale, csrf: reply.generateCsrf(), errors: { code: { ja: 'コードを入力してください。', en: 'Enter the code.' } } }), 400);
    const user = req.auth.user;
    const r = await checkSecondFactor(accountsContext(req), user.id, code, clientOf(req, user.email).clientKey);
    if (r !== 'ok') {
      const problem: Text =
        r === 'throttled'
          ? { ja: '失敗が続いたため、一時的に受け付けを止めています。15分ほど待ってからお試しください。', en: 'Too many failed attempts. Wait about 15 minutes and try again.' }
          : { ja: 'コードが正しくないか、既に使われています。アプリに表示されている最新のコードを入力してください。', en: 'The code is not correct or was already used. Enter the latest code your app shows.' };
      return sendPage(reply, SecondFactorPage({ locale, csrf: reply.generateCsrf(), errors: {}, problem }), r === 'throttled' ? 429 : 401);
    }
    // New session id again now that the user is fully authenticated.
    await app.sessions.start(req, reply, user, true);
    rememberDevice(req, reply, user.email);
    return afterSignIn(req, reply, locale, null);
  });

  pagePost(app, '/logout', undefined, async (req, reply, locale) => {
    await app.sessions.end(req, reply);
    return reply.redirect(localePath(locale, '/login') + '?done=signed-out', 303);
  });

  // ---- password reset
  const forgotPage = (locale: Locale, csrf: string, email: string, errors = {}, done?: Text) =>
    EmailOnlyPage({
      locale,
      path: '/password/forgot',
      csrf,
      title: { ja: 'パスワードの再設定', en: 'Reset your password' },
      intro: { ja: '登録したメールアドレスを入力してください。再設定用のリンクをお送りします（1時間有効）。', en: 'Enter the address you registered with. We will send a link to set a new password (valid for 1 hour).' },
      button: { ja: '再設定のメールを送る', en: 'Send the link' },
      email,
      errors,
      done,
    });
  pageRoute(app, '/password/forgot', undefined, (_req, reply, locale) => sendPage(reply, forgotPage(locale, reply.generateCsrf(), '')));
  pagePost(app, '/password/forgot', authLimit, async (req, reply, locale) => {
    const email = formText(asForm(req.body), 'email', 300);
    if (!email) return sendPage(reply, forgotPage(locale, reply.generateCsrf(), '', { email: { ja: 'メールアドレスを入力してください。', en: 'Enter your email address.' } }), 400);
    await requestPasswordReset(accountsContext(req), email);
    // The same answer for every address: the form does not reveal who has an account.
    return sendPage(reply, forgotPage(locale, reply.generateCsrf(), email, {}, { ja: 'このアドレスが登録されていれば、再設定のメールを送りました。', en: 'If this address has an account, we have sent it a link.' }));
  });

  const expiredLink = (locale: Locale, path: string) =>
    MessagePage({
      locale,
      path,
      title: { ja: 'リンクが無効です', en: 'This link does not work' },
      body: [{ ja: 'リンクの有効期限が切れたか、既に使われています。', en: 'The link has expired or was already used.' }],
      links: [{ href: localePath(locale, '/password/forgot'), label: { ja: 'もう一度パスワードの再設定を申し込む', en: 'Ask for a new password link' } }],
    });

  pageRoute<{ token?: string }>(app, '/password/reset', undefined, async (req, reply, locale) => {
    noReferrer(reply);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!(await resetTokenIsLive(accountsContext(req), token))) return sendPage(reply, expiredLink(locale, '/password/reset'), 400);
    return sendPage(reply, PasswordFormPage({ locale, path: '/password/reset', csrf: reply.generateCsrf(), title: { ja: '新しいパスワードの設定', en: 'Set a new password' }, token, errors: {} }));
  });
  pagePost(app, '/password/reset', authLimit, async (req, reply, locale) => {
    noReferrer(reply);
    const b = asForm(req.body);
    const token = formText(b, 'token', 200);
    const r = await resetPassword(accountsContext(req), token, formSecret(b, 'password'));
    if (r.ok) return reply.redirect(localePath(locale, '/login') + '?done=reset', 303);
    if (r.expired) return sendPage(reply, expiredLink(locale, '/password/reset'), 400);
    return sendPage(reply, PasswordFormPage({ locale, path: '/password/reset', csrf: reply.generateCsrf(), title: { ja: '新しいパスワードの設定', en: 'Set a new password' }, token, errors: r.errors }), 400);
  });

  // ---- invitations
  const invitePage = (locale: Locale, csrf: string, token: string, invite: { email: string; orgNameJa: string; orgNameEn: string }, name: string, errors = {}) =>
    PasswordFormPage({
      locale,
      path: '/invite',
      csrf,
      title: { ja: `${invite.orgNameJa}への参加`, en: `Join ${invite.orgNameEn}` },
      intro: { ja: 'お名前とパスワードを設定すると、アカウントが作成されます。', en: 'Set your name and a password to create your account.' },
      token,
      errors,
      withName: { value: name, email: invite.email },
    });
  pageRoute<{ token?: string }>(app, '/invite', undefined, async (req, reply, locale) => {
    noReferrer(reply);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const invite = await inviteDetails(accountsContext(req), token);
    if (!invite) return sendPage(reply, MessagePage({ locale, path: '/invite', title: { ja: '招待のリンクが無効です', en: 'This invitation does not work' }, body: [{ ja: '招待の有効期限が切れたか、既に使われています。団体の管理者に再度招待を依頼してください。', en: 'The invitation has expired or was already used. Ask your administrator to invite you again.' }] }), 400);
    return sendPage(reply, invitePage(locale, reply.generateCsrf(), token, invite, ''));
  });
  pagePost(app, '/invite', authLimit, async (req, reply, locale) => {
    noReferrer(reply);
    const b = asForm(req.body);
    const token = formText(b, 'token', 200);
    const name = formText(b, 'displayName', 200);
    const ctx = accountsContext(req);
    const invite = await inviteDetails(ctx, token);
    const r = await acceptInvite(ctx, token, name, formSecret(b, 'password'));
    if (r.ok) return reply.redirect(localePath(locale, '/login') + '?done=joined', 303);
    if (r.expired || !invite) return sendPage(reply, MessagePage({ locale, path: '/invite', title: { ja: '招待のリンクが無効です', en: 'This invitation does not work' }, body: [{ ja: '招待の有効期限が切れたか、既に使われています。', en: 'The invitation has expired or was already used.' }] }), 400);
    return sendPage(reply, invitePage(locale, reply.generateCsrf(), token, invite, name, r.errors), 400);
  });

  // ---- the signed-in user's own account
  await app.register(async (mine) => {
    mine.addHook('preHandler', requireSignedIn);

    const accountPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, errors = {}, status = 200) => {
      const user = userOf(req);
      const ctx = accountsContext(req);
      const sessions = await listUserSessions(ctx.database.db, user.id, req.auth!.sessionHash, ctx.now.toISOString());
      return sendPage(
        reply,
        AccountPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          email: user.email,
          totpEnabled: user.totpEnabled,
          privileged: isPrivileged(user),
          recoveryCodesLeft: user.totpEnabled ? await countUnusedRecoveryCodes(ctx.database.db, user.id) : 0,
          sessions,
          errors,
          notice: noticeOf(req),
        }),
        status,
      );
    };
    pageRoute(mine, '/my/account', undefined, (req, reply, locale) => accountPage(req, reply, locale));

    pagePost(mine, '/my/account/password', authLimit, async (req, reply, locale) => {
      const b = asForm(req.body);
      const errors = await changePassword(accountsContext(req), userOf(req), req.auth!.sessionHash, formSecret(b, 'currentPassword'), formSecret(b, 'newPassword'));
      if (errors) return accountPage(req, reply, locale, errors, 400);
      return reply.redirect(localePath(locale, '/my/account') + '?done=password', 303);
    });

    pagePost(mine, '/my/account/sessions/end-others', undefined, async (req, reply, locale) => {
      await deleteUserSessions(req.server.deps.database.db, userOf(req).id, req.auth!.sessionHash);
      return reply.redirect(localePath(locale, '/my/account') + '?done=sessions', 303);
    });

    pageRoute(mine, '/my/account/two-factor', undefined, async (req, reply, locale) => {
      const user = userOf(req);
      if (user.totpEnabled) return reply.redirect(localePath(locale, '/my/account'), 303);
      const ctx = accountsContext(req);
      const setup = (await pendingTotp(ctx, user)) ?? (await beginTotp(ctx, user));
      return sendPage(reply, TwoFactorSetupPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), secret: setup.secret, qrSvg: setup.qrSvg, errors: {}, required: isPrivileged(user) }));
    });

    pagePost(mine, '/my/account/two-factor', authLimit, async (req, reply, locale) => {
      const user = userOf(req);
      const ctx = accountsContext(req);
      const r = await enableTotp(ctx, user, formText(asForm(req.body), 'code', 100));
      if (!r.ok) {
        const setup = (await pendingTotp(ctx, user)) ?? (await beginTotp(ctx, user));
        return sendPage(
          reply,
          TwoFactorSetupPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), secret: setup.secret, qrSvg: setup.qrSvg, errors: { code: { ja: 'コードが正しくありません。アプリに表示されている最新の6桁を入力してください。', en: 'The code is not correct. Enter the latest 6 digits your app shows.' } }, required: isPrivileged(user) }),
          400,
        );
      }
      // The account changed security level: a new session id, with the second factor done.
      await app.sessions.start(req, reply, { ...user, totpEnabled: true }, true);
      return sendPage(reply, RecoveryCodesPage({ locale, viewer: await viewerFor(req, reply, locale), codes: r.recoveryCodes }));
    });

    pagePost(mine, '/my/account/two-factor/recovery-codes', undefined, async (req, reply, locale) => {
      const user = userOf(req);
      if (!user.totpEnabled) return reply.redirect(localePath(locale, '/my/account'), 303);
      const codes = await regenerateRecoveryCodes(accountsContext(req), user);
      return sendPage(reply, RecoveryCodesPage({ locale, viewer: await viewerFor(req, reply, locale), codes }));
    });

    pagePost(mine, '/my/account/two-factor/disable', undefined, async (req, reply, locale) => {
      const user = userOf(req);
      if (isPrivileged(user)) return reply.redirect(localePath(locale, '/my/account'), 303);
      await disableTotp(accountsContext(req), user);
      return reply.redirect(localePath(locale, '/my/account') + '?done=totp-off', 303);
    });
  });

  // ---- members of the organisation
  await app.register(async (org) => {
    org.addHook('preHandler', requireOrganisation);

    const membersPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, extra: { errors?: Record<string, Text>; values?: { email: string; role: string }; problem?: Text } = {}, status = 200) => {
      const user = userOf(req);
      const db = req.server.deps.database.db;
      const now = new Date().toISOString();
      const invites = await pendingInvites(db, user.organisationId!, now);
      return sendPage(
        reply,
        MembersPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          members: await listUsers(db, { organisationId: user.organisationId! }),
          invites: invites.map((i) => ({ email: i.email, role: i.org_role ?? 'member', expiresAt: i.expires_at })),
          isAdmin: user.orgRole === 'admin',
          selfId: user.id,
          values: extra.values ?? { email: '', role: 'member' },
          errors: extra.errors ?? {},
          problem: extra.problem,
          notice: noticeOf(req),
        }),
        status,
      );
    };
    pageRoute(org, '/my/members', undefined, (req, reply, locale) => membersPage(req, reply, locale));

    await org.register(async (admins) => {
      admins.addHook('preHandler', requireOrgAdmin);
      pagePost(admins, '/my/members/invite', authLimit, async (req, reply, locale) => {
        const b = asForm(req.body);
        const values = { email: formText(b, 'email', 300), role: formText(b, 'role', 20) };
        const errors = await inviteMember(accountsContext(req), userOf(req), values.email, values.role);
        if (errors) return membersPage(req, reply, locale, { errors, values }, 400);
        return reply.redirect(localePath(locale, '/my/members') + '?done=invited', 303);
      });
      pagePost<unknown, { id: string }>(admins, '/my/members/:id', undefined, async (req, reply, locale) => {
        const id = Number(req.params.id);
        const change = formText(asForm(req.body), 'change', 20);
        if (!Number.isSafeInteger(id) || !['make_admin', 'make_member', 'remove'].includes(change)) {
          return membersPage(req, reply, locale, { problem: { ja: '操作を選び直してください。', en: 'Choose the action again.' } }, 400);
        }
        const problem = await updateMember(accountsContext(req), userOf(req), id, change as 'make_admin' | 'make_member' | 'remove');
        if (problem) return membersPage(req, reply, locale, { problem }, 400);
        return reply.redirect(localePath(locale, '/my/members') + '?done=member', 303);
      });
    });
  });
}
