// The embeddable widget: /widget (the document partners' iframes show), /widget.js (the loader they
// paste), the widget's stylesheet and frame script, and /widget/about (what it is, a preview and the
// snippet). /widget is the one document of the portal any site may frame; every other page keeps
// the global `frame-ancestors 'none'` and X-Frame-Options of app.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { splitLocale, type Text } from '../i18n/locale.ts';
import { pageRoute } from '../web/page-route.ts';
import { Problem } from '../web/problem.ts';
import { renderDocument, sendPage } from '../web/render.ts';
import { WIDGET_CSS, WIDGET_CSS_PATH, WIDGET_FRAME_JS, WIDGET_FRAME_JS_PATH, WIDGET_LOADER_JS, type WidgetAsset } from './assets.ts';
import { parseWidgetQuery } from './query.ts';
import { widgetContent } from './service.ts';
import { WidgetAboutPage, WidgetDocument, WidgetErrorDocument } from './views.tsx';

/** A widget's content may be five minutes old; partners' visitors then cost the portal little. */
const WIDGET_CACHE = 'public, max-age=300';

/**
 * The widget document's own policy (it replaces the global one for this response only):
 * - frame-ancestors *: any partner site may frame it (and X-Frame-Options is not sent);
 * - sandbox: the document is sandboxed with an opaque origin even when a partner's iframe forgets
 *   the sandbox attribute (or someone opens /widget directly): it can never read the portal's
 *   cookies or storage. The flags are the ones widget.js gives its iframe, never allow-same-origin;
 * - script-src 'self' with no inline script: the only script is the frame script that posts the
 *   height; form-action and base-uri 'none': the widget has neither.
 */
const WIDGET_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ['*'],
      sandbox: ['allow-scripts', 'allow-popups', 'allow-popups-to-escape-sandbox'],
    },
  },
  xFrameOptions: false as const,
  // Loaded from other origins: partner pages (widget.js) and the opaque-origin widget document.
  crossOriginResourcePolicy: { policy: 'cross-origin' as const },
};

/** Files partner pages and the widget document load: cross-origin readable, otherwise the global headers. */
const ASSET_HELMET = { crossOriginResourcePolicy: { policy: 'cross-origin' as const } };

/**
 * No cookie ever leaves with a widget response: it is publicly cached, and a stale session cookie
 * that the auth hook clears must not be stored in a shared cache (or set in a partner's frame).
 * Route-level onSend hooks run after @fastify/cookie's, which writes Set-Cookie.
 */
async function withoutCookies(_req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.removeHeader('set-cookie');
  return payload;
}

/** The widget document: no cookie, and public caching even when the auth hook marked it private. */
async function publicWidget(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('cache-control', WIDGET_CACHE);
  return withoutCookies(req, reply, payload);
}

function sendAsset(req: FastifyRequest, reply: FastifyReply, asset: WidgetAsset, cacheControl: string) {
  const etag = `"${asset.hash}"`;
  reply.header('etag', etag).header('cache-control', cacheControl).type(asset.type);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.send(asset.body);
}

const BAD_ABOUT: Text = { ja: 'ウィジェットの指定が正しくありません。', en: 'The widget settings are not valid.' };

export async function widgetRoutes(app: FastifyInstance): Promise<void> {
  const base = app.deps.config.baseUrl;
  const db = () => app.deps.database.db;
  const nowOf = (req: FastifyRequest) => req.server.deps.now?.() ?? new Date();

  const frameable: RouteShorthandOptions = { schema: { hide: true }, helmet: WIDGET_HELMET, onSend: publicWidget };
  app.get('/widget', frameable, async (req, reply) => {
    const parsed = parseWidgetQuery(req.query);
    if (!parsed.ok) return reply.code(400).type('text/html; charset=utf-8').send(renderDocument(WidgetErrorDocument({ lang: parsed.lang, messages: parsed.messages })));
    const content = await widgetContent(db(), parsed.options, nowOf(req));
    return sendPage(reply, WidgetDocument({ o: parsed.options, content, base }));
  });

  const asset: RouteShorthandOptions = { schema: { hide: true }, helmet: ASSET_HELMET, onSend: withoutCookies };
  // The loader's URL is in partners' HTML and has no hash: cached briefly, revalidated by its ETag.
  app.get('/widget.js', asset, (req, reply) => sendAsset(req, reply, WIDGET_LOADER_JS, 'public, max-age=300'));
  // These two are linked with ?v=<hash> of their content, so they can be cached for a year.
  app.get(WIDGET_CSS_PATH, asset, (req, reply) => sendAsset(req, reply, WIDGET_CSS, 'public, max-age=31536000, immutable'));
  app.get(WIDGET_FRAME_JS_PATH, asset, (req, reply) => sendAsset(req, reply, WIDGET_FRAME_JS, 'public, max-age=31536000, immutable'));

  pageRoute(app, '/widget/about', undefined, (req, reply, locale) => {
    // The form's language choice defaults to the page's language.
    const query = { lang: locale, ...(req.query as Record<string, unknown>) };
    const parsed = parseWidgetQuery(query);
    if (!parsed.ok) throw new Problem(400, 'bad_request', BAD_ABOUT, parsed.messages.map((message) => ({ message })));
    return sendPage(reply, WidgetAboutPage({ locale, o: parsed.options, base, path: splitLocale(req.url).path }));
  });
}
