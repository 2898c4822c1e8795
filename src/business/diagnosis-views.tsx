// The self-diagnosis (自社診断): one page per part, the optional attributes, "check your answers", the
// result (total, band, scores by part as a chart and a table, what to fix first with materials and
// desks) and the printable report. Every page is plain HTML: it works without JavaScript.
import { DeskCard } from '../desks/views.tsx';
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import type { Material } from '../materials/model.ts';
import { INDUSTRY_LABELS, SIZE_BAND_LABELS } from '../taxonomy/attributes.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { BarChartFigure, type BarChartSpec } from '../web/charts.ts';
import { Layout } from '../web/layout.tsx';
import { Script } from '../web/script.tsx';
import type { Diagnosis } from '../checks/diagnosis-definition.ts';
import { ATTRIBUTE_LABELS, AttributeFields, B, fieldId, LinkedErrorSummary, RadioQuestion, SourceNote, StoredNote } from './components.tsx';
import { journeyQuery, type Attributes } from './journey.ts';
import type { DiagnosisScore } from './scoring.ts';
import type { FixHelp } from './service.ts';

const L = {
  partOf: { ja: (n: number, of: number) => `${of}ページ中${n}ページ目`, en: (n: number, of: number) => `Page ${n} of ${of}` },
  aboutTitle: { ja: '会社について（任意）', en: 'About your company (optional)' },
  aboutLead: {
    ja: '答えると、統計で会社の規模や業種ごとの傾向がわかるようになります。答えなくても結果は見られます。所在地を選ぶと、近くの相談窓口も案内します。',
    en: 'Your answers help statistics show trends by size and industry. You can see your result without answering. Choosing a prefecture also shows help desks near you.',
  },
  checkTitle: { ja: '回答の確認', en: 'Check your answers' },
  checkLead: { ja: '回答を確かめてから、診断結果を見てください。直したい回答は「変更」から直せます。', en: 'Check your answers, then see your result. Use \u201cChange\u201d to correct an answer.' },
  change: { ja: '変更', en: 'Change' },
  notGiven: { ja: '（答えない）', en: '(not given)' },
  complete: { ja: '診断結果を見る', en: 'See my result' },
  resultTitle: { ja: '自社診断の結果', en: 'Your self-diagnosis result' },
  total: { ja: '合計点', en: 'Total' },
  points: { ja: '点', en: ' points' },
  byPart: { ja: 'パートごとの点数', en: 'Scores by part' },
  part: { ja: 'パート', en: 'Part' },
  score: { ja: '点数', en: 'Score' },
  toFix: { ja: 'まず取り組むこと', en: 'What to fix first' },
  toFixLead: {
    ja: '「実施していない」「わからない」と答えた項目を先に、優先度の高い順に並べています。「一部実施している」項目はその後です。',
    en: 'Items answered \u201cNo\u201d or \u201cDon\u2019t know\u201d come first, the most important first; items done \u201cPartly\u201d follow.',
  },
  nothingToFix: { ja: 'すべての項目を実施しています。', en: 'Every item is in place.' },
  yourAnswer: { ja: 'あなたの回答', en: 'Your answer' },
  firstStep: { ja: 'まずすること', en: 'What to do first' },
  materials: { ja: '教材', en: 'Materials' },
  searchMaterials: { ja: '教材を探す', en: 'Find materials' },
  deskLink: { ja: 'この内容の相談窓口', en: 'Help desks for this' },
  desks: { ja: '相談できる窓口', en: 'Where to ask for help' },
  allDesks: { ja: '相談窓口の一覧を見る', en: 'See all help desks' },
  report: { ja: '印刷用のレポートを開く', en: 'Open the printable report' },
  bookmark: {
    ja: 'このページのアドレス（URL）には回答が入っています。ブックマークしておけば、あとで同じ結果を見られます（もう一度保存されることはありません）。',
    en: 'The address (URL) of this page holds your answers. Bookmark it to see the same result later (it is not stored again).',
  },
  next: { ja: '次の一歩', en: 'Next step' },
  nextText: {
    ja: 'SECURITY ACTION の二つ星は、自社診断を行い、情報セキュリティ基本方針を定めて公開したうえで宣言します。',
    en: 'The SECURITY ACTION two stars is declared after doing the self-diagnosis and publishing a basic security policy.',
  },
  policy: { ja: '基本方針をつくる', en: 'Make a basic policy' },
  declare: { ja: '自己宣言のページへ', en: 'Go to self-declarations' },
  again: { ja: 'もう一度診断する', en: 'Take the diagnosis again' },
  reportTitle: { ja: '情報セキュリティ自社診断 レポート', en: 'Information security self-diagnosis: report' },
  shownOn: { ja: '作成日', en: 'Date' },
  print: { ja: '印刷する', en: 'Print' },
  printHint: { ja: 'ブラウザの印刷機能で、A4で印刷するかPDFとして保存できます。', en: 'Use your browser\u2019s print command to print on A4 or save as PDF.' },
  backToResult: { ja: '結果のページに戻る', en: 'Back to the result' },
  allAnswers: { ja: '25項目の回答', en: 'Answers to the 25 items' },
  no: { ja: '番号', en: 'No.' },
  question: { ja: '質問', en: 'Question' },
  answer: { ja: '回答', en: 'Answer' },
  todoList: { ja: 'これから取り組むこと', en: 'To-do list' },
  chartDesc: {
    ja: (s: DiagnosisScore) => `各パートの満点に対する割合です。${s.parts.map((p) => `${p.title.ja}は${p.max}点中${p.score}点`).join('、')}。`,
    en: (s: DiagnosisScore) => `Each part as a share of its maximum. ${s.parts.map((p) => `${p.title.en}: ${p.score} of ${p.max}`).join('; ')}.`,
  },
  problemTitle: { ja: '回答の記録を読み取れませんでした', en: 'Your answers could not be read' },
  restart: { ja: '最初からやり直す', en: 'Start again' },
};

const tt = (locale: Locale) => (x: Text) => x[locale];
const colon = (locale: Locale) => (locale === 'ja' ? '：' : ': ');

function Hidden({ version, answers, attrs }: { version: string; answers: string; attrs: Attributes }) {
  return (
    <>
      <input type="hidden" name="v" value={version} />
      <input type="hidden" name="a" value={answers} />
      {attrs.size ? <input type="hidden" name="size" value={attrs.size} /> : null}
      {attrs.industry ? <input type="hidden" name="industry" value={attrs.industry} /> : null}
      {attrs.pref ? <input type="hidden" name="pref" value={attrs.pref} /> : null}
    </>
  );
}

export interface PartPageProps {
  locale: Locale;
  d: Diagnosis;
  version: number | null;
  /** 0-based. */
  part: number;
  /** Answers carried so far (every earlier part, and later ones when changing from the check page). */
  carried: string;
  /** This part's answers as shown (from the carried answers or the form just sent). */
  selected: (string | null)[];
  missing: number[];
  attrs: Attributes;
  csrf: string;
  returnTo: 'check' | null;
}

export function PartPage(p: PartPageProps) {
  const { locale, d } = p;
  const t = tt(locale);
  const part = d.parts[p.part]!;
  const items = d.items.slice(part.from - 1, part.to);
  const options = d.answers.map((a) => ({ code: a.code, label: a.label }));
  const q = journeyQuery(p.version, p.carried, p.attrs, p.returnTo ? { return: p.returnTo } : {});
  const back = p.part === 0 ? localePath(locale, '/business/check') : localePath(locale, `/business/check/diagnosis/${p.part}`) + journeyQuery(p.version, p.carried, p.attrs);
  const errors = items.filter((it) => p.missing.includes(it.id)).map((it) => ({ target: `${fieldId(`q${it.id}`)}-0`, message: `${it.id}. ${t(it.question)}${colon(locale)}${t(B.choose)}` }));
  return (
    <Layout locale={locale} path={`/business/check/diagnosis/${p.part + 1}${q}`} title={(errors.length ? t(B.errorPrefix) : '') + `${t(part.title)} | ${t(d.title)}`}>
      <a class="back-link" href={p.returnTo ? localePath(locale, '/business/check/diagnosis/check') + journeyQuery(p.version, p.carried, p.attrs) : back}>
        ← {t(B.back)}
      </a>
      <p class="caption">
        {t(d.title)} — {L.partOf[locale](p.part + 1, d.parts.length)}
      </p>
      <h1>{t(part.title)}</h1>
      <LinkedErrorSummary locale={locale} errors={errors} />
      {p.part === 0 ? <p class="lead">{t(d.intro)}</p> : null}
      <form method="post" action={localePath(locale, `/business/check/diagnosis/${p.part + 1}`)} novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <Hidden version={String(p.version ?? 0)} answers={p.carried} attrs={p.attrs} />
        {p.returnTo ? <input type="hidden" name="return" value={p.returnTo} /> : null}
        {items.map((it, i) => (
          <RadioQuestion locale={locale} name={`q${it.id}`} number={`${it.id}.`} question={it.question} options={options} selected={p.selected[i] ?? null} error={p.missing.includes(it.id) ? B.choose : null} />
        ))}
        <button type="submit" class="button button-primary">
          {t(B.next)}
        </button>
      </form>
      {p.part === 0 ? <StoredNote locale={locale} /> : null}
    </Layout>
  );
}

export function AboutPage(p: { locale: Locale; version: number | null; answers: string; attrs: Attributes; invalid: (keyof Attributes)[]; csrf: string }) {
  const { locale } = p;
  const t = tt(locale);
  const errors = p.invalid.map((k) => ({ target: fieldId(k), message: `${t(ATTRIBUTE_LABELS[k])}${colon(locale)}${locale === 'ja' ? '一覧から選んでください' : 'choose from the list'}` }));
  return (
    <Layout locale={locale} path={`/business/check/diagnosis/about${journeyQuery(p.version, p.answers, p.attrs)}`} title={(errors.length ? t(B.errorPrefix) : '') + t(L.aboutTitle)}>
      <a class="back-link" href={localePath(locale, '/business/check/diagnosis/3') + journeyQuery(p.version, p.answers, p.attrs)}>
        ← {t(B.back)}
      </a>
      <h1>{t(L.aboutTitle)}</h1>
      <LinkedErrorSummary locale={locale} errors={errors} />
      <p class="lead">{t(L.aboutLead)}</p>
      <form method="post" action={localePath(locale, '/business/check/diagnosis/about')} novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="v" value={String(p.version ?? 0)} />
        <input type="hidden" name="a" value={p.answers} />
        <AttributeFields locale={locale} attrs={p.attrs} invalid={p.invalid} />
        <StoredNote locale={locale} />
        <button type="submit" class="button button-primary">
          {t(B.next)}
        </button>
      </form>
    </Layout>
  );
}

function attributeText(locale: Locale, k: keyof Attributes, attrs: Attributes): string {
  if (k === 'size') return attrs.size ? SIZE_BAND_LABELS[attrs.size][locale] : L.notGiven[locale];
  if (k === 'industry') return attrs.industry ? INDUSTRY_LABELS[attrs.industry][locale] : L.notGiven[locale];
  return attrs.pref ? (prefectureByCode(attrs.pref)?.[locale] ?? attrs.pref) : L.notGiven[locale];
}

export function CheckPage(p: { locale: Locale; d: Diagnosis; version: number | null; answers: string; attrs: Attributes; csrf: string; token: string }) {
  const { locale, d } = p;
  const t = tt(locale);
  const label = new Map(d.answers.map((a) => [a.code, a.label]));
  return (
    <Layout locale={locale} path={`/business/check/diagnosis/check${journeyQuery(p.version, p.answers, p.attrs)}`} title={t(L.checkTitle)}>
      <a class="back-link" href={localePath(locale, '/business/check/diagnosis/about') + journeyQuery(p.version, p.answers, p.attrs)}>
        ← {t(B.back)}
      </a>
      <h1>{t(L.checkTitle)}</h1>
      <p class="lead">{t(L.checkLead)}</p>
      {d.parts.map((part, pi) => (
        <section aria-labelledby={`part-${pi + 1}`}>
          <h2 id={`part-${pi + 1}`}>{t(part.title)}</h2>
          <dl class="answers-list check-answers">
            {d.items.slice(part.from - 1, part.to).map((it, k) => {
              const pos = part.from - 1 + k;
              return (
                <div>
                  <dt>
                    {it.id}. {t(it.question)}
                  </dt>
                  <dd class="answer-value">{t(label.get(p.answers[pos]!)!)}</dd>
                  <dd>
                    <a href={localePath(locale, `/business/check/diagnosis/${pi + 1}`) + journeyQuery(p.version, p.answers, p.attrs, { return: 'check' }) + `#${fieldId(`q${it.id}`)}`}>
                      {t(L.change)}
                      <span class="visually-hidden">{locale === 'ja' ? `（${it.id}. ${it.question.ja}）` : ` (${it.id}. ${it.question.en})`}</span>
                    </a>
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
      <section aria-labelledby="about-answers">
        <h2 id="about-answers">{t(L.aboutTitle)}</h2>
        <dl class="answers-list check-answers">
          {(['size', 'industry', 'pref'] as const).map((k) => (
            <div>
              <dt>{t(ATTRIBUTE_LABELS[k])}</dt>
              <dd class="answer-value">{attributeText(locale, k, p.attrs)}</dd>
              <dd>
                <a href={localePath(locale, '/business/check/diagnosis/about') + journeyQuery(p.version, p.answers, p.attrs) + `#${fieldId(k)}`}>
                  {t(L.change)}
                  <span class="visually-hidden">{locale === 'ja' ? `（${ATTRIBUTE_LABELS[k].ja}）` : ` (${ATTRIBUTE_LABELS[k].en})`}</span>
                </a>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <StoredNote locale={locale} />
      <form method="post" action={localePath(locale, '/business/check/diagnosis/complete')} novalidate>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="t" value={p.token} />
        <Hidden version={String(p.version ?? 0)} answers={p.answers} attrs={p.attrs} />
        <button type="submit" class="button button-primary">
          {t(L.complete)}
        </button>
      </form>
    </Layout>
  );
}

export function partsChart(locale: Locale, s: DiagnosisScore): BarChartSpec {
  return {
    id: 'parts-chart',
    title: L.byPart[locale],
    description: L.chartDesc[locale](s),
    max: 100,
    min: Math.min(0, ...s.parts.map((p) => Math.floor((p.score / p.max) * 100))),
    ticks: [0, 25, 50, 75, 100],
    tickSuffix: '%',
    labelHeading: L.part[locale],
    valueHeading: L.score[locale],
    data: s.parts.map((p) => ({
      label: p.title[locale],
      value: Math.round((p.score / p.max) * 100),
      valueText: locale === 'ja' ? `${p.score} / ${p.max}点` : `${p.score} / ${p.max}`,
    })),
  };
}

export interface ResultPageProps {
  locale: Locale;
  d: Diagnosis;
  query: string;
  score: DiagnosisScore;
  help: FixHelp;
  pref: string | null;
}

export function ResultPage(p: ResultPageProps) {
  const { locale, d, score } = p;
  const t = tt(locale);
  const deskHref = (topic: string) => localePath(locale, '/desks') + `?topic=${topic}&for=sme${p.pref ? `&prefecture=${p.pref}` : ''}`;
  return (
    <Layout locale={locale} path={`/business/check/diagnosis/result${p.query}`} title={t(L.resultTitle)}>
      <h1>{t(L.resultTitle)}</h1>
      <div class="result-summary">
        <p class="score-line">
          <span class="visually-hidden">{t(L.total)}</span>
          <span class="score-big">{score.total}</span>
          {locale === 'ja' ? ` / ${score.max}点` : ` / ${score.max} points`}
        </p>
        <p class="band-title">{t(score.band.title)}</p>
        <p>{t(score.band.text)}</p>
      </div>
      <p class="button-row">
        <a class="button button-secondary" href={localePath(locale, '/business/check/diagnosis/report') + p.query}>
          {t(L.report)}
        </a>
      </p>
      <section aria-labelledby="parts-title">
        <h2 id="parts-title">{t(L.byPart)}</h2>
        <BarChartFigure spec={partsChart(locale, score)} />
      </section>
      <section aria-labelledby="fix-title">
        <h2 id="fix-title">{t(L.toFix)}</h2>
        {score.toFix.length ? <p>{t(L.toFixLead)}</p> : <p class="notice">{t(L.nothingToFix)}</p>}
        <ol class="fix-list">
          {score.toFix.map((x) => {
            const found: Material[] = p.help.materials.get(x.item.id) ?? [];
            return (
              <li class="fix-item">
                <h3>
                  {x.item.id}. {t(x.item.question)}
                </h3>
                <p class="fix-answer">
                  {t(L.yourAnswer)}
                  {colon(locale)}
                  {t(x.answer.label)}
                </p>
                <p>
                  <strong>{t(L.firstStep)}</strong>
                  {colon(locale)}
                  {t(x.item.firstStep)}
                </p>
                {found.length ? (
                  <>
                    <p class="fix-step-title">{t(L.materials)}</p>
                    <ul class="link-list">
                      {found.map((m) => (
                        <li>
                          <a href={localePath(locale, `/materials/${m.id}`)}>{locale === 'ja' ? m.titleJa : m.titleEn || m.titleJa}</a>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                <ul class="inline-list fix-links">
                  {x.item.materials.slice(0, 1).map((q) => (
                    <li>
                      <a href={localePath(locale, '/materials') + `?q=${encodeURIComponent(q)}`}>
                        {t(L.searchMaterials)}
                        {locale === 'ja' ? `（${q}）` : ` (${q})`}
                      </a>
                    </li>
                  ))}
                  {x.item.deskTopics.slice(0, 1).map((topic) => (
                    <li>
                      <a href={deskHref(topic)}>{t(L.deskLink)}</a>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      </section>
      {p.help.desks.length ? (
        <section aria-labelledby="desks-title">
          <h2 id="desks-title">{t(L.desks)}</h2>
          <ul class="desk-list">
            {p.help.desks.map((desk) => (
              <li>
                <DeskCard locale={locale} d={desk} showTopics={false} />
              </li>
            ))}
          </ul>
          <p>
            <a href={localePath(locale, '/desks') + `?for=sme${p.pref ? `&prefecture=${p.pref}` : ''}`}>{t(L.allDesks)}</a>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="next-title">
        <h2 id="next-title">{t(L.next)}</h2>
        <p>{t(L.nextText)}</p>
        <div class="button-row">
          <a class="button button-primary" href={localePath(locale, '/business/policy')}>
            {t(L.policy)}
          </a>
          <a class="button button-secondary" href={localePath(locale, '/declarations')}>
            {t(L.declare)}
          </a>
        </div>
        <p class="field-hint">{t(L.bookmark)}</p>
        <p>
          <a href={localePath(locale, '/business/check/diagnosis/1')}>{t(L.again)}</a>
        </p>
      </section>
      <SourceNote locale={locale} source={d.source} />
    </Layout>
  );
}

export function ReportPage(p: { locale: Locale; d: Diagnosis; query: string; answers: string; score: DiagnosisScore; today: string; printScript: string }) {
  const { locale, d, score } = p;
  const t = tt(locale);
  const label = new Map(d.answers.map((a) => [a.code, a]));
  return (
    <Layout locale={locale} path={`/business/check/diagnosis/report${p.query}`} title={t(L.reportTitle)}>
      <div class="report">
        <div class="no-print report-actions">
          <a class="back-link" href={localePath(locale, '/business/check/diagnosis/result') + p.query}>
            ← {t(L.backToResult)}
          </a>
          <p>{t(L.printHint)}</p>
          <button type="button" class="button button-primary" hidden data-print>
            {t(L.print)}
          </button>
        </div>
        <h1>{t(L.reportTitle)}</h1>
        <p>
          {t(L.shownOn)}
          {colon(locale)}
          {formatDate(locale, p.today)}
        </p>
        <table class="data-table report-summary">
          <tbody>
            <tr>
              <th scope="row">{t(L.total)}</th>
              <td>
                <strong>
                  {score.total} / {score.max}
                  {t(L.points)}
                </strong>
                {locale === 'ja' ? `（${score.band.title.ja}）` : ` (${score.band.title.en})`}
              </td>
            </tr>
            {score.parts.map((part) => (
              <tr>
                <th scope="row">{t(part.title)}</th>
                <td>
                  {part.score} / {part.max}
                  {t(L.points)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t(score.band.text)}</p>
        <h2>{t(L.todoList)}</h2>
        {score.toFix.length ? (
          <ol class="report-todo">
            {score.toFix.map((x) => (
              <li>
                <strong>
                  {x.item.id}. {t(x.item.question)}
                </strong>
                {locale === 'ja' ? `（${x.answer.label.ja}）` : ` (${x.answer.label.en})`}
                <br />
                <span class="report-box" aria-hidden="true">
                  □
                </span>{' '}
                {t(x.item.firstStep)}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t(L.nothingToFix)}</p>
        )}
        <h2>{t(L.allAnswers)}</h2>
        {d.parts.map((part) => (
          <table class="data-table report-answers">
            <caption>{t(part.title)}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t(L.no)}
                </th>
                <th scope="col">{t(L.question)}</th>
                <th scope="col">{t(L.answer)}</th>
                <th scope="col" class="num">
                  {t(L.score)}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.items.slice(part.from - 1, part.to).map((it, k) => {
                const a = label.get(p.answers[part.from - 1 + k]!)!;
                return (
                  <tr>
                    <td class="num">{it.id}</td>
                    <td>{t(it.question)}</td>
                    <td>{t(a.label)}</td>
                    <td class="num">{a.points}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
        <SourceNote locale={locale} source={d.source} />
      </div>
      <Script src={p.printScript} defer />
    </Layout>
  );
}

export function JourneyProblemPage({ locale, path, message, restart }: { locale: Locale; path: string; message: Text; restart: string }) {
  const t = tt(locale);
  return (
    <Layout locale={locale} path={path} title={t(L.problemTitle)}>
      <h1>{t(L.problemTitle)}</h1>
      <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
        <h2 id="error-summary-title">{t(B.problem)}</h2>
        <p>{t(message)}</p>
      </div>
      <p>
        <a class="button button-primary" href={restart}>
          {t(L.restart)}
        </a>
      </p>
    </Layout>
  );
}
