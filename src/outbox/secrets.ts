// Secrets this installation makes for itself on first start (VAPID keys, the key that signs
// subscription links) and keeps in the database, so every instance uses the same ones and a restart
// keeps them. Two instances starting at once both try to insert; the first wins and both read it back.
import type { Db } from '../db/database.ts';

export async function instanceSecret(db: Db, name: string, generate: () => string, now: Date = new Date()): Promise<string> {
  const existing = await db.selectFrom('instance_secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('instance_secrets')
    .values({ name, value: generate(), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('instance_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
