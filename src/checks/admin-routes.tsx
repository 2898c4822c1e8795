// /admin/checks: the program office edits each self-check definition (the 9 measures, the 5 measures, the
// 25-item diagnosis, the quiz bank, the basic-policy template) as a versioned JSON document. Invalid
// documents are never saved; every version stays viewable and restorable; every change is audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { HelpAdminNav } from '../desks/admin-views.tsx';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { DocumentEditorPage, DocumentVersionPage } from '../web/document-editor.tsx';
import { asForm, formText } from '../web/form-body.ts';
import type { DocumentIssue } from '../web/json-document.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { CheckKindsPage, KindGuide } from './admin-views.tsx';
import type { DocumentKind } from './document-kind.ts';
import { documentHistory, documentVersion, latestDocumentVersion, restoreDocument, saveDocument, type DocumentAdminContext } from './documents.ts';

const NOTICES: Record<string, Text> = {
  saved: { ja: '新しい版を保存しました。これからの診断はこの版を使います（すでに保存された結果は、答えたときの版のまま読めます）。', en: 'The new version was saved and is now in use (results stored earlier keep the version they were answered with).' },
  restored: { ja: '以前の版を新しい版として戻しました。', en: 'The earlier version was restored as a new version.' },
};
const MAX_DOCUMENT = 300_000;

export function checkAdminRoutes(kinds: readonly DocumentKind<unknown>[]) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.addHook('preHandler', requireAdmin);
    const handle = () => app.deps.database;
    const ctxOf = (req: FastifyRequest): DocumentAdminContext => ({ database: handle(), now: req.server.deps.now?.() ?? new Date(), actor: userOf(req) });
    const kindOf = (req: FastifyRequest): DocumentKind<unknown> => {
      const k = kinds.find((x) => x.kind === (req.params as { kind?: string }).kind);
      if (!k) throw notFound();
      return k;
    };
    const versionOf = (req: FastifyRequest) => {
      const raw = (req.params as { version?: string }).version ?? '';
      if (!/^[1-9]\d{0,8}$/.test(raw)) throw notFound();
      return Number(raw);
    };
    const nav = (locale: Locale) => <HelpAdminNav locale={locale} current="checks" />;

    pageRoute(app, '/admin/checks', undefined, async (req, reply, locale) => {
      const db = handle().db;
      const rows = await Promise.all(kinds.map(async (k) => ({ kind: k.kind, title: k.title, current: await latestDocumentVersion(db, k.kind) })));
      return sendPage(reply, CheckKindsPage({ locale, viewer: await viewerFor(req, reply, locale), kinds: rows, nav: nav(locale) }));
    });

    const editor = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, kind: DocumentKind<unknown>, form?: { text: string; note: string; issues: DocumentIssue[] }) => {
      const db = handle().db;
      const current = await latestDocumentVersion(db, kind.kind);
      const done = (req.query as { done?: unknown } | undefined)?.done;
      return sendPage(
        reply,
        DocumentEditorPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          basePath: `/admin/checks/${kind.kind}`,
          title: kind.title,
          fieldLabel: { ja: `${kind.title.ja}（JSON）`, en: `${kind.title.en} (JSON)` },
          nav: nav(locale),
          guide: kind.guide?.length ? <KindGuide locale={locale} lines={kind.guide} /> : undefined,
          current,
          history: await documentHistory(db, kind.kind),
          text: form?.text ?? current?.document ?? kind.defaultText,
          note: form?.note ?? '',
          issues: form?.issues ?? [],
          notice: !form && typeof done === 'string' ? NOTICES[done] : undefined,
        }),
        form?.issues.length ? 400 : 200,
      );
    };

    pageRoute(app, '/admin/checks/:kind', undefined, (req, reply, locale) => editor(req, reply, locale, kindOf(req)));

    pagePost(app, '/admin/checks/:kind', undefined, async (req, reply, locale) => {
      const kind = kindOf(req);
      const body = asForm(req.body);
      const raw = body.document;
      const text = typeof raw === 'string' ? raw.slice(0, MAX_DOCUMENT + 1) : '';
      const note = formText(body, 'note', 500);
      if (text.length > MAX_DOCUMENT) {
        return editor(req, reply, locale, kind, { text: text.slice(0, MAX_DOCUMENT), note, issues: [{ path: '', message: { ja: `文書が長すぎます（${MAX_DOCUMENT.toLocaleString('ja-JP')}文字まで）。`, en: `The document is too long (at most ${MAX_DOCUMENT.toLocaleString('en-GB')} characters).` } }] });
      }
      const saved = await saveDocument(ctxOf(req), kind, text, note);
      if (saved.version === null) return editor(req, reply, locale, kind, { text, note, issues: saved.issues });
      return reply.redirect(localePath(locale, `/admin/checks/${kind.kind}`) + '?done=saved', 303);
    });

    pageRoute(app, '/admin/checks/:kind/versions/:version', undefined, async (req, reply, locale) => {
      const kind = kindOf(req);
      const v = await documentVersion(handle().db, kind.kind, versionOf(req));
      if (!v) throw notFound();
      return sendPage(
        reply,
        DocumentVersionPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          basePath: `/admin/checks/${kind.kind}`,
          title: { ja: `${kind.title.ja} 第${v.version}版`, en: `${kind.title.en}, version ${v.version}` },
          backLabel: { ja: `${kind.title.ja}の管理に戻る`, en: `Back to ${kind.title.en}` },
          nav: nav(locale),
          v,
        }),
      );
    });

    pagePost(app, '/admin/checks/:kind/versions/:version/restore', undefined, async (req, reply, locale) => {
      const kind = kindOf(req);
      const v = await documentVersion(handle().db, kind.kind, versionOf(req));
      if (!v) throw notFound();
      const r = await restoreDocument(ctxOf(req), kind, v.version);
      if (!r || r.version === null) return editor(req, reply, locale, kind, { text: v.document, note: '', issues: r?.issues ?? [] });
      return reply.redirect(localePath(locale, `/admin/checks/${kind.kind}`) + '?done=restored', 303);
    });
  };
}
