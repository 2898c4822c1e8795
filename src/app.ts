// The application factory: everything it needs is passed in, so tests, the benchmark and main build
// the same app against different databases. Order: external plugins, error handling, then routes.
import { checkAdminRoutes } from './checks/admin-routes.tsx';
import { CHECK_DOCUMENT_KINDS } from './checks/kinds.ts';
import { contentKinds } from './content/kinds.ts';
import { CheckResultWriter } from './checks/results.ts';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Redis } from 'ioredis';
import type { VersionSource } from './cache/versions.ts';
import { pageCachePlugin } from './cache/page-cache.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Mailer } from './mail/mailer.ts';
import { authPlugin } from './accounts/auth-plugin.ts';
import { accountRoutes } from './accounts/routes.tsx';
import { advisoryRoutes } from './advisories/routes.tsx';
import { eventRoutes } from './events/routes.tsx';
import type { ContentKinds } from './content/model.ts';
import type { RelatedFinder } from './catalogue/model.ts';
import { materialsLinkedTo } from './materials/service.ts';
import { adminRoutes } from './admin/routes.tsx';
import { myRoutes } from './my/routes.tsx';
import { partnerRoutes } from './partners/routes.tsx';
import { catalogueApiRoutes } from './catalogue/api.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { matrixRoutes } from './matrix/routes.ts';
import { moderationRoutes } from './moderation/routes.tsx';
import { organisationRoutes } from './organisations/routes.ts';
import { pageRoutes } from './pages/routes.tsx';
import { strategyRoutes } from './strategy/routes.ts';
import { STATIC_DIR, TOKENS_CSS } from './web/assets.ts';
import { handleError } from './web/error-handler.ts';
import { nonceSource } from './web/csp-nonce.ts';
import { noStoreUnlessPublic } from './web/cache-control.ts';
import { sharedRateLimitStore } from './cluster/rate-limit-store.ts';
import { isExemptFromShedding, overloadProtection } from './web/overload.ts';
import { requestIdGenerator } from './web/logging.ts';
import { healthRoutes } from './ops/health.ts';
import { metricsRoutes } from './ops/metrics.ts';
import { Problem, notFound } from './web/problem.ts';
import { parseQueryString } from './web/querystring.ts';
import { API_INFO } from './openapi/info.ts';
import { materialApiRoutes } from './materials/api.ts';
import { myMaterialRoutes } from './materials/my-routes.tsx';
import { materialRoutes } from './materials/routes.tsx';
import { fileStore } from './materials/storage.ts';
import { subscriptionRoutes } from './subscriptions/routes.tsx';
import { webhookRoutes } from './webhooks/routes.tsx';
import { feedRoutes } from './feeds/routes.tsx';
import { pushRoutes } from './push/routes.tsx';
import { deskRoutes } from './desks/routes.tsx';
import { helpRoutes } from './help/routes.tsx';
import { personalCheckRoutes } from './personal-check/routes.tsx';
import { quizRoutes } from './quiz/routes.tsx';
import { businessRoutes } from './business/routes.tsx';
import { widgetRoutes } from './widget/routes.tsx';
import { declarationRoutes } from './declarations/routes.tsx';
import { kpiRoutes } from './kpis/routes.tsx';
import { reportRoutes } from './reports/routes.tsx';
import { surveyAdminRoutes } from './surveys/routes.tsx';
import { importRoutes } from './imports/routes.tsx';
import { dashboardRoutes } from './dashboard/routes.tsx';
import { dashboardDeps } from './dashboard/sources.ts';
import { EFFORT_FIGURES } from './stats/effort.ts';
import { checkStatsUpdater } from './stats/aggregates.ts';
import { statsApiRoutes } from './stats/api.ts';
import { FIGURES } from './stats/figures.ts';
import { SURVEY_FIGURES } from './surveys/figures.ts';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  mailer: Mailer;
  /** The clock; tests move it to check expiry. */
  now?: () => Date;
  /** Pass false in tests to keep their output quiet; main passes pino options. */
  logger?: FastifyServerOptions['logger'];
  /** Shared with the other instances when REDIS_URL is set (cluster/redis.ts): rate limits and one-time guards. */
  redis?: Redis | null;
  /** Data versions the page cache keys by (cache/versions.ts); default: this process's own (LocalVersions). */
  versions?: VersionSource;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Every kind of content that goes through the shared publishing workflow (content/service.ts). */
    contentKinds: ContentKinds;
    /** What relates to a public initiative or event (materials that use it), for their pages. */
    findRelated: RelatedFinder;
    /** Stores completed self-checks anonymously, group-committed (checks/results.ts). */
    checkResults: CheckResultWriter;
    /** Every route as registered (method, URL pattern, whether it is hidden from the API docs): the fuzzer and the
     * security sweep enumerate it, so a new route cannot be left out of them. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
}

function hopsTrusted(n: number) {
  return (_address: string, hop: number) => hop < n;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // 1 MiB is ample for every form here; larger bodies get 413.
    bodyLimit: 1024 * 1024,
    routerOptions: { querystringParser: parseQueryString, ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors Fastify raises before routing (invalid percent-encoding such as /help%C0%AF, over-long path
    // parameters) get our error page or API JSON too, not Fastify's own JSON (found by the fuzzer).
    frameworkErrors: (err, req, reply) => handleError(err, req, reply),
    // Request ids in every log line, so one request can be followed through the logs (the trusted proxy's
    // X-Request-Id when it is a safe token, else a new UUID: web/logging.ts).
    genReqId: requestIdGenerator(deps.config.trustProxy),
    // A hop count means "trust that many proxies in front of us".
    trustProxy: typeof deps.config.trustProxy === 'number' ? hopsTrusted(deps.config.trustProxy) : (deps.config.trustProxy ?? false),
  });
  app.decorate('deps', deps);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  app.decorate('findRelated', (async (kind, id) => {
    const materials = await materialsLinkedTo({ db: deps.database.db, dialect: deps.database.dialect }, kind, id);
    return materials.map((m) => ({ href: `/materials/${m.id}`, titleJa: m.titleJa, titleEn: m.titleEn }));
  }) as RelatedFinder);
  app.decorate('contentKinds', contentKinds());
  // Each stored batch also updates the evaluation's figures, in the same transaction (stats/aggregates.ts).
  app.decorate('checkResults', new CheckResultWriter(deps.database, { onBatch: checkStatsUpdater(deps.database) }));
  // Everything acknowledged is committed already; this waits for a batch in flight before the pool closes.
  app.addHook('onClose', async () => app.checkResults.close());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every answer, a shed one too, names its request id: a citizen can quote it to support, who finds the log lines.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  // First of all: beyond capacity a request is answered 503 before any other work (web/overload.ts).
  await app.register(overloadProtection, { overload: deps.config.overload });

  // Scripts run only with this response's nonce (web/csp-nonce.ts, put on every <script> by web/script.tsx):
  // an injected <script>, even one pointing at a file of this site, does not run. No inline styles exist.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [nonceSource],
        // The push page registers /sw.js: a service worker cannot carry a nonce.
        workerSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS when the portal is served over HTTPS (BASE_URL https or COOKIE_SECURE): over plain HTTP it would be a
    // promise the deployment does not keep (and a local http:// start would pin browsers to https for a year).
    strictTransportSecurity: deps.config.baseUrl.startsWith('https://') || deps.config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // The same answer as frame-ancestors 'none', for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });

  // One client may not monopolise the catalogue (searches and exports are the expensive requests).
  // With Redis (REDIS_URL) a client is counted across every instance, for this limit and each route's
  // own (sign-in, forms); while Redis cannot answer each instance counts on its own — not fail open
  // (no limits at all), not fail closed (the office locked out during an outage): see
  // cluster/rate-limit-store.ts. Without Redis: in memory, this instance only.
  await app.register(rateLimit, {
    ...(deps.redis ? { store: sharedRateLimitStore(deps.redis, { nameSpace: 'lastmile-rl:', log: app.log }) } : {}),
    max: deps.config.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    // Assets and health probes (a balancer polling every few seconds must never be told to wait).
    allowList: (req) => isExemptFromShedding(req.url),
    errorResponseBuilder: (_req, ctx) =>
      new Problem(429, 'rate_limited', {
        ja: `アクセスが集中しています。${Math.ceil(ctx.ttl / 1000)}秒ほど待ってから、もう一度お試しください。`,
        en: `Too many requests. Please wait about ${Math.ceil(ctx.ttl / 1000)} seconds and try again.`,
      }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: API_INFO,
      servers: [{ url: deps.config.baseUrl }],
      tags: [
        { name: 'initiatives', description: 'The catalogue of awareness initiatives' },
        { name: 'organisations', description: 'Bodies that run initiatives' },
        { name: 'matrix', description: 'Coverage of audiences by delivery methods' },
        { name: 'measures', description: "The strategy's structure that initiatives are linked to" },
        { name: 'events', description: 'Awareness events (seminars, workshops, advice sessions) with their dates, places and campaigns' },
        { name: 'materials', description: 'Awareness materials: handbooks, leaflets, posters, slides, videos, teaching plans and tools' },
        { name: 'advisories', description: 'Advisories (注意喚起): current threats and what to do, with severity, audiences, prefectures, corrections and withdrawals' },
        { name: 'declarations', description: 'Self-declarations of small firms in the style of SECURITY ACTION (one star: the 5 basic measures; two stars: the 25-item self-diagnosis and a published basic policy). Self-declared, not certified; contact addresses are never published' },
        { name: 'stats', description: 'Published figures of the evaluation (adoption of the basic measures, score distributions, declarations by star), already suppressed: counts under 10 and what would reveal them are withheld' },
      ],
    },
    transform: jsonSchemaTransform,
    // Puts the schemas registered with .meta({ id }) (Initiative, Organisation, Error) into components.
    transformObject: jsonSchemaTransformObject,
    hideUntagged: true,
  });

  // Asset URLs carry a content hash (web/assets.ts), so they can be cached for a year.
  app.get('/assets/tokens.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(TOKENS_CSS));
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/assets/', decorateReply: false, maxAge: 31_536_000_000, immutable: true });

  app.setErrorHandler(handleError);
  await app.register(authPlugin);
  // Public pages as rendered bytes, keyed by the versions of their data (after the session hook, before the routes).
  await app.register(pageCachePlugin);
  // Caching is opt-in: what did not say it is public is no-store, and nothing personal is ever public (web/cache-control.ts).
  app.addHook('onSend', noStoreUnlessPublic);
  // Operations (issue 9): health probes and Prometheus metrics; the metrics hook must precede every route.
  await app.register(metricsRoutes);
  await app.register(healthRoutes);

  app.setNotFoundHandler((req, reply) => {
    // Reuse the error handler so 404s look the same everywhere.
    reply.send(notFound());
  });

  await app.register(pageRoutes);
  await app.register(catalogueRoutes);
  await app.register(organisationRoutes);
  await app.register(matrixRoutes);
  await app.register(strategyRoutes);
  await app.register(catalogueApiRoutes);
  await app.register(accountRoutes);
  await app.register(partnerRoutes);
  await app.register(moderationRoutes);
  await app.register(adminRoutes);
  await app.register(myRoutes);
  await app.register(eventRoutes);
  await app.register(subscriptionRoutes);
  const uploads = fileStore(deps.config.uploads.dir, deps.config.uploads.maxBytes);
  await app.register(materialRoutes(uploads));
  await app.register(materialApiRoutes);
  await app.register(myMaterialRoutes(uploads));
  await app.register(advisoryRoutes);
  await app.register(webhookRoutes);
  await app.register(feedRoutes);
  await app.register(pushRoutes);
  await app.register(deskRoutes);
  await app.register(helpRoutes);
  await app.register(personalCheckRoutes);
  await app.register(quizRoutes);
  await app.register(businessRoutes);
  await app.register(declarationRoutes);
  await app.register(checkAdminRoutes(CHECK_DOCUMENT_KINDS));
  await app.register(kpiRoutes);
  // Every published figure, the effort and survey ones too, is open data at /api/v1/stats.
  await app.register(statsApiRoutes([...FIGURES, ...EFFORT_FIGURES, ...SURVEY_FIGURES]));
  await app.register(reportRoutes);
  await app.register(surveyAdminRoutes);
  await app.register(importRoutes);
  await app.register(dashboardRoutes(dashboardDeps(() => app.deps.database, [...FIGURES, ...EFFORT_FIGURES, ...SURVEY_FIGURES])));
  // The one page other sites may frame; it sets its own CSP (widget/routes.tsx).
  await app.register(widgetRoutes);

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}
