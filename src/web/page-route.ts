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
