// The program's effort (issue 7): initiatives, events, materials and advisories per audience × method ×
// region over time; events held and participants reported per campaign; material downloads; subscribers
// and deliveries. Only published content counts: the public projections (initiatives, events, materials,
// advisories) hold exactly the published entries (unpublishing deletes the row), so every figure reads
// them, and what hangs off content items (event reports, file download counts) is joined to them.
//
// Counts of initiatives, events, materials, downloads, advisories, deliveries and participants reported
// are about activities, not identifiable people: they are published as they are (a note says so).
// Subscribers are people: their table goes through suppressGrid.
import { sql } from 'kysely';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.ts';
import { CHANNELS, DELIVERY_STATUSES } from '../outbox/model.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES, METHOD_LABELS, METHODS, type Audience, type Label } from '../taxonomy/taxonomy.ts';
import { MIN_PUBLISHED, parsePeriod, periodLabel, periodMonths, type FigureDefinition, type Period, type StatColumn, type StatRow, type StatTable } from './model.ts';
import { suppressGrid } from './suppression.ts';

// ——— Periods ———

interface Bounds {
  /** Japan dates, both included. */
  fromDate: string;
  toDate: string;
  /** Instants (ISO UTC): from included, to excluded (00:00 Japan time on 1 April). */
  fromInstant: string;
  toInstant: string;
}

export function periodBounds(p: Period): Bounds | null {
  if (p.kind === 'all') return null;
  return { fromDate: `${p.year}-04-01`, toDate: `${p.year + 1}-03-31`, fromInstant: `${p.year}-03-31T15:00:00.000Z`, toInstant: `${p.year + 1}-03-31T15:00:00.000Z` };
}

/** The Japan month (YYYY-MM) of an instant. */
export function japanMonth(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 7);
}

const fiscalYearOf = (month: string) => (Number(month.slice(5, 7)) >= 4 ? Number(month.slice(0, 4)) : Number(month.slice(0, 4)) - 1);

/** Time columns: the 12 months of a fiscal year, or (all time) each fiscal year the data reaches. */
function timeColumns(p: Period, months: Iterable<string>): { key: string; label: Label; of: (month: string) => string }[] {
  const range = periodMonths(p);
  if (range) {
    const cols = [];
    for (let i = 0; i < 12; i++) {
      const y = p.kind === 'fy' ? p.year + (i >= 9 ? 1 : 0) : 0;
      const m = ((i + 3) % 12) + 1;
      const key = `${y}-${String(m).padStart(2, '0')}`;
      cols.push({ key, label: { ja: `${y}年${m}月`, en: new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }) }, of: (month: string) => month });
    }
    return cols;
  }
  const years = [...new Set([...months].map(fiscalYearOf))].sort((a, b) => a - b);
  return years.map((y) => ({ key: `fy${y}`, label: { ja: `${y}年度`, en: `FY${y}` }, of: (month: string) => `fy${fiscalYearOf(month)}` }));
}

// ——— Params ———

const periodParam = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const p = parsePeriod(s);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: "period must be 'all' or 'fy2026' (a fiscal year)" });
      return z.NEVER;
    }
    return p;
  });
const params = z.object({ period: periodParam });
export type EffortParams = z.infer<typeof params>;

// ——— Notes ———

const NOTE_NOT_PEOPLE: Label = {
  ja: '取組・イベント・教材・注意喚起・ダウンロード・配信・報告された参加者の数は、個人を特定できる人数ではないため、少ない数もそのまま公表しています。',
  en: 'Counts of initiatives, events, materials, advisories, downloads, deliveries and participants reported do not identify people, so small counts are published as they are.',
};
const NOTE_PUBLISHED: Label = { ja: '公開中の掲載内容だけを数えています（下書き・審査中・公開停止したものは含みません）。', en: 'Only published content is counted (drafts, content under review and unpublished content are not).' };
const NOTE_MULTI_AUDIENCE: Label = { ja: '複数の対象に向けたものは、それぞれの対象の行に数えます。合計の行は重複を除いた数です。', en: 'Something aimed at several audiences counts in each of their rows; the total row counts each once.' };
const NOTE_INITIATIVE_PERIOD: Label = {
  ja: '取組には実施期間の記録がないため、年度の数は「その年度末までにポータルに掲載され、年度の初めに実施中だったか、年度中に更新されたもの」です（編集部の判断）。全期間は現在実施中の取組です。',
  en: 'Initiatives carry no dates of their own: for a fiscal year they are those listed on the portal by its end that were active or updated during it (editors’ judgement). All time means active now.',
};

const SOURCE = (asOf?: string) => ({ kind: 'portal' as const, label: { ja: 'ポータルの掲載内容', en: "The portal's published content" }, ...(asOf ? { asOf } : {}) });
const countCol = (key: string, label: Label): StatColumn => ({ key, label, unit: 'count' });
const cells = (values: number[]) => values.map((v) => ({ value: v, suppressed: false }));
const audienceLabel = (a: Audience): Label => ({ ja: AUDIENCE_LABELS[a].ja, en: AUDIENCE_LABELS[a].en });
const TOTAL: Label = { ja: '合計', en: 'Total' };

function withPeriod(title: Label, p: Period): Label {
  const pl = periodLabel(p);
  return { ja: `${title.ja}（${pl.ja}）`, en: `${title.en} (${pl.en})` };
}

// ——— Queries ———

/** Published initiatives reaching the period, with audiences, methods and regions. */
async function activeInitiatives(handle: DatabaseHandle, p: Period, prefecture?: string) {
  const b = periodBounds(p);
  let q = handle.db.selectFrom('initiatives as i').select(['i.id', 'i.nationwide']);
  if (b) q = q.where('i.created_at', '<', b.toInstant).where((eb) => eb.or([eb('i.status', '=', 'active'), eb('i.updated_at', '>=', b.fromInstant)]));
  else q = q.where('i.status', '=', 'active');
  if (prefecture) q = q.where((eb) => eb.or([eb('i.nationwide', '=', 1), eb('i.id', 'in', eb.selectFrom('initiative_regions').select('initiative_id').where('prefecture', '=', prefecture))]));
  const rows = await q.execute();
  const ids = new Set(rows.map((r) => r.id));
  const [auds, meths, regs] = await Promise.all([
    handle.db.selectFrom('initiative_audiences').select(['initiative_id', 'audience']).execute(),
    handle.db.selectFrom('initiative_methods').select(['initiative_id', 'method']).execute(),
    handle.db.selectFrom('initiative_regions').select(['initiative_id', 'prefecture']).execute(),
  ]);
  return {
    rows,
    audiences: auds.filter((r) => ids.has(r.initiative_id)),
    methods: meths.filter((r) => ids.has(r.initiative_id)),
    regions: regs.filter((r) => ids.has(r.initiative_id)),
  };
}

/** Published, not cancelled events whose first day is in the period (each with its audiences). */
async function heldEvents(handle: DatabaseHandle, p: Period, prefecture?: string) {
  const b = periodBounds(p);
  let q = handle.db.selectFrom('events as e').select(['e.id', 'e.item_id', 'e.start_date', 'e.campaign_id']).where('e.cancelled', '=', 0);
  if (b) q = q.where('e.start_date', '>=', b.fromDate).where('e.start_date', '<=', b.toDate);
  if (prefecture) q = q.where((eb) => eb.or([eb('e.prefecture', '=', prefecture), eb('e.attendance', 'in', ['online', 'hybrid'])]));
  const events = await q.execute();
  const ids = new Set(events.map((e) => e.id));
  const auds = (await handle.db.selectFrom('event_audiences').select(['event_id', 'audience']).execute()).filter((a) => ids.has(a.event_id));
  return { events, audiences: auds };
}

/** Published materials by the end of the period, with their audiences. */
async function publishedMaterials(handle: DatabaseHandle, p: Period) {
  const b = periodBounds(p);
  let q = handle.db.selectFrom('materials as m').select(['m.id', 'm.title_ja', 'm.title_en']);
  if (b) q = q.where('m.created_at', '<', b.toInstant);
  const materials = await q.execute();
  const ids = new Set(materials.map((m) => m.id));
  const auds = (await handle.db.selectFrom('material_audiences').select(['material_id', 'audience']).execute()).filter((a) => ids.has(a.material_id));
  // Downloads of every file version of a published material (file rows outlive unpublishing: join them).
  const dl = await handle.db
    .selectFrom('material_files as f')
    .innerJoin('materials as m', 'm.id', 'f.material_id')
    .select(['f.material_id', sql<number>`sum(f.download_count)`.as('n')])
    .groupBy('f.material_id')
    .execute();
  const downloads = new Map<number, number>(dl.filter((r) => ids.has(r.material_id)).map((r) => [r.material_id, Number(r.n)]));
  return { materials, audiences: auds, downloads };
}

function distinctBy<T>(rows: T[], key: (r: T) => string, id: (r: T) => number): Map<string, Set<number>> {
  const m = new Map<string, Set<number>>();
  for (const r of rows) {
    const k = key(r);
    const s = m.get(k) ?? new Set<number>();
    s.add(id(r));
    m.set(k, s);
  }
  return m;
}

// ——— Coverage (for "effort beside need") ———

export interface Coverage {
  initiatives: number;
  events: number;
  materials: number;
}

/**
 * Per audience, what reaches it in the period (events: held in the period; initiatives: active;
 * materials: published). With a prefecture: initiatives that are nationwide or in that prefecture, events
 * in that prefecture or online (hybrid events are online too).
 */
export async function coverageByAudience(handle: DatabaseHandle, period: Period, prefecture?: string): Promise<Record<Audience, Coverage>> {
  const [ini, ev, mat] = await Promise.all([activeInitiatives(handle, period, prefecture), heldEvents(handle, period, prefecture), publishedMaterials(handle, period)]);
  const out = Object.fromEntries(AUDIENCES.map((a) => [a, { initiatives: 0, events: 0, materials: 0 }])) as Record<Audience, Coverage>;
  for (const r of ini.audiences) if (r.audience in out) out[r.audience as Audience].initiatives++;
  for (const r of ev.audiences) if (r.audience in out) out[r.audience as Audience].events++;
  for (const r of mat.audiences) if (r.audience in out) out[r.audience as Audience].materials++;
  return out;
}

// ——— Figures ———

async function initiativesByAudienceMethod(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const ini = await activeInitiatives(handle, period);
  const methodsOf = distinctBy(ini.methods, (r) => r.method, (r) => r.initiative_id);
  const byAud = distinctBy(ini.audiences, (r) => r.audience, (r) => r.initiative_id);
  const rows: StatRow[] = AUDIENCES.map((a) => {
    const ids = byAud.get(a) ?? new Set<number>();
    return { key: a, label: audienceLabel(a), cells: cells([...METHODS.map((m) => [...ids].filter((id) => methodsOf.get(m)?.has(id)).length), ids.size]) };
  });
  rows.push({ key: 'total', label: TOTAL, total: true, cells: cells([...METHODS.map((m) => methodsOf.get(m)?.size ?? 0), ini.rows.length]) });
  return {
    id: 'effort-initiatives-audience-method',
    title: withPeriod({ ja: '対象別・手法別の取組の数', en: 'Initiatives by audience and method' }, period),
    description: { ja: '公開中の取組を、対象（行）と手法（列）で数えたもの。', en: 'Published initiatives counted by audience (rows) and delivery method (columns).' },
    source: SOURCE(),
    period,
    columns: [...METHODS.map((m) => countCol(m, METHOD_LABELS[m])), countCol('any', { ja: '取組の数（手法を問わず）', en: 'Initiatives (any method)' })],
    rows,
    notes: [NOTE_PUBLISHED, NOTE_INITIATIVE_PERIOD, { ...NOTE_MULTI_AUDIENCE, ja: NOTE_MULTI_AUDIENCE.ja + '複数の手法をもつ取組も、それぞれの手法の列に数えます。', en: NOTE_MULTI_AUDIENCE.en + ' An initiative with several methods counts in each of their columns.' }, NOTE_NOT_PEOPLE],
  };
}

async function initiativesByPrefecture(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const ini = await activeInitiatives(handle, period);
  const byPref = distinctBy(ini.regions, (r) => r.prefecture, (r) => r.initiative_id);
  const nationwide = ini.rows.filter((r) => r.nationwide === 1).length;
  const rows: StatRow[] = [
    { key: 'nationwide', label: { ja: '全国', en: 'Nationwide' }, cells: cells([nationwide]) },
    ...PREFECTURES.map((pf) => ({ key: pf.code, label: { ja: pf.ja, en: pf.en }, cells: cells([byPref.get(pf.code)?.size ?? 0]) })),
    { key: 'total', label: TOTAL, total: true, cells: cells([ini.rows.length]) },
  ];
  return {
    id: 'effort-initiatives-prefecture',
    title: withPeriod({ ja: '地域別の取組の数', en: 'Initiatives by region' }, period),
    description: { ja: '全国を対象とする取組と、都道府県ごとの取組の数。', en: 'Nationwide initiatives, and initiatives in each prefecture.' },
    source: SOURCE(),
    period,
    columns: [countCol('initiatives', { ja: '取組の数', en: 'Initiatives' })],
    rows,
    notes: [
      NOTE_PUBLISHED,
      NOTE_INITIATIVE_PERIOD,
      { ja: '全国を対象とする取組は「全国」の行にだけ数え、都道府県の行には含めません（どの都道府県にも届きます）。複数の都道府県で行う取組は、それぞれの行に数えます。', en: 'Nationwide initiatives are counted in their own row only, not in each prefecture (they reach every one). An initiative in several prefectures counts in each.' },
      NOTE_NOT_PEOPLE,
    ],
  };
}

async function eventsByMonthAudience(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const ev = await heldEvents(handle, period);
  const monthOf = new Map(ev.events.map((e) => [e.id, e.start_date.slice(0, 7)]));
  const cols = timeColumns(period, monthOf.values());
  const colIndex = new Map(cols.map((c, i) => [c.key, i]));
  const count = (ids: Iterable<number>) => {
    const v = cols.map(() => 0);
    for (const id of ids) {
      const i = colIndex.get(cols[0]?.of(monthOf.get(id)!) ?? '');
      if (i !== undefined) v[i]!++;
    }
    return v;
  };
  const byAud = distinctBy(ev.audiences, (r) => r.audience, (r) => r.event_id);
  const rows: StatRow[] = AUDIENCES.map((a) => ({ key: a, label: audienceLabel(a), cells: cells(count(byAud.get(a) ?? [])) }));
  rows.push({ key: 'total', label: TOTAL, total: true, cells: cells(count(ev.events.map((e) => e.id))) });
  return {
    id: 'effort-events-month-audience',
    title: withPeriod({ ja: '対象別のイベントの開催数', en: 'Events held by audience' }, period),
    description: { ja: '中止されていない公開中のイベントを、開始日の月（全期間は年度）と対象で数えたもの。', en: 'Published events not cancelled, by month of their first day (fiscal year for all time) and audience.' },
    source: SOURCE(),
    period,
    columns: cols.map((c) => countCol(c.key, c.label)),
    rows,
    notes: [NOTE_PUBLISHED, { ja: '期間の中で開始日がまだ来ていないイベント（予定）も含みます。', en: 'Events of the period whose first day is still to come (planned) are included.' }, NOTE_MULTI_AUDIENCE, NOTE_NOT_PEOPLE],
  };
}

async function eventsByCampaign(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const ev = await heldEvents(handle, period);
  const campaigns = await handle.db.selectFrom('campaigns').select(['id', 'title_ja', 'title_en', 'start_date']).orderBy('start_date').orderBy('id').execute();
  const itemIds = ev.events.map((e) => e.item_id);
  const reports = itemIds.length ? await handle.db.selectFrom('event_reports').select(['item_id', 'participants']).execute() : [];
  const reportsOf = new Map<number, number[]>();
  for (const r of reports) reportsOf.set(r.item_id, [...(reportsOf.get(r.item_id) ?? []), Number(r.participants)]);
  const line = (events: typeof ev.events) => {
    const withReport = events.filter((e) => reportsOf.has(e.item_id));
    return [events.length, withReport.length, withReport.reduce((s, e) => s + reportsOf.get(e.item_id)!.reduce((a, b) => a + b, 0), 0)];
  };
  const rows: StatRow[] = [];
  for (const c of campaigns) {
    const events = ev.events.filter((e) => e.campaign_id === c.id);
    if (events.length === 0) continue;
    rows.push({ key: `campaign-${c.id}`, label: { ja: c.title_ja, en: c.title_en }, cells: cells(line(events)) });
  }
  const outside = ev.events.filter((e) => e.campaign_id === null || !campaigns.some((c) => c.id === e.campaign_id));
  rows.push({ key: 'none', label: { ja: 'キャンペーン外', en: 'Outside any campaign' }, cells: cells(line(outside)) });
  rows.push({ key: 'total', label: TOTAL, total: true, cells: cells(line(ev.events)) });
  return {
    id: 'effort-events-campaign',
    title: withPeriod({ ja: 'キャンペーン別のイベントと参加者', en: 'Events and participants by campaign' }, period),
    description: { ja: 'キャンペーンごとに、開催したイベント、主催者の報告があるイベント、報告された参加者の数。', en: 'Per campaign: events held, events with an organiser’s report, and participants reported.' },
    source: SOURCE(),
    period,
    columns: [countCol('held', { ja: '開催したイベント', en: 'Events held' }), countCol('reported', { ja: '報告があるイベント', en: 'Events with a report' }), countCol('participants', { ja: '報告された参加者', en: 'Participants reported' })],
    rows,
    notes: [
      NOTE_PUBLISHED,
      { ja: '参加者の数は主催者の報告の合計です。報告のないイベントの参加者は含みません。同じ人が複数のイベントに参加すると重ねて数えます。', en: 'Participants are the sum of organisers’ reports: events without a report add none, and a person at several events is counted at each.' },
      NOTE_NOT_PEOPLE,
    ],
  };
}

const NOTE_DOWNLOADS: Label = {
  ja: 'ダウンロード数は公開からの累計です（いつダウンロードされたかは記録していないため、期間では分けられません）。外部のサイトにある教材は数えられません。',
  en: 'Downloads are totals since publication (when each happened is not recorded, so they cannot be split by period). Materials hosted elsewhere cannot be counted.',
};

async function materialsByAudience(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const mat = await publishedMaterials(handle, period);
  const byAud = distinctBy(mat.audiences, (r) => r.audience, (r) => r.material_id);
  const dl = (ids: Iterable<number>) => [...ids].reduce((s, id) => s + (mat.downloads.get(id) ?? 0), 0);
  const rows: StatRow[] = AUDIENCES.map((a) => {
    const ids = byAud.get(a) ?? new Set<number>();
    return { key: a, label: audienceLabel(a), cells: cells([ids.size, dl(ids)]) };
  });
  rows.push({ key: 'total', label: TOTAL, total: true, cells: cells([mat.materials.length, dl(mat.materials.map((m) => m.id))]) });
  return {
    id: 'effort-materials-audience',
    title: withPeriod({ ja: '対象別の教材とダウンロード', en: 'Materials and downloads by audience' }, period),
    description: { ja: '期間の終わりまでに公開された教材の数と、そのダウンロード数。', en: 'Materials published by the end of the period, and their downloads.' },
    source: SOURCE(),
    period,
    columns: [countCol('materials', { ja: '教材の数', en: 'Materials' }), countCol('downloads', { ja: 'ダウンロード数（累計）', en: 'Downloads (to date)' })],
    rows,
    notes: [NOTE_PUBLISHED, NOTE_MULTI_AUDIENCE, NOTE_DOWNLOADS, NOTE_NOT_PEOPLE],
  };
}

async function materialDownloadsTop(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const mat = await publishedMaterials(handle, period);
  const top = [...mat.materials].sort((a, b) => (mat.downloads.get(b.id) ?? 0) - (mat.downloads.get(a.id) ?? 0) || a.id - b.id).slice(0, 20);
  return {
    id: 'effort-materials-downloads',
    title: withPeriod({ ja: 'ダウンロードの多い教材（上位20件）', en: 'Most downloaded materials (top 20)' }, period),
    description: { ja: '公開中の教材のうち、ダウンロード数の多いもの。', en: 'The published materials downloaded most.' },
    source: SOURCE(),
    period,
    columns: [countCol('downloads', { ja: 'ダウンロード数（累計）', en: 'Downloads (to date)' })],
    rows: top.map((m) => ({ key: `material-${m.id}`, label: { ja: m.title_ja, en: m.title_en || m.title_ja }, cells: cells([mat.downloads.get(m.id) ?? 0]) })),
    notes: [NOTE_PUBLISHED, { ja: 'すべての版のファイルのダウンロードを合計しています。', en: 'Downloads of every version of the file are added up.' }, NOTE_DOWNLOADS, NOTE_NOT_PEOPLE],
  };
}

async function advisoriesByMonthAudience(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const b = periodBounds(period);
  let q = handle.db.selectFrom('advisories').select(['id', 'published_at']);
  if (b) q = q.where('published_at', '>=', b.fromInstant).where('published_at', '<', b.toInstant);
  const advisories = await q.execute();
  const ids = new Set(advisories.map((a) => a.id));
  const monthOf = new Map(advisories.map((a) => [a.id, japanMonth(a.published_at)]));
  const auds = (await handle.db.selectFrom('advisory_audiences').select(['advisory_id', 'audience']).execute()).filter((a) => ids.has(a.advisory_id));
  const cols = timeColumns(period, monthOf.values());
  const colIndex = new Map(cols.map((c, i) => [c.key, i]));
  const count = (list: Iterable<number>) => {
    const v = cols.map(() => 0);
    for (const id of list) {
      const i = colIndex.get(cols[0]?.of(monthOf.get(id)!) ?? '');
      if (i !== undefined) v[i]!++;
    }
    return v;
  };
  const byAud = distinctBy(auds, (r) => r.audience, (r) => r.advisory_id);
  const rows: StatRow[] = AUDIENCES.map((a) => ({ key: a, label: audienceLabel(a), cells: cells(count(byAud.get(a) ?? [])) }));
  rows.push({ key: 'total', label: TOTAL, total: true, cells: cells(count(advisories.map((a) => a.id))) });
  return {
    id: 'effort-advisories-month-audience',
    title: withPeriod({ ja: '対象別の注意喚起の発信数', en: 'Advisories issued by audience' }, period),
    description: { ja: '公開された注意喚起を、最初に公開した月（全期間は年度）と対象で数えたもの。', en: 'Published advisories by month of first publication (fiscal year for all time) and audience.' },
    source: SOURCE(),
    period,
    columns: cols.map((c) => countCol(c.key, c.label)),
    rows,
    notes: [NOTE_PUBLISHED, { ja: '後に取り下げた注意喚起も、発信した月に数えます。', en: 'Advisories withdrawn later still count in the month they were issued.' }, NOTE_MULTI_AUDIENCE, NOTE_NOT_PEOPLE],
  };
}

const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], Label> = {
  email: { ja: 'メール', en: 'Email' },
  webhook: { ja: 'Webhook', en: 'Webhook' },
  push: { ja: 'プッシュ通知', en: 'Push notifications' },
};
const DELIVERY_STATUS_LABELS: Record<(typeof DELIVERY_STATUSES)[number], Label> = {
  pending: { ja: '送信待ち', en: 'Pending' },
  delivered: { ja: '配信済み', en: 'Delivered' },
  dead: { ja: '配信できず', en: 'Failed' },
  cancelled: { ja: '取りやめ', en: 'Cancelled' },
};

async function subscribersByChannel(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const rows = await handle.db.selectFrom('subscriptions').select(['channel', sql<number>`count(*)`.as('n')]).where('status', '=', 'active').groupBy('channel').execute();
  const n = new Map(rows.map((r) => [r.channel, Number(r.n)]));
  const s = suppressGrid(CHANNELS.map((c) => [n.get(c) ?? 0]));
  return {
    id: 'effort-subscribers-channel',
    title: { ja: '配信の登録者数（経路別、現在）', en: 'Subscribers by channel (now)' },
    description: { ja: '確認済みで有効な配信登録の数を、経路ごとに数えたもの。', en: 'Confirmed, active subscriptions, by channel.' },
    source: SOURCE(new Date().toISOString().slice(0, 10)),
    period,
    columns: [countCol('subscribers', { ja: '登録者', en: 'Subscribers' })],
    rows: [
      ...CHANNELS.map((c, i) => ({ key: c, label: CHANNEL_LABELS[c], cells: [{ value: s.cells[i]![0]!, suppressed: s.cells[i]![0] === null }] })),
      { key: 'total', label: TOTAL, total: true, cells: [{ value: s.grand, suppressed: s.grand === null }] },
    ],
    notes: [
      { ja: `登録者は人の数です。${MIN_PUBLISHED}未満の数と、そこから引き算で分かってしまう数は「X」（秘匿）としています。`, en: `Subscribers are people: counts under ${MIN_PUBLISHED}, and those from which one could be recovered by subtraction, are shown as "X" (withheld).` },
      { ja: '登録は現在の状態です（選んだ期間にかかわらず、今有効な登録を数えます）。確認待ち・停止・解除したものは含みません。', en: 'Subscriptions are as they stand now, whatever the period chosen; pending, disabled and cancelled ones are not counted.' },
    ],
  };
}

async function deliveriesByMonth(handle: DatabaseHandle, { period }: EffortParams): Promise<StatTable> {
  const b = periodBounds(period);
  // Grouped by the UTC hour in SQL (the same text functions on both databases), then by Japan month here.
  const hour = sql<string>`substr(di.created_at, 1, 13)`;
  let q = handle.db.selectFrom('deliveries as d').innerJoin('dispatches as di', 'di.id', 'd.dispatch_id').select(['d.channel', 'd.status', hour.as('hour'), sql<number>`count(*)`.as('n')]);
  if (b) q = q.where('di.created_at', '>=', b.fromInstant).where('di.created_at', '<', b.toInstant);
  const groups = await q.groupBy(['d.channel', 'd.status', hour]).execute();
  const withMonth = groups.map((g) => ({ ...g, month: japanMonth(`${g.hour}:00:00.000Z`), n: Number(g.n) }));
  const cols = timeColumns(period, withMonth.map((g) => g.month));
  const colIndex = new Map(cols.map((c, i) => [c.key, i]));
  const keys = CHANNELS.flatMap((c) => DELIVERY_STATUSES.map((st) => [c, st] as const));
  const grid = new Map(keys.map(([c, st]) => [`${c}/${st}`, cols.map(() => 0)]));
  const total = cols.map(() => 0);
  for (const g of withMonth) {
    const i = colIndex.get(cols[0]?.of(g.month) ?? '');
    const row = grid.get(`${g.channel}/${g.status}`);
    if (i === undefined || !row) continue;
    row[i]! += g.n;
    total[i]! += g.n;
  }
  return {
    id: 'effort-deliveries-month',
    title: withPeriod({ ja: '経路別・状態別の配信数', en: 'Deliveries by channel and status' }, period),
    description: { ja: '注意喚起・イベント・教材のお知らせの配信を、お知らせの月（全期間は年度）、経路、状態で数えたもの。', en: 'Deliveries of advisories, events and materials, by month of the notice (fiscal year for all time), channel and status.' },
    source: SOURCE(),
    period,
    columns: cols.map((c) => countCol(c.key, c.label)),
    rows: [
      ...keys.map(([c, st]) => ({ key: `${c}-${st}`, label: { ja: `${CHANNEL_LABELS[c].ja}：${DELIVERY_STATUS_LABELS[st].ja}`, en: `${CHANNEL_LABELS[c].en}: ${DELIVERY_STATUS_LABELS[st].en}` }, cells: cells(grid.get(`${c}/${st}`)!) })),
      { key: 'total', label: TOTAL, total: true, cells: cells(total) },
    ],
    notes: [{ ja: '配信の数は送ったお知らせの数で、人の数ではありません。', en: 'Deliveries count messages sent, not people.' }, NOTE_NOT_PEOPLE],
  };
}

const def = (id: string, title: Label, build: (h: DatabaseHandle, p: EffortParams) => Promise<StatTable>): FigureDefinition<EffortParams> => ({ id, title, params, build });

export const EFFORT_FIGURES: FigureDefinition[] = [
  def('effort-initiatives-audience-method', { ja: '対象別・手法別の取組の数', en: 'Initiatives by audience and method' }, initiativesByAudienceMethod),
  def('effort-initiatives-prefecture', { ja: '地域別の取組の数', en: 'Initiatives by region' }, initiativesByPrefecture),
  def('effort-events-month-audience', { ja: '対象別のイベントの開催数', en: 'Events held by audience' }, eventsByMonthAudience),
  def('effort-events-campaign', { ja: 'キャンペーン別のイベントと参加者', en: 'Events and participants by campaign' }, eventsByCampaign),
  def('effort-materials-audience', { ja: '対象別の教材とダウンロード', en: 'Materials and downloads by audience' }, materialsByAudience),
  def('effort-materials-downloads', { ja: 'ダウンロードの多い教材（上位20件）', en: 'Most downloaded materials (top 20)' }, materialDownloadsTop),
  def('effort-advisories-month-audience', { ja: '対象別の注意喚起の発信数', en: 'Advisories issued by audience' }, advisoriesByMonthAudience),
  def('effort-subscribers-channel', { ja: '配信の登録者数（経路別）', en: 'Subscribers by channel' }, subscribersByChannel),
  def('effort-deliveries-month', { ja: '経路別・状態別の配信数', en: 'Deliveries by channel and status' }, deliveriesByMonth),
];
