// Web push: the service worker (/sw.js), the subscription page (/subscribe/push, /en/subscribe/push)
// and the JSON API its script calls (POST and DELETE /api/v1/push-subscriptions).
//
// The API is called by our own page, with the visitor's cookies, so it is CSRF-protected like a form
// (the token travels in the JSON body as `_csrf`, which is where the app's CSRF plugin reads it) and
// rate-limited per address like the sign-in forms. Endpoints come from browsers, i.e. from anyone: an
// endpoint must be https and its host must not be a private or loopback address (unless
// PUSH_ALLOW_PRIVATE), checked here at registration and again by the sender at every delivery.
import { createHash } from 'node:crypto';
import { promises as dns } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse } from '../catalogue/api.ts';
import type { Text } from '../i18n/locale.ts';
import { isPrivateAddress } from '../links/addresses.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { STATIC_DIR } from '../web/assets.ts';
import { pageRoute } from '../web/page-route.ts';
import { Problem, type ProblemDetail } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { deletePushSubscription, upsertPushSubscription } from './repository.ts';
import { SERVICE_WORKER_JS } from './service-worker.ts';
import { vapidKeys, type VapidKeys } from './vapid.ts';
import { PushSubscribePage } from './views.tsx';

/** base64url (padding tolerated) that decodes to exactly `bytes` bytes. */
function base64url(bytes: number, firstByte?: number) {
  return z
    .string()
    .max(200)
    .refine((s) => {
      if (!/^[A-Za-z0-9_-]+={0,2}$/.test(s)) return false;
      const b = Buffer.from(s, 'base64url');
      return b.length === bytes && (firstByte === undefined || b[0] === firstByte);
    });
}

const CSRF_FIELD = z.string().max(200).optional().describe('The CSRF token of the /subscribe/push page (its form\'s data-csrf attribute), with the cookie that page set. Required.');

export const PushSubscriptionRequest = z
  .object({
    subscription: z
      .object({
        endpoint: z.string().max(2048).describe('The push service URL the browser gave (PushSubscription.endpoint); https'),
        expirationTime: z.number().nullable().optional(),
        keys: z.object({
          p256dh: base64url(65, 0x04).describe("The browser's P-256 public key: 65 bytes (uncompressed point), base64url"),
          auth: base64url(16).describe('The authentication secret: 16 bytes, base64url'),
        }),
      })
      .describe('PushSubscription.toJSON() as the browser returns it'),
    locale: z.enum(['ja', 'en']).default('ja').describe('Language of the notifications'),
    audiences: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length).default([]).describe('Audiences to receive advisories for; empty means all'),
    prefecture: z.string().refine(isPrefectureCode).nullable().default(null).describe('JIS X 0401 code (01–47); null means all of Japan'),
    includeEvents: z.boolean().default(false),
    includeMaterials: z.boolean().default(false),
    _csrf: CSRF_FIELD,
  })
  .meta({ id: 'PushSubscriptionRequest' });

export const PushUnsubscribeRequest = z
  .object({
    endpoint: z.string().max(2048),
    auth: base64url(16).describe('The subscription\'s authentication secret: proves the caller is the browser that holds it'),
    _csrf: CSRF_FIELD,
  })
  .meta({ id: 'PushUnsubscribeRequest' });

const PushSubscriptionResult = z.object({ status: z.enum(['created', 'updated']) }).meta({ id: 'PushSubscriptionResult' });

/** What to fix, per field of the request, in both languages. */
const FIELD_MESSAGES: Record<string, Text> = {
  'subscription.endpoint': { ja: 'subscription.endpoint にはプッシュサービスのURL（https://…）を指定してください。', en: 'subscription.endpoint must be the URL of a push service (https://…).' },
  'subscription.keys.p256dh': {
    ja: 'subscription.keys.p256dh には、ブラウザのP-256公開鍵（非圧縮形式の65バイト）をbase64url形式で指定してください。',
    en: "subscription.keys.p256dh must be the browser's P-256 public key: 65 bytes (uncompressed point), base64url-encoded.",
  },
  'subscription.keys.auth': { ja: 'subscription.keys.auth には、16バイトの認証用シークレットをbase64url形式で指定してください。', en: 'subscription.keys.auth must be the 16-byte authentication secret, base64url-encoded.' },
  auth: { ja: 'auth には、16バイトの認証用シークレットをbase64url形式で指定してください。', en: 'auth must be the 16-byte authentication secret, base64url-encoded.' },
  endpoint: { ja: 'endpoint にはプッシュサービスのURLを指定してください。', en: 'endpoint must be the URL of a push service.' },
  locale: { ja: 'locale には ja か en を指定してください。', en: 'locale must be ja or en.' },
  audiences: { ja: `audiences には次の値だけを指定できます: ${AUDIENCES.join(', ')}`, en: `audiences accepts only: ${AUDIENCES.join(', ')}` },
  prefecture: { ja: 'prefecture には都道府県コード（01〜47）か null を指定してください。', en: 'prefecture must be a prefecture code (01 to 47) or null.' },
  includeEvents: { ja: 'includeEvents には true か false を指定してください。', en: 'includeEvents must be true or false.' },
  includeMaterials: { ja: 'includeMaterials には true か false を指定してください。', en: 'includeMaterials must be true or false.' },
};

const INVALID: Text = { ja: '登録内容に誤りがあります。', en: 'The subscription request contains an error.' };

function invalid(details: ProblemDetail[]): Problem {
  return new Problem(400, 'invalid_request', INVALID, details);
}

/** The body, or the 400 that names each wrong field and says what it must be. */
function bodyOf<T>(req: FastifyRequest, schema: z.ZodType<T>): T {
  if (!req.validationError) return req.body as T;
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const details = new Map<string, ProblemDetail>();
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    // audiences.3 → audiences; a missing object reports its first field.
    const key = [path.join('.'), path.slice(0, -1).join('.'), path[0] ?? ''].find((k) => FIELD_MESSAGES[k]) ?? path.join('.');
    if (details.has(key)) continue;
    details.set(key, {
      param: key || undefined,
      message: FIELD_MESSAGES[key] ?? { ja: `「${key || '本文'}」の形式が正しくありません。`, en: `"${key || 'body'}" is not in the expected form.` },
    });
  }
  throw invalid([...details.values()]);
}

/** An endpoint the sender may deliver to: https, and a host that is not private (unless allowed). */
async function checkEndpoint(endpoint: string, allowPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalid([{ param: 'subscription.endpoint', message: FIELD_MESSAGES['subscription.endpoint']! }]);
  }
  const httpOk = allowPrivate && url.protocol === 'http:';
  if ((url.protocol !== 'https:' && !httpOk) || url.username || url.password) {
    throw invalid([{ param: 'subscription.endpoint', message: FIELD_MESSAGES['subscription.endpoint']! }]);
  }
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else if (host === 'localhost' || host.endsWith('.localhost')) addresses = ['127.0.0.1'];
  else {
    // A name that does not resolve now (or not within 3 s) is let through: the sender vets it again
    // at every delivery, and the visitor is not kept waiting on a slow resolver.
    let timer: NodeJS.Timeout | undefined;
    addresses = await Promise.race([
      dns
        .lookup(host, { all: true, verbatim: true })
        .then((list) => list.map((a) => a.address))
        .catch(() => []),
      new Promise<string[]>((res) => (timer = setTimeout(() => res([]), 3000))),
    ]).finally(() => clearTimeout(timer));
  }
  if (addresses.some((a) => isPrivateAddress(a))) {
    throw invalid([
      {
        param: 'subscription.endpoint',
        message: {
          ja: 'subscription.endpoint のホストがプライベートまたはループバックのアドレスを指しているため、受け付けられません。',
          en: 'subscription.endpoint points to a private or loopback address, which is not accepted.',
        },
      },
    ]);
  }
}

/** /assets/push.js?v=<hash of its content>: cached for a year, fetched again when it changes. */
function pushScriptUrl(): string {
  const hash = createHash('sha256').update(readFileSync(join(STATIC_DIR, 'push.js'))).digest('hex').slice(0, 12);
  return `/assets/push.js?v=${hash}`;
}

export async function pushRoutes(app: FastifyInstance): Promise<void> {
  const { config, database } = app.deps;
  const now = () => (app.deps.now?.() ?? new Date()).toISOString();
  const scriptUrl = pushScriptUrl();
  // The app is built before main migrates the database: the keys are read (or made) on first use.
  let keys: Promise<VapidKeys> | null = null;
  const publicKey = async () => {
    keys ??= vapidKeys(database.db).catch((err) => {
      keys = null;
      throw err;
    });
    return (await keys).publicKey;
  };
  const limit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: 60_000 } };

  app.get('/sw.js', { schema: { hide: true } }, (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      // A browser checks for a new worker at most daily anyway; no-cache makes it check every time.
      .header('cache-control', 'no-cache')
      .send(SERVICE_WORKER_JS),
  );

  pageRoute(app, '/subscribe/push', undefined, async (_req, reply, locale) =>
    sendPage(reply, PushSubscribePage({ locale, csrf: reply.generateCsrf(), vapidPublicKey: await publicKey(), scriptUrl })),
  );

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/v1/push-subscriptions',
    {
      attachValidation: true,
      config: limit,
      // The app's CSRF hook leaves /api/ alone (open data needs no token); this route is a form post in JSON.
      preValidation: app.csrfProtection,
      schema: {
        tags: ['subscriptions'],
        summary: 'Subscribe this browser to advisories by web push, or change its choices (called by the /subscribe/push page)',
        description:
          'Needs the CSRF token and cookie of the /subscribe/push page. The endpoint must be https and must not resolve to a private address. An existing endpoint is updated only with the same keys.auth.',
        body: PushSubscriptionRequest,
        response: { 200: PushSubscriptionResult, 201: PushSubscriptionResult, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const body = bodyOf(req, PushSubscriptionRequest);
      await checkEndpoint(body.subscription.endpoint, config.delivery.pushAllowPrivate);
      const result = await database.db.transaction().execute((trx) =>
        upsertPushSubscription(
          trx,
          {
            endpoint: body.subscription.endpoint,
            p256dh: body.subscription.keys.p256dh.replace(/=+$/, ''),
            auth: body.subscription.keys.auth.replace(/=+$/, ''),
            locale: body.locale,
            audiences: body.audiences,
            prefecture: body.prefecture,
            includeEvents: body.includeEvents,
            includeMaterials: body.includeMaterials,
          },
          now(),
        ),
      );
      if (result.kind === 'conflict') {
        throw new Problem(409, 'subscription_conflict', {
          ja: 'このエンドポイントは別の鍵で登録されています。通知を止めてから、もう一度登録してください。',
          en: 'This endpoint is registered with different keys. Turn notifications off, then subscribe again.',
        });
      }
      return reply.code(result.kind === 'created' ? 201 : 200).send({ status: result.kind });
    },
  );

  api.delete(
    '/api/v1/push-subscriptions',
    {
      attachValidation: true,
      config: limit,
      preValidation: app.csrfProtection,
      schema: {
        tags: ['subscriptions'],
        summary: "Unsubscribe this browser from web push (its endpoint and auth secret); pending messages to it are cancelled",
        body: PushUnsubscribeRequest,
        response: { 204: z.null().describe('Unsubscribed'), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const body = bodyOf(req, PushUnsubscribeRequest);
      const deleted = await database.db.transaction().execute((trx) => deletePushSubscription(trx, body.endpoint, body.auth.replace(/=+$/, '')));
      if (!deleted) throw new Problem(404, 'not_found', { ja: 'この通知の登録は見つかりませんでした。', en: 'There is no such push subscription.' });
      return reply.code(204).send(null);
    },
  );
}
