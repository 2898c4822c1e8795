// Who hears about an organisation's affairs: its active members with a confirmed address,
// administrators first. Callers choose whether only the administrators are told.
import type { Db } from '../db/database.ts';

export interface Contact {
  email: string;
  displayName: string;
  isAdmin: boolean;
}

export async function organisationContacts(db: Db, organisationId: number): Promise<Contact[]> {
  const rows = await db
    .selectFrom('users')
    .select(['email', 'display_name', 'org_role'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .where('email_verified_at', 'is not', null)
    .orderBy('id')
    .execute();
  const all = rows.map((r) => ({ email: r.email, displayName: r.display_name, isAdmin: r.org_role === 'admin' }));
  return [...all.filter((c) => c.isAdmin), ...all.filter((c) => !c.isAdmin)];
}

/** The administrators, or every member when the organisation has no active administrator. */
export function adminsOrEveryone(contacts: Contact[]): Contact[] {
  const admins = contacts.filter((c) => c.isAdmin);
  return admins.length ? admins : contacts;
}
