// Administration of a JSON document the program office edits (the guided path's rules, the self-checks'
// definitions): the version in use, an editor that refuses invalid documents (naming each JSON path and
// what is wrong), and every earlier version with who saved it and when, each viewable and restorable.
import type { ComponentChildren } from 'preact';
import { formatDateTime, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { RowAction } from './row-action.tsx';
import { Notice, PostForm, TextField } from './form.tsx';
import type { DocumentIssue } from './json-document.ts';
import { Layout, type Viewer } from './layout.tsx';

export interface SavedVersion {
  version: number;
  document: string;
  note: string;
  restoredFrom: number | null;
  createdByName: string | null;
  createdAt: string;
}

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const who = (locale: Locale, v: SavedVersion) => v.createdByName ?? (locale === 'ja' ? '初期設定' : 'shipped default');

export interface DocumentEditorProps {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  /** The editor's path: POST saves there, versions live under {basePath}/versions/{n}. */
  basePath: string;
  title: Text;
  /** What the textarea holds, e.g. "質問と規則（JSON）". */
  fieldLabel: Text;
  nav?: ComponentChildren;
  /** "How to write it": shown folded above the editor. */
  guide?: ComponentChildren;
  /** Shown above the editor, e.g. where the definition's text comes from. */
  intro?: ComponentChildren;
  current: SavedVersion | undefined;
  history: SavedVersion[];
  text: string;
  note: string;
  issues: DocumentIssue[];
  notice?: Text | undefined;
}

export function DocumentEditorPage(p: DocumentEditorProps) {
  const { locale } = p;
  const t = tt(locale);
  const title = t(p.title);
  const errorTitle = p.issues.length ? t({ ja: 'エラー：', en: 'Error: ' }) : '';
  return (
    <Layout locale={locale} path={p.basePath} title={errorTitle + title} viewer={p.viewer} area="admin">
      {p.nav}
      <h1>{title}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.issues.length ? (
        <div class="error-summary flow-issues" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
          <h2 id="error-summary-title">
            {t({ ja: `保存できません。次の${p.issues.length}件を直してください（保存されていません）`, en: `Not saved. Fix the following ${p.issues.length === 1 ? 'problem' : `${p.issues.length} problems`}` })}
          </h2>
          <ul>
            {p.issues.map((i) => (
              <li>
                <a href="#field-document">
                  <code>{i.path || t({ ja: '（文書全体）', en: '(whole document)' })}</code>：{t(i.message)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {p.intro}
      <p class="explainer">
        {p.current
          ? t({
              ja: `現在使われているのは第${p.current.version}版です（${who(locale, p.current)}、${formatDateTime(locale, p.current.createdAt)}）。`,
              en: `Version ${p.current.version} is in use (${who(locale, p.current)}, ${formatDateTime(locale, p.current.createdAt)}).`,
            })
          : t({ ja: 'まだ保存された版はありません。初期設定の内容が使われています。', en: 'No version was saved yet: the shipped default is in use.' })}
      </p>
      {p.guide ? (
        <details class="panel">
          <summary>{t({ ja: '書き方', en: 'How to write it' })}</summary>
          {p.guide}
        </details>
      ) : null}
      <PostForm action={localePath(locale, p.basePath)} csrf={p.csrf}>
        <div class={`field field-wide${p.issues.length ? ' field-has-error' : ''}`}>
          <label class="field-label" for="field-document">
            {t(p.fieldLabel)}
          </label>
          <p class="field-hint" id="field-document-hint">
            {t({ ja: '保存すると新しい版になります。誤りがあるときは保存されません。', en: 'Saving makes a new version. Nothing is saved while there is a problem.' })}
          </p>
          <textarea class="textarea flow-editor" id="field-document" name="document" rows={30} spellcheck={false} aria-describedby="field-document-hint" aria-invalid={p.issues.length ? 'true' : undefined}>
            {p.text}
          </textarea>
        </div>
        <TextField locale={locale} name="note" label={{ ja: '変更の理由（履歴に残ります）', en: 'Reason for the change (kept in the history)' }} value={p.note} />
        <button type="submit" class="button button-primary">
          {t({ ja: '新しい版として保存する', en: 'Save as a new version' })}
        </button>
      </PostForm>
      <h2>{t({ ja: '版の履歴', en: 'Versions' })}</h2>
      <div class="table-scroll">
        <table class="data-table admin-table">
          <caption class="visually-hidden">{t({ ja: '保存された版（新しい順）', en: 'Saved versions, newest first' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '版', en: 'Version' })}</th>
              <th scope="col">{t({ ja: '保存した人', en: 'Saved by' })}</th>
              <th scope="col">{t({ ja: '日時', en: 'When' })}</th>
              <th scope="col">{t({ ja: '理由', en: 'Reason' })}</th>
              <th scope="col">{t({ ja: '操作', en: 'Actions' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.history.map((v) => (
              <tr>
                <th scope="row">
                  {t({ ja: `第${v.version}版`, en: `Version ${v.version}` })}
                  {v.version === p.current?.version ? t({ ja: '（使用中）', en: ' (in use)' }) : ''}
                </th>
                <td>{who(locale, v)}</td>
                <td>{formatDateTime(locale, v.createdAt)}</td>
                <td>
                  {v.restoredFrom !== null ? t({ ja: `第${v.restoredFrom}版に戻す`, en: `Restored version ${v.restoredFrom}` }) : v.note}
                </td>
                <td>
                  <div class="row-forms">
                    <a href={localePath(locale, `${p.basePath}/versions/${v.version}`)}>
                      {t({ ja: '内容を見る', en: 'View' })}
                      <span class="visually-hidden">{t({ ja: `（第${v.version}版）`, en: ` (version ${v.version})` })}</span>
                    </a>
                    {v.version !== p.current?.version ? (
                      <RowAction action={localePath(locale, `${p.basePath}/versions/${v.version}/restore`)} csrf={p.csrf} locale={locale} name={t({ ja: `第${v.version}版`, en: `version ${v.version}` })} label={{ ja: 'この版に戻す', en: 'Restore' }} particle="を" />
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function DocumentVersionPage(p: { locale: Locale; viewer: Viewer; basePath: string; title: Text; backLabel: Text; nav?: ComponentChildren; v: SavedVersion }) {
  const { locale, v } = p;
  const t = tt(locale);
  const title = t(p.title);
  return (
    <Layout locale={locale} path={`${p.basePath}/versions/${v.version}`} title={title} viewer={p.viewer} area="admin">
      {p.nav}
      <h1>{title}</h1>
      <p>
        {who(locale, v)}、{formatDateTime(locale, v.createdAt)}
        {v.note ? ` — ${v.note}` : ''}
      </p>
      <pre class="json-view" tabIndex={0} aria-label={title}>
        {v.document}
      </pre>
      <p>
        <a href={localePath(locale, p.basePath)}>{t(p.backLabel)}</a>
      </p>
    </Layout>
  );
}
