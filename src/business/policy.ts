// The basic security policy a firm fills in: reading and checking the form, and filling the template.
// Pure functions; nothing is stored. Values are plain strings: the views escape them (preact), and the
// placeholders are filled in one pass, so a value that itself looks like {date} stays as typed.
import type { PolicyTemplate } from '../checks/policy-definition.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import type { FieldErrors } from '../web/form.tsx';
import { formList, formText, type FormBody } from '../web/form-body.ts';

export interface PolicyInput {
  company: string;
  representativeTitle: string;
  representative: string;
  /** As typed (kept on errors). */
  date: string;
  options: string[];
}

export interface PolicyValues extends PolicyInput {
  /** YYYY-MM-DD. */
  isoDate: string;
}

export const POLICY_LIMITS = { company: 100, representativeTitle: 50, representative: 50 } as const;

export function readPolicyForm(body: FormBody, template: PolicyTemplate): PolicyInput {
  const keys = new Set(template.options.map((o) => o.key));
  return {
    company: formText(body, 'company', 1000).replace(/\s+/g, ' '),
    representativeTitle: formText(body, 'representative_title', 1000).replace(/\s+/g, ' '),
    representative: formText(body, 'representative', 1000).replace(/\s+/g, ' '),
    date: formText(body, 'date', 100),
    options: formList(body, 'options', 50).filter((k) => keys.has(k)),
  };
}

/** YYYY-MM-DD, YYYY/M/D or YYYY年M月D日 (full-width digits too) → YYYY-MM-DD, or null when not a real date. */
export function parseDate(raw: string): string | null {
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function validatePolicy(input: PolicyInput): { values: PolicyValues; errors: {} } | { values: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const required = (name: string, value: string, what: Text, max: number) => {
    if (!value) errors[name] = { ja: `${what.ja}を入力してください`, en: `Enter the ${what.en}` };
    else if ([...value].length > max) errors[name] = { ja: `${what.ja}は${max}文字以内で入力してください`, en: `The ${what.en} must be ${max} characters or fewer` };
  };
  required('company', input.company, { ja: '会社名（事業者名）', en: 'company name' }, POLICY_LIMITS.company);
  required('representative_title', input.representativeTitle, { ja: '代表者の役職', en: "representative's title" }, POLICY_LIMITS.representativeTitle);
  required('representative', input.representative, { ja: '代表者の氏名', en: "representative's name" }, POLICY_LIMITS.representative);
  const isoDate = input.date ? parseDate(input.date) : null;
  if (!input.date) errors.date = { ja: '制定日を入力してください', en: 'Enter the date of adoption' };
  else if (!isoDate) errors.date = { ja: '制定日は 2026-04-01 のように、実在する日付で入力してください', en: 'Enter the date of adoption as a real date, like 2026-04-01' };
  if (Object.keys(errors).length) return { values: null, errors };
  return { values: { ...input, isoDate: isoDate! }, errors: {} };
}

const policyDateFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
};

/** 令和8年4月1日 / 1 April 2026. */
export function formatPolicyDate(locale: Locale, iso: string): string {
  return policyDateFormats[locale].format(new Date(`${iso}T00:00:00Z`));
}

export interface PolicyDocument {
  title: string;
  preamble: string;
  sections: { number: number; heading: string; paragraphs: string[] }[];
  closing: string[];
}

export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z_]+)\}/g, (all, name: string) => (Object.hasOwn(values, name) ? values[name]! : all));
}

export function renderPolicy(t: PolicyTemplate, v: PolicyValues, locale: Locale): PolicyDocument {
  const values = { company: v.company, representative_title: v.representativeTitle, representative: v.representative, date: formatPolicyDate(locale, v.isoDate) };
  const on = new Set(v.options);
  const fill = (x: Text) => fillPlaceholders(x[locale], values);
  const sections = t.sections
    .filter((s) => s.option === undefined || on.has(s.option))
    .map((s, i) => ({ number: i + 1, heading: fill(s.heading), paragraphs: s.paragraphs.filter((p) => p.option === undefined || on.has(p.option)).map((p) => fill(p.text)) }));
  return { title: t.title[locale], preamble: fill(t.preamble), sections, closing: t.closing[locale].map((c) => fillPlaceholders(c, values)) };
}

/** The policy as plain text (for the textarea and the download). */
export function policyText(doc: PolicyDocument, locale: Locale): string {
  const lines = [doc.title, '', doc.preamble, ''];
  for (const s of doc.sections) {
    lines.push(locale === 'ja' ? `${s.number}. ${s.heading}` : `${s.number}. ${s.heading}`);
    for (const p of s.paragraphs) lines.push(p);
    lines.push('');
  }
  lines.push(...doc.closing);
  return lines.join('\n') + '\n';
}
