// Sample advisories for tests and the browser page sweep (never loaded by the app itself). Every one is
// marked 【サンプル】/ [Sample]: they are invented examples, not real warnings. They go through the real
// path: an allowed organisation, the form's payload, the program office's publish-now, a correction
// and a withdrawal.
import type { FastifyInstance } from 'fastify';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import type { ContentContext } from '../content/service.ts';
import type { AdvisoryPayload } from './model.ts';
import { createAdvisory, publishAdvisoryNow, saveAdvisory, withdrawAdvisory } from './service.ts';

const base: AdvisoryPayload = {
  titleJa: '',
  titleEn: '',
  whatJa: '',
  whatEn: '',
  actionsJa: '',
  actionsEn: '',
  severity: 'warning',
  audiences: [],
  nationwide: true,
  prefectures: [],
  links: [],
  validUntil: null,
  correctionNoteJa: '',
  correctionNoteEn: '',
};

export const SAMPLE_ADVISORIES: AdvisoryPayload[] = [
  {
    ...base,
    titleJa: '【サンプル】宅配業者を装う偽SMSに注意',
    titleEn: '[Sample] Beware of fake delivery text messages',
    whatJa: '宅配業者の不在通知を装ったSMSが届き、**偽のサイト**に誘導される例があります（画面確認用のサンプルです）。',
    whatEn: 'Text messages pretending to be missed-delivery notices lead to **fake websites** (a sample for screen checks).',
    actionsJa: '- SMSのリンクは開かない\n- 荷物の確認は公式アプリか公式サイトから\n- 入力してしまったら、すぐにパスワードを変更する',
    actionsEn: '- Do not open links in such messages\n- Check deliveries in the official app or website\n- If you entered a password, change it now',
    severity: 'warning',
    audiences: ['seniors', 'working_age'],
    links: [{ url: 'https://www.example.jp/sample', label: 'サンプルのリンク' }],
    validUntil: '2099-03-31',
  },
  {
    ...base,
    titleJa: '【サンプル】中小企業を狙うランサムウェア',
    titleEn: '[Sample] Ransomware aimed at small firms',
    whatJa: 'VPN機器の脆弱性を悪用した侵入の例です（画面確認用のサンプルです）。',
    whatEn: 'Intrusions through VPN appliances (a sample for screen checks).',
    actionsJa: '1. VPN機器を最新の状態に更新する\n2. バックアップをネットワークから切り離して保管する',
    actionsEn: '1. Update VPN appliances\n2. Keep backups offline',
    severity: 'emergency',
    audiences: ['sme', 'micro_business'],
    nationwide: false,
    prefectures: ['13', '27'],
  },
  {
    ...base,
    titleJa: '【サンプル】取り下げた注意喚起の例',
    titleEn: '[Sample] An advisory that was withdrawn',
    whatJa: '取り下げの表示を確かめるためのサンプルです。',
    whatEn: 'A sample to check how withdrawal is shown.',
    actionsJa: '対応は不要です。',
    actionsEn: 'Nothing to do.',
    severity: 'caution',
  },
];

/** Publishes the samples (ids 1, 2, 3 on an empty table): 1 corrected, 3 withdrawn. */
export async function publishSampleAdvisories(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  const org = await db.selectFrom('organisations').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  await db.updateTable('organisations').set({ may_publish_advisories: 1 }).where('id', '=', org.id).execute();
  const now = new Date().toISOString();
  const { id } = await db
    .insertInto('users')
    .values({ email: 'advisories-office@screens.example', display_name: '事務局（サンプル）', password_hash: '!', email_verified_at: now, role: 'moderator', organisation_id: null, org_role: null, totp_secret: null, totp_enabled_at: now, password_changed_at: now, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: CurrentUser = toCurrentUser(await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const ctx = (): ContentContext => ({ database: app.deps.database, kinds: app.contentKinds, mailer: app.deps.mailer, baseUrl: app.deps.config.baseUrl, now: new Date(), actor, log: { error() {} } });
  const items: number[] = [];
  for (const p of SAMPLE_ADVISORIES) {
    const itemId = await createAdvisory(ctx(), p, org.id);
    await publishAdvisoryNow(ctx(), itemId);
    items.push(itemId);
  }
  const first = SAMPLE_ADVISORIES[0]!;
  await saveAdvisory(ctx(), items[0]!, { ...first, prefectures: [], audiences: [...first.audiences, 'youth'], correctionNoteJa: '対象に若年層を加えました（サンプル）。', correctionNoteEn: 'Young people were added (sample).' });
  await publishAdvisoryNow(ctx(), items[0]!);
  await withdrawAdvisory(ctx(), items[2]!, '確認の結果、被害の報告が誤りだったため取り下げます（サンプル）。');
}
