// A few published materials for the browser test's screenshots and accessibility checks: a PDF leaflet
// (with its first-page preview when pdftoppm is installed), a poster image with two file versions, and
// a video that is only a link. They go through the same path as real ones: the file store, then the
// publishing workflow (create, submit, approve).
import type { FastifyInstance } from 'fastify';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, createItem, saveDraft, submitForReview, type ContentContext } from '../content/service.ts';
import type { MaterialPayload } from './model.ts';
import { MATERIAL_KIND } from './material-kind.ts';
import { fileStore, ingest, makePdfPreview } from './storage.ts';
import { GIF, pdf, png } from './test-files.ts';
import { Readable } from 'node:stream';

async function user(app: FastifyInstance, email: string, v: { role: string; organisationId: number | null }): Promise<CurrentUser> {
  const now = new Date().toISOString();
  const db = app.deps.database.db;
  const { id } = await db
    .insertInto('users')
    .values({ email, display_name: email.split('@')[0]!, password_hash: '!', email_verified_at: now, role: v.role, organisation_id: v.organisationId, org_role: v.organisationId ? 'admin' : null, totp_secret: null, totp_enabled_at: now, password_changed_at: now, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toCurrentUser(await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

/** Publishes three materials of the first organisation (ids 1, 2, 3 on an empty library). */
export async function seedMaterialsForScreens(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  const org = await db.selectFrom('organisations').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const initiative = await db.selectFrom('initiatives').select('id').orderBy('id').limit(1).executeTakeFirst();
  const owner = await user(app, 'materials-owner@screens.example', { role: 'member', organisationId: org.id });
  const moderator = await user(app, 'materials-moderator@screens.example', { role: 'moderator', organisationId: null });
  const ctx = (actor: CurrentUser): ContentContext => ({ database: app.deps.database, kinds: app.contentKinds, mailer: app.deps.mailer, baseUrl: app.deps.config.baseUrl, now: new Date(), actor, log: { error() {} } });
  const store = fileStore(app.deps.config.uploads.dir, app.deps.config.uploads.maxBytes);

  const upload = async (name: string, data: Buffer) => {
    const r = await ingest(store, Readable.from([data]), name);
    if (!r.ok) throw new Error(`screenshot seed: ${name} refused (${r.reason})`);
    if (r.file.mediaType === 'application/pdf') await makePdfPreview(store, r.file.sha256);
    return { sha256: r.file.sha256, size: r.file.size, mediaType: r.file.mediaType, name: r.file.name, uploadedAt: new Date().toISOString() };
  };
  const publish = async (p: MaterialPayload, replaceWith?: MaterialPayload) => {
    const id = await createItem(ctx(owner), MATERIAL_KIND, p);
    await submitForReview(ctx(owner), id);
    await approve(ctx(moderator), id, '');
    if (replaceWith) {
      await saveDraft(ctx(owner), id, replaceWith);
      await submitForReview(ctx(owner), id);
      await approve(ctx(moderator), id, '');
    }
  };
  const base: Pick<MaterialPayload, 'summaryEn' | 'events' | 'initiatives' | 'issuedOn' | 'url'> = { summaryEn: '', events: [], initiatives: initiative ? [initiative.id] : [], issuedOn: '2026-04-01', url: null };

  await publish({
    ...base,
    titleJa: 'フィッシング詐欺に気をつけよう（高齢者向けリーフレット）',
    titleEn: 'Beware of phishing (leaflet for older people)',
    summaryJa: '偽のショートメッセージやメールから個人情報を守るための、大きな文字のリーフレットです。公民館や窓口での配布にお使いください。',
    summaryEn: 'A large-print leaflet on protecting personal details from fake text messages and emails, for community halls and service counters.',
    format: 'leaflet',
    audiences: ['seniors', 'working_age'],
    language: 'ja',
    licence: 'cc-by-4.0',
    attribution: '出典：ラストワンマイル・ポータル「フィッシング詐欺に気をつけよう」（CC BY 4.0）',
    version: '第1版',
    file: await upload('phishing-leaflet.pdf', pdf('Beware of phishing')),
  });
  const poster: Omit<MaterialPayload, 'file'> = {
    ...base,
    titleJa: 'パスワードを使い回さないポスター',
    titleEn: 'Poster: never reuse a password',
    summaryJa: '中小企業の事務所に掲示するポスターです。',
    summaryEn: 'A poster for the walls of small offices.',
    format: 'poster',
    audiences: ['sme', 'micro_business'],
    language: 'ja',
    licence: 'pdl-1.0',
    attribution: '出典：ラストワンマイル・ポータル「パスワードを使い回さない」',
    version: '2026年度版',
  };
  await publish({ ...poster, version: '2025年度版', file: await upload('password-poster.gif', GIF) }, { ...poster, file: await upload('password-poster.png', png(480, 320)) });
  await publish({
    ...base,
    titleJa: '動画：ランサムウェアから事業を守る',
    titleEn: 'Video: protecting your business from ransomware',
    summaryJa: '経営者向けの10分間の解説動画です。',
    summaryEn: 'A ten-minute explainer for business owners.',
    format: 'video',
    audiences: ['sme', 'large_enterprise'],
    language: 'en',
    licence: 'all-rights-reserved',
    attribution: '© Lastmile portal',
    version: '',
    url: 'https://video.example/ransomware',
    file: null,
  });
}
