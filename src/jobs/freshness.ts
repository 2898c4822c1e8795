// Freshness: a public entry nobody has confirmed for a year is probably out of date. Its owner
// organisation is asked (once per stale period) to confirm or update it; moderators see the entries that
// stay unconfirmed in staleItems.
//
// "Confirmed" means content_items.confirmed_at, or the creation date while never confirmed. A reminder is
// sent when that date is more than 12 months old and no reminder was sent since it; confirming moves the
// date forward, which starts a new period. Mail goes out after the query and before reminded_at is set,
// outside any transaction: a crash between the two sends the reminder again rather than never.
import type { DatabaseHandle, Db } from '../db/database.ts';
import { adminsOrEveryone, organisationContacts } from '../organisations/contacts.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { JobLog } from './scheduler.ts';

export interface FreshnessOptions {
  handle: DatabaseHandle;
  mailer: Mailer;
  /** The portal's public address, without a trailing slash. */
  baseUrl: string;
  now: Date;
  log?: Pick<JobLog, 'warn'>;
  /** Items reminded per run at most, so a first run over an old catalogue does not flood the mail server. */
  limit?: number;
  signal?: AbortSignal;
}

export interface FreshnessResult {
  reminded: number;
  skippedNoRecipient: number;
}

const STALE_MONTHS = 12;
const MIN_REMINDER_GAP_DAYS = 30;
const DEFAULT_LIMIT = 500;

function monthsBefore(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  r.setUTCMonth(r.getUTCMonth() - months);
  return r;
}

function staleQuery(db: Db, now: Date) {
  const cutoff = monthsBefore(now, STALE_MONTHS).toISOString();
  return (
    db
      .selectFrom('content_items as ci')
      // Only initiatives have a public row to take the title from (and a /my/initiatives page) so far.
      .innerJoin('initiatives as i', 'i.id', 'ci.public_id')
      .innerJoin('organisations as o', 'o.id', 'ci.owner_organisation_id')
      .where('ci.kind', '=', 'initiative')
      .where('ci.is_public', '=', 1)
      .where((eb) => eb(eb.fn.coalesce('ci.confirmed_at', 'ci.created_at'), '<', cutoff))
  );
}

export async function sendFreshnessReminders(options: FreshnessOptions): Promise<FreshnessResult> {
  const { handle, mailer, baseUrl, now } = options;
  const db = handle.db;
  const nowIso = now.toISOString();
  const gapStart = new Date(now.getTime() - MIN_REMINDER_GAP_DAYS * 24 * 60 * 60_000).toISOString();
  const items = await staleQuery(db, now)
    .where((eb) =>
      eb.or([
        eb('ci.reminded_at', 'is', null),
        // Reminded in an earlier period (before the last confirmation) and not in the last 30 days.
        eb.and([eb('ci.reminded_at', '<', eb.fn.coalesce('ci.confirmed_at', 'ci.created_at')), eb('ci.reminded_at', '<', gapStart)]),
      ]),
    )
    .select(['ci.id', 'ci.owner_organisation_id', 'ci.confirmed_at', 'ci.created_at', 'i.title_ja', 'i.title_en'])
    .orderBy('ci.id')
    .limit(options.limit ?? DEFAULT_LIMIT)
    .execute();

  const result: FreshnessResult = { reminded: 0, skippedNoRecipient: 0 };
  const recipientsOf = new Map<number, { email: string; display_name: string }[]>();
  for (const item of items) {
    if (options.signal?.aborted) break;
    let recipients = recipientsOf.get(item.owner_organisation_id);
    if (!recipients) {
      recipients = await recipientsFor(db, item.owner_organisation_id);
      recipientsOf.set(item.owner_organisation_id, recipients);
    }
    if (recipients.length === 0) {
      // Nobody to remind: the entry stays on the moderators' stale list.
      result.skippedNoRecipient++;
      continue;
    }
    const link = `${baseUrl}/my/initiatives/${item.id}`;
    const since = (item.confirmed_at ?? item.created_at).slice(0, 10);
    let sent = 0;
    for (const r of recipients) {
      try {
        await mailer.send({
          to: r.email,
          subject: '【Lastmile】掲載内容のご確認のお願い / Please confirm your listing',
          text: reminderText({ name: r.display_name, titleJa: item.title_ja, titleEn: item.title_en, since, link }),
        });
        sent++;
      } catch (err) {
        options.log?.warn({ err, itemId: item.id }, 'freshness reminder not sent');
      }
    }
    // When every send failed, the next run tries again; when one got through, the others are not re-sent.
    if (sent === 0) continue;
    await db.updateTable('content_items').set({ reminded_at: nowIso }).where('id', '=', item.id).execute();
    result.reminded++;
  }
  return result;
}

/** The organisation's administrators, or every member when it has none; active, verified addresses only. */
async function recipientsFor(db: Db, organisationId: number): Promise<{ email: string; display_name: string }[]> {
  return adminsOrEveryone(await organisationContacts(db, organisationId)).map((c) => ({ email: c.email, display_name: c.displayName }));
}

function reminderText(p: { name: string; titleJa: string; titleEn: string; since: string; link: string }): string {
  return [
    `${p.name} 様`,
    '',
    `Lastmile に掲載中の取組「${p.titleJa}」は、最後の確認（${p.since}）から12か月以上が経過しています。`,
    '内容が現在も正しいか、次のページでご確認ください。変更がなければ「確認」を押すだけで完了します。',
    '',
    p.link,
    '',
    'このメールは Lastmile から自動で送信しています。',
    '',
    '----',
    '',
    `Dear ${p.name},`,
    '',
    `Your initiative "${p.titleEn}" on Lastmile was last confirmed on ${p.since}, more than 12 months ago.`,
    'Please check that it is still accurate on the page below. If nothing has changed, pressing "Confirm" is all it takes.',
    '',
    p.link,
    '',
    'This message was sent automatically by Lastmile.',
    '',
  ].join('\n');
}

export interface StaleItem {
  itemId: number;
  initiativeId: number;
  slug: string;
  titleJa: string;
  titleEn: string;
  organisationId: number;
  organisationNameJa: string;
  organisationNameEn: string;
  confirmedAt: string | null;
  createdAt: string;
  remindedAt: string | null;
}

/** Public entries unconfirmed for 12 months or more, for moderators: the longest unconfirmed first. */
export async function staleItems(db: Db, now: Date): Promise<StaleItem[]> {
  const rows = await staleQuery(db, now)
    .select([
      'ci.id',
      'i.id as initiative_id',
      'i.slug',
      'i.title_ja',
      'i.title_en',
      'o.id as organisation_id',
      'o.name_ja',
      'o.name_en',
      'ci.confirmed_at',
      'ci.created_at',
      'ci.reminded_at',
    ])
    .orderBy((eb) => eb.fn.coalesce('ci.confirmed_at', 'ci.created_at'))
    .orderBy('ci.id')
    .execute();
  return rows.map((r) => ({
    itemId: r.id,
    initiativeId: r.initiative_id,
    slug: r.slug,
    titleJa: r.title_ja,
    titleEn: r.title_en,
    organisationId: r.organisation_id,
    organisationNameJa: r.name_ja,
    organisationNameEn: r.name_en,
    confirmedAt: r.confirmed_at,
    createdAt: r.created_at,
    remindedAt: r.reminded_at,
  }));
}
