// The page shell every page uses: skip link, header with the language switch, navigation, main, footer.
import type { ComponentChildren } from 'preact';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { assetUrl } from './assets.ts';

export interface PageMeta {
  locale: Locale;
  /** Language-neutral path with query of this page ("/initiatives?audience=seniors"): the language switch keeps it. */
  path: string;
  title: string;
  /** Which navigation item is the current section. */
  section?: 'home' | 'initiatives' | 'events' | 'matrix' | 'organisations' | 'strategy' | 'open-data' | 'accessibility' | 'materials' | 'help' | 'desks' | 'advisories' | 'check' | 'business' | 'quiz' | 'declarations';
  /** Which item of the signed-in menu is current. */
  area?: 'my' | 'my-initiatives' | 'my-events' | 'my-materials' | 'my-advisories' | 'my-import' | 'members' | 'partners' | 'requests' | 'account' | 'moderation' | 'admin';
  description?: string;
  /** The signed-in user, on pages for signed-in users: shows their menu and the sign-out button. */
  viewer?: Viewer;
  /** Feeds of this page (<link rel="alternate">), such as the Atom feed of a filtered list. */
  feeds?: { href: string; title: string; type: 'application/atom+xml' }[];
}

export interface Viewer {
  displayName: string;
  organisationName: string | null;
  hasOrganisation: boolean;
  isOrgAdmin: boolean;
  isModerator: boolean;
  isAdmin: boolean;
  /** The organisation may publish advisories (or the user is a moderator): shows "our advisories". */
  canPublishAdvisories?: boolean;
  /** CSRF token for the sign-out form. */
  csrf: string;
}

const AREA_NAV: { key: NonNullable<PageMeta['area']>; path: string; label: Text; show: (v: Viewer) => boolean }[] = [
  { key: 'my', path: '/my', label: { ja: 'マイページ', en: 'My page' }, show: () => true },
  { key: 'my-initiatives', path: '/my/initiatives', label: { ja: '自団体の取組', en: 'Our initiatives' }, show: (v) => v.hasOrganisation },
  { key: 'my-events', path: '/my/events', label: { ja: '自団体のイベント', en: 'Our events' }, show: (v) => v.hasOrganisation },
  { key: 'my-materials', path: '/my/materials', label: { ja: '自団体の教材', en: 'Our materials' }, show: (v) => v.hasOrganisation },
  { key: 'my-import', path: '/my/import', label: { ja: '一括登録・書き出し', en: 'Import and export' }, show: (v) => v.hasOrganisation },
  { key: 'my-advisories', path: '/my/advisories', label: { ja: '注意喚起', en: 'Advisories' }, show: (v) => v.isModerator || !!v.canPublishAdvisories },
  { key: 'partners', path: '/my/partners', label: { ja: '連携先を探す', en: 'Find partners' }, show: (v) => v.hasOrganisation },
  { key: 'requests', path: '/my/requests', label: { ja: '連携の依頼', en: 'Collaboration requests' }, show: (v) => v.hasOrganisation },
  { key: 'members', path: '/my/members', label: { ja: 'メンバー', en: 'Members' }, show: (v) => v.hasOrganisation },
  { key: 'account', path: '/my/account', label: { ja: 'アカウント設定', en: 'Account settings' }, show: () => true },
  { key: 'moderation', path: '/moderation', label: { ja: '審査（事務局）', en: 'Moderation' }, show: (v) => v.isModerator },
  { key: 'admin', path: '/admin', label: { ja: '管理', en: 'Administration' }, show: (v) => v.isAdmin },
];

/** On a phone only the sections a person in trouble needs stay in the header (see PRIMARY); the rest are one tap away in the footer menu. */
const PRIMARY = new Set<string>(['home', 'advisories', 'help', 'desks']);

const NAV: { key: NonNullable<PageMeta['section']>; path: string; label: Text }[] = [
  { key: 'home', path: '/', label: { ja: 'ホーム', en: 'Home' } },
  { key: 'advisories', path: '/advisories', label: { ja: '注意喚起', en: 'Advisories' } },
  { key: 'help', path: '/help', label: { ja: '困ったときは', en: 'Get help' } },
  { key: 'check', path: '/check', label: { ja: 'セルフチェック', en: 'Self-check' } },
  { key: 'business', path: '/business/check', label: { ja: '中小企業の方へ', en: 'For small firms' } },
  { key: 'initiatives', path: '/initiatives', label: { ja: '取組を探す', en: 'Find initiatives' } },
  { key: 'events', path: '/events', label: { ja: 'イベント', en: 'Events' } },
  { key: 'matrix', path: '/matrix', label: { ja: '対象×手法の見える化', en: 'Coverage matrix' } },
  { key: 'materials', path: '/materials', label: { ja: 'ツール・教材', en: 'Materials' } },
  { key: 'desks', path: '/desks', label: { ja: '相談窓口', en: 'Help desks' } },
  { key: 'organisations', path: '/organisations', label: { ja: '実施団体', en: 'Organisations' } },
  { key: 'strategy', path: '/strategy', label: { ja: '戦略との対応', en: 'Strategy' } },
  { key: 'open-data', path: '/open-data', label: { ja: 'オープンデータ', en: 'Open data' } },
];

const SITE: Text = { ja: 'ラストワンマイル・ポータル', en: 'Lastmile portal' };
const SUBTITLE: Text = { ja: 'サイバーセキュリティ意識・行動強化プログラム', en: 'Cybersecurity Awareness and Action Enhancement Program' };

export function Layout(props: PageMeta & { children: ComponentChildren }) {
  const { locale } = props;
  const other: Locale = locale === 'ja' ? 'en' : 'ja';
  const t = (x: Text) => x[locale];
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} | ${t(SITE)}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <link rel="stylesheet" href={assetUrl('tokens.css')} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <link rel="alternate" hrefLang={other} href={localePath(other, props.path)} />
        {(props.feeds ?? []).map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t({ ja: '本文へ移動', en: 'Skip to main content' })}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a class="site-name" href={localePath(locale, '/')}>
              <span class="site-name-main">{t(SITE)}</span>
              <span class="site-name-sub">{t(SUBTITLE)}</span>
            </a>
            <div class="header-links">
              {props.viewer ? null : (
                <a class="header-link" href={localePath(locale, '/my')}>
                  {t({ ja: '団体の方（ログイン）', en: 'For organisations (sign in)' })}
                </a>
              )}
              <a class="lang-switch" href={localePath(other, props.path)} hrefLang={other} lang={other}>
                {other === 'en' ? 'English' : '日本語'}
              </a>
            </div>
          </div>
          <nav class="site-nav" aria-label={t({ ja: 'メインメニュー', en: 'Main menu' })}>
            <ul class="container">
              {NAV.map((n) => (
                <li class={PRIMARY.has(n.key) ? undefined : 'nav-secondary'}>
                  <a href={localePath(locale, n.path)} aria-current={props.section === n.key ? 'page' : undefined}>
                    {t(n.label)}
                  </a>
                </li>
              ))}
              <li class="nav-more">
                <a href="#site-menu">{t({ ja: 'すべてのメニュー', en: 'All sections' })}</a>
              </li>
            </ul>
          </nav>
          {props.viewer ? (
            <nav class="area-nav" aria-label={t({ ja: 'ログイン中のメニュー', en: 'Signed-in menu' })}>
              <div class="container area-nav-row">
                <p class="area-nav-who">
                  {props.viewer.displayName}
                  {props.viewer.organisationName ? `（${props.viewer.organisationName}）` : ''}
                </p>
                <ul>
                  {AREA_NAV.filter((n) => n.show(props.viewer!)).map((n) => (
                    <li>
                      <a href={localePath(locale, n.path)} aria-current={props.area === n.key ? 'page' : undefined}>
                        {t(n.label)}
                      </a>
                    </li>
                  ))}
                  <li>
                    <form method="post" action={localePath(locale, '/logout')} class="inline-form">
                      <input type="hidden" name="_csrf" value={props.viewer.csrf} />
                      <button type="submit" class="link-button">
                        {t({ ja: 'ログアウト', en: 'Sign out' })}
                      </button>
                    </form>
                  </li>
                </ul>
              </div>
            </nav>
          ) : null}
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <nav id="site-menu" class="footer-menu" aria-label={t({ ja: 'すべてのメニュー', en: 'All sections' })}>
              <ul>
                {NAV.map((n) => (
                  <li>
                    <a href={localePath(locale, n.path)}>{t(n.label)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <ul class="footer-links">
              <li>
                <a href={localePath(locale, '/dashboard')}>{t({ ja: '評価ダッシュボード（PDCA）', en: 'Evaluation dashboard (PDCA)' })}</a>
              </li>
              <li>
                <a href={localePath(locale, '/accessibility')}>{t({ ja: 'アクセシビリティ方針', en: 'Accessibility statement' })}</a>
              </li>
              <li>
                <a href={localePath(locale, '/open-data')}>{t({ ja: 'データの利用条件', en: 'Data licence' })}</a>
              </li>
              <li>
                <a href="/api/v1/openapi.json">{t({ ja: 'API仕様（OpenAPI）', en: 'API (OpenAPI)' })}</a>
              </li>
            </ul>
            <p>
              {t({
                ja: '掲載情報は「サイバーセキュリティ意識・行動強化プログラム」（2019年1月24日 サイバーセキュリティ戦略本部決定）の参考資料を基にしています。',
                en: "Listings are based on the reference tables of the Cybersecurity Awareness and Action Enhancement Program (Cybersecurity Strategic Headquarters, 24 January 2019).",
              })}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
