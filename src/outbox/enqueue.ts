// Writing a dispatch and its deliveries: called inside the transaction that publishes the subject, so
// the publication and its deliveries commit (or roll back) together. One INSERT … SELECT fans out to
// every matching subscription in the database itself: nothing is loaded into memory, whatever the
// number of subscribers.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DispatchPayload, Topic } from './model.ts';

const TOPIC_COLUMN: Record<Topic, 'include_advisories' | 'include_events' | 'include_materials'> = {
  advisory: 'include_advisories',
  event: 'include_events',
  material: 'include_materials',
};

export interface EnqueueResult {
  dispatchId: number;
  recipients: number;
}

/**
 * Records the message and one pending delivery per active subscription that matches its topic,
 * audiences and prefectures. Corrections and withdrawals also go to everyone an earlier dispatch of
 * the same subject went to, even if the correction narrowed who is affected: whoever was warned must
 * learn that the warning changed.
 */
export async function enqueueDispatch(db: Db, payload: DispatchPayload, now: string): Promise<EnqueueResult> {
  const inserted = await db
    .insertInto('dispatches')
    .values({ topic: payload.topic, subject_id: payload.subjectId, action: payload.action, payload: JSON.stringify(payload), created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dispatchId = Number(inserted.id);
  const column = sql.ref(`s.${TOPIC_COLUMN[payload.topic]}`);

  // Prefecture: a subscriber who chose one gets what concerns it or the whole country; one who did not
  // choose gets everything. Audiences: an empty list on the message means everyone.
  const prefectureMatch = payload.nationwide
    ? sql`true`
    : payload.prefectures.length
      ? sql`(s.prefecture IS NULL OR s.prefecture IN (${sql.join(payload.prefectures)}))`
      : sql`s.prefecture IS NULL`;
  const audienceMatch = payload.audiences.length
    ? sql`(s.all_audiences = 1 OR EXISTS (SELECT 1 FROM subscription_audiences sa WHERE sa.subscription_id = s.id AND sa.audience IN (${sql.join(payload.audiences)})))`
    : sql`true`;
  const earlier =
    payload.action === 'published'
      ? sql`false`
      : sql`s.id IN (SELECT d.subscription_id FROM deliveries d JOIN dispatches p ON p.id = d.dispatch_id WHERE p.topic = ${payload.topic} AND p.subject_id = ${payload.subjectId} AND p.id <> ${dispatchId})`;

  const result = await sql`
    INSERT INTO deliveries (dispatch_id, subscription_id, channel, status, attempts, next_attempt_at)
    SELECT ${dispatchId}, s.id, s.channel, 'pending', 0, ${now}
    FROM subscriptions s
    WHERE s.status = 'active' AND ((${column} = 1 AND ${prefectureMatch} AND ${audienceMatch}) OR ${earlier})`.execute(db);
  const recipients = Number(result.numAffectedRows ?? 0n);
  await db.updateTable('dispatches').set({ recipients }).where('id', '=', dispatchId).execute();
  return { dispatchId, recipients };
}
