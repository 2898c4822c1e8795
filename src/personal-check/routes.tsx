// /check: the personal check (the 9 measures), one question per page, no account and no JavaScript.
// The journey is a check_progress row found by the SHA-256 of a random token that travels in an
// HttpOnly, SameSite=Lax session cookie (Secure and __Host- behind HTTPS) and, when the person asks to
// continue later, in a resume link. Completing stores the anonymous result once (checks/results.ts) and
// nothing links that result to the token. CSRF is checked on every POST by the auth plugin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { AGE_BANDS, isAgeBand } from '../taxonomy/attributes.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import { MessagePage } from '../web/message-page.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { deleteProgress } from './repository.ts';
import { confirmReminder, EMAIL_RE, reminderForConfirmToken, reminderForStopToken, requestReminder, stopReminder, type ReminderContext } from './reminders.ts';
import { completeJourney, firstUnanswered, loadJourney, nextStep, personalResult, saveAbout, saveAnswer, startJourney, type Journey } from './service.ts';
import { currentDocument } from '../checks/documents.ts';
import { personalCheckKind } from '../checks/personal-definition.ts';
import { AboutPage, CheckStartPage, dueText, QuestionPage, ReminderButtonPage, ReminderForm, ResultPage, ReviewPage, SavePage, X } from './views.tsx';

const NO_JOURNEY = {
  title: { ja: '保存されたチェックが見つかりません', en: 'No saved check was found' },
  body: [
    {
      ja: 'リンクが途中で切れているか、12か月以上使われず消えたか、ブラウザーを閉じたために続きが分からなくなりました。お手数ですが、はじめからやり直してください（3分ほどです）。',
      en: 'The link is incomplete, was not used for 12 months and was deleted, or the browser was closed. Please start again (it takes about 3 minutes).',
    },
  ],
} satisfies { title: Text; body: Text[] };

const REMINDER_LINK: Record<'invalid' | 'expired' | 'gone', { title: Text; body: Text }> = {
  invalid: {
    title: { ja: 'このリンクは使えません', en: 'This link does not work' },
    body: { ja: 'リンクが途中で切れているか、古いリンクです。メールのリンクをもう一度開くか、チェックの結果のページから申し込み直してください。', en: 'The link is incomplete or out of date. Open the link in the email again, or ask again from your check result.' },
  },
  expired: {
    title: { ja: 'リンクの有効期限が切れています', en: 'This link has expired' },
    body: { ja: '確認のリンクは7日間有効です。チェックの結果のページから、もう一度申し込んでください。', en: 'Confirmation links work for 7 days. Ask again from your check result.' },
  },
  gone: {
    title: { ja: 'お知らせは止まっています', en: 'There is no reminder' },
    body: { ja: 'このお知らせは、すでに送ったか止めたため、メールアドレスは消えています。', en: 'This reminder was already sent or stopped, and the address was deleted.' },
  },
};

export async function personalCheckRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.deps;
  const handle = () => app.deps.database;
  const now = () => app.deps.now?.() ?? new Date();
  const cookieName = config.secureCookies ? '__Host-lm_check' : 'lm_check';
  // No Max-Age: the key to the journey leaves with the browser session (a shared computer keeps nothing);
  // the resume link is the way back after that.
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };
  const formLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: 60_000 } };
  // Journey pages depend on the cookie: never stored by a cache. Pages whose URL or body holds a token send no Referer.
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
  const tokenPage = (reply: FastifyReply) => noStore(reply).header('referrer-policy', 'no-referrer');
  const go = (reply: FastifyReply, locale: Locale, path: string) => reply.redirect(localePath(locale, path), 303);

  const cookieToken = (req: FastifyRequest) => {
    const v = req.cookies[cookieName];
    return typeof v === 'string' ? v : '';
  };
  const journeyOf = (req: FastifyRequest) => loadJourney(handle(), cookieToken(req), now());
  const noJourney = (reply: FastifyReply, locale: Locale) =>
    sendPage(reply, MessagePage({ section: 'check', locale, path: '/check', title: NO_JOURNEY.title, body: NO_JOURNEY.body, links: [{ href: localePath(locale, '/check'), label: { ja: 'はじめからやり直す', en: 'Start again' } }] }), 404);

  /** The journey of the cookie, or a 404 page (the caller returns at once). */
  async function need(req: FastifyRequest, reply: FastifyReply, locale: Locale): Promise<Journey | null> {
    noStore(reply);
    const j = await journeyOf(req);
    if (!j) await noJourney(reply, locale);
    return j;
  }

  /** The question number of the path: 1 … the number of measures, else a 404. */
  function questionNumber(req: FastifyRequest, j: Journey): number {
    const raw = (req.params as { n?: string }).n ?? '';
    const n = /^[1-9]\d{0,2}$/.test(raw) ? Number(raw) : 0;
    if (n < 1 || n > j.definition.measures.length) throw notFound({ ja: 'この番号の質問はありません。', en: 'There is no question with this number.' });
    return n;
  }

  pageRoute(app, '/check', undefined, async (req, reply, locale) => {
    noStore(reply);
    const j = await journeyOf(req);
    const { value } = await currentDocument(handle().db, personalCheckKind);
    const continueHref = j && !j.progress.completedOn ? localePath(locale, nextStep(j)) : null;
    return sendPage(reply, CheckStartPage({ locale, d: j?.definition ?? value, csrf: reply.generateCsrf(), continueHref }));
  });

  pagePost(app, '/check/start', undefined, async (req, reply, locale) => {
    // "Start again" leaves nothing of the earlier journey behind.
    const old = await journeyOf(req);
    if (old) await deleteProgress(handle().db, old.tokenHash);
    const token = await startJourney(handle(), now());
    reply.setCookie(cookieName, token, cookieOpts);
    return go(reply, locale, '/check/q/1');
  });

  const questionPage = (reply: FastifyReply, locale: Locale, j: Journey, n: number, change: boolean, selected: string | null, error: 'missing' | 'invalid' | null) =>
    sendPage(
      reply,
      QuestionPage({
        locale,
        d: j.definition,
        n,
        selected,
        error,
        change,
        backHref: localePath(locale, change ? '/check/review' : n === 1 ? '/check' : `/check/q/${n - 1}`),
        csrf: reply.generateCsrf(),
      }),
      error ? 400 : 200,
    );

  pageRoute(app, '/check/q/:n', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j) return reply;
    const n = questionNumber(req, j);
    if (j.progress.completedOn) return go(reply, locale, '/check/result');
    const open = firstUnanswered(j.progress);
    // Questions are answered in order: a later one is reached after the ones before it.
    if (open !== null && n > open) return go(reply, locale, `/check/q/${open}`);
    const code = j.progress.answers[n - 1]!;
    const change = (req.query as { change?: unknown }).change === '1' && open === null;
    return questionPage(reply, locale, j, n, change, code === '-' ? null : code, null);
  });

  pagePost(app, '/check/q/:n', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j) return reply;
    const n = questionNumber(req, j);
    if (j.progress.completedOn) return go(reply, locale, '/check/result');
    const open = firstUnanswered(j.progress);
    if (open !== null && n > open) return go(reply, locale, `/check/q/${open}`);
    const body = asForm(req.body);
    const change = body.change === '1' && open === null;
    const raw = body.answer;
    if (raw === undefined || raw === '') return questionPage(reply, locale, j, n, change, null, 'missing');
    if (typeof raw !== 'string' || !j.definition.answers.some((a) => a.code === raw)) return questionPage(reply, locale, j, n, change, null, 'invalid');
    if (!(await saveAnswer(handle(), j, n, raw, now()))) return go(reply, locale, '/check/result');
    if (change) return go(reply, locale, j.progress.aboutDone ? '/check/review' : nextStep(j));
    return go(reply, locale, n < j.definition.measures.length ? `/check/q/${n + 1}` : nextStep(j));
  });

  /** Pages after the questions need every answer; otherwise the first open question. */
  const allAnswered = (reply: FastifyReply, locale: Locale, j: Journey): boolean => {
    if (j.progress.completedOn) {
      void go(reply, locale, '/check/result');
      return false;
    }
    const open = firstUnanswered(j.progress);
    if (open !== null) {
      void go(reply, locale, `/check/q/${open}`);
      return false;
    }
    return true;
  };

  const aboutPage = (reply: FastifyReply, locale: Locale, j: Journey, values: { age: string; prefecture: string }, errors: FieldErrors) =>
    sendPage(reply, AboutPage({ locale, csrf: reply.generateCsrf(), ageBand: values.age, prefecture: values.prefecture, errors, backHref: localePath(locale, `/check/q/${j.definition.measures.length}`) }), Object.keys(errors).length ? 400 : 200);

  pageRoute(app, '/check/about', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j || !allAnswered(reply, locale, j)) return reply;
    return aboutPage(reply, locale, j, { age: j.progress.ageBand ?? '', prefecture: j.progress.prefecture ?? '' }, {});
  });

  pagePost(app, '/check/about', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j || !allAnswered(reply, locale, j)) return reply;
    const body = asForm(req.body);
    const age = formText(body, 'age', 10);
    const prefecture = formText(body, 'prefecture', 10);
    const errors: FieldErrors = {};
    if (age && age !== 'none' && !isAgeBand(age)) errors.age = X.ageInvalid;
    if (prefecture && !isPrefectureCode(prefecture)) errors.prefecture = X.prefInvalid;
    if (Object.keys(errors).length) return aboutPage(reply, locale, j, { age: (AGE_BANDS as readonly string[]).includes(age) ? age : '', prefecture: isPrefectureCode(prefecture) ? prefecture : '' }, errors);
    if (!(await saveAbout(handle(), j, isAgeBand(age) ? age : null, prefecture || null, now()))) return go(reply, locale, '/check/result');
    return go(reply, locale, '/check/review');
  });

  pageRoute(app, '/check/review', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j || !allAnswered(reply, locale, j)) return reply;
    return sendPage(reply, ReviewPage({ locale, d: j.definition, progress: j.progress, csrf: reply.generateCsrf() }));
  });

  pagePost(app, '/check/complete', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j) return reply;
    if (!j.progress.completedOn) {
      const open = firstUnanswered(j.progress);
      if (open !== null) return go(reply, locale, `/check/q/${open}`);
      await completeJourney(app.checkResults, j, now());
    }
    return go(reply, locale, '/check/result');
  });

  const resultPage = async (reply: FastifyReply, locale: Locale, j: Journey, reminder: { email: string; errors: FieldErrors }) =>
    sendPage(reply, ResultPage({ locale, r: await personalResult(handle(), j, locale, now()), csrf: reply.generateCsrf(), reminder }), Object.keys(reminder.errors).length ? 400 : 200);

  pageRoute(app, '/check/result', undefined, async (req, reply, locale) => {
    const j = await need(req, reply, locale);
    if (!j) return reply;
    if (!j.progress.completedOn) return go(reply, locale, nextStep(j));
    return resultPage(reply, locale, j, { email: '', errors: {} });
  });

  // The resume link, shown on a page of its own (the token is in its body, so no Referer and no cache).
  pageRoute(app, '/check/save', undefined, async (req, reply, locale) => {
    tokenPage(reply);
    const j = await journeyOf(req);
    if (!j) return noJourney(reply, locale);
    const resumeUrl = `${config.baseUrl}${localePath(locale, '/check/resume')}?t=${cookieToken(req)}`;
    return sendPage(reply, SavePage({ locale, resumeUrl, nextHref: localePath(locale, nextStep(j)), completed: j.progress.completedOn !== null, csrf: reply.generateCsrf() }));
  });

  // The person deletes what the resume link keeps (answers and chosen attributes). The anonymous statistics
  // row of a completed check stays: nothing links it to this journey, so it cannot be found to delete.
  pagePost(app, '/check/forget', undefined, async (req, reply, locale) => {
    noStore(reply);
    const j = await journeyOf(req);
    if (j) await deleteProgress(handle().db, j.tokenHash);
    reply.clearCookie(cookieName, cookieOpts);
    return sendPage(
      reply,
      MessagePage({
        section: 'check',
        locale,
        path: '/check',
        title: { ja: '保存した答えを消しました', en: 'Your saved answers were deleted' },
        body: [
          { ja: 'このチェックの答えと、続きから再開するためのリンクは、もう使えません。', en: 'The answers of this check and its resume link are gone.' },
          { ja: '統計のために残る記録には、だれのものか分かる情報がないため、あなたの記録を探して消すことはできません。', en: 'The record kept for the statistics holds nothing that tells whose it is, so it cannot be found to delete.' },
        ],
        links: [{ href: localePath(locale, '/check'), label: { ja: 'チェックのページへ', en: 'Go to the check' } }],
      }),
    );
  });

  pageRoute<{ t?: unknown }>(app, '/check/resume', undefined, async (req, reply, locale) => {
    tokenPage(reply);
    const token = typeof req.query.t === 'string' ? req.query.t.slice(0, 100) : '';
    const j = await loadJourney(handle(), token, now());
    if (!j) return noJourney(reply, locale);
    reply.setCookie(cookieName, token, cookieOpts);
    return go(reply, locale, nextStep(j));
  });

  // ---------------------------------------------------------------- the reminder

  const reminderCtx = (req: FastifyRequest): ReminderContext => ({ database: handle(), mailer: app.deps.mailer, baseUrl: config.baseUrl, now: now(), log: req.log });

  const linkProblem = (reply: FastifyReply, locale: Locale, path: string, reason: 'invalid' | 'expired' | 'gone') => {
    const p = REMINDER_LINK[reason];
    return sendPage(reply, MessagePage({ section: 'check', locale, path, title: p.title, body: [p.body], links: [{ href: localePath(locale, '/check'), label: { ja: 'チェックのページへ', en: 'Go to the check' } }] }), reason === 'gone' ? 200 : 400);
  };

  pagePost(app, '/check/reminder', formLimit, async (req, reply, locale) => {
    noStore(reply);
    const email = formText(asForm(req.body), 'email', 300);
    const errors: FieldErrors = {};
    if (!email) errors.email = X.emailMissing;
    else if (email.length > 254 || !EMAIL_RE.test(email)) errors.email = X.emailInvalid;
    if (Object.keys(errors).length) {
      const j = await journeyOf(req);
      if (j?.progress.completedOn) return resultPage(reply, locale, j, { email, errors });
      const t = (x: Text) => x[locale];
      return sendPage(
        reply,
        <Layout section="check" locale={locale} path="/check" title={`${locale === 'ja' ? 'エラー：' : 'Error: '}${t(X.reminderTitle)}`}>
          <ReminderForm locale={locale} csrf={reply.generateCsrf()} email={email} errors={errors} />
        </Layout>,
        400,
      );
    }
    await requestReminder(reminderCtx(req), email, locale);
    return sendPage(
      reply,
      MessagePage({
        section: 'check',
        locale,
        path: '/check',
        title: { ja: '確認のメールを送りました', en: 'Check your email' },
        body: [
          { ja: `${email} あてに確認のメールを送りました。メールのリンクを開き、「お知らせを受け取る」を押すと申込みが完了します。`, en: `We sent an email to ${email}. Open its link and press “Send me the reminder” to finish.` },
          { ja: '数分たっても届かないときは、迷惑メールのフォルダをご確認ください。', en: 'If nothing arrives within a few minutes, check your spam folder.' },
        ],
        links: [{ href: localePath(locale, '/check/result'), label: { ja: '結果のページにもどる', en: 'Back to your result' } }],
      }),
    );
  });

  const tokenOf = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : '');

  pageRoute<{ t?: unknown }>(app, '/check/reminder/confirm', undefined, async (req, reply, locale) => {
    tokenPage(reply);
    const token = tokenOf(req.query.t);
    const check = await reminderForConfirmToken(handle(), token, now());
    if (!check.ok) return linkProblem(reply, locale, '/check/reminder/confirm', check.reason);
    return sendPage(
      reply,
      ReminderButtonPage({
        locale,
        path: '/check/reminder/confirm',
        action: localePath(locale, '/check/reminder/confirm'),
        csrf: reply.generateCsrf(),
        token,
        title: { ja: 'お知らせの申込みの確認', en: 'Confirm your reminder' },
        body: [{ ja: `${dueText('ja', check.reminder.dueOn)}ごろに、${check.reminder.email} あてにメールを1通だけ送ります。よければボタンを押してください。`, en: `We will send one email to ${check.reminder.email} around ${dueText('en', check.reminder.dueOn)}. Press the button to confirm.` }],
        button: { ja: 'お知らせを受け取る', en: 'Send me the reminder' },
      }),
    );
  });

  pagePost(app, '/check/reminder/confirm', formLimit, async (req, reply, locale) => {
    tokenPage(reply);
    const result = await confirmReminder(handle(), tokenOf(asForm(req.body).t), now());
    if (!result.ok) return linkProblem(reply, locale, '/check/reminder/confirm', result.reason);
    return sendPage(
      reply,
      MessagePage({
        section: 'check',
        locale,
        path: '/check/reminder/confirm',
        title: { ja: '申込みが完了しました', en: 'Your reminder is set' },
        body: [
          { ja: `${dueText('ja', result.reminder.dueOn)}ごろに、お知らせを1通送ります。送ったあと、メールアドレスは消します。メールには、お知らせを止めるリンクもあります。`, en: `We will send one reminder around ${dueText('en', result.reminder.dueOn)} and then delete your address. The emails have a link to stop it.` },
        ],
        links: [{ href: localePath(locale, '/check'), label: { ja: 'チェックのページへ', en: 'Go to the check' } }],
      }),
    );
  });

  pageRoute<{ t?: unknown }>(app, '/check/reminder/stop', undefined, async (req, reply, locale) => {
    tokenPage(reply);
    const token = tokenOf(req.query.t);
    const check = await reminderForStopToken(handle(), token);
    if (!check.ok) return linkProblem(reply, locale, '/check/reminder/stop', check.reason);
    return sendPage(
      reply,
      ReminderButtonPage({
        locale,
        path: '/check/reminder/stop',
        action: localePath(locale, '/check/reminder/stop'),
        csrf: null,
        token,
        title: { ja: 'お知らせを止める', en: 'Stop the reminder' },
        body: [{ ja: `${check.reminder.email} へのお知らせを止めて、メールアドレスを消します。`, en: `The reminder to ${check.reminder.email} will be stopped and the address deleted.` }],
        button: { ja: 'お知らせを止める', en: 'Stop the reminder' },
        variant: 'warning',
      }),
    );
  });

  // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the header's URL without
  // cookies; the token is the authority, so CSRF does not apply. The page's own button posts here too.
  const stopHandler = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
    tokenPage(reply);
    const token = tokenOf((req.query as { t?: unknown } | undefined)?.t) || tokenOf(asForm(req.body).t);
    const check = await reminderForStopToken(handle(), token);
    if (!check.ok) return linkProblem(reply, locale, '/check/reminder/stop', check.reason);
    await stopReminder(handle(), check.reminder.id);
    return sendPage(
      reply,
      MessagePage({
        section: 'check',
        locale,
        path: '/check/reminder/stop',
        title: { ja: 'お知らせを止めました', en: 'The reminder is stopped' },
        body: [{ ja: 'メールアドレスは消しました。これからメールは届きません。', en: 'Your address was deleted. No more emails will be sent.' }],
        links: [{ href: localePath(locale, '/check'), label: { ja: 'チェックのページへ', en: 'Go to the check' } }],
      }),
    );
  };
  const oneClick = { config: { csrf: false, rateLimit: { max: config.authRateLimitPerMinute * 6, timeWindow: 60_000 } }, schema: { hide: true } };
  app.post('/check/reminder/stop', oneClick, (req, reply) => stopHandler(req, reply, 'ja'));
  app.post('/en/check/reminder/stop', oneClick, (req, reply) => stopHandler(req, reply, 'en'));
}
