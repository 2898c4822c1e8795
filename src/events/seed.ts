// The shipped campaigns (seed/data/campaigns.ts). Idempotent: a campaign whose slug is already there is
// left as it is, so running it at every start never duplicates nor undoes the program office's edits.
import type { DatabaseHandle } from '../db/database.ts';
import type { SeedCampaign } from '../seed/data/campaigns.ts';

export async function seedCampaigns(handle: DatabaseHandle, now = new Date().toISOString(), campaigns?: SeedCampaign[]): Promise<number> {
  const list = campaigns ?? (await import('../seed/data/campaigns.ts')).CAMPAIGNS;
  return handle.db.transaction().execute(async (trx) => {
    let n = 0;
    for (const c of list) {
      const exists = await trx.selectFrom('campaigns').select('id').where('slug', '=', c.slug).executeTakeFirst();
      if (exists) continue;
      const { id } = await trx
        .insertInto('campaigns')
        .values({
          slug: c.slug,
          title_ja: c.titleJa,
          title_en: c.titleEn,
          summary_ja: c.summaryJa,
          summary_en: c.summaryEn,
          start_date: c.startDate,
          end_date: c.endDate,
          judged: JSON.stringify(c.judged),
          judgement_note: c.judgementNote,
          source: c.source,
          created_at: now,
          updated_at: now,
        })
        // Two instances starting at once on PostgreSQL: the second finds the slug taken and skips it.
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst()
        .then((r) => r ?? { id: 0 });
      if (!id) continue;
      if (c.themes.length) {
        await trx
          .insertInto('campaign_themes')
          .values(c.themes.map((t, position) => ({ campaign_id: id, position, title_ja: t.titleJa, title_en: t.titleEn, description_ja: t.descriptionJa, description_en: t.descriptionEn })))
          .execute();
      }
      if (c.kit.length) {
        await trx
          .insertInto('campaign_kit_entries')
          .values(c.kit.map((k, position) => ({ campaign_id: id, position, kind: k.kind, title_ja: k.titleJa, title_en: k.titleEn, body_ja: k.bodyJa, body_en: k.bodyEn, url: k.url, material_id: null, created_at: now, updated_at: now })))
          .execute();
      }
      n++;
    }
    return n;
  });
}
