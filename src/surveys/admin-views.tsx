// /admin/surveys: the upload form, the report of bad rows (by line and column), the result of the last
// import, the stored series and the history of imports.
import { formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Button, Notice } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { MAX_SURVEY_FILE_BYTES, MAX_SURVEY_ROWS, SURVEY_COLUMNS } from './csv.ts';
import { SURVEY_AUDIENCES, type SurveyFigure, type SurveyImport, type SurveyIssue } from './model.ts';
import { SurveyComparison } from './views.tsx';
import { EvaluationAdminNav } from '../kpis/views.tsx';

function issueText(locale: Locale, i: SurveyIssue): string {
  const where =
    i.line === null
      ? ''
      : locale === 'ja'
        ? `${i.line}行目${i.column ? `（${i.column}列）` : ''}：`
        : `Line ${i.line}${i.column ? `, column ${i.column}` : ''}: `;
  return where + i.message[locale];
}

export function SurveyAdminPage(p: { locale: Locale; viewer: Viewer; csrf: string; figures: SurveyFigure[]; imports: SurveyImport[]; result?: SurveyImport; issues: SurveyIssue[]; fileName?: string }) {
  const { locale } = p;
  const t = (x: Text) => x[locale];
  const title = t({ ja: '他の調査の数値', en: 'External survey figures' });
  const action = localePath(locale, '/admin/surveys');
  return (
    <Layout locale={locale} path="/admin/surveys" title={p.issues.length ? t({ ja: `エラー：${title}`, en: `Error: ${title}` }) : title} viewer={p.viewer} area="admin">
      {p.issues.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">
            {t({ ja: `取り込めませんでした（${p.issues.length}件の問題）。何も保存していません。`, en: `Nothing was imported (${p.issues.length} problem${p.issues.length === 1 ? '' : 's'}). Nothing was stored.` })}
          </h2>
          {p.fileName ? <p>{t({ ja: `ファイル：${p.fileName}`, en: `File: ${p.fileName}` })}</p> : null}
          <ul class="survey-issues">
            {p.issues.map((i) => (
              <li>{issueText(locale, i)}</li>
            ))}
          </ul>
          <p>{t({ ja: 'ファイルを直して、もう一度取り込んでください。', en: 'Fix the file and import it again.' })}</p>
        </div>
      ) : null}
      <h1>{title}</h1>
      <EvaluationAdminNav locale={locale} current="surveys" />
      {p.result ? (
        <div id="import-result">
          <Notice>
            {t({
              ja: `「${p.result.fileName}」の${formatNumber('ja', p.result.rowCount)}行を取り込みました（新規${formatNumber('ja', p.result.inserted)}件、更新${formatNumber('ja', p.result.updated)}件）。`,
              en: `Imported ${formatNumber('en', p.result.rowCount)} rows of "${p.result.fileName}" (${formatNumber('en', p.result.inserted)} new, ${formatNumber('en', p.result.updated)} updated).`,
            })}
          </Notice>
        </div>
      ) : null}
      <p class="explainer">
        {t({
          ja: '内閣府・IPAなど他の機関の調査の数値を、CSVで取り込みます。ダッシュボードと報告書では、ポータルの数値の横に「出典が異なる」と明示して表示します。同じ調査・年・設問・対象の行は、取り込み直すと上書きされます。1行でも問題があれば、何も取り込みません。',
          en: "Import figures of surveys by other bodies (Cabinet Office, IPA…) from CSV. The dashboard and reports show them beside the portal's own figures, labelled as a different source. A row with the same survey, year, question and audience replaces the stored one. If any row has a problem, nothing is imported.",
        })}
      </p>

      <h2>{t({ ja: 'CSVを取り込む', en: 'Import a CSV' })}</h2>
      <form method="post" action={action} enctype="multipart/form-data" novalidate class="survey-upload">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <div class="field">
          <label for="field-file">{t({ ja: 'CSVファイル', en: 'CSV file' })}</label>
          <p class="field-hint" id="field-file-hint">
            {t({
              ja: `UTF-8（BOMあり・なし）。${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MB、${formatNumber('ja', MAX_SURVEY_ROWS)}行まで。1行目は見出しです。`,
              en: `UTF-8 (with or without BOM). At most ${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MB and ${formatNumber('en', MAX_SURVEY_ROWS)} rows. Line 1 holds the column names.`,
            })}
          </p>
          <input type="file" id="field-file" name="file" accept=".csv,text/csv" aria-describedby="field-file-hint" />
        </div>
        <Button>{t({ ja: '取り込む', en: 'Import' })}</Button>
      </form>
      <p>
        <a href="/admin/surveys/template.csv" download>
          {t({ ja: 'ひな形のCSV（見出しと記入例1行）をダウンロード', en: 'Download the template CSV (column names and one example row)' })}
        </a>
      </p>
      <details>
        <summary>{t({ ja: '列の説明', en: 'The columns' })}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{t({ ja: '列の説明', en: 'The columns' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '見出し（英語）', en: 'Column' })}</th>
                <th scope="col">{t({ ja: '見出し（日本語）', en: 'In Japanese' })}</th>
                <th scope="col">{t({ ja: '必須', en: 'Required' })}</th>
              </tr>
            </thead>
            <tbody>
              {SURVEY_COLUMNS.map((c) => (
                <tr>
                  <th scope="row">
                    <code>{c.en}</code>
                  </th>
                  <td lang="ja">{c.ja}</td>
                  <td>{c.required ? t({ ja: '見出しは必須', en: 'Column required' }) : t({ ja: '任意', en: 'Optional' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul>
          <li>{t({ ja: `対象：${SURVEY_AUDIENCES.join('、')}（日本語の名前も使えます）`, en: `Audience: ${SURVEY_AUDIENCES.join(', ')} (or their names)` })}</li>
          <li>{t({ ja: '値：58.5、58.5%、全角の数字も使えます。単位が percent（既定）なら0〜100、count なら0以上の整数。', en: 'Value: 58.5, 58.5% and full-width digits are accepted; 0 to 100 for unit percent (the default), a whole number for count.' })}</li>
          <li>{t({ ja: '標本数：不明なら空欄（推測で補わないでください）。', en: 'Sample size: leave it empty when the source does not give it (do not guess).' })}</li>
          <li>{t({ ja: '対応項目：ポータルの自己診断の項目（例：personal:5 ＝ かんたんチェックの5番目）。編集部の判断として表示されます。', en: "Measure: the portal's self-check item (e.g. personal:5, the quick check's 5th measure); shown as the editors' judgement." })}</li>
        </ul>
      </details>

      <h2>{t({ ja: '登録されている数値', en: 'Stored figures' })}</h2>
      {p.figures.length ? <SurveyComparison locale={locale} rows={p.figures} /> : <p>{t({ ja: 'まだありません。', en: 'None yet.' })}</p>}

      <h2>{t({ ja: '取り込みの履歴', en: 'Imports' })}</h2>
      {p.imports.length ? (
        <div class="table-scroll">
          <table class="data-table admin-table">
            <caption class="visually-hidden">{t({ ja: '取り込みの履歴', en: 'Imports' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '日時', en: 'When' })}</th>
                <th scope="col">{t({ ja: 'ファイル', en: 'File' })}</th>
                <th scope="col">{t({ ja: '取り込んだ人', en: 'By' })}</th>
                <th scope="col" class="num">{t({ ja: '行数', en: 'Rows' })}</th>
                <th scope="col" class="num">{t({ ja: '新規', en: 'New' })}</th>
                <th scope="col" class="num">{t({ ja: '更新', en: 'Updated' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.imports.map((i) => (
                <tr>
                  <th scope="row">{formatDateTime(locale, i.createdAt)}</th>
                  <td>{i.fileName}</td>
                  <td>{i.actorName ?? t({ ja: '（初期データ）', en: '(shipped data)' })}</td>
                  <td class="num">{formatNumber(locale, i.rowCount)}</td>
                  <td class="num">{formatNumber(locale, i.inserted)}</td>
                  <td class="num">{formatNumber(locale, i.updated)}</td>
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
