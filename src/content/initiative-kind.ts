// Initiatives as content: the fields an organisation edits, how a form is read and validated, how
// two versions are compared, and how an approved version is written into the public catalogue.
import { bumpCatalogueVersion } from '../catalogue/facet-index.ts';
import { deleteInitiative, insertInitiative, loadInitiatives, measureIdsBySlug, replaceInitiative, type Repo } from '../catalogue/repository.ts';
import type { Initiative } from '../catalogue/model.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import { isPrefectureCode, prefectureByCode } from '../taxonomy/prefectures.ts';
import {
  AUDIENCE_LABELS,
  AUDIENCES,
  INITIATIVE_STATUS_LABELS,
  INITIATIVE_STATUSES,
  METHOD_LABELS,
  METHODS,
  SECTOR_LABELS,
  SECTORS,
  type Audience,
  type InitiativeStatus,
  type JudgeableField,
  type Method,
  type Sector,
} from '../taxonomy/taxonomy.ts';
import { asForm, formList, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import type { ContentKindHandler, FieldChange, OrganisationName } from './model.ts';

export interface InitiativePayload {
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  sector: Sector;
  audiences: Audience[];
  methods: Method[];
  nationwide: boolean;
  prefectures: string[];
  url: string | null;
  status: InitiativeStatus;
  /** Strategy measure slugs. */
  measures: string[];
  /** Provenance, kept for entries that came from the program's reference tables. */
  judged?: JudgeableField[];
  judgementNote?: string;
  source?: string;
  sourceDate?: string | null;
}

export const INITIATIVE_LIMITS = { title: 200, summary: 2000, url: 500 } as const;

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Reads an initiative form. Only these names are read: owner, status of review, ids and provenance can
 * never be set from a form. The values come back even when invalid, so the form can show them again.
 */
export function readInitiativeForm(body: unknown, knownMeasures: ReadonlySet<string>): { payload: InitiativePayload; errors: FieldErrors } {
  const b = asForm(body);
  const errors: FieldErrors = {};
  const titleJa = formText(b, 'titleJa', 1000);
  const titleEn = formText(b, 'titleEn', 1000);
  const summaryJa = formText(b, 'summaryJa', 10_000);
  const summaryEn = formText(b, 'summaryEn', 10_000);
  const sector = formText(b, 'sector', 50);
  const audiences = formList(b, 'audiences');
  const methods = formList(b, 'methods');
  const coverage = formText(b, 'coverage', 20);
  const prefectures = formList(b, 'prefectures', 100);
  const url = formText(b, 'url', 2000);
  const status = formText(b, 'status', 20) || 'active';
  const measures = formList(b, 'measures');

  if (!titleJa) errors.titleJa = { ja: '取組名（日本語）を入力してください。', en: 'Enter the name of the initiative in Japanese.' };
  else if (titleJa.length > INITIATIVE_LIMITS.title) errors.titleJa = { ja: `取組名は${INITIATIVE_LIMITS.title}文字以内にしてください。`, en: `Use ${INITIATIVE_LIMITS.title} characters or fewer.` };
  if (titleEn.length > INITIATIVE_LIMITS.title) errors.titleEn = { ja: `英語の取組名は${INITIATIVE_LIMITS.title}文字以内にしてください。`, en: `Use ${INITIATIVE_LIMITS.title} characters or fewer.` };
  if (!summaryJa) errors.summaryJa = { ja: '概要（日本語）を入力してください。', en: 'Enter a summary in Japanese.' };
  else if (summaryJa.length > INITIATIVE_LIMITS.summary) errors.summaryJa = { ja: `概要は${INITIATIVE_LIMITS.summary}文字以内にしてください（現在${summaryJa.length}文字）。`, en: `Use ${INITIATIVE_LIMITS.summary} characters or fewer (now ${summaryJa.length}).` };
  if (summaryEn.length > INITIATIVE_LIMITS.summary) errors.summaryEn = { ja: `英語の概要は${INITIATIVE_LIMITS.summary}文字以内にしてください。`, en: `Use ${INITIATIVE_LIMITS.summary} characters or fewer (now ${summaryEn.length}).` };
  if (!(SECTORS as readonly string[]).includes(sector)) errors.sector = { ja: '官民の区分を選んでください。', en: 'Choose public or private sector.' };
  const badAudience = audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a));
  if (!audiences.length || badAudience) errors.audiences = { ja: '対象を1つ以上選んでください。', en: 'Choose at least one audience.' };
  const badMethod = methods.some((m) => !(METHODS as readonly string[]).includes(m));
  if (!methods.length || badMethod) errors.methods = { ja: '手法を1つ以上選んでください。', en: 'Choose at least one method.' };
  if (coverage !== 'nationwide' && coverage !== 'prefectures') errors.coverage = { ja: '実施地域を選んでください。', en: 'Choose where the initiative takes place.' };
  else if (coverage === 'prefectures' && (!prefectures.length || prefectures.some((p) => !isPrefectureCode(p)))) {
    errors.prefectures = { ja: '実施する都道府県を1つ以上選んでください。', en: 'Choose at least one prefecture.' };
  }
  if (url && (!validUrl(url) || url.length > INITIATIVE_LIMITS.url)) errors.url = { ja: 'URLは https:// で始まる形で入力してください。', en: 'Enter the web address starting with https://.' };
  if (!(INITIATIVE_STATUSES as readonly string[]).includes(status)) errors.status = { ja: '実施状況を選んでください。', en: 'Choose whether the initiative is running.' };
  if (measures.some((m) => !knownMeasures.has(m))) errors.measures = { ja: '戦略上の位置付けを一覧から選び直してください。', en: 'Choose the strategy measures again from the list.' };

  return {
    payload: {
      titleJa,
      titleEn,
      summaryJa,
      summaryEn,
      sector: sector as Sector,
      audiences: audiences.filter((a) => (AUDIENCES as readonly string[]).includes(a)) as Audience[],
      methods: methods.filter((m) => (METHODS as readonly string[]).includes(m)) as Method[],
      nationwide: coverage === 'nationwide',
      prefectures: coverage === 'prefectures' ? prefectures.filter(isPrefectureCode) : [],
      url: url || null,
      status: ((INITIATIVE_STATUSES as readonly string[]).includes(status) ? status : 'active') as InitiativeStatus,
      measures: measures.filter((m) => knownMeasures.has(m)),
    },
    errors,
  };
}

/** Re-checks a stored draft as if its form were sent again (a draft may have been saved with gaps). */
export function checkInitiativePayload(p: InitiativePayload, knownMeasures: ReadonlySet<string>): FieldErrors {
  const n = normalisePayload(p);
  return readInitiativeForm(
    {
      titleJa: n.titleJa,
      titleEn: n.titleEn,
      summaryJa: n.summaryJa,
      summaryEn: n.summaryEn,
      sector: n.sector,
      audiences: n.audiences,
      methods: n.methods,
      coverage: n.nationwide ? 'nationwide' : 'prefectures',
      prefectures: n.prefectures,
      url: n.url ?? '',
      status: n.status,
      measures: n.measures,
    },
    knownMeasures,
  ).errors;
}

export function emptyInitiative(sector: Sector): InitiativePayload {
  return { titleJa: '', titleEn: '', summaryJa: '', summaryEn: '', sector, audiences: [], methods: [], nationwide: true, prefectures: [], url: null, status: 'active', measures: [] };
}

/** A stored payload with any missing list filled, so older or partial payloads still display. */
export function normalisePayload(x: InitiativePayload): InitiativePayload {
  return {
    ...x,
    titleEn: x.titleEn ?? '',
    summaryJa: x.summaryJa ?? '',
    summaryEn: x.summaryEn ?? '',
    audiences: Array.isArray(x.audiences) ? x.audiences : [],
    methods: Array.isArray(x.methods) ? x.methods : [],
    prefectures: Array.isArray(x.prefectures) ? x.prefectures : [],
    measures: Array.isArray(x.measures) ? x.measures : [],
    nationwide: x.nationwide === true,
    url: x.url ?? null,
  };
}

export function initiativeTitle(p: InitiativePayload): Text {
  return { ja: p.titleJa, en: p.titleEn || p.titleJa };
}

/** The payload of a published initiative (entries from the seed have no revision of their own yet). */
export function payloadOf(i: Initiative): InitiativePayload {
  return {
    titleJa: i.titleJa,
    titleEn: i.titleEn,
    summaryJa: i.summaryJa,
    summaryEn: i.summaryEn,
    sector: i.sector,
    audiences: i.audiences,
    methods: i.methods,
    nationwide: i.nationwide,
    prefectures: i.prefectures,
    url: i.url,
    status: i.status,
    measures: i.measures,
    judged: i.judged,
    judgementNote: i.judgementNote,
    source: i.source,
    sourceDate: i.sourceDate,
  };
}

const FIELDS: { field: keyof InitiativePayload; label: Text; show: (p: InitiativePayload, l: Locale) => string }[] = [
  { field: 'titleJa', label: { ja: '取組名（日本語）', en: 'Name (Japanese)' }, show: (p) => p.titleJa },
  { field: 'titleEn', label: { ja: '取組名（英語）', en: 'Name (English)' }, show: (p) => p.titleEn },
  { field: 'summaryJa', label: { ja: '概要（日本語）', en: 'Summary (Japanese)' }, show: (p) => p.summaryJa },
  { field: 'summaryEn', label: { ja: '概要（英語）', en: 'Summary (English)' }, show: (p) => p.summaryEn },
  { field: 'sector', label: { ja: '官民の区分', en: 'Sector' }, show: (p, l) => SECTOR_LABELS[p.sector]?.[l] ?? p.sector },
  { field: 'audiences', label: { ja: '対象', en: 'Audiences' }, show: (p, l) => p.audiences.map((a) => AUDIENCE_LABELS[a][l]).join(l === 'ja' ? '、' : ', ') },
  { field: 'methods', label: { ja: '手法', en: 'Methods' }, show: (p, l) => p.methods.map((m) => METHOD_LABELS[m][l]).join(l === 'ja' ? '、' : ', ') },
  {
    field: 'prefectures',
    label: { ja: '実施地域', en: 'Regions' },
    show: (p, l) => (p.nationwide ? (l === 'ja' ? '全国' : 'Nationwide') : p.prefectures.map((c) => prefectureByCode(c)?.[l] ?? c).join(l === 'ja' ? '、' : ', ')),
  },
  { field: 'url', label: { ja: 'URL', en: 'Web address' }, show: (p) => p.url ?? '' },
  { field: 'status', label: { ja: '実施状況', en: 'Status' }, show: (p, l) => INITIATIVE_STATUS_LABELS[p.status]?.[l] ?? p.status },
  { field: 'measures', label: { ja: '戦略上の位置付け', en: 'Strategy measures' }, show: (p) => p.measures.join(', ') },
];

/** Field-by-field differences; with before = null every filled field counts as new. */
export function diffInitiative(before: InitiativePayload | null, after: InitiativePayload, locale: Locale): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of FIELDS) {
    const b = before ? f.show(before, locale) : '';
    const a = f.show(after, locale);
    if (b !== a) out.push({ field: f.field, label: f.label, before: b, after: a });
  }
  return out;
}

export function describeInitiative(p: InitiativePayload, locale: Locale): { label: Text; value: string }[] {
  return FIELDS.map((f) => ({ label: f.label, value: f.show(p, locale) }));
}

/**
 * Writes the approved version into the public catalogue (new row, or the same id replaced) and bumps
 * the catalogue version, all inside the caller's transaction. Returns the public id.
 */
export async function publishInitiative(
  repo: Repo,
  args: { itemId: number; publicId: number | null; payload: InitiativePayload; organisers: OrganisationName[]; confirmedAt: string | null; ownerSubmitted: boolean; now: string },
): Promise<number> {
  const { payload: p } = args;
  const measureIds = [...(await measureIdsBySlug(repo, p.measures)).values()];
  const fromOwner = args.ownerSubmitted;
  const record = {
    slug: `portal-${args.itemId}`,
    titleJa: p.titleJa,
    titleEn: p.titleEn || p.titleJa,
    summaryJa: p.summaryJa,
    summaryEn: p.summaryEn || p.summaryJa,
    organisationIds: args.organisers.map((o) => o.id),
    organisationNames: args.organisers.flatMap((o) => [o.nameJa, o.nameEn, ...(o.abbreviation ? [o.abbreviation] : [])]),
    audiences: p.audiences,
    methods: p.methods,
    sector: p.sector,
    nationwide: p.nationwide,
    prefectures: p.prefectures,
    measureIds,
    url: p.url,
    status: p.status,
    // What an organisation states about its own initiative is not an editorial judgement.
    judged: fromOwner ? [] : (p.judged ?? []),
    judgementNote: fromOwner ? '' : (p.judgementNote ?? ''),
    source: fromOwner ? 'organisation' : (p.source ?? 'organisation'),
    sourceDate: fromOwner ? args.now.slice(0, 10) : (p.sourceDate ?? null),
    confirmedAt: args.confirmedAt,
    now: args.now,
  };
  let id: number;
  if (args.publicId === null) {
    id = await insertInitiative(repo, record);
  } else {
    // Keep the original slug of entries from the seed.
    const existing = await repo.db.selectFrom('initiatives').select('slug').where('id', '=', args.publicId).executeTakeFirst();
    await replaceInitiative(repo, args.publicId, { ...record, slug: existing?.slug ?? record.slug });
    id = args.publicId;
  }
  await bumpCatalogueVersion(repo.db);
  return id;
}

export async function unpublishInitiative(repo: Repo, publicId: number): Promise<void> {
  await deleteInitiative(repo, publicId);
  await bumpCatalogueVersion(repo.db);
}

export async function loadPublishedInitiative(repo: Repo, publicId: number): Promise<Initiative | undefined> {
  return (await loadInitiatives(repo, [publicId]))[0];
}

export const initiativeHandler: ContentKindHandler<InitiativePayload> = {
  kind: 'initiative',
  label: { ja: '取組', en: 'initiative' },
  title: initiativeTitle,
  describe: (p, locale) => describeInitiative(normalisePayload(p), locale),
  diff: (before, after, locale) => diffInitiative(before ? normalisePayload(before) : null, normalisePayload(after), locale),
  publicPath: (id) => `/initiatives/${id}`,
  ownerPath: (id) => `/my/initiatives/${id}`,
  publish: publishInitiative,
  unpublish: unpublishInitiative,
  async confirm(w, publicId, at) {
    await w.db.updateTable('initiatives').set({ confirmed_at: at }).where('id', '=', publicId).execute();
    await bumpCatalogueVersion(w.db);
  },
};
