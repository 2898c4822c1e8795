// /subscribe: email subscriptions with double opt-in, a page to change the choices, and one-click
// unsubscribe (RFC 8058). Pages reached from an email carry the link's token, so they are never cached
// and send no Referer.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { asForm, formList, formText, type FormBody } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import type { SubscriptionChoices } from './model.ts';
import { confirmSubscription, requestSubscription, subscriptionForConfirmToken, subscriptionForManageToken, unsubscribe, updateChoices, type SubscriptionContext, type TokenCheck } from './service.ts';
import { MessagePage } from '../web/message-page.tsx';
import { ManagePage, SubscribePage, TokenButtonPage, type SubscribeValues } from './views.tsx';

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

function readChoices(body: FormBody, locale: Locale, errors: FieldErrors): SubscriptionChoices {
  const audiences = formList(body, 'audiences', 20);
  if (audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) errors.audiences = { ja: '対象の選び方が正しくありません。', en: 'Choose audiences from the list.' };
  const prefecture = formText(body, 'prefecture', 10);
  if (prefecture && !isPrefectureCode(prefecture)) errors.prefecture = { ja: '都道府県を一覧から選んでください。', en: 'Choose a prefecture from the list.' };
  const also = formList(body, 'also', 5);
  const language = formText(body, 'language', 5);
  return {
    audiences: audiences.filter((a) => (AUDIENCES as readonly string[]).includes(a)),
    prefecture: prefecture && isPrefectureCode(prefecture) ? prefecture : null,
    events: also.includes('events'),
    materials: also.includes('materials'),
    locale: language === 'en' || language === 'ja' ? language : locale,
  };
}

const LINK_PROBLEM: Record<'invalid' | 'expired' | 'gone', { title: Text; body: Text }> = {
  invalid: {
    title: { ja: 'このリンクは使えません', en: 'This link does not work' },
    body: { ja: 'リンクが途中で切れているか、古いリンクです。メールのリンクをもう一度開くか、最初から登録してください。', en: 'The link is incomplete or out of date. Open the link in the email again, or start over.' },
  },
  expired: {
    title: { ja: 'リンクの有効期限が切れています', en: 'This link has expired' },
    body: { ja: '確認のリンクは7日間有効です。もう一度登録すると、新しいリンクをお送りします。', en: 'Confirmation links work for 7 days. Subscribe again to get a new one.' },
  },
  gone: {
    title: { ja: '配信は停止されています', en: 'You are unsubscribed' },
    body: { ja: 'このメールアドレスへの配信は停止済みで、アドレスは削除されています。', en: 'Emails to this address were stopped and the address was deleted.' },
  },
};

export async function subscriptionRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.deps;
  const ctx = (req: { log: SubscriptionContext['log'] }): SubscriptionContext => ({
    database: app.deps.database,
    mailer: app.deps.mailer,
    baseUrl: config.baseUrl,
    now: app.deps.now?.() ?? new Date(),
    log: req.log,
  });
  // Anyone can post the form: per-address limits are in the service, this one is per client address.
  const formLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: 60_000 } };
  const private_ = (reply: FastifyReply) => reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  const tokenOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : '');

  const linkProblem = (reply: FastifyReply, locale: Locale, path: string, reason: 'invalid' | 'expired' | 'gone') => {
    const p = LINK_PROBLEM[reason];
    return sendPage(
      reply,
      MessagePage({ section: 'advisories', locale, path, title: p.title, body: [p.body], links: [{ href: localePath(locale, '/subscribe'), label: { ja: '配信登録のページへ', en: 'Go to the subscription page' } }] }),
      reason === 'gone' ? 200 : 400,
    );
  };

  pageRoute(app, '/subscribe', undefined, (_req, reply, locale) =>
    sendPage(reply, SubscribePage({ locale, csrf: reply.generateCsrf(), values: { email: '', audiences: [], prefecture: null, events: false, materials: false, locale }, errors: {} })),
  );

  pagePost(app, '/subscribe', formLimit, async (req, reply, locale) => {
    const body = asForm(req.body);
    const errors: FieldErrors = {};
    const email = formText(body, 'email', 300);
    if (!email) errors.email = { ja: 'メールアドレスを入力してください。', en: 'Enter your email address.' };
    else if (email.length > 254 || !EMAIL_RE.test(email)) errors.email = { ja: 'メールアドレスの形式で入力してください（例：name@example.jp）。', en: 'Enter an email address like name@example.jp.' };
    const choices = readChoices(body, locale, errors);
    if (Object.keys(errors).length) {
      const values: SubscribeValues = { email, ...choices };
      return sendPage(reply, SubscribePage({ locale, csrf: reply.generateCsrf(), values, errors }), 400);
    }
    await requestSubscription(ctx(req), email, choices);
    return sendPage(
      reply,
      MessagePage({ section: 'advisories',
        locale,
        path: '/subscribe',
        title: { ja: '確認メールを送りました', en: 'Check your email' },
        body: [
          { ja: `${email} 宛に確認のメールを送りました。メール内のリンクを開き、「登録を完了する」を押すと配信が始まります。`, en: `We sent an email to ${email}. Open its link and press "Confirm" to start receiving messages.` },
          { ja: '数分たっても届かないときは、迷惑メールフォルダをご確認ください。', en: 'If nothing arrives within a few minutes, check your spam folder.' },
        ],
      }),
    );
  });

  pageRoute<{ t?: string }>(app, '/subscribe/confirm', undefined, async (req, reply, locale) => {
    private_(reply);
    const token = tokenOf(req.query.t);
    const check = await subscriptionForConfirmToken(app.deps.database, token, app.deps.now?.() ?? new Date());
    if (!check.ok) return linkProblem(reply, locale, '/subscribe/confirm', check.reason);
    return sendPage(
      reply,
      TokenButtonPage({
        locale,
        path: '/subscribe/confirm',
        action: localePath(locale, '/subscribe/confirm'),
        csrf: reply.generateCsrf(),
        token,
        title: { ja: '配信登録の確認', en: 'Confirm your subscription' },
        body: [{ ja: `${check.subscription.email} への配信を始めます。よろしければボタンを押してください。`, en: `Emails will be sent to ${check.subscription.email}. Press the button to confirm.` }],
        button: { ja: '登録を完了する', en: 'Confirm' },
      }),
    );
  });

  pagePost(app, '/subscribe/confirm', formLimit, async (req, reply, locale) => {
    private_(reply);
    const result = await confirmSubscription(ctx(req), tokenOf(asForm(req.body).t));
    if (!result.ok) return linkProblem(reply, locale, '/subscribe/confirm', result.reason);
    return sendPage(
      reply,
      MessagePage({ section: 'advisories',
        locale,
        path: '/subscribe/confirm',
        title: { ja: '登録が完了しました', en: 'You are subscribed' },
        body: [{ ja: '注意喚起などをメールでお届けします。すべてのメールに、配信内容の変更と停止のリンクがあります。', en: 'You will receive advisories by email. Every email has links to change what you receive or to stop.' }],
        links: [
          { href: `${localePath(locale, '/subscribe/manage')}?t=${result.manageToken}`, label: { ja: '受け取る内容を変更する', en: 'Change what you receive' } },
          { href: localePath(locale, '/advisories'), label: { ja: '現在の注意喚起を見る', en: 'See current advisories' } },
        ],
      }),
    );
  });

  const manageCheck = async (token: string): Promise<TokenCheck> => subscriptionForManageToken(app.deps.database, token);

  pageRoute<{ t?: string; saved?: string }>(app, '/subscribe/manage', undefined, async (req, reply, locale) => {
    private_(reply);
    const token = tokenOf(req.query.t);
    const check = await manageCheck(token);
    if (!check.ok) return linkProblem(reply, locale, '/subscribe/manage', check.reason);
    const s = check.subscription;
    return sendPage(reply, ManagePage({ locale, csrf: reply.generateCsrf(), token, email: s.email, choices: s.choices, errors: {}, saved: req.query.saved === '1' }));
  });

  pagePost(app, '/subscribe/manage', formLimit, async (req, reply, locale) => {
    private_(reply);
    const body = asForm(req.body);
    const token = tokenOf(body.t);
    const check = await manageCheck(token);
    if (!check.ok) return linkProblem(reply, locale, '/subscribe/manage', check.reason);
    const errors: FieldErrors = {};
    const choices = readChoices(body, locale, errors);
    if (Object.keys(errors).length) return sendPage(reply, ManagePage({ locale, csrf: reply.generateCsrf(), token, email: check.subscription.email, choices, errors, saved: false }), 400);
    await updateChoices(app.deps.database, check.subscription.id, choices, app.deps.now?.() ?? new Date());
    return reply.redirect(`${localePath(locale, '/subscribe/manage')}?t=${encodeURIComponent(token)}&saved=1`, 303);
  });

  pageRoute<{ t?: string }>(app, '/subscribe/unsubscribe', undefined, async (req, reply, locale) => {
    private_(reply);
    const token = tokenOf(req.query.t);
    const check = await manageCheck(token);
    if (!check.ok) return linkProblem(reply, locale, '/subscribe/unsubscribe', check.reason);
    return sendPage(
      reply,
      TokenButtonPage({
        locale,
        path: '/subscribe/unsubscribe',
        action: localePath(locale, '/subscribe/unsubscribe'),
        csrf: null,
        token,
        title: { ja: '配信の停止', en: 'Unsubscribe' },
        body: [{ ja: `${check.subscription.email} への配信を停止し、アドレスを削除します。`, en: `Emails to ${check.subscription.email} will stop and the address will be deleted.` }],
        button: { ja: '配信を停止する', en: 'Unsubscribe' },
        variant: 'warning',
      }),
    );
  });

  // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the URL of the
  // List-Unsubscribe header, with no cookies. The token is the authority, so CSRF does not apply
  // (config.csrf = false); the page's own button posts here too, with the token in the body.
  const unsubscribeHandler = async (req: { query: unknown; body: unknown; log: SubscriptionContext['log'] }, reply: FastifyReply, locale: Locale) => {
    private_(reply);
    const q = (req.query ?? {}) as { t?: unknown };
    const token = tokenOf(q.t) || tokenOf(asForm(req.body).t);
    const check = await manageCheck(token);
    if (!check.ok) return linkProblem(reply, locale, '/subscribe/unsubscribe', check.reason);
    await unsubscribe(app.deps.database, check.subscription.id);
    return sendPage(
      reply,
      MessagePage({ section: 'advisories',
        locale,
        path: '/subscribe/unsubscribe',
        title: { ja: '配信を停止しました', en: 'You are unsubscribed' },
        body: [{ ja: 'メールアドレスは削除しました。これ以降、メールは届きません。', en: 'Your address was deleted. No more emails will be sent.' }],
        links: [{ href: localePath(locale, '/subscribe'), label: { ja: 'もう一度登録する', en: 'Subscribe again' } }],
      }),
    );
  };
  const oneClick = { config: { csrf: false, rateLimit: { max: config.authRateLimitPerMinute * 6, timeWindow: 60_000 } }, schema: { hide: true } };
  app.post('/subscribe/unsubscribe', oneClick, (req, reply) => unsubscribeHandler(req, reply, 'ja'));
  app.post('/en/subscribe/unsubscribe', oneClick, (req, reply) => unsubscribeHandler(req, reply, 'en'));
}
