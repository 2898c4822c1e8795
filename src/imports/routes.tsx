// Bulk import pages: /my/import for an organisation, /admin/import for the program office (a sheet of
// many organisations), and the exports an organisation takes with it (/my/export).
// Upload pipeline: the guard (signed in, organisation or administrator) → _csrf (sent before the file)
// → the file streamed to UPLOAD_DIR/imports (cut at UPLOAD_MAX_BYTES) → the preview. Nothing of the
// content is written before the confirmation.
import { unlink } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, requireOrganisation, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { readFormWithFile } from '../web/multipart-parts.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { isImportKind, type ImportKind } from './model.ts';
import {
  confirmImport,
  createPreview,
  discardImport,
  exportContent,
  exportOrganisation,
  importFor,
  ImportRefused,
  importStore,
  recentImports,
  storedPath,
  storeUpload,
  TooLarge,
  writeTemplate,
  type ImportDeps,
  type ImportStore,
} from './service.ts';
import { ImportPreviewPage, ImportStartPage, type ImportArea, type UploadProblem } from './views.tsx';

interface Upload {
  fileName: string;
  storedName: string | null;
  tooLarge: boolean;
}
const uploads = new WeakMap<FastifyRequest, Upload>();

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function readUpload(store: ImportStore, guard: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return async function preValidation(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    await guard(req, reply);
    if (reply.sent || !req.isMultipart()) return;
    await readFormWithFile(req, reply, async (part) => {
      const fileName = part.filename.slice(0, 200);
      try {
        const { storedName } = await storeUpload(store, part.file);
        uploads.set(req, { fileName, storedName, tooLarge: false });
      } catch (err) {
        if (!(err instanceof TooLarge)) throw err;
        uploads.set(req, { fileName, storedName: null, tooLarge: true });
      }
    });
  };
}

function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw notFound();
  return Number(raw);
}

/** "initiatives.csv" → kind and format; anything else is "not found". */
function fileOf(req: FastifyRequest): { kind: ImportKind | 'all'; format: 'csv' | 'xlsx' } {
  const m = /^([a-z]+)\.(csv|xlsx)$/.exec((req.params as { file?: string }).file ?? '');
  if (!m || !(isImportKind(m[1]!) || (m[1] === 'all' && m[2] === 'xlsx'))) throw notFound();
  return { kind: m[1] as ImportKind | 'all', format: m[2] as 'csv' | 'xlsx' };
}

function download(reply: FastifyReply, format: 'csv' | 'xlsx', name: string): FastifyReply {
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'private, no-store');
}

/** Streams what `write` produces as the response body. */
async function streamed(reply: FastifyReply, write: (out: NodeJS.WritableStream) => Promise<void>) {
  const out = new PassThrough();
  write(out)
    .then(() => out.end())
    .catch((err: Error) => {
      reply.log.error({ err: err.message }, 'export failed while streaming');
      out.destroy(err);
    });
  return reply.send(out);
}

const NO_KIND: Text = { ja: '登録する内容（取組・イベント・教材）を選んでください。', en: 'Choose what the sheet holds (initiatives, events or materials).' };
const NO_FILE: Text = { ja: 'ファイルを選んでから「プレビューする」を押してください。', en: 'Choose a file, then press "Preview".' };

export async function importRoutes(app: FastifyInstance): Promise<void> {
  const store = importStore(app.deps.config.uploads.dir, app.deps.config.uploads.maxBytes);
  const deps = (): ImportDeps => ({ database: app.deps.database, kinds: app.contentKinds, mailer: app.deps.mailer, baseUrl: app.deps.config.baseUrl, log: app.log });
  const now = () => app.deps.now?.() ?? new Date();
  const maxRows = app.deps.config.imports.maxRows;

  const area = (office: boolean): ImportArea => (office ? { base: '/admin/import', office: true } : { base: '/my/import', office: false });

  const register = async (scope: FastifyInstance, office: boolean) => {
    const guard = office ? requireAdmin : requireOrganisation;
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: store.maxBytes, files: 1, fields: 5, fieldSize: 4096, parts: 6, headerPairs: 100 },
    });
    scope.addHook('preHandler', guard);
    const a = area(office);
    const db = () => scope.deps.database.db;
    const orgOf = (req: FastifyRequest) => (office ? null : userOf(req).organisationId!);
    const limit = { rateLimit: { max: scope.deps.config.authRateLimitPerMinute, timeWindow: 60_000 } };

    const startPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, problems: UploadProblem[] = [], kind: ImportKind | null = null, status = 200) =>
      sendPage(
        reply,
        ImportStartPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), area: a, imports: await recentImports(db(), orgOf(req)), problems, kind, maxBytes: store.maxBytes, maxRows }),
        status,
      );

    pageRoute(scope, a.base, undefined, (req, reply, locale) => startPage(req, reply, locale));

    const post = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const kind = typeof body.kind === 'string' && isImportKind(body.kind) ? body.kind : null;
      const up = uploads.get(req);
      const problems: UploadProblem[] = [];
      if (!kind) problems.push({ field: 'kind', message: NO_KIND });
      if (!req.isMultipart() || !up) problems.push({ field: 'file', message: NO_FILE });
      else if (up.tooLarge) {
        const mb = Math.floor(store.maxBytes / 1024 / 1024);
        problems.push({ field: 'file', message: { ja: `ファイルが大きすぎます（${mb} MBまで）。いくつかのファイルに分けてください。`, en: `The file is too large (at most ${mb} MB). Split it into several files.` } });
      }
      if (problems.length) {
        if (up?.storedName) await unlink(storedPath(store, up.storedName)).catch(() => {});
        return startPage(req, reply, locale, problems, kind, up?.tooLarge ? 413 : 400);
      }
      const user = userOf(req);
      const organisation = office ? null : await db().selectFrom('organisations').select(['id', 'slug']).where('id', '=', user.organisationId!).executeTakeFirstOrThrow();
      const id = await createPreview(db(), store, { kind: kind!, storedName: up!.storedName!, fileName: up!.fileName, organisation, userId: user.id, now: now(), maxRows });
      return reply.redirect(localePath(locale, `${a.base}/${id}`), 303);
    };
    const opts = { schema: { hide: true }, config: limit, preValidation: readUpload(store, guard) };
    scope.post(a.base, opts, (req, reply) => post(req, reply, 'ja'));
    scope.post(`/en${a.base}`, opts, (req, reply) => post(req, reply, 'en'));

    const previewPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { error?: Text; status?: number } = {}) => {
      const record = await importFor(db(), idOf(req), orgOf(req));
      const done = (req.query as { done?: unknown } | undefined)?.done;
      const notice = done === 'applied' || done === 'discarded' ? done : null;
      return sendPage(reply, ImportPreviewPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), area: a, record, notice, error: o.error }), o.status ?? 200);
    };
    pageRoute(scope, `${a.base}/:id`, undefined, (req, reply, locale) => previewPage(req, reply, locale));

    pagePost(scope, `${a.base}/:id/confirm`, limit, async (req, reply, locale) => {
      const id = idOf(req);
      try {
        await confirmImport(deps(), store, { id, organisationId: orgOf(req), actor: userOf(req), now: now(), maxRows });
      } catch (err) {
        if (err instanceof ImportRefused || (err instanceof Problem && err.status === 409)) return previewPage(req, reply, locale, { error: (err as Problem).title, status: 409 });
        throw err;
      }
      return reply.redirect(localePath(locale, `${a.base}/${id}`) + '?done=applied', 303);
    });

    pagePost(scope, `${a.base}/:id/discard`, undefined, async (req, reply, locale) => {
      const id = idOf(req);
      try {
        await discardImport(db(), store, { id, organisationId: orgOf(req) });
      } catch (err) {
        if (err instanceof Problem && err.status === 409) return previewPage(req, reply, locale, { error: err.title, status: 409 });
        throw err;
      }
      return reply.redirect(localePath(locale, `${a.base}/${id}`) + '?done=discarded', 303);
    });

    const template = (locale: Locale) => async (req: FastifyRequest, reply: FastifyReply) => {
      const { kind, format } = fileOf(req);
      if (kind === 'all') throw notFound();
      download(reply, format, `lastmile-${kind}-template-${locale}.${format}`);
      return streamed(reply, (out) => writeTemplate({ kind, format, locale, withOrganisation: office, out }));
    };
    scope.get(`${a.base}/templates/:file`, { schema: { hide: true } }, template('ja'));
    scope.get(`/en${a.base}/templates/:file`, { schema: { hide: true } }, template('en'));

    if (!office) {
      const exporter = (locale: Locale) => async (req: FastifyRequest, reply: FastifyReply) => {
        const { kind, format } = fileOf(req);
        const organisationId = userOf(req).organisationId!;
        const slug = (await db().selectFrom('organisations').select('slug').where('id', '=', organisationId).executeTakeFirstOrThrow()).slug;
        download(reply, format, `${slug}-${kind}.${format}`);
        if (kind === 'all') return streamed(reply, (out) => exportOrganisation(db(), { organisationId, locale, out }));
        return streamed(reply, (out) => exportContent(db(), { kind, format, organisationId, locale, out }));
      };
      scope.get('/my/export/:file', { schema: { hide: true }, config: limit }, exporter('ja'));
      scope.get('/en/my/export/:file', { schema: { hide: true }, config: limit }, exporter('en'));
    }
  };

  await app.register((scope) => register(scope, false));
  await app.register((scope) => register(scope, true));
}
