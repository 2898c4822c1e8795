// A small cookie-keeping client over app.inject: what a browser without JavaScript does — GET a
// page, read the form's CSRF token, POST the form with the cookies it was given.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TOTP, Secret } from 'otpauth';
import { hashPassword } from '../../src/accounts/password.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';

export class Client {
  readonly cookies = new Map<string, string>();
  last: LightMyRequestResponse | null = null;
  constructor(readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    this.last = res;
    return res;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() }, remoteAddress: this.ip }));
  }

  /** The CSRF token of the last page's first form (or of the form posting to `action`). */
  csrf(action?: string): string {
    const body = this.last?.body ?? '';
    const re = action ? new RegExp(`action="${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>\\s*<input type="hidden" name="_csrf" value="([^"]+)"`) : /name="_csrf" value="([^"]+)"/;
    const m = re.exec(body);
    if (!m) throw new Error(`no CSRF token on the last page${action ? ` for ${action}` : ''} (status ${this.last?.statusCode})`);
    return m[1]!;
  }

  /** POSTs a form. The CSRF token is taken from the last page unless one is given (or `null` for none). */
  async post(url: string, fields: Record<string, string | string[]>, csrf?: string | null): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    const token = csrf === undefined ? this.csrf() : csrf;
    if (token !== null) params.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: params.toString(),
        remoteAddress: this.ip,
      }),
    );
  }

  /** GETs the page that holds the form, then submits it. */
  async submit(pageUrl: string, action: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    await this.get(pageUrl);
    return this.post(action, fields, this.csrf(action));
  }
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  totpSecret: string | null;
}

/** Inserts a verified user directly (for tests of what comes after registration). */
export async function createUser(
  handle: DatabaseHandle,
  u: { email: string; password?: string; displayName?: string; role?: 'member' | 'moderator' | 'admin'; organisationId?: number | null; orgRole?: 'member' | 'admin' | null; totp?: boolean },
): Promise<TestUser> {
  const password = u.password ?? 'a long enough test passphrase';
  const now = new Date().toISOString();
  const totpSecret = u.totp ? new Secret({ size: 20 }).base32 : null;
  const row = await handle.db
    .insertInto('users')
    .values({
      email: u.email.toLowerCase(),
      display_name: u.displayName ?? u.email.split('@')[0]!,
      password_hash: await hashPassword(password),
      email_verified_at: now,
      role: u.role ?? 'member',
      organisation_id: u.organisationId ?? null,
      org_role: u.organisationId ? (u.orgRole ?? 'admin') : null,
      totp_secret: totpSecret,
      totp_enabled_at: totpSecret ? now : null,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email: u.email.toLowerCase(), password, totpSecret };
}

export function totpNow(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** Signs in through the real forms (password, then the TOTP code when the user has one). */
export async function signIn(client: Client, user: TestUser): Promise<void> {
  await client.get('/login');
  const res = await client.post('/login', { email: user.email, password: user.password });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  if (res.headers.location === '/login/two-factor') {
    if (!user.totpSecret) throw new Error('two-factor asked for a user without a secret');
    await client.get('/login/two-factor');
    const r2 = await client.post('/login/two-factor', { code: totpNow(user.totpSecret) });
    if (r2.statusCode !== 303) throw new Error(`second factor failed: ${r2.statusCode}`);
  }
}

export async function organisationIdBySlug(handle: DatabaseHandle, slug: string): Promise<number> {
  const r = await handle.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return r.id;
}
