// The strategy's structure (aims, measures, cross-cutting measures, the program's pillars) as data.
import type { Db } from '../db/database.ts';
import type { StrategyMeasure } from './model.ts';

export interface NewMeasure {
  slug: string;
  parent: string | null;
  kind: string;
  titleJa: string;
  titleEn: string;
}

/** All measures in tree order (each parent before its children), with their depth. */
export async function listMeasures(db: Db): Promise<StrategyMeasure[]> {
  const rows = await db.selectFrom('strategy_measures').selectAll().orderBy('position').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const list = children.get(r.parent_id) ?? [];
    list.push(r);
    children.set(r.parent_id, list);
  }
  const out: StrategyMeasure[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({
        id: r.id,
        slug: r.slug,
        parentSlug: r.parent_id === null ? null : (byId.get(r.parent_id)?.slug ?? null),
        depth,
        kind: r.kind,
        titleJa: r.title_ja,
        titleEn: r.title_en,
      });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Insert the tree and its closure. `measures` lists parents before children. Run inside a transaction. */
export async function insertMeasures(db: Db, measures: NewMeasure[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const ancestors = new Map<string, string[]>();
  let position = 0;
  for (const m of measures) {
    const parentId = m.parent === null ? null : ids.get(m.parent);
    if (parentId === undefined) throw new Error(`strategy measure ${m.slug}: parent ${m.parent} must come first`);
    const { id } = await db
      .insertInto('strategy_measures')
      .values({ slug: m.slug, parent_id: parentId, position: position++, kind: m.kind, title_ja: m.titleJa, title_en: m.titleEn })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(m.slug, id);
    const chain = [m.slug, ...(m.parent === null ? [] : ancestors.get(m.parent)!)];
    ancestors.set(m.slug, chain);
    await db
      .insertInto('strategy_measure_closure')
      .values(chain.map((a) => ({ ancestor_id: ids.get(a)!, descendant_id: id })))
      .execute();
  }
  return ids;
}
