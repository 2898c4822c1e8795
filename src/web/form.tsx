// Form building blocks (GOV.UK pattern): every field has a visible label, an optional hint and its
// error beside it; the error summary at the top links to each field; the user's input is kept.
// Validation is always on the server (forms carry novalidate); 「※必須」 marks required fields.
import type { ComponentChildren } from 'preact';
import type { Locale, Text } from '../i18n/locale.ts';

/** Field name → what to fix, in both languages. */
export type FieldErrors = Record<string, Text>;

export const REQUIRED_MARK: Text = { ja: '※必須', en: 'Required' };

function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

export function FormErrorSummary({ locale, errors, title }: { locale: Locale; errors: FieldErrors; title?: Text }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
      <h2 id="error-summary-title">{(title ?? { ja: '入力内容に問題があります', en: 'There is a problem' })[locale]}</h2>
      <ul>
        {entries.map(([name, msg]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{msg[locale]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A POST form with its CSRF token. `novalidate`: the server validates and explains. */
export function PostForm(props: { action: string; csrf: string; children: ComponentChildren; class?: string; id?: string }) {
  return (
    <form method="post" action={props.action} novalidate class={props.class} id={props.id}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

interface FieldBase {
  locale: Locale;
  name: string;
  label: Text;
  hint?: Text;
  errors?: FieldErrors;
  required?: boolean;
}

function Label({ locale, name, label, required }: FieldBase) {
  return (
    <label class="field-label" for={fieldId(name)}>
      {label[locale]}
      {required ? <span class="required-mark">{REQUIRED_MARK[locale]}</span> : null}
    </label>
  );
}

function describedBy(name: string, hint?: Text, error?: Text): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function HintAndError({ locale, name, hint, error }: { locale: Locale; name: string; hint?: Text; error?: Text }) {
  return (
    <>
      {hint ? (
        <p class="field-hint" id={`${fieldId(name)}-hint`}>
          {hint[locale]}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${fieldId(name)}-error`}>
          <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
          {error[locale]}
        </p>
      ) : null}
    </>
  );
}

export function TextField(
  props: FieldBase & {
    value?: string;
    type?: 'text' | 'email' | 'password' | 'url' | 'tel';
    autocomplete?: string;
    inputMode?: 'numeric' | 'text';
    maxLength?: number;
    width?: 'short' | 'full';
  },
) {
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' field-has-error' : ''}`}>
      <Label {...props} />
      <HintAndError locale={props.locale} name={props.name} hint={props.hint} error={error} />
      <input
        class={`input${props.width === 'short' ? ' input-short' : ''}`}
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : (props.value ?? '')}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        aria-describedby={describedBy(props.name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.required ? 'true' : undefined}
        spellcheck={props.type === 'email' || props.type === 'password' ? false : undefined}
      />
    </div>
  );
}

export function TextArea(props: FieldBase & { value?: string; rows?: number; maxLength?: number }) {
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' field-has-error' : ''}`}>
      <Label {...props} />
      <HintAndError locale={props.locale} name={props.name} hint={props.hint} error={error} />
      <textarea
        class="textarea"
        id={fieldId(props.name)}
        name={props.name}
        rows={props.rows ?? 5}
        maxLength={props.maxLength}
        aria-describedby={describedBy(props.name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.required ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export interface Choice {
  value: string;
  label: Text;
  hint?: Text;
}

/** Radios or checkboxes in a fieldset whose legend is the question. */
export function ChoiceGroup(
  props: FieldBase & { type: 'radio' | 'checkbox'; choices: Choice[]; selected: string[]; columns?: boolean; legendClass?: string },
) {
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' field-has-error' : ''}`}>
      <fieldset class="fieldset" id={fieldId(props.name)} aria-describedby={describedBy(props.name, props.hint, error)}>
        <legend class={props.legendClass ?? 'field-label'}>
          {props.label[props.locale]}
          {props.required ? <span class="required-mark">{REQUIRED_MARK[props.locale]}</span> : null}
        </legend>
        <HintAndError locale={props.locale} name={props.name} hint={props.hint} error={error} />
        <div class={props.columns ? 'choices choices-columns' : 'choices'}>
          {props.choices.map((c, i) => {
            const id = `${fieldId(props.name)}-${i}`;
            return (
              <div class="choice">
                <input type={props.type} id={id} name={props.name} value={c.value} checked={props.selected.includes(c.value)} />
                <label for={id}>
                  {c.label[props.locale]}
                  {c.hint ? <span class="choice-hint">{c.hint[props.locale]}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function SelectField(props: FieldBase & { choices: Choice[]; value?: string; emptyLabel?: Text }) {
  const error = props.errors?.[props.name];
  return (
    <div class={`field${error ? ' field-has-error' : ''}`}>
      <Label {...props} />
      <HintAndError locale={props.locale} name={props.name} hint={props.hint} error={error} />
      <select
        class="select"
        id={fieldId(props.name)}
        name={props.name}
        aria-describedby={describedBy(props.name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.emptyLabel ? <option value="">{props.emptyLabel[props.locale]}</option> : null}
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === props.value}>
            {c.label[props.locale]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Button(props: { children: ComponentChildren; variant?: 'primary' | 'secondary' | 'warning'; name?: string; value?: string }) {
  return (
    <button type="submit" class={`button button-${props.variant ?? 'primary'}`} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

/** A one-button form (sign out, approve, confirm…): still a POST with a CSRF token. */
export function ActionButton(props: { action: string; csrf: string; label: string; variant?: 'primary' | 'secondary' | 'warning'; hidden?: Record<string, string> }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`button button-${props.variant ?? 'secondary'}`}>
        {props.label}
      </button>
    </form>
  );
}

/** A message shown after a redirect ("Your changes were saved"). */
export function Notice({ children, kind }: { children: ComponentChildren; kind?: 'success' | 'info' | 'warning' }) {
  return (
    <div class={`notice notice-${kind ?? 'success'}`} role="status">
      {children}
    </div>
  );
}
