// Pages of the accounts capability: registration, sign-in, second factor, password reset,
// invitations, account settings and members. Each receives plain values, never database rows.
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, SECTORS } from '../taxonomy/taxonomy.ts';
import { ActionButton, Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import type { SessionInfo, UserSummary } from './model.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const ORG_SECTOR_LABELS: Record<(typeof SECTORS)[number], Text> = {
  public: { ja: '公的機関（国、自治体、警察、独立行政法人、公立学校など）', en: 'Public body (government, municipality, police, agency, public school)' },
  private: { ja: '民間（企業、業界団体、NPO、私立学校など）', en: 'Private (company, industry group, NPO, private school)' },
};

const PASSWORD_HINT: Text = {
  ja: '8文字以上。長い文（パスフレーズ）もおすすめです。よく使われるパスワードは使えません。',
  en: 'At least 8 characters. A long phrase works well. Commonly used passwords are refused.',
};

export interface RegisterValues {
  orgNameJa: string;
  orgNameEn: string;
  orgKind: string;
  orgSector: string;
  orgWebsite: string;
  displayName: string;
  email: string;
}

export function RegisterPage(p: { locale: Locale; csrf: string; values: RegisterValues; errors: FieldErrors }) {
  const t = tt(p.locale);
  const { locale, values: v, errors } = p;
  return (
    <Layout locale={locale} path="/register" title={t({ ja: '団体の登録', en: 'Register your organisation' })}>
      <h1>{t({ ja: '団体の登録', en: 'Register your organisation' })}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <p>
        {t({
          ja: '普及啓発の取組を行う団体（省庁、都道府県警察、自治体、学校、NPO、業界団体、企業など）が登録できます。登録した方がその団体の管理者になり、ほかの職員を招待できます。',
          en: 'Bodies that run awareness initiatives (ministries, police, municipalities, schools, NPOs, industry groups, companies) can register. You become the administrator of your organisation and can invite your colleagues.',
        })}
      </p>
      <p>
        {t({ ja: '既にアカウントをお持ちの方は', en: 'Already have an account? ' })}
        <a href={localePath(locale, '/login')}>{t({ ja: 'ログイン', en: 'Sign in' })}</a>
        {t({ ja: 'してください。', en: '.' })}
      </p>
      <PostForm action={localePath(locale, '/register')} csrf={p.csrf}>
        <fieldset class="fieldset-group">
          <legend>{t({ ja: '団体について', en: 'About your organisation' })}</legend>
          <TextField locale={locale} name="orgNameJa" label={{ ja: '団体名（日本語）', en: 'Name (Japanese)' }} required value={v.orgNameJa} errors={errors} maxLength={100} autocomplete="organization" />
          <TextField
            locale={locale}
            name="orgNameEn"
            label={{ ja: '団体名（英語）', en: 'Name (English)' }}
            hint={{ ja: '英語版のページに表示します。空欄なら日本語名を表示します。', en: 'Shown on English pages. Left empty, the Japanese name is shown.' }}
            value={v.orgNameEn}
            errors={errors}
            maxLength={150}
          />
          <SelectField
            locale={locale}
            name="orgKind"
            label={{ ja: '団体の種類', en: 'Kind of organisation' }}
            required
            value={v.orgKind}
            errors={errors}
            emptyLabel={{ ja: '選んでください', en: 'Choose one' }}
            choices={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))}
          />
          <ChoiceGroup
            locale={locale}
            type="radio"
            name="orgSector"
            label={{ ja: '官民の区分', en: 'Sector' }}
            required
            selected={[v.orgSector]}
            errors={errors}
            choices={SECTORS.map((s) => ({ value: s, label: ORG_SECTOR_LABELS[s] }))}
          />
          <TextField locale={locale} name="orgWebsite" type="url" label={{ ja: 'ウェブサイト', en: 'Website' }} hint={{ ja: '例：https://www.example.jp', en: 'For example https://www.example.org' }} value={v.orgWebsite} errors={errors} autocomplete="url" />
        </fieldset>
        <fieldset class="fieldset-group">
          <legend>{t({ ja: 'あなたについて', en: 'About you' })}</legend>
          <TextField locale={locale} name="displayName" label={{ ja: 'お名前', en: 'Your name' }} required value={v.displayName} errors={errors} autocomplete="name" maxLength={100} />
          <TextField
            locale={locale}
            name="email"
            type="email"
            label={{ ja: 'メールアドレス', en: 'Email address' }}
            hint={{ ja: '確認のメールを送ります。団体の業務用アドレスをお使いください。', en: 'We will send a confirmation email. Use your work address.' }}
            required
            value={v.email}
            errors={errors}
            autocomplete="email"
          />
          <TextField locale={locale} name="password" type="password" label={{ ja: 'パスワード', en: 'Password' }} hint={PASSWORD_HINT} required errors={errors} autocomplete="new-password" />
        </fieldset>
        <Button>{t({ ja: '登録する', en: 'Register' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function EmailOnlyPage(p: { locale: Locale; path: string; csrf: string; title: Text; intro: Text; button: Text; email: string; errors: FieldErrors; done?: Text }) {
  const t = tt(p.locale);
  return (
    <Layout locale={p.locale} path={p.path} title={t(p.title)}>
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={p.locale} errors={p.errors} />
      {p.done ? <Notice>{t(p.done)}</Notice> : null}
      <p>{t(p.intro)}</p>
      <PostForm action={localePath(p.locale, p.path)} csrf={p.csrf}>
        <TextField locale={p.locale} name="email" type="email" label={{ ja: 'メールアドレス', en: 'Email address' }} required value={p.email} errors={p.errors} autocomplete="email" />
        <Button>{t(p.button)}</Button>
      </PostForm>
    </Layout>
  );
}

export function LoginPage(p: { locale: Locale; csrf: string; email: string; next: string | null; errors: FieldErrors; problem?: Text; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/login" title={t({ ja: 'ログイン', en: 'Sign in' })}>
      <h1>{t({ ja: 'ログイン', en: 'Sign in' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.problem ? (
        <div class="error-summary" role="alert" tabIndex={-1} data-error-summary>
          <h2>{t({ ja: 'ログインできませんでした', en: 'You could not be signed in' })}</h2>
          <p>{t(p.problem)}</p>
        </div>
      ) : (
        <FormErrorSummary locale={locale} errors={p.errors} />
      )}
      <PostForm action={localePath(locale, '/login')} csrf={p.csrf}>
        {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
        <TextField locale={locale} name="email" type="email" label={{ ja: 'メールアドレス', en: 'Email address' }} value={p.email} errors={p.errors} autocomplete="username" />
        <TextField locale={locale} name="password" type="password" label={{ ja: 'パスワード', en: 'Password' }} errors={p.errors} autocomplete="current-password" />
        <Button>{t({ ja: 'ログイン', en: 'Sign in' })}</Button>
      </PostForm>
      <ul class="link-list">
        <li>
          <a href={localePath(locale, '/password/forgot')}>{t({ ja: 'パスワードを忘れた場合', en: 'Forgotten your password?' })}</a>
        </li>
        <li>
          <a href={localePath(locale, '/register')}>{t({ ja: '団体を新しく登録する', en: 'Register a new organisation' })}</a>
        </li>
        <li>
          <a href={localePath(locale, '/verify-email/resend')}>{t({ ja: '確認メールをもう一度送る', en: 'Send the confirmation email again' })}</a>
        </li>
      </ul>
    </Layout>
  );
}

export function SecondFactorPage(p: { locale: Locale; csrf: string; errors: FieldErrors; problem?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/login/two-factor" title={t({ ja: '確認コードの入力', en: 'Enter your code' })}>
      <h1>{t({ ja: '確認コードの入力', en: 'Enter your code' })}</h1>
      {p.problem ? (
        <div class="error-summary" role="alert" tabIndex={-1} data-error-summary>
          <h2>{t({ ja: 'ログインできませんでした', en: 'You could not be signed in' })}</h2>
          <p>{t(p.problem)}</p>
        </div>
      ) : (
        <FormErrorSummary locale={locale} errors={p.errors} />
      )}
      <PostForm action={localePath(locale, '/login/two-factor')} csrf={p.csrf}>
        <TextField
          locale={locale}
          name="code"
          label={{ ja: '認証アプリの6桁のコード', en: 'The 6-digit code from your authenticator app' }}
          hint={{ ja: 'スマートフォンを使えない場合は、リカバリーコードを入力できます。', en: 'If you cannot use your phone, enter one of your recovery codes instead.' }}
          errors={p.errors}
          autocomplete="one-time-code"
          inputMode="text"
          width="short"
        />
        <Button>{t({ ja: '確認する', en: 'Continue' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function PasswordFormPage(p: { locale: Locale; path: string; csrf: string; title: Text; intro?: Text; token: string; errors: FieldErrors; withName?: { value: string; email: string } }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path={p.path} title={t(p.title)}>
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={p.errors} />
      {p.intro ? <p>{t(p.intro)}</p> : null}
      <PostForm action={localePath(locale, p.path)} csrf={p.csrf}>
        <input type="hidden" name="token" value={p.token} />
        {p.withName ? (
          <>
            <p>
              {t({ ja: 'メールアドレス：', en: 'Email address: ' })}
              <strong>{p.withName.email}</strong>
            </p>
            <TextField locale={locale} name="displayName" label={{ ja: 'お名前', en: 'Your name' }} required value={p.withName.value} errors={p.errors} autocomplete="name" />
          </>
        ) : null}
        <TextField locale={locale} name="password" type="password" label={{ ja: '新しいパスワード', en: 'New password' }} hint={PASSWORD_HINT} required errors={p.errors} autocomplete="new-password" />
        <Button>{t({ ja: '設定する', en: 'Save' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function AccountPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  email: string;
  totpEnabled: boolean;
  privileged: boolean;
  recoveryCodesLeft: number;
  sessions: SessionInfo[];
  errors: FieldErrors;
  notice?: Text;
}) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/my/account" title={t({ ja: 'アカウント設定', en: 'Account settings' })} viewer={p.viewer} area="account">
      <h1>{t({ ja: 'アカウント設定', en: 'Account settings' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors} />
      <p>
        {t({ ja: 'メールアドレス：', en: 'Email address: ' })}
        {p.email}
      </p>
      <h2>{t({ ja: 'パスワードの変更', en: 'Change your password' })}</h2>
      <PostForm action={localePath(locale, '/my/account/password')} csrf={p.csrf}>
        <TextField locale={locale} name="currentPassword" type="password" label={{ ja: '現在のパスワード', en: 'Current password' }} required errors={p.errors} autocomplete="current-password" />
        <TextField locale={locale} name="newPassword" type="password" label={{ ja: '新しいパスワード', en: 'New password' }} hint={PASSWORD_HINT} required errors={p.errors} autocomplete="new-password" />
        <Button>{t({ ja: 'パスワードを変更する', en: 'Change password' })}</Button>
      </PostForm>
      <h2>{t({ ja: '2段階認証', en: 'Two-factor authentication' })}</h2>
      {p.totpEnabled ? (
        <>
          <p>{t({ ja: `2段階認証を使っています。未使用のリカバリーコード：${p.recoveryCodesLeft}個`, en: `Two-factor authentication is on. Unused recovery codes: ${p.recoveryCodesLeft}` })}</p>
          <div class="button-row">
            <ActionButton action={localePath(locale, '/my/account/two-factor/recovery-codes')} csrf={p.csrf} label={t({ ja: 'リカバリーコードを作り直す', en: 'Make new recovery codes' })} />
            {p.privileged ? null : <ActionButton action={localePath(locale, '/my/account/two-factor/disable')} csrf={p.csrf} label={t({ ja: '2段階認証をやめる', en: 'Turn off two-factor authentication' })} variant="warning" />}
          </div>
        </>
      ) : (
        <>
          <p>{t({ ja: 'パスワードに加えて、スマートフォンの認証アプリのコードでログインを確認します。事務局と管理者には必須です。', en: 'Confirm each sign-in with a code from an authenticator app as well as your password. Required for moderators and administrators.' })}</p>
          <p>
            <a class="button button-secondary" href={localePath(locale, '/my/account/two-factor')}>
              {t({ ja: '2段階認証を設定する', en: 'Set up two-factor authentication' })}
            </a>
          </p>
        </>
      )}
      <h2>{t({ ja: 'ログイン中の端末', en: 'Where you are signed in' })}</h2>
      <table class="data-table">
        <caption class="visually-hidden">{t({ ja: 'ログイン中の端末', en: 'Where you are signed in' })}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ ja: '端末', en: 'Device' })}</th>
            <th scope="col">{t({ ja: 'ログイン日時', en: 'Signed in' })}</th>
            <th scope="col">{t({ ja: '最終利用', en: 'Last active' })}</th>
          </tr>
        </thead>
        <tbody>
          {p.sessions.map((s) => (
            <tr>
              <td>
                {(s.userAgent ?? '').slice(0, 80) || t({ ja: '不明', en: 'Unknown' })}
                {s.current ? <strong>{t({ ja: '（この端末）', en: ' (this device)' })}</strong> : null}
              </td>
              <td>{formatDate(locale, s.createdAt)}</td>
              <td>{formatDate(locale, s.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.sessions.length > 1 ? (
        <ActionButton action={localePath(locale, '/my/account/sessions/end-others')} csrf={p.csrf} label={t({ ja: 'ほかの端末をすべてログアウトする', en: 'Sign out everywhere else' })} />
      ) : null}
    </Layout>
  );
}

export function TwoFactorSetupPage(p: { locale: Locale; viewer: Viewer; csrf: string; secret: string; qrSvg: string; errors: FieldErrors; required: boolean }) {
  const t = tt(p.locale);
  const { locale } = p;
  const grouped = p.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <Layout locale={locale} path="/my/account/two-factor" title={t({ ja: '2段階認証の設定', en: 'Set up two-factor authentication' })} viewer={p.viewer} area="account">
      <h1>{t({ ja: '2段階認証の設定', en: 'Set up two-factor authentication' })}</h1>
      <FormErrorSummary locale={locale} errors={p.errors} />
      {p.required ? (
        <Notice kind="warning">{t({ ja: '事務局・管理者のアカウントは、2段階認証を設定するまで利用できません。', en: 'Moderator and administrator accounts must set up two-factor authentication before continuing.' })}</Notice>
      ) : null}
      <ol class="steps">
        <li>{t({ ja: 'スマートフォンに認証アプリ（Google Authenticator、Microsoft Authenticator など）を入れます。', en: 'Install an authenticator app on your phone (Google Authenticator, Microsoft Authenticator or similar).' })}</li>
        <li>
          {t({ ja: 'アプリで次のQRコードを読み取るか、キーを手入力します。', en: 'Scan this QR code with the app, or type in the key.' })}
          <figure class="qr">
            <div role="img" aria-label={t({ ja: '認証アプリ用のQRコード', en: 'QR code for your authenticator app' })} dangerouslySetInnerHTML={{ __html: p.qrSvg }} />
            <figcaption>
              {t({ ja: 'キー：', en: 'Key: ' })}
              <code>{grouped}</code>
            </figcaption>
          </figure>
        </li>
        <li>{t({ ja: 'アプリに表示された6桁のコードを入力します。', en: 'Enter the 6-digit code the app shows.' })}</li>
      </ol>
      <PostForm action={localePath(locale, '/my/account/two-factor')} csrf={p.csrf}>
        <TextField locale={locale} name="code" label={{ ja: '6桁のコード', en: '6-digit code' }} required errors={p.errors} autocomplete="one-time-code" inputMode="numeric" width="short" />
        <Button>{t({ ja: '設定する', en: 'Turn on' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function RecoveryCodesPage(p: { locale: Locale; viewer: Viewer; codes: string[] }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/my/account" title={t({ ja: 'リカバリーコード', en: 'Recovery codes' })} viewer={p.viewer} area="account">
      <h1>{t({ ja: 'リカバリーコード', en: 'Recovery codes' })}</h1>
      <Notice>{t({ ja: '2段階認証を設定しました。', en: 'Two-factor authentication is on.' })}</Notice>
      <p>
        {t({
          ja: 'スマートフォンを失くしたときは、次のコードのどれか1つでログインできます。各コードは1回だけ使えます。印刷するか安全な場所に保管してください。この画面を離れると二度と表示されません。',
          en: 'If you lose your phone, you can sign in with one of these codes. Each works once. Print them or keep them somewhere safe: they will not be shown again.',
        })}
      </p>
      <ul class="recovery-codes">
        {p.codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={localePath(locale, '/my')}>
          {t({ ja: '保管しました。マイページへ', en: 'I have saved them. Go to my page' })}
        </a>
      </p>
    </Layout>
  );
}

export function MembersPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  members: UserSummary[];
  invites: { email: string; role: string; expiresAt: string }[];
  isAdmin: boolean;
  selfId: number;
  values: { email: string; role: string };
  errors: FieldErrors;
  notice?: Text;
  problem?: Text;
}) {
  const t = tt(p.locale);
  const { locale } = p;
  const roleLabel = (r: string | null): string => t(r === 'admin' ? { ja: '管理者', en: 'Administrator' } : { ja: 'メンバー', en: 'Member' });
  return (
    <Layout locale={locale} path="/my/members" title={t({ ja: 'メンバー', en: 'Members' })} viewer={p.viewer} area="members">
      <h1>{t({ ja: 'メンバー', en: 'Members' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.problem ? (
        <div class="error-summary" role="alert" tabIndex={-1} data-error-summary>
          <h2>{t(p.problem)}</h2>
        </div>
      ) : null}
      <FormErrorSummary locale={locale} errors={p.errors} />
      <table class="data-table">
        <caption class="visually-hidden">{t({ ja: 'メンバー一覧', en: 'Members' })}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ ja: '名前', en: 'Name' })}</th>
            <th scope="col">{t({ ja: 'メールアドレス', en: 'Email' })}</th>
            <th scope="col">{t({ ja: '役割', en: 'Role' })}</th>
            {p.isAdmin ? <th scope="col">{t({ ja: '操作', en: 'Actions' })}</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.members.map((m) => (
            <tr>
              <td>{m.displayName}</td>
              <td>{m.email}</td>
              <td>{roleLabel(m.orgRole)}</td>
              {p.isAdmin ? (
                <td>
                  {m.id === p.selfId ? (
                    t({ ja: '（あなた）', en: '(you)' })
                  ) : (
                    <div class="button-row">
                      <ActionButton
                        action={localePath(locale, `/my/members/${m.id}`)}
                        csrf={p.csrf}
                        hidden={{ change: m.orgRole === 'admin' ? 'make_member' : 'make_admin' }}
                        label={t(m.orgRole === 'admin' ? { ja: `${m.displayName}さんをメンバーにする`, en: `Make ${m.displayName} a member` } : { ja: `${m.displayName}さんを管理者にする`, en: `Make ${m.displayName} an administrator` })}
                      />
                      <ActionButton action={localePath(locale, `/my/members/${m.id}`)} csrf={p.csrf} hidden={{ change: 'remove' }} variant="warning" label={t({ ja: `${m.displayName}さんを外す`, en: `Remove ${m.displayName}` })} />
                    </div>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {p.invites.length ? (
        <>
          <h2>{t({ ja: '招待中', en: 'Invitations sent' })}</h2>
          <ul>
            {p.invites.map((i) => (
              <li>
                {i.email}（{roleLabel(i.role)}）{t({ ja: `有効期限 ${formatDate(locale, i.expiresAt)}`, en: ` — expires ${formatDate(locale, i.expiresAt)}` })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.isAdmin ? (
        <>
          <h2>{t({ ja: 'メンバーを招待する', en: 'Invite a colleague' })}</h2>
          <PostForm action={localePath(locale, '/my/members/invite')} csrf={p.csrf}>
            <TextField locale={locale} name="email" type="email" label={{ ja: '招待する方のメールアドレス', en: "Your colleague's email address" }} required value={p.values.email} errors={p.errors} />
            <ChoiceGroup
              locale={locale}
              type="radio"
              name="role"
              label={{ ja: '役割', en: 'Role' }}
              selected={[p.values.role || 'member']}
              errors={p.errors}
              choices={[
                { value: 'member', label: { ja: 'メンバー', en: 'Member' }, hint: { ja: '取組の作成・編集・提出ができます。', en: 'Creates, edits and submits initiatives.' } },
                { value: 'admin', label: { ja: '管理者', en: 'Administrator' }, hint: { ja: 'メンバーの招待と管理もできます。', en: 'Also invites and manages members.' } },
              ]}
            />
            <Button>{t({ ja: '招待メールを送る', en: 'Send invitation' })}</Button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}
