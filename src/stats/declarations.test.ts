// The declarations' figures kept by database triggers: every path through the registry's own
// functions (confirm, upgrade, move, renew, withdraw, lapse, revoke, purge) and plain SQL (a bulk import)
// keeps the ledger equal to an independent replay of what happened, and "active now" equal to a count
// of the rows; on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { tokyoDate } from '../declarations/dates.ts';
import { SAMPLE_INPUT } from '../declarations/fixture.ts';
import type { DeclarationInput } from '../declarations/model.ts';
import { activate, deleteDeclaration, endDeclaration, insertPending, renew, updateDetails } from '../declarations/repository.ts';
import { SIZE_BANDS, type SizeBand } from '../taxonomy/attributes.ts';
import { ledgerKey, readDeclarationLedger, type DeclarationLedgerRow } from './aggregates.ts';
import { SIZE_AUDIENCE } from './audiences.ts';
import { activeFromLedger, activeFromRows, rebuildStats, recomputeDeclarationLedger } from './recompute.ts';

type Op = { kind: 'create' | 'confirm' | 'upgrade' | 'move' | 'renew' | 'withdraw' | 'lapse' | 'revoke' | 'purge'; target: number; pref: string; size: SizeBand; industry: 'E' | 'I'; days: number };

interface Model {
  id: number;
  status: string;
  star: number;
  pref: string;
  size: SizeBand;
  industry: string;
}

const values = (m: Model): [string, string][] => [
  ['all', ''],
  ['prefecture', m.pref],
  ['size', m.size],
  ['industry', m.industry],
  ['audience', SIZE_AUDIENCE[m.size]],
];

/** The expected ledger, replayed from the operations (not from the database). */
function record(ledger: Map<string, DeclarationLedgerRow>, month: string, before: Model | null, after: Model | null) {
  const add = (m: Model, dim: string, value: string, s: number, e: number) => {
    const k = ledgerKey(month, m.star, dim, value);
    const r = ledger.get(k) ?? { month, star: m.star, dim, value, started: 0, ended: 0 };
    r.started += s;
    r.ended += e;
    ledger.set(k, r);
  };
  const wasActive = before?.status === 'active';
  const isActive = after?.status === 'active';
  const bv = before ? values(before) : [];
  const av = after ? values(after) : [];
  for (let i = 0; i < 5; i++) {
    const same = wasActive && isActive && before!.star === after!.star && bv[i]![1] === av[i]![1];
    if (wasActive && !same) add(before!, bv[i]![0], bv[i]![1], 0, 1);
    if (isActive && !same) add(after!, av[i]![0], av[i]![1], 1, 0);
  }
}

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('create', 'create', 'confirm', 'confirm', 'upgrade', 'move', 'renew', 'withdraw', 'lapse', 'revoke', 'purge'),
  target: fc.noBias(fc.nat(1000)),
  pref: fc.constantFrom('13', '27'),
  size: fc.constantFrom(...SIZE_BANDS),
  industry: fc.constantFrom('E', 'I' as const),
  days: fc.integer({ min: 0, max: 40 }),
});

const nonZero = (m: Map<string, DeclarationLedgerRow>) => new Map([...m].filter(([, r]) => r.started || r.ended));

for (const dialect of testDialects()) {
  describe(`declaration figures kept by triggers (${dialect})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.cleanup());

    it('after random lives (confirm, upgrade, move, renew, withdraw, lapse, revoke, purge) the ledger equals the replay and active now equals the rows', async () => {
      let serial = 0;
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), async (ops) => {
          await db.handle.db.deleteFrom('declarations').execute();
          await db.handle.db.deleteFrom('declaration_stats').execute();
          const repo = { db: db.handle.db, dialect: db.handle.dialect };
          const expected = new Map<string, DeclarationLedgerRow>();
          const models: Model[] = [];
          let clock = Date.parse('2026-03-20T03:00:00Z');
          for (const op of ops) {
            clock += op.days * 86_400_000;
            const now = new Date(clock).toISOString();
            const month = tokyoDate(new Date(clock)).slice(0, 7);
            const live = models.filter((m) => m.status !== 'deleted');
            const m = live.length ? live[op.target % live.length]! : undefined;
            const input = (x: Model, over: Partial<DeclarationInput> = {}): DeclarationInput => ({ ...SAMPLE_INPUT, name: `テスト${x.id}`, corporateNumber: null, prefecture: x.pref, sizeBand: x.size, industry: x.industry as 'E', star: x.star as 1, ...over });
            if (op.kind === 'create' || !m) {
              const x: Model = { id: 0, status: 'pending', star: 1, pref: op.pref, size: op.size, industry: op.industry };
              x.id = (await insertPending(repo, { ...input(x), name: `テスト新規${serial++}` }, `a${serial}@example.jp`, 'ja', now))!;
              models.push(x);
              continue;
            }
            const before = { ...m };
            if (op.kind === 'confirm' && m.status === 'pending') {
              await activate(db.handle.db, m.id, `LM-2026-${String(m.id).padStart(7, '0')}`, now, '2027-01-01');
              m.status = 'active';
            } else if (op.kind === 'upgrade' && m.status === 'active' && m.star === 1) {
              await updateDetails(repo, m.id, input(m, { star: 2, name: `テスト${m.id}x${serial++}` }), now);
              m.star = 2;
            } else if (op.kind === 'move' && m.status === 'active') {
              await updateDetails(repo, m.id, input(m, { prefecture: op.pref, sizeBand: op.size, industry: op.industry, name: `テスト${m.id}x${serial++}` }), now);
              Object.assign(m, { pref: op.pref, size: op.size, industry: op.industry });
            } else if (op.kind === 'renew' && (m.status === 'active' || m.status === 'lapsed')) {
              await renew(db.handle.db, m.id, now, '2027-06-01', ['active', 'lapsed']);
              m.status = 'active';
            } else if ((op.kind === 'withdraw' && (m.status === 'active' || m.status === 'lapsed')) || (op.kind === 'lapse' && m.status === 'active') || (op.kind === 'revoke' && m.status !== 'revoked')) {
              const status = op.kind === 'withdraw' ? 'withdrawn' : op.kind === 'lapse' ? 'lapsed' : 'revoked';
              await endDeclaration(db.handle.db, m.id, status, now, ['pending', 'active', 'lapsed', 'withdrawn']);
              m.status = status;
            } else if (op.kind === 'purge') {
              // The registry purges unconfirmed ones; an administrator's DELETE of any other is counted too.
              await deleteDeclaration(repo, m.id);
              m.status = 'deleted';
              seen.add('purge');
              record(expected, tokyoDate(new Date()).slice(0, 7), before, null);
              continue;
            } else continue;
            seen.add(op.kind);
            record(expected, month, before, m);
          }
          const ledger = await readDeclarationLedger(db.handle.db);
          assert.deepEqual(ledger, nonZero(expected));
          assert.deepEqual(activeFromLedger(ledger.values()), await activeFromRows(db.handle));
        }),
        {
          numRuns: 25,
          // One life that goes through every change, whatever the random runs draw.
          examples: [[(['create', 'confirm', 'upgrade', 'move', 'lapse', 'renew', 'withdraw', 'create', 'confirm', 'revoke', 'create', 'confirm', 'purge'] as const).map((kind, i) => ({ kind, target: i < 7 ? 0 : i < 10 ? 1 : 2, pref: i % 2 ? '27' : '13', size: SIZE_BANDS[i % 7]!, industry: 'E' as const, days: 13 }))]],
        },
      );
      // The runs went through every kind of change, not only creations.
      assert.deepEqual([...seen].sort(), ['confirm', 'lapse', 'move', 'purge', 'renew', 'revoke', 'upgrade', 'withdraw']);
    });

    it('a bulk import by plain SQL (active and ended rows with past dates) is counted like the rows say, and rebuildStats agrees', async () => {
      await db.handle.db.deleteFrom('declarations').execute();
      await db.handle.db.deleteFrom('declaration_stats').execute();
      const rows = Array.from({ length: 60 }, (_, i) => {
        const declared = new Date(Date.parse('2024-01-15T20:00:00Z') + i * 9 * 86_400_000).toISOString();
        const status = ['active', 'withdrawn', 'lapsed', 'revoked', 'pending'][i % 5]!;
        const ended = status === 'active' || status === 'pending' ? null : new Date(Date.parse(declared) + (i % 7) * 20 * 86_400_000).toISOString();
        return {
          number: status === 'pending' ? null : `LM-2024-${String(i).padStart(7, '0')}`,
          status,
          star: 1 + (i % 2),
          name: `インポート${i}`,
          name_key: `import${i}`,
          sort_key: `import${i}`,
          search_text: `import${i}`,
          prefecture: ['13', '27', '47'][i % 3]!,
          industry: ['E', 'I'][i % 2]!,
          size_band: SIZE_BANDS[i % 7]!,
          email: `i${i}@example.jp`,
          locale: 'ja',
          created_at: declared,
          updated_at: ended ?? declared,
          declared_at: status === 'pending' ? null : declared,
          ended_at: ended,
        };
      });
      await db.handle.db.insertInto('declarations').values(rows).execute();
      const ledger = await readDeclarationLedger(db.handle.db);
      assert.deepEqual(ledger, await recomputeDeclarationLedger(db.handle));
      assert.deepEqual(activeFromLedger(ledger.values()), await activeFromRows(db.handle));
      // 12 active rows of 60, and e.g. 2024-01 (declared 2024-01-16 Japan time) has its starts.
      assert.equal([...activeFromLedger(ledger.values()).entries()].filter(([k]) => k.includes('\u0000all\u0000')).reduce((s, [, v]) => s + v, 0), 12);
      await rebuildStats(db.handle, { declarations: true, checks: false });
      assert.deepEqual(await readDeclarationLedger(db.handle.db), ledger);
    });
  });
}
