// The list of self-check definitions at /admin/checks, and a kind's "how to write it" lines.
import type { ComponentChildren } from 'preact';
import { formatDateTime, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Layout, type Viewer } from '../web/layout.tsx';
import type { DocumentVersion } from './documents.ts';

const tt = (locale: Locale) => (x: Text) => x[locale];

export function KindGuide({ locale, lines }: { locale: Locale; lines: readonly Text[] }) {
  return (
    <ul>
      {lines.map((l) => (
        <li>{l[locale]}</li>
      ))}
    </ul>
  );
}

export function CheckKindsPage(p: { locale: Locale; viewer: Viewer; nav: ComponentChildren; kinds: { kind: string; title: Text; current: DocumentVersion | undefined }[] }) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: '自己診断の定義', en: 'Self-check definitions' });
  return (
    <Layout locale={locale} path="/admin/checks" title={title} viewer={p.viewer} area="admin">
      {p.nav}
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: '質問・項目・採点・帯・文面は、出典と日付のついたデータです。公式の文面が届いたら、ここで新しい版として差し替えます（プログラムの変更は要りません）。保存された結果は、答えたときの版の番号を持っています。',
          en: 'Questions, items, scoring, bands and texts are data with their source and date. When the official text arrives, replace it here as a new version (no code change). Stored results keep the number of the version they were answered with.',
        })}
      </p>
      <div class="table-scroll">
        <table class="data-table admin-table">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '定義', en: 'Definition' })}</th>
              <th scope="col">{t({ ja: '使用中の版', en: 'Version in use' })}</th>
              <th scope="col">{t({ ja: '保存した日時', en: 'Saved' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.kinds.map((k) => (
              <tr>
                <th scope="row">
                  <a href={localePath(locale, `/admin/checks/${k.kind}`)}>{t(k.title)}</a>
                </th>
                <td>{k.current ? t({ ja: `第${k.current.version}版`, en: `Version ${k.current.version}` }) : t({ ja: '初期設定', en: 'Shipped default' })}</td>
                <td>{k.current ? formatDateTime(locale, k.current.createdAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
