// 「困ったときは」: one plain question per page (GOV.UK pattern), answers carried in the URL (no
// session, no JavaScript), a back link that keeps them, and the result: urgent help first, then the
// first things to do, the desks that fit and related materials, with the answers to change.
import type { ComponentChildren } from 'preact';
import { DeskCard, EmergencyNotice, UrgentDesk } from '../desks/views.tsx';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { Layout } from '../web/layout.tsx';
import type { Answers, HelpFlow, HelpQuestion } from './flow.ts';
import type { HelpResult } from './service.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const X = {
  start: { ja: '質問に答える', en: 'Start' },
  next: { ja: '次へ', en: 'Continue' },
  back: { ja: '戻る', en: 'Back' },
  skip: { ja: '答えない', en: 'Prefer not to say' },
  optional: { ja: '（任意）', en: ' (optional)' },
  chooseOne: { ja: '選択肢から1つ選んでください。', en: 'Choose one of the options.' },
  choosePrefecture: { ja: '都道府県を一覧から選んでください（答えない場合は「答えない」を選んでください）。', en: 'Choose a prefecture from the list (or “Prefer not to say”).' },
  problem: { ja: '入力内容に問題があります', en: 'There is a problem' },
  resultTitle: { ja: '相談先と、まずすること', en: 'Where to ask and what to do first' },
  urgentTitle: { ja: '今すぐ連絡してください', en: 'Call now' },
  steps: { ja: 'まずすること', en: 'What to do first' },
  desks: { ja: '相談できる窓口', en: 'Where to ask for help' },
  noDesks: { ja: '条件に合う窓口が見つかりませんでした。相談窓口の一覧から探してください。', en: 'No desk matched. Look in the list of help desks.' },
  materials: { ja: '関連する教材', en: 'Related materials' },
  answers: { ja: 'あなたの回答', en: 'Your answers' },
  change: { ja: '変更', en: 'Change' },
  notAnswered: { ja: '（回答なし）', en: '(not answered)' },
  restart: { ja: '最初からやり直す', en: 'Start again' },
  allDesks: { ja: '相談窓口の一覧を見る', en: 'See all help desks' },
  emergency: { ja: '命に関わるときや、今まさに被害が続いているときは、迷わず110番に電話してください。', en: 'If a life is at risk or harm is happening right now, call 110 without hesitation.' },
} satisfies Record<string, Text>;

export function answersQuery(answers: Answers, without?: string): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(answers)) if (k !== without) p.append(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const questionHref = (locale: Locale, q: HelpQuestion, answers: Answers) => localePath(locale, `/help/${q.id}`) + answersQuery(answers);

export function answerLabel(locale: Locale, q: HelpQuestion, value: string | undefined): string {
  if (value === undefined) return X.notAnswered[locale];
  if (q.kind === 'prefecture') return prefectureByCode(value)?.[locale] ?? value;
  return q.options?.find((o) => o.value === value)?.label[locale] ?? value;
}

export function HelpStartPage({ locale, flow, first }: { locale: Locale; flow: HelpFlow; first: HelpQuestion }) {
  const t = tt(locale);
  return (
    <Layout locale={locale} path="/help" title={t(flow.title)} section="help" description={t(flow.intro)}>
      <h1>{t(flow.title)}</h1>
      <p class="lead">{t(flow.intro)}</p>
      <EmergencyNotice locale={locale} text={X.emergency} />
      <p>
        <a class="button button-primary" href={localePath(locale, `/help/${first.id}`)}>
          {t(X.start)}
        </a>
      </p>
      <p>
        <a href={localePath(locale, '/desks')}>{t(X.allDesks)}</a>
      </p>
    </Layout>
  );
}

export function HelpQuestionPage(p: { locale: Locale; flow: HelpFlow; q: HelpQuestion; answers: Answers; backHref: string; error?: boolean }) {
  const { locale, q } = p;
  const t = tt(locale);
  const selected = p.answers[q.id];
  const fieldId = `answer-${q.id}`;
  const hintId = q.hint ? `${fieldId}-hint` : '';
  const errorId = p.error ? `${fieldId}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const errorText = q.kind === 'prefecture' ? X.choosePrefecture : X.chooseOne;
  const heading = `${t(q.text)}${q.optional ? t(X.optional) : ''}`;
  const hintAndError: ComponentChildren = (
    <>
      {q.hint ? (
        <p class="field-hint" id={hintId}>
          {t(q.hint)}
        </p>
      ) : null}
      {p.error ? (
        <p class="field-error" id={errorId}>
          <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
          {t(errorText)}
        </p>
      ) : null}
    </>
  );
  return (
    <Layout locale={locale} path={`/help/${q.id}${answersQuery(p.answers)}`} title={(p.error ? (locale === 'ja' ? 'エラー：' : 'Error: ') : '') + t(q.text)} section="help">
      <a class="back-link" href={p.backHref}>
        ← {t(X.back)}
      </a>
      {p.error ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">{t(X.problem)}</h2>
          <ul>
            <li>
              <a href={`#${q.kind === 'prefecture' ? fieldId : `${fieldId}-0`}`}>{t(errorText)}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <form method="get" action={localePath(locale, '/help/answer')} novalidate>
        <input type="hidden" name="_q" value={q.id} />
        {Object.entries(p.answers)
          .filter(([k]) => k !== q.id)
          .map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
        <div class={`field${p.error ? ' field-has-error' : ''}`}>
          {q.kind === 'prefecture' ? (
            <>
              <h1>
                <label class="question-label" for={fieldId}>
                  {heading}
                </label>
              </h1>
              {hintAndError}
              <select class="select" id={fieldId} name={q.id} aria-describedby={describedBy} aria-invalid={p.error ? 'true' : undefined}>
                <option value="">{t(X.skip)}</option>
                {PREFECTURES.map((x) => (
                  <option value={x.code} selected={selected === x.code}>
                    {x[locale]}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <fieldset class="fieldset" aria-describedby={describedBy}>
              <legend class="question-legend">
                <h1 class="question-label">{heading}</h1>
              </legend>
              {hintAndError}
              <div class="choices big-choices">
                {(q.options ?? []).map((o, i) => (
                  <div class="choice">
                    <input type="radio" id={`${fieldId}-${i}`} name={q.id} value={o.value} checked={selected === o.value} />
                    <label for={`${fieldId}-${i}`}>
                      {t(o.label)}
                      {o.hint ? <span class="choice-hint">{t(o.hint)}</span> : null}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
        </div>
        <button type="submit" class="button button-primary">
          {t(X.next)}
        </button>
      </form>
    </Layout>
  );
}

export function HelpResultPage(p: { locale: Locale; flow: HelpFlow; asked: HelpQuestion[]; answers: Answers; result: HelpResult; backHref: string }) {
  const { locale, result } = p;
  const t = tt(locale);
  const o = result.outcome;
  return (
    <Layout locale={locale} path={`/help/result${answersQuery(p.answers)}`} title={t(X.resultTitle)} section="help">
      <a class="back-link" href={p.backHref}>
        ← {t(X.back)}
      </a>
      <h1>{t(X.resultTitle)}</h1>
      {o.urgentNotices.length || result.urgentDesks.length ? (
        <section class="urgent-box" aria-labelledby="urgent-title">
          <h2 id="urgent-title">{t(X.urgentTitle)}</h2>
          <ul class="desk-list">
            {result.urgentDesks.map((d) => (
              <li>
                <UrgentDesk locale={locale} d={d} />
              </li>
            ))}
          </ul>
          {o.urgentNotices.map((n) => (
            <p>
              <strong>{t(n)}</strong>
            </p>
          ))}
        </section>
      ) : null}
      {o.steps.length ? (
        <section aria-labelledby="steps-title">
          <h2 id="steps-title">{t(X.steps)}</h2>
          <ol class="help-steps">
            {o.steps.map((s) => (
              <li>{t(s)}</li>
            ))}
          </ol>
        </section>
      ) : null}
      <section aria-labelledby="desks-title">
        <h2 id="desks-title">{t(X.desks)}</h2>
        {result.desks.length ? (
          <ul class="desk-list">
            {result.desks.map((d) => (
              <li>
                <DeskCard locale={locale} d={d} showTopics={false} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty-state">{t(X.noDesks)}</p>
        )}
        <p>
          <a href={localePath(locale, '/desks') + (o.prefecture ? `?prefecture=${o.prefecture}` : '')}>{t(X.allDesks)}</a>
        </p>
      </section>
      {result.materials.length ? (
        <section aria-labelledby="materials-title">
          <h2 id="materials-title">{t(X.materials)}</h2>
          <ul class="link-list">
            {result.materials.map((m) => (
              <li>
                <a href={localePath(locale, `/materials/${m.id}`)}>{locale === 'ja' ? m.titleJa : m.titleEn || m.titleJa}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="answers-title">
        <h2 id="answers-title">{t(X.answers)}</h2>
        <dl class="answers-list">
          {p.asked.map((q) => (
            <div>
              <dt>{t(q.text)}</dt>
              <dd>{answerLabel(locale, q, p.answers[q.id])}</dd>
              <dd>
                <a href={questionHref(locale, q, p.answers)}>
                  {t(X.change)}
                  <span class="visually-hidden">{locale === 'ja' ? `（${q.text.ja}）` : ` (${q.text.en})`}</span>
                </a>
              </dd>
            </div>
          ))}
        </dl>
        <p>
          <a href={localePath(locale, '/help')}>{t(X.restart)}</a>
        </p>
      </section>
    </Layout>
  );
}
