// Sessions, cookies, CSRF and the guards every signed-in page uses.
// - Sessions are server-side rows keyed by the SHA-256 of a random token held in an HttpOnly,
//   SameSite=Lax cookie (__Host- prefixed and Secure behind HTTPS). A fresh token is issued at every
//   sign-in and after the second factor (no session fixation); idle and absolute timeouts are
//   enforced on the server.
// - CSRF: @fastify/csrf-protection (signed double-submit cookie) checks every POST in preHandler,
//   after the body is parsed. The API has no state-changing routes yet.
// - Anonymous requests without a session cookie cost no database query.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { localePath, splitLocale } from '../i18n/locale.ts';
import { CSRF_PROBLEM, forbidden } from '../web/problem.ts';
import { isPrivileged, type AuthState, type CurrentUser } from './model.ts';
import { deleteSession, findSessionWithUser, insertSession, toCurrentUser, touchSession } from './repository.ts';
import { hashToken, newToken } from './tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session of this request, if any (also when only the password was given so far). */
    auth: AuthState | null;
  }
  interface FastifyInstance {
    sessions: SessionManager;
  }
}

export interface SessionManager {
  cookieName: string;
  /** Ends any session the request carried and starts a new one (fresh id). */
  start(req: FastifyRequest, reply: FastifyReply, user: CurrentUser, secondFactorDone: boolean): Promise<void>;
  end(req: FastifyRequest, reply: FastifyReply): Promise<void>;
}

const TOUCH_EVERY_MS = 60_000;

export const authPlugin = fp(async function authPlugin(app: FastifyInstance) {
  const { config, database } = app.deps;
  const now = () => app.deps.now?.() ?? new Date();
  const secure = config.secureCookies;
  const cookieName = secure ? '__Host-lm_session' : 'lm_session';
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
  const idleMs = config.sessionIdleMinutes * 60_000;
  const absoluteMs = config.sessionAbsoluteHours * 3_600_000;

  await app.register(fastifyCookie, { secret: config.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyCsrf, {
    cookieKey: secure ? '__Host-lm_csrf' : 'lm_csrf',
    cookieOpts: { ...cookieOpts, signed: true },
    // Only the form field: no token in URLs.
    getToken: (req) => {
      const b = req.body as Record<string, unknown> | undefined;
      return typeof b?._csrf === 'string' ? b._csrf : undefined;
    },
  });

  app.decorateRequest('auth', null);

  const sessions: SessionManager = {
    cookieName,
    async start(req, reply, user, secondFactorDone) {
      if (req.auth) await deleteSession(database.db, req.auth.sessionHash);
      const token = newToken();
      const t = now();
      const hash = hashToken(token);
      await insertSession(database.db, {
        idHash: hash,
        userId: user.id,
        now: t.toISOString(),
        expiresAt: new Date(t.getTime() + absoluteMs).toISOString(),
        secondFactor: secondFactorDone,
        userAgent: req.headers['user-agent'] ?? null,
        ip: req.ip,
      });
      req.auth = { user, sessionHash: hash, secondFactorDone };
      reply.setCookie(cookieName, token, cookieOpts);
    },
    async end(req, reply) {
      if (req.auth) await deleteSession(database.db, req.auth.sessionHash);
      req.auth = null;
      reply.clearCookie(cookieName, cookieOpts);
    },
  };
  app.decorate('sessions', sessions);

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/assets/') || req.url.startsWith('/api/')) return;
    const token = req.cookies[cookieName];
    if (!token) return;
    const hash = hashToken(token);
    const row = await findSessionWithUser(database.db, hash);
    const t = now();
    const alive =
      row &&
      row.status === 'active' &&
      new Date(row.expires_at).getTime() > t.getTime() &&
      t.getTime() - new Date(row.last_seen_at).getTime() < idleMs;
    if (!alive) {
      if (row) await deleteSession(database.db, hash);
      reply.clearCookie(cookieName, cookieOpts);
      return;
    }
    if (t.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) await touchSession(database.db, hash, t.toISOString());
    req.auth = { user: toCurrentUser(row), sessionHash: hash, secondFactorDone: row.second_factor === 1 };
    // Pages for a signed-in user are private: never stored by a shared cache.
    reply.header('cache-control', 'private, no-store');
  });

  // A browser says where a request comes from (Sec-Fetch-Site; every current browser sends it). A state-changing
  // request another site started is refused before anything else, token or not: a second line behind the
  // token, and the answer to a sibling subdomain ("same-site") that could plant cookies. The routes that
  // accept cookieless posts from mail clients (csrf: false) are left to their signed tokens.
  app.addHook('onRequest', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const site = req.headers['sec-fetch-site'];
    if (site !== 'cross-site' && site !== 'same-site') return;
    if ((req.routeOptions.config as { csrf?: boolean } | undefined)?.csrf === false) return;
    throw CSRF_PROBLEM;
  });

  // CSRF on every state-changing request outside the API.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || req.url.startsWith('/api/')) return done();
    // A route that authenticates by a token in its URL and must accept a cookieless POST (RFC 8058
    // one-click unsubscribe) opts out explicitly.
    if ((req.routeOptions.config as { csrf?: boolean } | undefined)?.csrf === false) return done();
    app.csrfProtection(req, reply, done);
  });
});

/**
 * A relative path on this site to return to after signing in; anything else (//evil, /\\evil, https://…,
 * javascript:) is dropped. Browsers ignore tabs and newlines in a Location and read "\\" as "/", so any
 * control character, space or backslash refuses the whole value ("/\t/evil.example" is //evil.example).
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 500 || !next.startsWith('/') || next.startsWith('//')) return null;
  return /[\x00-\x20\x7f\\]/.test(next) ? null : next;
}

function toLogin(req: FastifyRequest, reply: FastifyReply) {
  const { locale, path } = splitLocale(req.url);
  const next = req.method === 'GET' ? `?next=${encodeURIComponent(localePath(locale, path))}` : '';
  return reply.redirect(localePath(locale, '/login') + next, 303);
}

/** Signed in, second factor given, and (for moderators and administrators) a second factor set up. */
export async function requireSignedIn(req: FastifyRequest, reply: FastifyReply) {
  const a = req.auth;
  if (!a || !a.secondFactorDone) return toLogin(req, reply);
  if (isPrivileged(a.user) && !a.user.totpEnabled) {
    const { locale, path } = splitLocale(req.url);
    if (!path.startsWith('/my/account/two-factor') && path !== '/logout') return reply.redirect(localePath(locale, '/my/account/two-factor'), 303);
  }
}

export async function requireOrganisation(req: FastifyRequest, reply: FastifyReply) {
  await requireSignedIn(req, reply);
  if (reply.sent) return;
  if (req.auth!.user.organisationId === null) throw forbidden({ ja: 'この画面は団体に所属するアカウントで利用できます。', en: 'This page is for accounts that belong to an organisation.' });
}

export async function requireOrgAdmin(req: FastifyRequest, reply: FastifyReply) {
  await requireOrganisation(req, reply);
  if (reply.sent) return;
  if (req.auth!.user.orgRole !== 'admin') throw forbidden({ ja: 'この操作は団体の管理者だけが行えます。', en: "Only your organisation's administrators can do this." });
}

export async function requireModerator(req: FastifyRequest, reply: FastifyReply) {
  await requireSignedIn(req, reply);
  if (reply.sent) return;
  const u = req.auth!.user;
  if (!isPrivileged(u)) throw forbidden({ ja: 'この画面は事務局（モデレーター）専用です。', en: 'This page is for the program office (moderators) only.' });
}

export async function requireAdmin(req: FastifyRequest, reply: FastifyReply) {
  await requireSignedIn(req, reply);
  if (reply.sent) return;
  if (req.auth!.user.role !== 'admin') throw forbidden({ ja: 'この画面は管理者専用です。', en: 'This page is for administrators only.' });
}

/** The signed-in user, after a guard has run. */
export function userOf(req: FastifyRequest): CurrentUser {
  if (!req.auth) throw new Error('userOf called without a guard');
  return req.auth.user;
}

/** A CSRF token for a form on this response. */
export function csrfOf(reply: FastifyReply): string {
  return reply.generateCsrf();
}
