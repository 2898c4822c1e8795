// The audit history of one evaluation record (a measure's status, a report), for the program office.
import type { AuditEntry } from '../audit/audit.ts';
import { actionLabel, SYSTEM_ACTOR } from '../audit/labels.ts';
import { formatDateTime, type Locale } from '../i18n/locale.ts';

export function AuditHistory({ locale, entries }: { locale: Locale; entries: AuditEntry[] }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{locale === 'ja' ? '履歴' : 'History'}</h2>
      {entries.length ? (
        <ol class="history">
          {entries.map((e) => (
            <li>
              <time dateTime={e.createdAt}>{formatDateTime(locale, e.createdAt)}</time> {actionLabel(locale, e.action)}
              {locale === 'ja' ? `（${e.actorName ?? SYSTEM_ACTOR.ja}）` : ` (${e.actorName ?? SYSTEM_ACTOR.en})`}
              {e.note ? <p class="history-note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{locale === 'ja' ? '履歴はまだありません。' : 'No history yet.'}</p>
      )}
    </section>
  );
}
