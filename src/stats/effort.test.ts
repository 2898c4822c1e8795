// Effort figures over a small fixture counted by hand, on SQLite and PostgreSQL: only published content
// counts (a draft event's report adds nothing), periods are fiscal years, the prefecture filter of the
// coverage keeps nationwide initiatives and online events, and subscribers are suppressed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { insertItem, insertRevision } from '../content/repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { EVENT_KIND, type StoredEventPayload } from '../events/event-kind.ts';
import { publishPayloads } from '../events/fixture.ts';
import type { Audience } from '../taxonomy/taxonomy.ts';
import { coverageByAudience, EFFORT_FIGURES, japanMonth } from './effort.ts';
import type { StatTable } from './model.ts';

const NOW = '2026-11-26T03:00:00.000Z';
const FY2026 = { kind: 'fy', year: 2026 } as const;

async function figure(handle: DatabaseHandle, id: string, period = 'fy2026'): Promise<StatTable> {
  const def = EFFORT_FIGURES.find((f) => f.id === id)!;
  return def.build(handle, def.params.parse({ period }));
}
const cell = (t: StatTable, row: string, col: string) => t.rows.find((r) => r.key === row)!.cells[t.columns.findIndex((c) => c.key === col)]!.value;

const eventBase: Omit<StoredEventPayload, 'titleJa' | 'startDate' | 'endDate' | 'attendance' | 'prefecture' | 'audiences' | 'campaignId' | 'cancelled'> = {
  titleEn: '',
  descriptionJa: '説明',
  descriptionEn: '',
  initiativeId: null,
  allDay: false,
  startTime: '10:00',
  endTime: '12:00',
  venueJa: '会場',
  venueEn: '',
  feeYen: 0,
  capacity: null,
  registrationUrl: null,
  accessibilityJa: '',
  accessibilityEn: '',
};

async function fixture(handle: DatabaseHandle) {
  const db = handle.db;
  const org = (await db.insertInto('organisations').values({ slug: 'org', name_ja: '団体', name_en: 'Body', abbreviation: null, kind: 'association', sector: 'private', website: null, name_key: null, created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow()).id;

  // Initiatives: I1 nationwide, I2 in Tokyo and Osaka, I3 ended before FY2026, I4 listed after FY2026.
  const ini = async (slug: string, o: { status: string; nationwide: boolean; created: string; updated: string; audiences: Audience[]; methods: string[]; prefs: string[] }) => {
    const id = (
      await db
        .insertInto('initiatives')
        .values({ slug, title_ja: slug, title_en: slug, summary_ja: '', summary_en: '', sector: 'private', nationwide: o.nationwide ? 1 : 0, url: null, status: o.status, judged: '[]', judgement_note: '', source: 'test', source_date: null, search_text: slug, created_at: o.created, updated_at: o.updated })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const a of o.audiences) await db.insertInto('initiative_audiences').values({ initiative_id: id, audience: a }).execute();
    for (const m of o.methods) await db.insertInto('initiative_methods').values({ initiative_id: id, method: m }).execute();
    for (const p of o.prefs) await db.insertInto('initiative_regions').values({ initiative_id: id, prefecture: p }).execute();
  };
  await ini('i1', { status: 'active', nationwide: true, created: '2026-05-01T00:00:00.000Z', updated: '2026-05-01T00:00:00.000Z', audiences: ['seniors', 'working_age'], methods: ['info_desk', 'events'], prefs: [] });
  await ini('i2', { status: 'active', nationwide: false, created: '2026-05-01T00:00:00.000Z', updated: '2026-05-01T00:00:00.000Z', audiences: ['seniors'], methods: ['tools'], prefs: ['13', '27'] });
  await ini('i3', { status: 'ended', nationwide: false, created: '2024-05-01T00:00:00.000Z', updated: '2025-01-10T00:00:00.000Z', audiences: ['youth'], methods: ['events'], prefs: ['13'] });
  await ini('i4', { status: 'active', nationwide: false, created: '2027-06-01T00:00:00.000Z', updated: '2027-06-01T00:00:00.000Z', audiences: ['sme'], methods: ['events'], prefs: ['01'] });

  // Events: E1 Tokyo and E2 online in the campaign, E3 cancelled, E4 in FY2025; and a draft never published.
  const campaign = (await db.insertInto('campaigns').values({ slug: null, title_ja: '月間', title_en: 'Month', summary_ja: '', summary_en: '', start_date: '2026-06-01', end_date: '2026-06-30', judged: '[]', judgement_note: '', source: 'test', created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow()).id;
  const ev = (titleJa: string, startDate: string, attendance: 'onsite' | 'online' | 'hybrid', prefecture: string | null, audiences: Audience[], o: { campaign?: boolean; cancelled?: boolean } = {}): StoredEventPayload => ({
    ...eventBase,
    titleJa,
    startDate,
    endDate: startDate,
    attendance,
    prefecture,
    audiences,
    campaignId: o.campaign ? campaign : null,
    cancelled: !!o.cancelled,
  });
  const [e1] = await publishPayloads(
    handle,
    [
      ev('E1', '2026-06-10', 'onsite', '13', ['seniors'], { campaign: true }),
      ev('E2', '2026-06-20', 'online', null, ['seniors', 'youth'], { campaign: true }),
      ev('E3', '2026-07-01', 'onsite', '27', ['sme'], { cancelled: true }),
      ev('E4', '2025-12-01', 'onsite', '13', ['seniors']),
    ],
    { ownerId: org, now: NOW },
  );
  const itemOf = async (publicId: number) => (await db.selectFrom('events').select('item_id').where('id', '=', publicId).executeTakeFirstOrThrow()).item_id;
  const report = (itemId: number, participants: number) => db.insertInto('event_reports').values({ item_id: itemId, participants, materials_used: '', notes: '', created_by: null, created_at: NOW, updated_by: null, updated_at: NOW }).execute();
  await report(await itemOf(e1!), 25);
  const draft = await insertItem(db, { kind: EVENT_KIND, ownerId: org, createdBy: null, now: NOW });
  await insertRevision(db, { itemId: draft, payload: ev('下書き', '2026-06-15', 'onsite', '13', ['seniors'], { campaign: true }), status: 'draft', authorId: null, now: NOW });
  await report(draft, 100);

  // Materials: M1 (seniors, two file versions 3 + 4 downloads), M2 (seniors and youth, 10), M3 after FY2026.
  const mat = async (title: string, created: string, audiences: Audience[], downloads: number[]) => {
    const id = (
      await db
        .insertInto('materials')
        .values({ title_ja: title, title_en: '', summary_ja: '', summary_en: '', format: 'leaflet', language: 'ja', licence: 'cc-by', attribution: '', version_label: '', issued_on: null, url: null, file_id: null, search_text: title, confirmed_at: created, created_at: created, updated_at: created })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const a of audiences) await db.insertInto('material_audiences').values({ material_id: id, audience: a }).execute();
    let v = 1;
    for (const n of downloads) await db.insertInto('material_files').values({ material_id: id, version: v, sha256: `${id}-${v++}`, size: 1, media_type: 'application/pdf', name: 'a.pdf', download_count: n, created_at: created }).execute();
  };
  await mat('M1', '2026-05-01T00:00:00.000Z', ['seniors'], [3, 4]);
  await mat('M2', '2026-06-01T00:00:00.000Z', ['seniors', 'youth'], [10]);
  await mat('M3', '2027-05-01T00:00:00.000Z', ['sme'], [50]);

  // Advisories: one in May 2026 (seniors), one published 2026-06-30T16:00Z = 1 July in Japan (seniors, sme).
  const adv = async (publishedAt: string, audiences: Audience[]) => {
    const item = await insertItem(db, { kind: 'advisory', ownerId: org, createdBy: null, now: NOW });
    const id = (
      await db
        .insertInto('advisories')
        .values({ item_id: item, organisation_id: org, title_ja: 'a', title_en: '', what_ja: '', what_en: '', actions_ja: '', actions_en: '', severity: 'info', nationwide: 1, valid_until: null, links: '[]', published_at: publishedAt, corrected_at: null, correction_note_ja: null, correction_note_en: null, withdrawn_at: null, withdrawal_note: null, confirmed_at: publishedAt, updated_at: publishedAt })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const a of audiences) await db.insertInto('advisory_audiences').values({ advisory_id: id, audience: a }).execute();
  };
  await adv('2026-05-20T01:00:00.000Z', ['seniors']);
  await adv('2026-06-30T16:00:00.000Z', ['seniors', 'sme']);

  // Subscribers: 12 active email, 3 active push, 2 pending email. Deliveries of two dispatches.
  const sub = async (channel: string, status: string) =>
    (await db.insertInto('subscriptions').values({ channel, status, locale: 'ja', prefecture: null, all_audiences: 1, email: channel === 'email' ? `${Math.random()}@example.org` : null, confirmed_at: status === 'active' ? NOW : null, confirm_sent_at: null, owner_organisation_id: null, name: null, webhook_url: null, webhook_secret: null, push_endpoint: null, push_p256dh: null, push_auth: null, disabled_reason: null, created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow()).id;
  const emails: number[] = [];
  for (let i = 0; i < 12; i++) emails.push(await sub('email', 'active'));
  const pushes: number[] = [];
  for (let i = 0; i < 3; i++) pushes.push(await sub('push', 'active'));
  for (let i = 0; i < 2; i++) await sub('email', 'pending');
  const dispatch = async (createdAt: string) => (await db.insertInto('dispatches').values({ topic: 'advisory', subject_id: 1, action: 'published', payload: '{}', created_at: createdAt }).returning('id').executeTakeFirstOrThrow()).id;
  const d1 = await dispatch('2026-06-30T16:00:00.000Z'); // July in Japan
  const d2 = await dispatch('2026-05-10T00:00:00.000Z');
  const delivery = (dispatchId: number, subscriptionId: number, channel: string, status: string) => db.insertInto('deliveries').values({ dispatch_id: dispatchId, subscription_id: subscriptionId, channel, status, attempts: 1, next_attempt_at: NOW, locked_by: null, last_attempt_at: null, last_status: null, last_error: null, delivered_at: null }).execute();
  await delivery(d1, emails[0]!, 'email', 'delivered');
  await delivery(d1, emails[1]!, 'email', 'delivered');
  await delivery(d1, emails[2]!, 'email', 'dead');
  await delivery(d2, pushes[0]!, 'push', 'delivered');
}

test('Japan month of an instant', () => {
  assert.equal(japanMonth('2026-06-30T15:00:00.000Z'), '2026-07');
  assert.equal(japanMonth('2026-06-30T14:59:59.999Z'), '2026-06');
});

for (const dialect of testDialects()) {
  describe(`effort figures (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
      await fixture(t.handle);
    });
    after(async () => t?.cleanup());

    test('initiatives by audience × method and by region, for FY2026 and all time', async () => {
      const am = await figure(t.handle, 'effort-initiatives-audience-method');
      assert.deepEqual(am.columns.map((c) => c.key), ['events', 'tools', 'info_desk', 'any']);
      assert.deepEqual(am.rows.find((r) => r.key === 'seniors')!.cells.map((c) => c.value), [1, 1, 1, 2]);
      assert.deepEqual(am.rows.find((r) => r.key === 'youth')!.cells.map((c) => c.value), [0, 0, 0, 0], 'I3 ended before FY2026');
      assert.deepEqual(am.rows.find((r) => r.key === 'total')!.cells.map((c) => c.value), [1, 1, 1, 2]);
      const all = await figure(t.handle, 'effort-initiatives-audience-method', 'all');
      assert.equal(cell(all, 'sme', 'events'), 1, 'I4 is active now');
      assert.equal(cell(all, 'total', 'any'), 3);

      const pr = await figure(t.handle, 'effort-initiatives-prefecture');
      assert.equal(cell(pr, 'nationwide', 'initiatives'), 1);
      assert.equal(cell(pr, '13', 'initiatives'), 1, 'nationwide I1 is not added to Tokyo; I3 has ended');
      assert.equal(cell(pr, '27', 'initiatives'), 1);
      assert.equal(cell(pr, '01', 'initiatives'), 0);
      assert.equal(cell(pr, 'total', 'initiatives'), 2);
      assert.equal(pr.source.kind, 'portal');
      assert.ok(pr.notes.length > 0 && am.rows.every((r) => r.cells.every((c) => !c.suppressed)));
    });

    test('events held per month by audience, and per campaign with participants; a draft event and its report count for nothing', async () => {
      const m = await figure(t.handle, 'effort-events-month-audience');
      assert.equal(m.columns.length, 12);
      assert.equal(m.columns[0]!.key, '2026-04');
      assert.equal(cell(m, 'seniors', '2026-06'), 2);
      assert.equal(cell(m, 'youth', '2026-06'), 1);
      assert.equal(cell(m, 'total', '2026-06'), 2, 'E2 aimed at two audiences counts once in the total');
      assert.equal(cell(m, 'sme', '2026-07'), 0, 'E3 was cancelled');
      const all = await figure(t.handle, 'effort-events-month-audience', 'all');
      assert.deepEqual(all.columns.map((c) => c.key), ['fy2025', 'fy2026']);
      assert.equal(cell(all, 'seniors', 'fy2025'), 1);

      const c = await figure(t.handle, 'effort-events-campaign');
      const row = c.rows.find((r) => r.label.ja === '月間')!;
      assert.deepEqual(row.cells.map((x) => x.value), [2, 1, 25], 'the draft in the campaign and its 100 participants are not counted');
      assert.deepEqual(c.rows.find((r) => r.key === 'total')!.cells.map((x) => x.value), [2, 1, 25]);
      const cAll = await figure(t.handle, 'effort-events-campaign', 'all');
      assert.deepEqual(cAll.rows.find((r) => r.key === 'none')!.cells.map((x) => x.value), [1, 0, 0]);
    });

    test('materials and downloads by audience, the top downloads, and advisories by month', async () => {
      const ma = await figure(t.handle, 'effort-materials-audience');
      assert.deepEqual(ma.rows.find((r) => r.key === 'seniors')!.cells.map((x) => x.value), [2, 17]);
      assert.deepEqual(ma.rows.find((r) => r.key === 'youth')!.cells.map((x) => x.value), [1, 10]);
      assert.deepEqual(ma.rows.find((r) => r.key === 'total')!.cells.map((x) => x.value), [2, 17], 'M3 came after FY2026');
      const top = await figure(t.handle, 'effort-materials-downloads', 'all');
      assert.deepEqual(top.rows.map((r) => [r.label.ja, r.cells[0]!.value]), [['M3', 50], ['M2', 10], ['M1', 7]]);

      const adv = await figure(t.handle, 'effort-advisories-month-audience');
      assert.equal(cell(adv, 'seniors', '2026-05'), 1);
      assert.equal(cell(adv, 'seniors', '2026-07'), 1, '16:00 UTC on 30 June is 1 July in Japan');
      assert.equal(cell(adv, 'sme', '2026-06'), 0);
      assert.equal(cell(adv, 'total', '2026-07'), 1);
    });

    test('subscribers are suppressed so a small channel cannot be recovered; deliveries per month by channel and status', async () => {
      const s = await figure(t.handle, 'effort-subscribers-channel');
      const push = s.rows.find((r) => r.key === 'push')!.cells[0]!;
      assert.equal(push.value, null);
      assert.equal(push.suppressed, true);
      const email = s.rows.find((r) => r.key === 'email')!.cells[0]!.value;
      const webhook = s.rows.find((r) => r.key === 'webhook')!.cells[0]!.value;
      const grand = s.rows.find((r) => r.key === 'total')!.cells[0]!.value;
      assert.ok(email === null || webhook === null || grand === null, 'push (3) cannot be recovered as total − email − webhook');
      assert.ok(email === null || email === 12, 'pending subscriptions are not counted');

      const d = await figure(t.handle, 'effort-deliveries-month');
      assert.equal(cell(d, 'email-delivered', '2026-07'), 2);
      assert.equal(cell(d, 'email-dead', '2026-07'), 1);
      assert.equal(cell(d, 'push-delivered', '2026-05'), 1);
      assert.equal(cell(d, 'total', '2026-07'), 3);
    });

    test('coverage by audience, and with a prefecture (nationwide initiatives and online events reach it)', async () => {
      const all = await coverageByAudience(t.handle, FY2026);
      assert.deepEqual(all.seniors, { initiatives: 2, events: 2, materials: 2 });
      assert.deepEqual(all.youth, { initiatives: 0, events: 1, materials: 1 });
      assert.deepEqual(all.sme, { initiatives: 0, events: 0, materials: 0 });
      const hokkaido = await coverageByAudience(t.handle, FY2026, '01');
      assert.deepEqual(hokkaido.seniors, { initiatives: 1, events: 1, materials: 2 }, 'I1 is nationwide, E2 online');
      const osaka = await coverageByAudience(t.handle, FY2026, '27');
      assert.deepEqual(osaka.seniors, { initiatives: 2, events: 1, materials: 2 });
      assert.deepEqual(osaka.sme.events, 0, 'E3 in Osaka was cancelled');
      const allTime = await coverageByAudience(t.handle, { kind: 'all' }, '01');
      assert.deepEqual(allTime.sme, { initiatives: 1, events: 0, materials: 1 });
    });

    test('a bad period is refused by the parameters', () => {
      assert.throws(() => EFFORT_FIGURES[0]!.params.parse({ period: 'last-week' }));
    });
  });
}
