// Public desk pages: the directory with its filters (a plain GET form: works without JavaScript) and
// one desk. Phone numbers are big tel: buttons; every value that the editors added is marked as such.
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { Breadcrumbs } from '../web/components.tsx';
import { Layout } from '../web/layout.tsx';
import { DESK_AUDIENCE_LABELS, DESK_AUDIENCES, DESK_TOPIC_LABELS, DESK_TOPICS, telHref, type Desk, type DeskFilters } from './model.ts';
import type { DeskDirectory } from './service.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const X = {
  title: { ja: '相談窓口', en: 'Where to ask for help' },
  lead: {
    ja: 'ネットの詐欺、ウイルス、個人情報の漏えい、SNSでの誹謗中傷など、困ったときに相談できる公的な窓口の一覧です。',
    en: 'Public desks to ask when something goes wrong online: fraud, viruses, personal data leaks, harassment on social media and more.',
  },
  emergency: { ja: '今まさにお金をだまし取られている、脅されているなど緊急のときは、すぐに110番に電話してください。', en: 'In an emergency (money being taken from you right now, threats), call 110 at once.' },
  guided: { ja: 'どこに相談すればよいか分からないときは「困ったときは」の質問に答えてください', en: 'Not sure where to ask? Answer a few questions in “Get help”' },
  filters: { ja: '絞り込み', en: 'Filters' },
  topic: { ja: '相談したいこと', en: 'What it is about' },
  audience: { ja: 'どなたの相談か', en: 'Who is asking' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  prefectureHint: { ja: '選ぶと、その都道府県の窓口と全国の窓口を表示します。', en: 'Shows the desks of that prefecture and the national ones.' },
  any: { ja: '指定しない', en: 'Any' },
  apply: { ja: 'この条件で表示する', en: 'Show desks' },
  clear: { ja: '条件を解除', en: 'Clear filters' },
  national: { ja: '全国の窓口', en: 'National desks' },
  prefectural: { ja: '都道府県の窓口', en: 'Prefectural desks' },
  none: { ja: '条件に合う窓口はありません。条件を減らしてください。', en: 'No desk matches these conditions. Remove a filter.' },
  call: { ja: 'に電話する', en: 'Call ' },
  web: { ja: 'ウェブサイトを開く', en: 'Open the website' },
  email: { ja: 'メール', en: 'Email' },
  hours: { ja: '受付時間・連絡方法', en: 'Hours and how to reach it' },
  topics: { ja: '相談できること', en: 'Helps with' },
  for: { ja: '対象', en: 'For' },
  scope: { ja: '地域', en: 'Area' },
  nationwide: { ja: '全国', en: 'Nationwide' },
  operator: { ja: '運営', en: 'Run by' },
  source: { ja: '出典', en: 'Source' },
  checked: { ja: '確認日', en: 'Checked' },
  judged: { ja: '編集部が追加した情報を含みます（要確認）', en: 'Includes details added by the editors (to be verified)' },
  judgedNote: { ja: '編集部の注記', en: "Editors' note" },
  details: { ja: '詳しく見る', en: 'Details' },
  json: { ja: 'この一覧のJSON（API）', en: 'This list as JSON (API)' },
} satisfies Record<string, Text>;

export const deskName = (locale: Locale, d: Pick<Desk, 'nameJa' | 'nameEn'>) => (locale === 'ja' ? d.nameJa : d.nameEn);

export function scopeText(locale: Locale, prefecture: string | null): string {
  return prefecture ? (prefectureByCode(prefecture)?.[locale] ?? prefecture) : X.nationwide[locale];
}

/** 2019-01-24 as a full date; 2015-02 (a source dated by month only) as 2015年2月 / February 2015. */
export function checkedText(locale: Locale, s: string): string {
  if (/^\d{4}-\d{2}$/.test(s)) {
    const [y, m] = s.split('-').map(Number) as [number, number];
    return locale === 'ja' ? `${y}年${m}月` : new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  return formatDate(locale, s);
}

/** The ways to reach a desk: a big call button, the website, email, and the hours. */
export function DeskContact({ locale, d }: { locale: Locale; d: Desk }) {
  const t = tt(locale);
  const name = deskName(locale, d);
  return (
    <>
      <div class="desk-contact">
        {d.phone ? (
          <a class="call-button" href={telHref(d.phone)}>
            <span aria-hidden="true">☎</span>
            <span>
              {locale === 'ja' ? (
                <>
                  <span class="call-number">{d.phone}</span>
                  {t(X.call)}
                </>
              ) : (
                <>
                  {t(X.call)}
                  <span class="call-number">{d.phone}</span>
                </>
              )}
              <span class="visually-hidden">{locale === 'ja' ? `（${name}）` : ` (${name})`}</span>
            </span>
          </a>
        ) : null}
        {d.webUrl ? (
          <a class="web-link" href={d.webUrl} rel="noopener noreferrer">
            {t(X.web)}
            <span class="visually-hidden">{locale === 'ja' ? `（${name}）` : ` (${name})`}</span>
          </a>
        ) : null}
        {d.email ? (
          <a class="web-link" href={`mailto:${d.email}`}>
            {t(X.email)}: {d.email}
          </a>
        ) : null}
      </div>
      {(locale === 'ja' ? d.hoursJa : d.hoursEn) ? (
        <p class="desk-hours">
          <strong>{t(X.hours)}：</strong>
          {locale === 'ja' ? d.hoursJa : d.hoursEn}
        </p>
      ) : null}
    </>
  );
}

/** An urgent desk: its name and the call button first, then how to reach it (no topics, no notes: nothing between a person and the call). */
export function UrgentDesk({ locale, d }: { locale: Locale; d: Desk }) {
  return (
    <article class="urgent-desk">
      <h3 class="desk-card-title">
        <a href={localePath(locale, `/desks/${d.id}`)}>{deskName(locale, d)}</a>
      </h3>
      <DeskContact locale={locale} d={d} />
    </article>
  );
}

/** Emergencies first: a sentence and a big button that calls 110. */
export function EmergencyNotice({ locale, text }: { locale: Locale; text: Text }) {
  return (
    <div class="notice notice-warning">
      <p>
        <strong>{text[locale]}</strong>
      </p>
      <a class="call-button" href="tel:110">
        <span aria-hidden="true">☎</span>
        <span>{locale === 'ja' ? '110番に電話する' : 'Call 110'}</span>
      </a>
    </div>
  );
}

export function DeskCard({ locale, d, headingLevel = 3, showTopics = true }: { locale: Locale; d: Desk; headingLevel?: 2 | 3; showTopics?: boolean }) {
  const t = tt(locale);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="desk-card">
      <H class="desk-card-title">
        <a href={localePath(locale, `/desks/${d.id}`)}>{deskName(locale, d)}</a>
      </H>
      <p class="desk-operator">
        {locale === 'ja' ? d.operatorJa : d.operatorEn}
        {locale === 'ja' ? `（${scopeText(locale, d.prefecture)}）` : ` (${scopeText(locale, d.prefecture)})`}
      </p>
      <p>{locale === 'ja' ? d.summaryJa : d.summaryEn}</p>
      <DeskContact locale={locale} d={d} />
      {showTopics && d.topics.length ? (
        <p class="desk-topics">
          <span class="visually-hidden">{t(X.topics)}：</span>
          {d.topics.map((x) => (
            <span class="tag">{DESK_TOPIC_LABELS[x][locale]}</span>
          ))}
        </p>
      ) : null}
      {d.judged ? <p class="judged-mark">{t(X.judged)}</p> : null}
    </article>
  );
}

function FilterForm({ locale, f }: { locale: Locale; f: DeskFilters }) {
  const t = tt(locale);
  return (
    <form class="event-filters desk-filters" method="get" action={localePath(locale, '/desks')} novalidate>
      <div class="filter-panel">
        <h2 class="visually-hidden">{t(X.filters)}</h2>
        <div class="filter-grid">
          <div class="filter-group">
            <label class="label" for="topic">
              {t(X.topic)}
            </label>
            <select class="select" id="topic" name="topic">
              <option value="">{t(X.any)}</option>
              {DESK_TOPICS.map((x) => (
                <option value={x} selected={f.topic === x}>
                  {DESK_TOPIC_LABELS[x][locale]}
                </option>
              ))}
            </select>
          </div>
          <div class="filter-group">
            <label class="label" for="for">
              {t(X.audience)}
            </label>
            <select class="select" id="for" name="for">
              <option value="">{t(X.any)}</option>
              {DESK_AUDIENCES.map((x) => (
                <option value={x} selected={f.audience === x}>
                  {DESK_AUDIENCE_LABELS[x][locale]}
                </option>
              ))}
            </select>
          </div>
          <div class="filter-group">
            <label class="label" for="prefecture">
              {t(X.prefecture)}
            </label>
            <p class="hint" id="prefecture-hint">
              {t(X.prefectureHint)}
            </p>
            <select class="select" id="prefecture" name="prefecture" aria-describedby="prefecture-hint">
              <option value="">{t(X.any)}</option>
              {PREFECTURES.map((p) => (
                <option value={p.code} selected={f.prefecture === p.code}>
                  {p[locale]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="button-row">
          <button type="submit" class="button button-primary">
            {t(X.apply)}
          </button>
          {f.topic || f.audience || f.prefecture ? <a href={localePath(locale, '/desks')}>{t(X.clear)}</a> : null}
        </div>
      </div>
    </form>
  );
}

export function deskQuery(f: DeskFilters): string {
  const p = new URLSearchParams();
  if (f.topic) p.append('topic', f.topic);
  if (f.audience) p.append('for', f.audience);
  if (f.prefecture) p.append('prefecture', f.prefecture);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function DeskDirectoryPage({ locale, dir }: { locale: Locale; dir: DeskDirectory }) {
  const t = tt(locale);
  const qs = deskQuery(dir.filters);
  const count = (n: number) => (locale === 'ja' ? `（${formatNumber(locale, n)}件）` : ` (${formatNumber(locale, n)})`);
  return (
    <Layout locale={locale} path={`/desks${qs}`} title={t(X.title)} section="desks" description={t(X.lead)}>
      <h1>{t(X.title)}</h1>
      <p class="lead">{t(X.lead)}</p>
      <EmergencyNotice locale={locale} text={X.emergency} />
      <p>
        <a href={localePath(locale, '/help')}>{t(X.guided)}</a>
      </p>
      <FilterForm locale={locale} f={dir.filters} />
      <p class="results-count" role="status">
        {locale === 'ja' ? `${formatNumber(locale, dir.total)}件の窓口` : `${formatNumber(locale, dir.total)} desk${dir.total === 1 ? '' : 's'}`}
      </p>
      {dir.total === 0 ? <p class="empty-state">{t(X.none)}</p> : null}
      {/* With a prefecture chosen, its own desks come first: they are the nearest help. */}
      {(dir.filters.prefecture ? (['prefectural', 'national'] as const) : (['national', 'prefectural'] as const)).map((k) =>
        dir[k].length ? (
          <section aria-labelledby={`${k}-title`}>
            <h2 id={`${k}-title`}>
              {t(X[k])}
              <span class="results-count">{count(dir[k].length)}</span>
            </h2>
            <ul class="desk-list">
              {dir[k].map((d) => (
                <li>
                  <DeskCard locale={locale} d={d} />
                </li>
              ))}
            </ul>
          </section>
        ) : null,
      )}
      <p>
        <a href={`/api/v1/desks${qs}`}>{t(X.json)}</a>
      </p>
    </Layout>
  );
}

export function DeskDetailPage({ locale, d }: { locale: Locale; d: Desk }) {
  const t = tt(locale);
  const name = deskName(locale, d);
  return (
    <Layout locale={locale} path={`/desks/${d.id}`} title={name} section="desks" description={locale === 'ja' ? d.summaryJa : d.summaryEn}>
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: locale === 'ja' ? 'ホーム' : 'Home' }, { path: '/desks', label: t(X.title) }, { label: name }]} />
      <h1>{name}</h1>
      <p class="lead">{locale === 'ja' ? d.summaryJa : d.summaryEn}</p>
      <DeskContact locale={locale} d={d} />
      <dl class="detail-list">
        <div>
          <dt>{t(X.operator)}</dt>
          <dd>{locale === 'ja' ? d.operatorJa : d.operatorEn}</dd>
        </div>
        <div>
          <dt>{t(X.scope)}</dt>
          <dd>{scopeText(locale, d.prefecture)}</dd>
        </div>
        <div>
          <dt>{t(X.topics)}</dt>
          <dd>{d.topics.length ? d.topics.map((x) => <span class="tag">{DESK_TOPIC_LABELS[x][locale]}</span>) : '—'}</dd>
        </div>
        <div>
          <dt>{t(X.for)}</dt>
          <dd>
            {d.audiences.map((x) => (
              <span class="tag">{DESK_AUDIENCE_LABELS[x][locale]}</span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t(X.source)}</dt>
          <dd>{d.sourceUrl ? <a href={d.sourceUrl}>{d.sourceName}</a> : d.sourceName}</dd>
        </div>
        <div>
          <dt>{t(X.checked)}</dt>
          <dd>{checkedText(locale, d.checkedOn)}</dd>
        </div>
        {d.judged ? (
          <div>
            <dt>{t(X.judgedNote)}</dt>
            <dd>
              <span class="judged-mark">{t(X.judged)}</span>
              {d.judgementNote ? <p lang="ja">{d.judgementNote}</p> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <p>
        <a href={localePath(locale, '/help')}>{t(X.guided)}</a>
      </p>
    </Layout>
  );
}
