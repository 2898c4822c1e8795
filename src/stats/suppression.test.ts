// Suppression of small groups in the published figures (./suppression.ts), checked against an
// independent oracle: the table's additive relations written out as a linear system, the published
// values substituted, solved exactly over rationals (BigInt fractions, Gauss–Jordan elimination). A
// hidden value is recoverable iff its unit vector lies in the row space of the system restricted to the
// hidden unknowns, i.e. iff the reduced system has a row that names it alone. The oracle knows nothing
// of bridges or of the algorithm's rules; fast-check feeds it random tables where small counts are
// common, and prints the seed of any failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MIN_PUBLISHED } from './model.ts';
import { suppressAdoption, suppressGrid } from './suppression.ts';

// ——— The oracle: exact rationals and Gauss–Jordan ———

interface Frac {
  n: bigint;
  d: bigint; // > 0, gcd(n, d) = 1
}
const gcd = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const frac = (n: bigint, d = 1n): Frac => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const sub = (a: Frac, b: Frac): Frac => frac(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Frac, b: Frac): Frac => frac(a.n * b.n, a.d * b.d);
const div = (a: Frac, b: Frac): Frac => frac(a.n * b.d, a.d * b.n);

/** Σ coefficient × variable = 0. */
type Relation = [variable: string, coefficient: number][];

/**
 * Which unknowns (variables not in `published`) the relations determine, with their values. Rows are
 * sparse maps from unknown to coefficient; the right-hand side moves the published values across.
 */
function recoverable(relations: Relation[], published: Map<string, number>): Map<string, Frac> {
  const rows: { coef: Map<string, Frac>; rhs: Frac }[] = [];
  for (const rel of relations) {
    const coef = new Map<string, Frac>();
    let rhs = frac(0n);
    for (const [v, k] of rel) {
      const known = published.get(v);
      if (known === undefined) coef.set(v, sub(coef.get(v) ?? frac(0n), frac(BigInt(-k))));
      else rhs = sub(rhs, frac(BigInt(k * known)));
    }
    for (const [v, k] of coef) if (k.n === 0n) coef.delete(v);
    rows.push({ coef, rhs });
  }
  // Gauss–Jordan: each pivot row normalised to 1 and cleared from every other row.
  const pivots: typeof rows = [];
  let pending = rows;
  while (pending.length > 0) {
    const p = pending.find((row) => row.coef.size > 0);
    if (p === undefined) break;
    const [pv, pk] = p.coef.entries().next().value as [string, Frac];
    for (const [v, k] of p.coef) p.coef.set(v, div(k, pk));
    p.rhs = div(p.rhs, pk);
    for (const row of [...pending, ...pivots]) {
      if (row === p) continue;
      const f = row.coef.get(pv);
      if (f === undefined) continue;
      for (const [v, k] of p.coef) {
        const next = sub(row.coef.get(v) ?? frac(0n), mul(f, k));
        if (next.n === 0n) row.coef.delete(v);
        else row.coef.set(v, next);
      }
      row.rhs = sub(row.rhs, mul(f, p.rhs));
    }
    pivots.push(p);
    pending = pending.filter((row) => row !== p);
  }
  const found = new Map<string, Frac>();
  for (const row of pivots) {
    if (row.coef.size === 1) found.set(row.coef.keys().next().value as string, row.rhs);
  }
  return found;
}

// ——— Grids: the extended table and its relations ———

const cellVar = (r: number, c: number): string => `x${r},${c}`;
const rowTotalVar = (r: number): string => `row${r}`;
const colTotalVar = (c: number): string => `col${c}`;

function gridRelations(R: number, C: number): Relation[] {
  const rels: Relation[] = [];
  for (let r = 0; r < R; r++) rels.push([...Array.from({ length: C }, (_, c) => [cellVar(r, c), 1] as [string, number]), [rowTotalVar(r), -1]]);
  for (let c = 0; c < C; c++) rels.push([...Array.from({ length: R }, (_, r) => [cellVar(r, c), 1] as [string, number]), [colTotalVar(c), -1]]);
  rels.push([...Array.from({ length: R }, (_, r) => [rowTotalVar(r), 1] as [string, number]), ['grand', -1]]);
  rels.push([...Array.from({ length: C }, (_, c) => [colTotalVar(c), 1] as [string, number]), ['grand', -1]]);
  return rels;
}

/** Every value of the published grid by variable name, null when hidden. */
function gridValues(g: { cells: (number | null)[][]; rowTotals: (number | null)[]; colTotals: (number | null)[]; grand: number | null }): Map<string, number | null> {
  const m = new Map<string, number | null>();
  g.cells.forEach((row, r) => row.forEach((v, c) => m.set(cellVar(r, c), v)));
  g.rowTotals.forEach((v, r) => m.set(rowTotalVar(r), v));
  g.colTotals.forEach((v, c) => m.set(colTotalVar(c), v));
  m.set('grand', g.grand);
  return m;
}

function fullGrid(cells: number[][]) {
  const C = cells[0]?.length ?? 0;
  return {
    cells,
    rowTotals: cells.map((row) => row.reduce((s, v) => s + v, 0)),
    colTotals: Array.from({ length: C }, (_, c) => cells.reduce((s, row) => s + row[c]!, 0)),
    grand: cells.flat().reduce((s, v) => s + v, 0),
  };
}

function publishedOnly(values: Map<string, number | null>): Map<string, number> {
  return new Map([...values].filter((e): e is [string, number] => e[1] !== null));
}

/** The hidden grid entries the published ones give away, with their values. */
function recoverableInGrid(cells: number[][], published: ReturnType<typeof suppressGrid>): Map<string, Frac> {
  return recoverable(gridRelations(cells.length, cells[0]?.length ?? 0), publishedOnly(gridValues(published)));
}

// ——— Adoption: per measure y, n − y and n, with the n column shared ———

const nVar = (r: number | 'T'): string => `n${r}`;
const yVar = (r: number | 'T', i: number): string => `y${r},${i}`;
const notVar = (r: number | 'T', i: number): string => `z${r},${i}`; // n − y

function adoptionRelations(R: number, M: number): Relation[] {
  const rows: (number | 'T')[] = [...Array.from({ length: R }, (_, r) => r), 'T'];
  const rels: Relation[] = [];
  rels.push([...Array.from({ length: R }, (_, r) => [nVar(r), 1] as [string, number]), [nVar('T'), -1]]);
  for (let i = 0; i < M; i++) {
    rels.push([...Array.from({ length: R }, (_, r) => [yVar(r, i), 1] as [string, number]), [yVar('T', i), -1]]);
    rels.push([...Array.from({ length: R }, (_, r) => [notVar(r, i), 1] as [string, number]), [notVar('T', i), -1]]);
    for (const r of rows) rels.push([[yVar(r, i), 1], [notVar(r, i), 1], [nVar(r), -1]]);
  }
  return rels;
}

/** What the published adoption table tells a reader: n where shown, and y and n − y where a rate is shown. */
function adoptionPublished(n: number[], y: number[][], out: ReturnType<typeof suppressAdoption>): Map<string, number> {
  const m = new Map<string, number>();
  const N = n.reduce((s, v) => s + v, 0);
  out.n.forEach((v, r) => v !== null && m.set(nVar(r), v));
  if (out.totalN !== null) m.set(nVar('T'), out.totalN);
  out.y.forEach((row, r) =>
    row.forEach((v, i) => {
      if (v === null) return;
      m.set(yVar(r, i), v);
      m.set(notVar(r, i), n[r]! - v);
    }),
  );
  out.totalY.forEach((v, i) => {
    if (v === null) return;
    m.set(yVar('T', i), v);
    m.set(notVar('T', i), N - v);
  });
  return m;
}

function unsuppressedAdoption(n: number[], y: number[][]): ReturnType<typeof suppressAdoption> {
  const M = y[0]?.length ?? 0;
  return { n, y, totalN: n.reduce((s, v) => s + v, 0), totalY: Array.from({ length: M }, (_, i) => y.reduce((s, row) => s + row[i]!, 0)) };
}

// ——— Random tables: small counts are common ———

const count = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 500 }));
const minArb = fc.oneof({ weight: 4, arbitrary: fc.constant(MIN_PUBLISHED) }, { weight: 1, arbitrary: fc.constantFrom(1, 3, 25) });
const gridArb = fc
  .record({ rows: fc.integer({ min: 1, max: 8 }), cols: fc.integer({ min: 1, max: 5 }) })
  .chain(({ rows, cols }) => fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

/** y near 0, near n, or anywhere in 0..n. */
const applyingArb = (n: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.min(n, 12) }),
    fc.integer({ min: Math.max(0, n - 12), max: n }),
    fc.integer({ min: 0, max: n }),
  );
const adoptionArb = fc
  .record({ rows: fc.integer({ min: 1, max: 10 }), measures: fc.integer({ min: 1, max: 4 }) })
  .chain(({ rows, measures }) => fc.array(count, { minLength: rows, maxLength: rows }).map((n) => ({ n, measures })))
  .chain(({ n, measures }) =>
    fc.tuple(...n.map((nr) => fc.array(applyingArb(nr), { minLength: measures, maxLength: measures }))).map((y) => ({ n, y })),
  );

const RUNS = 300;

describe('suppressGrid: two-way tables with their totals', () => {
  test('a single small cell in a row gets a partner in its row, and its column too, so subtraction finds nothing', () => {
    const cells = [
      [3, 40, 50],
      [20, 30, 60],
    ];
    // Primary suppression alone gives the 3 away: 93 − 40 − 50.
    const primaryOnly = { ...fullGrid(cells), cells: [[null, 40, 50], [20, 30, 60]] };
    const leaked = recoverableInGrid(cells, primaryOnly);
    assert.deepEqual(leaked.get(cellVar(0, 0)), frac(3n));

    const out = suppressGrid(cells);
    assert.deepEqual(out, {
      cells: [
        [null, null, 50],
        [null, null, 60],
      ],
      rowTotals: [93, 110],
      colTotals: [23, 70, 110],
      grand: 203,
    });
    assert.equal(recoverableInGrid(cells, out).size, 0);
  });

  test('a table whose grand total is 7 is hidden entirely, zeros and totals included', () => {
    const out = suppressGrid([
      [2, 0],
      [5, 0],
    ]);
    assert.deepEqual(out, { cells: [[null, null], [null, null]], rowTotals: [null, null], colTotals: [null, null], grand: null });
  });

  test('zero is published, and a table with no small count is published as it is', () => {
    const cells = [
      [0, 50, 12],
      [20, 0, 300],
    ];
    assert.deepEqual(suppressGrid(cells), fullGrid(cells));
  });

  test('a small row total is hidden even when its cells are not small, and cannot be rebuilt', () => {
    // Row 0: 0 + 0 + 0 + 4 = 4 is small (so is its cell); column totals stay large.
    const cells = [
      [0, 0, 4],
      [30, 40, 50],
      [11, 12, 13],
    ];
    const out = suppressGrid(cells);
    assert.equal(out.rowTotals[0], null);
    assert.equal(out.cells[0]![2], null);
    assert.equal(recoverableInGrid(cells, out).size, 0);
  });

  test('a single row: a cell and its column total are the same number, so both go, with a second column', () => {
    const out = suppressGrid([[4, 30, 70]]);
    assert.deepEqual(out.cells, [[null, null, 70]]);
    assert.deepEqual(out.colTotals, [null, null, 70]);
    assert.equal(recoverableInGrid([[4, 30, 70]], out).size, 0);
  });

  test('the oracle is not blind: with primary suppression only, what it recovers is the true value', () => {
    let recovered = 0;
    fc.assert(
      fc.property(gridArb, (cells) => {
        const full = fullGrid(cells);
        const masked = gridValues(full);
        for (const [k, v] of masked) if (v !== null && v > 0 && v < MIN_PUBLISHED) masked.set(k, null);
        const truth = gridValues(full);
        for (const [v, value] of recoverable(gridRelations(cells.length, cells[0]!.length), publishedOnly(masked))) {
          assert.deepEqual(value, frac(BigInt(truth.get(v)!)), v);
          recovered++;
        }
      }),
      { numRuns: 100 },
    );
    assert.ok(recovered > 10, `primary suppression alone leaks (${recovered} values recovered)`);
  });

  test('random tables: small counts hidden, published values true, nothing recoverable, same answer twice', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(gridArb, minArb, (cells, min) => {
        const out = suppressGrid(cells, min);
        const truth = publishedOnly(gridValues(fullGrid(cells)));
        const shown = gridValues(out);
        const grandSmall = truth.get('grand')! > 0 && truth.get('grand')! < min;
        for (const [k, v] of truth) {
          if (v > 0 && v < min) assert.equal(shown.get(k), null, `${k} = ${v} is small and must be hidden`);
          if (shown.get(k) !== null) assert.equal(shown.get(k), v, `${k} is published with its true value`);
          if (grandSmall) assert.equal(shown.get(k), null, `grand total below ${min}: ${k} must be hidden`);
        }
        const nothingSmall = [...truth.values()].every((v) => v === 0 || v >= min);
        if (nothingSmall) assert.deepEqual(out, fullGrid(cells));
        const leaked = recoverableInGrid(cells, out);
        assert.equal(leaked.size, 0, `recoverable: ${[...leaked.keys()].join(', ')}`);
        assert.deepEqual(suppressGrid(cells.map((row) => [...row]), min), out);
        hiddenSeen += [...shown.values()].filter((v) => v === null).length;
      }),
      { numRuns: RUNS },
    );
    assert.ok(hiddenSeen > RUNS, 'the random tables exercise suppression');
  });

  test('partners are non-zero whenever the table offers one', () => {
    // Column 1 is all zeros: hiding any of them would let a reader who knows counts are non-negative
    // pin the small cell down; the partners come from the large columns instead.
    const cells = [
      [5, 0, 40],
      [60, 0, 70],
      [80, 0, 90],
    ];
    const out = suppressGrid(cells);
    assert.deepEqual(out.cells.map((row) => row[1]), [0, 0, 0]);
    assert.equal(recoverableInGrid(cells, out).size, 0);
  });

  test('a margin is a partner only when no cell of the line can serve: a zero cell before a non-zero total', () => {
    // Column 1's single hidden entry (the partner 20) could be closed by the column total 20 or by the
    // zero cell below it. The column total is also published elsewhere (the 'all' figure, other
    // breakdowns), so hiding it here would be undone there: the zero cell is taken instead.
    const cells = [
      [3, 20, 0],
      [40, 0, 0],
    ];
    const out = suppressGrid(cells);
    assert.deepEqual(out, {
      cells: [
        [null, null, 0],
        [null, null, 0],
      ],
      rowTotals: [23, 40],
      colTotals: [43, 20, 0],
      grand: 63,
    });
    assert.equal(recoverableInGrid(cells, out).size, 0);
  });

  test('rejects what is not a table of counts', () => {
    assert.throws(() => suppressGrid([[1, 2], [3]]), RangeError);
    assert.throws(() => suppressGrid([[1, -2]]), RangeError);
    assert.throws(() => suppressGrid([[1.5]]), RangeError);
  });
});

describe('suppressAdoption: rates of applying measures, by row, with the total row', () => {
  test('a prefecture with n = 4 hides its n and rates, and one more row hides its n and rates too', () => {
    const n = [4, 30, 50, 120];
    const y = [[2], [15], [25], [60]];
    // Primary suppression alone gives the 4 away: 204 − 30 − 50 − 120.
    const primaryOnly = { ...unsuppressedAdoption(n, y), n: [null, 30, 50, 120], y: [[null], [15], [25], [60]] };
    assert.deepEqual(recoverable(adoptionRelations(4, 1), adoptionPublished(n, y, primaryOnly)).get(nVar(0)), frac(4n));

    const out = suppressAdoption(n, y);
    assert.deepEqual(out, { n: [null, null, 50, 120], y: [[null], [null], [25], [60]], totalN: 204, totalY: [102] });
    assert.equal(recoverable(adoptionRelations(4, 1), adoptionPublished(n, y, out)).size, 0);
  });

  test('a rate that few apply (or few do not) is hidden with a partner rate, while every n stays published', () => {
    const n = [50, 40, 60, 200];
    const y = [
      [3, 45],
      [20, 20],
      [30, 57],
      [100, 100],
    ];
    const out = suppressAdoption(n, y);
    // Measure 0: 3 apply in row 0; partner: the smallest row with a rate strictly between 0 % and 100 %.
    // Measure 1: 5 do not apply in row 0 and 3 in row 2; two hidden rates already protect each other.
    assert.deepEqual(out, { n: [50, 40, 60, 200], y: [[null, null], [null, 20], [30, null], [100, 100]], totalN: 350, totalY: [153, 222] });
    assert.equal(recoverable(adoptionRelations(4, 2), adoptionPublished(n, y, out)).size, 0);
  });

  test('the total row is a partner only when no row can serve: a degenerate rate before the total', () => {
    // 3 of 20 apply in row 0. Row 1 (30 of 30) is degenerate, the total (33 of 50) is not; the total is
    // also published by the 'all' figure, so the partner is row 1.
    const n = [20, 30];
    const y = [[3], [30]];
    const out = suppressAdoption(n, y);
    assert.deepEqual(out, { n: [20, 30], y: [[null], [null]], totalN: 50, totalY: [33] });
    assert.equal(recoverable(adoptionRelations(2, 1), adoptionPublished(n, y, out)).size, 0);
  });

  test('fewer than 10 respondents in all: everything is hidden', () => {
    assert.deepEqual(suppressAdoption([3, 0, 4], [[1], [0], [4]]), { n: [null, null, null], y: [[null], [null], [null]], totalN: null, totalY: [null] });
  });

  test('nothing small: published as it is', () => {
    const n = [0, 40, 60];
    const y = [
      [0, 0],
      [0, 40],
      [30, 45],
    ];
    assert.deepEqual(suppressAdoption(n, y), unsuppressedAdoption(n, y));
  });

  test('random tables: small groups hidden, published values true, nothing recoverable across measures, same answer twice', () => {
    let hiddenSeen = 0;
    fc.assert(
      fc.property(adoptionArb, minArb, ({ n, y }, min) => {
        const R = n.length;
        const M = y[0]!.length;
        const out = suppressAdoption(n, y, min);
        const N = n.reduce((s, v) => s + v, 0);
        const Y = Array.from({ length: M }, (_, i) => y.reduce((s, row) => s + row[i]!, 0));
        const small = (v: number) => v > 0 && v < min;
        const everything = small(N);
        const check = (nShown: number | null, yShown: (number | null)[], nTrue: number, yTrue: number[], where: string) => {
          if (small(nTrue) || everything) assert.equal(nShown, null, `${where}: n = ${nTrue} must be hidden`);
          if (nShown !== null) assert.equal(nShown, nTrue, `${where}: n published true`);
          yTrue.forEach((v, i) => {
            if (nShown === null || small(v) || small(nTrue - v) || everything) assert.equal(yShown[i], null, `${where}: rate ${i} (${v}/${nTrue}) must be hidden`);
            if (yShown[i] !== null) assert.equal(yShown[i], v, `${where}: y ${i} published true`);
          });
        };
        n.forEach((nr, r) => check(out.n[r]!, out.y[r]!, nr, y[r]!, `row ${r}`));
        check(out.totalN, out.totalY, N, Y, 'total');
        const nothingSmall = [N, ...n].every((v) => !small(v)) && [...y.map((row, r) => row.map((v) => [v, n[r]! - v])), Y.map((v) => [v, N - v])].flat(2).every((v) => !small(v));
        if (nothingSmall) assert.deepEqual(out, unsuppressedAdoption(n, y));
        const leaked = recoverable(adoptionRelations(R, M), adoptionPublished(n, y, out));
        assert.equal(leaked.size, 0, `recoverable: ${[...leaked.keys()].join(', ')}`);
        assert.deepEqual(suppressAdoption([...n], y.map((row) => [...row]), min), out);
        hiddenSeen += out.n.filter((v) => v === null).length;
      }),
      { numRuns: RUNS },
    );
    assert.ok(hiddenSeen > RUNS / 4, 'the random tables exercise suppression of n');
  });

  test('the oracle is not blind: with primary suppression only, what it recovers is the true value', () => {
    let recovered = 0;
    fc.assert(
      fc.property(adoptionArb, ({ n, y }) => {
        const full = unsuppressedAdoption(n, y);
        const small = (v: number) => v > 0 && v < MIN_PUBLISHED;
        const nShown = n.map((v) => (small(v) ? null : v));
        const masked = { ...full, n: nShown, y: y.map((row, r) => row.map((v) => (nShown[r] === null || small(v) || small(n[r]! - v) ? null : v))) };
        const N = full.totalN!;
        const truth = adoptionPublished(n, y, full);
        for (const [v, value] of recoverable(adoptionRelations(n.length, y[0]!.length), adoptionPublished(n, y, masked))) {
          assert.deepEqual(value, frac(BigInt(truth.get(v)!)), `${v} (N = ${N})`);
          recovered++;
        }
      }),
      { numRuns: 100 },
    );
    assert.ok(recovered > 10, `primary suppression alone leaks (${recovered} values recovered)`);
  });

  test('rejects what is not an adoption table', () => {
    assert.throws(() => suppressAdoption([10], [[11]]), RangeError);
    assert.throws(() => suppressAdoption([10, 20], [[1]]), RangeError);
    assert.throws(() => suppressAdoption([10, 20], [[1, 2], [3]]), RangeError);
  });
});
