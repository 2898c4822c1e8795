// The small firms' start page and the five measures (情報セキュリティ5か条): one page of five questions
// with the optional attributes, then the result with what to do for each measure not yet in place.
import type { Business5 } from '../checks/business5-definition.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Layout } from '../web/layout.tsx';
import { AttributeFields, B, fieldId, LinkedErrorSummary, RadioQuestion, SourceNote, StoredNote } from './components.tsx';
import type { Attributes } from './journey.ts';
import type { Business5Score } from './scoring.ts';

const L = {
  title: { ja: '中小企業の情報セキュリティ診断', en: 'Security check for small firms' },
  lead: {
    ja: '会社の情報セキュリティ対策がどこまでできているかを確かめ、次に何をすればよいかがわかります。登録もログインもいりません。',
    en: 'Find out how far your company\u2019s information security goes and what to do next. No registration or sign-in needed.',
  },
  oneStar: { ja: '一つ星：情報セキュリティ5か条', en: 'One star: the five principles' },
  oneStarText: {
    ja: 'どんな小さな会社でもすぐに取り組める5つの基本の対策です。5つの質問に答えると、できていない対策ごとにすることがわかります。SECURITY ACTION の「一つ星」は、この5か条に取り組むことを宣言するものです。',
    en: 'Five basic measures any firm can start today. Answer five questions to see what to do for each one not yet in place. The SECURITY ACTION \u201cone star\u201d is a declaration that the firm works on these five.',
  },
  oneStarStart: { ja: '5か条を確かめる（5問）', en: 'Check the five principles (5 questions)' },
  twoStars: { ja: '二つ星：情報セキュリティ自社診断と基本方針', en: 'Two stars: the self-diagnosis and a basic policy' },
  twoStarsText: {
    ja: '25の質問で、会社の対策を100点満点で診断します（3ページ、5分ほど）。結果には、パートごとの点数と、まず取り組むことが出ます。印刷用のページもあります。SECURITY ACTION の「二つ星」は、自社診断を行い、情報セキュリティ基本方針を定めて公開したうえで宣言するものです。',
    en: 'Twenty-five questions score your company\u2019s measures out of 100 (three pages, about five minutes). The result shows the score of each part and what to fix first, with a page to print. The SECURITY ACTION \u201ctwo stars\u201d is declared after doing the self-diagnosis and publishing a basic security policy.',
  },
  twoStarsStart: { ja: '自社診断を始める（25問）', en: 'Start the self-diagnosis (25 questions)' },
  policyLink: { ja: '情報セキュリティ基本方針をつくる', en: 'Make a basic security policy' },
  declare: { ja: '自己宣言', en: 'Self-declaration' },
  declareText: {
    ja: '取り組むと決めたら、SECURITY ACTION と同じ形で、一つ星または二つ星を自己宣言できます。宣言は認証ではなく、自社の取組を表明するものです。',
    en: 'Once you decide to act, you can self-declare one or two stars in the style of SECURITY ACTION. A declaration is not a certification: it states what the firm commits to.',
  },
  declareLink: { ja: '自己宣言のページへ', en: 'Go to self-declarations' },
  storedTitle: { ja: '保存される内容', en: 'What is kept' },
  fiveTitle: { ja: '情報セキュリティ5か条の確認', en: 'Check the five principles' },
  submit: { ja: '結果を見る', en: 'See the result' },
  aboutTitle: { ja: '会社について（任意）', en: 'About your company (optional)' },
  aboutHint: { ja: '答えなくても結果は見られます。統計のためだけに使います。', en: 'You can see the result without answering. Used for statistics only.' },
  resultTitle: { ja: '5か条の確認結果', en: 'Your result: the five principles' },
  done: { ja: 'できていること', en: 'What you already do' },
  todo: { ja: 'これから取り組むこと', en: 'What to do next' },
  allDone: {
    ja: '5か条すべてに取り組めています。SECURITY ACTION の一つ星を宣言できます。次は自社診断で、より広く確かめましょう。',
    en: 'You work on all five. You can declare the SECURITY ACTION one star. Next, take the self-diagnosis for a wider check.',
  },
  means: { ja: 'どういうことか', en: 'What it means' },
  toDo: { ja: 'すること', en: 'What to do' },
  yourAnswer: { ja: 'あなたの回答', en: 'Your answer' },
  materials: { ja: '関連する教材を探す', en: 'Find related materials' },
  desks: { ja: '相談できる窓口', en: 'Where to ask for help' },
  again: { ja: 'もう一度確かめる', en: 'Check again' },
  next: { ja: '次の一歩', en: 'Next step' },
} satisfies Record<string, Text>;

export function BusinessStartPage({ locale }: { locale: Locale }) {
  const t = (x: Text) => x[locale];
  return (
    <Layout locale={locale} path="/business/check" title={t(L.title)} description={t(L.lead)}>
      <h1>{t(L.title)}</h1>
      <p class="lead">{t(L.lead)}</p>
      <section class="panel" aria-labelledby="one-star">
        <h2 id="one-star">{t(L.oneStar)}</h2>
        <p>{t(L.oneStarText)}</p>
        <p>
          <a class="button button-primary" href={localePath(locale, '/business/check/five')}>
            {t(L.oneStarStart)}
          </a>
        </p>
      </section>
      <section class="panel" aria-labelledby="two-stars">
        <h2 id="two-stars">{t(L.twoStars)}</h2>
        <p>{t(L.twoStarsText)}</p>
        <div class="button-row">
          <a class="button button-primary" href={localePath(locale, '/business/check/diagnosis/1')}>
            {t(L.twoStarsStart)}
          </a>
          <a class="button button-secondary" href={localePath(locale, '/business/policy')}>
            {t(L.policyLink)}
          </a>
        </div>
      </section>
      <section aria-labelledby="declare">
        <h2 id="declare">{t(L.declare)}</h2>
        <p>{t(L.declareText)}</p>
        <p>
          <a href={localePath(locale, '/declarations')}>{t(L.declareLink)}</a>
        </p>
      </section>
      <section aria-labelledby="stored">
        <h2 id="stored">{t(L.storedTitle)}</h2>
        <StoredNote locale={locale} />
      </section>
    </Layout>
  );
}

export function FivePage(p: { locale: Locale; d: Business5; version: string; csrf: string; token: string; selected: (string | null)[]; missing: number[]; attrs: Attributes; invalid: (keyof Attributes)[] }) {
  const { locale, d } = p;
  const t = (x: Text) => x[locale];
  const options = d.answers.map((a) => ({ code: a.code, label: a.label }));
  const hasErrors = p.missing.length > 0 || p.invalid.length > 0;
  const errors = [
    ...d.measures.filter((m) => p.missing.includes(m.id)).map((m) => ({ target: `${fieldId(`m${m.id}`)}-0`, message: `${m.id}. ${t(m.title)}${locale === 'ja' ? '：' : ': '}${t(B.choose)}` })),
    ...p.invalid.map((k) => ({ target: fieldId(k), message: locale === 'ja' ? '一覧から選んでください' : 'Choose from the list' })),
  ];
  return (
    <Layout locale={locale} path="/business/check/five" title={(hasErrors ? t(B.errorPrefix) : '') + t(L.fiveTitle)}>
      <a class="back-link" href={localePath(locale, '/business/check')}>
        ← {t(B.back)}
      </a>
      <h1>{t(d.title)}</h1>
      <LinkedErrorSummary locale={locale} errors={errors} />
      <p class="lead">{t(d.intro)}</p>
      <form method="post" action={localePath(locale, '/business/check/five')} novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="v" value={p.version} />
        <input type="hidden" name="t" value={p.token} />
        {d.measures.map((m, i) => (
          <RadioQuestion locale={locale} name={`m${m.id}`} number={`${m.id}.`} question={m.title} hint={m.means} options={options} selected={p.selected[i] ?? null} error={p.missing.includes(m.id) ? B.choose : null} />
        ))}
        <fieldset class="fieldset-group">
          <legend>{t(L.aboutTitle)}</legend>
          <p class="field-hint">{t(L.aboutHint)}</p>
          <AttributeFields locale={locale} attrs={p.attrs} invalid={p.invalid} />
        </fieldset>
        <StoredNote locale={locale} />
        <button type="submit" class="button button-primary">
          {t(L.submit)}
        </button>
      </form>
      <SourceNote locale={locale} source={d.source} />
    </Layout>
  );
}

export function FiveResultPage(p: { locale: Locale; d: Business5; query: string; answers: string; score: Business5Score; pref: string | null }) {
  const { locale, d, score } = p;
  const t = (x: Text) => x[locale];
  const deskHref = (topic: string) => localePath(locale, '/desks') + `?topic=${topic}&for=sme${p.pref ? `&prefecture=${p.pref}` : ''}`;
  return (
    <Layout locale={locale} path={`/business/check/five/result${p.query}`} title={t(L.resultTitle)}>
      <h1>{t(L.resultTitle)}</h1>
      <p class="score-line">
        <span class="score-big">{score.score}</span>
        {locale === 'ja' ? ` / ${d.measures.length} か条に取り組めています` : ` of ${d.measures.length} principles in place`}
      </p>
      {score.notDone.length === 0 ? <p class="notice">{t(L.allDone)}</p> : null}
      {score.notDone.length ? (
        <section aria-labelledby="todo-title">
          <h2 id="todo-title">{t(L.todo)}</h2>
          <ol class="fix-list">
            {score.notDone.map(({ measure: m, answer }) => (
              <li class="fix-item">
                <h3>
                  {m.id}. {t(m.title)}
                </h3>
                <p class="fix-answer">
                  {t(L.yourAnswer)}
                  {locale === 'ja' ? '：' : ': '}
                  {t(answer.label)}
                </p>
                <p>
                  <strong>{t(L.means)}</strong>
                  {locale === 'ja' ? '：' : ': '}
                  {t(m.means)}
                </p>
                <p class="fix-step-title">{t(L.toDo)}</p>
                <ul>
                  {m.todo.map((x) => (
                    <li>{t(x)}</li>
                  ))}
                </ul>
                <ul class="inline-list fix-links">
                  {m.materials.map((q) => (
                    <li>
                      <a href={localePath(locale, '/materials') + `?q=${encodeURIComponent(q)}`}>
                        {t(L.materials)}
                        {locale === 'ja' ? `（${q}）` : ` (${q})`}
                      </a>
                    </li>
                  ))}
                  {m.deskTopics.slice(0, 1).map((topic) => (
                    <li>
                      <a href={deskHref(topic)}>{t(L.desks)}</a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {score.done.length ? (
        <section aria-labelledby="done-title">
          <h2 id="done-title">{t(L.done)}</h2>
          <ul class="check-list">
            {score.done.map((m) => (
              <li>
                {m.id}. {t(m.title)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="next-title">
        <h2 id="next-title">{t(L.next)}</h2>
        <p>{t(L.twoStarsText)}</p>
        <div class="button-row">
          <a class="button button-primary" href={localePath(locale, '/business/check/diagnosis/1')}>
            {t(L.twoStarsStart)}
          </a>
          <a class="button button-secondary" href={localePath(locale, '/declarations')}>
            {t(L.declareLink)}
          </a>
        </div>
        <p>
          <a href={localePath(locale, '/business/check/five')}>{t(L.again)}</a>
        </p>
      </section>
      <SourceNote locale={locale} source={d.source} />
    </Layout>
  );
}
