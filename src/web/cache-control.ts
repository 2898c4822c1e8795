// Nothing personal is kept by a browser or a shared cache: caching is opt-in. A response that did not say
// how it may be cached (the page cache's public pages, assets, feeds and the widget do) is `no-store`, and
// so is anything that sets a cookie or answers a signed-in request, whatever the route said: forms carry a
// CSRF token, token links (unsubscribe, manage, resume, reset) show someone's choices, and a new route is
// private until someone decides otherwise. The page cache itself refuses sessions, cookies and tokens.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PRIVATE_NO_STORE = 'private, no-store';

export async function noStoreUnlessPublic(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (req.auth || reply.hasHeader('set-cookie')) reply.header('cache-control', PRIVATE_NO_STORE);
  else if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return payload;
}
