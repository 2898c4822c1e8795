// Pages reached through a declaration's private links: the confirmation (a button, so a mail scanner
// opening the link changes nothing), the management page (status, dates, what is outstanding, and the
// firm's actions) and the withdrawal's confirmation. Every form carries the token in a hidden field.
import type { ComponentChildren } from 'preact';
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { INDUSTRY_LABELS, SIZE_BAND_LABELS } from '../taxonomy/attributes.ts';
import { Breadcrumbs } from '../web/components.tsx';
import { Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, type FieldErrors } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import type { DeclarationFormValues } from './form.ts';
import { STAR_LABELS, STATUS_LABELS, type Declaration } from './model.ts';
import { DetailFields, EndedBanner, locationText, StarBadge, StarHelp, StatusTag, tt, TwoStarFields, X } from './views.tsx';

function TokenForm({ locale, action, csrf, token, children }: { locale: Locale; action: string; csrf: string; token: string; children: ComponentChildren }) {
  return (
    <PostForm action={localePath(locale, action)} csrf={csrf}>
      <input type="hidden" name="t" value={token} />
      {children}
    </PostForm>
  );
}

function Summary({ locale, d }: { locale: Locale; d: Declaration }) {
  const t = tt(locale);
  return (
    <dl class="detail-list">
      {d.number ? (
        <div>
          <dt>{t(X.number)}</dt>
          <dd>{d.number}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t({ ja: '事業者名', en: 'Business' })}</dt>
        <dd>
          {d.name}
          {d.nameKana ? `（${d.nameKana}）` : ''}
        </dd>
      </div>
      <div>
        <dt>{t(X.star)}</dt>
        <dd>
          <StarBadge locale={locale} star={d.star} />
        </dd>
      </div>
      <div>
        <dt>{t(X.corporateNumber)}</dt>
        <dd>{d.corporateNumber ?? t(X.noCorporateNumber)}</dd>
      </div>
      <div>
        <dt>{t(X.location)}</dt>
        <dd>{locationText(locale, d)}</dd>
      </div>
      <div>
        <dt>{t(X.industry)}</dt>
        <dd>{INDUSTRY_LABELS[d.industry][locale]}</dd>
      </div>
      <div>
        <dt>{t(X.size)}</dt>
        <dd>{SIZE_BAND_LABELS[d.sizeBand][locale]}</dd>
      </div>
      {d.website ? (
        <div>
          <dt>{t(X.website)}</dt>
          <dd class="url-cell">{d.website}</dd>
        </div>
      ) : null}
      {d.star === 2 && d.policyUrl ? (
        <div>
          <dt>{t(X.policy)}</dt>
          <dd class="url-cell">{d.policyUrl}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function ConfirmPage({ locale, csrf, token, d }: { locale: Locale; csrf: string; token: string; d: Declaration }) {
  const t = tt(locale);
  const title = t({ ja: '自己宣言の確認', en: 'Confirm your self-declaration' });
  return (
    <Layout locale={locale} path="/declarations/confirm" title={title} section="declarations">
      <h1>{title}</h1>
      <p>{t({ ja: '次の内容で宣言します。ボタンを押すと宣言が有効になり、宣言番号が付いて登録一覧に公開されます。', en: 'You declare the following. When you press the button, the declaration becomes active, gets its number and is listed in the register.' })}</p>
      <Summary locale={locale} d={d} />
      <p>{t(STAR_LABELS[d.star].what)}</p>
      <p class="notice notice-info">{t(X.notCertification)}</p>
      <TokenForm locale={locale} action="/declarations/confirm" csrf={csrf} token={token}>
        <Button>{t({ ja: '宣言を確定する', en: 'Confirm the declaration' })}</Button>
      </TokenForm>
    </Layout>
  );
}

export function ConfirmedPage({ locale, d, manageHref, already }: { locale: Locale; d: Declaration; manageHref: string | null; already: boolean }) {
  const t = tt(locale);
  const title = already ? t({ ja: 'この宣言は確定済みです', en: 'This declaration is already confirmed' }) : t({ ja: '宣言が有効になりました', en: 'Your declaration is active' });
  return (
    <Layout locale={locale} path="/declarations/confirm" title={title} section="declarations">
      <h1>{title}</h1>
      {d.number ? (
        <p class="lead">
          {t(X.number)}：<strong>{d.number}</strong>
        </p>
      ) : null}
      {already ? (
        <p>{t({ ja: '管理用リンクは、確定したときのメールでお送りしています。見つからなければ、もう一度受け取れます。', en: 'The management link was emailed when it was confirmed. If you cannot find it, you can get it again.' })}</p>
      ) : (
        <p>
          {t({
            ja: '公開ページと管理用リンクを、メールでもお送りしました。管理用リンクは、登録内容の変更・二つ星への変更・更新・取り下げに使います。他の人に教えないでください。',
            en: 'We also emailed you the public page and your management link. Use the management link to change details, move to two stars, renew or withdraw. Keep it to yourself.',
          })}
        </p>
      )}
      <ul class="link-list">
        {d.number ? (
          <li>
            <a href={localePath(locale, `/declarations/${d.number}`)}>{t({ ja: '公開ページを見る', en: 'See the public page' })}</a>
          </li>
        ) : null}
        {manageHref ? (
          <li>
            <a href={manageHref}>{t({ ja: '管理用ページを開く', en: 'Open the management page' })}</a>
          </li>
        ) : (
          <li>
            <a href={localePath(locale, '/declarations/resend')}>{t(X.resend)}</a>
          </li>
        )}
      </ul>
    </Layout>
  );
}

export const DONE: Record<string, Text> = {
  saved: { ja: '登録内容を変更しました。', en: 'Your details were saved.' },
  upgraded: { ja: '二つ星に変更しました。', en: 'Your declaration now has two stars.' },
  renewed: { ja: '宣言を更新しました。次の更新期限は下のとおりです。', en: 'Your declaration was renewed. The next renewal date is shown below.' },
  withdrawn: { ja: '宣言を取り下げました。公開ページは「取り下げ済み」と表示されて残ります。', en: 'Your declaration was withdrawn. Its public page stays, marked as withdrawn.' },
};

function Outstanding({ locale, d, today }: { locale: Locale; d: Declaration; today: string }) {
  const t = tt(locale);
  const items: ComponentChildren[] = [];
  if (d.status === 'lapsed') items.push(<li>{t({ ja: '宣言が期限切れです。下の「宣言を更新する」から更新すると、同じ宣言番号で有効に戻ります。', en: 'Your declaration has lapsed. Renew it below and it becomes active again with the same number.' })}</li>);
  else if (d.status === 'active' && d.renewalDue) {
    if (d.renewalDue <= today) items.push(<li>{t({ ja: `更新期限（${formatDate(locale, d.renewalDue)}）を過ぎています。下のボタンで更新してください。`, en: `The renewal date (${formatDate(locale, d.renewalDue)}) has passed. Renew below.` })}</li>);
    else items.push(<li>{t({ ja: `次の更新期限は${formatDate(locale, d.renewalDue)}です。30日前と当日にメールでお知らせします。`, en: `Next renewal due on ${formatDate(locale, d.renewalDue)}. We email you 30 days before and on the day.` })}</li>);
  }
  if (d.star === 2) {
    items.push(<li>{d.diagnosisDone ? t({ ja: '自社診断（25項目）：実施済みと宣言しています。', en: 'Self-diagnosis (25 items): declared as done.' }) : t({ ja: '自社診断（25項目）：未実施です。', en: 'Self-diagnosis (25 items): not done.' })}</li>);
    items.push(<li>{d.policyUrl ? t({ ja: `情報セキュリティ基本方針：${d.policyUrl} で公開していると宣言しています。ページを移したときは、下の「登録内容の変更」でアドレスを直してください。`, en: `Basic security policy: declared as published at ${d.policyUrl}. If you move the page, correct the address under "Change details" below.` }) : t({ ja: '情報セキュリティ基本方針：公開ページのアドレスがありません。', en: 'Basic security policy: no address given.' })}</li>);
  } else if (d.status === 'active') {
    items.push(<li>{t({ ja: '二つ星にするには、25項目の自社診断の実施と、情報セキュリティ基本方針の公開が必要です。', en: 'For two stars: complete the 25-item self-diagnosis and publish a basic security policy.' })}</li>);
  }
  return <ul>{items}</ul>;
}

export function ManagePage(p: { locale: Locale; csrf: string; token: string; d: Declaration; today: string; done?: Text; errors: FieldErrors; values: DeclarationFormValues; upgradeErrors: FieldErrors; renewErrors: FieldErrors; problem?: Text }) {
  const { locale, d, token, csrf } = p;
  const t = tt(locale);
  const title = t({ ja: '自己宣言の管理', en: 'Manage your self-declaration' });
  const canChange = d.status === 'active';
  const canRenew = d.status === 'active' || d.status === 'lapsed';
  const allErrors = { ...p.renewErrors, ...p.upgradeErrors, ...p.errors };
  return (
    <Layout locale={locale} path="/declarations/manage" title={title} section="declarations">
      <h1>
        {title}
        <span class="subtitle-inline">{d.name}</span>
      </h1>
      {p.done ? <Notice>{t(p.done)}</Notice> : null}
      {p.problem ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{t(p.problem)}</p>
        </div>
      ) : null}
      <FormErrorSummary locale={locale} errors={allErrors} />
      <EndedBanner locale={locale} d={d} />
      <p class="advisory-badges">
        <StatusTag locale={locale} status={d.status} />
        <StarBadge locale={locale} star={d.star} />
      </p>
      <p class="hint">{t({ ja: 'このページのアドレスには、あなた専用の鍵が含まれています。ブックマークは構いませんが、他の人に教えないでください。', en: 'The address of this page holds your private key. Bookmark it if you like, but do not share it.' })}</p>
      <h2>{t({ ja: '現在の状況', en: 'Status' })}</h2>
      <dl class="detail-list">
        <div>
          <dt>{t(X.status)}</dt>
          <dd>{STATUS_LABELS[d.status][locale]}</dd>
        </div>
        {d.declaredAt ? (
          <div>
            <dt>{t(X.declaredOn)}</dt>
            <dd>{formatDate(locale, d.declaredAt)}</dd>
          </div>
        ) : null}
        {d.renewedAt ? (
          <div>
            <dt>{t(X.renewedOn)}</dt>
            <dd>{formatDate(locale, d.renewedAt)}</dd>
          </div>
        ) : null}
        {d.renewalDue && canRenew ? (
          <div>
            <dt>{t(X.renewalDue)}</dt>
            <dd>{formatDate(locale, d.renewalDue)}</dd>
          </div>
        ) : null}
      </dl>
      <h3>{t({ ja: 'やること・確認すること', en: 'What is outstanding' })}</h3>
      <Outstanding locale={locale} d={d} today={p.today} />
      {d.number ? (
        <p>
          <a href={localePath(locale, `/declarations/${d.number}`)}>{t({ ja: '公開ページを見る', en: 'See the public page' })}</a>
        </p>
      ) : null}
      <h2>{t({ ja: '登録内容', en: 'Registered details' })}</h2>
      <Summary locale={locale} d={d} />

      {canRenew ? (
        <section class="panel" aria-labelledby="renew-title">
          <h2 id="renew-title">{t({ ja: '宣言を更新する', en: 'Renew the declaration' })}</h2>
          <p>{t({ ja: '宣言は1年ごとの更新です。更新すると、今日から1年後が次の更新期限になります。', en: 'Declarations are renewed every year. Renewing sets the next renewal date a year from today.' })}</p>
          <TokenForm locale={locale} action="/declarations/manage/renew" csrf={csrf} token={token}>
            <ChoiceGroup
              locale={locale}
              type="checkbox"
              name="still_applies"
              label={{ ja: '取組の継続', en: 'Still applied' }}
              required
              choices={[{ value: 'yes', label: d.star === 2 ? { ja: '宣言した取組（5か条、自社診断、基本方針の公開）を引き続き行っています', en: 'We still apply what we declared (the 5 measures, the self-diagnosis, the published policy)' } : { ja: '「情報セキュリティ5か条」に引き続き取り組んでいます', en: 'We still apply the 5 basic measures' } }]}
              selected={[]}
              errors={p.renewErrors}
            />
            <Button>{t({ ja: '宣言を更新する', en: 'Renew' })}</Button>
          </TokenForm>
        </section>
      ) : null}

      {canChange && d.star === 1 ? (
        <section class="panel" aria-labelledby="upgrade-title">
          <h2 id="upgrade-title">{t({ ja: '二つ星にする', en: 'Move to two stars' })}</h2>
          <p>{t(STAR_LABELS[2].what)}</p>
          <StarHelp locale={locale} />
          <TokenForm locale={locale} action="/declarations/manage/upgrade" csrf={csrf} token={token}>
            <TwoStarFields locale={locale} v={p.values} errors={p.upgradeErrors} required />
            <Button>{t({ ja: '二つ星にする', en: 'Move to two stars' })}</Button>
          </TokenForm>
        </section>
      ) : null}

      {canChange ? (
        <section class="panel" aria-labelledby="details-title">
          <h2 id="details-title">{t({ ja: '登録内容の変更', en: 'Change details' })}</h2>
          <p class="hint">{t({ ja: '法人番号と連絡先のメールアドレスは変更できません。変わったときは、この宣言を取り下げて新しく宣言してください。', en: 'The corporate number and the contact address cannot be changed. If they change, withdraw this declaration and declare again.' })}</p>
          <TokenForm locale={locale} action="/declarations/manage/details" csrf={csrf} token={token}>
            <DetailFields locale={locale} v={p.values} errors={p.errors} />
            {d.star === 2 ? <TwoStarFields locale={locale} v={p.values} errors={p.errors} required /> : null}
            <Button>{t({ ja: '変更を保存する', en: 'Save changes' })}</Button>
          </TokenForm>
        </section>
      ) : null}

      {canRenew ? (
        <section class="danger-zone" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t({ ja: '宣言の取り下げ', en: 'Withdraw the declaration' })}</h2>
          <p>{t({ ja: '取り下げると、公開ページは「取り下げ済み」と表示されて残り、登録一覧の通常の検索には表示されなくなります。取り下げた宣言は元に戻せません。', en: 'When withdrawn, the public page stays, marked as withdrawn, and the declaration leaves the default search. A withdrawal cannot be undone.' })}</p>
          <p>
            <a class="button button-warning" href={`${localePath(locale, '/declarations/manage/withdraw')}?t=${encodeURIComponent(token)}`}>
              {t({ ja: '取り下げの手続きへ', en: 'Withdraw…' })}
            </a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}

export function WithdrawPage({ locale, csrf, token, d }: { locale: Locale; csrf: string; token: string; d: Declaration }) {
  const t = tt(locale);
  const title = t({ ja: '宣言を取り下げますか', en: 'Withdraw the declaration?' });
  return (
    <Layout locale={locale} path="/declarations/manage/withdraw" title={title} section="declarations">
      <Breadcrumbs locale={locale} trail={[{ path: `/declarations/manage?t=${encodeURIComponent(token)}`, label: t({ ja: '自己宣言の管理', en: 'Manage your self-declaration' }) }, { label: title }]} />
      <h1>{title}</h1>
      <Summary locale={locale} d={d} />
      <p>{t({ ja: '取り下げると元に戻せません。公開ページは「取り下げ済み」と表示されて残ります。もう一度宣言するときは、新しく宣言してください（新しい宣言番号になります）。', en: 'This cannot be undone. The public page stays, marked as withdrawn. To declare again later, make a new declaration (it gets a new number).' })}</p>
      <div class="button-row">
        <TokenForm locale={locale} action="/declarations/manage/withdraw" csrf={csrf} token={token}>
          <input type="hidden" name="confirm" value="yes" />
          <Button variant="warning">{t({ ja: '宣言を取り下げる', en: 'Withdraw the declaration' })}</Button>
        </TokenForm>
        <a href={`${localePath(locale, '/declarations/manage')}?t=${encodeURIComponent(token)}`}>{t({ ja: '取り下げずに戻る', en: 'Go back without withdrawing' })}</a>
      </div>
    </Layout>
  );
}
