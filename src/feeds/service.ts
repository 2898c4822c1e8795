// What an organisation does with its feeds (register, change, pause, delete, fetch now), and the fetch
// itself, shared by "fetch now" and the scheduled round (jobs/jobs.ts).
//
// A fetch: take the feed (claimFeed: one fetch per feed at a time, across instances) → fetch with no
// database connection held (fetch.ts) → parse (parse.ts) → map each entry through the form's validators
// (mapping.ts) → write each new or changed entry through the shared publishing workflow, the same
// saveAndSubmit as the web form (review, or direct publication for a verified organisation that may),
// each entry and its line in feed_entries in one transaction → record the outcome on the feed.
// An answer that is cut off, too slow, too large or not a feed writes no entry at all.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import { contentKinds } from '../content/kinds.ts';
import { loadItems } from '../content/repository.ts';
import { saveAndSubmitIn, type ContentContext } from '../content/service.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { EVENT_KIND } from '../events/event-kind.ts';
import { normaliseEventPayload } from '../events/form.ts';
import { ATTENDANCES, type EventPayload } from '../events/model.ts';
import { eventInstants } from '../events/time.ts';
import type { Text } from '../i18n/locale.ts';
import { deliverAll } from '../mail/deliver.ts';
import type { Mailer } from '../mail/mailer.ts';
import { MATERIAL_KIND } from '../materials/material-kind.ts';
import { LICENCES, MATERIAL_FORMATS, MATERIAL_LANGUAGES, type Licence, type MaterialFormat, type MaterialLanguage } from '../materials/model.ts';
import { adminsOrEveryone, organisationContacts } from '../organisations/contacts.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { formList, formText, type FormBody } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH, type Resolver } from '../webhooks/url.ts';
import { fetchFeed } from './fetch.ts';
import { mapEvent, mapMaterial, payloadHash, type Mapped } from './mapping.ts';
import { FEED_KINDS, fetchErrorText, type Feed, type FeedDefaults, type FeedKind, type FeedSettings } from './model.ts';
import { parseICalendar, parseNewsFeed } from './parse.ts';
import {
  claimFeed,
  deleteFeed,
  dueFeedIds,
  entriesOf,
  insertFeed,
  loadFeed,
  markFailureMailed,
  recordFailure,
  recordSuccess,
  releaseFeed,
  saveEntry,
  setFeedStatus,
  updateFeed,
  type Counts,
  type EntryRow,
} from './repository.ts';

export const NAME_MAX = 100;
export const ATTRIBUTION_MAX = 300;
/** After this many failed fetches in a row the organisation is emailed, once until a fetch succeeds. */
export const FAILURES_BEFORE_MAIL = 3;
/** "Fetch now" at most this often per feed (the route has a per-client limit too). */
export const MANUAL_GAP_MS = 60_000;
/** Feeds fetched at once in a round. */
const ROUND_CONCURRENCY = 4;

// ---------------------------------------------------------------- the form

/** What the form shows back: the fields as typed. */
export interface FeedForm {
  name: string;
  url: string;
  kind: string;
  audiences: string[];
  attendance: string;
  prefecture: string;
  feeYen: string;
  format: string;
  language: string;
  licence: string;
  attribution: string;
}

export const EMPTY_FEED_FORM: FeedForm = { name: '', url: '', kind: '', audiences: [], attendance: '', prefecture: '', feeYen: '0', format: '', language: 'ja', licence: '', attribution: '' };

export function formOfFeed(f: Feed): FeedForm {
  const d = f.defaults;
  if (d.kind === 'events') {
    const e = d.events;
    return { ...EMPTY_FEED_FORM, name: f.name, url: f.url, kind: 'events', audiences: [...e.audiences], attendance: e.attendance, prefecture: e.prefecture ?? '', feeYen: String(e.feeYen) };
  }
  const m = d.materials;
  return { ...EMPTY_FEED_FORM, name: f.name, url: f.url, kind: 'materials', audiences: [...m.audiences], format: m.format, language: m.language, licence: m.licence, attribution: m.attribution };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/**
 * Reads and checks the feed form. Only these fields are read (an owner, a status or allow_private in the
 * request is ignored). The address is vetted as a webhook's is, with the feed's own allowPrivate (false
 * for a new one): https, no internal address, resolved now.
 */
export async function readFeedForm(body: FormBody, allowPrivate: boolean, resolve?: Resolver): Promise<{ form: FeedForm; settings: FeedSettings | null; errors: FieldErrors }> {
  const form: FeedForm = {
    name: formText(body, 'name', NAME_MAX + 1),
    url: formText(body, 'url', MAX_WEBHOOK_URL_LENGTH + 1),
    kind: formText(body, 'kind', 20),
    audiences: formList(body, 'audiences', 20),
    attendance: formText(body, 'attendance', 20),
    prefecture: formText(body, 'prefecture', 5),
    feeYen: formText(body, 'feeYen', 30),
    format: formText(body, 'format', 50),
    language: formText(body, 'language', 20),
    licence: formText(body, 'licence', 50),
    attribution: formText(body, 'attribution', ATTRIBUTION_MAX + 1),
  };
  const errors: FieldErrors = {};
  if (!form.name) errors.name = { ja: '名前を入力してください（例：市のイベントカレンダー）。', en: 'Enter a name (for example: City events calendar).' };
  else if (form.name.length > NAME_MAX) errors.name = { ja: `名前は${NAME_MAX}文字以内にしてください。`, en: `The name must be ${NAME_MAX} characters or fewer.` };
  const checked = await checkWebhookUrl(form.url, { allowPrivate, resolve });
  if (!checked.ok) errors.url = checked.reason;
  if (!oneOf(FEED_KINDS, form.kind)) errors.kind = { ja: 'フィードの種類（iCalendar か Atom/RSS）を選んでください。', en: 'Choose the type of feed (iCalendar or Atom/RSS).' };
  if (!form.audiences.length) errors.audiences = { ja: '対象を1つ以上選んでください。', en: 'Choose at least one audience.' };
  else if (form.audiences.some((a) => !oneOf(AUDIENCES, a))) errors.audiences = { ja: '対象を一覧から選び直してください。', en: 'Choose the audiences again from the list.' };
  let defaults: FeedDefaults | null = null;
  if (form.kind === 'events') {
    if (!oneOf(ATTENDANCES, form.attendance)) errors.attendance = { ja: '開催形式（会場・オンライン）を選んでください。', en: 'Choose whether the events are on site, online or both.' };
    if (form.prefecture && !isPrefectureCode(form.prefecture)) errors.prefecture = { ja: '都道府県を一覧から選んでください。', en: 'Choose the prefecture from the list.' };
    else if (!form.prefecture && (form.attendance === 'onsite' || form.attendance === 'hybrid')) errors.prefecture = { ja: '会場のある都道府県を選んでください（会場で開くイベントに必要です）。', en: 'Choose the prefecture of the venues (needed for events on site).' };
    const fee = form.feeYen.normalize('NFKC').replace(/[,円¥\s]/g, '');
    if (!/^\d{1,7}$/.test(fee) || Number(fee) > 1_000_000) errors.feeYen = { ja: '参加費は 0 から 1,000,000 までの整数（円）で入力してください（無料の場合は 0）。', en: 'Enter the fee as a whole number of yen from 0 to 1,000,000 (0 if free).' };
    if (!Object.keys(errors).length) defaults = { kind: 'events', events: { audiences: [...form.audiences].sort() as Audience[], attendance: form.attendance as EventPayload['attendance'], prefecture: form.prefecture || null, feeYen: Number(fee) } };
  } else if (form.kind === 'materials') {
    if (!oneOf(MATERIAL_FORMATS, form.format)) errors.format = { ja: '教材の種類を選んでください。', en: 'Choose the kind of material.' };
    if (!oneOf(MATERIAL_LANGUAGES, form.language)) errors.language = { ja: '言語を選んでください。', en: 'Choose the language.' };
    if (!oneOf(LICENCES, form.licence)) errors.licence = { ja: '利用条件（ライセンス）を選んでください。', en: 'Choose the licence.' };
    if (!form.attribution) errors.attribution = { ja: '利用者が表示するクレジット（出典の書き方）を入力してください。', en: 'Enter the credit line people must give when they reuse the materials.' };
    else if (form.attribution.length > ATTRIBUTION_MAX) errors.attribution = { ja: `クレジットは${ATTRIBUTION_MAX}文字以内にしてください。`, en: `Use ${ATTRIBUTION_MAX} characters or fewer.` };
    if (!Object.keys(errors).length) {
      defaults = { kind: 'materials', materials: { audiences: [...form.audiences].sort() as Audience[], format: form.format as MaterialFormat, language: form.language as MaterialLanguage, licence: form.licence as Licence, attribution: form.attribution } };
    }
  }
  if (Object.keys(errors).length || !checked.ok || !defaults) return { form, settings: null, errors };
  return { form, errors, settings: { name: form.name, url: checked.url, defaults } };
}

// ---------------------------------------------------------------- owner commands

export interface FeedContext {
  database: DatabaseHandle;
  now: Date;
  actor: CurrentUser;
}

function described(s: FeedSettings & { status?: string }, id: number) {
  return { feed: id, name: s.name, url: s.url, defaults: s.defaults, ...(s.status === undefined ? {} : { status: s.status }) };
}

async function audit(ctx: FeedContext, trx: Db, organisationId: number, action: string, f: { id: number; name: string }, before?: unknown, after?: unknown): Promise<void> {
  // Recorded on the organisation, so it appears in the organisation's own history (/my/history).
  await recordAudit(trx, { actorUserId: ctx.actor.id, actorName: ctx.actor.displayName, organisationId, subjectKind: 'organisation', subjectId: organisationId, action, before, after, note: `Feed #${f.id} ${f.name}`, now: ctx.now.toISOString() });
}

export async function createFeed(ctx: FeedContext, organisationId: number, s: FeedSettings): Promise<number> {
  const now = ctx.now.toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    const id = await insertFeed(trx, organisationId, ctx.actor.id, s, now);
    await audit(ctx, trx, organisationId, 'feed_created', { id, name: s.name }, undefined, described(s, id));
    return id;
  });
}

export async function changeFeed(ctx: FeedContext, f: Feed, s: FeedSettings): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await updateFeed(trx, f, s, ctx.now.toISOString());
    await audit(ctx, trx, f.organisationId, 'feed_updated', { id: f.id, name: s.name }, described(f, f.id), described(s, f.id));
  });
}

export async function pauseOrResumeFeed(ctx: FeedContext, f: Feed, active: boolean): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await setFeedStatus(trx, f.id, active ? 'active' : 'paused', ctx.now.toISOString());
    await audit(ctx, trx, f.organisationId, active ? 'feed_resumed' : 'feed_paused', f, { status: f.status }, { status: active ? 'active' : 'paused' });
  });
}

export async function removeFeed(ctx: FeedContext, f: Feed): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await deleteFeed(trx, f.id);
    await audit(ctx, trx, f.organisationId, 'feed_deleted', f, described(f, f.id));
  });
}

// ---------------------------------------------------------------- fetching

export interface FeedRunDeps {
  database: DatabaseHandle;
  mailer: Mailer;
  /** The portal's public address, without a trailing slash (links in mail, direct publication). */
  baseUrl: string;
  limits: { timeoutMs: number; maxBytes: number };
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  now?: () => Date;
  signal?: AbortSignal;
  /** Replaces DNS (tests). */
  resolve?: Resolver;
}

export type RunOutcome = { kind: 'busy' } | { kind: 'not_modified' } | { kind: 'failed'; code: string } | { kind: 'ok'; counts: Counts };

// The job runs without the app: it builds the same map of kinds as app.ts.
const KINDS = contentKinds();

/** The feed writes as the member who registered it, for its organisation, with nothing more than a member's rights. */
function feedActor(feed: Feed): CurrentUser {
  return { id: feed.createdBy, email: '', displayName: `${feed.name}（フィード / feed）`, role: 'member', organisationId: feed.organisationId, orgRole: 'member', totpEnabled: false };
}

const kindOf = (k: FeedKind) => (k === 'events' ? EVENT_KIND : MATERIAL_KIND);

const WRITE_FAILED: Text = { ja: '保存できませんでした（審査中の操作と重なった可能性があります）。次回の取得で再度試します。', en: 'It could not be saved (perhaps while it was being reviewed). It will be tried again at the next fetch.' };

/** Fetches one feed now. `manual`: asked by a member ("fetch now"; paused feeds too). */
export async function runFeed(deps: FeedRunDeps, feedId: number, manual: boolean): Promise<RunOutcome> {
  const clock = deps.now ?? (() => new Date());
  const db = deps.database.db;
  const startedAt = clock();
  // The hold outlasts the fetch and the writes; a crashed instance blocks the feed for that long at most.
  const until = new Date(startedAt.getTime() + deps.limits.timeoutMs * 3 + 60_000).toISOString();
  if (!(await claimFeed(db, feedId, startedAt.toISOString(), until, manual))) return { kind: 'busy' };
  const feed = await loadFeed(db, feedId);
  if (!feed) return { kind: 'busy' };
  try {
    const answer = await fetchFeed(feed.url, {
      timeoutMs: deps.limits.timeoutMs,
      maxBytes: deps.limits.maxBytes,
      allowPrivate: feed.allowPrivate,
      userAgent: `Lastmile-Feeds/1.0 (+${deps.baseUrl})`,
      etag: feed.etag,
      lastModified: feed.lastModified,
      signal: deps.signal,
      resolve: deps.resolve,
    });
    if (answer.kind === 'not_modified') {
      await recordSuccess(db, feed.id, clock().toISOString(), { counts: null, etag: null, lastModified: null });
      return { kind: 'not_modified' };
    }
    if (answer.kind === 'failed') return await failed(deps, feed, answer.code, answer.detail, clock);
    const parsed = feed.kind === 'events' ? parseICalendar(answer.body) : parseNewsFeed(answer.body);
    if (!parsed.ok) return await failed(deps, feed, parsed.code, parsed.detail, clock);
    const counts = await writeEntries(deps, feed, parsed.entries, clock);
    await recordSuccess(db, feed.id, clock().toISOString(), { counts, etag: answer.etag, lastModified: answer.lastModified });
    return { kind: 'ok', counts };
  } catch (err) {
    // A database failure mid-way: what was committed stands (each entry is whole); the feed is freed.
    deps.log.error({ err, feed: feed.id }, 'feed run failed');
    await releaseFeed(db, feed.id).catch(() => {});
    throw err;
  }
}

async function failed(deps: FeedRunDeps, feed: Feed, code: string, detail: string, clock: () => Date): Promise<RunOutcome> {
  const now = clock().toISOString();
  // Never the body: only what went wrong, in a few words.
  deps.log.warn({ feed: feed.id, organisation: feed.organisationId, code, detail }, 'feed fetch failed');
  const inARow = await recordFailure(deps.database.db, feed.id, now, code, detail);
  if (inARow >= FAILURES_BEFORE_MAIL && (await markFailureMailed(deps.database.db, feed.id, now))) {
    const to = adminsOrEveryone(await organisationContacts(deps.database.db, feed.organisationId)).map((c) => c.email);
    await deliverAll(deps.mailer, deps.log, to.map((email) => failureMail(deps.baseUrl, feed, email, code, detail, inARow)), { feed: feed.id });
  }
  return { kind: 'failed', code };
}

function failureMail(baseUrl: string, feed: Feed, to: string, code: string, detail: string, inARow: number) {
  const why = fetchErrorText(code);
  const url = `${baseUrl}/my/feeds/${feed.id}`;
  return {
    to,
    subject: `【ラストワンマイル】フィードを取得できません：${feed.name} / Your feed cannot be fetched`,
    text:
      `登録されているフィード「${feed.name}」（${feed.url}）を${inARow}回続けて取得できませんでした。\n\n` +
      `原因：${why.ja}\n詳細：${detail}\n\n` +
      `直し方：上の原因を確かめ、必要ならフィードのURLを変更してください。フィードのページの「今すぐ取得」で、直ったかどうかを確かめられます。` +
      `取得できるようになるまで、このお知らせは再送しません。\n${url}\n\n----------\n\n` +
      `The feed "${feed.name}" (${feed.url}) could not be fetched ${inARow} times in a row.\n\n` +
      `Cause: ${why.en}\nDetail: ${detail}\n\n` +
      `How to fix it: check the cause above and change the feed's address if needed. "Fetch now" on the feed's page shows whether it works again. ` +
      `You will not get this message again until a fetch succeeds.\n${url.replace('/my/', '/en/my/')}\n`,
  };
}

async function writeEntries(deps: FeedRunDeps, feed: Feed, entries: unknown[], clock: () => Date): Promise<Counts> {
  const db = deps.database.db;
  const known = await entriesOf(db, feed.id);
  const counts: Counts = { seen: entries.length, created: 0, updated: 0, cancelled: 0, refused: [] };
  const present = new Set<string>();
  const actor = feedActor(feed);
  const kind = kindOf(feed.kind);

  for (const entry of entries) {
    if (deps.signal?.aborted) break;
    const title = (entry as { title: string }).title || '—';
    const mapped: Mapped<unknown> =
      feed.defaults.kind === 'events' ? mapEvent(entry as Parameters<typeof mapEvent>[0], feed.defaults.events) : await mapMaterial(db, entry as Parameters<typeof mapMaterial>[1], feed.defaults.materials);
    if (mapped.id) {
      if (present.has(mapped.id)) {
        counts.refused.push({ title, reason: { ja: '同じIDの項目がフィードの中にすでにあります（2件目以降は無視しました）。', en: 'Another entry of the feed has the same id (only the first one is used).' } });
        continue;
      }
      present.add(mapped.id);
    }
    if (!mapped.ok) {
      counts.refused.push({ title, reason: mapped.reason });
      continue;
    }
    const before = known.get(mapped.id);
    const cancelled = (mapped.payload as { cancelled?: boolean }).cancelled === true;
    if (before && before.hash === mapped.hash) continue;
    // An entry cancelled before the portal ever saw it is nothing to announce.
    if (!before && cancelled) continue;
    try {
      await writeOne(deps, feed, actor, kind, before ?? null, mapped.id, mapped.payload, mapped.hash, title, cancelled, clock);
      if (!before) counts.created++;
      else if (cancelled && before.state !== 'cancelled') counts.cancelled++;
      else counts.updated++;
    } catch (err) {
      deps.log.warn({ feed: feed.id, entry: mapped.id, err: (err as Error).message }, 'feed entry could not be written');
      counts.refused.push({ title, reason: WRITE_FAILED });
    }
  }

  // Events that left the feed while still to come are cancelled here too; past ones simply age out of feeds.
  if (feed.kind === 'events' && !deps.signal?.aborted) {
    const now = clock().toISOString();
    let gone = [...known.values()].filter((e) => !present.has(e.entryId) && e.state === 'active');
    // A feed that is suddenly empty is far more often a publisher's mistake than every event called off:
    // nothing is cancelled, and the owner is told why.
    if (entries.length === 0 && gone.length > 0) {
      counts.refused.push({ title: '—', reason: { ja: `フィードに項目が1件もありません。以前に取り込んだ${gone.length}件の今後のイベントは中止扱いにしていません。中止の場合は、各項目に STATUS:CANCELLED を付けてください。`, en: `The feed has no entries. The ${gone.length} upcoming events it brought in earlier were not cancelled; mark cancelled events with STATUS:CANCELLED.` } });
      gone = [];
    }
    const items = gone.length ? await loadItems<EventPayload>(db, gone.map((e) => e.itemId)) : [];
    for (const e of gone) {
      const item = items.find((i) => i.id === e.itemId);
      const current = item?.working?.payload ?? item?.published?.payload;
      if (!item || !current) continue;
      const p = normaliseEventPayload(current);
      if (p.cancelled || !p.startDate || eventInstants({ ...p, endDate: p.endDate || p.startDate }).startAt <= now) continue;
      const payload = { ...p, cancelled: true };
      try {
        await writeOne(deps, feed, actor, kind, e, e.entryId, payload, payloadHash(payload), p.titleJa, true, clock);
        counts.cancelled++;
      } catch (err) {
        deps.log.warn({ feed: feed.id, entry: e.entryId, err: (err as Error).message }, 'feed entry could not be cancelled');
        counts.refused.push({ title: p.titleJa, reason: WRITE_FAILED });
      }
    }
  }
  return counts;
}

async function writeOne(deps: FeedRunDeps, feed: Feed, actor: CurrentUser, kind: string, before: EntryRow | null, entryId: string, payload: unknown, hash: string, title: string, cancelled: boolean, clock: () => Date): Promise<void> {
  const now = clock();
  await deps.database.db.transaction().execute(async (trx) => {
    const ctx: ContentContext = { database: deps.database, kinds: KINDS, mailer: deps.mailer, baseUrl: deps.baseUrl, now, actor, log: deps.log };
    const { id } = await saveAndSubmitIn(ctx, trx, kind, before?.itemId ?? null, payload);
    await saveEntry(trx, feed.id, { entryId, itemId: id, hash, state: cancelled ? 'cancelled' : 'active', title }, now.toISOString(), before === null);
  });
}

/** One scheduled round: the active feeds fetched longest ago, a few at a time. */
export async function runFeedRound(deps: FeedRunDeps, perRound: number): Promise<{ fetched: number; failed: number; notModified: number; busy: number }> {
  const ids = await dueFeedIds(deps.database.db, perRound);
  const result = { fetched: 0, failed: 0, notModified: 0, busy: 0 };
  let next = 0;
  const worker = async () => {
    while (next < ids.length && !deps.signal?.aborted) {
      const id = ids[next++]!;
      try {
        const r = await runFeed(deps, id, false);
        if (r.kind === 'ok') result.fetched++;
        else if (r.kind === 'failed') result.failed++;
        else if (r.kind === 'not_modified') result.notModified++;
        else result.busy++;
      } catch {
        result.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ROUND_CONCURRENCY, ids.length) }, worker));
  return result;
}

