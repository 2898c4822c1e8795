// Buttons whose accessible name says which item they act on, for tables and lists with one button per row
// (moderation, administration, the document editor's versions).
import type { Locale, Text } from '../i18n/locale.ts';

/**
 * A button's text with the name of what it acts on: sighted users see the action in its table row or
 * section; a screen reader's list of buttons says which item each one is for.
 * Japanese: 「名前」を承認する; English: Approve: name. The visible words stay part of the name.
 */
export function NamedLabel({ locale, label, name, particle }: { locale: Locale; label: Text; name: string; particle?: 'を' | 'の' }) {
  return locale === 'ja' ? (
    <>
      <span class="visually-hidden">
        「{name}」{particle ?? 'を'}
      </span>
      {label.ja}
    </>
  ) : (
    <>
      {label.en}
      <span class="visually-hidden">: {name}</span>
    </>
  );
}

/** A one-button POST form (with its CSRF token) whose button names the item. */
export function RowAction(p: {
  action: string;
  csrf: string;
  locale: Locale;
  label: Text;
  name: string;
  particle?: 'を' | 'の';
  hidden?: Record<string, string>;
  variant?: 'primary' | 'secondary' | 'warning';
}) {
  return (
    <form method="post" action={p.action} class="inline-form">
      <input type="hidden" name="_csrf" value={p.csrf} />
      {Object.entries(p.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`button button-${p.variant ?? 'secondary'}`}>
        <NamedLabel locale={p.locale} label={p.label} name={p.name} particle={p.particle} />
      </button>
    </form>
  );
}

