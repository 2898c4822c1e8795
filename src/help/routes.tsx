// 「困ったときは」: /help (start), /help/{question} (one question per page), /help/answer (checks one
// answer and moves on), /help/result; and /admin/help for administrators (CSRF checked on every POST
// by the auth plugin). Every page is a GET with the answers in the query: no session is needed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { AdminHelpPage, AdminHelpVersionPage } from './admin-views.tsx';
import { askedQuestions, isValidAnswer, nextQuestion, previousQuestion, readAnswers, type Answers, type FlowIssue, type HelpFlow } from './flow.ts';
import { currentFlow, flowHistory, flowVersion, helpResult, latestFlowVersion, restoreFlow, saveFlow, DEFAULT_FLOW_TEXT, type HelpAdminContext } from './service.ts';
import { answersQuery, HelpQuestionPage, HelpResultPage, HelpStartPage, questionHref } from './views.tsx';

const NOTICES: Record<string, Text> = {
  saved: { ja: '新しい版を保存しました。「困ったときは」はこの版で案内します。', en: 'The new version was saved and is now in use.' },
  restored: { ja: '以前の版を新しい版として戻しました。', en: 'The earlier version was restored as a new version.' },
};

const QUESTION_NOT_FOUND: Text = { ja: 'この質問は見つかりませんでした。最初からやり直してください。', en: 'There is no such question. Please start again.' };
const MAX_DOCUMENT = 200_000;

/** The answers of the query, or a 400 naming the question whose answer is not one of its options. */
function answersOf(flow: HelpFlow, query: unknown): Answers {
  const { answers, invalid } = readAnswers(flow, (query ?? {}) as Record<string, unknown>);
  if (invalid.length) {
    throw new Problem(
      400,
      'invalid_answer',
      { ja: '回答の内容が正しくありません。最初からやり直してください。', en: 'An answer is not valid. Please start again.' },
      invalid.map((id) => {
        const q = flow.questions.find((x) => x.id === id)!;
        return { param: id, message: { ja: `「${q.text.ja}」の回答を選び直してください。`, en: `Choose the answer to “${q.text.en}” again.` } };
      }),
    );
  }
  return answers;
}

function backFrom(locale: Locale, flow: HelpFlow, answers: Answers, id: string): string {
  const prev = previousQuestion(flow, answers, id);
  return prev ? questionHref(locale, prev, answers) : localePath(locale, '/help');
}

export async function helpRoutes(app: FastifyInstance): Promise<void> {
  const handle = () => app.deps.database;

  pageRoute(app, '/help', undefined, async (_req, reply, locale) => {
    const { flow } = await currentFlow(handle().db);
    return sendPage(reply, HelpStartPage({ locale, flow, first: flow.questions[0]! }));
  });

  // One answer: valid → the next question (or the result); missing or wrong → the same question with the error.
  pageRoute(app, '/help/answer', undefined, async (req, reply, locale) => {
    const { flow } = await currentFlow(handle().db);
    const query = (req.query ?? {}) as Record<string, unknown>;
    const q = flow.questions.find((x) => x.id === query._q);
    if (!q) throw notFound(QUESTION_NOT_FOUND);
    const value = query[q.id];
    const others = answersOf(flow, { ...query, [q.id]: undefined });
    const ok = typeof value === 'string' && (isValidAnswer(q, value) || (value === '' && q.optional === true));
    if (!ok) return sendPage(reply, HelpQuestionPage({ locale, flow, q, answers: others, backHref: backFrom(locale, flow, others, q.id), error: true }), 400);
    const answers: Answers = { ...others };
    if (value) answers[q.id] = value;
    else delete answers[q.id];
    // Keep the order of the questions in the URL (it reads better and makes equal answers equal URLs).
    const ordered: Answers = Object.fromEntries(flow.questions.filter((x) => answers[x.id] !== undefined).map((x) => [x.id, answers[x.id]!]));
    const next = nextQuestion(flow, ordered, q.id);
    return reply.redirect(next ? questionHref(locale, next, ordered) : localePath(locale, '/help/result') + answersQuery(ordered), 303);
  });

  pageRoute(app, '/help/result', undefined, async (req, reply, locale) => {
    const { flow } = await currentFlow(handle().db);
    const answers = answersOf(flow, req.query);
    const asked = askedQuestions(flow, answers);
    // A required question without an answer (a shortened URL): ask it.
    const missing = asked.find((q) => !q.optional && answers[q.id] === undefined);
    if (missing) return reply.redirect(questionHref(locale, missing, answers), 303);
    const result = await helpResult(handle(), flow, answers, locale);
    return sendPage(reply, HelpResultPage({ locale, flow, asked, answers, result, backHref: questionHref(locale, asked[asked.length - 1]!, answers) }));
  });

  pageRoute(app, '/help/:question', undefined, async (req, reply, locale) => {
    const { flow } = await currentFlow(handle().db);
    const id = (req.params as { question: string }).question;
    const answers = answersOf(flow, req.query);
    const q = askedQuestions(flow, answers).find((x) => x.id === id);
    if (!q) throw notFound(QUESTION_NOT_FOUND);
    return sendPage(reply, HelpQuestionPage({ locale, flow, q, answers, backHref: backFrom(locale, flow, answers, q.id) }));
  });

  // ---------------------------------------------------------------- administrators

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    const ctxOf = (req: FastifyRequest): HelpAdminContext => ({ database: handle(), now: req.server.deps.now?.() ?? new Date(), actor: userOf(req) });

    const page = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, form?: { text: string; note: string; issues: FlowIssue[] }) => {
      const db = handle().db;
      const current = await latestFlowVersion(db);
      const done = (req.query as { done?: unknown } | undefined)?.done;
      return sendPage(
        reply,
        AdminHelpPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          current,
          history: await flowHistory(db),
          text: form?.text ?? current?.document ?? DEFAULT_FLOW_TEXT,
          note: form?.note ?? '',
          issues: form?.issues ?? [],
          notice: !form && typeof done === 'string' ? NOTICES[done] : undefined,
        }),
        form?.issues.length ? 400 : 200,
      );
    };

    pageRoute(admin, '/admin/help', undefined, (req, reply, locale) => page(req, reply, locale));

    pagePost(admin, '/admin/help', undefined, async (req, reply, locale) => {
      const body = asForm(req.body);
      const raw = body.document;
      const text = typeof raw === 'string' ? raw.slice(0, MAX_DOCUMENT + 1) : '';
      const note = formText(body, 'note', 500);
      if (text.length > MAX_DOCUMENT) {
        return page(req, reply, locale, { text: text.slice(0, MAX_DOCUMENT), note, issues: [{ path: '', message: { ja: `文書が長すぎます（${MAX_DOCUMENT.toLocaleString('ja-JP')}文字まで）。`, en: `The document is too long (at most ${MAX_DOCUMENT.toLocaleString('en-GB')} characters).` } }] });
      }
      const saved = await saveFlow(ctxOf(req), text, note);
      if (saved.version === null) return page(req, reply, locale, { text, note, issues: saved.issues });
      return reply.redirect(localePath(locale, '/admin/help') + '?done=saved', 303);
    });

    const versionOf = (req: FastifyRequest) => {
      const raw = (req.params as { version?: string }).version ?? '';
      if (!/^[1-9]\d{0,8}$/.test(raw)) throw notFound();
      return Number(raw);
    };

    pageRoute(admin, '/admin/help/versions/:version', undefined, async (req, reply, locale) => {
      const v = await flowVersion(handle().db, versionOf(req));
      if (!v) throw notFound();
      return sendPage(reply, AdminHelpVersionPage({ locale, viewer: await viewerFor(req, reply, locale), v }));
    });

    pagePost(admin, '/admin/help/versions/:version/restore', undefined, async (req, reply, locale) => {
      const v = await flowVersion(handle().db, versionOf(req));
      if (!v) throw notFound();
      const r = await restoreFlow(ctxOf(req), v.version);
      if (!r || r.version === null) return page(req, reply, locale, { text: v.document, note: '', issues: r?.issues ?? [] });
      return reply.redirect(localePath(locale, '/admin/help') + '?done=restored', 303);
    });
  });
}
