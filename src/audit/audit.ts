// The audit trail: every change, who made it, when, and the state before and after. Written in the
// same transaction as the change, so a change without its record (or the reverse) cannot happen.
import type { Db } from '../db/database.ts';

export type SubjectKind = 'content' | 'organisation' | 'user' | 'collaboration' | 'campaign' | 'desk' | 'help_flow' | 'check_document' | 'declaration' | 'survey_import' | 'kpi_target' | 'strategy_measure' | 'report';

export interface AuditInput {
  actorUserId: number | null;
  actorName: string | null;
  /** The organisation whose data this is: it may read the entry. */
  organisationId: number | null;
  subjectKind: SubjectKind;
  subjectId: number;
  action: string;
  before?: unknown;
  after?: unknown;
  note?: string | null;
  now: string;
}

/** Many entries in one statement (bulk import writes two per row). */
export async function recordAudits(db: Db, entries: AuditInput[]): Promise<void> {
  if (!entries.length) return;
  await db.insertInto('audit_events').values(entries.map(auditRow)).execute();
}

function auditRow(e: AuditInput) {
  return {
    created_at: e.now,
    actor_user_id: e.actorUserId,
    actor_name: e.actorName,
    organisation_id: e.organisationId,
    subject_kind: e.subjectKind,
    subject_id: e.subjectId,
    action: e.action,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    note: e.note ?? null,
  };
}

export async function recordAudit(db: Db, e: AuditInput): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(e)).execute();
}

export interface AuditEntry {
  id: number;
  createdAt: string;
  actorName: string | null;
  organisationId: number | null;
  subjectKind: SubjectKind;
  subjectId: number;
  action: string;
  before: unknown;
  after: unknown;
  note: string | null;
}

function parse(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export async function listAudit(
  db: Db,
  filter: { organisationId?: number; subjectKind?: SubjectKind; subjectId?: number; beforeId?: number; limit?: number },
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(filter.limit ?? 50);
  if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
  if (filter.subjectKind !== undefined) q = q.where('subject_kind', '=', filter.subjectKind);
  if (filter.subjectId !== undefined) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    actorName: r.actor_name,
    organisationId: r.organisation_id,
    subjectKind: r.subject_kind as SubjectKind,
    subjectId: r.subject_id,
    action: r.action,
    before: parse(r.before),
    after: parse(r.after),
    note: r.note,
  }));
}
