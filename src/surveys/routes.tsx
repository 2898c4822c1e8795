// /admin/surveys: the program office imports external survey figures from CSV (program office only).
// Pipeline of the upload: administrator → CSRF token (read before any byte of the file) → the file, at
// most MAX_SURVEY_FILE_BYTES, kept in memory → every row checked → one transaction, or nothing.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale } from '../i18n/locale.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { SurveyAdminPage } from './admin-views.tsx';
import { MAX_SURVEY_FILE_BYTES, surveyTemplateCsv } from './csv.ts';
import type { SurveyIssue } from './model.ts';
import { listSurveyImports, listSurveyValues } from './repository.ts';
import { importSurveyCsv } from './service.ts';
import { readFormWithFile } from '../web/multipart-parts.ts';

interface Upload {
  fileName: string;
  bytes: Buffer;
  truncated: boolean;
}
const uploads = new WeakMap<FastifyRequest, Upload>();

/** Reads the form: the administrator first, then _csrf (the form sends it before the file), then the file. */
async function readUpload(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  await requireAdmin(req, reply);
  if (reply.sent || !req.isMultipart()) return;
  await readFormWithFile(req, reply, async (part) => {
    const chunks: Buffer[] = [];
    for await (const c of part.file) chunks.push(c as Buffer);
    uploads.set(req, { fileName: part.filename.slice(0, 200), bytes: Buffer.concat(chunks), truncated: part.file.truncated });
  });
}

export async function surveyAdminRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    // Past the limit busboy stops and marks the file truncated: a clear form error, not a failed request.
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_SURVEY_FILE_BYTES, files: 1, fields: 5, fieldSize: 4096, parts: 6, headerPairs: 100 },
  });
  app.addHook('preHandler', requireAdmin);
  const db = () => app.deps.database.db;

  const page = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { issues?: SurveyIssue[]; fileName?: string } = {}, status = 200) => {
    const done = (req.query as { done?: unknown } | undefined)?.done;
    const imports = await listSurveyImports(db());
    const result = typeof done === 'string' && /^\d{1,9}$/.test(done) ? imports.find((i) => i.id === Number(done)) : undefined;
    return sendPage(
      reply,
      SurveyAdminPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), figures: await listSurveyValues(db()), imports, result, issues: o.issues ?? [], fileName: o.fileName }),
      status,
    );
  };

  pageRoute(app, '/admin/surveys', undefined, (req, reply, locale) => page(req, reply, locale));

  app.get('/admin/surveys/template.csv', { schema: { hide: true } }, (_req, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="survey-template.csv"').send(surveyTemplateCsv()),
  );

  const post = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
    const up = uploads.get(req);
    if (!req.isMultipart() || !up) {
      return page(req, reply, locale, { issues: [{ line: null, column: null, message: { ja: 'CSVファイルを選んでから「取り込む」を押してください。', en: 'Choose a CSV file, then press "Import".' } }] }, 400);
    }
    if (up.truncated) {
      return page(req, reply, locale, { fileName: up.fileName, issues: [{ line: null, column: null, message: { ja: `ファイルが大きすぎます（${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MBまで）。いくつかのファイルに分けて取り込んでください。`, en: `The file is too large (at most ${MAX_SURVEY_FILE_BYTES / 1024 / 1024} MB). Split it into several files.` } }] }, 413);
    }
    const now = (app.deps.now?.() ?? new Date()).toISOString();
    const r = await importSurveyCsv(app.deps.database, { bytes: up.bytes, fileName: up.fileName, actor: userOf(req), now });
    if (!r.ok) return page(req, reply, locale, { issues: r.issues, fileName: up.fileName }, 400);
    return reply.redirect(localePath(locale, '/admin/surveys') + `?done=${r.importId}#import-result`, 303);
  };
  const opts = { schema: { hide: true }, preValidation: readUpload };
  app.post('/admin/surveys', opts, (req, reply) => post(req, reply, 'ja'));
  app.post('/en/admin/surveys', opts, (req, reply) => post(req, reply, 'en'));
}
