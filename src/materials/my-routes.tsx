// The organisation's materials (/my/materials) through the shared publishing workflow (content/service.ts).
// Pipeline of each handler: guard → read the fields it needs (the multipart forms are read, with their
// file, by upload.ts) → content service (which loads the item and checks it belongs to the actor's
// organisation) → redirect or re-render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireOrganisation, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { contentContext } from '../content/context.ts';
import { itemIdsOwnedBy, loadItems } from '../content/repository.ts';
import { confirmCurrent, createItem, discardDraft, itemForOrganiser, saveAndSubmit, saveDraft, submitForReview, unpublish, withdrawSubmission, type ContentContext } from '../content/service.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { mismatchMessage, REFUSAL_MESSAGES } from './detect.ts';
import { emptyMaterial, formatBytes, MATERIAL_KIND, readMaterialForm } from './material-kind.ts';
import { isPreviewableImage, type MaterialFileRef, type MaterialPayload } from './model.ts';
import { currentMaterial, MaterialFormPage, MyMaterialPage, MyMaterialsPage, type MaterialItem } from './my-views.tsx';
import { sendPdfPreview, sendStoredFile } from './serve.ts';
import { hasPreview, makePdfPreview, type FileStore } from './storage.ts';
import { multipartForms, readMultipartForm, uploadOf } from './upload.ts';

const NOTICES: Record<string, Text> = {
  saved: { ja: '下書きを保存しました。', en: 'Your draft was saved.' },
  submitted: { ja: '審査に出しました。事務局の審査が終わるとメールでお知らせします。', en: 'Submitted for review. We will email you when the program office has reviewed it.' },
  published: { ja: '公開しました（確認済みの団体のため審査はありません）。', en: 'Published (your organisation is verified, so there is no review).' },
  withdrawn: { ja: '審査を取り下げました。下書きに戻っています。', en: 'Withdrawn from review; it is a draft again.' },
  discarded: { ja: '変更を破棄しました。公開中の内容はそのままです。', en: 'Your changes were discarded. The published version is unchanged.' },
  confirmed: { ja: '内容が最新であることを確認しました。', en: 'Confirmed as current.' },
  unpublished: { ja: '公開を停止しました。', en: 'The material is no longer published.' },
};

const NEW_TITLE: Text = { ja: '教材を登録する', en: 'Add a material' };
const EDIT_TITLE: Text = { ja: '教材の変更', en: 'Change the material' };

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
}

/** A draft may be saved with gaps; values that are there but wrong still block it. */
const MISSING_OK_IN_DRAFT = new Set(['summaryJa', 'audiences', 'attribution', 'file']);

export function myMaterialRoutes(store: FileStore) {
  return async function myMaterialRoutes(app: FastifyInstance): Promise<void> {
    await app.register(async (org) => {
      org.addHook('preHandler', requireOrganisation);
      await multipartForms(org, store);
      const db = () => org.deps.database.db;

      pageRoute(org, '/my/materials', undefined, async (req, reply, locale) => {
        const owned = await loadItems<MaterialPayload>(db(), await itemIdsOwnedBy(db(), userOf(req).organisationId!, MATERIAL_KIND));
        return sendPage(reply, MyMaterialsPage({ locale, viewer: await viewerFor(req, reply, locale), owned, notice: noticeOf(req) }));
      });

      const formPage = async (
        req: FastifyRequest,
        reply: FastifyReply,
        locale: Locale,
        o: { action: string; title: Text; payload: MaterialPayload; linksRaw?: { initiatives: string; events: string }; errors: FieldErrors; cancel: string; currentFile: MaterialFileRef | null; reselect?: boolean },
        status = 200,
      ) =>
        sendPage(
          reply,
          MaterialFormPage({
            locale,
            viewer: await viewerFor(req, reply, locale),
            csrf: reply.generateCsrf(),
            action: o.action,
            title: o.title,
            payload: o.payload,
            linksRaw: o.linksRaw ?? { initiatives: o.payload.initiatives.join(', '), events: o.payload.events.join(', ') },
            errors: o.errors,
            cancelHref: localePath(locale, o.cancel),
            maxBytes: store.maxBytes,
            currentFile: o.currentFile,
            reselect: o.reselect,
          }),
          status,
        );

      pageRoute(org, '/my/materials/new', undefined, (req, reply, locale) =>
        formPage(req, reply, locale, { action: '/my/materials/new', title: NEW_TITLE, payload: emptyMaterial(), errors: {}, cancel: '/my/materials', currentFile: null }),
      );

      /** Reads the form and its file; saves (a draft may have gaps) or saves and submits (everything must be right). */
      const saveFromForm = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, existing: MaterialItem | null) => {
        const currentFile = existing ? currentMaterial(existing).file : null;
        const upload = uploadOf(req);
        let file = currentFile;
        let uploadError: Text | null = null;
        let status = 400;
        if (upload?.result.ok) {
          const f = upload.result.file;
          file = { sha256: f.sha256, size: f.size, mediaType: f.mediaType, name: f.name, uploadedAt: new Date().toISOString() };
          if (f.mediaType === 'application/pdf') await makePdfPreview(store, f.sha256);
        } else if (upload && !upload.result.ok) {
          const r = upload.result;
          if (r.reason === 'too_large') {
            status = 413;
            uploadError = { ja: `ファイルが大きすぎます。${formatBytes('ja', store.maxBytes)}以下のファイルにしてください。`, en: `The file is too large. Use a file of ${formatBytes('en', store.maxBytes)} or less.` };
          } else if (r.reason === 'mismatch' && r.detected) {
            uploadError = mismatchMessage(upload.rawName, r.detected);
          } else {
            if (r.reason === 'not_allowed' || r.reason === 'html' || r.reason === 'svg' || r.reason === 'executable' || r.reason === 'macro') status = 415;
            uploadError = REFUSAL_MESSAGES[r.reason];
          }
        }
        const { payload, errors, linksRaw } = await readMaterialForm(db(), req.body, file);
        if (uploadError) errors.file = uploadError;
        const submit = formText(asForm(req.body), 'intent', 10) === 'submit';
        const blocking: FieldErrors = {};
        for (const [k, e] of Object.entries(errors)) {
          if (submit || !MISSING_OK_IN_DRAFT.has(k) || (k === 'file' && uploadError)) blocking[k] = e;
        }
        if (!submit && !payload.titleJa) blocking.titleJa = { ja: '下書きにも教材名（日本語）が必要です。', en: 'Even a draft needs a title in Japanese.' };
        const action = existing ? `/my/materials/${existing.id}/edit` : '/my/materials/new';
        if (Object.keys(blocking).length) {
          return formPage(
            req,
            reply,
            locale,
            {
              action,
              title: existing ? EDIT_TITLE : NEW_TITLE,
              // The form shows the item's file, not one that was refused or not kept.
              payload: { ...payload, file: currentFile },
              linksRaw,
              errors: blocking,
              cancel: existing ? `/my/materials/${existing.id}` : '/my/materials',
              currentFile,
              reselect: !!upload?.result.ok,
            },
            uploadError ? status : 400,
          );
        }
        const ctx = contentContext(req);
        if (submit) {
          // Saved and submitted in one transaction: an answer-less crash leaves all of it or none.
          const { id, result } = await saveAndSubmit(ctx, MATERIAL_KIND, existing?.id ?? null, payload);
          return reply.redirect(localePath(locale, `/my/materials/${id}`) + `?done=${result}`, 303);
        }
        let id: number;
        if (existing) {
          await saveDraft(ctx, existing.id, payload);
          id = existing.id;
        } else {
          id = await createItem(ctx, MATERIAL_KIND, payload);
        }
        return reply.redirect(localePath(locale, `/my/materials/${id}`) + '?done=saved', 303);
      };

      const multipartPost = (path: string, handler: (req: FastifyRequest, reply: FastifyReply, locale: Locale) => unknown, authorise?: (req: FastifyRequest) => Promise<unknown>) => {
        const opts = { schema: { hide: true }, preValidation: readMultipartForm(store, authorise) };
        org.post(path, opts, (req, reply) => handler(req, reply, 'ja'));
        org.post(`/en${path}`, opts, (req, reply) => handler(req, reply, 'en'));
      };

      const organiserItem = (req: FastifyRequest) => itemForOrganiser<MaterialPayload>(db(), userOf(req), idOf(req), MATERIAL_KIND);
      const ownItem = async (req: FastifyRequest) => {
        const item = await organiserItem(req);
        // Co-organisers may read; only the owner edits. Same answer as for anyone else's item.
        if (item.owner.id !== userOf(req).organisationId) throw notFound();
        return item;
      };

      const itemPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, item: MaterialItem, extra: { errors?: FieldErrors; note?: string } = {}, status = 200) => {
        const history = await listAudit(db(), { subjectKind: 'content', subjectId: item.id, limit: 200 });
        const f = currentMaterial(item).file;
        const preview = !!f && (isPreviewableImage(f.mediaType) || (f.mediaType === 'application/pdf' && (await hasPreview(store, f.sha256))));
        return sendPage(
          reply,
          MyMaterialPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), item, history, canEdit: item.owner.id === userOf(req).organisationId, notice: noticeOf(req), hasPreview: preview, ...extra }),
          status,
        );
      };

      pageRoute(org, '/my/materials/:id', undefined, async (req, reply, locale) => itemPage(req, reply, locale, await organiserItem(req)));

      pageRoute(org, '/my/materials/:id/edit', undefined, async (req, reply, locale) => {
        const item = await ownItem(req);
        const payload = currentMaterial(item);
        return formPage(req, reply, locale, { action: `/my/materials/${item.id}/edit`, title: EDIT_TITLE, payload, errors: {}, cancel: `/my/materials/${item.id}`, currentFile: payload.file });
      });

      multipartPost('/my/materials/new', (req, reply, locale) => saveFromForm(req, reply, locale, null));
      // Another organisation's item is "not found" before its upload is read.
      multipartPost('/my/materials/:id/edit', async (req, reply, locale) => saveFromForm(req, reply, locale, await ownItem(req)), ownItem);

      // The file of the version being worked on (else the published one), for the owner and co-organisers.
      org.get('/my/materials/:id/file', { schema: { hide: true } }, async (req, reply) => {
        const f = currentMaterial(await organiserItem(req)).file;
        if (!f) throw notFound();
        return sendStoredFile(reply, store, f, { cache: 'private' });
      });
      org.get('/my/materials/:id/preview', { schema: { hide: true } }, async (req, reply) => {
        const f = currentMaterial(await organiserItem(req)).file;
        if (!f) throw notFound();
        if (isPreviewableImage(f.mediaType)) return sendStoredFile(reply, store, f, { inline: true, cache: 'private' });
        if (f.mediaType === 'application/pdf') return sendPdfPreview(reply, store, f.sha256, f.name, 'private');
        throw notFound();
      });

      const command = (path: string, run: (ctx: ContentContext, id: number) => Promise<unknown>, done: (r: unknown) => string) =>
        pagePost(org, `/my/materials/:id/${path}`, undefined, async (req, reply, locale) => {
          // The item must be this organisation's material (another kind's id is "not found" too).
          const item = await ownItem(req);
          const r = await run(contentContext(req), item.id);
          return reply.redirect(localePath(locale, `/my/materials/${item.id}`) + `?done=${done(r)}`, 303);
        });
      command('submit', submitForReview, (r) => (r === 'published' ? 'published' : 'submitted'));
      command('withdraw', withdrawSubmission, () => 'withdrawn');
      command('discard', discardDraft, () => 'discarded');
      command('confirm', confirmCurrent, () => 'confirmed');

      pagePost(org, '/my/materials/:id/unpublish', undefined, async (req, reply, locale) => {
        const item = await ownItem(req);
        const note = formText(asForm(req.body), 'note', 2000);
        if (!note) return itemPage(req, reply, locale, item, { errors: { note: { ja: '停止の理由を入力してください。', en: 'Enter the reason.' } }, note }, 400);
        await unpublish(contentContext(req), item.id, note);
        return reply.redirect(localePath(locale, `/my/materials/${item.id}`) + '?done=unpublished', 303);
      });
    });
  };
}

