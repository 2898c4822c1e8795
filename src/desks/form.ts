// The program office's desk form: read field by field (nothing else in the request reaches the
// database), checked on the server, every problem named beside its field in Japanese and English.
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { formList, formText, type FormBody } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { DESK_AUDIENCES, DESK_TOPICS, isDeskAudience, isDeskTopic, type DeskInput } from './model.ts';

/** What the form shows: the values as typed (strings), so a refused form comes back as it was sent. */
export interface DeskFormValues {
  slug: string;
  operatorJa: string;
  operatorEn: string;
  nameJa: string;
  nameEn: string;
  summaryJa: string;
  summaryEn: string;
  topics: string[];
  audiences: string[];
  phone: string;
  webUrl: string;
  email: string;
  hoursJa: string;
  hoursEn: string;
  /** '' = national, else a JIS code. */
  prefecture: string;
  sourceName: string;
  sourceUrl: string;
  checkedOn: string;
  judged: boolean;
  judgementNote: string;
  position: string;
}

export function emptyDeskValues(today: string): DeskFormValues {
  return {
    slug: '',
    operatorJa: '',
    operatorEn: '',
    nameJa: '',
    nameEn: '',
    summaryJa: '',
    summaryEn: '',
    topics: [],
    audiences: [],
    phone: '',
    webUrl: '',
    email: '',
    hoursJa: '',
    hoursEn: '',
    prefecture: '',
    sourceName: '',
    sourceUrl: '',
    checkedOn: today,
    judged: true,
    judgementNote: '',
    position: '100',
  };
}

export function deskValuesOf(d: DeskInput): DeskFormValues {
  return {
    ...d,
    topics: d.topics,
    audiences: d.audiences,
    phone: d.phone ?? '',
    webUrl: d.webUrl ?? '',
    email: d.email ?? '',
    prefecture: d.prefecture ?? '',
    sourceUrl: d.sourceUrl ?? '',
    position: String(d.position),
  };
}

export function readDeskForm(body: FormBody): DeskFormValues {
  return {
    slug: formText(body, 'slug', 60).toLowerCase(),
    operatorJa: formText(body, 'operatorJa', 200),
    operatorEn: formText(body, 'operatorEn', 200),
    nameJa: formText(body, 'nameJa', 200),
    nameEn: formText(body, 'nameEn', 200),
    summaryJa: formText(body, 'summaryJa', 2000),
    summaryEn: formText(body, 'summaryEn', 2000),
    topics: formList(body, 'topics', 50),
    audiences: formList(body, 'audiences', 50),
    phone: formText(body, 'phone', 40),
    webUrl: formText(body, 'webUrl', 600),
    email: formText(body, 'email', 300),
    hoursJa: formText(body, 'hoursJa', 1000),
    hoursEn: formText(body, 'hoursEn', 1000),
    prefecture: formText(body, 'prefecture', 10),
    sourceName: formText(body, 'sourceName', 300),
    sourceUrl: formText(body, 'sourceUrl', 600),
    checkedOn: formText(body, 'checkedOn', 20),
    judged: formText(body, 'judged', 5) === '1',
    judgementNote: formText(body, 'judgementNote', 2000),
    position: formText(body, 'position', 10),
  };
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,59}$/;
/** As dialled: digits with -, spaces or brackets, optionally starting with # or +. */
const PHONE = /^[#+]?[0-9][0-9\- ()]{1,18}$/;
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>"]+$/;

function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

/** YYYY-MM-DD (a real date) or YYYY-MM when the source gives only the month. */
export function isCheckedOn(s: string): boolean {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12) return false;
  if (m[3] === undefined) return true;
  const d = new Date(Date.UTC(y, mo - 1, Number(m[3])));
  return d.getUTCMonth() === mo - 1 && d.getUTCDate() === Number(m[3]);
}

const REQUIRED: [keyof DeskFormValues, Text][] = [
  ['operatorJa', { ja: '運営する機関（日本語）を入力してください。', en: 'Enter who runs the desk (Japanese).' }],
  ['operatorEn', { ja: '運営する機関（英語）を入力してください。', en: 'Enter who runs the desk (English).' }],
  ['nameJa', { ja: '窓口名（日本語）を入力してください。', en: 'Enter the name of the desk (Japanese).' }],
  ['nameEn', { ja: '窓口名（英語）を入力してください。', en: 'Enter the name of the desk (English).' }],
  ['summaryJa', { ja: '相談できること（日本語）を入力してください。', en: 'Enter what the desk helps with (Japanese).' }],
  ['summaryEn', { ja: '相談できること（英語）を入力してください。', en: 'Enter what the desk helps with (English).' }],
  ['sourceName', { ja: '出典を入力してください。編集部が追加した場合は「編集部追加（要確認）」と書いてください。', en: 'Enter the source. If the editors added the desk, write "added by the editors (to be verified)".' }],
];

/** The desk the values describe, or the errors to show beside each field. `isNew`: the slug is only set once. */
export function validateDesk(v: DeskFormValues, isNew: boolean, slugTaken: boolean): { desk: DeskInput; errors: null } | { desk: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (isNew) {
    if (!SLUG.test(v.slug)) errors.slug = { ja: '識別子は半角英小文字・数字・ハイフンで2〜60文字にしてください（例：city-consumer-center）。', en: 'The identifier must be 2–60 lower-case letters, digits or hyphens (for example city-consumer-center).' };
    else if (slugTaken) errors.slug = { ja: 'この識別子はすでに使われています。別の識別子にしてください。', en: 'This identifier is already used. Choose another.' };
  }
  for (const [name, message] of REQUIRED) if (!v[name]) errors[name] = message;
  if (v.topics.some((t) => !isDeskTopic(t))) errors.topics = { ja: '相談できる内容を一覧から選び直してください。', en: 'Choose the topics again from the list.' };
  if (!v.audiences.length) errors.audiences = { ja: '対象を1つ以上選んでください。', en: 'Choose at least one audience.' };
  else if (v.audiences.some((a) => !isDeskAudience(a))) errors.audiences = { ja: '対象を一覧から選び直してください。', en: 'Choose the audiences again from the list.' };
  if (v.phone && !PHONE.test(v.phone)) errors.phone = { ja: '電話番号は 03-1234-5678、188、#9110 のように数字で入力してください。', en: 'Write the phone number in digits, like 03-1234-5678, 188 or #9110.' };
  if (v.webUrl && !isHttpUrl(v.webUrl)) errors.webUrl = { ja: 'ウェブサイトは https:// で始まるアドレスを入力してください。', en: 'Enter a web address starting with https://.' };
  if (v.email && !EMAIL.test(v.email)) errors.email = { ja: 'メールアドレスを name@example.jp の形で入力してください。', en: 'Enter an email address like name@example.jp.' };
  if (!v.phone && !v.webUrl && !v.email && !v.hoursJa) errors.phone = { ja: '電話番号、ウェブサイト、メールアドレス、受付案内のどれか1つは入力してください。', en: 'Give at least one way to reach the desk: phone, website, email or how to contact it.' };
  if ((v.hoursJa === '') !== (v.hoursEn === '')) errors[v.hoursJa ? 'hoursEn' : 'hoursJa'] = { ja: '受付時間・連絡方法は日本語と英語の両方を入力してください。', en: 'Give the hours and how to contact the desk in both Japanese and English.' };
  if (v.prefecture && !isPrefectureCode(v.prefecture)) errors.prefecture = { ja: '地域を一覧から選び直してください。', en: 'Choose the area again from the list.' };
  if (v.sourceUrl && !isHttpUrl(v.sourceUrl)) errors.sourceUrl = { ja: '出典のURLは https:// で始まるアドレスを入力してください。', en: 'Enter a source address starting with https://.' };
  if (!isCheckedOn(v.checkedOn)) errors.checkedOn = { ja: '確認日は 2026-11-26 のように入力してください（月までしか分からないときは 2015-02）。', en: 'Write the date checked like 2026-11-26 (or 2015-02 when only the month is known).' };
  if (!/^\d{1,6}$/.test(v.position)) errors.position = { ja: '表示順は0以上の整数で入力してください。', en: 'The display order must be a whole number from 0.' };
  if (Object.keys(errors).length) return { desk: null, errors };
  return {
    errors: null,
    desk: {
      slug: v.slug,
      operatorJa: v.operatorJa,
      operatorEn: v.operatorEn,
      nameJa: v.nameJa,
      nameEn: v.nameEn,
      summaryJa: v.summaryJa,
      summaryEn: v.summaryEn,
      topics: DESK_TOPICS.filter((t) => v.topics.includes(t)),
      audiences: DESK_AUDIENCES.filter((a) => v.audiences.includes(a)),
      phone: v.phone || null,
      webUrl: v.webUrl || null,
      email: v.email || null,
      hoursJa: v.hoursJa,
      hoursEn: v.hoursEn,
      prefecture: v.prefecture || null,
      sourceName: v.sourceName,
      sourceUrl: v.sourceUrl || null,
      checkedOn: v.checkedOn,
      judged: v.judged,
      judgementNote: v.judgementNote,
      position: Number(v.position),
    },
  };
}
