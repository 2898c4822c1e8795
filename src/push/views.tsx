// /subscribe/push: what push notifications are, in plain words, and the same choices as the email
// subscription. Subscribing needs JavaScript and a browser that can receive push messages, so the page
// starts by saying plainly that this browser cannot, with the way to email; push.js replaces that
// message with the form only when the browser can (progressive enhancement: nothing on the page
// pretends to work when it cannot).
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { AUDIENCES, AUDIENCE_LABELS } from '../taxonomy/taxonomy.ts';
import { Button, ChoiceGroup, SelectField } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import { Script } from '../web/script.tsx';

export interface PushPageProps {
  locale: Locale;
  csrf: string;
  /** The VAPID public key (base64url): the browser's applicationServerKey. */
  vapidPublicKey: string;
  scriptUrl: string;
}

/** What push.js says as things happen; rendered into data- attributes so the script carries no text. */
const MESSAGES: Record<string, Text> = {
  working: { ja: '登録しています。ブラウザが通知の許可を求めたら「許可」を選んでください。', en: 'Subscribing. If your browser asks whether to allow notifications, choose Allow.' },
  subscribed: {
    ja: '登録しました。条件に合う注意喚起が出たら、このブラウザに通知が届きます。',
    en: 'You are subscribed. When an advisory matches your choices, this browser will show a notification.',
  },
  updated: { ja: '選んだ条件を更新しました。', en: 'Your choices were updated.' },
  denied: {
    ja: '通知が許可されていないため、登録できませんでした。ブラウザの設定でこのサイトの通知を許可してからもう一度お試しいただくか、メールで受け取ってください。',
    en: 'Notifications are blocked for this site, so you could not be subscribed. Allow notifications for this site in your browser settings and try again, or get the advisories by email.',
  },
  failed: {
    ja: '登録できませんでした。時間をおいてもう一度お試しいただくか、メールで受け取ってください。',
    en: 'Subscribing did not work. Please try again later, or get the advisories by email.',
  },
  unsubscribed: { ja: '通知を止めました。このブラウザには通知が届きません。', en: 'Notifications are turned off. This browser will not receive them any more.' },
};

export function PushSubscribePage(p: PushPageProps) {
  const { locale } = p;
  const t = (x: Text) => x[locale];
  const title = t({ ja: 'プッシュ通知で受け取る', en: 'Get notifications in your browser' });
  const emailHref = localePath(locale, '/subscribe');
  const data = Object.fromEntries(Object.entries(MESSAGES).map(([k, v]) => [`data-msg-${k}`, v[locale]]));
  return (
    <Layout
      locale={locale}
      path="/subscribe/push"
      title={title}
      description={t({ ja: '注意喚起をブラウザのプッシュ通知で受け取る登録', en: 'Subscribe to advisories as browser notifications' })}
    >
      <h1>{title}</h1>
      <p class="lead">
        {t({
          ja: '新しい注意喚起（サイバー攻撃や詐欺についての警告）が出たときに、スマートフォンやパソコンの画面に短いお知らせを表示します。',
          en: 'When a new advisory (a warning about a cyber attack or a scam) is published, a short message appears on your phone or computer screen.',
        })}
      </p>

      <h2>{t({ ja: 'プッシュ通知とは', en: 'What browser notifications are' })}</h2>
      <ul>
        <li>{t({ ja: 'このサイトを開いていなくても、お知らせが画面に表示されます。押すと詳しいページが開きます。', en: 'The message appears even when this site is not open. Select it to open the full advisory.' })}</li>
        <li>{t({ ja: 'メールアドレスや名前の登録はいりません。通知はこのブラウザだけに届きます。', en: 'No email address or name is needed. Notifications go to this browser only.' })}</li>
        <li>
          {t({
            ja: '止めたいときは、このページの「通知を止める」を押すか、ブラウザの設定でこのサイトの通知をオフにしてください。',
            en: 'To stop them, use "Turn off notifications" on this page, or switch off notifications for this site in your browser settings.',
          })}
        </li>
      </ul>

      <div class="notice notice-warning" id="push-unsupported">
        <h2>{t({ ja: 'このブラウザでは通知を受け取れません', en: 'This browser cannot receive notifications' })}</h2>
        <p>
          {t({
            ja: '通知を受け取るには、JavaScriptが有効で、プッシュ通知に対応したブラウザが必要です。古い携帯電話や、iPhone・iPadのSafari（ホーム画面に追加していない場合）などでは受け取れません。',
            en: 'Notifications need JavaScript and a browser that supports push messages. Older phones, and Safari on iPhone or iPad (unless this site is added to the Home Screen), cannot receive them.',
          })}
        </p>
        <p>
          <a href={emailHref}>{t({ ja: 'メールで注意喚起を受け取る', en: 'Get the advisories by email instead' })}</a>
        </p>
      </div>

      <form id="push-form" method="get" action={localePath(locale, '/subscribe/push')} novalidate hidden
        data-vapid-key={p.vapidPublicKey}
        data-csrf={p.csrf}
        data-api="/api/v1/push-subscriptions"
        data-locale={locale}
        {...data}
      >
        <h2>{t({ ja: '受け取る内容を選ぶ', en: 'Choose what to receive' })}</h2>
        <ChoiceGroup
          locale={locale}
          type="checkbox"
          name="audience"
          label={{ ja: 'どなた向けの情報を受け取りますか', en: 'Who should the advisories be for?' }}
          hint={{ ja: '選ばない場合は、すべての対象の注意喚起が届きます。', en: 'If you choose none, you receive advisories for everyone.' }}
          choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))}
          selected={[]}
          columns
        />
        <SelectField
          locale={locale}
          name="prefecture"
          label={{ ja: '地域', en: 'Area' }}
          hint={{ ja: '都道府県を選ぶと、その地域向けと全国向けの注意喚起が届きます。', en: 'With a prefecture, you receive advisories for it and for the whole country.' }}
          emptyLabel={{ ja: '全国（地域を選ばない）', en: 'All of Japan (no particular area)' }}
          choices={PREFECTURES.map((pr) => ({ value: pr.code, label: { ja: pr.ja, en: pr.en } }))}
        />
        <ChoiceGroup
          locale={locale}
          type="checkbox"
          name="include"
          label={{ ja: '注意喚起のほかに受け取るもの', en: 'Besides advisories, also receive' }}
          choices={[
            { value: 'events', label: { ja: '新しいイベント（セミナー・講習会など）', en: 'New events (seminars, workshops and similar)' } },
            { value: 'materials', label: { ja: '新しいツール・教材', en: 'New materials' } },
          ]}
          selected={[]}
        />
        <Button>{t({ ja: '通知を受け取る', en: 'Turn on notifications' })}</Button>
      </form>

      {/* Beside the buttons, where the eye is after pressing one; always in the page (empty) so screen
          readers announce what push.js writes into it. */}
      <div id="push-status" role="status" aria-live="polite"></div>

      <section id="push-manage" aria-labelledby="push-manage-title" hidden>
        <h2 id="push-manage-title">{t({ ja: '通知を止める', en: 'Turn off notifications' })}</h2>
        <p>{t({ ja: 'このブラウザは通知を受け取る設定になっています。上の条件を選び直して「通知を受け取る」を押すと、条件を変更できます。', en: 'This browser is set to receive notifications. To change your choices, choose again above and select "Turn on notifications".' })}</p>
        <button type="button" class="button button-secondary" id="push-unsubscribe">
          {t({ ja: '通知を止める', en: 'Turn off notifications' })}
        </button>
      </section>

      <h2>{t({ ja: 'メールで受け取る', en: 'Get them by email' })}</h2>
      <p>
        {t({ ja: 'どのブラウザや携帯電話でも受け取れるメールでの配信もあります。', en: 'Advisories are also sent by email, which works on any phone or computer.' })}{' '}
        <a href={emailHref}>{t({ ja: 'メールで受け取る登録', en: 'Subscribe by email' })}</a>
      </p>
      <Script src={p.scriptUrl} defer />
    </Layout>
  );
}
