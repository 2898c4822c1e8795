// Which public pages and feeds the page cache keeps, and which data they are made of. One list, so the
// reviewer sees every cached route in one place; a test checks each entry names a real route.
//
// Only pages that are the same for every anonymous visitor belong here: lists, detail pages, feeds and
// the open API. Never a form that carries a CSRF token, never anything personal (the cache refuses those
// anyway: see page-cache.ts), never a file download that is streamed.
// Each entry is a Fastify route pattern; its English twin (/en/…) is cached alike. The key is the path and
// query only: a route whose answer depends on a request header (Accept-Language…) must not be listed.
import type { DataDomain } from './versions.ts';

const C: readonly DataDomain[] = ['content'];
/** Pages that also show figures that move as self-check results and deliveries arrive. */
const CS: readonly DataDomain[] = ['content', 'stats'];

export const CACHED_ROUTES: ReadonlyMap<string, readonly DataDomain[]> = new Map<string, readonly DataDomain[]>([
  ['/', C],
  // The catalogue, organisations, the coverage matrix and the strategy.
  ['/initiatives', C],
  ['/initiatives/:id', C],
  ['/organisations', C],
  ['/organisations/:slug', C],
  ['/matrix', C],
  ['/strategy', C],
  // Events and campaigns.
  ['/events', C],
  ['/events/calendar', C],
  ['/events/map', C],
  ['/events/:id', C],
  ['/events.ics', C],
  ['/campaigns', C],
  ['/campaigns/:id', C],
  // The library.
  ['/materials', C],
  ['/materials/:id', C],
  // Advisories: a national warning sends the crowd here and to the feed.
  ['/advisories', C],
  ['/advisories/:id', C],
  ['/advisories.atom', C],
  // Help desks.
  ['/desks', C],
  ['/desks/:id', C],
  // The evaluation dashboard.
  ['/dashboard', CS],
  ['/dashboard/effort', CS],
  ['/dashboard/adoption', CS],
  ['/dashboard/declarations', CS],
  ['/dashboard/need', CS],
  // The open API's read-only lists.
  ['/api/v1/initiatives', C],
  ['/api/v1/initiatives/:id', C],
  ['/api/v1/matrix', C],
  ['/api/v1/events', C],
  ['/api/v1/events/:id', C],
  ['/api/v1/materials', C],
  ['/api/v1/materials/:id', C],
  ['/api/v1/advisories', C],
  ['/api/v1/advisories/:id', C],
  ['/api/v1/stats', CS],
  ['/api/v1/stats/:figure', CS],
]);

/** The data a route's response is made of, or undefined when the route is not cached. */
export function cachedDomains(routeUrl: string | undefined): readonly DataDomain[] | undefined {
  if (routeUrl === undefined) return undefined;
  const path = routeUrl === '/en' ? '/' : routeUrl.startsWith('/en/') ? routeUrl.slice(3) : routeUrl;
  return CACHED_ROUTES.get(path);
}
