// Pages of email subscriptions. Each receives plain values, never database rows.
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { Button, ChoiceGroup, FormErrorSummary, PostForm, SelectField, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import type { SubscriptionChoices } from './model.ts';

const tt = (locale: Locale) => (x: Text) => x[locale];

export interface SubscribeValues extends SubscriptionChoices {
  email: string;
}

/** The choices every channel offers: audiences, prefecture, extras, language. */
export function ChoiceFields({ locale, choices, errors }: { locale: Locale; choices: SubscriptionChoices; errors: FieldErrors }) {
  return (
    <>
      <ChoiceGroup
        locale={locale}
        type="checkbox"
        name="audiences"
        label={{ ja: 'どなた向けの情報を受け取りますか', en: 'Who should the messages be for?' }}
        hint={{ ja: '選ばなければ、すべての対象の注意喚起が届きます。', en: 'Leave all unticked to receive advisories for everyone.' }}
        choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))}
        selected={choices.audiences}
        errors={errors}
        columns
      />
      <SelectField
        locale={locale}
        name="prefecture"
        label={{ ja: 'お住まい・所在地の都道府県', en: 'Your prefecture' }}
        hint={{ ja: '選ぶと、その都道府県向けと全国向けの情報が届きます。', en: 'With one chosen, you receive what concerns it and the whole country.' }}
        emptyLabel={{ ja: '全国（すべての都道府県）', en: 'All of Japan (every prefecture)' }}
        choices={PREFECTURES.map((p) => ({ value: p.code, label: { ja: p.ja, en: p.en } }))}
        value={choices.prefecture ?? ''}
        errors={errors}
      />
      <ChoiceGroup
        locale={locale}
        type="checkbox"
        name="also"
        label={{ ja: '注意喚起のほかに受け取るもの', en: 'Also send me' }}
        choices={[
          { value: 'events', label: { ja: '新しいイベント・セミナーのお知らせ', en: 'New events and seminars' } },
          { value: 'materials', label: { ja: '新しい教材・ツールのお知らせ', en: 'New materials and tools' } },
        ]}
        selected={[choices.events ? 'events' : '', choices.materials ? 'materials' : ''].filter(Boolean)}
        errors={errors}
      />
      <ChoiceGroup
        locale={locale}
        type="radio"
        name="language"
        label={{ ja: 'メールの言語', en: 'Language of the emails' }}
        choices={[
          { value: 'ja', label: { ja: '日本語', en: 'Japanese' } },
          { value: 'en', label: { ja: '英語', en: 'English' } },
        ]}
        selected={[choices.locale]}
        errors={errors}
      />
    </>
  );
}

export function SubscribePage(p: { locale: Locale; csrf: string; values: SubscribeValues; errors: FieldErrors }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/subscribe" title={t({ ja: '注意喚起をメールで受け取る', en: 'Get advisories by email' })} section="advisories">
      <h1>{t({ ja: '注意喚起をメールで受け取る', en: 'Get advisories by email' })}</h1>
      <FormErrorSummary locale={locale} errors={p.errors} />
      <p>
        {t({
          ja: '新しい詐欺の手口や、急いで対策が必要なことが分かったときに、メールでお知らせします。登録は無料で、アカウントは不要です。いつでも停止できます。',
          en: 'We email you when a new scam appears or something needs doing quickly. Free, no account needed, and you can stop at any time.',
        })}
      </p>
      <PostForm action={localePath(locale, '/subscribe')} csrf={p.csrf}>
        <TextField
          locale={locale}
          name="email"
          type="email"
          autocomplete="email"
          label={{ ja: 'メールアドレス', en: 'Email address' }}
          hint={{ ja: '確認のメールを送ります。メール内のリンクを開くと登録が完了します。', en: 'We send a confirmation email; registration completes when you open its link.' }}
          required
          value={p.values.email}
          errors={p.errors}
          maxLength={254}
        />
        <ChoiceFields locale={locale} choices={p.values} errors={p.errors} />
        <Button>{t({ ja: '確認メールを送る', en: 'Send the confirmation email' })}</Button>
      </PostForm>
      <h2>{t({ ja: 'ほかの受け取り方', en: 'Other ways to receive them' })}</h2>
      <ul class="link-list">
        <li>
          <a href={localePath(locale, '/subscribe/push')}>{t({ ja: 'この端末で通知を受け取る（プッシュ通知）', en: 'Notifications on this device (web push)' })}</a>
        </li>
        <li>
          <a href={localePath(locale, '/advisories.atom')}>{t({ ja: 'フィード（Atom）で受け取る', en: 'Atom feed' })}</a>
        </li>
        <li>
          <a href={localePath(locale, '/my/webhooks')}>{t({ ja: '団体のシステムで受け取る（Webhook、団体アカウントが必要）', en: "Your organisation's systems (webhooks; needs an organisation account)" })}</a>
        </li>
        <li>
          <a href={localePath(locale, '/widget/about')}>{t({ ja: '自分のウェブサイトに表示する（ウィジェット）', en: 'Show them on your website (widget)' })}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** One button that POSTs the link's token: opening a link (or a mail scanner fetching it) changes nothing. */
export function TokenButtonPage(p: { locale: Locale; path: string; action: string; csrf: string | null; token: string; title: Text; body: Text[]; button: Text; variant?: 'primary' | 'warning' }) {
  const t = tt(p.locale);
  return (
    <Layout locale={p.locale} path={p.path} title={t(p.title)} section="advisories">
      <h1>{t(p.title)}</h1>
      {p.body.map((b) => (
        <p>{t(b)}</p>
      ))}
      <form method="post" action={p.action} class="inline-form">
        {p.csrf ? <input type="hidden" name="_csrf" value={p.csrf} /> : null}
        <input type="hidden" name="t" value={p.token} />
        <Button variant={p.variant}>{t(p.button)}</Button>
      </form>
    </Layout>
  );
}

export function ManagePage(p: { locale: Locale; csrf: string; token: string; email: string; choices: SubscriptionChoices; errors: FieldErrors; saved: boolean }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/subscribe/manage" title={t({ ja: '配信内容の変更', en: 'Change what you receive' })} section="advisories">
      <h1>{t({ ja: '配信内容の変更', en: 'Change what you receive' })}</h1>
      {p.saved ? (
        <div class="notice notice-success" role="status">
          {t({ ja: '変更を保存しました。', en: 'Your changes were saved.' })}
        </div>
      ) : null}
      <FormErrorSummary locale={locale} errors={p.errors} />
      <p>
        {t({ ja: '配信先：', en: 'Sent to: ' })}
        <strong>{p.email}</strong>
      </p>
      <PostForm action={localePath(locale, '/subscribe/manage')} csrf={p.csrf}>
        <input type="hidden" name="t" value={p.token} />
        <ChoiceFields locale={locale} choices={p.choices} errors={p.errors} />
        <Button>{t({ ja: '変更を保存する', en: 'Save changes' })}</Button>
      </PostForm>
      <h2>{t({ ja: '配信の停止', en: 'Stop the emails' })}</h2>
      <p>{t({ ja: '停止すると、メールアドレスは削除されます。', en: 'When you stop, your address is deleted.' })}</p>
      <form method="post" action={`${localePath(locale, '/subscribe/unsubscribe')}`} class="inline-form">
        <input type="hidden" name="t" value={p.token} />
        <Button variant="warning">{t({ ja: '配信を停止する', en: 'Unsubscribe' })}</Button>
      </form>
    </Layout>
  );
}
