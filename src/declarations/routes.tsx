// /declarations: the self-declaration registry. Public search and pages, the declaration form with
// double opt-in, the firm's management pages behind its private link, "send my links again", the
// JSON API, and the program office's pages (/admin/declarations). Every POST is CSRF-checked by the
// auth plugin; the public forms are rate-limited per client address, emails per address in the service.
// Pages reached through a link's token are never cached and send no Referer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { MessagePage } from '../web/message-page.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { AdminDeclarationListPage, AdminDeclarationPage } from './admin-views.tsx';
import { declarationApiRoutes, DECLARATION_NOT_FOUND } from './api.ts';
import { tokyoDate } from './dates.ts';
import { EMPTY_VALUES, readDeclarationForm, validateDeclaration, validateDetailsUpdate, validateResend, valuesOf, type DeclarationFormValues } from './form.ts';
import { ConfirmedPage, ConfirmPage, DONE, ManagePage, WithdrawPage } from './manage-views.tsx';
import type { Declaration, DeclarationWithContact } from './model.ts';
import { adminFiltersFromQuery, filtersFromQuery, isDeclarationNumber } from './schema.ts';
import {
  adminLoad,
  adminSearch,
  confirm,
  declare,
  forConfirmToken,
  forManageToken,
  publicDeclaration,
  publicUrl,
  renewDeclaration,
  resendLinks,
  revokeDeclaration,
  searchDeclarations,
  updateDetails,
  withdrawDeclaration,
  type DeclarationContext,
} from './service.ts';
import { DeclarationListPage, DeclarationPage, DeclareForm, ResendPage } from './views.tsx';

const LINK_PROBLEM: Record<'invalid' | 'expired', { title: Text; body: Text }> = {
  invalid: {
    title: { ja: 'このリンクは使えません', en: 'This link does not work' },
    body: {
      ja: 'リンクが途中で切れているか、古いリンクです（確認のメールを送り直すと、前のリンクは使えなくなります）。メールのリンクをもう一度開くか、管理用リンクをもう一度受け取ってください。',
      en: 'The link is incomplete or out of date (sending a confirmation again retires the earlier link). Open the link in the email again, or get your link again.',
    },
  },
  expired: {
    title: { ja: 'リンクの有効期限が切れています', en: 'This link has expired' },
    body: { ja: '確認のリンクは7日間有効です。下の「管理用リンクをもう一度受け取る」から、新しい確認のリンクを受け取れます。', en: 'Confirmation links work for 7 days. Use "Get my management link again" below to receive a new one.' },
  },
};

const CONFLICT: Text = {
  ja: 'この内容にすると、有効な別の宣言（同じ法人番号、または同じ名前・都道府県・メールアドレス）と重複します。変更は保存していません。',
  en: 'With these details it would duplicate another live declaration (same corporate number, or same name, prefecture and address). Nothing was saved.',
};
const STATE: Text = { ja: 'この宣言の今の状態では、その操作はできません。', en: 'That cannot be done in the declaration’s current state.' };

export async function declarationRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.deps;
  const database = () => app.deps.database;
  const now = () => app.deps.now?.() ?? new Date();
  const ctx = (req: FastifyRequest): DeclarationContext => ({ database: database(), mailer: app.deps.mailer, baseUrl: config.baseUrl, now: now(), log: req.log });
  // Anyone can post these forms: per-address email limits are in the service, this one is per client address.
  const formLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: 60_000 } };
  const private_ = (reply: FastifyReply) => reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  const tokenOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : '');
  const manageHref = (locale: Locale, token: string, done?: string) => `${localePath(locale, '/declarations/manage')}?t=${encodeURIComponent(token)}${done ? `&done=${done}` : ''}`;

  const linkProblem = (reply: FastifyReply, locale: Locale, path: string, reason: 'invalid' | 'expired') =>
    sendPage(
      reply,
      MessagePage({
        section: 'declarations',
        locale,
        path,
        title: LINK_PROBLEM[reason].title,
        body: [LINK_PROBLEM[reason].body],
        links: [
          { href: localePath(locale, '/declarations/resend'), label: { ja: '管理用リンクをもう一度受け取る', en: 'Get my management link again' } },
          { href: localePath(locale, '/declarations'), label: { ja: '自己宣言の登録一覧', en: 'The register' } },
        ],
      }),
      reason === 'expired' ? 410 : 400,
    );

  // ------------------------------------------------------------------------------------------ public

  pageRoute(app, '/declarations', undefined, async (req, reply, locale) => {
    const { filters, page } = filtersFromQuery(req.query);
    return sendPage(reply, DeclarationListPage({ locale, result: await searchDeclarations(database(), filters, page) }));
  });

  pageRoute(app, '/declarations/new', undefined, (_req, reply, locale) => sendPage(reply, DeclareForm({ locale, csrf: reply.generateCsrf(), v: EMPTY_VALUES, errors: {} })));

  pagePost(app, '/declarations/new', formLimit, async (req, reply, locale) => {
    const v = readDeclarationForm(asForm(req.body));
    const checked = validateDeclaration(v);
    const again = (errors: FieldErrors, status: number, duplicate?: { resendHref: string }) => sendPage(reply, DeclareForm({ locale, csrf: reply.generateCsrf(), v, errors, duplicate }), status);
    if ('errors' in checked) return again(checked.errors, 400);
    const r = await declare(ctx(req), checked.input, checked.email, locale);
    if (r.kind === 'duplicate') {
      const cn = checked.input.corporateNumber;
      const what = r.status === 'active' ? { ja: '有効な宣言', en: 'an active declaration' } : { ja: 'メール確認待ちの宣言', en: 'a declaration waiting for email confirmation' };
      const errors: FieldErrors = cn
        ? { corporate_number: { ja: `この法人番号にはすでに${what.ja}${r.number ? `（${r.number}）` : ''}があります。重複して宣言することはできません。`, en: `This corporate number already has ${what.en}${r.number ? ` (${r.number})` : ''}. It cannot be declared twice.` } }
        : { name: { ja: `同じ事業者名・都道府県・メールアドレスで、すでに${what.ja}${r.number ? `（${r.number}）` : ''}があります。重複して宣言することはできません。`, en: `There is already ${what.en}${r.number ? ` (${r.number})` : ''} with this name, prefecture and email address. It cannot be declared twice.` } };
      const resendHref = `${localePath(locale, '/declarations/resend')}${cn ? `?identifier=${cn}` : r.number ? `?identifier=${r.number}` : ''}`;
      return again(errors, 400, { resendHref });
    }
    if (r.kind === 'quota') {
      return again({ email: { ja: 'このメールアドレスには、今日はこれ以上メールを送れません。明日もう一度お試しください。', en: 'No more emails can be sent to this address today. Please try again tomorrow.' } }, 429);
    }
    return sendPage(
      reply,
      MessagePage({
        section: 'declarations',
        locale,
        path: '/declarations/new',
        title: { ja: '確認メールを送りました', en: 'Check your email' },
        body: [
          { ja: `${r.email} 宛に確認のメールを送りました。7日以内にメール内のリンクを開き、「宣言を確定する」を押すと、宣言が有効になり宣言番号が付きます。`, en: `We sent an email to ${r.email}. Within 7 days, open its link and press "Confirm the declaration": it then becomes active and gets its number.` },
          { ja: '数分たっても届かないときは、迷惑メールフォルダをご確認ください。', en: 'If nothing arrives within a few minutes, check your spam folder.' },
        ],
        links: [{ href: localePath(locale, '/declarations'), label: { ja: '自己宣言の登録一覧', en: 'The register' } }],
      }),
    );
  });

  pageRoute<{ t?: string }>(app, '/declarations/confirm', undefined, async (req, reply, locale) => {
    private_(reply);
    const token = tokenOf(req.query.t);
    const check = await forConfirmToken(database(), token, now());
    if (!check.ok) return linkProblem(reply, locale, '/declarations/confirm', check.reason);
    const d = check.declaration;
    if (d.status !== 'pending') return sendPage(reply, ConfirmedPage({ locale, d, manageHref: null, already: true }));
    return sendPage(reply, ConfirmPage({ locale, csrf: reply.generateCsrf(), token, d }));
  });

  pagePost(app, '/declarations/confirm', formLimit, async (req, reply, locale) => {
    private_(reply);
    const r = await confirm(ctx(req), tokenOf(asForm(req.body).t));
    if (r.kind === 'problem') return linkProblem(reply, locale, '/declarations/confirm', r.reason);
    return sendPage(reply, ConfirmedPage({ locale, d: r.declaration, manageHref: r.manageToken ? manageHref(locale, r.manageToken) : null, already: r.kind === 'already' }));
  });

  // ---------------------------------------------------------------- the firm's own pages (manage link)

  const managePage = (reply: FastifyReply, locale: Locale, token: string, d: DeclarationWithContact, over: { done?: Text; errors?: FieldErrors; upgradeErrors?: FieldErrors; renewErrors?: FieldErrors; values?: DeclarationFormValues; problem?: Text } = {}, status = 200) =>
    sendPage(
      reply,
      ManagePage({
        locale,
        csrf: reply.generateCsrf(),
        token,
        d: publicOf(d),
        today: tokyoDate(now()),
        done: over.done,
        errors: over.errors ?? {},
        upgradeErrors: over.upgradeErrors ?? {},
        renewErrors: over.renewErrors ?? {},
        values: over.values ?? valuesOf(d),
        problem: over.problem,
      }),
      status,
    );

  /** The declaration the token names, or the page that says the link does not work. */
  const withToken = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, token: string, path: string) => {
    private_(reply);
    const check = await forManageToken(database(), token);
    if (!check.ok) {
      await linkProblem(reply, locale, path, check.reason);
      return null;
    }
    return check.declaration;
  };

  pageRoute<{ t?: string; done?: string }>(app, '/declarations/manage', undefined, async (req, reply, locale) => {
    const token = tokenOf(req.query.t);
    const d = await withToken(req, reply, locale, token, '/declarations/manage');
    if (!d) return reply;
    return managePage(reply, locale, token, d, { done: typeof req.query.done === 'string' ? DONE[req.query.done] : undefined });
  });

  const outcome = (reply: FastifyReply, locale: Locale, token: string, d: DeclarationWithContact, r: { ok: true } | { ok: false; reason: 'state' | 'conflict' }, done: string, values?: DeclarationFormValues) => {
    if (r.ok) return reply.redirect(manageHref(locale, token, done), 303);
    return managePage(reply, locale, token, d, { problem: r.reason === 'conflict' ? CONFLICT : STATE, values }, r.reason === 'conflict' ? 409 : 400);
  };

  pagePost(app, '/declarations/manage/details', formLimit, async (req, reply, locale) => {
    const body = asForm(req.body);
    const token = tokenOf(body.t);
    const d = await withToken(req, reply, locale, token, '/declarations/manage');
    if (!d) return reply;
    const typed = readDeclarationForm(body);
    // The star and the commitment are not on this form: they stay as declared.
    const values: DeclarationFormValues = { ...typed, star: String(d.star), commitMeasures: true, diagnosisDone: d.star === 2 ? typed.diagnosisDone : false, policyUrl: d.star === 2 ? typed.policyUrl : '' };
    const checked = validateDetailsUpdate(values);
    if ('errors' in checked) return managePage(reply, locale, token, d, { errors: checked.errors, values }, 400);
    return outcome(reply, locale, token, d, await updateDetails(ctx(req), d, { ...checked.input, corporateNumber: d.corporateNumber }), 'saved', values);
  });

  pagePost(app, '/declarations/manage/upgrade', formLimit, async (req, reply, locale) => {
    const body = asForm(req.body);
    const token = tokenOf(body.t);
    const d = await withToken(req, reply, locale, token, '/declarations/manage');
    if (!d) return reply;
    if (d.star !== 1) return managePage(reply, locale, token, d, { problem: STATE }, 400);
    const typed = readDeclarationForm(body);
    const values: DeclarationFormValues = { ...valuesOf(d), star: '2', diagnosisDone: typed.diagnosisDone, policyUrl: typed.policyUrl };
    const checked = validateDetailsUpdate(values);
    if ('errors' in checked) return managePage(reply, locale, token, d, { upgradeErrors: checked.errors, values }, 400);
    return outcome(reply, locale, token, d, await updateDetails(ctx(req), d, { ...checked.input, corporateNumber: d.corporateNumber }), 'upgraded');
  });

  pagePost(app, '/declarations/manage/renew', formLimit, async (req, reply, locale) => {
    const body = asForm(req.body);
    const token = tokenOf(body.t);
    const d = await withToken(req, reply, locale, token, '/declarations/manage');
    if (!d) return reply;
    if (formText(body, 'still_applies', 10) !== 'yes') {
      return managePage(reply, locale, token, d, { renewErrors: { still_applies: { ja: '更新するには、宣言した取組を引き続き行っていることを確認し、チェックを入れてください。', en: 'To renew, tick to confirm that you still apply what you declared.' } } }, 400);
    }
    return outcome(reply, locale, token, d, await renewDeclaration(ctx(req), d), 'renewed');
  });

  pageRoute<{ t?: string }>(app, '/declarations/manage/withdraw', undefined, async (req, reply, locale) => {
    const token = tokenOf(req.query.t);
    const d = await withToken(req, reply, locale, token, '/declarations/manage/withdraw');
    if (!d) return reply;
    if (d.status !== 'active' && d.status !== 'lapsed') return reply.redirect(manageHref(locale, token), 303);
    return sendPage(reply, WithdrawPage({ locale, csrf: reply.generateCsrf(), token, d: publicOf(d) }));
  });

  pagePost(app, '/declarations/manage/withdraw', formLimit, async (req, reply, locale) => {
    const body = asForm(req.body);
    const token = tokenOf(body.t);
    const d = await withToken(req, reply, locale, token, '/declarations/manage/withdraw');
    if (!d) return reply;
    if (formText(body, 'confirm', 5) !== 'yes') return reply.redirect(`${localePath(locale, '/declarations/manage/withdraw')}?t=${encodeURIComponent(token)}`, 303);
    return outcome(reply, locale, token, d, await withdrawDeclaration(ctx(req), d), 'withdrawn');
  });

  pageRoute<{ identifier?: string }>(app, '/declarations/resend', undefined, (req, reply, locale) => {
    const identifier = typeof req.query.identifier === 'string' ? req.query.identifier.slice(0, 40) : '';
    return sendPage(reply, ResendPage({ locale, csrf: reply.generateCsrf(), values: { identifier, email: '' }, errors: {} }));
  });

  pagePost(app, '/declarations/resend', formLimit, async (req, reply, locale) => {
    const r = validateResend(asForm(req.body));
    if (Object.keys(r.errors).length) return sendPage(reply, ResendPage({ locale, csrf: reply.generateCsrf(), values: r.values, errors: r.errors }), 400);
    await resendLinks(ctx(req), r.values.email, { number: r.number, corporateNumber: r.corporateNumber }, locale);
    // The same answer whether or not a declaration was found, so the form cannot tell who declared.
    return sendPage(
      reply,
      MessagePage({
        section: 'declarations',
        locale,
        path: '/declarations/resend',
        title: { ja: 'メールを確認してください', en: 'Check your email' },
        body: [
          { ja: `${r.values.email} で登録された宣言があれば、そのリンクをこのアドレスにお送りしました。`, en: `If a declaration is registered with ${r.values.email}, its links are on their way to that address.` },
          { ja: '数分たっても届かないときは、迷惑メールフォルダと、宣言のときに入力したアドレスをご確認ください。', en: 'If nothing arrives within a few minutes, check your spam folder and the address you gave when declaring.' },
        ],
        links: [{ href: localePath(locale, '/declarations'), label: { ja: '自己宣言の登録一覧', en: 'The register' } }],
      }),
    );
  });

  pageRoute<unknown, { number: string }>(app, '/declarations/:number', undefined, async (req, reply, locale) => {
    const number = req.params.number;
    const d = isDeclarationNumber(number) ? await publicDeclaration(database(), number) : undefined;
    if (!d) throw notFound(DECLARATION_NOT_FOUND);
    return sendPage(reply, DeclarationPage({ locale, d, pageUrl: publicUrl(config.baseUrl, locale, d.number!) }));
  });

  await app.register(declarationApiRoutes);

  // --------------------------------------------------------------------------- the program office

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);

    const idOf = (req: FastifyRequest): number => {
      const raw = (req.params as { id?: string }).id ?? '';
      if (!/^[1-9]\d{0,9}$/.test(raw)) throw notFound(DECLARATION_NOT_FOUND);
      return Number(raw);
    };
    const detail = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, id: number, over: { reason?: string; errors?: FieldErrors; notice?: Text } = {}, status = 200) => {
      const d = await adminLoad(database(), id);
      if (!d) throw notFound(DECLARATION_NOT_FOUND);
      const history = await listAudit(database().db, { subjectKind: 'declaration', subjectId: id, limit: 100 });
      return sendPage(reply, AdminDeclarationPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), d, history, reason: over.reason ?? '', errors: over.errors ?? {}, notice: over.notice }), status);
    };

    pageRoute(admin, '/admin/declarations', undefined, async (req, reply, locale) => {
      const { filters, page } = adminFiltersFromQuery(req.query);
      const r = await adminSearch(database(), filters, page);
      return sendPage(reply, AdminDeclarationListPage({ locale, viewer: await viewerFor(req, reply, locale), filters, ...r }));
    });

    pageRoute<{ done?: string }>(admin, '/admin/declarations/:id', undefined, async (req, reply, locale) =>
      detail(req, reply, locale, idOf(req), { notice: req.query.done === 'revoked' ? { ja: '宣言を取り消しました。', en: 'The declaration was revoked.' } : undefined }),
    );

    pagePost(admin, '/admin/declarations/:id/revoke', undefined, async (req, reply, locale) => {
      const id = idOf(req);
      const reason = formText(asForm(req.body), 'reason', 2000);
      if (!reason || reason.length > 1000) {
        const errors = { reason: reason ? { ja: '理由は1000文字以内で書いてください。', en: 'The reason must be at most 1,000 characters.' } : { ja: '取消しの理由を書いてください（公開ページに表示されます）。', en: 'Give the reason (it is shown on the public page).' } };
        return detail(req, reply, locale, id, { reason, errors }, 400);
      }
      const ok = await revokeDeclaration(ctx(req), userOf(req), id, reason);
      if (!ok) {
        if (!(await adminLoad(database(), id))) throw notFound(DECLARATION_NOT_FOUND);
        return detail(req, reply, locale, id, { reason, errors: { reason: STATE } }, 400);
      }
      return reply.redirect(`${localePath(locale, `/admin/declarations/${id}`)}?done=revoked`, 303);
    });
  });
}

function publicOf(d: DeclarationWithContact): Declaration {
  const { email: _e, confirmSentAt: _c, ...rest } = d;
  return rest;
}
