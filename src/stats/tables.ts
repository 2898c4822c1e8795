// Kysely types of the evaluation's maintained figures (migration 0011_stats), merged into Database.
//
// check_stats: one row per (check, month, dimension, value) of the anonymous self-check results, kept up
// to date by the result writer's batch hook (aggregates.ts). Per item i (1..25) the number of results
// that answered y (applies), p (partly), n (no) and u (don't know): y{i}, p{i}, n{i}, u{i}. h0..h10 is
// the score histogram (diagnosis: 0–9 … 90–99 and 100, negatives in h0; other checks: the score itself,
// capped to 0..10). Rows of the dimensions with many values (prefecture, audience_prefecture) keep only
// n, the score sum and y{i} (aggregates.ts NARROW_DIMS); their other columns stay 0.
//
// declaration_stats: per (month, star, dimension, value), declarations that became active (started) and
// that stopped being active (ended), written by database triggers on declarations (migration 0011).

export type ItemCounts = { [K in `${'y' | 'p' | 'n' | 'u'}${number}`]: number };
export type Histogram = { [K in `h${number}`]: number };

export interface CheckStatsTable extends ItemCounts, Histogram {
  check_kind: string;
  /** YYYY-MM of completed_on (Japan). */
  month: string;
  /** all | age | prefecture | size | industry | audience | audience_prefecture */
  dim: string;
  /** The attribute's code; '' when not given; 'seniors|13' for audience_prefecture. */
  dim_value: string;
  /** Results counted. */
  n: number;
  /** Results that had a score, and the sum of their scores. */
  score_n: number;
  score_sum: number;
}

export interface DeclarationStatsTable {
  /** YYYY-MM, Japan time, of the change. */
  month: string;
  star: number;
  /** all | prefecture | size | industry | audience */
  dim: string;
  dim_value: string;
  started: number;
  ended: number;
}

export interface StatsTables {
  check_stats: CheckStatsTable;
  declaration_stats: DeclarationStatsTable;
}
