// The event form: which fields are read (and no others: owner, state, ids and public flags can never
// be set from a request), how they are normalised, and what must be right before a draft is saved
// or a version is submitted. Every message is in Japanese and English and says how to fix it.
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { asForm, formList, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { ATTENDANCES, type Attendance, type EventPayload } from './model.ts';
import { daysBetween, isValidDate, isValidTime, looksLikeDate, MAX_YEAR, MIN_YEAR } from './time.ts';

export const EVENT_LIMITS = { title: 200, description: 4000, venue: 300, accessibility: 2000, url: 500, fee: 1_000_000, capacity: 1_000_000, days: 366 } as const;

/** What the form shows: every value as text, exactly as typed (so a mistake can be corrected in place). */
export interface EventFormValues {
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
  initiative: string;
  audiences: string[];
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  attendance: string;
  venueJa: string;
  venueEn: string;
  prefecture: string;
  feeYen: string;
  capacity: string;
  registrationUrl: string;
  accessibilityJa: string;
  accessibilityEn: string;
  campaign: string;
  cancelled: boolean;
}

/** Campaigns and initiatives an event may be linked to (ids the form may send). */
export interface EventFormChoices {
  campaignIds: ReadonlySet<number>;
  initiativeIds: ReadonlySet<number>;
}

export function emptyEventValues(): EventFormValues {
  return {
    titleJa: '',
    titleEn: '',
    descriptionJa: '',
    descriptionEn: '',
    initiative: '',
    audiences: [],
    allDay: false,
    startDate: '',
    startTime: '',
    endDate: '',
    endTime: '',
    attendance: '',
    venueJa: '',
    venueEn: '',
    prefecture: '',
    feeYen: '',
    capacity: '',
    registrationUrl: '',
    accessibilityJa: '',
    accessibilityEn: '',
    campaign: '',
    cancelled: false,
  };
}

export function valuesOf(p: EventPayload): EventFormValues {
  return {
    titleJa: p.titleJa,
    titleEn: p.titleEn,
    descriptionJa: p.descriptionJa,
    descriptionEn: p.descriptionEn,
    initiative: p.initiativeId === null ? '' : String(p.initiativeId),
    audiences: [...p.audiences],
    allDay: p.allDay,
    startDate: p.startDate,
    startTime: p.startTime ?? '',
    endDate: p.endDate,
    endTime: p.endTime ?? '',
    attendance: p.attendance ?? '',
    venueJa: p.venueJa,
    venueEn: p.venueEn,
    prefecture: p.prefecture ?? '',
    feeYen: p.feeYen === null ? '' : String(p.feeYen),
    capacity: p.capacity === null ? '' : String(p.capacity),
    registrationUrl: p.registrationUrl ?? '',
    accessibilityJa: p.accessibilityJa,
    accessibilityEn: p.accessibilityEn,
    campaign: p.campaignId === null ? '' : String(p.campaignId),
    cancelled: p.cancelled,
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

/** Full-width digits and separators, as a Japanese keyboard types them, become ASCII. */
function normaliseNumberish(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

function normaliseDate(s: string): string {
  const n = normaliseNumberish(s).replace(/[/.]/g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(n);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : n;
}

function normaliseTime(s: string): string {
  const n = normaliseNumberish(s);
  const m = /^(\d{1,2}):(\d{2})$/.exec(n);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : n;
}

/** '1,000円' → 1000; '' → null; anything else → NaN. */
function parseAmount(s: string): number | null {
  const n = normaliseNumberish(s).replace(/[,円¥]/g, '');
  if (n === '') return null;
  return /^\d{1,9}$/.test(n) ? Number(n) : NaN;
}

function parseId(s: string): number | null {
  if (s === '') return null;
  return /^[1-9]\d{0,9}$/.test(s) ? Number(s) : NaN;
}

export interface EventIssue {
  message: Text;
  /** A gap (the field is empty) rather than a wrong value: drafts may have gaps, never wrong values. */
  missing: boolean;
}

type Issues = Record<string, EventIssue>;

const gap = (message: Text): EventIssue => ({ message, missing: true });
const wrong = (message: Text): EventIssue => ({ message, missing: false });

const DATE_RANGE: Text = { ja: `日付は${MIN_YEAR}年から${MAX_YEAR}年までの実在する日付にしてください。`, en: `Use a real date between ${MIN_YEAR} and ${MAX_YEAR}.` };

function dateIssue(value: string, label: Text, example: string): EventIssue | undefined {
  if (value === '') return gap({ ja: `${label.ja}を入力してください。`, en: `Enter the ${label.en}.` });
  if (!looksLikeDate(value)) return wrong({ ja: `${label.ja}は ${example} のように 年-月-日 で入力してください。`, en: `Enter the ${label.en} as year-month-day, for example ${example}.` });
  if (!isValidDate(value)) return wrong({ ja: `${label.ja}：${DATE_RANGE.ja}`, en: `${label.en[0]!.toUpperCase()}${label.en.slice(1)}: ${DATE_RANGE.en}` });
  return undefined;
}

function timeIssue(value: string | null, label: Text): EventIssue | undefined {
  if (value === null || value === '') return gap({ ja: `${label.ja}を入力してください（終日の場合は「終日」を選んでください）。`, en: `Enter the ${label.en} (or choose "all day").` });
  if (!isValidTime(value)) return wrong({ ja: `${label.ja}は 13:30 のように 24時間制で入力してください。`, en: `Enter the ${label.en} in 24-hour form, for example 13:30.` });
  return undefined;
}

/**
 * Every problem of a version of an event. Checked when a form is read and again when a stored draft
 * is submitted, so nothing incomplete or wrong reaches review or the public pages.
 */
export function eventIssues(p: EventPayload, choices: EventFormChoices): Issues {
  const e: Issues = {};
  if (!p.titleJa) e.titleJa = gap({ ja: 'イベント名（日本語）を入力してください。', en: 'Enter the name of the event in Japanese.' });
  else if (p.titleJa.length > EVENT_LIMITS.title) e.titleJa = wrong({ ja: `イベント名は${EVENT_LIMITS.title}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.title} characters or fewer.` });
  if (p.titleEn.length > EVENT_LIMITS.title) e.titleEn = wrong({ ja: `英語のイベント名は${EVENT_LIMITS.title}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.title} characters or fewer.` });
  if (!p.descriptionJa) e.descriptionJa = gap({ ja: '内容（日本語）を入力してください。', en: 'Describe the event in Japanese.' });
  else if (p.descriptionJa.length > EVENT_LIMITS.description) e.descriptionJa = wrong({ ja: `内容は${EVENT_LIMITS.description}文字以内にしてください（現在${p.descriptionJa.length}文字）。`, en: `Use ${EVENT_LIMITS.description} characters or fewer (now ${p.descriptionJa.length}).` });
  if (p.descriptionEn.length > EVENT_LIMITS.description) e.descriptionEn = wrong({ ja: `英語の内容は${EVENT_LIMITS.description}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.description} characters or fewer (now ${p.descriptionEn.length}).` });
  if (p.initiativeId !== null && !choices.initiativeIds.has(p.initiativeId)) {
    e.initiative = wrong({ ja: '関連する取組を一覧から選び直してください。', en: 'Choose the initiative again from the list.' });
  }
  if (p.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) e.audiences = wrong({ ja: '対象を一覧から選び直してください。', en: 'Choose the audiences again from the list.' });
  else if (!p.audiences.length) e.audiences = gap({ ja: '対象を1つ以上選んでください。', en: 'Choose at least one audience.' });

  const start = dateIssue(p.startDate, { ja: '開始日', en: 'start date' }, '2027-02-01');
  if (start) e.startDate = start;
  const endDate = p.endDate || p.startDate;
  const end = p.endDate ? dateIssue(p.endDate, { ja: '終了日', en: 'end date' }, '2027-02-01') : undefined;
  if (end) e.endDate = end;
  if (!p.allDay) {
    const st = timeIssue(p.startTime, { ja: '開始時刻', en: 'start time' });
    if (st) e.startTime = st;
    const et = timeIssue(p.endTime, { ja: '終了時刻', en: 'end time' });
    if (et) e.endTime = et;
  }
  if (!start && !end && isValidDate(endDate)) {
    const days = daysBetween(p.startDate, endDate);
    const timesOk = p.allDay || (!e.startTime && !e.endTime);
    const endsFirst = days < 0 || (days === 0 && !p.allDay && timesOk && (p.endTime ?? '') <= (p.startTime ?? ''));
    if (endsFirst) {
      e.endDate = wrong({ ja: '終了日時は開始日時より後にしてください。', en: 'The event must end after it starts.' });
    } else if (days > EVENT_LIMITS.days) {
      e.endDate = wrong({ ja: `開催期間は${EVENT_LIMITS.days}日以内にしてください。`, en: `An event may last at most ${EVENT_LIMITS.days} days.` });
    }
  }

  if (!(ATTENDANCES as readonly string[]).includes(p.attendance)) e.attendance = gap({ ja: '開催形式（会場・オンライン）を選んでください。', en: 'Choose whether the event is on site, online or both.' });
  const onSite = p.attendance === 'onsite' || p.attendance === 'hybrid';
  if (p.prefecture !== null && !isPrefectureCode(p.prefecture)) e.prefecture = wrong({ ja: '都道府県を一覧から選んでください。', en: 'Choose the prefecture from the list.' });
  else if (onSite && p.prefecture === null) e.prefecture = gap({ ja: '会場の都道府県を選んでください。', en: 'Choose the prefecture of the venue.' });
  if (onSite && !p.venueJa) e.venueJa = gap({ ja: '会場（日本語）を入力してください。', en: 'Enter the venue in Japanese.' });
  if (p.venueJa.length > EVENT_LIMITS.venue) e.venueJa = wrong({ ja: `会場は${EVENT_LIMITS.venue}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.venue} characters or fewer.` });
  if (p.venueEn.length > EVENT_LIMITS.venue) e.venueEn = wrong({ ja: `英語の会場は${EVENT_LIMITS.venue}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.venue} characters or fewer.` });

  if (p.feeYen === null) e.feeYen = gap({ ja: '参加費を円で入力してください（無料の場合は 0）。', en: 'Enter the fee in yen (0 if free).' });
  else if (!Number.isInteger(p.feeYen) || p.feeYen < 0 || p.feeYen > EVENT_LIMITS.fee) {
    e.feeYen = wrong({ ja: `参加費は 0 から ${EVENT_LIMITS.fee.toLocaleString('ja-JP')} までの整数（円）で入力してください。`, en: `Enter the fee as a whole number of yen from 0 to ${EVENT_LIMITS.fee.toLocaleString('en-GB')}.` });
  }
  if (p.capacity !== null && (!Number.isInteger(p.capacity) || p.capacity < 1 || p.capacity > EVENT_LIMITS.capacity)) {
    e.capacity = wrong({ ja: '定員は 1 以上の整数で入力してください（定員がなければ空欄）。', en: 'Enter the capacity as a whole number from 1, or leave it empty.' });
  }
  if (p.registrationUrl !== null && (!validUrl(p.registrationUrl) || p.registrationUrl.length > EVENT_LIMITS.url)) {
    e.registrationUrl = wrong({ ja: '申込みページのURLは https:// で始まる形で入力してください。', en: 'Enter the registration page as a web address starting with https://.' });
  }
  if (p.accessibilityJa.length > EVENT_LIMITS.accessibility) e.accessibilityJa = wrong({ ja: `${EVENT_LIMITS.accessibility}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.accessibility} characters or fewer.` });
  if (p.accessibilityEn.length > EVENT_LIMITS.accessibility) e.accessibilityEn = wrong({ ja: `${EVENT_LIMITS.accessibility}文字以内にしてください。`, en: `Use ${EVENT_LIMITS.accessibility} characters or fewer.` });
  if (p.campaignId !== null && !choices.campaignIds.has(p.campaignId)) e.campaign = wrong({ ja: 'キャンペーンを一覧から選び直してください。', en: 'Choose the campaign again from the list.' });
  return e;
}

export function toFieldErrors(issues: Issues, only?: (i: EventIssue) => boolean): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(issues)) if (!only || only(v)) out[k] = v.message;
  return out;
}

/**
 * Reads the event form. Only these names are read. The values come back as typed (for the form) and
 * as a payload; wrong numbers and ids become NaN in the payload so that the checks name them.
 */
export function readEventForm(body: unknown, choices: EventFormChoices): { values: EventFormValues; payload: EventPayload; issues: Issues } {
  const b = asForm(body);
  const values: EventFormValues = {
    titleJa: formText(b, 'titleJa', 1000),
    titleEn: formText(b, 'titleEn', 1000),
    descriptionJa: formText(b, 'descriptionJa', 10_000),
    descriptionEn: formText(b, 'descriptionEn', 10_000),
    initiative: formText(b, 'initiative', 20),
    audiences: formList(b, 'audiences', 20),
    allDay: formText(b, 'allDay', 5) === '1',
    startDate: normaliseDate(formText(b, 'startDate', 30)),
    startTime: normaliseTime(formText(b, 'startTime', 20)),
    endDate: normaliseDate(formText(b, 'endDate', 30)),
    endTime: normaliseTime(formText(b, 'endTime', 20)),
    attendance: formText(b, 'attendance', 20),
    venueJa: formText(b, 'venueJa', 1000),
    venueEn: formText(b, 'venueEn', 1000),
    prefecture: formText(b, 'prefecture', 20),
    feeYen: formText(b, 'feeYen', 30),
    capacity: formText(b, 'capacity', 30),
    registrationUrl: formText(b, 'registrationUrl', 2000),
    accessibilityJa: formText(b, 'accessibilityJa', 5000),
    accessibilityEn: formText(b, 'accessibilityEn', 5000),
    campaign: formText(b, 'campaign', 20),
    cancelled: formText(b, 'cancelled', 5) === '1',
  };
  const payload = payloadOf(values);
  return { values, payload, issues: eventIssues(payload, choices) };
}

/** The payload a set of form values stands for (wrong values are kept so the checks can name them). */
export function payloadOf(v: EventFormValues): EventPayload {
  const fee = parseAmount(v.feeYen);
  const capacity = parseAmount(v.capacity);
  return {
    titleJa: v.titleJa,
    titleEn: v.titleEn,
    descriptionJa: v.descriptionJa,
    descriptionEn: v.descriptionEn,
    initiativeId: parseId(v.initiative),
    audiences: v.audiences as Audience[],
    allDay: v.allDay,
    startDate: v.startDate,
    startTime: v.allDay ? null : v.startTime,
    endDate: v.endDate || v.startDate,
    endTime: v.allDay ? null : v.endTime,
    attendance: v.attendance as Attendance,
    venueJa: v.venueJa,
    venueEn: v.venueEn,
    prefecture: v.prefecture === '' ? null : v.prefecture,
    feeYen: fee,
    capacity,
    registrationUrl: v.registrationUrl === '' ? null : v.registrationUrl,
    accessibilityJa: v.accessibilityJa,
    accessibilityEn: v.accessibilityEn,
    campaignId: parseId(v.campaign),
    cancelled: v.cancelled,
  };
}

/** A stored payload with anything missing filled in, so older or partial drafts still display. */
export function normaliseEventPayload(x: Partial<EventPayload>): EventPayload {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    titleJa: str(x.titleJa),
    titleEn: str(x.titleEn),
    descriptionJa: str(x.descriptionJa),
    descriptionEn: str(x.descriptionEn),
    initiativeId: num(x.initiativeId),
    audiences: Array.isArray(x.audiences) ? x.audiences : [],
    allDay: x.allDay === true,
    startDate: str(x.startDate),
    startTime: typeof x.startTime === 'string' ? x.startTime : null,
    endDate: str(x.endDate),
    endTime: typeof x.endTime === 'string' ? x.endTime : null,
    attendance: str(x.attendance) as Attendance,
    venueJa: str(x.venueJa),
    venueEn: str(x.venueEn),
    prefecture: typeof x.prefecture === 'string' ? x.prefecture : null,
    feeYen: num(x.feeYen),
    capacity: num(x.capacity),
    registrationUrl: typeof x.registrationUrl === 'string' ? x.registrationUrl : null,
    accessibilityJa: str(x.accessibilityJa),
    accessibilityEn: str(x.accessibilityEn),
    campaignId: num(x.campaignId),
    cancelled: x.cancelled === true,
  };
}
