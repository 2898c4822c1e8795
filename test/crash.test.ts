// The server killed with SIGKILL while 1,000 writes are in flight (issue 9, "Faults survived"):
// a real server process (src/main.ts) on a fresh database takes four kinds of writes over real HTTP at
// once — initiatives submitted for review, moderation decisions (approve / reject), email subscriptions
// and self-check results (the five measures for firms, group-committed by CheckResultWriter) — and is
// killed with SIGKILL after a few hundred answers. It is started again on the same database, and:
//   - every write that got its success answer is there, completely (each flow's rows and audit record);
//   - a write that got no answer is there completely or not at all, never half;
//   - nothing is orphaned, the self-check aggregates equal a recount of the rows;
//   - the database passes its own integrity check (SQLite integrity_check and foreign_key_check;
//     PostgreSQL amcheck's bt_index_check on every index, with the heap, when the extension exists);
//   - the restarted server serves pages and the sessions made before the crash.
// The counts (sent, acknowledged, found, unacknowledged present / absent, per kind) are printed.
import assert from 'node:assert/strict';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadItems } from '../src/content/repository.ts';
import { readCheckStats } from '../src/stats/aggregates.ts';
import { recomputeCheckStats } from '../src/stats/recompute.ts';
import { createUser, organisationIdBySlug, totpNow, type TestUser } from './support/client.ts';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

/** Writes fired at once, a quarter of each kind. */
const WRITES = 1000;
const PER_KIND = WRITES / 4;
/** The kill comes after this many success answers, so hundreds are still on their way. */
const KILL_AFTER_ACKS = 400;
/** Connections the client keeps open (a crowd of browsers behind one proxy). */
const CONNECTIONS = 50;

type Kind = 'submission' | 'decision' | 'subscription' | 'selfcheck';
const KINDS: Kind[] = ['submission', 'decision', 'subscription', 'selfcheck'];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One browser without JavaScript, over a shared keep-alive agent: cookies, the last form's CSRF token. */
class HttpClient {
  readonly cookies = new Map<string, string>();
  lastBody = '';
  constructor(
    public base: string,
    readonly agent: Agent,
  ) {}

  send(method: 'GET' | 'POST', path: string, form?: Record<string, string | string[]>, onWritten?: () => void): Promise<Answer> {
    let body: string | undefined;
    if (form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      body = p.toString();
    }
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(this.base + path, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        // A response cut by the kill still had its status line: the handler had finished (committed).
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      });
      req.on('error', reject);
      if (onWritten) req.on('finish', onWritten);
      req.end(body);
    }).then((a) => {
      const answer = a as Answer;
      for (const line of ([] as string[]).concat(answer.headers['set-cookie'] ?? [])) {
        const [pair, ...attrs] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (value === '' || attrs.some((x) => /^\s*max-age=0\s*$/i.test(x))) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      return answer;
    });
  }

  async get(path: string): Promise<Answer> {
    const a = await this.send('GET', path);
    this.lastBody = a.body;
    return a;
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1]!;
  }

  hidden(name: string): string {
    const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(this.lastBody);
    if (!m) throw new Error(`no hidden field ${name} on the last page`);
    return m[1]!;
  }

  /** Signs in through the forms (password, then the TOTP code for privileged users). */
  async signIn(user: TestUser): Promise<void> {
    await this.get('/login');
    const r = await this.send('POST', '/login', { _csrf: this.csrf(), email: user.email, password: user.password });
    if (r.status !== 303) throw new Error(`sign-in failed: ${r.status}`);
    if (r.headers.location === '/login/two-factor') {
      await this.get('/login/two-factor');
      const r2 = await this.send('POST', '/login/two-factor', { _csrf: this.csrf(), code: totpNow(user.totpSecret!) });
      if (r2.status !== 303) throw new Error(`second factor failed: ${r2.status}`);
    }
  }
}

const INITIATIVE = {
  titleEn: 'Crash test initiative',
  summaryJa: '停止試験のための取組です。',
  summaryEn: 'An initiative for the crash test.',
  sector: 'private',
  audiences: ['seniors'],
  methods: ['events'],
  coverage: 'prefectures',
  prefectures: ['13', '14'],
  url: 'https://example.org/crash',
  status: 'active',
  intent: 'submit',
};

/** The five answers of self-check i (base 4 over y/p/n/u): each of the 250 results is told apart by its answers. */
const fiveAnswers = (i: number) => Array.from({ length: 5 }, (_, k) => 'ypnu'[Math.floor(i / 4 ** k) % 4]!).join('');
const FIVE_PREF = '13';

interface Write {
  kind: Kind;
  i: number;
  /** The request reached the server (its body was written to the socket). */
  written: boolean;
  acked: boolean;
  /** An answer that is not the route's success (should not happen before the kill). */
  failed: string | null;
  /** The error of a request that got no answer. */
  lost: string | null;
}

// Both databases at once: each half waits on its own server and database for much of its time.
describe('the server killed with SIGKILL', { concurrency: true }, () => {
  for (const dialect of testDialects()) {
    describe(`under ${WRITES} writes (${dialect})`, () => {
      let db: TestDatabase;
      let server: ServerProcess | null = null;
      const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
      let member: HttpClient;
      let moderator: HttpClient;
      let anonymous: HttpClient;
      let orgId: number;
      let memberId: number;
      /** Items already submitted, for the moderators' decisions: index → item id. */
      const queued: number[] = [];
      const writes: Write[] = [];
      let resultsBefore = 0;
      const tag = `${dialect}-${process.pid}`;

      before(async () => {
        const t0 = Date.now();
        db = await createTestDatabase(dialect);
        server = await startServer({ databaseUrl: db.url });
        orgId = await organisationIdBySlug(db.handle, 'jnsa');
        const m = await createUser(db.handle, { email: `member-${tag}@crash.example`, organisationId: orgId, orgRole: 'admin' });
        memberId = m.id;
        const mod = await createUser(db.handle, { email: `moderator-${tag}@crash.example`, role: 'moderator', totp: true });
        member = new HttpClient(server.base, agent);
        moderator = new HttpClient(server.base, agent);
        anonymous = new HttpClient(server.base, agent);
        await Promise.all([member.signIn(m), moderator.signIn(mod)]);
        await member.get('/my/initiatives/new');
        await moderator.get('/moderation');
        console.log(`crash test (${dialect}): server up and signed in after ${Date.now() - t0} ms`);
        await anonymous.get('/subscribe');
        // The items the moderator will decide on: submitted beforehand (over the same 50 connections).
        const csrf = member.csrf();
        queued.push(
          ...(await Promise.all(
            Array.from({ length: PER_KIND }, async (_, i) => {
              const r = await member.send('POST', '/my/initiatives/new', { _csrf: csrf, ...INITIATIVE, titleJa: `審査待ち-${tag}-${i}` });
              assert.equal(r.status, 303, `preparing item ${i}: ${r.status} ${r.body.slice(0, 300)}`);
              assert.match(String(r.headers.location), /done=submitted/);
              return Number(/\/my\/initiatives\/(\d+)/.exec(String(r.headers.location))![1]);
            }),
          )),
        );
        console.log(`crash test (${dialect}): ${PER_KIND} items queued for review after ${Date.now() - t0} ms`);
        resultsBefore = Number((await db.handle.db.selectFrom('check_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      });

      after(async () => {
        await server?.kill();
        agent.destroy();
        await db?.cleanup();
      });

      test(`${WRITES} writes, SIGKILL after ${KILL_AFTER_ACKS} answers, restart: every acknowledged write is there, nothing is half there`, async () => {
        const subscribeCsrf = anonymous.csrf();
        await anonymous.get('/business/check/five');
        const fiveCsrf = anonymous.csrf();
        const fiveVersion = anonymous.hidden('v');
        const memberCsrf = member.csrf();
        const moderatorCsrf = moderator.csrf();

        // Interleaved, so that every kind is in flight at the kill.
        for (let i = 0; i < PER_KIND; i++) for (const kind of KINDS) writes.push({ kind, i, written: false, acked: false, failed: null, lost: null });

        const live = server!;
        let acks = 0;
        let killed: Promise<void> | null = null;
        const fire = async (w: Write): Promise<void> => {
          const written = () => (w.written = true);
          try {
            let ok: boolean;
            let a: Answer;
            switch (w.kind) {
              case 'submission':
                a = await member.send('POST', '/my/initiatives/new', { _csrf: memberCsrf, ...INITIATIVE, titleJa: `停止試験-${tag}-${w.i}` }, written);
                ok = a.status === 303 && /done=submitted/.test(String(a.headers.location));
                break;
              case 'decision': {
                const approve = w.i % 2 === 0;
                a = await moderator.send('POST', `/moderation/items/${queued[w.i]}/${approve ? 'approve' : 'reject'}`, { _csrf: moderatorCsrf, note: approve ? '' : `却下-${w.i}` }, written);
                ok = a.status === 303 && String(a.headers.location).startsWith('/moderation?done=');
                break;
              }
              case 'subscription':
                a = await anonymous.send('POST', '/subscribe', { _csrf: subscribeCsrf, email: `crash-${w.i}-${tag}@example.jp`, audiences: ['seniors', 'sme'], prefecture: '27', also: 'events' }, written);
                ok = a.status === 200 && a.body.includes('確認メールを送りました');
                break;
              case 'selfcheck': {
                const ans = fiveAnswers(w.i);
                const fields: Record<string, string> = { _csrf: fiveCsrf, v: fiveVersion, t: `crash${tag.replace(/[^A-Za-z0-9]/g, '')}x${w.i}xxxxxxxxxxxx`, pref: FIVE_PREF };
                for (let k = 0; k < 5; k++) fields[`m${k + 1}`] = ans[k]!;
                a = await anonymous.send('POST', '/business/check/five', fields, written);
                ok = a.status === 303 && String(a.headers.location).includes(`a=${ans}`);
                break;
              }
            }
            if (ok) {
              w.acked = true;
              if (++acks === KILL_AFTER_ACKS) killed = live.kill();
            } else if (!killed) w.failed = `${a.status} ${a.headers.location ?? a.body.slice(0, 200)}`;
            else w.lost = `answer ${a.status} after the kill`;
          } catch (err) {
            w.lost = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
          }
        };
        await Promise.all(writes.map(fire));
        assert.ok(killed, `the kill came (only ${acks} answers)`);
        await killed;
        const failed = writes.filter((w) => w.failed);
        assert.equal(failed.length, 0, `before the kill every write got its success answer; not: ${failed.slice(0, 5).map((w) => `${w.kind} ${w.i}: ${w.failed}`).join('\n')}\nserver output:\n${live.output().slice(-3000)}`);

        // ---- restart on the same database, with the sessions made before the crash
        server = await startServer({ databaseUrl: db.url });
        for (const c of [member, moderator, anonymous]) c.base = server.base;
        const home = await anonymous.get('/');
        assert.equal(home.status, 200, 'the restarted server serves the home page');
        assert.equal((await anonymous.get('/initiatives')).status, 200, 'and the catalogue');
        assert.equal((await moderator.get('/moderation')).status, 200, 'a moderator signed in before the crash is still signed in');
        assert.equal((await member.get('/my/initiatives')).status, 200, 'and so is the member');

        const d = db.handle.db;
        const found = new Map<Kind, Map<number, 'whole' | 'half'>>(KINDS.map((k) => [k, new Map()]));
        const half: string[] = [];
        const mark = (kind: Kind, i: number, whole: boolean, why: string) => {
          found.get(kind)!.set(i, whole ? 'whole' : 'half');
          if (!whole) half.push(`${kind} ${i}: ${why}`);
        };
        const auditOf = async (ids: number[]) => {
          const rows = ids.length ? await d.selectFrom('audit_events').select(['subject_id', 'action']).where('subject_kind', '=', 'content').where('subject_id', 'in', ids).execute() : [];
          const m = new Map<number, Set<string>>();
          for (const r of rows) (m.get(r.subject_id) ?? m.set(r.subject_id, new Set()).get(r.subject_id)!).add(r.action);
          return m;
        };

        // Submissions: the item, its submitted revision, its organiser row and both audit records, from one transaction.
        const ownIds = (await d.selectFrom('content_items').select('id').where('owner_organisation_id', '=', orgId).where('kind', '=', 'initiative').execute()).map((r) => r.id);
        const items = await loadItems<{ titleJa: string }>(d, ownIds);
        const audits = await auditOf(ownIds);
        const subPrefix = `停止試験-${tag}-`;
        for (const item of items) {
          const rev = item.working ?? item.published;
          const title = rev?.payload.titleJa ?? '';
          if (!title.startsWith(subPrefix)) continue;
          const i = Number(title.slice(subPrefix.length));
          const a = audits.get(item.id) ?? new Set();
          const whole = item.working?.status === 'submitted' && item.organisers.some((o) => o.id === orgId) && a.has('created') && a.has('submitted');
          mark('submission', i, whole, `revision ${item.working?.status}, organisers ${item.organisers.length}, audit ${[...a].join(',')}`);
        }
        const revisionCount = Number((await d.selectFrom('content_revisions').select((eb) => eb.fn.countAll().as('n')).where('item_id', 'in', ownIds).executeTakeFirstOrThrow()).n);
        assert.equal(revisionCount, ownIds.length, 'one revision per submitted item (nothing else was edited)');

        // Decisions: the revision's state, the public entry (approvals) and the audit record, or none of them.
        const decided = await loadItems<{ titleJa: string }>(d, queued);
        const decisionAudits = await auditOf(queued);
        for (const [i, id] of queued.entries()) {
          const item = decided.find((x) => x.id === id)!;
          const a = decisionAudits.get(id) ?? new Set();
          if (item.working?.status === 'submitted' && !item.isPublic && !a.has('approved') && !a.has('rejected')) continue;
          const approve = i % 2 === 0;
          let whole: boolean;
          if (approve) {
            const pub = item.isPublic && item.published?.status === 'approved' && item.working === null && a.has('approved') && item.publicId !== null;
            const row = pub ? await d.selectFrom('initiatives').select('id').where('id', '=', item.publicId!).executeTakeFirst() : undefined;
            whole = !!pub && !!row;
          } else whole = item.working?.status === 'rejected' && !item.isPublic && a.has('rejected');
          mark('decision', i, whole, `public ${item.isPublic}, working ${item.working?.status}, audit ${[...a].join(',')}`);
        }

        // Subscriptions: the row with its two audiences.
        const subs = await d.selectFrom('subscriptions').select(['id', 'email', 'status', 'prefecture']).where('email', 'like', `crash-%-${tag}@example.jp`).execute();
        const audRows = subs.length ? await d.selectFrom('subscription_audiences').select(['subscription_id', 'audience']).where('subscription_id', 'in', subs.map((s) => s.id)).execute() : [];
        for (const s of subs) {
          const i = Number(/^crash-(\d+)-/.exec(s.email!)![1]);
          const aud = audRows.filter((r) => r.subscription_id === s.id).map((r) => r.audience).sort();
          mark('subscription', i, s.status === 'pending' && s.prefecture === '27' && aud.join() === 'seniors,sme', `status ${s.status}, audiences ${aud.join()}`);
        }

        // Self-check results: told apart by their answers; the aggregates are checked against all rows below.
        const results = await d.selectFrom('check_results').select(['answers', 'prefecture']).where('check_kind', '=', 'business5').execute();
        const byAnswers = new Map(Array.from({ length: PER_KIND }, (_, i) => [fiveAnswers(i), i]));
        assert.equal(results.length, Number((await d.selectFrom('check_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) - resultsBefore, 'only this test wrote results');
        for (const r of results) {
          const i = byAnswers.get(r.answers);
          assert.ok(i !== undefined && r.prefecture === FIVE_PREF, `a result nobody sent: ${r.answers}`);
          assert.ok(!found.get('selfcheck')!.has(i), `result ${i} stored twice`);
          mark('selfcheck', i, true, '');
        }

        // ---- the figures
        const rows: Record<string, number | string>[] = [];
        for (const kind of KINDS) {
          const ws = writes.filter((w) => w.kind === kind);
          const f = found.get(kind)!;
          const acked = ws.filter((w) => w.acked);
          const unacked = ws.filter((w) => !w.acked);
          rows.push({
            dialect,
            kind,
            sent: ws.length,
            reachedServer: ws.filter((w) => w.written).length,
            acknowledged: acked.length,
            found: f.size,
            ackedFound: acked.filter((w) => f.get(w.i) === 'whole').length,
            unackedPresent: unacked.filter((w) => f.has(w.i)).length,
            unackedAbsent: unacked.filter((w) => !f.has(w.i)).length,
            half: [...f.values()].filter((v) => v === 'half').length,
          });
        }
        console.log(`crash test (${dialect}): SIGKILL after ${KILL_AFTER_ACKS} success answers of ${WRITES} writes over ${CONNECTIONS} connections`);
        console.table(rows);
        const total = (k: string) => rows.reduce((s, r) => s + Number(r[k]), 0);
        console.log(`crash test (${dialect}) totals: sent ${total('sent')}, acknowledged ${total('acknowledged')}, found after the restart ${total('found')} (acknowledged and found ${total('ackedFound')}), unacknowledged present ${total('unackedPresent')} / absent ${total('unackedAbsent')}, half-written ${total('half')}`);

        assert.deepEqual(half, [], 'no write is half there');
        for (const w of writes) if (w.acked) assert.equal(found.get(w.kind)!.get(w.i), 'whole', `acknowledged ${w.kind} ${w.i} is there, completely`);
        for (const kind of KINDS) {
          const n = writes.filter((w) => w.kind === kind && w.acked).length;
          assert.ok(n <= found.get(kind)!.size && found.get(kind)!.size <= PER_KIND, `${kind}: acknowledged ≤ found ≤ sent`);
        }
        assert.ok(writes.some((w) => !w.acked && w.written), 'some writes were at the server, unanswered, when it was killed');

        // ---- nothing orphaned, aggregates agree with the rows
        const none = async (query: string, what: string) => assert.equal(Number((await sql.raw<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${query}`).execute(d)).rows[0]!.n), 0, what);
        await none('content_revisions r LEFT JOIN content_items i ON i.id = r.item_id WHERE i.id IS NULL', 'revisions without their item');
        await none('content_items i LEFT JOIN content_revisions r ON r.id = i.working_revision_id WHERE i.working_revision_id IS NOT NULL AND r.id IS NULL', 'items pointing at a missing revision');
        await none('content_items i WHERE NOT EXISTS (SELECT 1 FROM content_item_organisations o WHERE o.item_id = i.id)', 'items without an organiser');
        await none(`content_items i WHERE i.created_by = ${Number(memberId)} AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.subject_kind = 'content' AND a.subject_id = i.id)`, 'items without their audit record');
        await none('subscription_audiences a LEFT JOIN subscriptions s ON s.id = a.subscription_id WHERE s.id IS NULL', 'audiences without their subscription');
        assert.deepEqual(await readCheckStats(d), await recomputeCheckStats(db.handle), 'the self-check aggregates equal a recount of the rows');

        // ---- the database's own integrity check
        if (dialect === 'sqlite') {
          const ic = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(d);
          assert.deepEqual(ic.rows.map((r) => r.integrity_check), ['ok']);
          assert.deepEqual((await sql`PRAGMA foreign_key_check`.execute(d)).rows, []);
          console.log('crash test (sqlite): PRAGMA integrity_check = ok, PRAGMA foreign_key_check empty');
        } else {
          const available = (await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'`.execute(d)).rows.length > 0;
          if (available) {
            await sql`CREATE EXTENSION IF NOT EXISTS amcheck`.execute(d);
            const idx = await sql<{ oid: number; name: string }>`SELECT c.oid::int AS oid, c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam WHERE n.nspname = 'public' AND am.amname = 'btree'`.execute(d);
            for (const r of idx.rows) await sql`SELECT bt_index_check(${r.oid}::oid, true)`.execute(d);
            console.log(`crash test (postgres): amcheck bt_index_check (with heapallindexed) passed on ${idx.rows.length} B-tree indexes`);
          }
          // Every foreign key holds (PostgreSQL enforces them; this checks what the crash could have left).
          const fks = await sql<{ child: string; cols: string[]; parent: string; pcols: string[] }>`
            SELECT cl.relname AS child, array_agg(a.attname::text ORDER BY k.n) AS cols, pcl.relname AS parent, array_agg(pa.attname::text ORDER BY k.n) AS pcols
            FROM pg_constraint con
            JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class pcl ON pcl.oid = con.confrelid
            JOIN pg_namespace ns ON ns.oid = cl.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(c, p, n)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.c
            JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = k.p
            WHERE con.contype = 'f' AND ns.nspname = 'public'
            GROUP BY con.oid, cl.relname, pcl.relname`.execute(d);
          for (const fk of fks.rows) {
            const on = fk.cols.map((c, k) => `p."${fk.pcols[k]}" = c."${c}"`).join(' AND ');
            const notNull = fk.cols.map((c) => `c."${c}" IS NOT NULL`).join(' AND ');
            const r = await sql.raw<{ n: string }>(`SELECT COUNT(*) AS n FROM "${fk.child}" c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM "${fk.parent}" p WHERE ${on})`).execute(d);
            assert.equal(Number(r.rows[0]!.n), 0, `${fk.child}(${fk.cols.join()}) → ${fk.parent}`);
          }
          console.log(`crash test (postgres): ${fks.rows.length} foreign keys hold`);
        }
      });
    });
  }
});

