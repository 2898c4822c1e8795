// Statistical disclosure control for the published figures (issue 7): which counts and rates are hidden
// (shown as "X") so that no published table reveals a group of fewer than MIN_PUBLISHED people or firms.
// Pure functions, no database; they run on every dashboard request, so they stay cheap (a 50 × 30 table
// takes well under a millisecond).
//
// The rules, plainly:
//
// 1. Primary suppression. A count c with 0 < c < min is hidden. Zero is published: "nobody" is not a
//    small group.
//    - Two-way table (suppressGrid): applies to the cells, the row totals, the column totals and the
//      grand total.
//    - Adoption table (suppressAdoption): a row's number of respondents n is hidden if 0 < n < min. The
//      rate y/n of a measure is hidden if its n is hidden, or if 0 < y < min (few apply the measure), or
//      if 0 < n − y < min (few do not): a published rate with its base reveals both groups. The total
//      row (N = Σ n, Y = Σ y) follows the same rules.
//
// 2. If the grand total (N) is below min but not zero, everything is hidden, zeros included: the zeros
//    would otherwise say where the few people are.
//
// 3. Secondary (complementary) suppression. No hidden value may be recoverable exactly from the
//    published ones through the table's additive relations.
//    - Two-way table. Take the extended (R+1) × (C+1) matrix (cells, row totals in the last column,
//      column totals in the last row, the grand total in the corner). Each of its lines (rows including
//      the total row, columns including the total column) says "the total entry is the sum of the
//      others". Draw the bipartite graph whose nodes are the lines and whose edges are the hidden
//      entries: a hidden entry is exactly determined iff its edge is a bridge (it lies on no cycle;
//      moving +t, −t, +t… around a cycle keeps every line's sum, so entries on a cycle are not
//      determined, and a bridge's value is the sum over one side of the cut). So, until nothing
//      changes:
//        (a) a line with exactly one hidden entry also hides its smallest other entry, preferring a
//            cell over the line's total (a margin), then a non-zero entry, then the smaller value, then
//            the lower index;
//        (b) for any remaining bridge, hide the cheapest set of entries that closes a cycle through it
//            (a shortest path between its two lines; hidden entries cost nothing, a published cell
//            costs its value, a zero cell costs more than any value, a margin more than any path of
//            cells).
//      Why margins come last: a table's totals are published again in OTHER tables over the same
//      people (the 'all' dimension is every breakdown's total row; the total of one breakdown is the
//      total of another). A total hidden here as a partner but published there protects nothing, so
//      a margin is a partner only when no cell of the line can serve.
//    - Adoption table. Per measure i the published figures form an R × 2 table (applying y, not
//      applying n − y) with its margins (n per row, Y and N − Y in the total row, N), whose n column is
//      shared by every measure. In that (R+1) × 3 extended table a row's y and n − y are hidden
//      together (the rate), and a hidden n hides the row's rates. The graph argument above then reduces
//      to two counts, which must each be 0 or at least 2:
//        - m, the number of hidden n (rows and the total N): one alone is the total minus the rest;
//        - k_i, for each measure, the number of hidden rates (rows and the total): one alone is Y minus
//          the published y. Two or more hidden rates put the two columns on a cycle through every
//          row concerned, and two or more hidden n put the n column on a cycle too.
//      Combining measures gives nothing more: eliminating any measure's hidden y leaves only the n
//      column's own relation Σ n = N on the shared unknowns, the same for every measure. So the
//      counts are fixed in turn (another n hidden when m = 1, which hides that row's rates; another
//      rate hidden when some k_i = 1) until the pattern is stable. Partners: for n, a row with n > 0,
//      then a row with n = 0, then the total; for a rate, a row's rate strictly between 0 % and 100 %,
//      then a row's degenerate rate (0 % or 100 %), then the total's, and last a row with n = 0 (its
//      empty rate is known to be 0 of 0); ties to the smaller n, then the lower index. The total row
//      comes after every row that can serve for the same reason as a grid's margins: N and Y are
//      published by the 'all' figure too.
//
// 4. The output depends only on the input: every choice is broken by a fixed order.
//
// What this protects against and what not: exact recovery through the sums of the one table. Partners
// are cells (or rows) before margins, and non-zero (non-degenerate) among those whenever possible, so a
// hidden entry normally lies on a cycle of non-zero entries and moving it by ±1 around the cycle keeps
// all counts non-negative: a reader who knows counts are non-negative integers cannot pin it down. A
// zero partner (taken before a margin) still leaves the cycle free to move in one direction, so the
// value is bounded on one side, not recovered, unless a cycle holds zeros on both of its alternating
// sides (only when the line left no other choice). Intervals can still narrow. Figures published in
// OTHER tables of the same people are handled in ./figures.ts: coarser tables (audiences, score bands,
// period 'all') derive their pattern from the finer table they sum, so they add no equation; totals
// shared between tables are kept out of the partners here whenever the table allows.
import { MIN_PUBLISHED } from './model.ts';

/** A two-way table of counts of people or firms: rows × columns, all cells >= 0 integers. The published
 *  table also shows each row's total, each column's total and the grand total (all derived as sums). */
export interface SuppressedGrid {
  cells: (number | null)[][]; // null = suppressed
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  grand: number | null;
}

/** Adoption of measures: rows partition the respondents (e.g. prefectures plus "not given"); n[r] is the
 *  number of respondents in row r, y[r][i] the number of them applying measure i (0 <= y <= n). The
 *  published table shows, per row, n and for each measure the rate y/n; and a total row with N = sum n and
 *  Y[i] = sum y[r][i]. A published rate with its base reveals y and n - y. */
export interface SuppressedAdoption {
  n: (number | null)[];
  y: (number | null)[][]; // null = the rate y/n is suppressed
  totalN: number | null;
  totalY: (number | null)[];
}

function checkCount(v: number, where: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${where}: counts must be integers >= 0, got ${v}`);
}

const isSmall = (v: number, min: number): boolean => v > 0 && v < min;

function lexLess(a: number[], b: number[]): boolean {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j]! < b[j]!;
  return false;
}

// ——— Two-way tables ———

export function suppressGrid(cells: number[][], min: number = MIN_PUBLISHED): SuppressedGrid {
  const R = cells.length;
  const C = R === 0 ? 0 : cells[0]!.length;
  const W = C + 1;
  // The extended matrix, row-major: row R holds the column totals, column C the row totals.
  const ext = new Float64Array((R + 1) * W);
  for (let r = 0; r < R; r++) {
    const row = cells[r]!;
    if (row.length !== C) throw new RangeError('suppressGrid: every row must have the same number of cells');
    for (let c = 0; c < C; c++) {
      const v = row[c]!;
      checkCount(v, 'suppressGrid');
      ext[r * W + c] = v;
      ext[r * W + C]! += v;
      ext[R * W + c]! += v;
      ext[R * W + C]! += v;
    }
  }
  const hidden = new Uint8Array((R + 1) * W);
  const grand = ext[R * W + C]!;
  if (isSmall(grand, min)) {
    hidden.fill(1);
  } else {
    let any = false;
    for (let k = 0; k < ext.length; k++) {
      if (isSmall(ext[k]!, min)) {
        hidden[k] = 1;
        any = true;
      }
    }
    if (any) protectGrid(ext, hidden, R, C);
  }
  const out = (k: number): number | null => (hidden[k] ? null : ext[k]!);
  return {
    cells: cells.map((row, r) => row.map((_, c) => out(r * W + c))),
    rowTotals: cells.map((_, r) => out(r * W + C)),
    colTotals: Array.from({ length: C }, (_, c) => out(R * W + c)),
    grand: out(R * W + C),
  };
}

/** Costs more than any sum of counts a table can hold: a zero partner only when nothing else closes. */
const ZERO_COST = 2 ** 38;
/**
 * Costs more than any path of cells (at most R + C + 1 entries of at most ZERO_COST each): a margin
 * (row total, column total, grand total) only when no path of cells closes. A simple path crosses the
 * total row and the total column at most twice each, so four margins at most: the sums stay exact.
 */
const MARGIN_COST = 2 ** 46;

/**
 * Adds complementary suppressions to `hidden` (the extended matrix's mask) until no hidden entry is a
 * bridge of the line graph. Nodes 0..R are the rows (R = total row), R+1..R+1+C the columns (the last
 * is the total column); entry (r, c) is the edge between row node r and column node R+1+c.
 */
function protectGrid(ext: Float64Array, hidden: Uint8Array, R: number, C: number): void {
  const W = C + 1;
  const rowDeg = new Int32Array(R + 1);
  const colDeg = new Int32Array(C + 1);
  for (let r = 0; r <= R; r++) {
    for (let c = 0; c <= C; c++) {
      if (hidden[r * W + c]) {
        rowDeg[r]!++;
        colDeg[c]!++;
      }
    }
  }
  const hide = (r: number, c: number): void => {
    hidden[r * W + c] = 1;
    rowDeg[r]!++;
    colDeg[c]!++;
  };
  // (a)'s order: a cell before the line's total (a margin), then non-zero, then the smaller value, the lower index.
  const better = (v: number, isTotal: boolean, best: number, bestIsTotal: boolean): boolean => {
    if (best < 0) return true;
    if (isTotal !== bestIsTotal) return !isTotal;
    if ((v === 0) !== (best === 0)) return v !== 0;
    return v < best;
  };

  for (;;) {
    // (a) Lines with a single hidden entry.
    let changed = true;
    while (changed) {
      changed = false;
      for (let r = 0; r <= R; r++) {
        if (rowDeg[r] !== 1) continue;
        let pick = -1;
        let best = -1;
        let bestIsTotal = false;
        for (let c = 0; c <= C; c++) {
          if (hidden[r * W + c]) continue;
          const v = ext[r * W + c]!;
          if (better(v, c === C, best, bestIsTotal)) {
            pick = c;
            best = v;
            bestIsTotal = c === C;
          }
        }
        hide(r, pick);
        changed = true;
      }
      for (let c = 0; c <= C; c++) {
        if (colDeg[c] !== 1) continue;
        let pick = -1;
        let best = -1;
        let bestIsTotal = false;
        for (let r = 0; r <= R; r++) {
          if (hidden[r * W + c]) continue;
          const v = ext[r * W + c]!;
          if (better(v, r === R, best, bestIsTotal)) {
            pick = r;
            best = v;
            bestIsTotal = r === R;
          }
        }
        hide(pick, c);
        changed = true;
      }
    }
    // (b) A remaining bridge: close a cycle through it.
    const bridge = findBridge(hidden, R, C);
    if (bridge === null) return;
    closeCycle(ext, hidden, R, C, bridge[0], bridge[1], hide);
  }
}

/** The first bridge (row, column) of the hidden entries' graph in a fixed depth-first order, or null. */
function findBridge(hidden: Uint8Array, R: number, C: number): [number, number] | null {
  const W = C + 1;
  const V = R + C + 2;
  const order = new Int32Array(V).fill(-1);
  const low = new Int32Array(V);
  let time = 0;
  let found: [number, number] | null = null;
  // Depth is at most V (≈ 80 for the largest tables), so recursion is fine.
  const visit = (u: number, parent: number): void => {
    order[u] = low[u] = time++;
    const isRow = u <= R;
    const count = isRow ? C + 1 : R + 1;
    for (let j = 0; j < count && found === null; j++) {
      const r = isRow ? u : j;
      const c = isRow ? j : u - R - 1;
      if (!hidden[r * W + c]) continue;
      const w = isRow ? R + 1 + j : j;
      if (w === parent) continue; // the graph is simple: one edge per (row, column) pair
      if (order[w] === -1) {
        visit(w, u);
        if (found !== null) return;
        low[u] = Math.min(low[u]!, low[w]!);
        if (low[w]! > order[u]!) found = [r, c];
      } else {
        low[u] = Math.min(low[u]!, order[w]!);
      }
    }
  };
  for (let s = 0; s < V && found === null; s++) if (order[s] === -1) visit(s, -1);
  return found;
}

/** Hides the cheapest path of entries from row node r0 to column c0 that avoids the entry (r0, c0) itself. */
function closeCycle(ext: Float64Array, hidden: Uint8Array, R: number, C: number, r0: number, c0: number, hide: (r: number, c: number) => void): void {
  const W = C + 1;
  const V = R + C + 2;
  const dist = new Float64Array(V).fill(Infinity);
  const prev = new Int32Array(V).fill(-1);
  const done = new Uint8Array(V);
  const target = R + 1 + c0;
  dist[r0] = 0;
  // Dense Dijkstra: the graph is complete bipartite (every entry is an edge, hidden ones cost nothing).
  for (;;) {
    let u = -1;
    for (let v = 0; v < V; v++) if (!done[v] && dist[v]! < Infinity && (u === -1 || dist[v]! < dist[u]!)) u = v;
    if (u === -1 || u === target) break;
    done[u] = 1;
    const isRow = u <= R;
    const count = isRow ? C + 1 : R + 1;
    for (let j = 0; j < count; j++) {
      const r = isRow ? u : j;
      const c = isRow ? j : u - R - 1;
      if (r === r0 && c === c0) continue;
      const w = isRow ? R + 1 + j : j;
      if (done[w]) continue;
      const k = r * W + c;
      const cost = hidden[k] ? 0 : (r === R || c === C ? MARGIN_COST : 0) + (ext[k]! === 0 ? ZERO_COST : ext[k]!);
      if (dist[u]! + cost < dist[w]!) {
        dist[w] = dist[u]! + cost;
        prev[w] = u;
      }
    }
  }
  for (let w = target; prev[w]! !== -1; w = prev[w]!) {
    const u = prev[w]!;
    const r = u <= R ? u : w;
    const c = u <= R ? w - R - 1 : u - R - 1;
    if (!hidden[r * W + c]) hide(r, c);
  }
}

// ——— Adoption of measures ———

export function suppressAdoption(n: number[], y: number[][], min: number = MIN_PUBLISHED): SuppressedAdoption {
  const R = n.length;
  if (y.length !== R) throw new RangeError('suppressAdoption: y needs one row per n');
  const M = R === 0 ? 0 : y[0]!.length;
  let N = 0;
  const Y = new Array<number>(M).fill(0);
  for (let r = 0; r < R; r++) {
    checkCount(n[r]!, 'suppressAdoption');
    const row = y[r]!;
    if (row.length !== M) throw new RangeError('suppressAdoption: every row must have the same number of measures');
    for (let i = 0; i < M; i++) {
      checkCount(row[i]!, 'suppressAdoption');
      if (row[i]! > n[r]!) throw new RangeError(`suppressAdoption: y[${r}][${i}] = ${row[i]} exceeds n[${r}] = ${n[r]}`);
      Y[i]! += row[i]!;
    }
    N += n[r]!;
  }
  if (isSmall(N, min)) {
    return { n: n.map(() => null), y: y.map((row) => row.map(() => null)), totalN: null, totalY: Y.map(() => null) };
  }

  // Index R is the total row throughout.
  const base = (r: number): number => (r === R ? N : n[r]!);
  const applying = (r: number, i: number): number => (r === R ? Y[i]! : y[r]![i]!);
  const nHidden = new Uint8Array(R + 1);
  const rateHidden = Array.from({ length: M }, () => new Uint8Array(R + 1));
  const hideN = (r: number): void => {
    nHidden[r] = 1;
    for (let i = 0; i < M; i++) rateHidden[i]![r] = 1;
  };
  for (let r = 0; r <= R; r++) {
    if (isSmall(base(r), min)) hideN(r);
    for (let i = 0; i < M; i++) {
      const a = applying(r, i);
      if (isSmall(a, min) || isSmall(base(r) - a, min)) rateHidden[i]![r] = 1;
    }
  }

  // Partner order (see the header): smaller rank first (the ranks put the total after every row that can
  // serve), then the smaller n, then the lower index.
  const pick = (rank: (r: number) => number, available: (r: number) => boolean): number => {
    const key = (r: number): [number, number] => [rank(r), base(r)];
    let best = -1;
    for (let r = 0; r <= R; r++) {
      if (!available(r)) continue;
      if (best === -1 || lexLess(key(r), key(best))) best = r; // ties keep the lower index
    }
    return best;
  };
  const count = (mask: Uint8Array): number => mask.reduce((s, v) => s + v, 0);

  for (let changed = true; changed; ) {
    changed = false;
    if (count(nHidden) === 1) {
      // A row with n > 0, then a row with n = 0, then the total.
      const r = pick((r) => (r === R ? 2 : base(r) > 0 ? 0 : 1), (r) => !nHidden[r]);
      if (r !== -1) {
        hideN(r);
        changed = true;
      }
    }
    for (let i = 0; i < M; i++) {
      const mask = rateHidden[i]!;
      if (count(mask) !== 1) continue;
      // A rate strictly between 0 % and 100 %, then a degenerate one, then the total's; last a row with
      // no respondents, whose empty rate hides nothing (y = 0 follows from its published n = 0).
      const rank = (r: number): number => (base(r) === 0 ? 3 : r === R ? 2 : applying(r, i) === 0 || applying(r, i) === base(r) ? 1 : 0);
      const r = pick(rank, (r) => !mask[r]);
      if (r !== -1) {
        mask[r] = 1;
        changed = true;
      }
    }
  }

  return {
    n: n.map((v, r) => (nHidden[r] ? null : v)),
    y: y.map((row, r) => row.map((v, i) => (rateHidden[i]![r] ? null : v))),
    totalN: nHidden[R] ? null : N,
    totalY: Y.map((v, i) => (rateHidden[i]![R] ? null : v)),
  };
}
