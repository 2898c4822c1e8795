// The ContentContext of a request: the app's dependencies, its content kinds and the acting user.
import type { FastifyRequest } from 'fastify';
import { userOf } from '../accounts/auth-plugin.ts';
import type { ContentContext } from './service.ts';

export function contentContext(req: FastifyRequest): ContentContext {
  const { database, mailer, config } = req.server.deps;
  return { database, kinds: req.server.contentKinds, mailer, baseUrl: config.baseUrl, now: req.server.deps.now?.() ?? new Date(), actor: userOf(req), log: req.log };
}
