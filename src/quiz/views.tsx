// The quiz's pages: start, one question per page ("3 / 10"), the answer's feedback with the
// explanation, and the score with a review. Right and wrong are said in words and a symbol, never by
// colour alone. Works without JavaScript: the state is in the URL and hidden fields.
import type { QuizBank, QuizQuestion } from '../checks/quiz-definition.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Button, PostForm, REQUIRED_MARK } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';

const tt = (locale: Locale) => (x: Text) => x[locale];

const X = {
  start: { ja: 'クイズをはじめる', en: 'Start the quiz' },
  question: { ja: '問題', en: 'Question' },
  answer: { ja: '答える', en: 'Answer' },
  chooseOne: { ja: '答えを1つ選んでください。', en: 'Choose one answer.' },
  chooseAgain: { ja: '選んだ答えが正しく届きませんでした。もう一度、選んでください。', en: 'Your answer did not arrive correctly. Please choose again.' },
  problem: { ja: '入力内容に問題があります', en: 'There is a problem' },
  right: { ja: '正解です', en: 'Correct' },
  wrong: { ja: '不正解です', en: 'Not quite' },
  yourAnswer: { ja: 'あなたの答え：', en: 'Your answer: ' },
  correctAnswer: { ja: '正しい答え：', en: 'Right answer: ' },
  why: { ja: '説明', en: 'Why' },
  next: { ja: '次の問題へ', en: 'Next question' },
  seeScore: { ja: '結果を見る', en: 'See your score' },
  resultTitle: { ja: 'クイズの結果', en: 'Your quiz score' },
  review: { ja: 'ふりかえり', en: 'Review' },
  again: { ja: 'もう一度クイズをする（別の問題が出ます）', en: 'Take the quiz again (new questions)' },
  restart: { ja: 'はじめからやり直す', en: 'Start again' },
  check: { ja: '自分の対策をチェックする（9つの質問、3分）', en: 'Check your own security habits (9 questions, 3 minutes)' },
  materials: { ja: 'ツール・教材を見る', en: 'Browse materials' },
  more: { ja: 'くわしく学ぶ', en: 'Learn more' },
  stored: { ja: 'お名前やメールアドレスは聞きません。答えは、だれのものか分からない形で統計に使います。', en: 'We do not ask for your name or email address. Answers are used for statistics in a form that cannot be traced back to you.' },
} satisfies Record<string, Text>;

export const quizQuery = (s: string, a: string) => `?s=${encodeURIComponent(s)}${a ? `&a=${a}` : ''}`;

function Editorial({ locale, bank }: { locale: Locale; bank: QuizBank }) {
  const t = tt(locale);
  return (
    <div class="check-source">
      <p>
        {locale === 'ja' ? '出典：' : 'Source: '}
        {t(bank.source.name)}（{bank.source.date}）
      </p>
      <p class="judged-mark">
        {t(bank.editorial.label)}（{bank.editorial.date}）{bank.editorial.note ? `：${t(bank.editorial.note)}` : bank.source.note ? `：${t(bank.source.note)}` : ''}
      </p>
    </div>
  );
}

export function QuizStartPage({ locale, bank, csrf }: { locale: Locale; bank: QuizBank; csrf: string }) {
  const t = tt(locale);
  return (
    <Layout section="quiz" locale={locale} path="/quiz" title={t(bank.title)} description={t(bank.intro)}>
      <h1>{t(bank.title)}</h1>
      <p class="lead">{t(bank.intro)}</p>
      <p>{t(X.stored)}</p>
      <PostForm action={localePath(locale, '/quiz/start')} csrf={csrf}>
        <Button>{t(X.start)}</Button>
      </PostForm>
      <p>
        <a href={localePath(locale, '/check')}>{t(X.check)}</a>
      </p>
      <Editorial locale={locale} bank={bank} />
    </Layout>
  );
}

const optionText = (locale: Locale, q: QuizQuestion, id: string) => q.options.find((o) => o.id === id)?.text[locale] ?? id;

export function QuizQuestionPage(p: { locale: Locale; bank: QuizBank; q: QuizQuestion; k: number; s: string; a: string; csrf: string; error: 'missing' | 'invalid' | null }) {
  const { locale, q, k } = p;
  const t = tt(locale);
  const errorText = p.error === 'invalid' ? X.chooseAgain : X.chooseOne;
  return (
    <Layout section="quiz" locale={locale} path={`/quiz/q${quizQuery(p.s, p.a)}`} title={`${p.error ? (locale === 'ja' ? 'エラー：' : 'Error: ') : ''}${t(X.question)} ${k} / ${p.bank.drawCount}`}>
      {p.error ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">{t(X.problem)}</h2>
          <ul>
            <li>
              <a href="#choice-0">{t(errorText)}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <p class="check-progress">
        {t(X.question)} {k} / {p.bank.drawCount}
      </p>
      <PostForm action={localePath(locale, '/quiz/answer')} csrf={p.csrf}>
        <input type="hidden" name="s" value={p.s} />
        <input type="hidden" name="a" value={p.a} />
        <div class={`field${p.error ? ' field-has-error' : ''}`}>
          <fieldset class="fieldset" aria-describedby={p.error ? 'choice-error' : undefined}>
            <legend class="question-legend">
              <h1 class="question-label">
                {t(q.question)}
                <span class="required-mark">{t(REQUIRED_MARK)}</span>
              </h1>
            </legend>
            {p.error ? (
              <p class="field-error" id="choice-error">
                <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
                {t(errorText)}
              </p>
            ) : null}
            <div class="choices big-choices">
              {q.options.map((o, i) => (
                <div class="choice">
                  <input type="radio" id={`choice-${i}`} name="choice" value={o.id} />
                  <label for={`choice-${i}`}>{t(o.text)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <Button>{t(X.answer)}</Button>
      </PostForm>
      <p>
        <a href={localePath(locale, '/quiz')}>{t(X.restart)}</a>
      </p>
    </Layout>
  );
}

function Verdict({ locale, q, chosen }: { locale: Locale; q: QuizQuestion; chosen: string }) {
  const t = tt(locale);
  const ok = q.correct === chosen;
  return (
    <>
      <p class={`quiz-verdict ${ok ? 'quiz-right' : 'quiz-wrong'}`}>
        <span aria-hidden="true">{ok ? '◯ ' : '✕ '}</span>
        {t(ok ? X.right : X.wrong)}
      </p>
      <p>
        {t(X.yourAnswer)}
        {optionText(locale, q, chosen)}
      </p>
      {ok ? null : (
        <p>
          <strong>
            {t(X.correctAnswer)}
            {optionText(locale, q, q.correct)}
          </strong>
        </p>
      )}
    </>
  );
}

export function QuizFeedbackPage(p: { locale: Locale; bank: QuizBank; q: QuizQuestion; k: number; chosen: string; s: string; a: string }) {
  const { locale, q, k } = p;
  const t = tt(locale);
  const last = k === p.bank.drawCount;
  return (
    <Layout section="quiz" locale={locale} path={`/quiz/feedback${quizQuery(p.s, p.a)}`} title={`${t(X.question)} ${k} / ${p.bank.drawCount}: ${t(q.correct === p.chosen ? X.right : X.wrong)}`}>
      <p class="check-progress">
        {t(X.question)} {k} / {p.bank.drawCount}
      </p>
      <h1>{t(q.question)}</h1>
      <Verdict locale={locale} q={q} chosen={p.chosen} />
      <h2>{t(X.why)}</h2>
      <p>{t(q.explanation)}</p>
      <p>
        <a class="button button-primary" href={localePath(locale, last ? '/quiz/result' : '/quiz/q') + quizQuery(p.s, p.a)}>
          {t(last ? X.seeScore : X.next)}
        </a>
      </p>
    </Layout>
  );
}

export function QuizResultPage(p: { locale: Locale; bank: QuizBank; questions: QuizQuestion[]; a: string; score: number; s: string; csrf: string }) {
  const { locale, bank } = p;
  const t = tt(locale);
  return (
    <Layout section="quiz" locale={locale} path={`/quiz/result${quizQuery(p.s, p.a)}`} title={t(X.resultTitle)}>
      <h1>{t(X.resultTitle)}</h1>
      <p class="lead check-score">
        {locale === 'ja' ? `${bank.drawCount}問中 ${p.score}問 正解でした。` : `You got ${p.score} out of ${bank.drawCount} right.`}
      </p>
      <p class="quiz-score" aria-hidden="true">
        {p.score} / {bank.drawCount}
      </p>
      <ul class="link-list">
        <li>
          <a href={localePath(locale, '/check')}>{t(X.check)}</a>
        </li>
        <li>
          <a href={localePath(locale, '/materials')}>{t(X.materials)}</a>
        </li>
      </ul>
      <PostForm action={localePath(locale, '/quiz/start')} csrf={p.csrf}>
        <Button variant="secondary">{t(X.again)}</Button>
      </PostForm>
      <h2>{t(X.review)}</h2>
      <ol class="quiz-review">
        {p.questions.map((q, i) => (
          <li>
            <h3>{t(q.question)}</h3>
            <Verdict locale={locale} q={q} chosen={p.a[i]!} />
            <p>{t(q.explanation)}</p>
            {q.materials?.[0] ? (
              <p>
                <a href={`${localePath(locale, '/materials')}?q=${encodeURIComponent(q.materials[0])}`}>
                  {t(X.more)}
                  <span class="visually-hidden">{locale === 'ja' ? `（${q.materials[0]}）` : ` (${q.materials[0]})`}</span>
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <Editorial locale={locale} bank={bank} />
    </Layout>
  );
}
