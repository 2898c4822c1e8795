// Finding events: every filter against a ground truth computed here from the generated events; the
// list page, the calendar, the map and the iCalendar feed agree with the API; feeds parse with ical.js
// (UIDs, Japan times, cancelled events, sequence); bad query parameters get a 400 that names them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { FIXTURE_NOW, publishPayloads } from './fixture.ts';
import { ATTENDANCES, type EventPayload } from './model.ts';
import { seedCampaigns } from './seed.ts';
import { addDays, eventInstants, tokyoDate, tokyoTime } from './time.ts';

const NOW = FIXTURE_NOW;

/** A small deterministic generator (LCG), so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

interface Gen {
  id: number;
  p: EventPayload;
  startAt: string;
  endAt: string;
}

const PREFS = ['01', '04', '13', '14', '23', '27', '28', '40', '47'];

function generate(campaignId: number): EventPayload[] {
  const r = rng(20270201);
  const out: EventPayload[] = [];
  for (let i = 0; i < 40; i++) {
    const attendance = r.pick(ATTENDANCES);
    const prefecture = attendance === 'online' && r.next() < 0.5 ? null : r.pick(PREFS);
    const audiences = [...new Set([r.pick(AUDIENCES), r.pick(AUDIENCES), ...(r.next() < 0.3 ? [r.pick(AUDIENCES)] : [])])] as Audience[];
    const startDate = addDays('2026-09-01', r.int(240));
    const allDay = r.next() < 0.3;
    const multi = r.next() < 0.15;
    const endDate = allDay ? addDays(startDate, r.int(3)) : multi ? addDays(startDate, 1 + r.int(2)) : startDate;
    const h = 9 + r.int(9);
    const inCampaign = startDate >= '2027-02-01' && startDate <= '2027-03-18' && r.next() < 0.6;
    out.push({
      titleJa: `生成イベント${i}`,
      titleEn: `Generated event ${i}`,
      descriptionJa: '説明',
      descriptionEn: 'About',
      initiativeId: null,
      audiences,
      allDay,
      startDate,
      endDate,
      startTime: allDay ? null : `${String(h).padStart(2, '0')}:${r.pick(['00', '30'])}`,
      endTime: allDay ? null : multi ? '12:00' : `${String(h + 1 + r.int(3)).padStart(2, '0')}:00`,
      attendance,
      venueJa: prefecture ? '会場' : '',
      venueEn: prefecture ? 'Venue' : '',
      prefecture,
      feeYen: r.int(3) * 500,
      capacity: null,
      registrationUrl: null,
      accessibilityJa: '',
      accessibilityEn: '',
      campaignId: inCampaign ? campaignId : null,
      cancelled: r.next() < 0.1,
    });
  }
  // One event under way at NOW (Japan 2026-11-26 12:00): upcoming until it ends.
  out.push({ ...out[0]!, titleJa: '開催中の3日間イベント', titleEn: 'Three days, under way', allDay: true, startDate: '2026-11-25', endDate: '2026-11-27', startTime: null, endTime: null, prefecture: '13', attendance: 'onsite', campaignId: null, cancelled: false });
  return out;
}

interface Filters {
  prefecture?: string[];
  block?: string[];
  audience?: string[];
  from?: string;
  to?: string;
  online?: 'true' | 'false';
  campaign?: number;
  when?: 'upcoming' | 'past' | 'all';
}

function qs(f: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const v of f.prefecture ?? []) p.append('prefecture', v);
  for (const v of f.block ?? []) p.append('block', v);
  for (const v of f.audience ?? []) p.append('audience', v);
  if (f.from) p.append('from', f.from);
  if (f.to) p.append('to', f.to);
  if (f.online) p.append('online', f.online);
  if (f.campaign !== undefined) p.append('campaign', String(f.campaign));
  if (f.when) p.append('when', f.when);
  for (const [k, v] of Object.entries(extra)) p.append(k, v);
  return p.toString();
}

/** The ground truth: what each filter means, written independently of the SQL. */
function expected(all: Gen[], f: Filters): Gen[] {
  const place = new Set([...(f.prefecture ?? []), ...PREFECTURES.filter((p) => (f.block ?? []).includes(p.block)).map((p) => p.code)]);
  const when = f.when ?? (f.from || f.to ? 'all' : 'upcoming');
  const from = f.from ? eventInstants({ allDay: true, startDate: f.from, endDate: f.from, startTime: null, endTime: null }).startAt : null;
  const to = f.to ? eventInstants({ allDay: true, startDate: f.to, endDate: f.to, startTime: null, endTime: null }).endAt : null;
  const hits = all.filter((g) => {
    if (place.size && !(g.p.prefecture && place.has(g.p.prefecture))) return false;
    if (f.audience?.length && !g.p.audiences.some((a) => f.audience!.includes(a))) return false;
    if (from && !(g.endAt > from)) return false;
    if (to && !(g.startAt < to)) return false;
    if (f.online === 'true' && g.p.attendance === 'onsite') return false;
    if (f.online === 'false' && g.p.attendance !== 'onsite') return false;
    if (f.campaign !== undefined && g.p.campaignId !== f.campaign) return false;
    if (when === 'upcoming' && !(g.endAt > NOW)) return false;
    if (when === 'past' && !(g.endAt <= NOW)) return false;
    return true;
  });
  const dir = when === 'past' ? -1 : 1;
  return hits.sort((a, b) => dir * (a.startAt.localeCompare(b.startAt) || a.endAt.localeCompare(b.endAt) || a.id - b.id));
}

for (const dialect of testDialects()) {
  describe(`finding events (${dialect})`, () => {
    let t: TestApp;
    let all: Gen[];
    let month2027: number;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE, { now: () => new Date(NOW) });
      month2027 = (await t.db.handle.db.selectFrom('campaigns').select('id').where('slug', '=', 'cybersecurity-month-2027').executeTakeFirstOrThrow()).id;
      const payloads = generate(month2027);
      const ids = await publishPayloads(t.db.handle, payloads);
      all = payloads.map((p, i) => ({ id: ids[i]!, p, ...eventInstants(p) }));
    });
    after(async () => {
      await t.close();
    });

    async function apiIds(query: string): Promise<number[]> {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const r = await t.app.inject(`/api/v1/events?${query}${query ? '&' : ''}page=${page}`);
        if (page > 1 && r.statusCode === 404) break;
        assert.equal(r.statusCode, 200, `${query}: ${r.body}`);
        const body = r.json();
        ids.push(...body.items.map((e: { id: number }) => e.id));
        if (ids.length >= body.total) break;
      }
      return ids;
    }

    function feedEvents(body: string) {
      const comp = new ICAL.Component(ICAL.parse(body));
      return comp.getAllSubcomponents('vevent').map((v) => ({ v, e: new ICAL.Event(v) }));
    }

    const CASES: Filters[] = [
      {},
      { when: 'past' },
      { when: 'all' },
      { prefecture: ['13'], when: 'all' },
      { prefecture: ['13', '27'] },
      { block: ['kanto'], when: 'all' },
      { block: ['kinki'], prefecture: ['13'], when: 'all' },
      { audience: ['seniors'], when: 'all' },
      { audience: ['seniors', 'youth'] },
      { from: '2027-02-01', to: '2027-02-28' },
      { from: '2026-11-26' },
      { to: '2026-12-31', when: 'upcoming' },
      { from: '2026-11-27', to: '2026-11-27' },
      { online: 'true', when: 'all' },
      { online: 'false' },
      { block: ['kanto'], audience: ['sme', 'micro_business'], online: 'true', when: 'all' },
    ];

    test('every filter lists exactly the events it means, in order, in the API and on the list page', async () => {
      const cases: Filters[] = [...CASES, { campaign: month2027, when: 'all' }, { campaign: month2027, prefecture: ['13', '23'], from: '2027-02-01', to: '2027-02-20' }];
      let nonEmpty = 0;
      for (const f of cases) {
        const want = expected(all, f).map((g) => g.id);
        if (want.length) nonEmpty++;
        assert.deepEqual(await apiIds(qs(f)), want, `API ${qs(f)}`);
        const page = await t.app.inject(`/events?${qs(f)}`);
        assert.equal(page.statusCode, 200);
        const count = Number(/class="results-count">（([\d,]+)件/.exec(page.body)?.[1]?.replace(/,/g, ''));
        assert.equal(count, want.length, `list count ${qs(f)}`);
        const listed = [...page.body.matchAll(/<h3 class="card-title">(?:<span class="tag tag-cancelled">中止<\/span> )?<a href="\/events\/(\d+)">/g)].map((m) => Number(m[1]));
        assert.deepEqual(listed, want.slice(0, 20), `list page ${qs(f)}`);
      }
      assert.ok(nonEmpty >= cases.length - 2, 'the cases are not vacuous');
      // The event under way at NOW is upcoming, not past.
      const underWay = all.find((g) => g.p.titleEn === 'Three days, under way')!;
      assert.ok((await apiIds('')).includes(underWay.id));
      assert.ok(!(await apiIds('when=past')).includes(underWay.id));
    });

    test('the list pages through every result and stops at its last page', async () => {
      const want = expected(all, { when: 'all' }).map((g) => g.id);
      assert.ok(want.length > 20);
      const p2 = await t.app.inject('/events?when=all&page=2');
      const listed = [...p2.body.matchAll(/<a href="\/events\/(\d+)">/g)].map((m) => Number(m[1]));
      assert.deepEqual(listed.slice(0, 20), want.slice(20, 40));
      assert.equal((await t.app.inject(`/events?when=all&page=${Math.ceil(want.length / 20) + 1}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/api/v1/events?when=all&page=99`)).statusCode, 404);
    });

    test('the month calendar shows the same events as the list for that month, each on its days, with Japanese holidays', async () => {
      for (const [month, last] of [['2027-02', '2027-02-28'], ['2026-11', '2026-11-30']] as const) {
        for (const f of [{}, { prefecture: ['13', '27'] }, { audience: ['youth'], online: 'true' as const }] as Filters[]) {
          const want = expected(all, { ...f, from: `${month}-01`, to: last, when: 'all' });
          const page = await t.app.inject(`/events/calendar?${qs(f, { month })}`);
          assert.equal(page.statusCode, 200);
          const table = page.body.slice(page.body.indexOf('<table class="calendar"'), page.body.indexOf('</table>'));
          const inTable = new Set([...table.matchAll(/href="\/events\/(\d+)"/g)].map((m) => Number(m[1])));
          assert.deepEqual([...inTable].sort((a, b) => a - b), want.map((g) => g.id).sort((a, b) => a - b), `calendar ${month} ${qs(f)}`);
          assert.match(page.body, new RegExp(`（${want.length}件）`));
          // Each event sits in the cell of each of its days within the month.
          for (const g of want) {
            for (let d = g.p.startDate; d <= g.p.endDate; d = addDays(d, 1)) {
              if (!d.startsWith(month)) continue;
              const cell = new RegExp(`<time datetime="${d}">[^]*?</td>`).exec(table)?.[0] ?? '';
              assert.match(cell, new RegExp(`href="/events/${g.id}"`), `event ${g.id} on ${d}`);
            }
          }
          // The list link of the month lists the same.
          assert.deepEqual(await apiIds(qs({ ...f, from: `${month}-01`, to: last })), want.map((g) => g.id));
        }
      }
      const feb = (await t.app.inject('/events/calendar?month=2027-02')).body;
      assert.match(feb, /建国記念の日/);
      assert.match(feb, /天皇誕生日/);
      assert.match((await t.app.inject('/en/events/calendar?month=2027-02')).body, /National Foundation Day/);
      assert.match(feb, /2027年2月（令和9年）/);
    });

    test('map counts per prefecture agree with the list filtered to that prefecture', async () => {
      for (const f of [{ when: 'all' }, {}, { audience: ['sme'], when: 'all' }, { campaign: month2027 }, { prefecture: ['13'], when: 'all' }] as Filters[]) {
        const page = await t.app.inject(`/events/map?${qs(f)}`);
        assert.equal(page.statusCode, 200);
        const table = page.body.slice(page.body.indexOf('class="data-table map-table"'));
        const counts = new Map([...table.matchAll(/prefecture=(\d\d)[^"]*" aria-label="[^"]*">(\d+)<\/a>/g)].map((m) => [m[1]!, Number(m[2])]));
        assert.equal(counts.size, 47, `47 prefectures in the table (${qs(f)})`);
        const rest = { ...f, prefecture: undefined, block: undefined };
        for (const p of PREFECTURES) {
          const want = expected(all, { ...rest, prefecture: [p.code] }).length;
          assert.equal(counts.get(p.code), want, `${p.code} ${qs(f)}`);
        }
        // The tiles say the same as the table.
        const svg = page.body.slice(page.body.indexOf('<svg'), page.body.indexOf('</svg>'));
        const tiles = [...svg.matchAll(/<a href="\/events\?prefecture=(\d\d)[^"]*" aria-label="[^"]* (\d+)件"/g)];
        assert.equal(tiles.length, 47);
        for (const m of tiles) assert.equal(Number(m[2]), counts.get(m[1]!));
        // And the list behind a tile's link has that many events.
        for (const code of ['13', '27']) assert.equal((await apiIds(qs({ ...rest, prefecture: [code] }))).length, counts.get(code));
      }
    });

    test('iCalendar feeds carry the same events as the list: stable UIDs, Japan times, all-day dates, cancelled kept', async () => {
      for (const f of [...CASES.slice(0, 10), { campaign: month2027, when: 'all' as const }]) {
        const want = expected(all, f);
        const r = await t.app.inject(`/events.ics?${qs(f)}`);
        assert.equal(r.statusCode, 200);
        assert.match(String(r.headers['content-type']), /^text\/calendar/);
        const events = feedEvents(r.body);
        assert.deepEqual(events.map(({ e }) => e.uid), want.map((g) => `event-${g.id}@lastmile.test`), `feed ${qs(f)}`);
        for (const { v, e } of events) {
          const g = want.find((x) => `event-${x.id}@lastmile.test` === e.uid)!;
          assert.equal(e.sequence, 0);
          assert.ok(v.getFirstPropertyValue('dtstamp'), 'DTSTAMP');
          assert.equal(v.getFirstPropertyValue('status'), g.p.cancelled ? 'CANCELLED' : 'CONFIRMED');
          if (g.p.allDay) {
            assert.ok(e.startDate.isDate && e.endDate.isDate);
            assert.equal(e.startDate.toString(), g.p.startDate);
            assert.equal(e.endDate.toString(), addDays(g.p.endDate, 1), 'DTEND is the day after the last day');
          } else {
            assert.equal(e.startDate.toJSDate().toISOString(), g.startAt);
            assert.equal(e.endDate.toJSDate().toISOString(), g.endAt);
            // The instant is the Japan wall-clock time the organisers entered.
            assert.equal(tokyoTime(e.startDate.toJSDate()), g.p.startTime);
            assert.equal(tokyoDate(e.startDate.toJSDate()), g.p.startDate);
            assert.equal(tokyoTime(e.endDate.toJSDate()), g.p.endTime);
          }
        }
      }
      // One event, and the English feed (same UIDs).
      const g = all.find((x) => !x.p.allDay && x.p.cancelled) ?? all.find((x) => !x.p.allDay)!;
      const one = feedEvents((await t.app.inject(`/events/${g.id}.ics`)).body);
      assert.equal(one.length, 1);
      assert.equal(one[0]!.e.uid, `event-${g.id}@lastmile.test`);
      assert.equal(one[0]!.v.getFirstPropertyValue('status'), g.p.cancelled ? 'CANCELLED' : 'CONFIRMED');
      const en = feedEvents((await t.app.inject('/en/events.ics?when=all')).body);
      assert.deepEqual(
        en.map(({ e }) => e.uid),
        expected(all, { when: 'all' }).map((x) => `event-${x.id}@lastmile.test`),
      );
      assert.equal(en.find(({ e }) => e.uid === `event-${g.id}@lastmile.test`)!.e.summary.replace('[Cancelled] ', ''), g.p.titleEn);
      assert.equal((await t.app.inject('/events/999999.ics')).statusCode, 404);
    });

    test('bad query parameters get a 400 naming the parameter, in Japanese and English; nothing else is guessed', async () => {
      const bad: [string, string, RegExp][] = [
        ['prefecture=99', 'prefecture', /都道府県コード/],
        ['prefecture=13&prefecture=nowhere', 'prefecture', /「nowhere」/],
        ['block=mars', 'block', /使える値: hokkaido/],
        ['audience=aliens', 'audience', /使える値: youth/],
        ['from=2027-02-30', 'from', /実在する日付/],
        ['from=1999-12-31', 'from', /2000年から2100年/],
        ['to=2101-01-01', 'to', /2000年から2100年/],
        ['from=2027-02-10&to=2027-02-01', 'to', /開始日（from）と同じか、それより後/],
        ['from=2027-02-01&from=2027-03-01', 'from', /1つだけ/],
        ['online=maybe', 'online', /true, false/],
        ['campaign=abc', 'campaign', /番号/],
        ['campaign=99999', 'campaign', /見つかりません/],
        ['when=soon', 'when', /upcoming, past, all/],
        ['page=0', 'page', /1以上/],
      ];
      for (const [q, param, message] of bad) {
        const api = await t.app.inject(`/api/v1/events?${q}`);
        assert.equal(api.statusCode, 400, q);
        const detail = api.json().error.details.find((d: { param: string }) => d.param === param);
        assert.ok(detail, `${q}: ${api.body}`);
        assert.match(detail.message, message, q);
        const en = await t.app.inject({ url: `/api/v1/events?${q}`, headers: { 'accept-language': 'en' } });
        assert.match(en.json().error.details[0].message, /[a-z]/);
        assert.doesNotMatch(en.json().error.details[0].message, /[ぁ-んァ-ン]/, `${q} in English`);
        for (const path of param === 'page' ? ['/events', '/en/events'] : ['/events', '/en/events', '/events/map', '/events.ics']) {
          const r = await t.app.inject(`${path}?${q}`);
          assert.equal(r.statusCode, 400, `${path}?${q}`);
        }
      }
      const page = await t.app.inject('/events?prefecture=%3Cscript%3E');
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /&lt;script/);
      assert.doesNotMatch(page.body, /<script>/);
      for (const m of ['2101-01', '1999-12', '2027-13', 'feb']) assert.equal((await t.app.inject(`/events/calendar?month=${m}`)).statusCode, 400, m);
      assert.match((await t.app.inject('/en/events/calendar?month=2027-13')).body, /Use a month from 2000-01 to 2100-12/);
      for (const id of ['abc', '0', '99999999']) assert.notEqual((await t.app.inject(`/events/${id}`)).statusCode, 200);
      assert.equal((await t.app.inject('/events/99999999')).statusCode, 404);
    });

    test('the API and its OpenAPI document describe events', async () => {
      const g = all.find((x) => !x.p.allDay && x.p.prefecture)!;
      const r = await t.app.inject(`/api/v1/events/${g.id}`);
      assert.equal(r.statusCode, 200);
      const e = r.json();
      assert.equal(e.title.ja, g.p.titleJa);
      assert.equal(e.start, `${g.p.startDate}T${g.p.startTime}:00+09:00`);
      assert.equal(e.prefecture, g.p.prefecture);
      assert.equal(e.regionBlock, PREFECTURES.find((p) => p.code === g.p.prefecture)!.block);
      assert.equal(e.links.ics, `http://lastmile.test/events/${g.id}.ics`);
      assert.equal((await t.app.inject('/api/v1/events/99999')).statusCode, 404);
      const doc = (await t.app.inject('/api/v1/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/events']?.get?.tags.includes('events'));
      assert.ok(doc.paths['/api/v1/events/{id}']);
      assert.ok(doc.components.schemas.Event);
      assert.ok(doc.tags.some((x: { name: string }) => x.name === 'events'));
      const params = doc.paths['/api/v1/events'].get.parameters.map((p: { name: string }) => p.name);
      for (const n of ['prefecture', 'block', 'audience', 'from', 'to', 'online', 'campaign', 'when', 'page']) assert.ok(params.includes(n), n);
    });

    test('campaigns are seeded once (2026 and 2027, 1 February to 18 March) and list their events', async () => {
      assert.equal(await seedCampaigns(t.db.handle), 0, 'seeding again adds nothing');
      const rows = await t.db.handle.db.selectFrom('campaigns').select(['slug', 'start_date', 'end_date']).orderBy('start_date').execute();
      assert.deepEqual(rows, [
        { slug: 'cybersecurity-month-2026', start_date: '2026-02-01', end_date: '2026-03-18' },
        { slug: 'cybersecurity-month-2027', start_date: '2027-02-01', end_date: '2027-03-18' },
      ]);
      const page = await t.app.inject(`/campaigns/${month2027}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /サイバーセキュリティ月間 2027/);
      assert.match(page.body, /基本的な対策の徹底/);
      assert.match(page.body, /パートナーキット/);
      assert.match(page.body, /（推定）/);
      const inCampaign = expected(all, { campaign: month2027, when: 'all' }).length;
      assert.match(page.body, new RegExp(`このキャンペーンのイベントは${inCampaign}件`));
      assert.equal((await t.app.inject('/campaigns/99999')).statusCode, 404);
      assert.equal((await t.app.inject('/en/campaigns')).statusCode, 200);
    });
  });
}
