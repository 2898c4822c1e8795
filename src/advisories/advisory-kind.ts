// Advisories as content of the shared publishing workflow (content/service.ts): how a version is shown
// to reviewers, how two versions differ, and how the approved version is written to the public
// tables — together with the message to subscribers, in the same transaction (outbox), so that a
// published advisory can never lose its deliveries nor a delivery announce an advisory that was
// rolled back.
import type { ContentKindHandler, FieldChange, OrganisationName, Writer } from '../content/model.ts';
import type { Db } from '../db/database.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import type { DispatchAction, DispatchPayload } from '../outbox/model.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS } from '../taxonomy/taxonomy.ts';
import { markdownToPlain } from './markdown.ts';
import { ADVISORY_KIND, advisoryTitle, normaliseAdvisory, SEVERITY_LABELS, type AdvisoryPayload, type Severity } from './model.ts';

const list = (l: Locale, xs: string[]) => xs.join(l === 'ja' ? '、' : ', ');

export function audiencesText(l: Locale, audiences: readonly string[]): string {
  return audiences.length ? list(l, audiences.map((a) => AUDIENCE_LABELS[a as keyof typeof AUDIENCE_LABELS]?.[l] ?? a)) : l === 'ja' ? 'すべての人' : 'Everyone';
}

export function areaText(l: Locale, nationwide: boolean, prefectures: readonly string[]): string {
  return nationwide ? (l === 'ja' ? '全国' : 'Nationwide') : list(l, prefectures.map((c) => prefectureByCode(c)?.[l] ?? c));
}

const FIELDS: { field: string; label: Text; show: (p: AdvisoryPayload, l: Locale) => string }[] = [
  { field: 'titleJa', label: { ja: '件名（日本語）', en: 'Title (Japanese)' }, show: (p) => p.titleJa },
  { field: 'titleEn', label: { ja: '件名（英語）', en: 'Title (English)' }, show: (p) => p.titleEn },
  { field: 'severity', label: { ja: '深刻度', en: 'Severity' }, show: (p, l) => (p.severity ? SEVERITY_LABELS[p.severity][l] : '') },
  { field: 'whatJa', label: { ja: '何が起きているか（日本語）', en: 'What is happening (Japanese)' }, show: (p) => p.whatJa },
  { field: 'whatEn', label: { ja: '何が起きているか（英語）', en: 'What is happening (English)' }, show: (p) => p.whatEn },
  { field: 'actionsJa', label: { ja: 'とるべき対策（日本語）', en: 'What to do (Japanese)' }, show: (p) => p.actionsJa },
  { field: 'actionsEn', label: { ja: 'とるべき対策（英語）', en: 'What to do (English)' }, show: (p) => p.actionsEn },
  { field: 'audiences', label: { ja: '対象', en: 'Who is affected' }, show: (p, l) => audiencesText(l, p.audiences) },
  { field: 'area', label: { ja: '地域', en: 'Where' }, show: (p, l) => areaText(l, p.nationwide, p.prefectures) },
  { field: 'validUntil', label: { ja: '有効期限', en: 'Valid until' }, show: (p) => p.validUntil ?? '' },
  { field: 'links', label: { ja: 'リンク', en: 'Links' }, show: (p) => p.links.map((x) => `${x.label} <${x.url}>`).join('\n') },
  { field: 'correctionNoteJa', label: { ja: '訂正内容（日本語）', en: 'What changed (Japanese)' }, show: (p) => p.correctionNoteJa },
  { field: 'correctionNoteEn', label: { ja: '訂正内容（英語）', en: 'What changed (English)' }, show: (p) => p.correctionNoteEn },
];

export function describeAdvisory(p: AdvisoryPayload, locale: Locale): { label: Text; value: string }[] {
  const n = normaliseAdvisory(p);
  return FIELDS.map((f) => ({ label: f.label, value: f.show(n, locale) }));
}

export function diffAdvisory(before: AdvisoryPayload | null, after: AdvisoryPayload, locale: Locale): FieldChange[] {
  const b = before ? normaliseAdvisory(before) : null;
  const a = normaliseAdvisory(after);
  const out: FieldChange[] = [];
  for (const f of FIELDS) {
    const x = b ? f.show(b, locale) : '';
    const y = f.show(a, locale);
    if (x !== y) out.push({ field: f.field, label: f.label, before: x, after: y });
  }
  return out;
}

/** The message subscribers receive, in plain text (channels put it in email, push and webhooks). */
export function advisoryDispatch(
  a: { id: number; titleJa: string; titleEn: string; whatJa: string; whatEn: string; actionsJa: string; actionsEn: string; severity: Severity; audiences: string[]; nationwide: boolean; prefectures: string[]; validUntil: string | null },
  o: { action: DispatchAction; note?: Text; now: string; url: Text },
): DispatchPayload {
  const summary = (l: Locale) => {
    const what = markdownToPlain(l === 'ja' ? a.whatJa : a.whatEn || a.whatJa);
    const actions = markdownToPlain(l === 'ja' ? a.actionsJa : a.actionsEn || a.actionsJa);
    return l === 'ja' ? `【${SEVERITY_LABELS[a.severity].ja}】\n${what}\n\nとるべき対策：\n${actions}` : `[${SEVERITY_LABELS[a.severity].en}]\n${what}\n\nWhat to do:\n${actions}`;
  };
  return {
    topic: 'advisory',
    action: o.action,
    subjectId: a.id,
    title: { ja: a.titleJa, en: a.titleEn || a.titleJa },
    summary: { ja: summary('ja'), en: summary('en') },
    url: o.url,
    severity: a.severity,
    audiences: a.audiences,
    prefectures: a.nationwide ? [] : a.prefectures,
    nationwide: a.nationwide,
    ...(o.note ? { note: o.note } : {}),
    publishedAt: o.now,
    validUntil: a.validUntil,
  };
}

export function advisoryUrls(baseUrl: string | undefined, id: number): Text {
  return { ja: `${baseUrl ?? ''}/advisories/${id}`, en: `${baseUrl ?? ''}/en/advisories/${id}` };
}

/**
 * Writes the approved version into the public tables inside the caller's transaction, then records
 * the message to subscribers in the same transaction: 'published' the first time, 'corrected' for a
 * later version (with its "what changed" note, also kept in the public correction history).
 * `ownerSubmitted: false` (the workflow re-writing the same version, e.g. a changed organiser list)
 * changes the projection only: nothing new happened that subscribers must hear about.
 */
export async function publishAdvisory(
  w: Writer,
  args: { itemId: number; publicId: number | null; payload: AdvisoryPayload; organisers: OrganisationName[]; confirmedAt: string | null; ownerSubmitted: boolean; now: string; baseUrl?: string },
): Promise<number> {
  const p = normaliseAdvisory(args.payload);
  if (!p.severity) throw new Error('an advisory without a severity cannot be published');
  const db = w.db;
  const row = {
    item_id: args.itemId,
    organisation_id: args.organisers[0]!.id,
    title_ja: p.titleJa,
    title_en: p.titleEn || p.titleJa,
    what_ja: p.whatJa,
    what_en: p.whatEn || p.whatJa,
    actions_ja: p.actionsJa,
    actions_en: p.actionsEn || p.actionsJa,
    severity: p.severity,
    nationwide: p.nationwide ? 1 : 0,
    valid_until: p.validUntil,
    links: JSON.stringify(p.links),
    confirmed_at: args.confirmedAt,
    updated_at: args.now,
  };
  const existing = args.publicId !== null ? await db.selectFrom('advisories').select('id').where('id', '=', args.publicId).executeTakeFirst() : undefined;
  const correction = args.publicId !== null && args.ownerSubmitted;
  const note: Text = { ja: p.correctionNoteJa, en: p.correctionNoteEn || p.correctionNoteJa };
  let id: number;
  if (existing) {
    id = existing.id;
    await db
      .updateTable('advisories')
      .set({ ...row, ...(correction ? { corrected_at: args.now, correction_note_ja: note.ja, correction_note_en: note.en } : {}) })
      .where('id', '=', id)
      .execute();
    await db.deleteFrom('advisory_audiences').where('advisory_id', '=', id).execute();
    await db.deleteFrom('advisory_prefectures').where('advisory_id', '=', id).execute();
  } else {
    // A first publication gets a new id; a return after being taken down keeps the id it had.
    const inserted = await db
      .insertInto('advisories')
      .values({
        ...(args.publicId !== null ? { id: args.publicId } : {}),
        ...row,
        published_at: args.now,
        corrected_at: correction ? args.now : null,
        correction_note_ja: correction ? note.ja : null,
        correction_note_en: correction ? note.en : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = inserted.id;
  }
  if (correction) await db.insertInto('advisory_corrections').values({ advisory_id: id, corrected_at: args.now, note_ja: note.ja, note_en: note.en }).execute();
  if (p.audiences.length) await db.insertInto('advisory_audiences').values(p.audiences.map((audience) => ({ advisory_id: id, audience }))).execute();
  if (!p.nationwide && p.prefectures.length) await db.insertInto('advisory_prefectures').values(p.prefectures.map((prefecture) => ({ advisory_id: id, prefecture }))).execute();

  if (args.ownerSubmitted) {
    const action: DispatchAction = args.publicId === null ? 'published' : 'corrected';
    const a = { id, titleJa: row.title_ja, titleEn: row.title_en, whatJa: row.what_ja, whatEn: row.what_en, actionsJa: row.actions_ja, actionsEn: row.actions_en, severity: p.severity, audiences: p.audiences, nationwide: p.nationwide, prefectures: p.prefectures, validUntil: p.validUntil };
    await enqueueDispatch(db, advisoryDispatch(a, { action, note: action === 'corrected' ? note : undefined, now: args.now, url: advisoryUrls(args.baseUrl, id) }), args.now);
  }
  return id;
}

/** The projection's fields a withdrawal message repeats (what people were warned about). */
export async function advisoryForDispatch(db: Db, id: number) {
  const r = await db.selectFrom('advisories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const audiences = (await db.selectFrom('advisory_audiences').select('audience').where('advisory_id', '=', id).execute()).map((x) => x.audience);
  const prefectures = (await db.selectFrom('advisory_prefectures').select('prefecture').where('advisory_id', '=', id).orderBy('prefecture').execute()).map((x) => x.prefecture);
  return {
    row: r,
    subject: { id: r.id, titleJa: r.title_ja, titleEn: r.title_en, whatJa: r.what_ja, whatEn: r.what_en, actionsJa: r.actions_ja, actionsEn: r.actions_en, severity: r.severity as Severity, audiences, nationwide: r.nationwide === 1, prefectures, validUntil: r.valid_until },
  };
}

/** The absolute page URLs the earlier messages about this advisory carried (the handler's unpublish has no base URL). */
async function earlierUrls(db: Db, id: number): Promise<Text> {
  const d = await db.selectFrom('dispatches').select('payload').where('topic', '=', 'advisory').where('subject_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (d) return (JSON.parse(d.payload) as DispatchPayload).url;
  return advisoryUrls(undefined, id);
}

/**
 * The shared workflow's "unpublish" (moderation, or the owner's danger zone): the advisory is taken
 * off the site entirely, for content that must not be shown at all (published by mistake). People
 * who were warned are told it was withdrawn. The ordinary way to end an advisory is withdrawal
 * (service.ts withdrawAdvisory), which keeps the page readable with the reason.
 */
export async function unpublishAdvisory(w: Writer, publicId: number, now = new Date().toISOString()): Promise<void> {
  const found = await advisoryForDispatch(w.db, publicId);
  if (found && found.row.withdrawn_at === null) {
    const note: Text = { ja: '発信元により公開が停止されました。', en: 'The issuer has taken this advisory down.' };
    await enqueueDispatch(w.db, advisoryDispatch(found.subject, { action: 'withdrawn', note, now, url: await earlierUrls(w.db, publicId) }), now);
  }
  await w.db.deleteFrom('advisories').where('id', '=', publicId).execute();
}

export const advisoryHandler: ContentKindHandler<AdvisoryPayload> = {
  kind: ADVISORY_KIND,
  label: { ja: '注意喚起', en: 'advisory' },
  title: (p) => advisoryTitle(normaliseAdvisory(p)),
  describe: describeAdvisory,
  diff: diffAdvisory,
  publicPath: (id) => `/advisories/${id}`,
  ownerPath: (id) => `/my/advisories/${id}`,
  // Urgent warnings cannot wait: the reviewer reaches the publish-now page from the review page.
  reviewLinks: (itemId) => [{ href: `/my/advisories/${itemId}`, label: { ja: '注意喚起の画面（今すぐ公開・訂正・取り下げ）', en: 'Advisory page (publish now, correct, withdraw)' } }],
  publish: publishAdvisory,
  unpublish: (w, publicId) => unpublishAdvisory(w, publicId),
  async confirm(w, publicId, at) {
    await w.db.updateTable('advisories').set({ confirmed_at: at }).where('id', '=', publicId).execute();
  },
};
