// After an event its owner reports what happened: participants, audiences reached, materials used.
// Reports are seen by the organisers and the program office only; aggregates may be published later.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { ContentItem } from '../content/model.ts';
import { itemForOwner } from '../content/service.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { asForm, formList, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { Problem } from '../web/problem.ts';
import { EVENT_KIND, type StoredEventPayload } from './event-kind.ts';
import { normaliseEventPayload } from './form.ts';
import { loadReport } from './repository.ts';
import { eventInstants, isValidDate } from './time.ts';

export const REPORT_LIMITS = { participants: 1_000_000, text: 4000 } as const;

export interface ReportInput {
  participants: string;
  audiences: string[];
  materialsUsed: string;
  notes: string;
}

export function readReportForm(body: unknown): { values: ReportInput; errors: FieldErrors; participants: number } {
  const b = asForm(body);
  const v: ReportInput = {
    participants: formText(b, 'participants', 30),
    audiences: formList(b, 'audiences', 20),
    materialsUsed: formText(b, 'materialsUsed', 10_000),
    notes: formText(b, 'notes', 10_000),
  };
  const e: FieldErrors = {};
  const n = v.participants.normalize('NFKC').replace(/[,\s人]/g, '');
  const participants = /^\d{1,9}$/.test(n) ? Number(n) : NaN;
  if (v.participants === '') e.participants = { ja: '参加者数を入力してください。', en: 'Enter the number of participants.' };
  else if (!Number.isInteger(participants) || participants > REPORT_LIMITS.participants) {
    e.participants = { ja: `参加者数は 0 から ${REPORT_LIMITS.participants.toLocaleString('ja-JP')} までの整数で入力してください。`, en: `Enter the number of participants as a whole number from 0 to ${REPORT_LIMITS.participants.toLocaleString('en-GB')}.` };
  }
  if (!v.audiences.length || v.audiences.some((a) => !(AUDIENCES as readonly string[]).includes(a))) e.audiences = { ja: '参加した人の対象を1つ以上選んでください。', en: 'Choose at least one audience you reached.' };
  if (v.materialsUsed.length > REPORT_LIMITS.text) e.materialsUsed = { ja: `${REPORT_LIMITS.text}文字以内にしてください。`, en: `Use ${REPORT_LIMITS.text} characters or fewer.` };
  if (v.notes.length > REPORT_LIMITS.text) e.notes = { ja: `${REPORT_LIMITS.text}文字以内にしてください。`, en: `Use ${REPORT_LIMITS.text} characters or fewer.` };
  return { values: v, errors: e, participants };
}

/** The version whose dates count: the published one, else the one being worked on. */
export function eventPayloadOf(item: ContentItem<StoredEventPayload>): StoredEventPayload | null {
  const p = (item.published ?? item.working)?.payload;
  return p ? normaliseEventPayload(p) : null;
}

/** Whether the event is over (its end, Japan time, has passed). Incomplete drafts never are. */
export function eventEnded(item: ContentItem<StoredEventPayload>, now: Date): boolean {
  const p = eventPayloadOf(item);
  if (!p || !isValidDate(p.startDate)) return false;
  const endDate = p.endDate || p.startDate;
  if (!isValidDate(endDate) || (!p.allDay && (!p.startTime || !p.endTime))) return false;
  return eventInstants({ ...p, endDate }).endAt <= now.toISOString();
}

export const NOT_ENDED: Text = { ja: '報告は、イベントの終了後に入力できます。', en: 'You can report on the event once it has ended.' };

export async function saveReport(database: DatabaseHandle, actor: CurrentUser, itemId: number, v: ReportInput, participants: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    const item = await itemForOwner<StoredEventPayload>(trx, actor, itemId, EVENT_KIND);
    if (!eventEnded(item, now)) throw new Problem(409, 'not_ended', NOT_ENDED);
    const before = await loadReport(trx, itemId);
    const audiences = [...new Set(v.audiences)].filter((a): a is Audience => (AUDIENCES as readonly string[]).includes(a));
    const existing = await trx.selectFrom('event_reports').select('id').where('item_id', '=', itemId).executeTakeFirst();
    let reportId: number;
    if (existing) {
      reportId = existing.id;
      await trx.updateTable('event_reports').set({ participants, materials_used: v.materialsUsed, notes: v.notes, updated_by: actor.id, updated_at: at }).where('id', '=', reportId).execute();
      await trx.deleteFrom('event_report_audiences').where('report_id', '=', reportId).execute();
    } else {
      const r = await trx
        .insertInto('event_reports')
        .values({ item_id: itemId, participants, materials_used: v.materialsUsed, notes: v.notes, created_by: actor.id, created_at: at, updated_by: actor.id, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      reportId = r.id;
    }
    if (audiences.length) await trx.insertInto('event_report_audiences').values(audiences.map((audience) => ({ report_id: reportId, audience }))).execute();
    const after = { participants, audiences, materialsUsed: v.materialsUsed, notes: v.notes };
    await recordAudit(trx, {
      actorUserId: actor.id,
      actorName: actor.displayName,
      organisationId: item.owner.id,
      subjectKind: 'content',
      subjectId: itemId,
      action: 'event_report_saved',
      before: before ? { participants: before.participants, audiences: before.audiences, materialsUsed: before.materialsUsed, notes: before.notes } : null,
      after,
      now: at,
    });
  });
}

/** Every report, newest first (program office). */
export async function listReports(database: DatabaseHandle): Promise<{ itemId: number; participants: number; updatedAt: string }[]> {
  const rows = await database.db.selectFrom('event_reports').select(['item_id', 'participants', 'updated_at']).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(500).execute();
  return rows.map((r) => ({ itemId: r.item_id, participants: r.participants, updatedAt: r.updated_at }));
}
