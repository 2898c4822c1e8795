// The declaration forms, read field by field (nothing else in the request reaches a command: status,
// number, dates and ids are never read from a form) and validated on the server, each mistake said
// beside its field and in the summary, in both languages. The values typed are kept for the re-render.
import type { Text } from '../i18n/locale.ts';
import { isIndustry, isSizeBand } from '../taxonomy/attributes.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { formText, type FormBody } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { checkCorporateNumber } from './corporate-number.ts';
import type { Declaration, DeclarationInput, Star } from './model.ts';
import { corporateNumberMessage } from './schema.ts';

export interface DeclarationFormValues {
  name: string;
  nameKana: string;
  /** 'yes' | 'no' | '' (not chosen) */
  hasCorporateNumber: string;
  corporateNumber: string;
  prefecture: string;
  municipality: string;
  industry: string;
  size: string;
  website: string;
  /** '1' | '2' | '' */
  star: string;
  commitMeasures: boolean;
  diagnosisDone: boolean;
  policyUrl: string;
  email: string;
}

export const EMPTY_VALUES: DeclarationFormValues = {
  name: '', nameKana: '', hasCorporateNumber: '', corporateNumber: '', prefecture: '', municipality: '', industry: '', size: '', website: '', star: '', commitMeasures: false, diagnosisDone: false, policyUrl: '', email: '',
};

export function valuesOf(d: Declaration): DeclarationFormValues {
  return {
    name: d.name,
    nameKana: d.nameKana ?? '',
    hasCorporateNumber: d.corporateNumber ? 'yes' : 'no',
    corporateNumber: d.corporateNumber ?? '',
    prefecture: d.prefecture,
    municipality: d.municipality ?? '',
    industry: d.industry,
    size: d.sizeBand,
    website: d.website ?? '',
    star: String(d.star),
    commitMeasures: true,
    diagnosisDone: d.diagnosisDone,
    policyUrl: d.policyUrl ?? '',
    email: '',
  };
}

const ticked = (body: FormBody, name: string) => formText(body, name, 10) === 'yes';

export function readDeclarationForm(body: FormBody): DeclarationFormValues {
  return {
    name: formText(body, 'name', 300).replace(/\s+/g, ' '),
    nameKana: formText(body, 'name_kana', 300).replace(/\s+/g, ' '),
    hasCorporateNumber: formText(body, 'has_corporate_number', 5),
    corporateNumber: formText(body, 'corporate_number', 60),
    prefecture: formText(body, 'prefecture', 5),
    municipality: formText(body, 'municipality', 200).replace(/\s+/g, ' '),
    industry: formText(body, 'industry', 5),
    size: formText(body, 'size', 10),
    website: formText(body, 'website', 600),
    star: formText(body, 'star', 5),
    commitMeasures: ticked(body, 'commit_measures'),
    diagnosisDone: ticked(body, 'diagnosis_done'),
    policyUrl: formText(body, 'policy_url', 600),
    email: formText(body, 'email', 300),
  };
}

const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const KANA_RE = /^[\p{Script=Katakana}\p{Script=Hiragana}ー・ 　]+$/u;
export const MAX_NAME = 200;
const MAX_URL = 500;

/** An absolute http(s) address, or the message that says what to fix. */
export function checkUrl(raw: string, label: Text): { url: string } | { error: Text } {
  const s = raw.normalize('NFKC').trim();
  if (s.length > MAX_URL) return { error: { ja: `${label.ja}は${MAX_URL}文字以内にしてください。`, en: `${label.en} must be at most ${MAX_URL} characters.` } };
  let u: URL | null = null;
  try {
    u = /\s/.test(s) ? null : new URL(s);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname.includes('.') || u.username || u.password) {
    return { error: { ja: `${label.ja}は https:// または http:// で始まるアドレスで入力してください（例：https://www.example.co.jp/）。`, en: `Enter ${label.en.toLowerCase()} as an address starting with https:// or http:// (for example https://www.example.co.jp/).` } };
  }
  return { url: u.toString() };
}

const LABEL = {
  website: { ja: 'ウェブサイトのアドレス', en: 'The website address' },
  policy: { ja: '基本方針を公開しているページのアドレス', en: 'The address of the page with your basic policy' },
};

/** What every form shares: name, kana, place, industry, size, website, star and its statements. */
function validateDetails(v: DeclarationFormValues, errors: FieldErrors): Omit<DeclarationInput, 'corporateNumber'> | null {
  if (!v.name) errors.name = { ja: '事業者名を入力してください。', en: 'Enter the name of the business.' };
  else if (v.name.length > MAX_NAME) errors.name = { ja: `事業者名は${MAX_NAME}文字以内で入力してください。`, en: `The name must be at most ${MAX_NAME} characters.` };
  const kana = v.nameKana.normalize('NFKC');
  if (kana && (!KANA_RE.test(kana) || kana.length > MAX_NAME)) errors.name_kana = { ja: 'フリガナはカタカナかひらがなで入力してください（例：ヤマダショウテン）。', en: 'Write the reading in katakana or hiragana (for example ヤマダショウテン).' };
  if (!isPrefectureCode(v.prefecture)) errors.prefecture = { ja: '所在地の都道府県を選んでください。', en: 'Choose the prefecture where the business is.' };
  if (v.municipality.length > 100) errors.municipality = { ja: '市区町村は100文字以内で入力してください。', en: 'The municipality must be at most 100 characters.' };
  if (!isIndustry(v.industry)) errors.industry = { ja: '業種を一覧から選んでください。', en: 'Choose an industry from the list.' };
  if (!isSizeBand(v.size)) errors.size = { ja: '従業員数（経営者を含む）を選んでください。', en: 'Choose the number of people (owner included).' };
  let website: string | null = null;
  if (v.website) {
    const c = checkUrl(v.website, LABEL.website);
    if ('error' in c) errors.website = c.error;
    else website = c.url;
  }
  if (v.star !== '1' && v.star !== '2') errors.star = { ja: '一つ星か二つ星かを選んでください。', en: 'Choose one star or two stars.' };
  if (!v.commitMeasures) errors.commit_measures = { ja: '「情報セキュリティ5か条」に取り組むことを確認し、チェックを入れてください（一つ星・二つ星とも必要です）。', en: 'Tick to confirm that you apply the 5 basic measures (needed for one and two stars).' };
  let policyUrl: string | null = null;
  if (v.star === '2') {
    if (!v.diagnosisDone) errors.diagnosis_done = { ja: '二つ星には25項目の自社診断の実施が必要です。実施済みならチェックを入れてください。まだなら一つ星を選ぶか、自社診断を先に行ってください。', en: 'Two stars need the 25-item self-diagnosis. Tick if you completed it; otherwise choose one star, or do the self-diagnosis first.' };
    if (!v.policyUrl) errors.policy_url = { ja: '二つ星には、情報セキュリティ基本方針を公開しているページのアドレスが必要です。', en: 'Two stars need the address of the page where you publish your basic security policy.' };
    else {
      const c = checkUrl(v.policyUrl, LABEL.policy);
      if ('error' in c) errors.policy_url = c.error;
      else policyUrl = c.url;
    }
  }
  if (Object.keys(errors).length) return null;
  return {
    name: v.name,
    nameKana: kana ? kana.replace(/\s+/g, ' ') : null,
    prefecture: v.prefecture,
    municipality: v.municipality || null,
    industry: v.industry as DeclarationInput['industry'],
    sizeBand: v.size as DeclarationInput['sizeBand'],
    website,
    star: Number(v.star) as Star,
    diagnosisDone: v.star === '2' && v.diagnosisDone,
    policyUrl,
  };
}

/** The declaration form: details, corporate number or none, and the contact address. */
export function validateDeclaration(v: DeclarationFormValues): { input: DeclarationInput; email: string } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  let corporateNumber: string | null = null;
  if (v.hasCorporateNumber === 'yes') {
    const c = checkCorporateNumber(v.corporateNumber);
    if (c.ok) corporateNumber = c.value;
    else errors.corporate_number = corporateNumberMessage(c.reason, c.digits);
  } else if (v.hasCorporateNumber !== 'no') {
    errors.has_corporate_number = { ja: '法人番号があるかどうかを選んでください。個人事業主などで法人番号がない場合は「法人番号がない」を選んでください。', en: 'Say whether the business has a corporate number. Sole proprietors and others without one choose "No corporate number".' };
  }
  const details = validateDetails(v, errors);
  if (!v.email) errors.email = { ja: '連絡先のメールアドレスを入力してください。', en: 'Enter a contact email address.' };
  else if (v.email.length > 254 || !EMAIL_RE.test(v.email.normalize('NFKC'))) errors.email = { ja: 'メールアドレスの形式で入力してください（例：info@example.co.jp）。', en: 'Enter an email address like info@example.co.jp.' };
  if (!details || Object.keys(errors).length) return { errors: ordered(errors) };
  return { input: { ...details, corporateNumber }, email: v.email };
}

/** The management page's details form: the corporate number and address stay as declared. */
export function validateDetailsUpdate(v: DeclarationFormValues): { input: Omit<DeclarationInput, 'corporateNumber'> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const details = validateDetails(v, errors);
  return details ? { input: details } : { errors: ordered(errors) };
}

const ORDER = ['name', 'name_kana', 'has_corporate_number', 'corporate_number', 'prefecture', 'municipality', 'industry', 'size', 'website', 'star', 'commit_measures', 'diagnosis_done', 'policy_url', 'email'];

function ordered(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const k of ORDER) if (errors[k]) out[k] = errors[k]!;
  for (const [k, m] of Object.entries(errors)) if (!out[k]) out[k] = m;
  return out;
}

/** "Send my links again": an optional number or corporate number, and the address. */
export function validateResend(body: FormBody): { values: { identifier: string; email: string }; errors: FieldErrors; number?: string; corporateNumber?: string } {
  const identifier = formText(body, 'identifier', 60);
  const email = formText(body, 'email', 300);
  const errors: FieldErrors = {};
  let number: string | undefined;
  let corporateNumber: string | undefined;
  const id = identifier.normalize('NFKC').trim().toUpperCase();
  if (id) {
    if (/^LM-?\d{4}-?\d{7}$/.test(id.replace(/\s/g, ''))) {
      const digits = id.replace(/\D/g, '');
      number = `LM-${digits.slice(0, 4)}-${digits.slice(4)}`;
    } else {
      const c = checkCorporateNumber(id);
      if (c.ok) corporateNumber = c.value;
      else errors.identifier = { ja: '宣言番号（例：LM-2026-0000123）か13桁の法人番号を入力してください。わからなければ空欄のままで構いません。', en: 'Enter a declaration number (such as LM-2026-0000123) or a 13-digit corporate number, or leave it empty.' };
    }
  }
  if (!email) errors.email = { ja: '宣言のときに入力したメールアドレスを入力してください。', en: 'Enter the email address you gave when declaring.' };
  else if (email.length > 254 || !EMAIL_RE.test(email.normalize('NFKC'))) errors.email = { ja: 'メールアドレスの形式で入力してください（例：info@example.co.jp）。', en: 'Enter an email address like info@example.co.jp.' };
  return { values: { identifier, email }, errors, number, corporateNumber };
}
