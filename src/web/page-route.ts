// Every HTML page is served at /path (Japanese) and /en/path (English) by the same handler.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Locale } from '../i18n/locale.ts';

export function pageRoute<Q = unknown, P = unknown>(
  app: FastifyInstance,
  path: string,
  schema: FastifySchema | undefined,
  handler: (req: FastifyRequest<{ Querystring: Q; Params: P }>, reply: FastifyReply, locale: Locale) => unknown,
): void {
  const enPath = path === '/' ? '/en' : `/en${path}`;
  const opts = { schema: { ...(schema ?? {}), hide: true } };
  app.get(path, opts, (req, reply) => handler(req as FastifyRequest<{ Querystring: Q; Params: P }>, reply, 'ja'));
  app.get(enPath, opts, (req, reply) => handler(req as FastifyRequest<{ Querystring: Q; Params: P }>, reply, 'en'));
}

/** A form's POST handler at /path and /en/path. `config` carries per-route options such as a rate limit. */
export function pagePost<B = unknown, P = unknown>(
  app: FastifyInstance,
  path: string,
  config: Record<string, unknown> | undefined,
  handler: (req: FastifyRequest<{ Body: B; Params: P }>, reply: FastifyReply, locale: Locale) => unknown,
): void {
  const opts = { schema: { hide: true }, config: config ?? {} };
  app.post(path, opts, (req, reply) => handler(req as FastifyRequest<{ Body: B; Params: P }>, reply, 'ja'));
  app.post(path === '/' ? '/en' : `/en${path}`, opts, (req, reply) => handler(req as FastifyRequest<{ Body: B; Params: P }>, reply, 'en'));
}
