// The program office's pages: every declaration (pending ones too) with search, and one declaration
// with its contact address, its history and the revocation form. Tokens are never shown here: the
// office cannot act as the firm.
import type { AuditEntry } from '../audit/audit.ts';
import { actionLabel, SYSTEM_ACTOR } from '../audit/labels.ts';
import { formatDate, formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Pagination } from '../web/components.tsx';
import { Button, FormErrorSummary, Notice, PostForm, TextArea, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { STATUS_LABELS, STATUSES, type AdminFilters, type DeclarationWithContact } from './model.ts';
import { EndedBanner, locationText, StarBadge, StatusTag, tt, X } from './views.tsx';

export function adminListHref(locale: Locale, f: AdminFilters, page?: number): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.corporateNumber) p.set('corporate_number', f.corporateNumber);
  if (f.status) p.set('status', f.status);
  if (page && page > 1) p.set('page', String(page));
  const qs = p.toString();
  return localePath(locale, '/admin/declarations') + (qs ? `?${qs}` : '');
}

export function AdminDeclarationListPage(p: { locale: Locale; viewer: Viewer; filters: AdminFilters; items: DeclarationWithContact[]; total: number; totalExact: boolean; page: number; pageSize: number }) {
  const { locale, filters: f } = p;
  const t = tt(locale);
  const title = t({ ja: '自己宣言の管理（事務局）', en: 'Self-declarations (program office)' });
  const last = Math.ceil(p.total / p.pageSize);
  return (
    <Layout locale={locale} path={adminListHref('ja', f, p.page)} title={title} viewer={p.viewer} area="admin">
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: 'メール確認待ちを含むすべての宣言です。宣言の内容に問題があるときは、理由を付けて取り消せます（理由は公開ページに表示され、申請者にメールで伝わります）。',
          en: 'Every declaration, pending ones included. A declaration can be revoked with a reason, which its public page shows and the declarant is emailed.',
        })}
      </p>
      <form method="get" action={localePath(locale, '/admin/declarations')} class="event-filters" novalidate>
        <div class="filter-grid">
          <div class="filter-group">
            <label class="label" for="q">
              {t(X.q)}
            </label>
            <input class="input" type="search" id="q" name="q" value={f.q} maxLength={100} />
          </div>
          <div class="filter-group">
            <label class="label" for="corporate_number">
              {t(X.corporateNumber)}
            </label>
            <input class="input" type="text" id="corporate_number" name="corporate_number" value={f.corporateNumber ?? ''} maxLength={20} inputMode="numeric" />
          </div>
          <div class="filter-group">
            <label class="label" for="status">
              {t(X.status)}
            </label>
            <select class="select" id="status" name="status">
              <option value="">{t(X.any)}</option>
              {STATUSES.map((s) => (
                <option value={s} selected={f.status === s}>
                  {STATUS_LABELS[s][locale]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="button-row">
          <button type="submit" class="button">
            {t(X.apply)}
          </button>
          <a href={localePath(locale, '/admin/declarations')}>{t(X.clear)}</a>
        </div>
      </form>
      <h2>
        {t({ ja: '宣言', en: 'Declarations' })}
        <span class="results-count">{locale === 'ja' ? `（${formatNumber(locale, p.total)}件${p.totalExact ? '' : '以上'}）` : ` (${p.totalExact ? '' : 'more than '}${formatNumber(locale, p.total)})`}</span>
      </h2>
      {p.items.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="admin-declarations-caption">
          <table class="data-table admin-table">
            <caption id="admin-declarations-caption" class="visually-hidden">
              {t({ ja: '自己宣言の一覧', en: 'Self-declarations' })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '事業者名', en: 'Business' })}</th>
                <th scope="col">{t(X.number)}</th>
                <th scope="col">{t(X.status)}</th>
                <th scope="col">{t(X.star)}</th>
                <th scope="col">{t(X.prefecture)}</th>
                <th scope="col">{t({ ja: '申込日', en: 'Submitted' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((d) => (
                <tr>
                  <th scope="row">
                    <a href={localePath(locale, `/admin/declarations/${d.id}`)}>{d.name}</a>
                  </th>
                  <td>{d.number ?? '—'}</td>
                  <td>{STATUS_LABELS[d.status][locale]}</td>
                  <td>{d.star === 2 ? t({ ja: '二つ星', en: 'Two stars' }) : t({ ja: '一つ星', en: 'One star' })}</td>
                  <td>{locationText(locale, { prefecture: d.prefecture, municipality: null })}</td>
                  <td>{formatDate(locale, d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty-state">{t(X.none)}</p>
      )}
      <Pagination locale={locale} page={p.page} last={last} href={(n) => adminListHref(locale, f, n)} />
    </Layout>
  );
}

export function AdminDeclarationPage(p: { locale: Locale; viewer: Viewer; csrf: string; d: DeclarationWithContact; history: AuditEntry[]; reason: string; errors: FieldErrors; notice?: Text }) {
  const { locale, d } = p;
  const t = tt(locale);
  const title = `${d.name}${d.number ? ` (${d.number})` : ''}`;
  return (
    <Layout locale={locale} path={`/admin/declarations/${d.id}`} title={title} viewer={p.viewer} area="admin">
      <p>
        <a href={localePath(locale, '/admin/declarations')}>{t({ ja: '← 自己宣言の一覧', en: '← Self-declarations' })}</a>
      </p>
      <h1>{d.name}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors} />
      <EndedBanner locale={locale} d={d} />
      <p class="advisory-badges">
        <StatusTag locale={locale} status={d.status} />
        <StarBadge locale={locale} star={d.star} />
      </p>
      <dl class="detail-list">
        <div>
          <dt>{t(X.number)}</dt>
          <dd>{d.number ? <a href={localePath(locale, `/declarations/${d.number}`)}>{d.number}</a> : t({ ja: '（メール確認待ちのため未発行）', en: '(not given yet: waiting for email confirmation)' })}</dd>
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
          <dt>{t({ ja: '連絡先メールアドレス（非公開）', en: 'Contact email (not public)' })}</dt>
          <dd class="url-cell">{d.email}</dd>
        </div>
        <div>
          <dt>{t({ ja: '申込日時', en: 'Submitted' })}</dt>
          <dd>{formatDateTime(locale, d.createdAt)}</dd>
        </div>
        {d.declaredAt ? (
          <div>
            <dt>{t(X.declaredOn)}</dt>
            <dd>{formatDate(locale, d.declaredAt)}</dd>
          </div>
        ) : null}
        {d.renewalDue ? (
          <div>
            <dt>{t(X.renewalDue)}</dt>
            <dd>{formatDate(locale, d.renewalDue)}</dd>
          </div>
        ) : null}
        {d.website ? (
          <div>
            <dt>{t(X.website)}</dt>
            <dd class="url-cell">{d.website}</dd>
          </div>
        ) : null}
        {d.policyUrl ? (
          <div>
            <dt>{t(X.policy)}</dt>
            <dd class="url-cell">{d.policyUrl}</dd>
          </div>
        ) : null}
      </dl>
      <h2>{t({ ja: '履歴', en: 'History' })}</h2>
      {p.history.length ? (
        <ol class="history">
          {p.history.map((e) => (
            <li>
              <time dateTime={e.createdAt}>{formatDateTime(locale, e.createdAt)}</time> {actionLabel(locale, e.action)}（{e.actorName ?? SYSTEM_ACTOR[locale]}）
              {e.note ? <p class="history-note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t({ ja: '履歴はまだありません。', en: 'No history yet.' })}</p>
      )}
      {d.status !== 'revoked' ? (
        <section class="danger-zone" aria-labelledby="revoke-title">
          <h2 id="revoke-title">{t({ ja: '宣言を取り消す', en: 'Revoke the declaration' })}</h2>
          <p>{t({ ja: '理由は公開ページに表示され、申請者にもメールで伝わります。個人情報は書かないでください。', en: 'The reason is shown on the public page and emailed to the declarant. Do not include personal data.' })}</p>
          <PostForm action={localePath(locale, `/admin/declarations/${d.id}/revoke`)} csrf={p.csrf}>
            <TextArea locale={locale} name="reason" label={{ ja: '取消しの理由', en: 'Reason' }} required value={p.reason} errors={p.errors} rows={3} maxLength={1000} />
            <Button variant="warning">{t({ ja: '取り消す', en: 'Revoke' })}</Button>
          </PostForm>
        </section>
      ) : null}
    </Layout>
  );
}
