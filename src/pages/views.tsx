// Pages that belong to no single capability: home, accessibility statement, open data and licence.
import type { PublicAdvisory } from '../advisories/model.ts';
import { SeverityBadge } from '../advisories/views.tsx';
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { catalogueHref } from '../catalogue/views.tsx';
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import type { Matrix } from '../matrix/service.ts';
import { DATA_LICENCE } from '../openapi/info.ts';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_GROUPS, AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { parenthesised } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';

export function HomePage({ locale, initiatives, organisations, matrix, advisories }: { locale: Locale; initiatives: number; organisations: number; matrix: Matrix; advisories: PublicAdvisory[] }) {
  const t = (x: Text) => x[locale];
  const gaps = matrix.cells.filter((c) => c.level === 'gap').length;
  return (
    <Layout
      locale={locale}
      path="/"
      section="home"
      title={t({ ja: 'ホーム', en: 'Home' })}
      description={t({ ja: 'サイバーセキュリティの普及啓発の取組を、必要な人に届けるためのポータルです。', en: 'A portal that carries cybersecurity awareness to the people it has not reached yet.' })}
    >
      <h1>{t({ ja: 'サイバーセキュリティの取組を、最後の一人まで', en: 'Cybersecurity awareness, all the way to the last one mile' })}</h1>
      <p class="lead">
        {t({
          ja: 'インターネットに不安を感じる人は67.6%。それでも、ソフトウェアの更新などの基本的な対策をしている人は半数に届いていません（内閣府 2018年、IPA 2018年）。このポータルは、官民の普及啓発の取組を集め、誰に・どの方法で届いているか、どこに届いていないかを示します。',
          en: '67.6% of people feel anxious about trouble on the internet, yet fewer than half apply basic measures such as keeping software up to date (Cabinet Office 2018, IPA 2018). This portal gathers public and private awareness initiatives and shows whom they reach, by which method, and where nobody does.',
        })}
      </p>
      {/* Someone who arrives in trouble must not have to read about the program first. */}
      <section class="home-help" aria-labelledby="home-help-title">
        <h2 id="home-help-title">{t({ ja: '困ったとき・被害にあったとき', en: 'In trouble, or hit by a scam?' })}</h2>
        <p>{t({ ja: 'いくつかの質問に答えると、相談できる窓口と、まずやることが分かります。お金を取られそうなときは、すぐに警察（110番）と銀行へ。', en: 'Answer a few questions to find where to ask for help and what to do first. If money is being taken right now, call the police (110) and your bank.' })}</p>
        <p class="home-help-links">
          <a class="button" href={localePath(locale, '/help')}>
            {t({ ja: '困ったときは（質問に答える）', en: 'Get help (answer a few questions)' })}
          </a>
          <a href={localePath(locale, '/desks')}>{t({ ja: '相談窓口の一覧', en: 'All help desks' })}</a>
        </p>
      </section>
      <section aria-labelledby="home-advisories-title">
        <h2 id="home-advisories-title">{t({ ja: '最新の注意喚起', en: 'Latest advisories' })}</h2>
        {advisories.length ? (
          <ul class="home-advisories">
            {advisories.map((a) => (
              <li>
                <SeverityBadge locale={locale} severity={a.severity} />{' '}
                <a href={localePath(locale, `/advisories/${a.id}`)}>{locale === 'en' && a.titleEn ? a.titleEn : a.titleJa}</a>
                <span class="home-advisory-date">{formatDate(locale, a.correctedAt ?? a.publishedAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t({ ja: '現在、発信中の注意喚起はありません。', en: 'There are no current advisories.' })}</p>
        )}
        <p>
          <a href={localePath(locale, '/advisories')}>{t({ ja: '注意喚起の一覧', en: 'All advisories' })}</a>
          {' ／ '}
          <a href={localePath(locale, '/subscribe')}>{t({ ja: 'メールや通知で受け取る', en: 'Get them by email or notification' })}</a>
        </p>
      </section>
      {/* Most people who do nothing say they do not know what to do: the next step, for a person and for a firm. */}
      <section class="home-checks" aria-labelledby="home-checks-title">
        <h2 id="home-checks-title">{t({ ja: 'あなたの対策を確かめる', en: 'Check your own security' })}</h2>
        <div class="home-checks-grid">
          <div>
            <h3>{t({ ja: '個人の方', en: 'For you' })}</h3>
            <p>{t({ ja: '9つの質問に答えると、今できていることと、次にすることが分かります（約3分、名前やメールアドレスは聞きません）。', en: 'Answer 9 questions to see what you already do and what to do next (about 3 minutes; we do not ask your name or email).' })}</p>
            <p class="home-help-links">
              <a class="button" href={localePath(locale, '/check')}>{t({ ja: 'セルフチェックを始める', en: 'Start the self-check' })}</a>
              <a href={localePath(locale, '/quiz')}>{t({ ja: '10問のクイズ', en: 'A 10-question quiz' })}</a>
            </p>
          </div>
          <div>
            <h3>{t({ ja: '中小企業・個人事業主の方', en: 'For small firms and sole proprietors' })}</h3>
            <p>{t({ ja: '情報セキュリティ5か条と25項目の自社診断で、会社の対策の点数と、先に直すことが分かります。基本方針のひな形と自己宣言もあります。', en: 'The 5 measures and the 25-item self-diagnosis give your firm a score and what to fix first, with a basic policy template and the self-declaration.' })}</p>
            <p class="home-help-links">
              <a class="button" href={localePath(locale, '/business/check')}>{t({ ja: '自社診断を始める', en: 'Start the self-diagnosis' })}</a>
              <a href={localePath(locale, '/declarations')}>{t({ ja: '自己宣言した事業者', en: 'Declared firms' })}</a>
            </p>
          </div>
        </div>
      </section>
      <form class="home-search" method="get" action={localePath(locale, '/initiatives')} role="search" novalidate>
        <label for="home-q" class="label">
          {t({ ja: '取組をキーワードで探す', en: 'Search initiatives' })}
        </label>
        <div class="search-input">
          <input type="search" id="home-q" name="q" maxLength={200} />
          <button type="submit" class="button">
            {t({ ja: '検索', en: 'Search' })}
          </button>
        </div>
      </form>
      <ul class="stats" aria-label={t({ ja: '掲載状況', en: 'At a glance' })}>
        <li>
          <a href={localePath(locale, '/initiatives')}>
            <span class="stat-number">{formatNumber(locale, initiatives)}</span>
            <span class="stat-label">{t({ ja: '件の取組', en: 'initiatives' })}</span>
          </a>
        </li>
        <li>
          <a href={localePath(locale, '/organisations')}>
            <span class="stat-number">{formatNumber(locale, organisations)}</span>
            <span class="stat-label">{t({ ja: 'の実施団体', en: 'organisations' })}</span>
          </a>
        </li>
        <li>
          <a href={localePath(locale, '/matrix')}>
            <span class="stat-number">{formatNumber(locale, gaps)}</span>
            <span class="stat-label">{t({ ja: 'の空白（対象×手法×区分で取組がない組み合わせ）', en: 'gaps (audience × method × sector with no initiative)' })}</span>
          </a>
        </li>
      </ul>
      <h2>{t({ ja: '対象から探す', en: 'Browse by audience' })}</h2>
      {AUDIENCE_GROUPS.map((g) => (
        <section aria-labelledby={`home-${g}`}>
          <h3 id={`home-${g}`}>{AUDIENCE_GROUP_LABELS[g][locale]}</h3>
          <ul class="audience-links">
            {AUDIENCES.filter((a) => AUDIENCE_LABELS[a].group === g).map((a) => (
              <li>
                <a href={catalogueHref(locale, { ...EMPTY_FILTERS, audiences: [a] })}>{AUDIENCE_LABELS[a][locale]}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function AccessibilityPage({ locale }: { locale: Locale }) {
  const t = (x: Text) => x[locale];
  return (
    <Layout locale={locale} path="/accessibility" section="accessibility" title={t({ ja: 'アクセシビリティ方針', en: 'Accessibility statement' })}>
      <h1>{t({ ja: 'アクセシビリティ方針', en: 'Accessibility statement' })}</h1>
      <p>
        {t({
          ja: 'このポータルは、高齢の方、障害のある方、古いスマートフォンをお使いの方を含め、誰もが利用できることを目指しています。',
          en: 'This portal aims to be usable by everyone, including older people, people with disabilities and people using old phones.',
        })}
      </p>
      <h2>{t({ ja: '目標とする基準', en: 'Standard' })}</h2>
      <p>
        {t({
          ja: 'JIS X 8341-3:2016 の適合レベルAAに準拠することを目標とし、WCAG 2.2 のレベルAAの達成基準にも対応します。',
          en: 'We aim to conform to JIS X 8341-3:2016 level AA and meet the WCAG 2.2 level AA success criteria.',
        })}
      </p>
      <h2>{t({ ja: '取り組んでいること', en: 'What we do' })}</h2>
      <ul>
        <li>{t({ ja: 'すべてのページはJavaScriptなしで使えます。', en: 'Every page works without JavaScript.' })}</li>
        <li>{t({ ja: '文字を200%に拡大しても、横にスクロールせずに読めるようにしています。', en: 'Text can be zoomed to 200% without scrolling sideways.' })}</li>
        <li>{t({ ja: 'キーボードだけで操作でき、「本文へ移動」のリンクを各ページの先頭に置いています。', en: 'Everything works with a keyboard, and each page starts with a "skip to main content" link.' })}</li>
        <li>{t({ ja: '色だけで情報を伝えません。表の空白や手薄な箇所は記号と文字でも示します。', en: 'Colour is never the only signal: gaps and thin cells in tables are also marked with symbols and words.' })}</li>
        <li>{t({ ja: '表にはすべて見出しと説明を付け、データはCSVでも提供します。', en: 'Every table has headers and a caption, and its data is also available as CSV.' })}</li>
        <li>{t({ ja: '各ページを自動検査（axe-core）で確認しています。', en: 'Every page is checked with an automated tool (axe-core).' })}</li>
      </ul>
      <h2>{t({ ja: 'お気づきの点', en: 'Feedback' })}</h2>
      <p>
        {t({
          ja: '使いにくい箇所や読みにくい箇所があれば、ポータルの運営事務局までお知らせください。',
          en: 'If something is hard to use or read, please tell the portal office.',
        })}
      </p>
    </Layout>
  );
}

export function OpenDataPage({ locale, baseUrl }: { locale: Locale; baseUrl: string }) {
  const t = (x: Text) => x[locale];
  const ex = (p: string) => `${baseUrl}${p}`;
  return (
    <Layout locale={locale} path="/open-data" section="open-data" title={t({ ja: 'オープンデータ', en: 'Open data' })}>
      <h1>{t({ ja: 'オープンデータとAPI', en: 'Open data and API' })}</h1>
      <h2>{t({ ja: '利用条件', en: 'Licence' })}</h2>
      <p>
        {t({
          ja: 'このポータルのデータは、公共データ利用規約（第1.0版）（PDL1.0、クリエイティブ・コモンズ 表示 4.0 国際と互換）の下で利用できます。出典として「ラストワンマイル・ポータル」と記載してください。',
          en: 'The data of this portal may be used under the Public Data License version 1.0 (PDL1.0, compatible with Creative Commons Attribution 4.0 International). Credit "Lastmile portal" as the source.',
        })}{' '}
        <a href={DATA_LICENCE.url} rel="noopener noreferrer">
          {t({ ja: '公共データ利用規約', en: 'Public Data License' })}
        </a>
      </p>
      <p>
        {t({
          ja: '初期データは「サイバーセキュリティ意識・行動強化プログラム（概要）」（2019年1月24日 サイバーセキュリティ戦略本部決定）の参考資料「官民の取組状況」に基づきます。元の表から読み取れなかった「対象」などは編集部が判断しており、各取組の judged 欄に示しています。',
          en: "The initial data comes from the reference tables of the Cybersecurity Awareness and Action Enhancement Program overview (Cybersecurity Strategic Headquarters, 24 January 2019). Values that could not be read from the tables, such as audiences, were judged by the editors and are listed in each item's judged field.",
        })}
      </p>
      <h2>{t({ ja: 'ダウンロードとAPI', en: 'Downloads and API' })}</h2>
      <p>
        {t({
          ja: '一覧ページと同じ検索条件（q, audience, method, sector, org, region, measure, page, sort）が使えます。CSVはExcelで開けるようBOM付きUTF-8です。',
          en: 'The same conditions as the pages apply (q, audience, method, sector, org, region, measure, page, sort). CSV files are UTF-8 with a BOM so that Excel opens them correctly.',
        })}
      </p>
      <ul class="plain-list code-list">
        <li>
          <a href="/api/v1/initiatives">{ex('/api/v1/initiatives')}</a>
        </li>
        <li>
          <a href="/api/v1/initiatives?audience=seniors&method=info_desk">{ex('/api/v1/initiatives?audience=seniors&method=info_desk')}</a>
        </li>
        <li>
          <a href="/api/v1/organisations">{ex('/api/v1/organisations')}</a>
        </li>
        <li>
          <a href="/api/v1/matrix">{ex('/api/v1/matrix')}</a>
        </li>
        <li>
          <a href="/api/v1/measures">{ex('/api/v1/measures')}</a>
        </li>
        <li>
          <a href="/initiatives.csv" download>
            {ex('/initiatives.csv')}
          </a>
        </li>
        <li>
          <a href="/matrix.csv" download>
            {ex('/matrix.csv')}
          </a>
        </li>
        <li>
          <a href="/api/v1/openapi.json">{ex('/api/v1/openapi.json')}</a>
          {parenthesised(locale, 'OpenAPI 3.1')}
        </li>
      </ul>
    </Layout>
  );
}
