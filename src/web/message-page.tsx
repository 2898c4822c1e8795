// A page that says one thing (a link sent, a subscription confirmed, a link that no longer works) with
// an optional list of where to go next. Accounts and subscriptions share it.
import { type Locale, type Text } from '../i18n/locale.ts';
import { Layout, type PageMeta, type Viewer } from './layout.tsx';

export function MessagePage(p: { locale: Locale; path: string; title: Text; body: Text[]; links?: { href: string; label: Text }[]; viewer?: Viewer; section?: PageMeta['section'] }) {
  const t = (x: Text) => x[p.locale];
  return (
    <Layout locale={p.locale} path={p.path} title={t(p.title)} viewer={p.viewer} section={p.section}>
      <h1>{t(p.title)}</h1>
      {p.body.map((b) => (
        <p>{t(b)}</p>
      ))}
      {p.links?.length ? (
        <ul class="link-list">
          {p.links.map((l) => (
            <li>
              <a href={l.href}>{t(l.label)}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>
  );
}
