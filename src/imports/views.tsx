// Bulk import pages: the start page (templates, the columns explained, the upload form, exports and
// earlier imports) and the preview of one sheet, row by row and column by column, with its confirmation.
import { formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Button, Notice } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { columnOf, KIND_SPECS } from './columns.ts';
import { confirmable, IMPORT_KIND_LABELS, IMPORT_KINDS, type ImportKind, type ImportRecord, type ImportSummary, type RowDecision } from './model.ts';

/** Where the pages live: an organisation's (/my/import) or the program office's (/admin/import). */
export interface ImportArea {
  base: '/my/import' | '/admin/import';
  office: boolean;
}

export interface UploadProblem {
  field: 'kind' | 'file';
  message: Text;
}

const STATUS_LABELS: Record<ImportRecord['status'], Text> = {
  previewed: { ja: '確認待ち', en: 'Waiting for confirmation' },
  applied: { ja: '取込み済み', en: 'Imported' },
  discarded: { ja: '破棄', en: 'Discarded' },
  expired: { ja: '期限切れ', en: 'Expired' },
};

const ACTION_LABELS: Record<RowDecision['action'], Text> = {
  create: { ja: '新規登録', en: 'New' },
  update: { ja: '更新', en: 'Update' },
  unchanged: { ja: '変更なし', en: 'Unchanged' },
  refuse: { ja: '取込み不可', en: 'Refused' },
};

/** A preview that cannot be confirmed is not "waiting": it says so. */
function statusOf(r: ImportRecord): Text {
  return r.status === 'previewed' && !confirmable(r.summary) ? { ja: '取込み不可（確定できません）', en: 'Cannot be imported' } : STATUS_LABELS[r.status];
}

function maxMb(bytes: number): string {
  return `${Math.floor(bytes / 1024 / 1024)} MB`;
}

export function ImportStartPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  area: ImportArea;
  imports: ImportRecord[];
  problems: UploadProblem[];
  kind: ImportKind | null;
  maxBytes: number;
  maxRows: number;
}) {
  const { locale, area } = p;
  const t = (x: Text) => x[locale];
  const title = area.office ? t({ ja: '一括登録（事務局：複数の団体）', en: 'Bulk import (program office: many organisations)' }) : t({ ja: '一括登録と書き出し', en: 'Bulk import and export' });
  const fmt = area.office ? '?office=1' : '';
  const action = localePath(locale, area.base);
  return (
    <Layout locale={locale} path={area.base} title={p.problems.length ? t({ ja: `エラー：${title}`, en: `Error: ${title}` }) : title} viewer={p.viewer} area={area.office ? 'admin' : 'my-import'}>
      {p.problems.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">{t({ ja: '入力内容を確認してください', en: 'There is a problem' })}</h2>
          <ul>
            {p.problems.map((x) => (
              <li>
                <a href={`#field-${x.field}`}>{t(x.message)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h1>{title}</h1>
      <p>
        {area.office
          ? t({
              ja: '複数の団体の取組・イベント・教材を、1つのシートでまとめて登録します。各行の「団体（識別子）」列が、その行の項目を所有する団体です。',
              en: 'Register initiatives, events or materials of many organisations from one sheet. The "Organisation (identifier)" column of each row names the organisation that owns it.',
            })
          : t({
              ja: '表計算ソフトで管理している取組・イベント・教材の一覧を、まとめて登録・更新できます。',
              en: 'Register or update the initiatives, events or materials you keep in a spreadsheet, all at once.',
            })}
      </p>
      <ol class="steps">
        <li>{t({ ja: 'ひな形（CSVまたはExcel）をダウンロードし、1項目を1行に記入します。', en: 'Download a template (CSV or Excel) and fill in one entry per row.' })}</li>
        <li>{t({ ja: 'ファイルをアップロードすると、行ごとに「新規登録・更新・変更なし・取込み不可」と、その理由を表示します。この時点では何も登録しません。', en: 'Upload it: a preview shows, row by row, what will be added, updated, left unchanged or refused, and why. Nothing is stored yet.' })}</li>
        <li>{t({ ja: '内容を確認して確定すると、全ての行をまとめて登録します（1行でも問題があれば、どの行も登録しません）。登録した項目は、画面から入力したものと同じく審査に進みます。', en: 'Confirm, and every row is stored at once (if any row has a problem, none is). The entries then go to review, like entries typed into the forms.' })}</li>
      </ol>

      <h2 id="upload">{t({ ja: 'ファイルをアップロード', en: 'Upload a file' })}</h2>
      <form method="post" action={action} enctype="multipart/form-data" novalidate class="import-upload">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <fieldset class="field" id="field-kind" aria-describedby={p.problems.some((x) => x.field === 'kind') ? 'field-kind-error' : undefined}>
          <legend>{t({ ja: '登録する内容', en: 'What the sheet holds' })}</legend>
          {p.problems
            .filter((x) => x.field === 'kind')
            .map((x) => (
              <p class="field-error" id="field-kind-error">
                {t(x.message)}
              </p>
            ))}
          {IMPORT_KINDS.map((k) => (
            <div class="choice">
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={p.kind === k} />
              <label for={`kind-${k}`}>{t(IMPORT_KIND_LABELS[k])}</label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="field-file">{t({ ja: 'ファイル（CSV または Excel の .xlsx）', en: 'File (CSV or Excel .xlsx)' })}</label>
          <p class="field-hint" id="field-file-hint">
            {t({
              ja: `CSVの文字コードは UTF-8（BOMあり・なし）か Shift_JIS。${maxMb(p.maxBytes)}・${formatNumber('ja', p.maxRows)}行まで。1行目は列名です。`,
              en: `CSV in UTF-8 (with or without BOM) or Shift_JIS. At most ${maxMb(p.maxBytes)} and ${formatNumber('en', p.maxRows)} rows. Row 1 holds the column names.`,
            })}
          </p>
          {p.problems
            .filter((x) => x.field === 'file')
            .map((x) => (
              <p class="field-error" id="field-file-error">
                {t(x.message)}
              </p>
            ))}
          <input
            type="file"
            id="field-file"
            name="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={p.problems.some((x) => x.field === 'file') ? 'field-file-hint field-file-error' : 'field-file-hint'}
          />
        </div>
        <Button>{t({ ja: 'プレビューする', en: 'Preview' })}</Button>
      </form>

      <h2 id="templates">{t({ ja: 'ひな形と列の説明', en: 'Templates and the columns' })}</h2>
      <p>{t({ ja: '列名は日本語・英語のどちらでも読み取ります。列の順番は自由です。知らない列は無視し、プレビューでお知らせします。', en: 'Column names may be in Japanese or English, in any order. Unknown columns are ignored, and the preview says so.' })}</p>
      {IMPORT_KINDS.map((k) => {
        const spec = KIND_SPECS[k];
        const cols = spec.columns.filter((c) => c.type !== 'organisation' || area.office);
        return (
          <section aria-labelledby={`template-${k}`}>
            <h3 id={`template-${k}`}>{t(IMPORT_KIND_LABELS[k])}</h3>
            <ul class="inline-links">
              <li>
                <a href={localePath(locale, `${area.base}/templates/${k}.csv`) + fmt} download>
                  {t({ ja: `${IMPORT_KIND_LABELS[k].ja}のひな形（CSV）`, en: `${IMPORT_KIND_LABELS[k].en} template (CSV)` })}
                </a>
              </li>
              <li>
                <a href={localePath(locale, `${area.base}/templates/${k}.xlsx`) + fmt} download>
                  {t({ ja: `${IMPORT_KIND_LABELS[k].ja}のひな形（Excel）`, en: `${IMPORT_KIND_LABELS[k].en} template (Excel)` })}
                </a>
              </li>
            </ul>
            <details>
              <summary>{t({ ja: `${IMPORT_KIND_LABELS[k].ja}の列の説明（${cols.length}列）`, en: `The ${cols.length} columns of ${IMPORT_KIND_LABELS[k].en.toLowerCase()}` })}</summary>
              <div class="table-scroll">
                <table class="data-table">
                  <caption class="visually-hidden">{t({ ja: `${IMPORT_KIND_LABELS[k].ja}の列`, en: `Columns of ${IMPORT_KIND_LABELS[k].en.toLowerCase()}` })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t({ ja: '列名', en: 'Column' })}</th>
                      <th scope="col">{t({ ja: '別名（英語・日本語）', en: 'Also accepted' })}</th>
                      <th scope="col">{t({ ja: '必須', en: 'Required' })}</th>
                      <th scope="col">{t({ ja: '書き方', en: 'What to write' })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cols.map((c) => (
                      <tr>
                        <th scope="row">{c.label[locale]}</th>
                        <td>
                          <span lang={locale === 'ja' ? 'en' : 'ja'}>{c.label[locale === 'ja' ? 'en' : 'ja']}</span>, <code>{c.key}</code>
                        </td>
                        <td>{c.required ? t({ ja: '必須', en: 'Yes' }) : t({ ja: '任意', en: 'No' })}</td>
                        <td>{c.help[locale]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
        );
      })}

      {area.office ? null : (
        <>
          <h2 id="export">{t({ ja: '書き出し（データの持ち出し）', en: 'Export (take your data with you)' })}</h2>
          <p>{t({ ja: '貴団体が登録した全ての項目を、取込みと同じ列で書き出します。書き出したファイルを直して取り込むと、同じ項目が更新されます。', en: 'Everything your organisation has registered, in the same columns as the import. Edit an export and import it to update the same entries.' })}</p>
          <ul class="inline-links">
            <li>
              <a href={localePath(locale, '/my/export/all.xlsx')} download>
                {t({ ja: '貴団体のすべてのデータ（Excel：取組・イベント・教材・注意喚起・団体情報・メンバー・フィード・Webhook）', en: "All your organisation's data (Excel: initiatives, events, materials, advisories, profile, members, feeds, webhooks)" })}
              </a>
            </li>
            {IMPORT_KINDS.flatMap((k) =>
              (['csv', 'xlsx'] as const).map((f) => (
                <li>
                  <a href={localePath(locale, `/my/export/${k}.${f}`)} download>
                    {t({ ja: `${IMPORT_KIND_LABELS[k].ja}（${f === 'csv' ? 'CSV' : 'Excel'}）`, en: `${IMPORT_KIND_LABELS[k].en} (${f === 'csv' ? 'CSV' : 'Excel'})` })}
                  </a>
                </li>
              )),
            )}
          </ul>
        </>
      )}

      <h2 id="history">{t({ ja: 'これまでの取込み', en: 'Earlier imports' })}</h2>
      {p.imports.length ? (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{t({ ja: 'これまでの取込み', en: 'Earlier imports' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '日時', en: 'When' })}</th>
                <th scope="col">{t({ ja: '内容', en: 'Kind' })}</th>
                <th scope="col">{t({ ja: 'ファイル', en: 'File' })}</th>
                <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
                <th scope="col" class="num">{t({ ja: '行数', en: 'Rows' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.imports.map((i) => (
                <tr>
                  <th scope="row">
                    <a href={localePath(locale, `${area.base}/${i.id}`)}>{formatDateTime(locale, i.createdAt)}</a>
                  </th>
                  <td>{t(IMPORT_KIND_LABELS[i.kind])}</td>
                  <td>{i.fileName}</td>
                  <td>{t(statusOf(i))}</td>
                  <td class="num">{formatNumber(locale, i.summary.counts.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: 'まだありません。', en: 'None yet.' })}</p>
      )}
    </Layout>
  );
}

function where(locale: Locale, line: number | null): string {
  if (line === null) return '';
  return locale === 'ja' ? `${line}行目：` : `Line ${line}: `;
}

function RowDetail({ locale, kind, row }: { locale: Locale; kind: ImportKind; row: RowDecision }) {
  const t = (x: Text) => x[locale];
  const spec = KIND_SPECS[kind];
  if (row.problems.length) {
    return (
      <ul class="row-problems">
        {row.problems.map((pr) => {
          const col = pr.column ? columnOf(spec, pr.column) : undefined;
          return (
            <li>
              {col ? <strong>{t({ ja: `「${col.label.ja}」列：`, en: `${col.label.en}: ` })}</strong> : null}
              {t(pr.message)}
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <>
      {row.match ? <p>{t(row.match)}</p> : null}
      {row.changes.length ? <p>{t({ ja: `変わる列：${row.changes.map((c) => c.ja).join('、')}`, en: `Changes: ${row.changes.map((c) => c.en).join(', ')}` })}</p> : null}
    </>
  );
}

export function ImportPreviewPage(p: { locale: Locale; viewer: Viewer; csrf: string; area: ImportArea; record: ImportRecord; notice: 'applied' | 'discarded' | null; error?: Text }) {
  const { locale, area, record } = p;
  const s: ImportSummary = record.summary;
  const t = (x: Text) => x[locale];
  const kind = t(IMPORT_KIND_LABELS[record.kind]);
  const applied = record.status === 'applied';
  const title = applied ? t({ ja: `取込みの結果：${record.fileName}`, en: `Import result: ${record.fileName}` }) : t({ ja: `取込みのプレビュー：${record.fileName}`, en: `Import preview: ${record.fileName}` });
  const base = localePath(locale, `${area.base}/${record.id}`);
  const canConfirm = record.status === 'previewed' && confirmable(s);
  const refused = s.rows.filter((r) => r.action === 'refuse');
  const hasErrors = s.fileProblems.length > 0 || s.counts.refuse > 0 || !!p.error;
  const shownAll = s.rows.length >= s.counts.rows;
  const writes = s.counts.create + s.counts.update;
  return (
    <Layout locale={locale} path={`${area.base}/${record.id}`} title={hasErrors && !applied ? t({ ja: `エラー：${title}`, en: `Error: ${title}` }) : title} viewer={p.viewer} area={area.office ? 'admin' : 'my-import'}>
      {p.error ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">{t({ ja: '取り込めませんでした。何も登録していません。', en: 'Nothing was imported. Nothing was stored.' })}</h2>
          <p>{t(p.error)}</p>
        </div>
      ) : s.fileProblems.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">{t({ ja: 'このファイルは取り込めません。何も登録していません。', en: 'This file cannot be imported. Nothing was stored.' })}</h2>
          <ul>
            {s.fileProblems.map((f) => (
              <li>
                {where(locale, f.line)}
                {t(f.message)}
              </li>
            ))}
          </ul>
          <p>{t({ ja: 'ファイルを直して、もう一度アップロードしてください。', en: 'Correct the file and upload it again.' })}</p>
        </div>
      ) : s.counts.refuse > 0 && record.status === 'previewed' ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">
            {t({ ja: `${formatNumber('ja', s.counts.refuse)}行は取り込めません。このままでは確定できません。`, en: `${formatNumber('en', s.counts.refuse)} row${s.counts.refuse === 1 ? '' : 's'} cannot be imported, so this import cannot be confirmed.` })}
          </h2>
          <ul>
            {refused.slice(0, 20).map((r) => (
              <li>
                <a href={`#row-${r.line}`}>
                  {where(locale, r.line)}
                  {t(r.problems[0]!.message)}
                  {r.problems.length > 1 ? t({ ja: `（ほか${r.problems.length - 1}件）`, en: ` (and ${r.problems.length - 1} more)` }) : ''}
                </a>
              </li>
            ))}
          </ul>
          {s.counts.refuse > 20 ? <p>{t({ ja: `ほか${formatNumber('ja', s.counts.refuse - 20)}行。下の表をご覧ください。`, en: `And ${formatNumber('en', s.counts.refuse - 20)} more: see the table below.` })}</p> : null}
          <p>{t({ ja: 'シートを直して、もう一度アップロードしてください。何も登録していません。', en: 'Correct the sheet and upload it again. Nothing has been stored.' })}</p>
        </div>
      ) : null}
      {p.notice === 'applied' ? (
        <Notice>
          {t({
            ja: `取り込みました：新規${formatNumber('ja', s.counts.create)}件、更新${formatNumber('ja', s.counts.update)}件。${s.published ? `${formatNumber('ja', s.published)}件は貴団体の設定により直接公開しました。` : '審査に出しました。承認されると公開されます。'}`,
            en: `Imported: ${formatNumber('en', s.counts.create)} new, ${formatNumber('en', s.counts.update)} updated. ${s.published ? `${formatNumber('en', s.published)} were published directly, as your organisation's policy allows.` : 'They have gone to review and are published once approved.'}`,
          })}
        </Notice>
      ) : null}
      {p.notice === 'discarded' ? <Notice kind="info">{t({ ja: 'このプレビューを破棄しました。何も登録していません。', en: 'This preview was discarded. Nothing was stored.' })}</Notice> : null}

      <h1>{title}</h1>
      <dl class="detail-list">
        <div>
          <dt>{t({ ja: '内容', en: 'Kind' })}</dt>
          <dd>{kind}</dd>
        </div>
        <div>
          <dt>{t({ ja: '状態', en: 'Status' })}</dt>
          <dd>{t(statusOf(record))}</dd>
        </div>
        {s.format ? (
          <div>
            <dt>{t({ ja: '形式', en: 'Format' })}</dt>
            <dd>{s.format === 'xlsx' ? 'Excel (.xlsx)' : `CSV${s.encoding ? ` (${s.encoding === 'shift_jis' ? 'Shift_JIS' : s.encoding === 'utf-8-bom' ? 'UTF-8 BOM' : 'UTF-8'})` : ''}`}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t({ ja: '行数', en: 'Rows' })}</dt>
          <dd>{formatNumber(locale, s.counts.rows)}</dd>
        </div>
      </dl>
      <ul class="import-counts">
        <li>
          {t(ACTION_LABELS.create)}：<strong>{formatNumber(locale, s.counts.create)}</strong>
        </li>
        <li>
          {t(ACTION_LABELS.update)}：<strong>{formatNumber(locale, s.counts.update)}</strong>
        </li>
        <li>
          {t(ACTION_LABELS.unchanged)}：<strong>{formatNumber(locale, s.counts.unchanged)}</strong>
        </li>
        <li>
          {t(ACTION_LABELS.refuse)}：<strong>{formatNumber(locale, s.counts.refuse)}</strong>
        </li>
      </ul>
      {s.ignoredColumns.length ? (
        <Notice kind="warning">
          {t({ ja: `次の列は読み取れないため無視します：${s.ignoredColumns.map((c) => `「${c}」`).join('')}`, en: `These columns are not known and are ignored: ${s.ignoredColumns.map((c) => `"${c}"`).join(', ')}` })}
        </Notice>
      ) : null}

      {canConfirm ? (
        <section aria-labelledby="confirm-title" class="confirm-box">
          <h2 id="confirm-title">{t({ ja: '確定する', en: 'Confirm' })}</h2>
          <p>
            {t({
              ja: `新規${formatNumber('ja', s.counts.create)}件・更新${formatNumber('ja', s.counts.update)}件をまとめて登録し、審査に出します。変更のない${formatNumber('ja', s.counts.unchanged)}件はそのままです。`,
              en: `${formatNumber('en', s.counts.create)} new and ${formatNumber('en', s.counts.update)} updated entries are stored together and sent to review; the ${formatNumber('en', s.counts.unchanged)} unchanged stay as they are.`,
            })}
          </p>
          <form method="post" action={`${base}/confirm`} class="inline-form">
            <input type="hidden" name="_csrf" value={p.csrf} />
            <Button>{t({ ja: `${formatNumber('ja', writes)}件を登録する`, en: `Store ${formatNumber('en', writes)} entr${writes === 1 ? 'y' : 'ies'}` })}</Button>
          </form>{' '}
          <form method="post" action={`${base}/discard`} class="inline-form">
            <input type="hidden" name="_csrf" value={p.csrf} />
            <Button variant="secondary">{t({ ja: '破棄する', en: 'Discard' })}</Button>
          </form>
        </section>
      ) : record.status === 'previewed' && !hasErrors && writes === 0 ? (
        <Notice kind="info">{t({ ja: '全ての行が登録済みの内容と同じです。登録するものはありません。', en: 'Every row matches what is stored. There is nothing to import.' })}</Notice>
      ) : null}

      {s.rows.length ? (
        <>
          <h2 id="rows">{t({ ja: '行ごとの内容', en: 'Row by row' })}</h2>
          {shownAll ? null : (
            <p>
              {t({
                ja: `${formatNumber('ja', s.counts.rows)}行のうち、取込み不可の行を先に、${formatNumber('ja', s.rows.length)}行を表示しています。`,
                en: `Showing ${formatNumber('en', s.rows.length)} of ${formatNumber('en', s.counts.rows)} rows, refused rows first.`,
              })}
            </p>
          )}
          <div class="table-scroll">
            <table class="data-table import-rows">
              <caption class="visually-hidden">{t({ ja: '行ごとの処理と理由', en: 'What happens to each row, and why' })}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">{t({ ja: '行', en: 'Line' })}</th>
                  <th scope="col">{t({ ja: '処理', en: 'Action' })}</th>
                  <th scope="col">{t({ ja: '名称', en: 'Title' })}</th>
                  <th scope="col">ID</th>
                  {area.office ? <th scope="col">{t({ ja: '団体', en: 'Organisation' })}</th> : null}
                  <th scope="col">{t({ ja: '詳細', en: 'Details' })}</th>
                </tr>
              </thead>
              <tbody>
                {s.rows.map((r) => (
                  <tr id={`row-${r.line}`} class={`row-${r.action}`}>
                    <th scope="row" class="num">
                      {r.line}
                    </th>
                    <td>
                      <span class={`tag tag-${r.action}`}>{t(ACTION_LABELS[r.action])}</span>
                    </td>
                    <td>{r.itemId !== null && applied && !area.office ? <a href={localePath(locale, `/my/${record.kind}/${r.itemId}`)}>{r.title}</a> : r.title}</td>
                    <td>{r.externalId ?? ''}</td>
                    {area.office ? <td>{r.organisationSlug ?? ''}</td> : null}
                    <td>
                      <RowDetail locale={locale} kind={record.kind} row={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <p>
        <a href={localePath(locale, area.base)}>{t({ ja: '一括登録のページに戻る', en: 'Back to bulk import' })}</a>
      </p>
    </Layout>
  );
}
