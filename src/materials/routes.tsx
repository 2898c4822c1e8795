// The library's public pages (/materials, /materials/:id), its files (/materials/:id/files/:fileId and
// their previews), and the file of a draft for moderators (/moderation/materials/:itemId/file).
// Pipeline: validate → service → view; files: look up by id (never by name) → send with safe headers.
import type { FastifyInstance } from 'fastify';
import { requireModerator, userOf } from '../accounts/auth-plugin.ts';
import { itemForModerator } from '../content/service.ts';
import { notFound } from '../web/problem.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { MATERIAL_KIND, normaliseMaterial } from './material-kind.ts';
import { isPreviewableImage, type MaterialPayload } from './model.ts';
import { countDownload, publicFile } from './repository.ts';
import { defaultMaterialSort, MaterialFileParams, MaterialIdParams, MaterialQuery, materialFiltersFromQuery, type MaterialQueryInput } from './schema.ts';
import { sendPdfPreview, sendStoredFile } from './serve.ts';
import { browseMaterials, getMaterial, lastMaterialPage } from './service.ts';
import { cleanStaleTemp, hasObject, hasPreview, type FileStore } from './storage.ts';
import { MaterialDetailPage, MaterialListPage } from './views.tsx';

const NO_MATERIAL = { ja: 'この番号の教材は見つかりませんでした。', en: 'There is no material with this number.' };
const NO_FILE = { ja: 'このファイルは見つかりませんでした。', en: 'This file was not found.' };

export function materialRoutes(store: FileStore) {
  return async function materialRoutes(app: FastifyInstance): Promise<void> {
    const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });
    // A crash may have left half-written uploads behind (never visible: they were not renamed into place).
    await cleanStaleTemp(store).catch(() => 0);

    pageRoute<MaterialQueryInput>(app, '/materials', { querystring: MaterialQuery }, async (req, reply, locale) => {
      const filters = materialFiltersFromQuery(req.query);
      const result = await browseMaterials(repo(), filters, { sort: defaultMaterialSort(filters, req.query.sort), page: req.query.page ?? 1, locale });
      return sendPage(reply, MaterialListPage({ locale, result, lastPage: lastMaterialPage(result.total, result.pageSize) }));
    });

    pageRoute<unknown, { id: string }>(app, '/materials/:id', undefined, async (req, reply, locale) => {
      const parsed = MaterialIdParams.safeParse(req.params);
      const m = parsed.success ? await getMaterial(repo(), parsed.data.id) : undefined;
      if (!m) throw notFound(NO_MATERIAL);
      let previewHref: string | null = null;
      if (m.file && (isPreviewableImage(m.file.mediaType) || (m.file.mediaType === 'application/pdf' && (await hasPreview(store, m.file.sha256))))) {
        previewHref = `/materials/${m.id}/files/${m.file.id}/preview`;
      }
      return sendPage(reply, MaterialDetailPage({ locale, m, previewHref }));
    });

    const fileOf = async (params: unknown) => {
      const parsed = MaterialFileParams.safeParse(params);
      const f = parsed.success ? await publicFile(app.deps.database.db, parsed.data.id, parsed.data.fileId) : null;
      if (!f) throw notFound(NO_FILE);
      return f;
    };

    // Every version of a published material's file, always as an attachment. Each GET counts one download.
    app.get('/materials/:id/files/:fileId', { schema: { hide: true } }, async (req, reply) => {
      const f = await fileOf(req.params);
      if (!(await hasObject(store, f.sha256))) throw notFound(NO_FILE);
      // Counted before the bytes go out, so that a finished download is always counted.
      if (req.method === 'GET') await countDownload(app.deps.database.db, f.id);
      return sendStoredFile(reply, store, f, { cache: 'public' });
    });

    // Images inline (for the detail page), PDFs as the PNG of their first page; nothing else has a preview.
    app.get('/materials/:id/files/:fileId/preview', { schema: { hide: true } }, async (req, reply) => {
      const f = await fileOf(req.params);
      if (isPreviewableImage(f.mediaType)) return sendStoredFile(reply, store, f, { inline: true, cache: 'public' });
      if (f.mediaType === 'application/pdf') return sendPdfPreview(reply, store, f.sha256, f.name, 'public');
      throw notFound(NO_FILE);
    });

    // Moderators read the file of the revision they review (working, else published).
    await app.register(async (mod) => {
      mod.addHook('preHandler', requireModerator);
      const draftFile = async (req: { params: unknown }, actor: Parameters<typeof itemForModerator>[1]) => {
        const raw = (req.params as { id?: string }).id ?? '';
        const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
        const item = await itemForModerator(app.deps.database.db, actor, id);
        if (item.kind !== MATERIAL_KIND) throw notFound(NO_FILE);
        const rev = item.working ?? item.published;
        const file = rev ? normaliseMaterial(rev.payload as MaterialPayload).file : null;
        if (!file) throw notFound(NO_FILE);
        return file;
      };
      mod.get('/moderation/materials/:id/file', { schema: { hide: true } }, async (req, reply) => {
        const file = await draftFile(req, userOf(req));
        return sendStoredFile(reply, store, file, { cache: 'private' });
      });
      mod.get('/moderation/materials/:id/preview', { schema: { hide: true } }, async (req, reply) => {
        const file = await draftFile(req, userOf(req));
        if (isPreviewableImage(file.mediaType)) return sendStoredFile(reply, store, file, { inline: true, cache: 'private' });
        if (file.mediaType === 'application/pdf') return sendPdfPreview(reply, store, file.sha256, file.name, 'private');
        throw notFound(NO_FILE);
      });
    });
  };
}
