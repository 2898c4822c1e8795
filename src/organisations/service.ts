// An organisation's administrators keep its profile current. A new Japanese name must not collide
// with another organisation's, and it withdraws the program office's verification (the office
// verified who the organisation is under its old name). Names feed the search text of the
// organisation's initiatives, so those are re-indexed and the catalogue version bumped in the same
// transaction.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import { bumpCatalogueVersion } from '../catalogue/facet-index.ts';
import { refreshSearchText } from '../catalogue/repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { ORGANISATION_KINDS } from '../taxonomy/taxonomy.ts';
import type { FieldErrors } from '../web/form.tsx';
import { organisationNameKey } from './repository.ts';

export interface ProfileInput {
  nameJa: string;
  nameEn: string;
  abbreviation: string;
  kind: string;
  website: string;
}

function validHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 500;
  } catch {
    return false;
  }
}

export async function loadProfile(database: DatabaseHandle, organisationId: number) {
  const o = await database.db.selectFrom('organisations').select(['name_ja', 'name_en', 'abbreviation', 'kind', 'website', 'verified_at']).where('id', '=', organisationId).executeTakeFirstOrThrow();
  return { values: { nameJa: o.name_ja, nameEn: o.name_en, abbreviation: o.abbreviation ?? '', kind: o.kind, website: o.website ?? '' } as ProfileInput, verified: o.verified_at !== null };
}

export async function updateProfile(database: DatabaseHandle, admin: CurrentUser, input: ProfileInput, now: string): Promise<FieldErrors | null> {
  const errors: FieldErrors = {};
  if (!input.nameJa) errors.nameJa = { ja: '団体名（日本語）を入力してください。', en: "Enter your organisation's name in Japanese." };
  else if (input.nameJa.length > 100) errors.nameJa = { ja: '団体名は100文字以内で入力してください。', en: 'Use 100 characters or fewer for the name.' };
  if (input.nameEn.length > 150) errors.nameEn = { ja: '英語の団体名は150文字以内で入力してください。', en: 'Use 150 characters or fewer for the English name.' };
  if (input.abbreviation.length > 30) errors.abbreviation = { ja: '略称は30文字以内で入力してください。', en: 'Use 30 characters or fewer for the abbreviation.' };
  if (!(ORGANISATION_KINDS as readonly string[]).includes(input.kind)) errors.kind = { ja: '団体の種類を選んでください。', en: 'Choose the kind of organisation.' };
  if (input.website && !validHttpUrl(input.website)) errors.website = { ja: 'ウェブサイトは https:// で始まるURLで入力してください。', en: 'Enter the website as a URL starting with https://.' };
  if (Object.keys(errors).length) return errors;
  const orgId = admin.organisationId!;
  return database.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('organisations').select(['name_ja', 'name_en', 'abbreviation', 'kind', 'website', 'verified_at']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const key = organisationNameKey(input.nameJa);
    const clash = await trx.selectFrom('organisations').select('id').where('name_key', '=', key).where('id', '!=', orgId).executeTakeFirst();
    if (clash) return { nameJa: { ja: 'この名前の団体は既に登録されています。', en: 'An organisation with this name is already registered.' } };
    const renamed = before.name_ja !== input.nameJa;
    const after = { nameJa: input.nameJa, nameEn: input.nameEn || input.nameJa, abbreviation: input.abbreviation || null, kind: input.kind, website: input.website || null };
    await trx
      .updateTable('organisations')
      .set({
        name_ja: after.nameJa,
        name_en: after.nameEn,
        abbreviation: after.abbreviation,
        kind: after.kind,
        website: after.website,
        name_key: key,
        ...(renamed && before.verified_at ? { verified_at: null } : {}),
        updated_at: now,
      })
      .where('id', '=', orgId)
      .execute();
    const ids = (await trx.selectFrom('initiative_organisations').select('initiative_id').where('organisation_id', '=', orgId).execute()).map((r) => r.initiative_id);
    await refreshSearchText({ db: trx, dialect: database.dialect }, ids);
    await bumpCatalogueVersion(trx);
    await recordAudit(trx, {
      actorUserId: admin.id,
      actorName: admin.displayName,
      organisationId: orgId,
      subjectKind: 'organisation',
      subjectId: orgId,
      action: 'profile_updated',
      before: { nameJa: before.name_ja, nameEn: before.name_en, abbreviation: before.abbreviation, kind: before.kind, website: before.website, verifiedAt: before.verified_at },
      after: { ...after, verifiedAt: renamed ? null : before.verified_at },
      now,
    });
    return null;
  });
}
