// Pages of the program office (moderators): the review queue, one item with its decision forms and
// history, the whole audit history, entries nobody has confirmed for a year, and broken links.
// Every value is text rendered by preact, which escapes it: titles and notes written by organisations
// or moderators can never become markup.
import type { BrokenLink } from '../links/repository.ts';
import type { StaleItem } from '../jobs/freshness.ts';
import type { AnyItem, InitiativeItem } from '../content/service.ts';
import type { ContentKindHandler } from '../content/model.ts';
import { REVISION_STATUS_LABELS } from '../content/model.ts';
import { formatDate, formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { Breadcrumbs } from '../web/components.tsx';
import { Button, FormErrorSummary, Notice, PostForm, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { ChangesTable, NoteField, SubNav, type ChangeRow } from './components.tsx';
import { NamedLabel } from '../web/row-action.tsx';
import { actionLabel, SYSTEM_ACTOR } from '../audit/labels.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

export const NOTE_MAX = 2000;

const AREA: Text = { ja: '審査（事務局）', en: 'Moderation' };

function ModerationNav({ locale, current }: { locale: Locale; current: 'queue' | 'stale' | 'links' | 'history' }) {
  return (
    <SubNav
      locale={locale}
      label={{ ja: '審査のメニュー', en: 'Moderation menu' }}
      current={current}
      items={[
        { key: 'queue', href: localePath(locale, '/moderation'), label: { ja: '審査待ち', en: 'Review queue' } },
        { key: 'stale', href: localePath(locale, '/moderation/stale'), label: { ja: '1年以上未確認の取組', en: 'Unconfirmed for a year' } },
        { key: 'links', href: localePath(locale, '/moderation/links'), label: { ja: 'リンク切れ', en: 'Broken links' } },
        { key: 'history', href: localePath(locale, '/moderation/history'), label: { ja: '操作の履歴', en: 'History' } },
        { key: 'campaigns', href: localePath(locale, '/moderation/campaigns'), label: { ja: 'キャンペーン', en: 'Campaigns' } },
        { key: 'event-reports', href: localePath(locale, '/moderation/event-reports'), label: { ja: 'イベントの開催報告', en: 'Event reports' } },
      ]}
    />
  );
}

/** New entry, edit of a published one, or a new version of an entry that was taken off the site. */
export type SubmissionKind = 'new' | 'edit' | 'republish';

export const SUBMISSION_KIND_LABELS: Record<SubmissionKind, Text> = {
  new: { ja: '新規', en: 'New entry' },
  edit: { ja: '公開中の内容の変更', en: 'Edit of a published entry' },
  republish: { ja: '公開停止中の内容の再申請', en: 'New version of an unpublished entry' },
};

export function submissionKind(item: Pick<AnyItem, 'published' | 'isPublic'>): SubmissionKind {
  if (!item.published) return 'new';
  return item.isPublic ? 'edit' : 'republish';
}

export interface QueueEntry {
  itemId: number;
  title: string;
  ownerName: string;
  kind: SubmissionKind;
  submittedAt: string | null;
  /** An advisory: listed first, marked urgent. */
  urgent?: boolean;
}

export function QueuePage(p: { locale: Locale; viewer: Viewer; entries: QueueEntry[]; counts: { stale: number; links: number }; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: '審査待ち', en: 'Review queue' });
  return (
    <Layout locale={locale} path="/moderation" title={title} viewer={p.viewer} area="moderation">
      <h1>{title}</h1>
      <ModerationNav locale={locale} current="queue" />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <ul class="stats moderation-stats">
        <li>
          <a href="#queue">
            <span class="stat-number">{formatNumber(locale, p.entries.length)}</span>
            <span class="stat-label">{t({ ja: '件が審査待ち', en: 'awaiting review' })}</span>
          </a>
        </li>
        <li>
          <a href={localePath(locale, '/moderation/stale')}>
            <span class="stat-number">{formatNumber(locale, p.counts.stale)}</span>
            <span class="stat-label">{t({ ja: '件が1年以上未確認', en: 'unconfirmed for a year or more' })}</span>
          </a>
        </li>
        <li>
          <a href={localePath(locale, '/moderation/links')}>
            <span class="stat-number">{formatNumber(locale, p.counts.links)}</span>
            <span class="stat-label">{t({ ja: '件のリンク切れ', en: 'broken links' })}</span>
          </a>
        </li>
      </ul>
      <h2 id="queue">{t({ ja: '審査待ち（注意喚起が先、あとは提出の古い順）', en: 'Waiting for review (advisories first, then oldest first)' })}</h2>
      {p.entries.length === 0 ? (
        <p class="empty-state">{t({ ja: '審査待ちのものはありません。', en: 'Nothing is waiting for review.' })}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{t({ ja: '審査待ち（提出の古い順）', en: 'Waiting for review, oldest first' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '名称', en: 'Title' })}</th>
                <th scope="col">{t({ ja: '団体', en: 'Organisation' })}</th>
                <th scope="col">{t({ ja: '種別', en: 'Type' })}</th>
                <th scope="col">{t({ ja: '提出日', en: 'Submitted' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.entries.map((e) => (
                <tr>
                  <th scope="row">
                    {e.urgent ? <span class="tag tag-urgent">{t({ ja: '至急：注意喚起', en: 'Urgent: advisory' })}</span> : null}
                    <a href={localePath(locale, `/moderation/items/${e.itemId}`)}>{e.title}</a>
                  </th>
                  <td>{e.ownerName}</td>
                  <td>
                    <span class={`tag tag-${e.kind}`}>{t(SUBMISSION_KIND_LABELS[e.kind])}</span>
                  </td>
                  <td>{e.submittedAt ? formatDate(locale, e.submittedAt) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface ItemHistoryRow {
  id: number;
  createdAt: string;
  action: string;
  actorName: string | null;
  note: string | null;
  changes: ChangeRow[];
}

/** The four decisions; each form posts `note` to /moderation/items/:id/<path>. */
export const DECISIONS = {
  approve: { path: 'approve', field: 'approve-note' },
  changes: { path: 'request-changes', field: 'changes-note' },
  reject: { path: 'reject', field: 'reject-note' },
  unpublish: { path: 'unpublish', field: 'unpublish-note' },
} as const;
export type Decision = keyof typeof DECISIONS;

export function ItemPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  item: AnyItem;
  /** How this kind of content is shown (content/model.ts). */
  handler: ContentKindHandler<any>;
  history: ItemHistoryRow[];
  errors: FieldErrors;
  values: Partial<Record<Decision, string>>;
  notice?: Text;
}) {
  const t = tt(p.locale);
  const { locale, item } = p;
  const w = item.working;
  const shown = w ?? item.published;
  const h = p.handler;
  const title = shown ? h.title(shown.payload)[locale] : `#${item.id}`;
  const orgName = (o: { nameJa: string; nameEn: string }) => (locale === 'ja' ? o.nameJa : o.nameEn);
  const submitted = w?.status === 'submitted';
  const changes = item.working && item.published ? h.diff(item.published.payload, item.working.payload, locale).map((c) => ({ label: c.label[locale], before: c.before, after: c.after })) : [];
  const action = (d: Decision) => localePath(locale, `/moderation/items/${item.id}/${DECISIONS[d].path}`);
  const noteField = (d: Decision, label: Text, hint: Text | undefined, required: boolean) => (
    <NoteField
      locale={locale}
      id={`field-${DECISIONS[d].field}`}
      name="note"
      label={label}
      hint={hint}
      value={p.values[d] ?? ''}
      error={p.errors[DECISIONS[d].field]}
      required={required}
      maxLength={NOTE_MAX}
    />
  );
  return (
    <Layout locale={locale} path={`/moderation/items/${item.id}`} title={t({ ja: `審査：${title}`, en: `Review: ${title}` })} viewer={p.viewer} area="moderation">
      <Breadcrumbs locale={locale} trail={[{ path: '/moderation', label: t({ ja: '審査待ち', en: 'Review queue' }) }, { label: title }]} />
      <h1>{title}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors} />
      <dl class="detail-list">
        <div>
          <dt>{t({ ja: '所有団体', en: 'Owner' })}</dt>
          <dd>{orgName(item.owner)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '実施団体', en: 'Organisers' })}</dt>
          <dd>
            <ul class="plain-list">
              {item.organisers.map((o) => (
                <li>{orgName(o)}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t({ ja: '公開状況', en: 'Public status' })}</dt>
          <dd>
            {item.isPublic && item.publicId !== null ? (
              <>
                {t({ ja: '公開中（', en: 'Published (' })}
                <a href={localePath(locale, h.publicPath(item.publicId))}>{t({ ja: '公開ページを見る', en: 'see the public page' })}</a>
                {t({ ja: '）', en: ')' })}
              </>
            ) : item.published ? (
              t({ ja: '公開停止中', en: 'Unpublished' })
            ) : (
              t({ ja: '未公開', en: 'Not published yet' })
            )}
          </dd>
        </div>
        {w ? (
          <div>
            <dt>{t({ ja: '審査の状況', en: 'Review status' })}</dt>
            <dd>
              {t(REVISION_STATUS_LABELS[w.status])}
              {t({ ja: `（第${w.number}版`, en: ` (version ${w.number}` })}
              {w.submittedAt ? t({ ja: `、提出 ${formatDate(locale, w.submittedAt)}`, en: `, submitted ${formatDate(locale, w.submittedAt)}` }) : ''}
              {w.authorName ? t({ ja: `、作成者 ${w.authorName}`, en: `, by ${w.authorName}` }) : ''}
              {t({ ja: '）', en: ')' })}
              {submitted ? (
                <>
                  <br />
                  <span class={`tag tag-${submissionKind(item)}`}>{t(SUBMISSION_KIND_LABELS[submissionKind(item)])}</span>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
        {w?.reviewNote ? (
          <div>
            <dt>{t({ ja: '前回の審査コメント', en: 'Last review note' })}</dt>
            <dd class="note-text">{w.reviewNote}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t({ ja: '最終確認日', en: 'Last confirmed' })}</dt>
          <dd>{item.confirmedAt ? formatDate(locale, item.confirmedAt) : t({ ja: '未確認', en: 'Never' })}</dd>
        </div>
      </dl>

      {w ? (
        <>
          <h2>{submitted ? t({ ja: '審査する版の内容', en: 'The version submitted for review' }) : t({ ja: '作業中の版の内容', en: 'The version being worked on' })}</h2>
          <FieldList locale={locale} fields={h.describe(w.payload, locale)} />
          {h.reviewLinks?.(item.id, w.payload).length ? (
            <ul class="link-list">
              {h.reviewLinks(item.id, w.payload).map((l) => (
                <li>
                  <a href={l.href}>{t(l.label)}</a>
                </li>
              ))}
            </ul>
          ) : null}
          {item.published ? (
            <>
              <h2>{t({ ja: '公開中の版からの変更点', en: 'Changes from the published version' })}</h2>
              {changes.length ? (
                <ChangesTable locale={locale} caption={t({ ja: `「${title}」の変更点`, en: `Changes to “${title}”` })} rows={changes} captionHidden />
              ) : (
                <p class="empty-state">{t({ ja: '公開中の版と同じ内容です。', en: 'Nothing differs from the published version.' })}</p>
              )}
            </>
          ) : null}
        </>
      ) : item.published ? (
        <>
          <h2>{t({ ja: '公開中の内容', en: 'The published version' })}</h2>
          <FieldList locale={locale} fields={h.describe(item.published.payload, locale)} />
        </>
      ) : null}

      <h2>{t({ ja: '審査', en: 'Decision' })}</h2>
      {submitted ? (
        <div class="decision-forms">
          <section class="decision" aria-labelledby="decision-approve">
            <h3 id="decision-approve">{t({ ja: '承認して公開する', en: 'Approve and publish' })}</h3>
            <PostForm action={action('approve')} csrf={p.csrf}>
              {noteField('approve', { ja: '団体へのコメント（任意）', en: 'Comment to the organisation (optional)' }, { ja: '承認のお知らせメールに記載します。', en: 'Included in the email telling them it was approved.' }, false)}
              <Button>
                <NamedLabel locale={locale} label={{ ja: '承認して公開する', en: 'Approve and publish' }} name={title} />
              </Button>
            </PostForm>
          </section>
          <section class="decision" aria-labelledby="decision-changes">
            <h3 id="decision-changes">{t({ ja: '修正を依頼する', en: 'Ask for changes' })}</h3>
            <PostForm action={action('changes')} csrf={p.csrf}>
              {noteField('changes', { ja: '修正してほしい点', en: 'What needs to change' }, { ja: '団体にメールで伝わります。', en: 'The organisation receives this by email.' }, true)}
              <Button variant="secondary">
                <NamedLabel locale={locale} label={{ ja: '修正を依頼する', en: 'Ask for changes' }} name={title} />
              </Button>
            </PostForm>
          </section>
          <section class="decision" aria-labelledby="decision-reject">
            <h3 id="decision-reject">{t({ ja: '承認しない', en: 'Reject' })}</h3>
            <PostForm action={action('reject')} csrf={p.csrf}>
              {noteField('reject', { ja: '承認しない理由', en: 'Reason for rejecting' }, { ja: '団体にメールで伝わります。', en: 'The organisation receives this by email.' }, true)}
              <Button variant="warning">
                <NamedLabel locale={locale} label={{ ja: '承認しない', en: 'Reject' }} name={title} />
              </Button>
            </PostForm>
          </section>
        </div>
      ) : (
        <p class="empty-state">
          {w
            ? t({ ja: `審査待ちの版はありません（作業中の版：${REVISION_STATUS_LABELS[w.status].ja}）。`, en: `Nothing is waiting for review (the version being worked on is: ${REVISION_STATUS_LABELS[w.status].en}).` })
            : t({ ja: '審査待ちの版はありません。', en: 'Nothing is waiting for review.' })}
        </p>
      )}

      {item.isPublic ? (
        <>
          <h2>{t({ ja: '公開の停止', en: 'Take off the public site' })}</h2>
          <p>{t({ ja: '公開ページと検索結果・オープンデータから取り下げます。履歴は残り、団体にはメールで理由を伝えます。', en: 'Removes the entry from the public pages, search and open data. Its history is kept; the organisation is told the reason by email.' })}</p>
          <PostForm action={action('unpublish')} csrf={p.csrf}>
            {noteField('unpublish', { ja: '公開を停止する理由', en: 'Reason for unpublishing' }, undefined, true)}
            <Button variant="warning">
              <NamedLabel locale={locale} label={{ ja: '公開を停止する', en: 'Unpublish' }} name={title} />
            </Button>
          </PostForm>
        </>
      ) : null}

      <h2>{t({ ja: `この${h.label.ja}の履歴`, en: `History of this ${h.label.en}` })}</h2>
      {p.history.length === 0 ? (
        <p class="empty-state">{t({ ja: '履歴はまだありません。', en: 'No history yet.' })}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table history-table">
            <caption class="visually-hidden">{t({ ja: `「${title}」の履歴（新しい順）`, en: `History of “${title}”, newest first` })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '日時', en: 'Date' })}</th>
                <th scope="col">{t({ ja: '操作', en: 'Action' })}</th>
                <th scope="col">{t({ ja: '実施者', en: 'By' })}</th>
                <th scope="col">{t({ ja: 'コメント', en: 'Note' })}</th>
                <th scope="col">{t({ ja: '変更内容', en: 'Changes' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.history.map((h) => (
                <tr>
                  <td>{formatDateTime(locale, h.createdAt)}</td>
                  <td>{actionLabel(locale, h.action)}</td>
                  <td>{h.actorName ?? t(SYSTEM_ACTOR)}</td>
                  <td class="note-text">{h.note ?? ''}</td>
                  <td>
                    {h.changes.length ? (
                      <details class="history-details">
                        <summary>{t({ ja: `変更された項目（${h.changes.length}件）`, en: `Changed fields (${h.changes.length})` })}</summary>
                        <ChangesTable locale={locale} caption={t({ ja: `${actionLabel(locale, h.action)}の変更内容`, en: `Changes: ${actionLabel(locale, h.action)}` })} rows={h.changes} captionHidden />
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function FieldList({ locale, fields }: { locale: Locale; fields: { label: Text; value: string }[] }) {
  return (
    <dl class="detail-list">
      {fields.map((f) => (
        <div>
          <dt>{f.label[locale]}</dt>
          <dd class="note-text">{f.value === '' ? <span class="change-none">{locale === 'ja' ? '（なし）' : '(none)'}</span> : f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface GlobalHistoryRow {
  id: number;
  createdAt: string;
  organisationName: string | null;
  /** "Initiative", "Organisation"… in the page's language. */
  subjectKindLabel: string;
  subjectLabel: string;
  subjectHref: string | null;
  action: string;
  actorName: string | null;
  note: string | null;
}

export function HistoryPage(p: { locale: Locale; viewer: Viewer; rows: GlobalHistoryRow[]; beforeId?: number; olderHref: string | null; newestHref: string | null }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: '操作の履歴', en: 'History' });
  return (
    <Layout locale={locale} path={p.beforeId !== undefined ? `/moderation/history?before=${p.beforeId}` : '/moderation/history'} title={title} viewer={p.viewer} area="moderation">
      <h1>{title}</h1>
      <ModerationNav locale={locale} current="history" />
      <p>{t({ ja: 'すべての団体・取組・アカウントへの操作を、新しい順に表示します（1ページ50件）。', en: 'Every change to organisations, initiatives and accounts, newest first (50 per page).' })}</p>
      {p.rows.length === 0 ? (
        <p class="empty-state">{t({ ja: '履歴はありません。', en: 'There is no history.' })}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table history-table">
            <caption class="visually-hidden">{t({ ja: '操作の履歴（新しい順）', en: 'History, newest first' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '日時', en: 'Date' })}</th>
                <th scope="col">{t({ ja: '団体', en: 'Organisation' })}</th>
                <th scope="col">{t({ ja: '対象', en: 'Subject' })}</th>
                <th scope="col">{t({ ja: '操作', en: 'Action' })}</th>
                <th scope="col">{t({ ja: '実施者', en: 'By' })}</th>
                <th scope="col">{t({ ja: 'コメント', en: 'Note' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td>{formatDateTime(locale, r.createdAt)}</td>
                  <td>{r.organisationName ?? ''}</td>
                  <td>
                    <span class="subject-kind">{r.subjectKindLabel}</span> {r.subjectHref ? <a href={r.subjectHref}>{r.subjectLabel}</a> : r.subjectLabel}
                  </td>
                  <td>{actionLabel(locale, r.action)}</td>
                  <td>{r.actorName ?? t(SYSTEM_ACTOR)}</td>
                  <td class="note-text">{r.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.olderHref || p.newestHref ? (
        <nav class="pagination" aria-label={t({ ja: '履歴のページ送り', en: 'History pages' })}>
          <ul>
            {p.newestHref ? (
              <li>
                <a href={p.newestHref}>{t({ ja: '← 最新の履歴へ', en: '← Newest' })}</a>
              </li>
            ) : null}
            {p.olderHref ? (
              <li>
                <a href={p.olderHref} rel="next">
                  {t({ ja: 'さらに古い履歴 →', en: 'Older →' })}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </Layout>
  );
}

export function StalePage(p: { locale: Locale; viewer: Viewer; items: StaleItem[] }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: '1年以上確認されていない取組', en: 'Initiatives unconfirmed for a year or more' });
  return (
    <Layout locale={locale} path="/moderation/stale" title={title} viewer={p.viewer} area="moderation">
      <h1>{title}</h1>
      <ModerationNav locale={locale} current="stale" />
      <p>{t({ ja: '所有団体が12か月以上「内容が最新である」と確認していない公開中の取組です（確認の古い順）。団体には確認のお願いメールを自動で送っています。', en: 'Published initiatives whose owner has not confirmed them as current for 12 months or more (longest first). Owners are reminded by email automatically.' })}</p>
      {p.items.length === 0 ? (
        <p class="empty-state">{t({ ja: '該当する取組はありません。', en: 'There are none.' })}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '取組名', en: 'Initiative' })}</th>
                <th scope="col">{t({ ja: '所有団体', en: 'Owner' })}</th>
                <th scope="col">{t({ ja: '最終確認日', en: 'Last confirmed' })}</th>
                <th scope="col">{t({ ja: '確認依頼メール', en: 'Reminder sent' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr>
                  <th scope="row">
                    <a href={localePath(locale, `/moderation/items/${i.itemId}`)}>{locale === 'ja' ? i.titleJa : i.titleEn || i.titleJa}</a>
                    <br />
                    <a class="secondary-link" href={localePath(locale, `/initiatives/${i.initiativeId}`)}>
                      {t({ ja: '公開ページ', en: 'Public page' })}
                      <span class="visually-hidden">{t({ ja: `（${i.titleJa}）`, en: ` (${i.titleEn || i.titleJa})` })}</span>
                    </a>
                  </th>
                  <td>{locale === 'ja' ? i.organisationNameJa : i.organisationNameEn}</td>
                  <td>{i.confirmedAt ? formatDate(locale, i.confirmedAt) : t({ ja: `未確認（登録 ${formatDate(locale, i.createdAt)}）`, en: `Never (listed ${formatDate(locale, i.createdAt)})` })}</td>
                  <td>{i.remindedAt ? formatDate(locale, i.remindedAt) : t({ ja: '未送信', en: 'Not yet' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function LinksPage(p: { locale: Locale; viewer: Viewer; links: (BrokenLink & { itemId: number | null })[] }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: 'リンク切れの取組', en: 'Broken links' });
  const safeHref = (u: string) => (/^https?:\/\//i.test(u) ? u : undefined);
  return (
    <Layout locale={locale} path="/moderation/links" title={title} viewer={p.viewer} area="moderation">
      <h1>{title}</h1>
      <ModerationNav locale={locale} current="links" />
      <p>{t({ ja: '最新の確認でリンク先を開けなかった取組です（失敗の続いている順）。', en: 'Initiatives whose link failed at its latest check (longest failing first).' })}</p>
      {p.links.length === 0 ? (
        <p class="empty-state">{t({ ja: 'リンク切れはありません。', en: 'No broken links.' })}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '取組名', en: 'Initiative' })}</th>
                <th scope="col">URL</th>
                <th scope="col">{t({ ja: '結果', en: 'Result' })}</th>
                <th scope="col" class="num">{t({ ja: '連続失敗', en: 'Failures in a row' })}</th>
                <th scope="col">{t({ ja: '確認日', en: 'Checked' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.links.map((l) => {
                const name = locale === 'ja' ? l.titleJa : l.titleEn || l.titleJa;
                return (
                  <tr>
                    <th scope="row">
                      <a href={localePath(locale, l.itemId !== null ? `/moderation/items/${l.itemId}` : `/initiatives/${l.initiativeId}`)}>{name}</a>
                    </th>
                    <td class="url-cell">
                      {safeHref(l.url) ? (
                        <a href={safeHref(l.url)} rel="nofollow noopener noreferrer">
                          {l.url}
                        </a>
                      ) : (
                        l.url
                      )}
                    </td>
                    <td>{l.statusCode !== null ? `HTTP ${l.statusCode}` : ''}{l.statusCode !== null && l.error ? ' ' : ''}{l.error ?? ''}</td>
                    <td class="num">{formatNumber(locale, l.consecutiveFailures)}</td>
                    <td>{formatDate(locale, l.checkedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
