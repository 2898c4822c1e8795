// The anonymous results of completed checks: the input of the program's evaluation.
//
// A row holds which check (and which version of its definition), the answers, the score, the day (Japan
// time, no time of day) and only the attributes the person chose to give. Never a name, an email address,
// an IP address or a resume token: callers cannot pass one, because CheckResultInput has no field for it.
//
// Writes are group-committed: results that arrive while a commit is in progress wait for the next one,
// which stores all of them with one multi-row INSERT in one transaction. Each caller's promise settles
// only after its transaction committed (synchronous=FULL on SQLite), so an acknowledged result survives a
// crash, and one fsync serves hundreds of results under load instead of one each.
import type { Transaction } from 'kysely';
import type { Database, DatabaseHandle } from '../db/database.ts';
import type { AgeBand, Industry, SizeBand } from '../taxonomy/attributes.ts';

export const CHECK_KINDS = ['personal', 'business5', 'diagnosis', 'quiz'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckResultInput {
  check: CheckKind;
  /** The definition version the answers refer to (null: the shipped default, stored as 0). */
  definitionVersion: number | null;
  /** One character per item, in the definition's order; at most 200. */
  answers: string;
  score: number | null;
  /** YYYY-MM-DD, Japan time. */
  completedOn: string;
  ageBand?: AgeBand | null;
  prefecture?: string | null;
  sizeBand?: SizeBand | null;
  industry?: Industry | null;
}

/**
 * Work to do in the same transaction as storing the result (e.g. marking a saved check as completed).
 * Returns false to store nothing for this result (it was already stored); a throw fails the whole batch.
 */
export type AlongsideResult = (trx: Transaction<Database>) => Promise<boolean>;

interface Pending {
  input: CheckResultInput;
  alongside: AlongsideResult | undefined;
  resolve: (stored: boolean) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

export interface CheckResultWriterOptions {
  /**
   * Called inside each batch's transaction, after the INSERT, with the results actually stored (those
   * `alongside` declined are not in it): the evaluation's maintained figures are updated here, so they
   * commit or roll back with the results. A throw fails the batch like a failed INSERT. Passed in by the
   * app (checks must not depend on the capabilities that read its results).
   */
  onBatch?: (trx: Transaction<Database>, stored: CheckResultInput[]) => Promise<void>;
}

export class CheckResultWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly options: CheckResultWriterOptions = {},
  ) {}

  /** Resolves true once the result is committed, false if `alongside` declined it. */
  record(input: CheckResultInput, alongside?: AlongsideResult): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('the result writer is closed'));
    validate(input);
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ input, alongside, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Waits for everything queued to be committed; later records are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
  }

  private commit(batch: Pending[]): Promise<boolean[]> {
    return this.handle.db.transaction().execute(async (trx) => {
      const keep: boolean[] = [];
      for (const p of batch) keep.push(p.alongside ? await p.alongside(trx) : true);
      const stored = batch.filter((_, i) => keep[i]).map((p) => p.input);
      // SQLite allows 32,766 bound values per statement: 500 rows × 10 columns stays well below.
      if (stored.length) await trx.insertInto('check_results').values(stored.map(toRow)).execute();
      if (stored.length && this.options.onBatch) await this.options.onBatch(trx, stored);
      return keep;
    });
  }

  private async drain(): Promise<void> {
    try {
      // Before each batch, let the event loop take in what arrived meanwhile: on SQLite a commit blocks
      // the loop for its fsync, and the requests that queued up on the sockets during it join the next
      // batch instead of waiting for one commit each.
      while ((await new Promise<void>((r) => setImmediate(r)), this.queue.length)) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const stored = await this.commit(batch);
          batch.forEach((p, i) => p.resolve(stored[i]!));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          // One caller's step failed (or the database did): retry each alone, so that only the one at
          // fault hears of it. When the database itself is down, every retry fails fast the same way.
          for (const p of batch) {
            try {
              p.resolve((await this.commit([p]))[0]!);
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

function toRow(i: CheckResultInput) {
  return {
    check_kind: i.check,
    definition_version: i.definitionVersion ?? 0,
    completed_on: i.completedOn,
    answers: i.answers,
    score: i.score,
    age_band: i.ageBand ?? null,
    prefecture: i.prefecture ?? null,
    size_band: i.sizeBand ?? null,
    industry: i.industry ?? null,
  };
}

function validate(i: CheckResultInput): void {
  if (!(CHECK_KINDS as readonly string[]).includes(i.check)) throw new Error(`unknown check ${i.check}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(i.completedOn)) throw new Error('completedOn must be YYYY-MM-DD');
  if (i.answers.length === 0 || i.answers.length > 200) throw new Error('answers must be 1 to 200 characters');
}

export interface StoredCheckResult {
  check: string;
  definitionVersion: number;
  completedOn: string;
  answers: string;
  score: number | null;
  ageBand: string | null;
  prefecture: string | null;
  sizeBand: string | null;
  industry: string | null;
}

/** Results of one check on one day (for the evaluation and for tests). */
export async function resultsOn(handle: DatabaseHandle, check: CheckKind, day: string): Promise<StoredCheckResult[]> {
  const rows = await handle.db.selectFrom('check_results').selectAll().where('check_kind', '=', check).where('completed_on', '=', day).orderBy('id').execute();
  return rows.map((r) => ({
    check: r.check_kind,
    definitionVersion: r.definition_version,
    completedOn: r.completed_on,
    answers: r.answers,
    score: r.score === null ? null : Number(r.score),
    ageBand: r.age_band,
    prefecture: r.prefecture,
    sizeBand: r.size_band,
    industry: r.industry,
  }));
}
