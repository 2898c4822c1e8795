// What an organisation (and an administrator) can do to webhook endpoints. Each command runs in one
// transaction with its audit entry; the entries describe the endpoint without its secret. Routes have
// already checked that the endpoint belongs to the actor's organisation (repository.findEndpoint) and
// that the actor may change it.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { formList, formText, type FormBody } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import {
  deleteEndpoint,
  insertEndpoint,
  replayDeadDeliveries,
  replayDelivery,
  setAllowPrivate,
  setEndpointActive,
  setEndpointSecret,
  updateEndpoint,
  type Endpoint,
  type EndpointSettings,
} from './repository.ts';
import { newWebhookSecret } from './secret.ts';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH, type Resolver } from './url.ts';

export interface WebhookContext {
  database: DatabaseHandle;
  now: Date;
  actor: CurrentUser;
}

export const NAME_MAX = 100;

/** What the form shows back: the fields as typed. */
export interface EndpointForm {
  name: string;
  url: string;
  locale: string;
  prefecture: string;
  scope: string;
  audiences: string[];
  include: string[];
}

export function formOf(e: EndpointSettings): EndpointForm {
  return {
    name: e.name,
    url: e.url,
    locale: e.locale,
    prefecture: e.prefecture ?? '',
    scope: e.audiences.length ? 'chosen' : 'all',
    audiences: e.audiences,
    include: [...(e.includeEvents ? ['events'] : []), ...(e.includeMaterials ? ['materials'] : [])],
  };
}

export const EMPTY_FORM: EndpointForm = { name: '', url: '', locale: 'ja', prefecture: '', scope: 'all', audiences: [], include: [] };

/**
 * Reads and checks the endpoint form. Only these fields are read (an owner, a status or allow_private
 * in the request is ignored). The URL is vetted with the endpoint's own allowPrivate (false for a new one).
 */
export async function readEndpointForm(body: FormBody, allowPrivate: boolean, resolve?: Resolver): Promise<{ form: EndpointForm; settings: EndpointSettings | null; errors: FieldErrors }> {
  const form: EndpointForm = {
    name: formText(body, 'name', NAME_MAX + 1),
    url: formText(body, 'url', MAX_WEBHOOK_URL_LENGTH + 1),
    locale: formText(body, 'locale', 5),
    prefecture: formText(body, 'prefecture', 5),
    scope: formText(body, 'scope', 10),
    audiences: formList(body, 'audiences', 20),
    include: formList(body, 'include', 5),
  };
  const errors: FieldErrors = {};
  if (!form.name) errors.name = { ja: '名前を入力してください（例：市のウェブサイト連携）。', en: 'Enter a name (for example: City website feed).' };
  else if (form.name.length > NAME_MAX) errors.name = { ja: `名前は${NAME_MAX}文字以内にしてください。`, en: `The name must be ${NAME_MAX} characters or fewer.` };
  const checked = await checkWebhookUrl(form.url, { allowPrivate, resolve });
  if (!checked.ok) errors.url = checked.reason;
  if (form.locale !== 'ja' && form.locale !== 'en') errors.locale = { ja: '本文の言語を選んでください。', en: 'Choose the language of the message text.' };
  if (form.prefecture && !isPrefectureCode(form.prefecture)) errors.prefecture = { ja: '都道府県を一覧から選び直してください。', en: 'Choose the prefecture again from the list.' };
  if (form.scope !== 'all' && form.scope !== 'chosen') errors.scope = { ja: '対象を「すべて」か「選んだ対象だけ」から選んでください。', en: 'Choose “everyone” or “only the audiences I choose”.' };
  else if (form.scope === 'chosen') {
    if (!form.audiences.length) errors.audiences = { ja: '受け取る対象を1つ以上選んでください。', en: 'Choose at least one audience.' };
    else if (form.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) errors.audiences = { ja: '対象を一覧から選び直してください。', en: 'Choose the audiences again from the list.' };
  }
  if (form.include.some((x) => x !== 'events' && x !== 'materials')) errors.include = { ja: '一覧から選び直してください。', en: 'Choose again from the list.' };
  if (Object.keys(errors).length || !checked.ok) return { form, settings: null, errors };
  return {
    form,
    errors,
    settings: {
      name: form.name,
      url: checked.url,
      locale: form.locale as 'ja' | 'en',
      prefecture: form.prefecture || null,
      audiences: form.scope === 'chosen' ? [...form.audiences].sort() : [],
      includeEvents: form.include.includes('events'),
      includeMaterials: form.include.includes('materials'),
    },
  };
}

/** The endpoint as the audit trail keeps it: everything but the secret. */
function described(e: EndpointSettings & { status?: string; allowPrivate?: boolean }, id: number) {
  return {
    endpoint: id,
    name: e.name,
    url: e.url,
    locale: e.locale,
    prefecture: e.prefecture,
    audiences: e.audiences.length ? e.audiences : 'all',
    events: e.includeEvents,
    materials: e.includeMaterials,
    ...(e.status === undefined ? {} : { status: e.status }),
    ...(e.allowPrivate === undefined ? {} : { allowPrivate: e.allowPrivate }),
  };
}

async function audit(ctx: WebhookContext, trx: Db, organisationId: number, action: string, e: { id: number; name: string }, before?: unknown, after?: unknown): Promise<void> {
  // Recorded on the organisation, so it appears in the organisation's own history (/my/history).
  await recordAudit(trx, {
    actorUserId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    organisationId,
    subjectKind: 'organisation',
    subjectId: organisationId,
    action,
    before,
    after,
    note: `Webhook #${e.id} ${e.name}`,
    now: ctx.now.toISOString(),
  });
}

/** Creates an active endpoint with a new secret; returns its id and the secret (to be shown once). */
export async function createEndpoint(ctx: WebhookContext, organisationId: number, s: EndpointSettings): Promise<{ id: number; secret: string }> {
  const secret = newWebhookSecret();
  const now = ctx.now.toISOString();
  const id = await ctx.database.db.transaction().execute(async (trx) => {
    const id = await insertEndpoint(trx, organisationId, s, secret, now);
    await audit(ctx, trx, organisationId, 'webhook_created', { id, name: s.name }, undefined, described(s, id));
    return id;
  });
  return { id, secret };
}

export async function changeEndpoint(ctx: WebhookContext, e: Endpoint, s: EndpointSettings): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await updateEndpoint(trx, e.id, s, ctx.now.toISOString());
    await audit(ctx, trx, e.organisationId, 'webhook_updated', { id: e.id, name: s.name }, described(e, e.id), described(s, e.id));
  });
}

/** A new secret at once: the old one stops working for the next delivery. Returns the new one (shown once). */
export async function rotateSecret(ctx: WebhookContext, e: Endpoint): Promise<string> {
  const secret = newWebhookSecret();
  await ctx.database.db.transaction().execute(async (trx) => {
    await setEndpointSecret(trx, e.id, secret, ctx.now.toISOString());
    await audit(ctx, trx, e.organisationId, 'webhook_secret_rotated', e);
  });
  return secret;
}

export async function pauseOrResume(ctx: WebhookContext, e: Endpoint, active: boolean): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await setEndpointActive(trx, e.id, active, ctx.now.toISOString());
    await audit(ctx, trx, e.organisationId, active ? 'webhook_resumed' : 'webhook_paused', e, { status: e.status, reason: e.disabledReason }, { status: active ? 'active' : 'disabled' });
  });
}

export async function removeEndpoint(ctx: WebhookContext, e: Endpoint): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await deleteEndpoint(trx, e.id);
    await audit(ctx, trx, e.organisationId, 'webhook_deleted', e, described(e, e.id));
  });
}

export async function replayOne(ctx: WebhookContext, e: Endpoint, deliveryId: number): Promise<boolean> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const ok = await replayDelivery(trx, e.id, deliveryId, ctx.now.toISOString());
    if (ok) await audit(ctx, trx, e.organisationId, 'webhook_delivery_replayed', e, undefined, { delivery: deliveryId });
    return ok;
  });
}

export async function replayAllDead(ctx: WebhookContext, e: Endpoint): Promise<number> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const n = await replayDeadDeliveries(trx, e.id, ctx.now.toISOString());
    if (n) await audit(ctx, trx, e.organisationId, 'webhook_dead_replayed', e, undefined, { deliveries: n });
    return n;
  });
}

/** Administrators: let this one endpoint reach loopback and private addresses (or stop it). */
export async function allowPrivateAddresses(ctx: WebhookContext, e: Endpoint, allowed: boolean): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await setAllowPrivate(trx, e.id, allowed, ctx.now.toISOString());
    await audit(ctx, trx, e.organisationId, allowed ? 'webhook_private_allowed' : 'webhook_private_disallowed', e, { allowPrivate: e.allowPrivate }, { allowPrivate: allowed });
  });
}

export const INACTIVE_REPLAY: Text = {
  ja: 'この送信先は停止中です。再開してから再送してください。',
  en: 'This endpoint is paused or disabled. Resume it, then send again.',
};
