// The widget document (/widget, shown inside partners' iframes), its error document, and the page
// that explains it and makes the snippet (/widget/about). Every value is text rendered by preact,
// which escapes it; the snippet is shown as text in <pre><code>, never inserted as HTML.
import { SEVERITY_LABELS, type PublicAdvisory, type Severity } from '../advisories/model.ts';
import { advisoriesHref } from '../advisories/views.tsx';
import type { PublicEvent } from '../events/model.ts';
import { formatEventWhen } from '../events/time.ts';
import { eventsHref, placeText } from '../events/views.tsx';
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES, prefectureByCode, REGION_BLOCK_LABELS, REGION_BLOCKS } from '../taxonomy/prefectures.ts';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_GROUPS, AUDIENCE_LABELS, AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { Breadcrumbs } from '../web/components.tsx';
import { Layout } from '../web/layout.tsx';
import { widgetCssUrl, widgetFrameJsUrl } from './assets.ts';
import { widgetSearchParams, type WidgetOptions } from './query.ts';
import type { WidgetContent } from './service.ts';
import { widgetEventFilters } from './service.ts';

const X = {
  both: { ja: '注意喚起とイベント', en: 'Advisories and events' },
  advisories: { ja: '注意喚起', en: 'Advisories' },
  events: { ja: 'これからのイベント', en: 'Upcoming events' },
  noAdvisories: { ja: '現在、該当する注意喚起はありません。', en: 'No current advisory for this audience and place.' },
  noEvents: { ja: '予定されている該当イベントはありません。', en: 'No upcoming event for this audience and place.' },
  allAdvisories: { ja: '注意喚起をすべて見る', en: 'See all advisories' },
  allEvents: { ja: 'イベントをすべて見る', en: 'See all events' },
  published: { ja: '発信日', en: 'Published' },
  cancelled: { ja: '中止', en: 'Cancelled' },
  by: { ja: '提供：', en: 'From ' },
  site: { ja: 'ラストワンマイル・ポータル', en: 'the Lastmile portal (ラストワンマイル・ポータル)' },
  newTab: { ja: 'リンクは新しいタブで開きます。', en: 'Links open in a new tab.' },
  errorTitle: { ja: 'ウィジェットを表示できません', en: 'The widget cannot be shown' },
  nationwide: { ja: '全国', en: 'Nationwide' },
  everyone: { ja: 'すべての対象', en: 'Everyone' },
} satisfies Record<string, Text>;

/** Where a link in the frame leads: a new top-level tab that cannot reach back to the partner's page. */
const OUT = { target: '_blank', rel: 'noopener noreferrer' } as const;

function scopeText(locale: Locale, o: Pick<WidgetOptions, 'audience' | 'prefecture'>): string {
  const place = o.prefecture ? (prefectureByCode(o.prefecture)?.[locale] ?? o.prefecture) : X.nationwide[locale];
  const who = o.audience ? AUDIENCE_LABELS[o.audience][locale] : X.everyone[locale];
  // "Older people" reads "older people" mid-sentence; an abbreviation ("SMEs") keeps its capitals.
  const mid = /^[A-Z][a-z]/.test(who) ? who[0]!.toLowerCase() + who.slice(1) : who;
  return locale === 'ja' ? `${place}・${who}` : `${place}, ${mid}`;
}

function Severity({ locale, severity }: { locale: Locale; severity: Severity }) {
  const s = SEVERITY_LABELS[severity];
  return (
    <span class={`severity severity-${severity}`}>
      <span class="severity-symbol" aria-hidden="true">
        {s.symbol}
      </span>
      {s[locale]}
    </span>
  );
}

function AdvisoryItem({ locale, a, base }: { locale: Locale; a: PublicAdvisory; base: string }) {
  return (
    <li class="w-item">
      <Severity locale={locale} severity={a.severity} />
      <a class="w-item-title" href={base + localePath(locale, `/advisories/${a.id}`)} {...OUT}>
        {locale === 'ja' ? a.titleJa : a.titleEn || a.titleJa}
      </a>
      <span class="w-meta">
        {X.published[locale]} <time dateTime={a.publishedAt}>{formatDate(locale, a.publishedAt)}</time>
      </span>
    </li>
  );
}

function EventItem({ locale, e, base }: { locale: Locale; e: PublicEvent; base: string }) {
  return (
    <li class="w-item">
      {e.cancelled ? <span class="w-tag">{X.cancelled[locale]}</span> : null}
      <a class="w-item-title" href={base + localePath(locale, `/events/${e.id}`)} {...OUT}>
        {locale === 'ja' ? e.titleJa : e.titleEn || e.titleJa}
      </a>
      <span class="w-meta">
        <time dateTime={e.allDay ? e.startDate : e.startAt}>{formatEventWhen(locale, e)}</time>
      </span>
      <span class="w-meta">{placeText(locale, e)}</span>
    </li>
  );
}

function WidgetHead({ title }: { title: string }) {
  return (
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{title}</title>
      <link rel="stylesheet" href={widgetCssUrl()} />
      <script src={widgetFrameJsUrl()} defer />
    </head>
  );
}

export function WidgetDocument({ o, content, base }: { o: WidgetOptions; content: WidgetContent; base: string }) {
  const locale = o.lang;
  const t = (x: Text) => x[locale];
  const heading = content.advisories && content.events ? X.both : content.advisories ? X.advisories : X.events;
  const title = `${t(heading)}（${scopeText(locale, o)}）`;
  const advisoryFilters = { audiences: o.audience ? [o.audience] : [], prefecture: o.prefecture, severities: [], scope: 'current' as const };
  return (
    <html lang={locale}>
      <WidgetHead title={`${title} | ${X.site.ja}`} />
      <body>
        <main>
          <h1 class="w-title">{locale === 'ja' ? title : `${t(heading)} (${scopeText(locale, o)})`}</h1>
          {content.advisories ? (
            <section class="w-section" aria-labelledby="w-advisories">
              <h2 id="w-advisories">{t(X.advisories)}</h2>
              {content.advisories.length ? (
                <ul class="w-list">
                  {content.advisories.map((a) => (
                    <AdvisoryItem locale={locale} a={a} base={base} />
                  ))}
                </ul>
              ) : (
                <p class="w-none">{t(X.noAdvisories)}</p>
              )}
              <p class="w-more">
                <a href={base + advisoriesHref(locale, advisoryFilters)} {...OUT}>
                  {t(X.allAdvisories)}
                </a>
              </p>
            </section>
          ) : null}
          {content.events ? (
            <section class="w-section" aria-labelledby="w-events">
              <h2 id="w-events">{t(X.events)}</h2>
              {content.events.length ? (
                <ul class="w-list">
                  {content.events.map((e) => (
                    <EventItem locale={locale} e={e} base={base} />
                  ))}
                </ul>
              ) : (
                <p class="w-none">{t(X.noEvents)}</p>
              )}
              <p class="w-more">
                <a href={base + eventsHref(locale, 'list', widgetEventFilters(o))} {...OUT}>
                  {t(X.allEvents)}
                </a>
              </p>
            </section>
          ) : null}
        </main>
        <footer class="w-footer">
          <p>
            {t(X.by)}
            <a href={base + localePath(locale, '/')} {...OUT}>
              {t(X.site)}
            </a>
          </p>
          <p>{t(X.newTab)}</p>
        </footer>
      </body>
    </html>
  );
}

export function WidgetErrorDocument({ lang, messages }: { lang: Locale; messages: Text[] }) {
  return (
    <html lang={lang}>
      <WidgetHead title={`${X.errorTitle[lang]} | ${X.site.ja}`} />
      <body>
        <main class="w-error">
          <h1>{X.errorTitle[lang]}</h1>
          {messages.map((m) => (
            <p>{m[lang]}</p>
          ))}
        </main>
      </body>
    </html>
  );
}

// ---------------------------------------------------------------- /widget/about

const A = {
  title: { ja: 'ウェブサイトに注意喚起とイベントを表示する（ウィジェット）', en: 'Show advisories and events on your website (widget)' },
  lead: {
    ja: '自治体や支援機関、地域団体のウェブサイトに、対象と地域に合った最新の注意喚起とこれからのイベントを表示できます。内容はこのポータルで自動的に更新されます。下のコードを貼り付けるだけで、登録は不要です。',
    en: 'Show the latest advisories and upcoming events for an audience and a place on the website of your municipality, support body or community group. The portal keeps them up to date. Paste the code below; no registration is needed.',
  },
  shows: { ja: '表示される内容', en: 'What it shows' },
  shows1: { ja: '現在有効な注意喚起（新しい順）：深刻度（言葉と記号）、題名、発信日。全国向けのものも含みます。', en: 'Current advisories, newest first: severity (word and symbol), title and date. Nationwide ones are included.' },
  shows2: { ja: 'これからのイベント（近い順）：日付（和暦）、題名、会場またはオンライン。オンラインで参加できるものは地域を問わず含みます。', en: 'Upcoming events, soonest first: date, title, and venue or online. Events anyone can join online are included wherever they are held.' },
  shows3: { ja: 'それぞれ最大5件と「すべて見る」のリンク。リンクは新しいタブでこのポータルを開きます。', en: 'Up to five of each, and a "see all" link. Links open this portal in a new tab.' },
  choose: { ja: '表示する内容を選ぶ', en: 'Choose what it shows' },
  audience: { ja: '対象', en: 'Audience' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  prefectureHint: { ja: 'その都道府県と全国向けの情報を表示します。', en: "Shows that prefecture's items and the nationwide ones." },
  any: { ja: '指定しない', en: 'Any' },
  lang: { ja: 'ウィジェットの言語', en: 'Language of the widget' },
  make: { ja: 'この内容でコードを作る', en: 'Make the code' },
  preview: { ja: 'プレビュー', en: 'Preview' },
  code: { ja: '貼り付けるコード', en: 'Code to paste' },
  codeHint: {
    ja: 'ウェブサイトの表示したい場所に、次のコードをそのまま貼り付けてください。高さは内容に合わせて自動で変わります。スクリプトが動かない環境では、中のリンクが表示されます。',
    en: 'Paste this code where the widget should appear. Its height follows its content. Where scripts do not run, the link inside is shown instead.',
  },
  options: {
    ja: '任意で data-limit="3"（各1〜10件、既定は5件）や data-kinds="advisories"（注意喚起だけ）、data-kinds="events"（イベントだけ）も指定できます。',
    en: 'Optionally add data-limit="3" (1 to 10 of each; 5 by default), data-kinds="advisories" (advisories only) or data-kinds="events" (events only).',
  },
  noScript: { ja: 'スクリプトを使わない場合', en: 'Without a script' },
  noScriptHint: {
    ja: 'ポータルのスクリプトをサイトで動かしたくない場合は、iframe だけを貼り付けてください。高さは固定になります（height の値を調整してください）。',
    en: "If you prefer not to run the portal's script on your site, paste the iframe alone. Its height is then fixed (adjust the height value).",
  },
  safety: { ja: '安全のための仕組み', en: 'How it stays safe' },
  safety1: {
    ja: 'ウィジェットは sandbox 属性付きの iframe で表示され、allow-same-origin を与えていません。そのため、貴サイトのページとウィジェットは互いの内容を読み取ったり操作したりできません。',
    en: 'The widget is a sandboxed iframe without allow-same-origin, so your page and the widget cannot read or script each other.',
  },
  safety2: { ja: 'ウィジェットは Cookie を使いません（読み取りも保存もしません）。', en: 'The widget uses no cookies (it neither reads nor sets any).' },
  safety3: {
    ja: 'ウィジェットから貴サイトに送られるのは、自身の高さを伝えるメッセージだけです。スクリプトはこのメッセージをウィジェット自身の iframe から届いたときにだけ受け付けます。',
    en: 'The only thing the widget sends to your page is a message with its height, which the script accepts only from the widget’s own iframe.',
  },
  safety4: { ja: 'リンクは新しいタブで開き、開いた先のページから貴サイトのページを操作することはできません（noopener）。', en: 'Links open in a new tab that cannot reach back to your page (noopener).' },
  fallback: { ja: '注意喚起とイベント（ラストワンマイル・ポータル）', en: 'Advisories and events (Lastmile portal)' },
  back: { ja: '注意喚起', en: 'Advisories' },
} satisfies Record<string, Text>;

/** The snippet a partner pastes: a div with its choices and a fallback link, and the loader script. */
export function scriptSnippet(base: string, o: Pick<WidgetOptions, 'audience' | 'prefecture' | 'lang'>): string {
  const attrs = [o.audience ? ` data-audience="${o.audience}"` : '', o.prefecture ? ` data-prefecture="${o.prefecture}"` : '', ` data-lang="${o.lang}"`].join('');
  const fallback = `${base}${localePath(o.lang, '/advisories')}`;
  return `<div data-lastmile-widget${attrs}><a href="${fallback}">${A.fallback[o.lang]}</a></div>\n<script src="${base}/widget.js" async></script>`;
}

export const FRAME_SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';

export function iframeSnippet(base: string, o: Pick<WidgetOptions, 'audience' | 'prefecture' | 'lang'>): string {
  const src = `${base}/widget?${widgetSearchParams(o).toString().replace(/&/g, '&amp;')}`;
  return `<iframe src="${src}" title="${A.fallback[o.lang]}" sandbox="${FRAME_SANDBOX}" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" style="width:100%;height:480px;border:0"></iframe>`;
}

export function WidgetAboutPage({ locale, o, base, path }: { locale: Locale; o: Pick<WidgetOptions, 'audience' | 'prefecture' | 'lang'>; base: string; path: string }) {
  const t = (x: Text) => x[locale];
  const langNames: Record<Locale, string> = { ja: '日本語', en: 'English' };
  return (
    <Layout locale={locale} path={path} title={t(A.title)} section="advisories" description={t(A.lead)}>
      <>
        <Breadcrumbs locale={locale} trail={[{ path: '/advisories', label: t(A.back) }, { label: t(A.title) }]} />
        <h1>{t(A.title)}</h1>
        <p class="lead">{t(A.lead)}</p>
        <h2>{t(A.shows)}</h2>
        <ul>
          <li>{t(A.shows1)}</li>
          <li>{t(A.shows2)}</li>
          <li>{t(A.shows3)}</li>
        </ul>

        <h2 id="choose">{t(A.choose)}</h2>
        <form method="get" action={localePath(locale, '/widget/about')} class="widget-form" aria-labelledby="choose">
          <div class="field">
            <label class="field-label" for="audience">
              {t(A.audience)}
            </label>
            <select class="select" id="audience" name="audience">
              <option value="">{t(A.any)}</option>
              {AUDIENCE_GROUPS.map((g) => (
                <optgroup label={AUDIENCE_GROUP_LABELS[g][locale]}>
                  {AUDIENCES.filter((a) => AUDIENCE_LABELS[a].group === g).map((a: Audience) => (
                    <option value={a} selected={o.audience === a}>
                      {AUDIENCE_LABELS[a][locale]}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field-label" for="prefecture">
              {t(A.prefecture)}
            </label>
            <p class="field-hint" id="prefecture-hint">
              {t(A.prefectureHint)}
            </p>
            <select class="select" id="prefecture" name="prefecture" aria-describedby="prefecture-hint">
              <option value="">{t(A.any)}</option>
              {REGION_BLOCKS.map((b) => (
                <optgroup label={REGION_BLOCK_LABELS[b][locale]}>
                  {PREFECTURES.filter((p) => p.block === b).map((p) => (
                    <option value={p.code} selected={o.prefecture === p.code}>
                      {p[locale]}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div class="field">
            <fieldset class="fieldset">
              <legend class="field-label">{t(A.lang)}</legend>
              <div class="choices">
                {(['ja', 'en'] as const).map((l) => (
                  <div class="choice">
                    <input type="radio" id={`lang-${l}`} name="lang" value={l} checked={o.lang === l} />
                    <label for={`lang-${l}`} lang={l}>
                      {langNames[l]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" class="button button-primary">
            {t(A.make)}
          </button>
        </form>

        <h2>{t(A.preview)}</h2>
        <div class="explainer widget-preview">
          <iframe
            src={`/widget?${widgetSearchParams(o).toString()}`}
            title={A.fallback[o.lang]}
            sandbox={FRAME_SANDBOX}
            referrerpolicy="strict-origin-when-cross-origin"
            width="100%"
            height="520"
          />
        </div>

        <h2 id="snippet">{t(A.code)}</h2>
        <p>{t(A.codeHint)}</p>
        <pre class="kit-text widget-snippet" tabIndex={0} aria-labelledby="snippet">
          <code>{scriptSnippet(base, o)}</code>
        </pre>
        <p class="field-hint">{t(A.options)}</p>

        <h2 id="snippet-iframe">{t(A.noScript)}</h2>
        <p>{t(A.noScriptHint)}</p>
        <pre class="kit-text widget-snippet" tabIndex={0} aria-labelledby="snippet-iframe">
          <code>{iframeSnippet(base, o)}</code>
        </pre>

        <h2>{t(A.safety)}</h2>
        <ul>
          <li>{t(A.safety1)}</li>
          <li>{t(A.safety2)}</li>
          <li>{t(A.safety3)}</li>
          <li>{t(A.safety4)}</li>
        </ul>
      </>
    </Layout>
  );
}
