// The application factory: everything it needs is passed in, so tests, the benchmark and main build
// the same app against different databases. Order: external plugins, error handling, then routes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { localeFromAcceptLanguage, splitLocale, type Locale } from './i18n/locale.ts';
import { catalogueApiRoutes } from './catalogue/api.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { matrixRoutes } from './matrix/routes.ts';
import { organisationRoutes } from './organisations/routes.ts';
import { pageRoutes } from './pages/routes.tsx';
import { strategyRoutes } from './strategy/routes.ts';
import { ErrorPage } from './web/error-page.tsx';
import { Problem, notFound, type ProblemDetail } from './web/problem.ts';
import { parseQueryString } from './web/querystring.ts';
import { sendPage } from './web/render.ts';
import { describeIssues } from './web/validation-messages.ts';
import { API_INFO } from './openapi/info.ts';

export interface AppDeps {
  config: Pick<Config, 'baseUrl' | 'logLevel'> & Partial<Pick<Config, 'rateLimitPerMinute' | 'trustProxy'>>;
  database: DatabaseHandle;
  /** Pass false in tests to keep their output quiet; main passes pino options. */
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function hopsTrusted(n: number) {
  return (_address: string, hop: number) => hop < n;
}

function isApi(url: string): boolean {
  return url.startsWith('/api/');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // 1 MiB is ample for every form here; larger bodies get 413.
    bodyLimit: 1024 * 1024,
    routerOptions: { querystringParser: parseQueryString, ignoreTrailingSlash: true, maxParamLength: 200 },
    // Request ids in every log line, so one request can be followed through the logs.
    genReqId: () => crypto.randomUUID(),
    // A hop count means "trust that many proxies in front of us".
    trustProxy: typeof deps.config.trustProxy === 'number' ? hopsTrusted(deps.config.trustProxy) : (deps.config.trustProxy ?? false),
  });
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
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
    // HSTS only matters behind HTTPS; browsers ignore it over plain HTTP.
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });

  // One client may not monopolise the catalogue (searches and exports are the expensive requests).
  // In memory per process for now; a shared store comes with running several instances.
  await app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    allowList: (req) => req.url.startsWith('/assets/'),
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
      ],
    },
    transform: jsonSchemaTransform,
    // Puts the schemas registered with .meta({ id }) (Initiative, Organisation, Error) into components.
    transformObject: jsonSchemaTransformObject,
    hideUntagged: true,
  });

  const tokensCss = readFileSync(join(dirname(require.resolve('@digital-go-jp/design-tokens/package.json')), 'dist/tokens.css'));
  app.get('/assets/tokens.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(tokensCss));
  await app.register(fastifyStatic, { root: join(here, 'web/static'), prefix: '/assets/', decorateReply: false, maxAge: 86400_000 });

  app.setErrorHandler((err, req, reply) => {
    const api = isApi(req.url);
    const locale: Locale = api ? localeFromAcceptLanguage(req.headers['accept-language']) : splitLocale(req.url).locale;
    let status: number;
    let code: string;
    let title: { ja: string; en: string };
    let details: ProblemDetail[] = [];
    if (err instanceof Problem) {
      ({ status, code, title, details } = err);
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      code = 'invalid_request';
      title = { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' };
      details = describeIssues(err.validation, err.validationContext === 'querystring' ? req.query : req.body);
    } else {
      const e = err as { statusCode?: number; code?: string };
      status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
      code = status === 500 ? 'internal_error' : (e.code ?? 'bad_request');
      if (status === 413) title = { ja: '送信されたデータが大きすぎます。', en: 'The request is too large.' };
      else if (status === 415) title = { ja: 'この形式のデータは受け付けられません。', en: 'This content type is not accepted.' };
      else if (status === 500) title = { ja: '申し訳ありません。システムで問題が発生しました。時間をおいてもう一度お試しください。', en: 'Sorry, something went wrong on our side. Please try again later.' };
      else title = { ja: 'リクエストを処理できませんでした。', en: 'The request could not be processed.' };
      if (status === 500) req.log.error({ err }, 'unhandled error');
    }
    if (api) {
      return reply.code(status).send({
        error: { code, message: title[locale], details: details.map((d) => ({ param: d.param, message: d.message[locale] })) },
      });
    }
    return sendPage(reply, ErrorPage({ locale, path: splitLocale(req.url).path, status, title: title[locale], details }), status);
  });

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

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}
