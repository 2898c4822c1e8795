// The parts of an owner's item page that every kind of content shares: where the item stands
// (public or not, what the reviewers said, when it was last confirmed) and the workflow's buttons.
import type { ComponentChildren } from 'preact';
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ActionButton } from '../web/form.tsx';
import type { ContentItem } from './model.ts';
import { REVISION_STATUS_LABELS } from './model.ts';

export function ItemStatus(p: { locale: Locale; item: ContentItem<unknown>; publicPath: string; tags: ComponentChildren }) {
  const t = (x: Text) => x[p.locale];
  const { locale, item } = p;
  const w = item.working;
  return (
    <>
      <p>{p.tags}</p>
      {item.isPublic && item.publicId !== null ? (
        <p>
          <a href={localePath(locale, p.publicPath)}>{t({ ja: '公開ページを見る', en: 'See the public page' })}</a>
          {w ? t({ ja: '（変更が承認されるまで、公開ページは承認済みの内容のままです）', en: ' (until your edit is approved, the public page keeps the approved version)' }) : ''}
        </p>
      ) : null}
      {w && (w.status === 'changes_requested' || w.status === 'rejected') && w.reviewNote ? (
        <div class="notice notice-warning" role="status">
          <h2>{t(w.status === 'rejected' ? { ja: '承認されなかった理由', en: 'Why it was not approved' } : { ja: '事務局からの修正依頼', en: 'Changes requested by the program office' })}</h2>
          <p class="history-note">{w.reviewNote}</p>
        </div>
      ) : null}
      <p>
        {t({ ja: '団体による最終確認：', en: 'Last confirmed by your organisation: ' })}
        {item.confirmedAt ? formatDate(locale, item.confirmedAt) : t({ ja: 'まだ確認されていません', en: 'never' })}
      </p>
    </>
  );
}

/** Edit, submit, withdraw, discard and confirm, as the item's state allows; `children` adds a kind's own buttons. */
export function ItemActions(p: { locale: Locale; csrf: string; item: ContentItem<unknown>; base: string; changeLabel: Text; children?: ComponentChildren }) {
  const t = (x: Text) => x[p.locale];
  const { locale, item, base } = p;
  const w = item.working;
  return (
    <div class="button-row">
      <a class="button" href={localePath(locale, `${base}/edit`)}>
        {t(w ? { ja: '変更内容を編集する', en: 'Edit your changes' } : p.changeLabel)}
      </a>
      {w && w.status !== 'submitted' ? <ActionButton action={localePath(locale, `${base}/submit`)} csrf={p.csrf} variant="primary" label={t({ ja: '審査に出す', en: 'Submit for review' })} /> : null}
      {w && w.status === 'submitted' ? <ActionButton action={localePath(locale, `${base}/withdraw`)} csrf={p.csrf} label={t({ ja: '審査を取り下げる', en: 'Withdraw from review' })} /> : null}
      {w && w.status !== 'submitted' && item.published ? <ActionButton action={localePath(locale, `${base}/discard`)} csrf={p.csrf} label={t({ ja: '変更を破棄する', en: 'Discard your changes' })} /> : null}
      {item.isPublic ? <ActionButton action={localePath(locale, `${base}/confirm`)} csrf={p.csrf} label={t({ ja: '内容が最新であることを確認する', en: 'Confirm it is still current' })} /> : null}
      {p.children}
    </div>
  );
}

export type StateKind = 'public' | 'draft' | 'review' | 'attention' | 'hidden';
export interface StateTag {
  label: Text;
  kind: StateKind;
}

/** The state of an item in words: is it public (plus any kind-specific tags), and what is happening to its next version. */
export function itemState(item: ContentItem<unknown>, extra: StateTag[] = []): StateTag[] {
  const out: StateTag[] = [];
  if (item.isPublic) out.push({ label: { ja: '公開中', en: 'Published' }, kind: 'public' });
  else if (item.published) out.push({ label: { ja: '公開停止中', en: 'Unpublished' }, kind: 'hidden' });
  out.push(...extra);
  const w = item.working;
  if (w) {
    const kind: StateKind = w.status === 'submitted' ? 'review' : w.status === 'draft' ? 'draft' : 'attention';
    const prefix: Text = item.published ? { ja: '変更：', en: 'Edit: ' } : { ja: '', en: '' };
    out.push({ label: { ja: prefix.ja + REVISION_STATUS_LABELS[w.status].ja, en: prefix.en + REVISION_STATUS_LABELS[w.status].en }, kind });
  }
  return out;
}

export function StateTags({ locale, item, extra }: { locale: Locale; item: ContentItem<unknown>; extra?: StateTag[] }) {
  return (
    <span class="state-tags">
      {itemState(item, extra).map((s) => (
        <span class={`tag tag-${s.kind}`}>{s.label[locale]}</span>
      ))}
    </span>
  );
}
