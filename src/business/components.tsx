// View pieces shared by the small firms' pages: a question as a fieldset of big radio buttons, the error
// summary that links to each unanswered question, the optional attributes, the "what is stored" note
// and the source of a definition.
import type { DefinitionSource } from '../checks/document-kind.ts';
import { type Locale, type Text } from '../i18n/locale.ts';
import { INDUSTRIES, INDUSTRY_LABELS, INDUSTRY_SOURCE, SIZE_BANDS, SIZE_BAND_LABELS } from '../taxonomy/attributes.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { REQUIRED_MARK } from '../web/form.tsx';
import type { Attributes } from './journey.ts';

export const B = {
  problem: { ja: '入力内容に問題があります', en: 'There is a problem' },
  choose: { ja: '選んでください', en: 'Choose an answer' },
  errorPrefix: { ja: 'エラー：', en: 'Error: ' },
  next: { ja: '次へ進む', en: 'Continue' },
  back: { ja: '戻る', en: 'Back' },
  notGiven: { ja: '答えない', en: 'Prefer not to say' },
  optional: { ja: '（任意）', en: ' (optional)' },
  source: { ja: '出典', en: 'Source' },
  asOf: { ja: '時点', en: 'as of' },
  stored: {
    ja: 'このサイトが保存するのは、回答、点数、日付（日まで）と、選んだ場合の従業員数・業種・都道府県だけです。会社名、氏名、メールアドレス、IPアドレスは保存しません。保存した記録は、誰の回答かわからない形で、取組の効果を調べる統計に使います。',
    en: 'This site keeps only the answers, the score, the date (the day only) and, if you choose to give them, the number of employees, the industry and the prefecture. It never keeps a company name, a personal name, an email address or an IP address. The records cannot be traced to anyone and are used for statistics on how well the program works.',
  },
} satisfies Record<string, Text>;

export const fieldId = (name: string) => `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export interface Option {
  code: string;
  label: Text;
}

/** One question: fieldset, legend (number, text, ※必須), its error, and one big radio per answer. */
export function RadioQuestion(p: { locale: Locale; name: string; number: string; question: Text; options: Option[]; selected: string | null; error?: Text | null; hint?: Text }) {
  const { locale } = p;
  const id = fieldId(p.name);
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field question${p.error ? ' field-has-error' : ''}`}>
      <fieldset class="fieldset" id={id} aria-describedby={describedBy}>
        <legend class="item-legend">
          <span class="item-number">{p.number}</span>
          <span class="item-text">{p.question[locale]}</span>
          <span class="required-mark">{REQUIRED_MARK[locale]}</span>
        </legend>
        {p.hint ? (
          <p class="field-hint" id={`${id}-hint`}>
            {p.hint[locale]}
          </p>
        ) : null}
        {p.error ? (
          <p class="field-error" id={`${id}-error`}>
            <span class="visually-hidden">{B.errorPrefix[locale]}</span>
            {p.error[locale]}
          </p>
        ) : null}
        <div class="choices big-choices answer-choices">
          {p.options.map((o, i) => (
            <div class="choice">
              <input type="radio" id={`${id}-${i}`} name={p.name} value={o.code} checked={p.selected === o.code} />
              <label for={`${id}-${i}`}>{o.label[locale]}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Error summary whose links go to the first radio (or the select) of each field at fault. */
export function LinkedErrorSummary({ locale, errors }: { locale: Locale; errors: { target: string; message: string }[] }) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-error-summary>
      <h2 id="error-summary-title">{B.problem[locale]}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.target}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Select(p: { locale: Locale; name: string; label: Text; hint?: Text; value: string | null; choices: { value: string; label: string }[]; error?: Text | null }) {
  const { locale } = p;
  const id = fieldId(p.name);
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' field-has-error' : ''}`}>
      <label class="field-label" for={id}>
        {p.label[locale]}
        {B.optional[locale]}
      </label>
      {p.hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {p.hint[locale]}
        </p>
      ) : null}
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{B.errorPrefix[locale]}</span>
          {p.error[locale]}
        </p>
      ) : null}
      <select class="select" id={id} name={p.name} aria-describedby={describedBy} aria-invalid={p.error ? 'true' : undefined}>
        <option value="">{B.notGiven[locale]}</option>
        {p.choices.map((c) => (
          <option value={c.value} selected={c.value === p.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const ATTRIBUTE_LABELS: Record<keyof Attributes, Text> = {
  size: { ja: '従業員数（経営者を含む）', en: 'Number of employees (including the owner)' },
  industry: { ja: '業種', en: 'Industry' },
  pref: { ja: '所在地の都道府県', en: 'Prefecture' },
};

export const CHOOSE_FROM_LIST: Text = { ja: '一覧から選んでください', en: 'Choose from the list' };

export function AttributeFields({ locale, attrs, invalid }: { locale: Locale; attrs: Attributes; invalid: (keyof Attributes)[] }) {
  const err = (k: keyof Attributes) => (invalid.includes(k) ? CHOOSE_FROM_LIST : null);
  return (
    <>
      <Select locale={locale} name="size" label={ATTRIBUTE_LABELS.size} value={attrs.size} error={err('size')} choices={SIZE_BANDS.map((s) => ({ value: s, label: SIZE_BAND_LABELS[s][locale] }))} />
      <Select locale={locale} name="industry" label={ATTRIBUTE_LABELS.industry} hint={INDUSTRY_SOURCE} value={attrs.industry} error={err('industry')} choices={INDUSTRIES.map((s) => ({ value: s, label: INDUSTRY_LABELS[s][locale] }))} />
      <Select locale={locale} name="pref" label={ATTRIBUTE_LABELS.pref} hint={{ ja: '相談窓口を探すときにも使います。', en: 'Also used to find help desks near you.' }} value={attrs.pref} error={err('pref')} choices={PREFECTURES.map((p) => ({ value: p.code, label: p[locale] }))} />
    </>
  );
}

export function StoredNote({ locale }: { locale: Locale }) {
  return <p class="stored-note">{B.stored[locale]}</p>;
}

export function SourceNote({ locale, source }: { locale: Locale; source: DefinitionSource }) {
  return (
    <div class="source-note">
      <p>
        {B.source[locale]}
        {locale === 'ja' ? '：' : ': '}
        {source.url ? <a href={source.url}>{source.name[locale]}</a> : source.name[locale]}
        {locale === 'ja' ? `（${source.date} ${B.asOf.ja}）` : ` (${B.asOf.en} ${source.date})`}
      </p>
      {source.note ? <p>{source.note[locale]}</p> : null}
    </div>
  );
}
