// Campaigns are defined by the program office (moderators and administrators): the period, its
// themes and the partner kit. Each change is one transaction with its audit record.
import type { CurrentUser } from '../accounts/model.ts';
import { isPrivileged } from '../accounts/model.ts';
import { recordAudit, type SubjectKind } from '../audit/audit.ts';
import type { Db, DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { forbidden, notFound } from '../web/problem.ts';
import { KIT_KINDS, type KitKind } from './model.ts';
import { isValidDate, looksLikeDate, MAX_YEAR, MIN_YEAR } from './time.ts';

/** Audit subject of campaign changes (not yet one of audit.ts's named kinds; its views show unknown kinds as they are). */
const CAMPAIGN_SUBJECT: SubjectKind = 'campaign';

export const CAMPAIGN_LIMITS = { title: 200, summary: 4000, themeDescription: 2000, kitBody: 10_000, url: 500 } as const;

export interface CampaignInput {
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  startDate: string;
  endDate: string;
}

export interface ThemeInput {
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
}

export interface KitInput {
  kind: string;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  url: string;
}

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

const tooLong = (n: number): Text => ({ ja: `${n}文字以内にしてください。`, en: `Use ${n} characters or fewer.` });

function normaliseDate(s: string): string {
  const n = s.normalize('NFKC').replace(/\s+/g, '').replace(/[/.]/g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(n);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : n;
}

function dateError(v: string, label: Text): Text | undefined {
  if (!v) return { ja: `${label.ja}を入力してください。`, en: `Enter the ${label.en}.` };
  if (!looksLikeDate(v)) return { ja: `${label.ja}は 2027-02-01 のように 年-月-日 で入力してください。`, en: `Enter the ${label.en} as year-month-day, for example 2027-02-01.` };
  if (!isValidDate(v)) return { ja: `${label.ja}は${MIN_YEAR}年から${MAX_YEAR}年までの実在する日付にしてください。`, en: `Use a real date between ${MIN_YEAR} and ${MAX_YEAR}.` };
  return undefined;
}

export function readCampaignForm(body: unknown): { values: CampaignInput; errors: FieldErrors } {
  const b = asForm(body);
  const v: CampaignInput = {
    titleJa: formText(b, 'titleJa', 1000),
    titleEn: formText(b, 'titleEn', 1000),
    summaryJa: formText(b, 'summaryJa', 10_000),
    summaryEn: formText(b, 'summaryEn', 10_000),
    startDate: normaliseDate(formText(b, 'startDate', 30)),
    endDate: normaliseDate(formText(b, 'endDate', 30)),
  };
  const e: FieldErrors = {};
  if (!v.titleJa) e.titleJa = { ja: 'キャンペーン名（日本語）を入力してください。', en: 'Enter the name of the campaign in Japanese.' };
  else if (v.titleJa.length > CAMPAIGN_LIMITS.title) e.titleJa = tooLong(CAMPAIGN_LIMITS.title);
  if (v.titleEn.length > CAMPAIGN_LIMITS.title) e.titleEn = tooLong(CAMPAIGN_LIMITS.title);
  if (!v.summaryJa) e.summaryJa = { ja: '概要（日本語）を入力してください。', en: 'Enter a summary in Japanese.' };
  else if (v.summaryJa.length > CAMPAIGN_LIMITS.summary) e.summaryJa = tooLong(CAMPAIGN_LIMITS.summary);
  if (v.summaryEn.length > CAMPAIGN_LIMITS.summary) e.summaryEn = tooLong(CAMPAIGN_LIMITS.summary);
  const s = dateError(v.startDate, { ja: '開始日', en: 'start date' });
  if (s) e.startDate = s;
  const en = dateError(v.endDate, { ja: '終了日', en: 'end date' });
  if (en) e.endDate = en;
  if (!s && !en && v.endDate < v.startDate) e.endDate = { ja: '終了日は開始日と同じか、それより後の日付にしてください。', en: 'The end date must be the same as or later than the start date.' };
  return { values: v, errors: e };
}

export function readThemeForm(body: unknown): { values: ThemeInput; errors: FieldErrors } {
  const b = asForm(body);
  const v: ThemeInput = {
    titleJa: formText(b, 'titleJa', 1000),
    titleEn: formText(b, 'titleEn', 1000),
    descriptionJa: formText(b, 'descriptionJa', 10_000),
    descriptionEn: formText(b, 'descriptionEn', 10_000),
  };
  const e: FieldErrors = {};
  if (!v.titleJa) e.titleJa = { ja: 'テーマ（日本語）を入力してください。', en: 'Enter the theme in Japanese.' };
  else if (v.titleJa.length > CAMPAIGN_LIMITS.title) e.titleJa = tooLong(CAMPAIGN_LIMITS.title);
  if (v.titleEn.length > CAMPAIGN_LIMITS.title) e.titleEn = tooLong(CAMPAIGN_LIMITS.title);
  if (v.descriptionJa.length > CAMPAIGN_LIMITS.themeDescription) e.descriptionJa = tooLong(CAMPAIGN_LIMITS.themeDescription);
  if (v.descriptionEn.length > CAMPAIGN_LIMITS.themeDescription) e.descriptionEn = tooLong(CAMPAIGN_LIMITS.themeDescription);
  return { values: v, errors: e };
}

export function readKitForm(body: unknown): { values: KitInput; errors: FieldErrors } {
  const b = asForm(body);
  const v: KitInput = {
    kind: formText(b, 'kind', 20),
    titleJa: formText(b, 'titleJa', 1000),
    titleEn: formText(b, 'titleEn', 1000),
    bodyJa: formText(b, 'bodyJa', 20_000),
    bodyEn: formText(b, 'bodyEn', 20_000),
    url: formText(b, 'url', 2000),
  };
  const e: FieldErrors = {};
  if (!(KIT_KINDS as readonly string[]).includes(v.kind)) e.kind = { ja: '種類を選んでください。', en: 'Choose the kind of material.' };
  if (!v.titleJa) e.titleJa = { ja: '題名（日本語）を入力してください。', en: 'Enter the title in Japanese.' };
  else if (v.titleJa.length > CAMPAIGN_LIMITS.title) e.titleJa = tooLong(CAMPAIGN_LIMITS.title);
  if (v.titleEn.length > CAMPAIGN_LIMITS.title) e.titleEn = tooLong(CAMPAIGN_LIMITS.title);
  if (v.bodyJa.length > CAMPAIGN_LIMITS.kitBody) e.bodyJa = tooLong(CAMPAIGN_LIMITS.kitBody);
  if (v.bodyEn.length > CAMPAIGN_LIMITS.kitBody) e.bodyEn = tooLong(CAMPAIGN_LIMITS.kitBody);
  if (v.url && (!validUrl(v.url) || v.url.length > CAMPAIGN_LIMITS.url)) e.url = { ja: 'URLは https:// で始まる形で入力してください。', en: 'Enter the web address starting with https://.' };
  if (!v.bodyJa && !v.url) e.bodyJa = { ja: '本文かURLのどちらかを入力してください。', en: 'Enter a text or a web address.' };
  return { values: v, errors: e };
}

export interface CampaignContext {
  database: DatabaseHandle;
  actor: CurrentUser;
  now: Date;
}

function guard(ctx: CampaignContext) {
  if (!isPrivileged(ctx.actor)) throw forbidden();
}

function audit(ctx: CampaignContext, db: Db, campaignId: number, action: string, extra: { before?: unknown; after?: unknown } = {}) {
  return recordAudit(db, { actorUserId: ctx.actor.id, actorName: ctx.actor.displayName, organisationId: null, subjectKind: CAMPAIGN_SUBJECT, subjectId: campaignId, action, ...extra, now: ctx.now.toISOString() });
}

async function mustExist(db: Db, id: number) {
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound({ ja: 'このキャンペーンは見つかりませんでした。', en: 'There is no such campaign.' });
  return c;
}

export async function createCampaign(ctx: CampaignContext, v: CampaignInput): Promise<number> {
  guard(ctx);
  const now = ctx.now.toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('campaigns')
      .values({ slug: null, title_ja: v.titleJa, title_en: v.titleEn || v.titleJa, summary_ja: v.summaryJa, summary_en: v.summaryEn || v.summaryJa, start_date: v.startDate, end_date: v.endDate, judged: '[]', judgement_note: '', source: 'program_office', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(ctx, trx, r.id, 'campaign_created', { after: v });
    return r.id;
  });
}

export async function updateCampaign(ctx: CampaignContext, id: number, v: CampaignInput): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await mustExist(trx, id);
    await trx
      .updateTable('campaigns')
      .set({ title_ja: v.titleJa, title_en: v.titleEn || v.titleJa, summary_ja: v.summaryJa, summary_en: v.summaryEn || v.summaryJa, start_date: v.startDate, end_date: v.endDate, updated_at: now })
      .where('id', '=', id)
      .execute();
    await audit(ctx, trx, id, 'campaign_updated', {
      before: { titleJa: before.title_ja, titleEn: before.title_en, summaryJa: before.summary_ja, summaryEn: before.summary_en, startDate: before.start_date, endDate: before.end_date },
      after: v,
    });
  });
}

async function nextPosition(db: Db, table: 'campaign_themes' | 'campaign_kit_entries', campaignId: number): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.max('position').as('p')).where('campaign_id', '=', campaignId).executeTakeFirst();
  return Number(r?.p ?? -1) + 1;
}

const touch = (db: Db, id: number, now: string) => db.updateTable('campaigns').set({ updated_at: now }).where('id', '=', id).execute();

export async function addTheme(ctx: CampaignContext, campaignId: number, v: ThemeInput): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    await mustExist(trx, campaignId);
    await trx
      .insertInto('campaign_themes')
      .values({ campaign_id: campaignId, position: await nextPosition(trx, 'campaign_themes', campaignId), title_ja: v.titleJa, title_en: v.titleEn || v.titleJa, description_ja: v.descriptionJa, description_en: v.descriptionEn || v.descriptionJa })
      .execute();
    await touch(trx, campaignId, now);
    await audit(ctx, trx, campaignId, 'campaign_theme_added', { after: v });
  });
}

async function themeOf(db: Db, campaignId: number, themeId: number) {
  const t = await db.selectFrom('campaign_themes').selectAll().where('id', '=', themeId).where('campaign_id', '=', campaignId).executeTakeFirst();
  if (!t) throw notFound();
  return t;
}

export async function updateTheme(ctx: CampaignContext, campaignId: number, themeId: number, v: ThemeInput): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await themeOf(trx, campaignId, themeId);
    await trx.updateTable('campaign_themes').set({ title_ja: v.titleJa, title_en: v.titleEn || v.titleJa, description_ja: v.descriptionJa, description_en: v.descriptionEn || v.descriptionJa }).where('id', '=', themeId).execute();
    await touch(trx, campaignId, now);
    await audit(ctx, trx, campaignId, 'campaign_theme_updated', { before: { titleJa: before.title_ja, titleEn: before.title_en, descriptionJa: before.description_ja, descriptionEn: before.description_en }, after: v });
  });
}

export async function removeTheme(ctx: CampaignContext, campaignId: number, themeId: number): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await themeOf(trx, campaignId, themeId);
    await trx.deleteFrom('campaign_themes').where('id', '=', themeId).execute();
    await touch(trx, campaignId, now);
    await audit(ctx, trx, campaignId, 'campaign_theme_removed', { before: { titleJa: before.title_ja, titleEn: before.title_en } });
  });
}

export async function addKitEntry(ctx: CampaignContext, campaignId: number, v: KitInput): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    await mustExist(trx, campaignId);
    await trx
      .insertInto('campaign_kit_entries')
      .values({
        campaign_id: campaignId,
        position: await nextPosition(trx, 'campaign_kit_entries', campaignId),
        kind: v.kind as KitKind,
        title_ja: v.titleJa,
        title_en: v.titleEn || v.titleJa,
        body_ja: v.bodyJa,
        body_en: v.bodyEn || v.bodyJa,
        url: v.url || null,
        material_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await touch(trx, campaignId, now);
    await audit(ctx, trx, campaignId, 'campaign_kit_added', { after: v });
  });
}

async function kitOf(db: Db, campaignId: number, entryId: number) {
  const k = await db.selectFrom('campaign_kit_entries').selectAll().where('id', '=', entryId).where('campaign_id', '=', campaignId).executeTakeFirst();
  if (!k) throw notFound();
  return k;
}

export async function updateKitEntry(ctx: CampaignContext, campaignId: number, entryId: number, v: KitInput): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await kitOf(trx, campaignId, entryId);
    await trx
      .updateTable('campaign_kit_entries')
      .set({ kind: v.kind, title_ja: v.titleJa, title_en: v.titleEn || v.titleJa, body_ja: v.bodyJa, body_en: v.bodyEn || v.bodyJa, url: v.url || null, updated_at: now })
      .where('id', '=', entryId)
      .execute();
    await touch(trx, campaignId, now);
    await audit(ctx, trx, campaignId, 'campaign_kit_updated', { before: { kind: before.kind, titleJa: before.title_ja, bodyJa: before.body_ja, url: before.url }, after: v });
  });
}

export async function removeKitEntry(ctx: CampaignContext, campaignId: number, entryId: number): Promise<void> {
  guard(ctx);
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await kitOf(trx, campaignId, entryId);
    await trx.deleteFrom('campaign_kit_entries').where('id', '=', entryId).execute();
    await touch(trx, campaignId, now);
    await audit(ctx, trx, campaignId, 'campaign_kit_removed', { before: { kind: before.kind, titleJa: before.title_ja } });
  });
}
