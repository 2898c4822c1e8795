// The personal check's pages (GOV.UK question pages): the start page, one question per page with a
// back link and "3 / 9", the optional "about you", check your answers, the result with the action plan,
// the page with the resume link, and the reminder's confirm and stop pages. No JavaScript needed.
import type { PersonalCheck, PersonalMeasure, JudgeableField } from '../checks/personal-definition.ts';
import { answerByCode } from '../checks/personal-definition.ts';
import { DeskCard } from '../desks/views.tsx';
import { EventCard } from '../events/views.tsx';
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { AGE_BAND_LABELS, AGE_BANDS, type AgeBand } from '../taxonomy/attributes.ts';
import { PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { Button, ChoiceGroup, FormErrorSummary, PostForm, REQUIRED_MARK, SelectField, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import type { Progress } from './model.ts';
import type { PersonalResult } from './service.ts';

const tt = (locale: Locale) => (x: Text) => x[locale];

export const X = {
  start: { ja: 'チェックをはじめる', en: 'Start the check' },
  continue: { ja: '続きから答える', en: 'Continue where you left off' },
  continueNote: { ja: 'この端末で、答えている途中のチェックがあります。', en: 'You have a check in progress on this device.' },
  stored: {
    ja: 'お名前やメールアドレスは聞きません。答えは、だれのものか分からない形で統計に使います。',
    en: 'We do not ask for your name or email address. Your answers are used for statistics in a form that cannot be traced back to you.',
  },
  storedMore: {
    ja: '統計に使うのは、答え・点数・答えた日と、答えてもよいと選んだ年代と都道府県だけです。途中で保存するときは、この端末に「続きのかぎ」を置くだけで、答えとあなたを結びつけるものは残しません。',
    en: 'For statistics we keep only the answers, the score, the day and, if you choose to give them, your age band and prefecture. Saving for later puts a key on this device only; nothing links your answers to you.',
  },
  quizLink: { ja: '知識クイズ（10問）にも挑戦できます', en: 'You can also try the 10-question knowledge quiz' },
  next: { ja: '次へ', en: 'Continue' },
  back: { ja: '戻る', en: 'Back' },
  saveLater: { ja: 'いったん保存して、あとで続ける', en: 'Save and continue later' },
  question: { ja: '質問', en: 'Question' },
  required: REQUIRED_MARK,
  chooseOne: { ja: '答えを1つ選んでください。', en: 'Choose one answer.' },
  chooseAgain: { ja: '選んだ答えが正しく届きませんでした。もう一度、選んでください。', en: 'Your answer did not arrive correctly. Please choose again.' },
  problem: { ja: '入力内容に問題があります', en: 'There is a problem' },
  measureOf: { ja: '９か条の', en: 'Measure ' },
  aboutTitle: { ja: 'あなたについて（任意）', en: 'About you (optional)' },
  aboutLead: {
    ja: '答えなくてもかまいません。答えると、近くのイベントや相談窓口をお知らせでき、年代や地域ごとの統計に使えます。',
    en: 'You do not have to answer. If you do, we can show events and help desks near you, and use it in statistics by age and region.',
  },
  age: { ja: '年代', en: 'Age band' },
  prefecture: { ja: 'お住まいの都道府県', en: 'Prefecture you live in' },
  noAnswer: { ja: '答えない', en: 'Prefer not to say' },
  ageInvalid: { ja: '年代を一覧から選んでください（答えない場合は「答えない」）。', en: 'Choose an age band from the list (or “Prefer not to say”).' },
  prefInvalid: { ja: '都道府県を一覧から選んでください（答えない場合は「答えない」）。', en: 'Choose a prefecture from the list (or “Prefer not to say”).' },
  reviewTitle: { ja: '答えを確かめてください', en: 'Check your answers' },
  reviewLead: { ja: 'よければ「結果を見る」を押してください。直したいところは「変更」から直せます。', en: 'If everything is right, press “See my result”. Use “Change” to correct an answer.' },
  change: { ja: '変更', en: 'Change' },
  notAnswered: { ja: '答えない', en: 'Not given' },
  seeResult: { ja: '結果を見る', en: 'See my result' },
  resultTitle: { ja: 'チェックの結果', en: 'Your result' },
  doneTitle: { ja: 'もうできていること', en: 'What you already do' },
  noneDone: { ja: 'まだありません。下の「これからすること」から、1つずつ始めましょう。', en: 'Nothing yet. Start with one item from “What to do next” below.' },
  planTitle: { ja: 'これからすること（あなたの行動計画）', en: 'What to do next (your action plan)' },
  youAnswered: { ja: 'あなたの答え：', en: 'Your answer: ' },
  materials: { ja: '参考になる教材', en: 'Materials that help' },
  moreMaterials: { ja: '教材をもっと探す', en: 'Find more materials' },
  eventsTitle: { ja: '近くのイベント', en: 'Events near you' },
  eventsOnlineTitle: { ja: 'オンラインで参加できるイベント', en: 'Events you can join online' },
  noEvents: { ja: 'いまは、予定されているイベントがありません。', en: 'No events are planned at the moment.' },
  moreEvents: { ja: 'イベントをもっと見る', en: 'See more events' },
  eventsHint: { ja: '都道府県を答えると、近くのイベントをお知らせします。', en: 'Give your prefecture to see events near you.' },
  desksTitle: { ja: '相談できる窓口', en: 'Where to ask for help' },
  allDesks: { ja: '相談窓口の一覧を見る', en: 'See all help desks' },
  helpPath: { ja: '「困ったときは」で、あなたに合う窓口を探す', en: 'Find the right desk with “Get help”' },
  reminderTitle: { ja: '6か月後に、もう一度チェックしませんか（任意）', en: 'Check again in 6 months? (optional)' },
  reminderLead: {
    ja: 'メールアドレスを入れると、6か月後に1通だけお知らせを送ります。送ったら、メールアドレスは消します。チェックの答えとは結びつけません。',
    en: 'Enter your email address and we send one reminder in 6 months, then delete the address. It is never linked to your answers.',
  },
  email: { ja: 'メールアドレス', en: 'Email address' },
  emailHint: { ja: '確認のメールを送ります。メールのボタンを押すと申込みが完了します。', en: 'We send a confirmation email; press its button to finish.' },
  remindMe: { ja: 'お知らせを申し込む', en: 'Send me a reminder' },
  emailMissing: { ja: 'メールアドレスを入力してください。', en: 'Enter your email address.' },
  emailInvalid: { ja: 'メールアドレスの形式で入力してください（例：name@example.jp）。', en: 'Enter an email address like name@example.jp.' },
  again: { ja: 'もう一度、はじめからチェックする', en: 'Start the check again' },
  nextThings: { ja: 'ほかにできること', en: 'More you can do' },
  saveTitle: { ja: 'あとで続ける', en: 'Continue later' },
  saveLead: {
    ja: '次のリンクを開くと、続きから答えられます。最後に答えた日から12か月のあいだ使えます。',
    en: 'Open this link to carry on where you left off. It works for 12 months after your last answer.',
  },
  saveKeep: {
    ja: 'ブックマークするか、紙に書き写すか、自分あてにメールで送ってください。このリンクを知っている人は、だれでもあなたの答えを見られます。',
    en: 'Bookmark it, write it down or email it to yourself. Anyone with this link can see your answers.',
  },
  saveDevice: { ja: 'この端末のこのブラウザーなら、リンクがなくてもブラウザーを閉じるまでは続きから答えられます。', en: 'On this device and browser you can also carry on without the link until you close the browser.' },
  resultLink: { ja: '結果のページにもどるには、このリンクを開いてください。', en: 'Open this link to come back to your result.' },
  source: { ja: '出典：', en: 'Source: ' },
  asOf: { ja: '時点', en: '' },
} satisfies Record<string, Text>;

function judgedMark(locale: Locale, d: PersonalCheck, m: PersonalMeasure, field: JudgeableField) {
  if (!m.judged.includes(field)) return null;
  return <span class="judged-mark">{locale === 'ja' ? `（${d.editorial.label.ja}）` : ` (${d.editorial.label.en})`}</span>;
}

export function SourceNote({ locale, d }: { locale: Locale; d: Pick<PersonalCheck, 'source' | 'editorial'> }) {
  const t = tt(locale);
  return (
    <div class="check-source">
      <p>
        {t(X.source)}
        {d.source.url ? <a href={d.source.url}>{t(d.source.name)}</a> : t(d.source.name)}（{d.source.date}）
      </p>
      {d.source.note ? <p>{t(d.source.note)}</p> : null}
      <p>
        {t(d.editorial.label)}（{d.editorial.date}）{d.editorial.note ? `：${t(d.editorial.note)}` : ''}
      </p>
    </div>
  );
}

export function CheckStartPage(p: { locale: Locale; d: PersonalCheck; csrf: string; continueHref: string | null }) {
  const { locale, d } = p;
  const t = tt(locale);
  return (
    <Layout section="check" locale={locale} path="/check" title={t(d.title)} description={t(d.intro)}>
      <h1>{t(d.title)}</h1>
      <p class="lead">{t(d.intro)}</p>
      <p>{locale === 'ja' ? `${d.measures.length}つの質問に答えます。3分ほどで終わります。` : `${d.measures.length} questions; about 3 minutes.`}</p>
      <div class="notice notice-info">
        <p>
          <strong>{t(X.stored)}</strong>
        </p>
        <p>{t(X.storedMore)}</p>
      </div>
      {p.continueHref ? (
        <div class="check-continue">
          <p>{t(X.continueNote)}</p>
          <p>
            <a class="button button-primary" href={p.continueHref}>
              {t(X.continue)}
            </a>
          </p>
        </div>
      ) : null}
      <PostForm action={localePath(locale, '/check/start')} csrf={p.csrf}>
        <Button variant={p.continueHref ? 'secondary' : 'primary'}>{p.continueHref ? t(X.again) : t(X.start)}</Button>
      </PostForm>
      <p>
        <a href={localePath(locale, '/quiz')}>{t(X.quizLink)}</a>
      </p>
      <SourceNote locale={locale} d={d} />
    </Layout>
  );
}

export function QuestionPage(p: { locale: Locale; d: PersonalCheck; n: number; selected: string | null; error: 'missing' | 'invalid' | null; change: boolean; backHref: string; csrf: string }) {
  const { locale, d, n } = p;
  const t = tt(locale);
  const m = d.measures[n - 1]!;
  const errorText = p.error === 'invalid' ? X.chooseAgain : X.chooseOne;
  const describedBy = [m.hint ? 'answer-hint' : '', p.error ? 'answer-error' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Layout section="check" locale={locale} path={`/check/q/${n}${p.change ? '?change=1' : ''}`} title={`${p.error ? (locale === 'ja' ? 'エラー：' : 'Error: ') : ''}${t(X.question)} ${n} / ${d.measures.length}`}>
      <a class="back-link" href={p.backHref}>
        ← {t(X.back)}
      </a>
      {p.error ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">{t(X.problem)}</h2>
          <ul>
            <li>
              <a href="#answer-0">{t(errorText)}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <p class="check-progress">
        {t(X.question)} {n} / {d.measures.length}
      </p>
      <PostForm action={localePath(locale, `/check/q/${n}`)} csrf={p.csrf}>
        {p.change ? <input type="hidden" name="change" value="1" /> : null}
        <div class={`field${p.error ? ' field-has-error' : ''}`}>
          <fieldset class="fieldset" aria-describedby={describedBy}>
            <legend class="question-legend">
              <h1 class="question-label">
                {t(m.question)}
                <span class="required-mark">{t(X.required)}</span>
              </h1>
            </legend>
            {m.hint ? (
              <p class="field-hint" id="answer-hint">
                {t(m.hint)}
              </p>
            ) : null}
            {p.error ? (
              <p class="field-error" id="answer-error">
                <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
                {t(errorText)}
              </p>
            ) : null}
            <div class="choices big-choices">
              {d.answers.map((a, i) => (
                <div class="choice">
                  <input type="radio" id={`answer-${i}`} name="answer" value={a.code} checked={p.selected === a.code} />
                  <label for={`answer-${i}`}>{t(a.label)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <Button>{t(X.next)}</Button>
      </PostForm>
      <p class="check-measure">
        {t(X.measureOf)}
        {n}
        {locale === 'ja' ? '：' : ': '}
        {t(m.official)}
        {locale === 'en' ? judgedMark(locale, d, m, 'official.en') : null}
      </p>
      {m.judged.includes('question') ? (
        <p class="judged-mark">
          {locale === 'ja' ? `質問${m.hint && m.judged.includes('hint') ? 'と説明' : ''}は${d.editorial.label.ja}です。` : `Question${m.hint && m.judged.includes('hint') ? ' and explanation' : ''}: ${d.editorial.label.en}.`}
        </p>
      ) : null}
      <p>
        <a href={localePath(locale, '/check/save')}>{t(X.saveLater)}</a>
      </p>
    </Layout>
  );
}

export function AboutPage(p: { locale: Locale; csrf: string; ageBand: string; prefecture: string; errors: FieldErrors; backHref: string }) {
  const { locale } = p;
  const t = tt(locale);
  return (
    <Layout section="check" locale={locale} path="/check/about" title={(Object.keys(p.errors).length ? (locale === 'ja' ? 'エラー：' : 'Error: ') : '') + t(X.aboutTitle)}>
      <a class="back-link" href={p.backHref}>
        ← {t(X.back)}
      </a>
      <FormErrorSummary locale={locale} errors={p.errors} />
      <h1>{t(X.aboutTitle)}</h1>
      <p class="lead">{t(X.aboutLead)}</p>
      <PostForm action={localePath(locale, '/check/about')} csrf={p.csrf}>
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="age"
          label={{ ja: `${X.age.ja}（任意）`, en: `${X.age.en} (optional)` }}
          choices={[...AGE_BANDS.map((a) => ({ value: a, label: AGE_BAND_LABELS[a] })), { value: 'none', label: X.noAnswer }]}
          selected={[p.ageBand || 'none']}
          errors={p.errors}
          legendClass="field-label"
          columns
        />
        <SelectField
          locale={locale}
          name="prefecture"
          label={{ ja: `${X.prefecture.ja}（任意）`, en: `${X.prefecture.en} (optional)` }}
          emptyLabel={X.noAnswer}
          choices={PREFECTURES.map((x) => ({ value: x.code, label: { ja: x.ja, en: x.en } }))}
          value={p.prefecture}
          errors={p.errors}
        />
        <Button>{t(X.next)}</Button>
      </PostForm>
      <p>
        <a href={localePath(locale, '/check/save')}>{t(X.saveLater)}</a>
      </p>
    </Layout>
  );
}

function aboutText(locale: Locale, ageBand: AgeBand | null, prefecture: string | null) {
  return {
    age: ageBand ? AGE_BAND_LABELS[ageBand][locale] : X.notAnswered[locale],
    prefecture: prefecture ? (prefectureByCode(prefecture)?.[locale] ?? prefecture) : X.notAnswered[locale],
  };
}

export function ReviewPage(p: { locale: Locale; d: PersonalCheck; progress: Progress; csrf: string }) {
  const { locale, d, progress } = p;
  const t = tt(locale);
  const about = aboutText(locale, progress.ageBand, progress.prefecture);
  const hidden = (s: string) => <span class="visually-hidden">{locale === 'ja' ? `（${s}）` : ` (${s})`}</span>;
  return (
    <Layout section="check" locale={locale} path="/check/review" title={t(X.reviewTitle)}>
      <a class="back-link" href={localePath(locale, '/check/about')}>
        ← {t(X.back)}
      </a>
      <h1>{t(X.reviewTitle)}</h1>
      <p>{t(X.reviewLead)}</p>
      <dl class="answers-list">
        {d.measures.map((m, i) => (
          <div>
            <dt>
              {i + 1}. {t(m.question)}
            </dt>
            <dd>{answerByCode(d, progress.answers[i]!)?.label[locale] ?? X.notAnswered[locale]}</dd>
            <dd>
              <a href={`${localePath(locale, `/check/q/${i + 1}`)}?change=1`}>
                {t(X.change)}
                {hidden(`${t(X.question)} ${i + 1}`)}
              </a>
            </dd>
          </div>
        ))}
        <div>
          <dt>{t(X.age)}</dt>
          <dd>{about.age}</dd>
          <dd>
            <a href={localePath(locale, '/check/about')}>
              {t(X.change)}
              {hidden(t(X.age))}
            </a>
          </dd>
        </div>
        <div>
          <dt>{t(X.prefecture)}</dt>
          <dd>{about.prefecture}</dd>
          <dd>
            <a href={localePath(locale, '/check/about')}>
              {t(X.change)}
              {hidden(t(X.prefecture))}
            </a>
          </dd>
        </div>
      </dl>
      <PostForm action={localePath(locale, '/check/complete')} csrf={p.csrf}>
        <Button>{t(X.seeResult)}</Button>
      </PostForm>
      <p>
        <a href={localePath(locale, '/check/save')}>{t(X.saveLater)}</a>
      </p>
    </Layout>
  );
}

export function ReminderForm({ locale, csrf, email, errors }: { locale: Locale; csrf: string; email: string; errors: FieldErrors }) {
  const t = tt(locale);
  return (
    <section aria-labelledby="reminder-title" class="panel" id="reminder">
      <h2 id="reminder-title">{t(X.reminderTitle)}</h2>
      <p>{t(X.reminderLead)}</p>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={localePath(locale, '/check/reminder')} csrf={csrf}>
        <TextField locale={locale} name="email" type="email" autocomplete="email" label={X.email} hint={X.emailHint} required value={email} errors={errors} maxLength={254} />
        <Button variant="secondary">{t(X.remindMe)}</Button>
      </PostForm>
    </section>
  );
}

export function ResultPage(p: { locale: Locale; r: PersonalResult; csrf: string; reminder: { email: string; errors: FieldErrors } }) {
  const { locale, r } = p;
  const d = r.definition;
  const t = tt(locale);
  const o = r.outcome;
  const pref = r.prefecture ? prefectureByCode(r.prefecture) : undefined;
  const eventsHref = localePath(locale, '/events') + ('prefecture' in r.eventsScope ? `?prefecture=${r.eventsScope.prefecture}` : '?online=true');
  return (
    <Layout section="check" locale={locale} path="/check/result" title={(Object.keys(p.reminder.errors).length ? (locale === 'ja' ? 'エラー：' : 'Error: ') : '') + t(X.resultTitle)}>
      <h1>{t(X.resultTitle)}</h1>
      <p class="lead check-score">
        {locale === 'ja'
          ? o.score === 0
            ? `${o.total}つの対策のうち、できているものは、まだありません。`
            : `${o.total}つの対策のうち、${o.score}つができています。`
          : `You already do ${o.score} of the ${o.total} measures.`}
      </p>

      <section aria-labelledby="done-title">
        <h2 id="done-title">{t(X.doneTitle)}</h2>
        {o.done.length ? (
          <ul class="check-done-list">
            {o.done.map((m) => (
              <li>
                <span aria-hidden="true">✓ </span>
                {t(m.official)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t(X.noneDone)}</p>
        )}
      </section>

      <section aria-labelledby="plan-title">
        <h2 id="plan-title">{t(X.planTitle)}</h2>
        {r.plan.length ? (
          <ol class="check-plan">
            {r.plan.map((s) => (
              <li>
                <h3>
                  {t(s.measure.official)}
                  {locale === 'en' ? judgedMark(locale, d, s.measure, 'official.en') : null}
                </h3>
                <p>
                  {t(X.youAnswered)}
                  {t(s.answer.label)}
                  {s.answer.note ? `${locale === 'ja' ? '。' : '. '}${t(s.answer.note)}` : ''}
                </p>
                <ul class="check-steps">
                  {s.measure.plan.map((step) => (
                    <li>{t(step)}</li>
                  ))}
                </ul>
                {judgedMark(locale, d, s.measure, 'plan')}
                {s.materials.length ? (
                  <>
                    <h4>{t(X.materials)}</h4>
                    <ul class="link-list">
                      {s.materials.map((m) => (
                        <li>
                          <a href={localePath(locale, `/materials/${m.id}`)}>{locale === 'ja' ? m.titleJa : m.titleEn || m.titleJa}</a>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {s.measure.materials[0] ? (
                  <p>
                    <a href={`${localePath(locale, '/materials')}?q=${encodeURIComponent(s.measure.materials[0])}`}>
                      {t(X.moreMaterials)}
                      <span class="visually-hidden">{locale === 'ja' ? `（${s.measure.materials[0]}）` : ` (${s.measure.materials[0]})`}</span>
                    </a>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{locale === 'ja' ? `${o.total}つすべてできています。この調子で続けましょう。` : 'You do all of them. Keep it up.'}</p>
        )}
      </section>

      <section aria-labelledby="events-title">
        <h2 id="events-title">{pref ? `${t(X.eventsTitle)}（${pref[locale]}）` : t(X.eventsOnlineTitle)}</h2>
        {!pref ? <p>{t(X.eventsHint)}</p> : null}
        {r.events.length ? (
          <ul class="card-list">
            {r.events.map((e) => (
              <li>
                <EventCard locale={locale} e={e} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty-state">{t(X.noEvents)}</p>
        )}
        <p>
          <a href={eventsHref}>{t(X.moreEvents)}</a>
        </p>
      </section>

      <section aria-labelledby="desks-title">
        <h2 id="desks-title">{t(X.desksTitle)}</h2>
        <ul class="desk-list">
          {r.desks.map((x) => (
            <li>
              <DeskCard locale={locale} d={x} showTopics={false} />
            </li>
          ))}
        </ul>
        <ul class="link-list">
          <li>
            <a href={localePath(locale, '/help')}>{t(X.helpPath)}</a>
          </li>
          <li>
            <a href={localePath(locale, '/desks') + (r.prefecture ? `?prefecture=${r.prefecture}` : '')}>{t(X.allDesks)}</a>
          </li>
        </ul>
      </section>

      <ReminderForm locale={locale} csrf={p.csrf} email={p.reminder.email} errors={p.reminder.errors} />

      <section aria-labelledby="next-title">
        <h2 id="next-title">{t(X.nextThings)}</h2>
        <ul class="link-list">
          <li>
            <a href={localePath(locale, '/quiz')}>{t(X.quizLink)}</a>
          </li>
          <li>
            <a href={localePath(locale, '/check/save')}>{t({ ja: 'この結果をあとで見るためのリンク', en: 'A link to see this result later' })}</a>
          </li>
        </ul>
        <PostForm action={localePath(locale, '/check/start')} csrf={p.csrf}>
          <Button variant="secondary">{t(X.again)}</Button>
        </PostForm>
      </section>
      <SourceNote locale={locale} d={d} />
    </Layout>
  );
}

export function SavePage(p: { locale: Locale; resumeUrl: string; nextHref: string; completed: boolean; csrf: string }) {
  const { locale } = p;
  const t = tt(locale);
  return (
    <Layout section="check" locale={locale} path="/check/save" title={t(X.saveTitle)}>
      <a class="back-link" href={p.nextHref}>
        ← {t(X.back)}
      </a>
      <h1>{t(X.saveTitle)}</h1>
      <p>{p.completed ? t(X.resultLink) : t(X.saveLead)}</p>
      <p class="resume-link url-cell">
        <a href={p.resumeUrl}>{p.resumeUrl}</a>
      </p>
      <p>{t(X.saveKeep)}</p>
      <p>{t(X.saveDevice)}</p>
      <p>
        <a class="button button-primary" href={p.nextHref}>
          {p.completed ? t({ ja: '結果にもどる', en: 'Back to the result' }) : t(X.continue)}
        </a>
      </p>
      <h2>{t({ ja: '保存した答えを消す', en: 'Delete your saved answers' })}</h2>
      <p>{t({ ja: '答えとこのリンクは、12か月使わないと自動で消えます。今すぐ消すこともできます。', en: 'The answers and this link are deleted automatically after 12 months without use. You can delete them now.' })}</p>
      <form method="post" action={localePath(locale, '/check/forget')} class="inline-form" novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <Button variant="warning">{t({ ja: '保存した答えを今すぐ消す', en: 'Delete my saved answers now' })}</Button>
      </form>
    </Layout>
  );
}

/** One button that POSTs the link's token: opening a link (or a mail scanner fetching it) changes nothing. */
export function ReminderButtonPage(p: { locale: Locale; path: string; action: string; csrf: string | null; token: string; title: Text; body: Text[]; button: Text; variant?: 'primary' | 'warning' }) {
  const t = tt(p.locale);
  return (
    <Layout section="check" locale={p.locale} path={p.path} title={t(p.title)}>
      <h1>{t(p.title)}</h1>
      {p.body.map((b) => (
        <p>{t(b)}</p>
      ))}
      <form method="post" action={p.action} class="inline-form" novalidate>
        {p.csrf ? <input type="hidden" name="_csrf" value={p.csrf} /> : null}
        <input type="hidden" name="t" value={p.token} />
        <Button variant={p.variant}>{t(p.button)}</Button>
      </form>
    </Layout>
  );
}

export const dueText = (locale: Locale, day: string) => formatDate(locale, day);
