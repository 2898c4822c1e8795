// Partner feed pages: the organisation's feeds (/my/feeds), the form, and a feed's page with the outcome
// of its last fetch (counts, refused entries with their reasons, the error in the reader's language).
import { ATTENDANCE_LABELS, ATTENDANCES } from '../events/model.ts';
import { formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { LICENCE_INFO, LICENCES, MATERIAL_FORMAT_LABELS, MATERIAL_FORMATS, MATERIAL_LANGUAGE_LABELS, MATERIAL_LANGUAGES } from '../materials/model.ts';
import { ProblemBox } from '../moderation/components.tsx';
import { PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { ActionButton, Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { FEED_KIND_LABELS, fetchErrorText, type Feed } from './model.ts';
import type { FeedForm } from './service.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const TITLE: Text = { ja: 'フィードの取り込み', en: 'Partner feeds' };
const BACK: Text = { ja: 'フィードの一覧へ戻る', en: 'Back to your feeds' };

const RESULT_LABELS: Record<string, Text> = {
  ok: { ja: '取得できました', en: 'Fetched' },
  not_modified: { ja: '前回から変更なし', en: 'Unchanged since the last fetch' },
  failed: { ja: '取得できませんでした', en: 'Failed' },
};

export function feedStatusLabel(f: Pick<Feed, 'status'>): Text {
  return f.status === 'active' ? { ja: '有効', en: 'Active' } : { ja: '一時停止中', en: 'Paused' };
}

function resultText(locale: Locale, f: Feed): string {
  if (!f.state.lastFetchAt || !f.state.lastResult) return locale === 'ja' ? 'まだ取得していません' : 'Not fetched yet';
  return RESULT_LABELS[f.state.lastResult]?.[locale] ?? f.state.lastResult;
}

function Explainer({ locale }: { locale: Locale }) {
  const t = tt(locale);
  return (
    <div class="explainer">
      <p>
        {t({
          ja: '団体のウェブサイトで公開しているフィードを登録すると、ポータルが定期的に取得して、iCalendar（.ics）の予定はイベントとして、Atom・RSS の記事は教材として取り込みます。新しい項目や変わった項目は、手で入力したものと同じく事務局の審査に送られます。元のフィードで中止（STATUS:CANCELLED）になった予定や、開催前にフィードから消えた予定は、ここでも中止になります。',
          en: 'Register a feed your website publishes and the portal fetches it regularly: iCalendar (.ics) entries become events, Atom and RSS entries become materials. New and changed entries go to the program office’s review, as typed-in content does. An event cancelled at the source (STATUS:CANCELLED), or removed from the feed before it takes place, is cancelled here too.',
        })}
      </p>
    </div>
  );
}

export function FeedsPage(p: { locale: Locale; viewer: Viewer; feeds: Feed[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/my/feeds" title={t(TITLE)} viewer={p.viewer} area="my">
      <h1>{t(TITLE)}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <Explainer locale={locale} />
      <p>
        <a class="button" href={localePath(locale, '/my/feeds/new')}>
          {t({ ja: 'フィードを登録する', en: 'Add a feed' })}
        </a>
      </p>
      {p.feeds.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t({ ja: 'フィードの一覧', en: 'Feeds' })}>
          <table class="data-table admin-table">
            <caption>{t({ ja: '自団体のフィード', en: 'Your feeds' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '名前', en: 'Name' })}</th>
                <th scope="col">{t({ ja: '種類', en: 'Type' })}</th>
                <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
                <th scope="col">{t({ ja: '最後の取得', en: 'Last fetch' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.feeds.map((f) => (
                <tr>
                  <td>
                    <a href={localePath(locale, `/my/feeds/${f.id}`)}>{f.name}</a>
                    <br />
                    <span class="url-cell">{f.url}</span>
                  </td>
                  <td>{t(FEED_KIND_LABELS[f.kind])}</td>
                  <td>{t(feedStatusLabel(f))}</td>
                  <td>
                    {resultText(locale, f)}
                    {f.state.lastFetchAt ? (
                      <>
                        <br />
                        <time dateTime={f.state.lastFetchAt}>{formatDateTime(locale, f.state.lastFetchAt)}</time>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: 'フィードはまだ登録されていません。', en: 'No feeds yet.' })}</p>
      )}
    </Layout>
  );
}

export function FeedFormPage(p: { locale: Locale; viewer: Viewer; csrf: string; action: string; title: Text; form: FeedForm; errors: FieldErrors; cancelHref: string }) {
  const t = tt(p.locale);
  const { locale, form: f, errors } = p;
  return (
    <Layout locale={locale} path={p.action} title={(Object.keys(p.errors).length ? (locale === 'ja' ? 'エラー：' : 'Error: ') : '') + t(p.title)} viewer={p.viewer} area="my">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/feeds')}>{t(BACK)}</a>
      </p>
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={localePath(locale, p.action)} csrf={p.csrf}>
        <TextField locale={locale} name="name" label={{ ja: '名前', en: 'Name' }} hint={{ ja: '一覧で見分けるための名前。例：市のイベントカレンダー', en: 'To tell your feeds apart. For example: City events calendar' }} required value={f.name} errors={errors} maxLength={100} />
        <TextField
          locale={locale}
          name="url"
          type="url"
          label={{ ja: 'フィードのURL', en: 'Feed address' }}
          hint={{ ja: 'https:// から始まる、インターネットから届くフィードのURL（ウェブページのURLではありません）。内部ネットワークのアドレスは使えません。', en: 'The address of the feed itself (not of a web page), starting with https:// and reachable from the internet. Internal network addresses are not accepted.' }}
          required
          value={f.url}
          errors={errors}
          maxLength={2000}
        />
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="kind"
          label={{ ja: 'フィードの種類', en: 'Type of feed' }}
          required
          selected={[f.kind]}
          errors={errors}
          choices={[
            { value: 'events', label: FEED_KIND_LABELS.events, hint: { ja: '予定表（カレンダー）の配信。各予定がイベントになります。', en: 'A published calendar: each entry becomes an event.' } },
            { value: 'materials', label: FEED_KIND_LABELS.materials, hint: { ja: '新着情報・記事の配信。各記事が教材（リンク）になります。', en: 'News or articles: each entry becomes a material (a link).' } },
          ]}
        />
        <ChoiceGroup
          locale={locale}
          type="checkbox"
          name="audiences"
          label={{ ja: '対象', en: 'Audiences' }}
          hint={{ ja: 'フィードには対象が書かれていないため、すべての項目にここで選んだ対象を付けます。', en: 'Feeds do not say whom an entry is for: every entry gets the audiences chosen here.' }}
          required
          selected={f.audiences}
          errors={errors}
          columns
          choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))}
        />
        <h2>{t({ ja: 'iCalendar（イベント）の場合', en: 'For an iCalendar feed (events)' })}</h2>
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="attendance"
          label={{ ja: '開催形式', en: 'Format' }}
          selected={[f.attendance]}
          errors={errors}
          choices={ATTENDANCES.map((a) => ({ value: a, label: ATTENDANCE_LABELS[a] }))}
        />
        <SelectField
          locale={locale}
          name="prefecture"
          label={{ ja: '都道府県', en: 'Prefecture' }}
          hint={{ ja: '会場で開くイベントでは必要です。', en: 'Needed for events on site.' }}
          value={f.prefecture}
          errors={errors}
          emptyLabel={{ ja: '選んでください（オンラインのみの場合は不要）', en: 'Choose (not needed for online only)' }}
          choices={PREFECTURES.map((x) => ({ value: x.code, label: { ja: x.ja, en: x.en } }))}
        />
        <TextField locale={locale} name="feeYen" label={{ ja: '参加費（円）', en: 'Fee (yen)' }} hint={{ ja: '無料の場合は 0。', en: '0 if free.' }} value={f.feeYen} errors={errors} inputMode="numeric" width="short" maxLength={9} />
        <h2>{t({ ja: 'Atom・RSS（教材）の場合', en: 'For an Atom or RSS feed (materials)' })}</h2>
        <SelectField
          locale={locale}
          name="format"
          label={{ ja: '教材の種類', en: 'Kind of material' }}
          value={f.format}
          errors={errors}
          emptyLabel={{ ja: '選んでください', en: 'Choose' }}
          choices={MATERIAL_FORMATS.map((x) => ({ value: x, label: MATERIAL_FORMAT_LABELS[x] }))}
        />
        <ChoiceGroup locale={locale} type="radio" name="language" label={{ ja: '言語', en: 'Language' }} selected={[f.language]} errors={errors} choices={MATERIAL_LANGUAGES.map((x) => ({ value: x, label: MATERIAL_LANGUAGE_LABELS[x] }))} />
        <SelectField
          locale={locale}
          name="licence"
          label={{ ja: '利用条件（ライセンス）', en: 'Licence' }}
          value={f.licence}
          errors={errors}
          emptyLabel={{ ja: '選んでください', en: 'Choose' }}
          choices={LICENCES.map((x) => ({ value: x, label: LICENCE_INFO[x].label }))}
        />
        <TextField locale={locale} name="attribution" label={{ ja: 'クレジット表記', en: 'Attribution' }} hint={{ ja: '利用者が表示する出典の書き方。例：© 〇〇市', en: 'How people who reuse the materials must credit them. For example: © City of …' }} value={f.attribution} errors={errors} maxLength={300} />
        <div class="button-row">
          <Button>{t({ ja: '保存する', en: 'Save' })}</Button>
          <a href={p.cancelHref}>{t({ ja: '保存せずに戻る', en: 'Cancel' })}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

function defaultsText(locale: Locale, f: Feed): { label: Text; value: string }[] {
  const sep = locale === 'ja' ? '、' : ', ';
  const d = f.defaults;
  const audiences = (d.kind === 'events' ? d.events.audiences : d.materials.audiences).map((a: Audience) => AUDIENCE_LABELS[a]?.[locale] ?? a).join(sep);
  if (d.kind === 'events') {
    const e = d.events;
    return [
      { label: { ja: '対象', en: 'Audiences' }, value: audiences },
      { label: { ja: '開催形式', en: 'Format' }, value: ATTENDANCE_LABELS[e.attendance]?.[locale] ?? e.attendance },
      { label: { ja: '都道府県', en: 'Prefecture' }, value: e.prefecture ? (prefectureByCode(e.prefecture)?.[locale] ?? e.prefecture) : '—' },
      { label: { ja: '参加費', en: 'Fee' }, value: e.feeYen === 0 ? (locale === 'ja' ? '無料' : 'Free') : locale === 'ja' ? `${formatNumber(locale, e.feeYen)}円` : `¥${formatNumber(locale, e.feeYen)}` },
    ];
  }
  const m = d.materials;
  return [
    { label: { ja: '対象', en: 'Audiences' }, value: audiences },
    { label: { ja: '教材の種類', en: 'Kind of material' }, value: MATERIAL_FORMAT_LABELS[m.format]?.[locale] ?? m.format },
    { label: { ja: '言語', en: 'Language' }, value: MATERIAL_LANGUAGE_LABELS[m.language]?.[locale] ?? m.language },
    { label: { ja: '利用条件', en: 'Licence' }, value: LICENCE_INFO[m.licence]?.label[locale] ?? m.licence },
    { label: { ja: 'クレジット表記', en: 'Attribution' }, value: m.attribution },
  ];
}

export function FeedPage(p: { locale: Locale; viewer: Viewer; csrf: string; feed: Feed; notice?: Text; problem?: Text }) {
  const t = tt(p.locale);
  const { locale, feed: f } = p;
  const base = `/my/feeds/${f.id}`;
  const s = f.state;
  const counts: { label: Text; n: number }[] = [
    { label: { ja: '項目数', en: 'Entries seen' }, n: s.seen },
    { label: { ja: '新規（審査へ）', en: 'Created (sent to review)' }, n: s.created },
    { label: { ja: '更新（審査へ）', en: 'Updated (sent to review)' }, n: s.updated },
    { label: { ja: '中止', en: 'Cancelled' }, n: s.cancelled },
    { label: { ja: '取り込めなかった項目', en: 'Refused' }, n: s.refused },
  ];
  return (
    <Layout locale={locale} path={base} title={f.name} viewer={p.viewer} area="my">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/feeds')}>{t(BACK)}</a>
      </p>
      <h1>{f.name}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.problem ? <ProblemBox locale={locale} title={p.problem} /> : null}
      <dl class="detail-list">
        <div>
          <dt>{t({ ja: '状態', en: 'Status' })}</dt>
          <dd>{t(feedStatusLabel(f))}</dd>
        </div>
        <div>
          <dt>URL</dt>
          <dd class="url-cell">{f.url}</dd>
        </div>
        <div>
          <dt>{t({ ja: '種類', en: 'Type' })}</dt>
          <dd>{t(FEED_KIND_LABELS[f.kind])}</dd>
        </div>
        {defaultsText(locale, f).map((x) => (
          <div>
            <dt>{t(x.label)}</dt>
            <dd>{x.value}</dd>
          </div>
        ))}
      </dl>
      <div class="button-row">
        <ActionButton action={localePath(locale, `${base}/fetch`)} csrf={p.csrf} label={t({ ja: '今すぐ取得する', en: 'Fetch now' })} variant="primary" />
        <a class="button button-secondary" href={localePath(locale, `${base}/edit`)}>
          {t({ ja: '設定を変更する', en: 'Change the settings' })}
        </a>
        {f.status === 'active' ? (
          <ActionButton action={localePath(locale, `${base}/pause`)} csrf={p.csrf} label={t({ ja: '一時停止する', en: 'Pause' })} />
        ) : (
          <ActionButton action={localePath(locale, `${base}/resume`)} csrf={p.csrf} label={t({ ja: '再開する', en: 'Resume' })} />
        )}
      </div>

      <h2>{t({ ja: '最後の取得', en: 'Last fetch' })}</h2>
      <p>
        {resultText(locale, f)}
        {s.lastFetchAt ? (
          <>
            {t({ ja: '（', en: ' (' })}
            <time dateTime={s.lastFetchAt}>{formatDateTime(locale, s.lastFetchAt)}</time>
            {t({ ja: '）', en: ')' })}
          </>
        ) : null}
      </p>
      {s.lastResult === 'failed' ? (
        <div class="notice notice-warning" id="feed-error">
          <p>{t(fetchErrorText(s.lastErrorCode))}</p>
          {s.lastErrorDetail ? (
            <p>
              {t({ ja: '詳細：', en: 'Detail: ' })}
              <code>{s.lastErrorDetail}</code>
            </p>
          ) : null}
          {s.consecutiveFailures > 1 ? <p>{t({ ja: `${formatNumber(locale, s.consecutiveFailures)}回続けて失敗しています。`, en: `${formatNumber(locale, s.consecutiveFailures)} failures in a row.` })}</p> : null}
        </div>
      ) : null}
      {s.lastFetchAt ? (
        <dl class="detail-list">
          {counts.map((c) => (
            <div>
              <dt>{t(c.label)}</dt>
              <dd>{formatNumber(locale, c.n)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {s.refusedEntries.length ? (
        <>
          <h2>{t({ ja: '取り込めなかった項目', en: 'Entries that were refused' })}</h2>
          <p class="hint">{t({ ja: '元のフィードで直すと、次回の取得で取り込まれます。', en: 'Fix them in your feed and the next fetch takes them in.' })}</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={t({ ja: '取り込めなかった項目', en: 'Entries that were refused' })}>
            <table class="data-table admin-table">
              <thead>
                <tr>
                  <th scope="col">{t({ ja: '項目', en: 'Entry' })}</th>
                  <th scope="col">{t({ ja: '理由', en: 'Reason' })}</th>
                </tr>
              </thead>
              <tbody>
                {s.refusedEntries.map((r) => (
                  <tr>
                    <td>{r.title}</td>
                    <td>{r.reason[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <details class="danger-zone">
        <summary>{t({ ja: 'フィードを削除する', en: 'Delete this feed' })}</summary>
        <p>{t({ ja: 'フィードの登録を削除します。取り込み済みのイベントや教材は残ります。', en: 'Deletes the feed. The events and materials it brought in stay.' })}</p>
        <PostForm action={localePath(locale, `${base}/delete`)} csrf={p.csrf}>
          <Button variant="warning">{t({ ja: '削除する', en: 'Delete' })}</Button>
        </PostForm>
      </details>
    </Layout>
  );
}
