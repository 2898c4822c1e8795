// The advisory form: which fields are read (and no others: owner, state, ids and public flags can
// never be set from a request), how they are normalised, and what must be right before a draft is
// saved, submitted or published at once. Every message is in Japanese and English and says how to fix it.
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { asForm, formList, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { ADVISORY_LIMITS as L, SEVERITIES, type AdvisoryPayload, type Severity } from './model.ts';

export const LINK_SLOTS = [1, 2, 3, 4, 5] as const;

/** What the form shows: every value as typed, so a mistake can be corrected in place. */
export interface AdvisoryFormValues {
  titleJa: string;
  titleEn: string;
  whatJa: string;
  whatEn: string;
  actionsJa: string;
  actionsEn: string;
  severity: string;
  audiences: string[];
  /** 'nationwide' or 'prefectures'. */
  scope: string;
  prefectures: string[];
  links: { url: string; label: string }[];
  validUntil: string;
  correctionNoteJa: string;
  correctionNoteEn: string;
}

export function emptyAdvisoryValues(): AdvisoryFormValues {
  return { titleJa: '', titleEn: '', whatJa: '', whatEn: '', actionsJa: '', actionsEn: '', severity: '', audiences: [], scope: 'nationwide', prefectures: [], links: LINK_SLOTS.map(() => ({ url: '', label: '' })), validUntil: '', correctionNoteJa: '', correctionNoteEn: '' };
}

/** The form of a stored version. Editing a published advisory starts with an empty "what changed". */
export function valuesOf(p: AdvisoryPayload, o: { keepCorrectionNote: boolean }): AdvisoryFormValues {
  return {
    titleJa: p.titleJa,
    titleEn: p.titleEn,
    whatJa: p.whatJa,
    whatEn: p.whatEn,
    actionsJa: p.actionsJa,
    actionsEn: p.actionsEn,
    severity: p.severity,
    audiences: [...p.audiences],
    scope: p.nationwide ? 'nationwide' : 'prefectures',
    prefectures: [...p.prefectures],
    links: LINK_SLOTS.map((_, i) => p.links[i] ?? { url: '', label: '' }),
    validUntil: p.validUntil ?? '',
    correctionNoteJa: o.keepCorrectionNote ? p.correctionNoteJa : '',
    correctionNoteEn: o.keepCorrectionNote ? p.correctionNoteEn : '',
  };
}

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '2000-01-01' && s <= '2100-12-31';
}

function normaliseDate(s: string): string {
  const n = s.normalize('NFKC').replace(/\s+/g, '').replace(/[/.]/g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(n);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : n;
}

export interface AdvisoryIssue {
  message: Text;
  /** A gap (the field is empty) rather than a wrong value: drafts may have gaps, never wrong values. */
  missing: boolean;
}
type Issues = Record<string, AdvisoryIssue>;
const gap = (message: Text): AdvisoryIssue => ({ message, missing: true });
const wrong = (message: Text): AdvisoryIssue => ({ message, missing: false });

function lengthIssue(value: string, max: number, label: Text): AdvisoryIssue | undefined {
  return value.length > max ? wrong({ ja: `${label.ja}は${max}文字以内にしてください（現在${value.length}文字）。`, en: `${label.en}: use ${max} characters or fewer (now ${value.length}).` }) : undefined;
}

/**
 * Every problem of a version. Checked when the form is read and again when a stored draft is
 * submitted or published, so nothing incomplete or wrong reaches review, the pages or subscribers.
 * `correction`: the advisory is already published, so this version is sent as a correction and
 * must say what changed.
 */
export function advisoryIssues(p: AdvisoryPayload, o: { correction: boolean }): Issues {
  const e: Issues = {};
  const put = (k: string, i: AdvisoryIssue | undefined) => {
    if (i && !e[k]) e[k] = i;
  };
  if (!p.titleJa) put('titleJa', gap({ ja: '件名（日本語）を入力してください。', en: 'Enter the title in Japanese.' }));
  put('titleJa', lengthIssue(p.titleJa, L.title, { ja: '件名', en: 'Title' }));
  put('titleEn', lengthIssue(p.titleEn, L.title, { ja: '英語の件名', en: 'English title' }));
  if (!p.whatJa) put('whatJa', gap({ ja: '何が起きているか（日本語）を入力してください。', en: 'Describe in Japanese what is happening.' }));
  put('whatJa', lengthIssue(p.whatJa, L.text, { ja: '何が起きているか', en: 'What is happening' }));
  put('whatEn', lengthIssue(p.whatEn, L.text, { ja: '何が起きているか（英語）', en: 'What is happening (English)' }));
  if (!p.actionsJa) put('actionsJa', gap({ ja: 'とるべき対策（日本語）を入力してください。', en: 'Say in Japanese what people should do.' }));
  put('actionsJa', lengthIssue(p.actionsJa, L.text, { ja: 'とるべき対策', en: 'What to do' }));
  put('actionsEn', lengthIssue(p.actionsEn, L.text, { ja: 'とるべき対策（英語）', en: 'What to do (English)' }));
  if (!(SEVERITIES as readonly string[]).includes(p.severity)) put('severity', gap({ ja: '深刻度を選んでください。', en: 'Choose the severity.' }));
  if (p.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) put('audiences', wrong({ ja: '対象を一覧から選び直してください。', en: 'Choose the audiences again from the list.' }));
  if (p.prefectures.some((x) => !isPrefectureCode(x))) put('prefectures', wrong({ ja: '都道府県を一覧から選び直してください。', en: 'Choose the prefectures again from the list.' }));
  else if (!p.nationwide && !p.prefectures.length) put('prefectures', gap({ ja: '対象地域の都道府県を1つ以上選ぶか、「全国」を選んでください。', en: 'Choose at least one prefecture, or choose "nationwide".' }));
  if (p.links.length > L.links) put('links', wrong({ ja: `リンクは${L.links}件までです。`, en: `At most ${L.links} links.` }));
  p.links.forEach((l, i) => {
    const k = `linkUrl${i + 1}`;
    if (!validUrl(l.url) || l.url.length > L.url) put(k, wrong({ ja: `リンク${i + 1}のURLは https:// で始まる形で入力してください。`, en: `Enter link ${i + 1} as a web address starting with https://.` }));
    if (!l.label) put(`linkLabel${i + 1}`, wrong({ ja: `リンク${i + 1}の表示名を入力してください（例：IPAの解説ページ）。`, en: `Enter the text shown for link ${i + 1} (for example: IPA's explanation).` }));
    else put(`linkLabel${i + 1}`, lengthIssue(l.label, L.label, { ja: `リンク${i + 1}の表示名`, en: `Link ${i + 1} text` }));
  });
  if (p.validUntil !== null && !isValidDate(p.validUntil)) put('validUntil', wrong({ ja: '有効期限は 2027-03-31 のように 年-月-日 で、2000年から2100年までの実在する日付を入力してください。', en: 'Enter the last day as year-month-day, for example 2027-03-31 (a real date between 2000 and 2100).' }));
  if (o.correction) {
    if (!p.correctionNoteJa) put('correctionNoteJa', gap({ ja: '公開中の注意喚起の訂正です。何を変えたか（日本語）を入力してください。受信者に訂正として届きます。', en: 'This corrects a published advisory. Say in Japanese what changed; subscribers receive it as a correction.' }));
  }
  put('correctionNoteJa', lengthIssue(p.correctionNoteJa, L.note, { ja: '訂正内容', en: 'What changed' }));
  put('correctionNoteEn', lengthIssue(p.correctionNoteEn, L.note, { ja: '訂正内容（英語）', en: 'What changed (English)' }));
  return e;
}

export function toFieldErrors(issues: Issues, only?: (i: AdvisoryIssue) => boolean): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(issues)) if (!only || only(v)) out[k] = v.message;
  return out;
}

/** The payload a set of form values stands for (wrong values are kept so the checks can name them). */
export function payloadOf(v: AdvisoryFormValues): AdvisoryPayload {
  const nationwide = v.scope !== 'prefectures';
  return {
    titleJa: v.titleJa,
    titleEn: v.titleEn,
    whatJa: v.whatJa,
    whatEn: v.whatEn,
    actionsJa: v.actionsJa,
    actionsEn: v.actionsEn,
    severity: v.severity as Severity,
    audiences: [...new Set(v.audiences)] as Audience[],
    nationwide,
    // A nationwide advisory lists no prefectures (every one is affected).
    prefectures: nationwide ? [] : [...new Set(v.prefectures)].sort(),
    links: v.links.filter((l) => l.url || l.label),
    validUntil: v.validUntil === '' ? null : v.validUntil,
    correctionNoteJa: v.correctionNoteJa,
    correctionNoteEn: v.correctionNoteEn,
  };
}

/** Reads the advisory form. Only these names are read. */
export function readAdvisoryForm(body: unknown, o: { correction: boolean }): { values: AdvisoryFormValues; payload: AdvisoryPayload; issues: Issues } {
  const b = asForm(body);
  const values: AdvisoryFormValues = {
    titleJa: formText(b, 'titleJa', 1000),
    titleEn: formText(b, 'titleEn', 1000),
    whatJa: formText(b, 'whatJa', 20_000),
    whatEn: formText(b, 'whatEn', 20_000),
    actionsJa: formText(b, 'actionsJa', 20_000),
    actionsEn: formText(b, 'actionsEn', 20_000),
    severity: formText(b, 'severity', 20),
    audiences: formList(b, 'audiences', 20),
    scope: formText(b, 'scope', 20),
    prefectures: formList(b, 'prefectures', 60),
    links: LINK_SLOTS.map((n) => ({ url: formText(b, `linkUrl${n}`, 2000), label: formText(b, `linkLabel${n}`, 1000) })),
    validUntil: normaliseDate(formText(b, 'validUntil', 30)),
    correctionNoteJa: formText(b, 'correctionNoteJa', 5000),
    correctionNoteEn: formText(b, 'correctionNoteEn', 5000),
  };
  const payload = payloadOf(values);
  return { values, payload, issues: advisoryIssues(payload, o) };
}
