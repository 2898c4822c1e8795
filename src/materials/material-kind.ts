// Materials as content of the shared publishing mechanism (src/content/): the fields an organisation
// edits, how a form is read and validated, how two versions are compared, and how an approved version
// is written into the library's public tables. The uploaded file belongs to the revision (its hash
// and metadata are in the payload, which only the server writes) and becomes public on approval.
import type { ContentKindHandler, FieldChange } from '../content/model.ts';
import type { Db } from '../db/database.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import { formatNumber, type Locale, type Text } from '../i18n/locale.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { asForm, formList, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import {
  LICENCE_INFO,
  LICENCES,
  MATERIAL_FORMAT_LABELS,
  MATERIAL_FORMATS,
  MATERIAL_LANGUAGE_LABELS,
  MATERIAL_LANGUAGES,
  MEDIA_TYPE_LABELS,
  type Licence,
  type MaterialFileRef,
  type MaterialFormat,
  type MaterialLanguage,
  type MaterialPayload,
} from './model.ts';
import { deleteMaterial, existingEventIds, existingInitiativeIds, writeMaterial } from './repository.ts';

export const MATERIAL_KIND = 'material';

export const MATERIAL_LIMITS = { title: 200, summary: 2000, attribution: 300, version: 50, url: 500, links: 20 } as const;

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** "12, 34 56" → [12, 34, 56]; null when something else is in the field. */
function idList(raw: string): number[] | null {
  const parts = raw.split(/[\s,、，]+/).filter(Boolean);
  if (parts.some((p) => !/^[1-9][0-9]{0,9}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}

export function emptyMaterial(): MaterialPayload {
  return {
    titleJa: '',
    titleEn: '',
    summaryJa: '',
    summaryEn: '',
    format: 'leaflet',
    audiences: [],
    language: 'ja',
    licence: 'cc-by-4.0',
    attribution: '',
    version: '',
    issuedOn: null,
    url: null,
    file: null,
    initiatives: [],
    events: [],
  };
}

/** A stored payload with every field present (older or partial payloads still display). */
export function normaliseMaterial(x: Partial<MaterialPayload>): MaterialPayload {
  const e = emptyMaterial();
  return {
    ...e,
    ...x,
    audiences: Array.isArray(x.audiences) ? x.audiences : [],
    initiatives: Array.isArray(x.initiatives) ? x.initiatives : [],
    events: Array.isArray(x.events) ? x.events : [],
    file: x.file ?? null,
    url: x.url ?? null,
    issuedOn: x.issuedOn ?? null,
  };
}

/**
 * Reads a material form. Only these names are read; the file is never read from the form's text
 * fields (the caller passes what the upload produced, or the file the item already had).
 * The values come back even when invalid, so the form can show them again.
 */
export async function readMaterialForm(db: Db, body: unknown, file: MaterialFileRef | null): Promise<{ payload: MaterialPayload; errors: FieldErrors; linksRaw: { initiatives: string; events: string } }> {
  const b = asForm(body);
  const errors: FieldErrors = {};
  const titleJa = formText(b, 'titleJa', 1000);
  const titleEn = formText(b, 'titleEn', 1000);
  const summaryJa = formText(b, 'summaryJa', 10_000);
  const summaryEn = formText(b, 'summaryEn', 10_000);
  const format = formText(b, 'format', 50);
  const audiences = formList(b, 'audiences');
  const language = formText(b, 'language', 20);
  const licence = formText(b, 'licence', 50);
  const attribution = formText(b, 'attribution', 2000);
  const version = formText(b, 'version', 200);
  const issuedOn = formText(b, 'issuedOn', 20);
  const url = formText(b, 'url', 2000);
  const initiativesRaw = formText(b, 'initiatives', 500);
  const eventsRaw = formText(b, 'events', 500);
  const removeFile = formText(b, 'removeFile', 10) === '1';

  const L = MATERIAL_LIMITS;
  if (!titleJa) errors.titleJa = { ja: '教材名（日本語）を入力してください。', en: 'Enter the title in Japanese.' };
  else if (titleJa.length > L.title) errors.titleJa = { ja: `教材名は${L.title}文字以内にしてください。`, en: `Use ${L.title} characters or fewer.` };
  if (titleEn.length > L.title) errors.titleEn = { ja: `英語の教材名は${L.title}文字以内にしてください。`, en: `Use ${L.title} characters or fewer.` };
  if (!summaryJa) errors.summaryJa = { ja: '概要（日本語）を入力してください。', en: 'Enter a summary in Japanese.' };
  else if (summaryJa.length > L.summary) errors.summaryJa = { ja: `概要は${L.summary}文字以内にしてください（現在${summaryJa.length}文字）。`, en: `Use ${L.summary} characters or fewer (now ${summaryJa.length}).` };
  if (summaryEn.length > L.summary) errors.summaryEn = { ja: `英語の概要は${L.summary}文字以内にしてください。`, en: `Use ${L.summary} characters or fewer (now ${summaryEn.length}).` };
  if (!(MATERIAL_FORMATS as readonly string[]).includes(format)) errors.format = { ja: '教材の種類を選んでください。', en: 'Choose the kind of material.' };
  if (!audiences.length || audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) errors.audiences = { ja: '対象を1つ以上選んでください。', en: 'Choose at least one audience.' };
  if (!(MATERIAL_LANGUAGES as readonly string[]).includes(language)) errors.language = { ja: '言語を選んでください。', en: 'Choose the language.' };
  if (!(LICENCES as readonly string[]).includes(licence)) errors.licence = { ja: '利用条件（ライセンス）を選んでください。', en: 'Choose the licence.' };
  if (!attribution) errors.attribution = { ja: '利用者が表示するクレジット（出典の書き方）を入力してください。', en: 'Enter the credit line people must give when they reuse the material.' };
  else if (attribution.length > L.attribution) errors.attribution = { ja: `クレジットは${L.attribution}文字以内にしてください。`, en: `Use ${L.attribution} characters or fewer.` };
  if (version.length > L.version) errors.version = { ja: `版は${L.version}文字以内にしてください。`, en: `Use ${L.version} characters or fewer.` };
  if (issuedOn && !validDate(issuedOn)) errors.issuedOn = { ja: '発行日は 2026-04-01 の形で入力してください。', en: 'Enter the date of issue as 2026-04-01.' };
  if (url && (!validUrl(url) || url.length > L.url)) errors.url = { ja: 'URLは https:// で始まる形で入力してください。', en: 'Enter the web address starting with https://.' };

  let initiatives = idList(initiativesRaw);
  if (initiatives === null || initiatives.length > L.links) {
    errors.initiatives = { ja: `関連する取組は、取組の番号（例：12, 34）で${L.links}件まで入力してください。`, en: `Enter up to ${L.links} initiative numbers, such as 12, 34.` };
    initiatives = [];
  } else if (initiatives.length) {
    const known = await existingInitiativeIds(db, initiatives);
    const unknown = initiatives.filter((i) => !known.has(i));
    if (unknown.length) errors.initiatives = { ja: `番号 ${unknown.join('、')} の取組は公開されていません。取組の一覧で番号を確かめてください。`, en: `There is no published initiative numbered ${unknown.join(', ')}. Check the numbers in the catalogue.` };
  }
  let events = idList(eventsRaw);
  if (events === null || events.length > L.links) {
    errors.events = { ja: `関連するイベントは、イベントの番号で${L.links}件まで入力してください。`, en: `Enter up to ${L.links} event numbers.` };
    events = [];
  } else if (events.length) {
    const known = await existingEventIds(db, events);
    const unknown = events.filter((i) => !known.has(i));
    if (unknown.length) errors.events = { ja: `番号 ${unknown.join('、')} のイベントは公開されていません。イベントの一覧で番号を確かめてください。`, en: `There is no published event numbered ${unknown.join(', ')}. Check the numbers in the list of events.` };
  }
  const keptFile = removeFile ? null : file;
  if (!keptFile && !url) errors.file = { ja: 'ファイルをアップロードするか、教材のURL（動画など）を入力してください。', en: 'Upload a file, or enter the address of the material (a video, for example).' };

  return {
    payload: {
      titleJa,
      titleEn,
      summaryJa,
      summaryEn,
      format: ((MATERIAL_FORMATS as readonly string[]).includes(format) ? format : 'leaflet') as MaterialFormat,
      audiences: audiences.filter((a) => (AUDIENCES as readonly string[]).includes(a)) as Audience[],
      language: ((MATERIAL_LANGUAGES as readonly string[]).includes(language) ? language : 'ja') as MaterialLanguage,
      licence: ((LICENCES as readonly string[]).includes(licence) ? licence : 'cc-by-4.0') as Licence,
      attribution,
      version,
      issuedOn: issuedOn && validDate(issuedOn) ? issuedOn : null,
      url: url || null,
      file: keptFile,
      initiatives,
      events,
    },
    errors,
    linksRaw: { initiatives: initiativesRaw, events: eventsRaw },
  };
}

export function materialTitle(p: MaterialPayload): Text {
  return { ja: p.titleJa, en: p.titleEn || p.titleJa };
}

export function formatBytes(locale: Locale, n: number): string {
  if (n < 1024) return `${formatNumber(locale, n)} B`;
  if (n < 1024 * 1024) return `${formatNumber(locale, Math.round((n / 1024) * 10) / 10)} KB`;
  return `${formatNumber(locale, Math.round((n / (1024 * 1024)) * 10) / 10)} MB`;
}

export function describeFile(locale: Locale, f: { name: string; mediaType: string; size: number; sha256: string }): string {
  return `${f.name}（${MEDIA_TYPE_LABELS[f.mediaType] ?? f.mediaType}・${formatBytes(locale, f.size)}・SHA-256 ${f.sha256.slice(0, 12)}…）`;
}

const list = (l: Locale, xs: string[]) => xs.join(l === 'ja' ? '、' : ', ');

const FIELDS: { field: keyof MaterialPayload; label: Text; show: (p: MaterialPayload, l: Locale) => string }[] = [
  { field: 'titleJa', label: { ja: '教材名（日本語）', en: 'Title (Japanese)' }, show: (p) => p.titleJa },
  { field: 'titleEn', label: { ja: '教材名（英語）', en: 'Title (English)' }, show: (p) => p.titleEn },
  { field: 'summaryJa', label: { ja: '概要（日本語）', en: 'Summary (Japanese)' }, show: (p) => p.summaryJa },
  { field: 'summaryEn', label: { ja: '概要（英語）', en: 'Summary (English)' }, show: (p) => p.summaryEn },
  { field: 'format', label: { ja: '種類', en: 'Kind' }, show: (p, l) => MATERIAL_FORMAT_LABELS[p.format]?.[l] ?? p.format },
  { field: 'audiences', label: { ja: '対象', en: 'Audiences' }, show: (p, l) => list(l, p.audiences.map((a) => AUDIENCE_LABELS[a]?.[l] ?? a)) },
  { field: 'language', label: { ja: '言語', en: 'Language' }, show: (p, l) => MATERIAL_LANGUAGE_LABELS[p.language]?.[l] ?? p.language },
  { field: 'licence', label: { ja: '利用条件', en: 'Licence' }, show: (p, l) => LICENCE_INFO[p.licence]?.label[l] ?? p.licence },
  { field: 'attribution', label: { ja: 'クレジット表記', en: 'Attribution' }, show: (p) => p.attribution },
  { field: 'version', label: { ja: '版', en: 'Version' }, show: (p) => p.version },
  { field: 'issuedOn', label: { ja: '発行日', en: 'Date of issue' }, show: (p) => p.issuedOn ?? '' },
  { field: 'url', label: { ja: '教材のURL', en: 'Web address' }, show: (p) => p.url ?? '' },
  { field: 'file', label: { ja: 'ファイル', en: 'File' }, show: (p, l) => (p.file ? describeFile(l, p.file) : '') },
  { field: 'initiatives', label: { ja: '関連する取組（番号）', en: 'Initiatives (numbers)' }, show: (p) => p.initiatives.join(', ') },
  { field: 'events', label: { ja: '関連するイベント（番号）', en: 'Events (numbers)' }, show: (p) => p.events.join(', ') },
];

export function describeMaterial(p: MaterialPayload, locale: Locale): { label: Text; value: string }[] {
  const n = normaliseMaterial(p);
  return FIELDS.map((f) => ({ label: f.label, value: f.show(n, locale) }));
}

export function diffMaterial(before: MaterialPayload | null, after: MaterialPayload, locale: Locale): FieldChange[] {
  const b = before ? normaliseMaterial(before) : null;
  const a = normaliseMaterial(after);
  const out: FieldChange[] = [];
  for (const f of FIELDS) {
    const x = b ? f.show(b, locale) : '';
    const y = f.show(a, locale);
    if (x !== y) out.push({ field: f.field, label: f.label, before: x, after: y });
  }
  return out;
}

export const materialHandler: ContentKindHandler<MaterialPayload> = {
  kind: MATERIAL_KIND,
  label: { ja: '教材', en: 'material' },
  title: (p) => materialTitle(normaliseMaterial(p)),
  describe: describeMaterial,
  diff: diffMaterial,
  publicPath: (id) => `/materials/${id}`,
  ownerPath: (id) => `/my/materials/${id}`,
  reviewLinks: (itemId, payload) =>
    normaliseMaterial(payload).file
      ? [
          { href: `/moderation/materials/${itemId}/file`, label: { ja: '提出されたファイルをダウンロード', en: 'Download the submitted file' } },
          { href: `/moderation/materials/${itemId}/preview`, label: { ja: 'プレビュー（画像・PDFの1ページ目）', en: 'Preview (image or first page of a PDF)' } },
        ]
      : [],
  async publish(w, args) {
    const p = normaliseMaterial(args.payload);
    const id = await writeMaterial(w, args.publicId, {
      titleJa: p.titleJa,
      titleEn: p.titleEn,
      summaryJa: p.summaryJa,
      summaryEn: p.summaryEn,
      format: p.format,
      audiences: p.audiences,
      language: p.language,
      licence: p.licence,
      attribution: p.attribution,
      version: p.version,
      issuedOn: p.issuedOn,
      url: p.url,
      file: p.file,
      organisationIds: args.organisers.map((o) => o.id),
      organisationNames: args.organisers.flatMap((o) => [o.nameJa, o.nameEn, ...(o.abbreviation ? [o.abbreviation] : [])]),
      // Links to initiatives that were unpublished since the draft was written are dropped.
      initiatives: [...(await existingInitiativeIds(w.db, p.initiatives))],
      events: [...(await existingEventIds(w.db, p.events))],
      confirmedAt: args.confirmedAt,
      now: args.now,
    });
    // A new material reaches the subscribers who asked for new materials, in the same transaction (outbox).
    if (args.publicId === null && args.ownerSubmitted) {
      await enqueueDispatch(
        w.db,
        {
          topic: 'material',
          action: 'published',
          subjectId: id,
          title: materialTitle(p),
          summary: { ja: p.summaryJa, en: p.summaryEn || p.summaryJa },
          url: { ja: `${args.baseUrl ?? ''}/materials/${id}`, en: `${args.baseUrl ?? ''}/en/materials/${id}` },
          audiences: p.audiences,
          prefectures: [],
          nationwide: true,
          publishedAt: args.now,
        },
        args.now,
      );
    }
    return id;
  },
  unpublish: (w, publicId) => deleteMaterial(w, publicId),
  async confirm(w, publicId, at) {
    await w.db.updateTable('materials').set({ confirmed_at: at }).where('id', '=', publicId).execute();
  },
};
