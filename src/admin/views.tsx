// Administrators' pages: organisations (verification, review policy) and users (system role, suspension).
import type { UserSummary } from '../accounts/model.ts';
import { SYSTEM_ROLES } from '../accounts/model.ts';
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '../taxonomy/taxonomy.ts';
import { Notice } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { ProblemBox, SubNav } from '../moderation/components.tsx';
import { NamedLabel, RowAction } from '../web/row-action.tsx';
import { ORGANISATION_STATUS_LABELS, REVIEW_POLICY_LABELS, SYSTEM_ROLE_LABELS, USER_STATUS_LABELS } from '../audit/labels.ts';
import type { OrganisationForAdmin } from './service.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

function AdminNav({ locale, current }: { locale: Locale; current: 'organisations' | 'users' }) {
  return (
    <SubNav
      locale={locale}
      label={{ ja: '管理のメニュー', en: 'Administration menu' }}
      current={current}
      items={[
        { key: 'organisations', href: localePath(locale, '/admin'), label: { ja: '団体', en: 'Organisations' } },
        { key: 'users', href: localePath(locale, '/admin/users'), label: { ja: 'ユーザー', en: 'Users' } },
        { key: 'desks', href: localePath(locale, '/admin/desks'), label: { ja: '相談窓口', en: 'Help desks' } },
        { key: 'help', href: localePath(locale, '/admin/help'), label: { ja: '困ったときは（質問と規則）', en: 'Guided help (questions and rules)' } },
        { key: 'webhooks', href: localePath(locale, '/admin/webhooks'), label: { ja: 'Webhook', en: 'Webhooks' } },
        { key: 'import', href: localePath(locale, '/admin/import'), label: { ja: '一括登録（複数団体）', en: 'Bulk import (many organisations)' } },
        { key: 'history', href: localePath(locale, '/moderation/history'), label: { ja: '操作の履歴', en: 'History' } },
      ]}
    />
  );
}

const kindLabel = (locale: Locale, kind: string) => ORGANISATION_KIND_LABELS[kind as OrganisationKind]?.[locale] ?? kind;

export function OrganisationsPage(p: { locale: Locale; viewer: Viewer; csrf: string; organisations: OrganisationForAdmin[]; notice?: Text; problem?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: '団体の管理', en: 'Organisations' });
  return (
    <Layout locale={locale} path="/admin" title={title} viewer={p.viewer} area="admin">
      <h1>{title}</h1>
      <AdminNav locale={locale} current="organisations" />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.problem ? <ProblemBox locale={locale} title={p.problem} /> : null}
      <div class="explainer">
        <p>
          {t({
            ja: '「確認済み」は、事務局が団体の実在と担当者を確認したことを示します。確認待ちの団体を確認済みにすると、団体一覧にも掲載されます。',
            en: '“Verified” means the program office has checked that the organisation and its contact are genuine. Verifying a pending organisation also lists it publicly.',
          })}
        </p>
        <p>
          {t({
            ja: '審査方針を「確認済みなら審査なしで公開」にした団体は、確認済みである間、提出した取組が事務局の審査を経ずにすぐ公開されます（履歴には残ります）。確認を取り消すと、方針にかかわらず再び審査が必要になります。',
            en: 'An organisation whose review policy is “Publish without review when verified” publishes its submissions at once, without review by the program office, for as long as it is verified (the history still records them). Revoking the verification brings back the review, whatever the policy.',
          })}
        </p>
      </div>
      <div class="table-scroll">
        <table class="data-table admin-table">
          <caption class="visually-hidden">{t({ ja: '団体一覧（確認待ちが先）', en: 'Organisations, pending ones first' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '団体名', en: 'Name' })}</th>
              <th scope="col">{t({ ja: '種類', en: 'Kind' })}</th>
              <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
              <th scope="col">{t({ ja: '確認', en: 'Verified' })}</th>
              <th scope="col">{t({ ja: '審査方針', en: 'Review policy' })}</th>
              <th scope="col" class="num">{t({ ja: 'メンバー数', en: 'Members' })}</th>
              <th scope="col">{t({ ja: '操作', en: 'Actions' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.organisations.map((o) => {
              const name = locale === 'ja' ? o.nameJa : o.nameEn;
              const verifyAction = localePath(locale, `/admin/organisations/${o.id}/verify`);
              const policyAction = localePath(locale, `/admin/organisations/${o.id}/policy`);
              const advisoryAction = localePath(locale, `/admin/organisations/${o.id}/advisories`);
              return (
                <tr>
                  <th scope="row">{name}</th>
                  <td>{kindLabel(locale, o.kind)}</td>
                  <td>
                    <span class={`tag tag-status-${o.status === 'pending' ? 'pending' : 'active'}`}>{ORGANISATION_STATUS_LABELS[o.status]?.[locale] ?? o.status}</span>
                  </td>
                  <td>{o.verifiedAt ? t({ ja: `確認済み（${formatDate(locale, o.verifiedAt)}）`, en: `Verified on ${formatDate(locale, o.verifiedAt)}` }) : t({ ja: '未確認', en: 'Not verified' })}</td>
                  <td>
                    {REVIEW_POLICY_LABELS[o.reviewPolicy]?.[locale] ?? o.reviewPolicy}
                    {o.mayPublishAdvisories ? <span class="tag">{t({ ja: '注意喚起を発信可', en: 'May publish advisories' })}</span> : null}
                  </td>
                  <td class="num">{formatNumber(locale, o.members)}</td>
                  <td>
                    <div class="button-row">
                      {o.verifiedAt ? (
                        <RowAction action={verifyAction} csrf={p.csrf} locale={locale} name={name} hidden={{ verified: '0' }} variant="warning" label={{ ja: '確認を取り消す', en: 'Revoke verification' }} particle="の" />
                      ) : (
                        <RowAction
                          action={verifyAction}
                          csrf={p.csrf}
                          locale={locale}
                          name={name}
                          hidden={{ verified: '1' }}
                          variant="primary"
                          label={o.status === 'pending' ? { ja: '確認して掲載する', en: 'Verify and list' } : { ja: '確認済みにする', en: 'Verify' }}
                        />
                      )}
                      {o.reviewPolicy === 'verified_direct' ? (
                        <RowAction action={policyAction} csrf={p.csrf} locale={locale} name={name} hidden={{ policy: 'always' }} label={{ ja: '審査方針を「常に審査する」にする', en: 'Set the policy to “Always review”' }} particle="の" />
                      ) : (
                        <RowAction
                          action={policyAction}
                          csrf={p.csrf}
                          locale={locale}
                          name={name}
                          hidden={{ policy: 'verified_direct' }}
                          label={{ ja: '審査方針を「確認済みなら審査なしで公開」にする', en: 'Set the policy to “Publish without review when verified”' }}
                          particle="の"
                        />
                      )}
                      {o.mayPublishAdvisories ? (
                        <RowAction action={advisoryAction} csrf={p.csrf} locale={locale} name={name} hidden={{ allowed: '0' }} variant="warning" label={{ ja: '注意喚起の発信許可を取り消す', en: 'Stop it publishing advisories' }} particle="の" />
                      ) : (
                        <RowAction action={advisoryAction} csrf={p.csrf} locale={locale} name={name} hidden={{ allowed: '1' }} label={{ ja: '注意喚起の発信を許可する', en: 'Allow it to publish advisories' }} particle="の" />
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function UsersPage(p: { locale: Locale; viewer: Viewer; csrf: string; users: UserSummary[]; selfId: number; notice?: Text; problem?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: 'ユーザーの管理', en: 'Users' });
  return (
    <Layout locale={locale} path="/admin/users" title={title} viewer={p.viewer} area="admin">
      <h1>{title}</h1>
      <AdminNav locale={locale} current="users" />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.problem ? <ProblemBox locale={locale} title={p.problem} /> : null}
      <p>
        {t({
          ja: '事務局（モデレーター）と管理者は2段階認証が必須です。役割を上げたユーザーは、次のページを開いたときに2段階認証の設定を求められます。利用を停止すると、そのユーザーはすぐにログアウトされます。',
          en: 'Moderators and administrators must use two-factor authentication: a user given either role is asked to set it up on their next page. Disabling an account signs its user out at once.',
        })}
      </p>
      <div class="table-scroll">
        <table class="data-table admin-table">
          <caption class="visually-hidden">{t({ ja: 'ユーザー一覧', en: 'Users' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '名前', en: 'Name' })}</th>
              <th scope="col">{t({ ja: 'メールアドレス', en: 'Email' })}</th>
              <th scope="col">{t({ ja: '団体', en: 'Organisation' })}</th>
              <th scope="col">{t({ ja: 'システム上の役割', en: 'System role' })}</th>
              <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
              <th scope="col">{t({ ja: '2段階認証', en: 'Two-factor' })}</th>
              <th scope="col">{t({ ja: '操作', en: 'Actions' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.users.map((u) => {
              const org = locale === 'ja' ? u.organisationNameJa : u.organisationNameEn;
              const self = u.id === p.selfId;
              const selectId = `role-${u.id}`;
              return (
                <tr>
                  <th scope="row">
                    {u.displayName}
                    {self ? <span class="self-mark">{t({ ja: '（あなた）', en: ' (you)' })}</span> : null}
                  </th>
                  <td>{u.email}</td>
                  <td>{org ?? t({ ja: '（所属なし）', en: '(none)' })}</td>
                  <td>{SYSTEM_ROLE_LABELS[u.role]?.[locale] ?? u.role}</td>
                  <td>
                    <span class={`tag tag-status-${u.status === 'active' ? 'active' : 'disabled'}`}>{USER_STATUS_LABELS[u.status]?.[locale] ?? u.status}</span>
                  </td>
                  <td>{u.totpEnabled ? t({ ja: '設定済み', en: 'On' }) : t({ ja: '未設定', en: 'Off' })}</td>
                  <td>
                    {self ? (
                      <span class="hint">{t({ ja: '自分自身の役割と状態は変更できません。', en: 'You cannot change your own role or status.' })}</span>
                    ) : (
                      <div class="row-forms">
                        <form method="post" action={localePath(locale, `/admin/users/${u.id}/role`)} class="inline-form role-form">
                          <input type="hidden" name="_csrf" value={p.csrf} />
                          <label class="visually-hidden" for={selectId}>
                            {t({ ja: `${u.displayName}さんのシステム上の役割`, en: `System role of ${u.displayName}` })}
                          </label>
                          <select class="select" id={selectId} name="role">
                            {SYSTEM_ROLES.map((r) => (
                              <option value={r} selected={r === u.role}>
                                {SYSTEM_ROLE_LABELS[r]![locale]}
                              </option>
                            ))}
                          </select>
                          <button type="submit" class="button button-secondary">
                            <NamedLabel locale={locale} label={{ ja: '役割を変更する', en: 'Change role' }} name={u.displayName} particle="の" />
                          </button>
                        </form>
                        {u.status === 'active' ? (
                          <RowAction action={localePath(locale, `/admin/users/${u.id}/status`)} csrf={p.csrf} locale={locale} name={u.displayName} hidden={{ status: 'disabled' }} variant="warning" label={{ ja: '利用を停止する', en: 'Disable' }} particle="の" />
                        ) : (
                          <RowAction action={localePath(locale, `/admin/users/${u.id}/status`)} csrf={p.csrf} locale={locale} name={u.displayName} hidden={{ status: 'active' }} label={{ ja: '利用を再開する', en: 'Re-enable' }} particle="の" />
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
