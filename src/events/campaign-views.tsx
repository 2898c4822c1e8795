// The program office's pages for campaigns (list, new, edit with themes and partner kit) and the
// organisers' event reports.
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ActionButton, Button, FormErrorSummary, Notice, PostForm, TextArea, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { CAMPAIGN_LIMITS, type CampaignInput, type KitInput, type ThemeInput } from './campaigns.ts';
import { KIT_KIND_LABELS, KIT_KINDS, type Campaign } from './model.ts';
import { formatPeriod } from './time.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

function AdminNav({ locale, current }: { locale: Locale; current: 'campaigns' | 'reports' }) {
  const t = tt(locale);
  return (
    <nav class="sub-nav" aria-label={t({ ja: 'イベントとキャンペーンの管理', en: 'Events and campaigns' })}>
      <ul>
        <li>
          <a href={localePath(locale, '/moderation')}>{t({ ja: '審査待ち一覧', en: 'Review queue' })}</a>
        </li>
        <li>
          <a href={localePath(locale, '/moderation/campaigns')} aria-current={current === 'campaigns' ? 'page' : undefined}>
            {t({ ja: 'キャンペーン', en: 'Campaigns' })}
          </a>
        </li>
        <li>
          <a href={localePath(locale, '/moderation/event-reports')} aria-current={current === 'reports' ? 'page' : undefined}>
            {t({ ja: '開催報告', en: 'Event reports' })}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function CampaignAdminListPage(p: { locale: Locale; viewer: Viewer; campaigns: Campaign[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/moderation/campaigns" title={t({ ja: 'キャンペーンの管理', en: 'Manage campaigns' })} viewer={p.viewer} area="moderation">
      <AdminNav locale={locale} current="campaigns" />
      <h1>{t({ ja: 'キャンペーンの管理', en: 'Manage campaigns' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>
        <a class="button" href={localePath(locale, '/moderation/campaigns/new')}>
          {t({ ja: 'キャンペーンを作る', en: 'Add a campaign' })}
        </a>
      </p>
      <div class="table-scroll" role="region" aria-labelledby="campaigns-caption" tabIndex={0}>
        <table class="data-table">
          <caption id="campaigns-caption">{t({ ja: 'キャンペーン一覧', en: 'Campaigns' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '名称', en: 'Name' })}</th>
              <th scope="col">{t({ ja: '期間', en: 'Period' })}</th>
              <th scope="col" class="num">
                {t({ ja: 'テーマ', en: 'Themes' })}
              </th>
              <th scope="col" class="num">
                {t({ ja: 'キット', en: 'Kit' })}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.campaigns.map((c) => (
              <tr>
                <td>
                  <a href={localePath(locale, `/moderation/campaigns/${c.id}`)}>{locale === 'ja' ? c.titleJa : c.titleEn}</a>
                  <br />
                  <a class="secondary-link" href={localePath(locale, `/campaigns/${c.id}`)}>
                    {t({ ja: '公開ページ', en: 'Public page' })}
                  </a>
                </td>
                <td>{formatPeriod(locale, c.startDate, c.endDate)}</td>
                <td class="num">{formatNumber(locale, c.themes.length)}</td>
                <td class="num">{formatNumber(locale, c.kit.length)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function CampaignFields({ locale, v, errors }: { locale: Locale; v: CampaignInput; errors: FieldErrors }) {
  return (
    <>
      <TextField locale={locale} name="titleJa" label={{ ja: 'キャンペーン名（日本語）', en: 'Name (Japanese)' }} required value={v.titleJa} errors={errors} maxLength={CAMPAIGN_LIMITS.title} />
      <TextField locale={locale} name="titleEn" label={{ ja: 'キャンペーン名（英語）', en: 'Name (English)' }} value={v.titleEn} errors={errors} maxLength={CAMPAIGN_LIMITS.title} />
      <TextArea locale={locale} name="summaryJa" label={{ ja: '概要（日本語）', en: 'Summary (Japanese)' }} required value={v.summaryJa} errors={errors} rows={4} />
      <TextArea locale={locale} name="summaryEn" label={{ ja: '概要（英語）', en: 'Summary (English)' }} value={v.summaryEn} errors={errors} rows={4} />
      <TextField locale={locale} name="startDate" label={{ ja: '開始日', en: 'First day' }} hint={{ ja: '例：2027-02-01', en: 'For example 2027-02-01' }} required value={v.startDate} errors={errors} width="short" />
      <TextField locale={locale} name="endDate" label={{ ja: '終了日', en: 'Last day' }} hint={{ ja: '例：2027-03-18（この日を含みます）', en: 'For example 2027-03-18 (included)' }} required value={v.endDate} errors={errors} width="short" />
    </>
  );
}

export function CampaignNewPage(p: { locale: Locale; viewer: Viewer; csrf: string; values: CampaignInput; errors: FieldErrors }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/moderation/campaigns/new" title={t({ ja: 'キャンペーンを作る', en: 'Add a campaign' })} viewer={p.viewer} area="moderation">
      <AdminNav locale={locale} current="campaigns" />
      <h1>{t({ ja: 'キャンペーンを作る', en: 'Add a campaign' })}</h1>
      <FormErrorSummary locale={locale} errors={p.errors} />
      <PostForm action={localePath(locale, '/moderation/campaigns/new')} csrf={p.csrf}>
        <CampaignFields locale={locale} v={p.values} errors={p.errors} />
        <div class="button-row">
          <Button>{t({ ja: '作成する', en: 'Create' })}</Button>
          <a href={localePath(locale, '/moderation/campaigns')}>{t({ ja: '作成せずに戻る', en: 'Cancel' })}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

function ThemeFields({ locale, v, errors, prefix }: { locale: Locale; v: ThemeInput; errors: FieldErrors; prefix: string }) {
  // Several forms share the page: each field name is plain (the server reads plain names), each id carries the form's prefix.
  return (
    <>
      <LabelledInput locale={locale} id={`field-${prefix}-titleJa`} name="titleJa" label={{ ja: 'テーマ（日本語）', en: 'Theme (Japanese)' }} value={v.titleJa} error={errors.titleJa} required />
      <LabelledInput locale={locale} id={`field-${prefix}-titleEn`} name="titleEn" label={{ ja: 'テーマ（英語）', en: 'Theme (English)' }} value={v.titleEn} error={errors.titleEn} />
      <LabelledArea locale={locale} id={`field-${prefix}-descriptionJa`} name="descriptionJa" label={{ ja: '説明（日本語）', en: 'Description (Japanese)' }} value={v.descriptionJa} error={errors.descriptionJa} />
      <LabelledArea locale={locale} id={`field-${prefix}-descriptionEn`} name="descriptionEn" label={{ ja: '説明（英語）', en: 'Description (English)' }} value={v.descriptionEn} error={errors.descriptionEn} />
    </>
  );
}

function KitFields({ locale, v, errors, prefix }: { locale: Locale; v: KitInput; errors: FieldErrors; prefix: string }) {
  const kindError = errors.kind;
  return (
    <>
      <div class={`field${kindError ? ' field-has-error' : ''}`}>
        <label class="field-label" for={`field-${prefix}-kind`}>
          {locale === 'ja' ? '種類' : 'Kind'}
        </label>
        {kindError ? (
          <p class="field-error" id={`field-${prefix}-kind-error`}>
            {kindError[locale]}
          </p>
        ) : null}
        <select class="select" id={`field-${prefix}-kind`} name="kind" aria-describedby={kindError ? `field-${prefix}-kind-error` : undefined}>
          {KIT_KINDS.map((k) => (
            <option value={k} selected={v.kind === k}>
              {KIT_KIND_LABELS[k][locale]}
            </option>
          ))}
        </select>
      </div>
      <LabelledInput locale={locale} id={`field-${prefix}-titleJa`} name="titleJa" label={{ ja: '題名（日本語）', en: 'Title (Japanese)' }} value={v.titleJa} error={errors.titleJa} required />
      <LabelledInput locale={locale} id={`field-${prefix}-titleEn`} name="titleEn" label={{ ja: '題名（英語）', en: 'Title (English)' }} value={v.titleEn} error={errors.titleEn} />
      <LabelledArea locale={locale} id={`field-${prefix}-bodyJa`} name="bodyJa" label={{ ja: '本文（日本語）', en: 'Text (Japanese)' }} value={v.bodyJa} error={errors.bodyJa} rows={6} />
      <LabelledArea locale={locale} id={`field-${prefix}-bodyEn`} name="bodyEn" label={{ ja: '本文（英語）', en: 'Text (English)' }} value={v.bodyEn} error={errors.bodyEn} rows={6} />
      <LabelledInput locale={locale} id={`field-${prefix}-url`} name="url" type="url" label={{ ja: 'URL（バナー画像や配布ページ）', en: 'Web address (banner image or download page)' }} value={v.url} error={errors.url} />
    </>
  );
}

function LabelledInput(p: { locale: Locale; id: string; name: string; label: Text; value: string; error?: Text; required?: boolean; type?: 'text' | 'url' }) {
  return (
    <div class={`field${p.error ? ' field-has-error' : ''}`}>
      <label class="field-label" for={p.id}>
        {p.label[p.locale]}
        {p.required ? <span class="required-mark">{p.locale === 'ja' ? '※必須' : 'Required'}</span> : null}
      </label>
      {p.error ? (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error[p.locale]}
        </p>
      ) : null}
      <input class="input" type={p.type ?? 'text'} id={p.id} name={p.name} value={p.value} aria-describedby={p.error ? `${p.id}-error` : undefined} aria-invalid={p.error ? 'true' : undefined} />
    </div>
  );
}

function LabelledArea(p: { locale: Locale; id: string; name: string; label: Text; value: string; error?: Text; rows?: number }) {
  return (
    <div class={`field${p.error ? ' field-has-error' : ''}`}>
      <label class="field-label" for={p.id}>
        {p.label[p.locale]}
      </label>
      {p.error ? (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error[p.locale]}
        </p>
      ) : null}
      <textarea class="textarea" id={p.id} name={p.name} rows={p.rows ?? 3} aria-describedby={p.error ? `${p.id}-error` : undefined} aria-invalid={p.error ? 'true' : undefined}>
        {p.value}
      </textarea>
    </div>
  );
}

/** Which form of the edit page failed, so its errors show beside it (and in the summary). */
export type CampaignEditFailure =
  | { form: 'campaign'; values: CampaignInput; errors: FieldErrors }
  | { form: 'theme-new'; values: ThemeInput; errors: FieldErrors }
  | { form: 'theme'; id: number; values: ThemeInput; errors: FieldErrors }
  | { form: 'kit-new'; values: KitInput; errors: FieldErrors }
  | { form: 'kit'; id: number; values: KitInput; errors: FieldErrors };

/** The error summary links to the fields of the form that failed (their ids carry the form's prefix). */
function summaryErrors(f: CampaignEditFailure): FieldErrors {
  if (f.form === 'campaign') return f.errors;
  const prefix = f.form === 'theme' ? `theme-${f.id}` : f.form === 'kit' ? `kit-${f.id}` : f.form;
  return Object.fromEntries(Object.entries(f.errors).map(([k, v]) => [`${prefix}-${k}`, v]));
}

export function CampaignEditPage(p: { locale: Locale; viewer: Viewer; csrf: string; c: Campaign; failure?: CampaignEditFailure; notice?: Text }) {
  const t = tt(p.locale);
  const { locale, c, failure } = p;
  const base = `/moderation/campaigns/${c.id}`;
  const campaignValues: CampaignInput = failure?.form === 'campaign' ? failure.values : { titleJa: c.titleJa, titleEn: c.titleEn, summaryJa: c.summaryJa, summaryEn: c.summaryEn, startDate: c.startDate, endDate: c.endDate };
  const errorsOf = (form: CampaignEditFailure['form'], id?: number): FieldErrors => (failure && failure.form === form && (id === undefined || ('id' in failure && failure.id === id)) ? failure.errors : {});
  const emptyTheme: ThemeInput = { titleJa: '', titleEn: '', descriptionJa: '', descriptionEn: '' };
  const emptyKit: KitInput = { kind: 'text', titleJa: '', titleEn: '', bodyJa: '', bodyEn: '', url: '' };
  return (
    <Layout locale={locale} path={base} title={`${t({ ja: 'キャンペーンの編集', en: 'Edit campaign' })}：${locale === 'ja' ? c.titleJa : c.titleEn}`} viewer={p.viewer} area="moderation">
      <AdminNav locale={locale} current="campaigns" />
      <h1>{locale === 'ja' ? c.titleJa : c.titleEn}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {failure ? <FormErrorSummary locale={locale} errors={summaryErrors(failure)} /> : null}
      <p>
        <a href={localePath(locale, `/campaigns/${c.id}`)}>{t({ ja: '公開ページを見る', en: 'See the public page' })}</a>
      </p>
      <h2>{t({ ja: '名称・期間・概要', en: 'Name, period and summary' })}</h2>
      <PostForm action={localePath(locale, base)} csrf={p.csrf}>
        <CampaignFields locale={locale} v={campaignValues} errors={errorsOf('campaign')} />
        <Button>{t({ ja: '保存する', en: 'Save' })}</Button>
      </PostForm>

      <h2>{t({ ja: 'テーマ', en: 'Themes' })}</h2>
      {c.themes.length === 0 ? <p>{t({ ja: 'テーマはまだありません。', en: 'No themes yet.' })}</p> : null}
      <ol class="admin-list">
        {c.themes.map((th) => {
          const failed = failure?.form === 'theme' && failure.id === th.id ? failure : undefined;
          return (
            <li>
              <p class="admin-list-title">{locale === 'ja' ? th.titleJa : th.titleEn}</p>
              <details open={failed ? true : undefined}>
                <summary>{t({ ja: 'このテーマを編集する', en: 'Edit this theme' })}</summary>
                <PostForm action={localePath(locale, `${base}/themes/${th.id}`)} csrf={p.csrf}>
                  <ThemeFields locale={locale} prefix={`theme-${th.id}`} v={failed ? failed.values : { titleJa: th.titleJa, titleEn: th.titleEn, descriptionJa: th.descriptionJa, descriptionEn: th.descriptionEn }} errors={errorsOf('theme', th.id)} />
                  <Button>{t({ ja: 'テーマを保存する', en: 'Save the theme' })}</Button>
                </PostForm>
                <ActionButton action={localePath(locale, `${base}/themes/${th.id}/delete`)} csrf={p.csrf} variant="warning" label={t({ ja: 'このテーマを削除する', en: 'Delete this theme' })} />
              </details>
            </li>
          );
        })}
      </ol>
      <details class="panel" open={failure?.form === 'theme-new' ? true : undefined}>
        <summary>{t({ ja: 'テーマを追加する', en: 'Add a theme' })}</summary>
        <PostForm action={localePath(locale, `${base}/themes`)} csrf={p.csrf}>
          <ThemeFields locale={locale} prefix="theme-new" v={failure?.form === 'theme-new' ? failure.values : emptyTheme} errors={errorsOf('theme-new')} />
          <Button>{t({ ja: '追加する', en: 'Add' })}</Button>
        </PostForm>
      </details>

      <h2>{t({ ja: 'パートナーキット', en: 'Partner kit' })}</h2>
      <p class="hint">{t({ ja: '団体が告知に使えるバナー、SNS投稿例、告知文など。教材ライブラリの教材との連携は今後追加します。', en: 'Banners, sample posts and texts organisations may reuse. Links to the materials library will follow.' })}</p>
      {c.kit.length === 0 ? <p>{t({ ja: 'キットはまだありません。', en: 'No kit entries yet.' })}</p> : null}
      <ol class="admin-list">
        {c.kit.map((k) => {
          const failed = failure?.form === 'kit' && failure.id === k.id ? failure : undefined;
          return (
            <li>
              <p class="admin-list-title">
                <span class="tag">{KIT_KIND_LABELS[k.kind]?.[locale] ?? k.kind}</span> {locale === 'ja' ? k.titleJa : k.titleEn}
              </p>
              <details open={failed ? true : undefined}>
                <summary>{t({ ja: 'この項目を編集する', en: 'Edit this entry' })}</summary>
                <PostForm action={localePath(locale, `${base}/kit/${k.id}`)} csrf={p.csrf}>
                  <KitFields locale={locale} prefix={`kit-${k.id}`} v={failed ? failed.values : { kind: k.kind, titleJa: k.titleJa, titleEn: k.titleEn, bodyJa: k.bodyJa, bodyEn: k.bodyEn, url: k.url ?? '' }} errors={errorsOf('kit', k.id)} />
                  <Button>{t({ ja: '項目を保存する', en: 'Save the entry' })}</Button>
                </PostForm>
                <ActionButton action={localePath(locale, `${base}/kit/${k.id}/delete`)} csrf={p.csrf} variant="warning" label={t({ ja: 'この項目を削除する', en: 'Delete this entry' })} />
              </details>
            </li>
          );
        })}
      </ol>
      <details class="panel" open={failure?.form === 'kit-new' ? true : undefined}>
        <summary>{t({ ja: 'キットに項目を追加する', en: 'Add a kit entry' })}</summary>
        <PostForm action={localePath(locale, `${base}/kit`)} csrf={p.csrf}>
          <KitFields locale={locale} prefix="kit-new" v={failure?.form === 'kit-new' ? failure.values : emptyKit} errors={errorsOf('kit-new')} />
          <Button>{t({ ja: '追加する', en: 'Add' })}</Button>
        </PostForm>
      </details>
    </Layout>
  );
}

export interface ReportRow {
  itemId: number;
  title: string;
  organisation: string;
  when: string;
  participants: number;
  updatedAt: string;
}

export function EventReportsPage(p: { locale: Locale; viewer: Viewer; rows: ReportRow[] }) {
  const t = tt(p.locale);
  const { locale } = p;
  const total = p.rows.reduce((n, r) => n + r.participants, 0);
  return (
    <Layout locale={locale} path="/moderation/event-reports" title={t({ ja: '開催報告', en: 'Event reports' })} viewer={p.viewer} area="moderation">
      <AdminNav locale={locale} current="reports" />
      <h1>{t({ ja: '開催報告', en: 'Event reports' })}</h1>
      <p>
        {locale === 'ja'
          ? `報告 ${formatNumber(locale, p.rows.length)}件、参加者の合計 ${formatNumber(locale, total)}人。`
          : `${formatNumber(locale, p.rows.length)} reports, ${formatNumber(locale, total)} participants in all.`}
      </p>
      <div class="table-scroll" role="region" aria-labelledby="reports-caption" tabIndex={0}>
        <table class="data-table">
          <caption id="reports-caption">{t({ ja: '開催報告の一覧（新しい順）', en: 'Reports, newest first' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: 'イベント', en: 'Event' })}</th>
              <th scope="col">{t({ ja: '主催団体', en: 'Organisation' })}</th>
              <th scope="col">{t({ ja: '日時', en: 'When' })}</th>
              <th scope="col" class="num">
                {t({ ja: '参加者数', en: 'Participants' })}
              </th>
              <th scope="col">{t({ ja: '報告日', en: 'Reported' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>
                  <a href={localePath(locale, `/moderation/event-reports/${r.itemId}`)}>{r.title}</a>
                </td>
                <td>{r.organisation}</td>
                <td>{r.when}</td>
                <td class="num">{formatNumber(locale, r.participants)}</td>
                <td>{formatDate(locale, r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

