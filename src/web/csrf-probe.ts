// The CSRF check for multipart forms, whose token arrives inside the body: the app's check
// (@fastify/csrf-protection, decorated by the auth plugin) run without letting it answer the request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Runs the app's CSRF check without letting it answer the request: true when the token is valid. */
export function csrfValid(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): boolean {
  let ok = false;
  const probe = Object.create(reply) as FastifyReply;
  (probe as { send: unknown }).send = () => probe;
  app.csrfProtection(req, probe, () => {
    ok = true;
  });
  return ok;
}
