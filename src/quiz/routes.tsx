// /quiz: the knowledge quiz. POST /quiz/start draws the questions; each question page posts one answer
// to /quiz/answer, which shows its feedback (right or wrong and why) at /quiz/feedback; the last answer
// stores the anonymous result (check 'quiz', encoding in state.ts) and leads to /quiz/result. The state
// travels in the URL and hidden fields, signed; anything changed or malformed gets a 400 page with a
// restart link. Nothing is stored per person.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokyoToday } from '../advisories/time.ts';
import { currentDocument, documentAt } from '../checks/documents.ts';
import { quizKind, type QuizBank } from '../checks/quiz-definition.ts';
import { localePath, type Locale } from '../i18n/locale.ts';
import { asForm } from '../web/form-body.ts';
import { MessagePage } from '../web/message-page.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { decodeSelection, draw, encodeSelection, questionsOf, quizStateKey, scoreQuiz, storedAnswers, validState } from './state.ts';
import { quizQuery, QuizFeedbackPage, QuizQuestionPage, QuizResultPage, QuizStartPage } from './views.tsx';

interface Loaded {
  bank: QuizBank;
  s: string;
  indexes: number[];
  a: string;
  version: number | null;
}

export async function quizRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const now = () => app.deps.now?.() ?? new Date();

  const tampered = (reply: FastifyReply, locale: Locale) =>
    sendPage(
      reply,
      MessagePage({
        section: 'quiz',
        locale,
        path: '/quiz',
        title: { ja: 'クイズを続けられません', en: 'The quiz cannot continue' },
        body: [
          {
            ja: 'アドレス（URL）の一部が変わっているか、途中で切れているため、どの問題に答えていたのか分かりません。お手数ですが、はじめからやり直してください。',
            en: 'Part of the address (URL) was changed or cut off, so we cannot tell which questions you were answering. Please start again.',
          },
        ],
        links: [{ href: localePath(locale, '/quiz'), label: { ja: 'はじめからやり直す', en: 'Start again' } }],
      }),
      400,
    );

  /** The state of a request (query or form), or null after sending the 400 page. */
  async function load(reply: FastifyReply, locale: Locale, src: Record<string, unknown>): Promise<Loaded | null> {
    const sel = decodeSelection(await quizStateKey(db()), src.s);
    const a = src.a === undefined ? '' : src.a;
    const bank = sel ? await documentAt(db(), quizKind, sel.version) : null;
    if (!sel || !bank || typeof a !== 'string' || !validState(bank, sel.indexes, a)) {
      await tampered(reply, locale);
      return null;
    }
    return { bank, s: src.s as string, indexes: sel.indexes, a, version: sel.version };
  }

  const query = (req: FastifyRequest) => (req.query ?? {}) as Record<string, unknown>;
  const go = (reply: FastifyReply, locale: Locale, path: string, l: { s: string }, a: string) => reply.redirect(localePath(locale, path) + quizQuery(l.s, a), 303);

  pageRoute(app, '/quiz', undefined, async (_req, reply, locale) => {
    const { value } = await currentDocument(db(), quizKind);
    return sendPage(reply.header('cache-control', 'no-store'), QuizStartPage({ locale, bank: value, csrf: reply.generateCsrf() }));
  });

  pagePost(app, '/quiz/start', undefined, async (_req, reply, locale) => {
    const { value, version } = await currentDocument(db(), quizKind);
    const s = encodeSelection(await quizStateKey(db()), version, draw(value.questions.length, value.drawCount));
    return go(reply, locale, '/quiz/q', { s }, '');
  });

  const questionPage = (reply: FastifyReply, locale: Locale, l: Loaded, error: 'missing' | 'invalid' | null) =>
    sendPage(
      reply.header('cache-control', 'no-store'),
      QuizQuestionPage({ locale, bank: l.bank, q: l.bank.questions[l.indexes[l.a.length]!]!, k: l.a.length + 1, s: l.s, a: l.a, csrf: reply.generateCsrf(), error }),
      error ? 400 : 200,
    );

  pageRoute(app, '/quiz/q', undefined, async (req, reply, locale) => {
    const l = await load(reply, locale, query(req));
    if (!l) return reply;
    if (l.a.length === l.indexes.length) return go(reply, locale, '/quiz/result', l, l.a);
    return questionPage(reply, locale, l, null);
  });

  pagePost(app, '/quiz/answer', undefined, async (req, reply, locale) => {
    const body = asForm(req.body);
    const l = await load(reply, locale, body);
    if (!l) return reply;
    if (l.a.length === l.indexes.length) return go(reply, locale, '/quiz/result', l, l.a);
    const q = l.bank.questions[l.indexes[l.a.length]!]!;
    const choice = body.choice;
    if (choice === undefined || choice === '') return questionPage(reply, locale, l, 'missing');
    if (typeof choice !== 'string' || !q.options.some((o) => o.id === choice)) return questionPage(reply, locale, l, 'invalid');
    const a = l.a + choice;
    if (a.length === l.indexes.length) {
      // The last answer completes the quiz: stored once per completing POST, with no state that could identify it.
      await app.checkResults.record({
        check: 'quiz',
        definitionVersion: l.version,
        answers: storedAnswers(l.bank, l.indexes, a),
        score: scoreQuiz(l.bank, l.indexes, a),
        completedOn: tokyoToday(now()),
      });
    }
    return go(reply, locale, '/quiz/feedback', l, a);
  });

  pageRoute(app, '/quiz/feedback', undefined, async (req, reply, locale) => {
    const l = await load(reply, locale, query(req));
    if (!l) return reply;
    if (!l.a.length) return go(reply, locale, '/quiz/q', l, '');
    const k = l.a.length;
    return sendPage(reply, QuizFeedbackPage({ locale, bank: l.bank, q: l.bank.questions[l.indexes[k - 1]!]!, k, chosen: l.a[k - 1]!, s: l.s, a: l.a }));
  });

  pageRoute(app, '/quiz/result', undefined, async (req, reply, locale) => {
    const l = await load(reply, locale, query(req));
    if (!l) return reply;
    if (l.a.length < l.indexes.length) return go(reply, locale, '/quiz/q', l, l.a);
    return sendPage(
      reply.header('cache-control', 'no-store'),
      QuizResultPage({ locale, bank: l.bank, questions: questionsOf(l.bank, l.indexes), a: l.a, score: scoreQuiz(l.bank, l.indexes, l.a), s: l.s, csrf: reply.generateCsrf() }),
    );
  });
}
