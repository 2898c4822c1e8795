// Administrators' commands: verifying organisations and setting their review policy, changing users'
// system roles and suspending accounts. Each runs in one transaction with its audit event (who, when,
// before, after); a value outside its list, or an administrator locking themselves out, is refused
// with a message instead of a change.
import type { CurrentUser } from '../accounts/model.ts';
import { SYSTEM_ROLES, type SystemRole } from '../accounts/model.ts';
import { deleteUserSessions } from '../accounts/repository.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db, DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { notFound } from '../web/problem.ts';

export interface AdminContext {
  database: DatabaseHandle;
  now: Date;
  actor: CurrentUser;
}

export const REVIEW_POLICIES = ['always', 'verified_direct'] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A refusal the page explains; null when the change was made (or there was nothing to change). */
export type Refusal = Text | null;

export const CHOOSE_AGAIN: Text = { ja: '操作を選び直してください。', en: 'Choose the action again.' };

export interface OrganisationForAdmin {
  id: number;
  slug: string;
  nameJa: string;
  nameEn: string;
  kind: string;
  sector: string;
  status: string;
  verifiedAt: string | null;
  reviewPolicy: string;
  /** The program office allows it to publish advisories (advisories/service.ts). */
  mayPublishAdvisories: boolean;
  members: number;
  createdAt: string;
}

/** Every organisation, pending ones first (they wait for a decision), then by name key / id. */
export async function listOrganisationsForAdmin(db: Db): Promise<OrganisationForAdmin[]> {
  const rows = await db
    .selectFrom('organisations as o')
    .leftJoin('users as u', 'u.organisation_id', 'o.id')
    .select((eb) => ['o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.kind', 'o.sector', 'o.status', 'o.verified_at', 'o.review_policy', 'o.may_publish_advisories', 'o.created_at', eb.fn.count('u.id').as('n')])
    .groupBy(['o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.kind', 'o.sector', 'o.status', 'o.verified_at', 'o.review_policy', 'o.may_publish_advisories', 'o.created_at'])
    .orderBy('o.id')
    .execute();
  const out = rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    nameJa: r.name_ja,
    nameEn: r.name_en,
    kind: r.kind,
    sector: r.sector,
    status: r.status,
    verifiedAt: r.verified_at,
    reviewPolicy: r.review_policy,
    mayPublishAdvisories: r.may_publish_advisories === 1,
    members: Number(r.n),
    createdAt: r.created_at,
  }));
  return [...out.filter((o) => o.status === 'pending'), ...out.filter((o) => o.status !== 'pending')];
}

const iso = (d: Date) => d.toISOString();

async function organisationRow(db: Db, id: number) {
  const org = await db.selectFrom('organisations').select(['id', 'status', 'verified_at', 'review_policy']).where('id', '=', id).executeTakeFirst();
  if (!org) throw notFound();
  return org;
}

/** Verifies an organisation (activating it when pending), or takes the verification back. */
export async function setVerified(ctx: AdminContext, organisationId: number, verified: boolean): Promise<void> {
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    const org = await organisationRow(trx, organisationId);
    if ((org.verified_at !== null) === verified && (!verified || org.status === 'active')) return;
    const after = { status: verified ? 'active' : org.status, verifiedAt: verified ? (org.verified_at ?? now) : null };
    await trx.updateTable('organisations').set({ status: after.status, verified_at: after.verifiedAt, updated_at: now }).where('id', '=', organisationId).execute();
    await recordAudit(trx, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId,
      subjectKind: 'organisation',
      subjectId: organisationId,
      action: verified ? 'organisation_verified' : 'organisation_verification_revoked',
      before: { status: org.status, verifiedAt: org.verified_at },
      after,
      now,
    });
  });
}

export async function setReviewPolicy(ctx: AdminContext, organisationId: number, policy: ReviewPolicy): Promise<void> {
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    const org = await organisationRow(trx, organisationId);
    if (org.review_policy === policy) return;
    await trx.updateTable('organisations').set({ review_policy: policy, updated_at: now }).where('id', '=', organisationId).execute();
    await recordAudit(trx, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId,
      subjectKind: 'organisation',
      subjectId: organisationId,
      action: 'review_policy_changed',
      before: { reviewPolicy: org.review_policy },
      after: { reviewPolicy: policy },
      now,
    });
  });
}

async function userRow(db: Db, id: number) {
  const u = await db.selectFrom('users').select(['id', 'role', 'status', 'organisation_id']).where('id', '=', id).executeTakeFirst();
  if (!u) throw notFound();
  return u;
}

export function isSystemRole(x: string): x is SystemRole {
  return (SYSTEM_ROLES as readonly string[]).includes(x);
}

/**
 * Changes a user's system role. An administrator cannot take away their own role (so there is always
 * one left). A user promoted to moderator or administrator must set up a second factor before their
 * next page: the sign-in guard sends them to the setup.
 */
export async function setRole(ctx: AdminContext, userId: number, role: SystemRole): Promise<Refusal> {
  const now = iso(ctx.now);
  return ctx.database.db.transaction().execute(async (trx) => {
    const u = await userRow(trx, userId);
    if (u.role === role) return null;
    if (userId === ctx.actor.id) return { ja: '自分自身の管理者権限は外せません。ほかの管理者に依頼してください。', en: 'You cannot remove your own administrator role. Ask another administrator.' };
    await trx.updateTable('users').set({ role, updated_at: now }).where('id', '=', userId).execute();
    await recordAudit(trx, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId: u.organisation_id,
      subjectKind: 'user',
      subjectId: userId,
      action: 'role_changed',
      before: { role: u.role },
      after: { role },
      now,
    });
    return null;
  });
}

/** Suspends an account (ending all its sessions at once) or lifts the suspension. Never one's own. */
export async function setUserStatus(ctx: AdminContext, userId: number, status: UserStatus): Promise<Refusal> {
  const now = iso(ctx.now);
  return ctx.database.db.transaction().execute(async (trx) => {
    const u = await userRow(trx, userId);
    if (u.status === status) return null;
    if (userId === ctx.actor.id) return { ja: '自分自身のアカウントは停止できません。', en: 'You cannot disable your own account.' };
    await trx.updateTable('users').set({ status, updated_at: now }).where('id', '=', userId).execute();
    if (status === 'disabled') await deleteUserSessions(trx, userId, null);
    await recordAudit(trx, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId: u.organisation_id,
      subjectKind: 'user',
      subjectId: userId,
      action: status === 'disabled' ? 'user_disabled' : 'user_enabled',
      before: { status: u.status },
      after: { status },
      now,
    });
    return null;
  });
}
