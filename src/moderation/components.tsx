// View pieces shared by the moderation and administration pages: buttons whose accessible name says
// which item they act on, a note field that can appear in several forms of one page, and the
// before/after of an audit entry.
import type { ComponentChildren } from 'preact';
import type { AuditEntry } from '../audit/audit.ts';
import type { ContentKindHandler } from '../content/model.ts';
import { formatDate, formatDateTime, type Locale, type Text } from '../i18n/locale.ts';
import { REQUIRED_MARK } from '../web/form.tsx';
import { NamedLabel } from '../web/row-action.tsx';
import { CHANGE_KEY_LABELS, ORGANISATION_STATUS_LABELS, REVIEW_POLICY_LABELS, SYSTEM_ROLE_LABELS, USER_STATUS_LABELS } from '../audit/labels.ts';

/**
 * A textarea posted as `name` but with its own id, so that several forms on one page can each have a
 * "note" field (ids stay unique; the error summary links to `#${id}`).
 */
export function NoteField(p: { locale: Locale; id: string; name: string; label: Text; hint?: Text; value: string; error?: Text; required?: boolean; rows?: number; maxLength?: number }) {
  const hintId = p.hint ? `${p.id}-hint` : '';
  const errorId = p.error ? `${p.id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' field-has-error' : ''}`}>
      <label class="field-label" for={p.id}>
        {p.label[p.locale]}
        {p.required ? <span class="required-mark">{REQUIRED_MARK[p.locale]}</span> : null}
      </label>
      {p.hint ? (
        <p class="field-hint" id={hintId}>
          {p.hint[p.locale]}
        </p>
      ) : null}
      {p.error ? (
        <p class="field-error" id={errorId}>
          <span class="visually-hidden">{p.locale === 'ja' ? 'エラー：' : 'Error: '}</span>
          {p.error[p.locale]}
        </p>
      ) : null}
      <textarea
        class="textarea"
        id={p.id}
        name={p.name}
        rows={p.rows ?? 3}
        maxLength={p.maxLength}
        aria-describedby={describedBy}
        aria-invalid={p.error ? 'true' : undefined}
        aria-required={p.required ? 'true' : undefined}
      >
        {p.value}
      </textarea>
    </div>
  );
}

export interface ChangeRow {
  label: string;
  before: string;
  after: string;
}

/** A whole version of a content item (every kind has a Japanese title), as opposed to a few changed fields. */
function isPayload(x: unknown): x is { titleJa: string } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as { titleJa?: unknown }).titleJa === 'string';
}

function plainValue(locale: Locale, subjectKind: AuditEntry['subjectKind'], key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'string') {
    if ((key === 'verifiedAt' || key === 'confirmedAt') && /^\d{4}-\d{2}-\d{2}/.test(v)) return formatDate(locale, v);
    if (key === 'status') return (subjectKind === 'user' ? USER_STATUS_LABELS : ORGANISATION_STATUS_LABELS)[v]?.[locale] ?? v;
    if (key === 'reviewPolicy') return REVIEW_POLICY_LABELS[v]?.[locale] ?? v;
    if (key === 'role') return SYSTEM_ROLE_LABELS[v]?.[locale] ?? v;
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(locale === 'ja' ? '、' : ', ');
  return JSON.stringify(v);
}

/** The fields an audit entry changed, for display; empty when it recorded no before/after. */
export function changesOf(locale: Locale, e: Pick<AuditEntry, 'subjectKind' | 'before' | 'after'>, handler?: ContentKindHandler<any>): ChangeRow[] {
  const { before, after } = e;
  // Content entries carry whole versions: compare them through their kind's handler.
  if (handler && isPayload(after)) {
    return handler.diff(isPayload(before) ? before : null, after, locale).map((c) => ({ label: c.label[locale], before: c.before, after: c.after }));
  }
  if (handler && isPayload(before)) {
    return handler
      .describe(before, locale)
      .filter((f) => f.value !== '')
      .map((f) => ({ label: f.label[locale], before: f.value, after: '' }));
  }
  const b = typeof before === 'object' && before !== null && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
  const a = typeof after === 'object' && after !== null && !Array.isArray(after) ? (after as Record<string, unknown>) : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .map((k) => ({ label: CHANGE_KEY_LABELS[k]?.[locale] ?? k, before: plainValue(locale, e.subjectKind, k, b[k]), after: plainValue(locale, e.subjectKind, k, a[k]) }))
    .filter((r) => r.before !== r.after);
}

/** A before/after table of changed fields. */
export function ChangesTable({ locale, caption, rows, captionHidden }: { locale: Locale; caption: string; rows: ChangeRow[]; captionHidden?: boolean }) {
  const t = (x: Text) => x[locale];
  const none = <span class="change-none">{t({ ja: '（なし）', en: '(none)' })}</span>;
  return (
    <div class="table-scroll">
      <table class="data-table changes-table">
        <caption class={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ ja: '項目', en: 'Field' })}</th>
            <th scope="col">{t({ ja: '変更前', en: 'Before' })}</th>
            <th scope="col">{t({ ja: '変更後', en: 'After' })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="change-before">{r.before === '' ? none : r.before}</td>
              <td class="change-after">{r.after === '' ? none : r.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An error box with one message (for problems that are not about one field). */
export function ProblemBox({ locale, title, children }: { locale: Locale; title: Text; children?: ComponentChildren }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="problem-title" tabIndex={-1} data-error-summary>
      <h2 id="problem-title">{title[locale]}</h2>
      {children}
    </div>
  );
}

/** The area's own navigation (moderation: queue / stale / links / history; administration: organisations / users). */
export function SubNav({ locale, label, items, current }: { locale: Locale; label: Text; items: { href: string; label: Text; key: string }[]; current: string }) {
  return (
    <nav class="sub-nav" aria-label={label[locale]}>
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href} aria-current={i.key === current ? 'page' : undefined}>
              {i.label[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The history of one content item on its owner's page: each audit entry with who and when, its note,
 * and the fields it changed (compared through the kind's handler; `handlerFor` returns undefined for
 * entries that are not versions, such as an event report).
 */
export function ItemHistory({ locale, entries, label, handlerFor }: { locale: Locale; entries: AuditEntry[]; label: (locale: Locale, action: string) => string; handlerFor: (e: AuditEntry) => ContentKindHandler<any> | undefined }) {
  const t = (x: Text) => x[locale];
  if (!entries.length) return <p>{t({ ja: '履歴はまだありません。', en: 'No history yet.' })}</p>;
  return (
    <ol class="history">
      {entries.map((e) => {
        const rows = changesOf(locale, e, handlerFor(e));
        return (
          <li>
            <p>
              <strong>{label(locale, e.action)}</strong>
              {' — '}
              {e.actorName ?? t({ ja: 'システム', en: 'System' })}
              {' — '}
              <time dateTime={e.createdAt}>{formatDateTime(locale, e.createdAt)}</time>
            </p>
            {e.note ? <p class="history-note">{e.note}</p> : null}
            {rows.length ? (
              <details class="history-details">
                <summary>{t({ ja: `変更された項目（${rows.length}）`, en: `Changed fields (${rows.length})` })}</summary>
                <ChangesTable locale={locale} caption={t({ ja: '変更された項目', en: 'Changed fields' })} rows={rows} captionHidden />
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
