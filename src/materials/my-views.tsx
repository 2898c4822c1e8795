// The organisation's own materials: the list, the form (multipart, with the file) and each item's page.
import { ItemActions, ItemStatus, StateTags } from '../content/views.tsx';
import type { AuditEntry } from '../audit/audit.ts';
import type { ContentItem } from '../content/model.ts';
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { HistoryList } from '../my/views.tsx';
import { AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextArea, TextField, REQUIRED_MARK, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { describeMaterial, diffMaterial, formatBytes, materialHandler, materialTitle, MATERIAL_LIMITS, normaliseMaterial } from './material-kind.ts';
import { LICENCE_INFO, LICENCES, MATERIAL_FORMAT_LABELS, MATERIAL_FORMATS, MATERIAL_LANGUAGE_LABELS, MATERIAL_LANGUAGES, MEDIA_TYPE_LABELS, type MaterialFileRef, type MaterialPayload } from './model.ts';

export type MaterialItem = ContentItem<MaterialPayload>;

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

export function currentMaterial(item: MaterialItem): MaterialPayload {
  return normaliseMaterial((item.working ?? item.published)!.payload);
}

export function MyMaterialsPage(p: { locale: Locale; viewer: Viewer; owned: MaterialItem[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/my/materials" title={t({ ja: '自団体の教材', en: 'Our materials' })} viewer={p.viewer} area="my-materials">
      <h1>{t({ ja: '自団体の教材', en: 'Our materials' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>{t({ ja: 'ハンドブック、リーフレット、ポスター、スライド、動画（リンク）などの啓発教材を登録できます。事務局の審査を経て「ツール・教材」に公開されます。', en: 'Register awareness materials — handbooks, leaflets, posters, slides, videos (as links) and more. They appear under Materials after review by the program office.' })}</p>
      <p>
        <a class="button" href={localePath(locale, '/my/materials/new')}>
          {t({ ja: '教材を登録する', en: 'Add a material' })}
        </a>
      </p>
      {p.owned.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t({ ja: '自団体の教材', en: 'Our materials' })}>
          <table class="data-table">
            <caption>{t({ ja: '自団体が管理する教材', en: 'Materials you manage' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '教材名', en: 'Material' })}</th>
                <th scope="col">{t({ ja: '種類', en: 'Kind' })}</th>
                <th scope="col">{t({ ja: '状態', en: 'State' })}</th>
                <th scope="col">{t({ ja: '最終確認', en: 'Last confirmed' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.owned.map((i) => {
                const m = currentMaterial(i);
                return (
                  <tr>
                    <td>
                      <a href={localePath(locale, `/my/materials/${i.id}`)}>{materialTitle(m)[locale]}</a>
                    </td>
                    <td>{MATERIAL_FORMAT_LABELS[m.format]?.[locale] ?? m.format}</td>
                    <td>
                      <StateTags locale={locale} item={i} />
                    </td>
                    <td>{i.confirmedAt ? formatDate(locale, i.confirmedAt) : t({ ja: '未確認', en: 'Never' })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: 'まだ教材がありません。', en: 'No materials yet.' })}</p>
      )}
    </Layout>
  );
}

function fileSummary(locale: Locale, f: MaterialFileRef): string {
  return `${f.name}（${MEDIA_TYPE_LABELS[f.mediaType] ?? f.mediaType}・${formatBytes(locale, f.size)}）`;
}

export function MaterialFormPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  action: string;
  title: Text;
  payload: MaterialPayload;
  linksRaw: { initiatives: string; events: string };
  errors: FieldErrors;
  cancelHref: string;
  maxBytes: number;
  /** An upload was accepted but the form had other problems: it must be chosen again. */
  reselect?: boolean;
  /** The item's file before this edit (shown with the option to remove it). */
  currentFile: MaterialFileRef | null;
}) {
  const t = tt(p.locale);
  const { locale, payload: v, errors } = p;
  const fileErr = errors.file;
  const maxMb = formatBytes(locale, p.maxBytes);
  return (
    <Layout locale={locale} path={p.action} title={t(p.title)} viewer={p.viewer} area="my-materials">
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <form method="post" action={localePath(locale, p.action)} enctype="multipart/form-data" novalidate>
        {/* The token comes first: the server checks it before it reads the file. */}
        <input type="hidden" name="_csrf" value={p.csrf} />
        <TextField locale={locale} name="titleJa" label={{ ja: '教材名（日本語）', en: 'Title (Japanese)' }} required value={v.titleJa} errors={errors} maxLength={MATERIAL_LIMITS.title} />
        <TextField locale={locale} name="titleEn" label={{ ja: '教材名（英語）', en: 'Title (English)' }} hint={{ ja: '空欄なら英語のページにも日本語名を表示します。', en: 'Left empty, English pages show the Japanese title.' }} value={v.titleEn} errors={errors} maxLength={MATERIAL_LIMITS.title} />
        <TextArea locale={locale} name="summaryJa" label={{ ja: '概要（日本語）', en: 'Summary (Japanese)' }} hint={{ ja: `誰に、何を伝える教材か。${MATERIAL_LIMITS.summary}文字以内。`, en: `Who it is for and what it teaches. Up to ${MATERIAL_LIMITS.summary} characters.` }} required value={v.summaryJa} errors={errors} />
        <TextArea locale={locale} name="summaryEn" label={{ ja: '概要（英語）', en: 'Summary (English)' }} value={v.summaryEn} errors={errors} rows={4} />
        <ChoiceGroup locale={locale} type="radio" name="format" label={{ ja: '種類', en: 'Kind of material' }} required selected={[v.format]} errors={errors} columns choices={MATERIAL_FORMATS.map((f) => ({ value: f, label: MATERIAL_FORMAT_LABELS[f] }))} />
        <ChoiceGroup locale={locale} type="checkbox" name="audiences" label={{ ja: '対象', en: 'Audiences' }} hint={{ ja: '当てはまるものをすべて選んでください。', en: 'Choose all that apply.' }} required selected={v.audiences} errors={errors} columns choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))} />
        <ChoiceGroup locale={locale} type="radio" name="language" label={{ ja: '言語', en: 'Language' }} required selected={[v.language]} errors={errors} choices={MATERIAL_LANGUAGES.map((l) => ({ value: l, label: MATERIAL_LANGUAGE_LABELS[l] }))} />

        <h2>{t({ ja: 'ファイルまたはURL', en: 'File or web address' })}</h2>
        <div class={`field${fileErr ? ' field-has-error' : ''}`}>
          <label class="field-label" for="field-file">
            {t({ ja: 'ファイル', en: 'File' })}
          </label>
          <p class="field-hint" id="field-file-hint">
            {t({
              ja: `PDF、PNG、JPEG、GIF、WebP、Word・Excel・PowerPoint（docx・xlsx・pptx）、MP4、テキスト（UTF-8）、CSV。${maxMb}まで。HTML、SVG、プログラム、マクロ付きのファイルは受け付けません。`,
              en: `PDF, PNG, JPEG, GIF, WebP, Word/Excel/PowerPoint (docx, xlsx, pptx), MP4, plain text (UTF-8) or CSV, up to ${maxMb}. HTML, SVG, programs and files with macros are not accepted.`,
            })}
            {p.currentFile ? t({ ja: '新しいファイルを選ぶと差し替えになります（以前の版も公開ページに残ります）。', en: ' Choosing a new file replaces the current one (earlier versions stay on the public page).' }) : ''}
          </p>
          {fileErr ? (
            <p class="field-error" id="field-file-error">
              <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
              {fileErr[locale]}
            </p>
          ) : null}
          {p.reselect ? <p class="field-hint">{t({ ja: 'ファイルは保存されていません。もう一度選んでください。', en: 'The file was not saved. Choose it again.' })}</p> : null}
          <input
            class="input input-file"
            type="file"
            id="field-file"
            name="file"
            accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.mp4,.txt,.csv"
            aria-describedby={fileErr ? 'field-file-hint field-file-error' : 'field-file-hint'}
            aria-invalid={fileErr ? 'true' : undefined}
          />
        </div>
        {p.currentFile ? (
          <div class="field">
            <p>
              {t({ ja: '現在のファイル：', en: 'Current file: ' })}
              {fileSummary(locale, p.currentFile)}
            </p>
            <div class="choice">
              <input type="checkbox" id="field-removeFile" name="removeFile" value="1" />
              <label for="field-removeFile">{t({ ja: 'ファイルを外す（URLだけの教材にする）', en: 'Remove the file (a link-only material)' })}</label>
            </div>
          </div>
        ) : null}
        <TextField locale={locale} name="url" type="url" label={{ ja: '教材のURL（動画・ウェブ教材など）', en: 'Web address (videos, online tools…)' }} hint={{ ja: '例：https://www.youtube.com/watch?v=… ファイルかURLのどちらかが必要です。', en: 'For example https://www.youtube.com/watch?v=… A file or a web address is needed.' }} value={v.url ?? ''} errors={errors} />

        <h2>{t({ ja: '利用条件と版', en: 'Licence and version' })}</h2>
        <SelectField locale={locale} name="licence" label={{ ja: '利用条件（ライセンス）', en: 'Licence' }} hint={{ ja: '第三者が複製・配布できる条件です。', en: 'The terms on which others may copy and share it.' }} required value={v.licence} errors={errors} choices={LICENCES.map((l) => ({ value: l, label: LICENCE_INFO[l].label }))} />
        <TextField locale={locale} name="attribution" label={{ ja: 'クレジット表記', en: 'Credit line' }} hint={{ ja: '利用者が表示する出典の書き方。例：出典：独立行政法人情報処理推進機構「情報セキュリティ読本」', en: 'What reusers must show. For example: Source: IPA, "Information Security Handbook"' }} required value={v.attribution} errors={errors} maxLength={MATERIAL_LIMITS.attribution} />
        <TextField locale={locale} name="version" label={{ ja: '版', en: 'Version' }} hint={{ ja: '例：第2版、2026年度版', en: 'For example: 2nd edition, 2026' }} value={v.version} errors={errors} maxLength={MATERIAL_LIMITS.version} width="short" />
        <TextField locale={locale} name="issuedOn" label={{ ja: '発行日', en: 'Date of issue' }} hint={{ ja: '例：2026-04-01', en: 'For example 2026-04-01' }} value={v.issuedOn ?? ''} errors={errors} width="short" inputMode="numeric" />

        <h2>{t({ ja: '関連する取組・イベント（任意）', en: 'Initiatives and events (optional)' })}</h2>
        <TextField locale={locale} name="initiatives" label={{ ja: '関連する取組の番号', en: 'Initiative numbers' }} hint={{ ja: '取組のページのアドレス末尾の番号（例：/initiatives/12 なら 12）。複数はカンマで区切ります。', en: 'The number at the end of the initiative’s address (12 for /initiatives/12). Separate several with commas.' }} value={p.linksRaw.initiatives} errors={errors} />
        <TextField locale={locale} name="events" label={{ ja: '関連するイベントの番号', en: 'Event numbers' }} hint={{ ja: 'イベントのページのアドレス末尾の番号。複数はカンマで区切ります。', en: 'The number at the end of the event’s address. Separate several with commas.' }} value={p.linksRaw.events} errors={errors} />

        <p class="hint">
          {t({ ja: `${REQUIRED_MARK.ja}の項目は審査に出すときに必要です。下書きは未完成でも保存できます。`, en: 'Fields marked Required must be filled in to submit; a draft can be saved incomplete.' })}
        </p>
        <div class="button-row">
          <Button name="intent" value="submit">
            {t({ ja: '保存して審査に出す', en: 'Save and submit for review' })}
          </Button>
          <Button name="intent" value="save" variant="secondary">
            {t({ ja: '下書き保存', en: 'Save as draft' })}
          </Button>
          <a href={p.cancelHref}>{t({ ja: '保存せずに戻る', en: 'Cancel' })}</a>
        </div>
      </form>
    </Layout>
  );
}

export function MyMaterialPage(p: { locale: Locale; viewer: Viewer; csrf: string; item: MaterialItem; history: AuditEntry[]; canEdit: boolean; notice?: Text; errors?: FieldErrors; note?: string; hasPreview: boolean }) {
  const t = tt(p.locale);
  const { locale, item } = p;
  const w = item.working;
  const shown = currentMaterial(item);
  const base = `/my/materials/${item.id}`;
  return (
    <Layout locale={locale} path={base} title={materialTitle(shown)[locale]} viewer={p.viewer} area="my-materials">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/materials')}>{t({ ja: '自団体の教材一覧へ戻る', en: 'Back to our materials' })}</a>
      </p>
      <h1>{materialTitle(shown)[locale]}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors ?? {}} />
      <ItemStatus locale={locale} item={item} publicPath={`/materials/${item.publicId}`} tags={<StateTags locale={locale} item={item} />} />
      {p.canEdit ? (
        <ItemActions locale={locale} csrf={p.csrf} item={item} base={base} changeLabel={{ ja: '内容を変更する', en: 'Change this material' }} />
      ) : (
        <p class="hint">{t({ ja: 'この教材は共同提供団体として表示されています。編集は主催団体が行います。', en: 'You are listed as a co-organiser. The owning organisation edits this material.' })}</p>
      )}
      <h2>{t(w ? { ja: '作業中の内容', en: 'Your working version' } : { ja: '公開中の内容', en: 'Published version' })}</h2>
      {shown.file ? (
        <div class="material-draft-file">
          {p.hasPreview ? <img class="material-draft-preview" src={`${base}/preview`} alt={t({ ja: 'ファイルのプレビュー', en: 'Preview of the file' })} /> : null}
          <p>
            <a href={`${base}/file`}>{t({ ja: 'ファイルをダウンロードして確認する', en: 'Download the file to check it' })}</a>
          </p>
        </div>
      ) : null}
      <dl class="detail-list">
        {describeMaterial(shown, locale).map((f) => (
          <div>
            <dt>{f.label[locale]}</dt>
            <dd>{f.value || '—'}</dd>
          </div>
        ))}
        <div>
          <dt>{t({ ja: '提供団体', en: 'Organisations' })}</dt>
          <dd>{item.organisers.map((o) => (locale === 'ja' ? o.nameJa : o.nameEn)).join(locale === 'ja' ? '、' : ', ')}</dd>
        </div>
      </dl>
      {w && item.published ? <ChangesTable locale={locale} before={normaliseMaterial(item.published.payload)} after={normaliseMaterial(w.payload)} /> : null}
      {p.canEdit && item.isPublic ? (
        <details class="danger-zone">
          <summary>{t({ ja: '公開を停止する', en: 'Unpublish' })}</summary>
          <PostForm action={localePath(locale, `${base}/unpublish`)} csrf={p.csrf}>
            <TextArea locale={locale} name="note" label={{ ja: '停止の理由', en: 'Reason' }} required value={p.note ?? ''} errors={p.errors} rows={3} />
            <Button variant="warning">{t({ ja: '公開を停止する', en: 'Unpublish this material' })}</Button>
          </PostForm>
        </details>
      ) : null}
      <h2>{t({ ja: '変更履歴', en: 'History' })}</h2>
      <HistoryList locale={locale} entries={p.history} handlerOf={() => materialHandler} />
    </Layout>
  );
}

function ChangesTable({ locale, before, after }: { locale: Locale; before: MaterialPayload; after: MaterialPayload }) {
  const t = tt(locale);
  const changes = diffMaterial(before, after, locale);
  if (!changes.length) return <p>{t({ ja: '公開中の内容からの変更はありません。', en: 'No changes from the published version.' })}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t({ ja: '公開中の内容からの変更', en: 'Changes from the published version' })}>
      <table class="data-table diff-table">
        <caption>{t({ ja: '公開中の内容からの変更', en: 'Changes from the published version' })}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ ja: '項目', en: 'Field' })}</th>
            <th scope="col">{t({ ja: '変更前', en: 'Before' })}</th>
            <th scope="col">{t({ ja: '変更後', en: 'After' })}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr>
              <th scope="row">{c.label[locale]}</th>
              <td class="diff-before">{c.before || '—'}</td>
              <td class="diff-after">{c.after || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

