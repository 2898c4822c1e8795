// What each row of a sheet will do — create, update, leave unchanged, or be refused and why — computed
// the same way for the preview and for the confirmation (which runs it again inside its transaction and
// writes as it goes). The plan's hash covers every row's decision and payload, so the confirmation can
// prove it wrote what the preview showed, or refuse.
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { loadItems } from '../content/repository.ts';
import type { ContentItem } from '../content/model.ts';
import { columnOf, columnOfField, convertCells, fold, loadKindEnv, mapHeader, type KindEnv, type KindSpec } from './columns.ts';
import type { CellProblem, FileProblem, RowDecision } from './model.ts';
import { SheetError, type Sheet, type SheetRow } from './sheet.ts';
import { toHalfWidth } from './values.ts';

export const CHUNK = 500;
export const MAX_EXTERNAL_ID = 100;

export interface OrganisationRef {
  id: number;
  slug: string;
}

/** One decided row with what a write needs. */
export interface PlannedRow {
  decision: RowDecision;
  organisationId: number | null;
  payload: unknown;
  /** The matched item (updates and unchanged rows). */
  item: ContentItem<unknown> | null;
}

export interface PlanOptions {
  spec: KindSpec;
  /** The importing organisation; null for the program office, whose sheet names each row's organisation. */
  organisation: OrganisationRef | null;
}

/** A problem with the file as a whole; the rows are not looked at. */
export class FileProblems extends Error {
  constructor(readonly problems: FileProblem[]) {
    super('the file cannot be imported');
  }
}

const PORTAL_ID = /^LM-([1-9][0-9]{0,9})$/i;

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

/** The payload an item shows now: its open revision, else its published one. */
function currentPayload(item: ContentItem<unknown>): unknown {
  return item.working?.payload ?? item.published?.payload ?? null;
}

/**
 * Reads the header and checks it: the columns the kind requires must be there, no column twice.
 * Throws FileProblems with every problem found at once.
 */
export function checkHeader(spec: KindSpec, sheet: Sheet, withOrganisation: boolean) {
  const map = mapHeader(spec, sheet.header, withOrganisation);
  const problems: FileProblem[] = [];
  for (const k of map.duplicated) {
    const c = columnOf(spec, k)!;
    problems.push({ line: 1, message: { ja: `列「${c.label.ja}」が2回あります。1つにしてください。`, en: `The column "${c.label.en}" appears twice. Keep one.` } });
  }
  const present = new Set(map.keys.filter((k): k is string => k !== null));
  const missing = spec.columns.filter((c) => c.required && !present.has(c.key));
  if (withOrganisation && !present.has('organisation')) missing.unshift(columnOf(spec, 'organisation')!);
  if (missing.length) {
    problems.push({
      line: 1,
      message: {
        ja: `必要な列がありません：${missing.map((c) => `「${c.label.ja}」`).join('')}。1行目に列名を書いてください（ひな形をご利用ください）。`,
        en: `Columns missing: ${missing.map((c) => `"${c.label.en}"`).join(', ')}. Put the column names in the first row (use the template).`,
      },
    });
  }
  if (problems.length) throw new FileProblems(problems);
  return map;
}

export interface Planner {
  /** Decides the next chunk of rows (at most CHUNK); [] when the sheet is done. */
  next(): Promise<PlannedRow[]>;
  /** Hash of every decision so far (complete once next() returned []). */
  hash(): string;
  ignoredColumns: string[];
  /** Items written by this run: title matches never point at them (they did not exist at preview). */
  created: Set<number>;
}

export async function planner(db: Db, sheet: Sheet, o: PlanOptions): Promise<Planner> {
  const spec = o.spec;
  const header = checkHeader(spec, sheet, o.organisation === null);
  const rows = sheet.rows[Symbol.asyncIterator]();
  const hash = createHash('sha256');
  const firstLine = new Map<string, number>();
  const envs = new Map<number, KindEnv>();
  const orgBySlug = new Map<string, OrganisationRef | null>();
  const titleIndex = new Map<number, Map<string, number[]>>();
  const created = new Set<number>();
  let done = false;

  const env = async (orgId: number) => {
    let e = envs.get(orgId);
    if (!e) envs.set(orgId, (e = await loadKindEnv(db, orgId)));
    return e;
  };

  const orgOf = async (slug: string): Promise<OrganisationRef | null> => {
    const key = slug.trim().toLowerCase();
    if (!orgBySlug.has(key)) {
      const r = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', '=', key).executeTakeFirst();
      orgBySlug.set(key, r ? { id: r.id, slug: r.slug } : null);
    }
    return orgBySlug.get(key)!;
  };

  /** fold(titleJa) → item ids of the organisation's items of this kind, as they were before this run. */
  const titlesOf = async (orgId: number) => {
    let m = titleIndex.get(orgId);
    if (m) return m;
    m = new Map();
    const rs = await db
      .selectFrom('content_items as i')
      .innerJoin('content_revisions as r', (j) => j.on((eb) => eb('r.id', '=', eb.fn.coalesce('i.working_revision_id', 'i.published_revision_id'))))
      .select(['i.id', 'r.payload'])
      .where('i.owner_organisation_id', '=', orgId)
      .where('i.kind', '=', spec.contentKind)
      .execute();
    for (const r of rs) {
      if (created.has(r.id)) continue;
      const title = fold(String((JSON.parse(r.payload) as { titleJa?: string }).titleJa ?? ''));
      if (!title) continue;
      m.set(title, [...(m.get(title) ?? []), r.id]);
    }
    titleIndex.set(orgId, m);
    return m;
  };

  async function readChunk(): Promise<SheetRow[]> {
    const out: SheetRow[] = [];
    while (out.length < CHUNK) {
      const r = await rows.next();
      if (r.done) {
        done = true;
        break;
      }
      out.push(r.value);
    }
    return out;
  }

  async function next(): Promise<PlannedRow[]> {
    if (done) return [];
    let chunk: SheetRow[];
    try {
      chunk = await readChunk();
    } catch (err) {
      if (err instanceof SheetError) throw new FileProblems([{ line: err.line, message: err.text }]);
      throw err;
    }
    if (!chunk.length) return [];

    // 1. Cells by column, the row's organisation and its ID.
    type Pre = { line: number; raw: Record<string, string>; org: OrganisationRef | null; externalId: string | null; portalId: number | null; problems: CellProblem[] };
    const pre: Pre[] = [];
    for (const row of chunk) {
      const raw: Record<string, string> = {};
      header.keys.forEach((k, i) => {
        if (k) raw[k] = row.cells[i] ?? '';
      });
      const problems: CellProblem[] = [];
      let org = o.organisation;
      if (org === null) {
        const slug = (raw.organisation ?? '').trim();
        if (!slug) problems.push({ column: 'organisation', message: { ja: '団体の識別子を書いてください。', en: 'Enter the identifier of the organisation.' } });
        else {
          org = await orgOf(slug);
          if (!org) problems.push({ column: 'organisation', message: { ja: `団体「${slug}」は登録されていません。団体一覧の識別子を書いてください。`, en: `There is no organisation "${slug}". Use an identifier from the list of organisations.` } });
        }
      }
      let externalId: string | null = toHalfWidth(raw.id ?? '').trim() || null;
      let portalId: number | null = null;
      if (externalId !== null && externalId.length > MAX_EXTERNAL_ID) {
        problems.push({ column: 'id', message: { ja: `IDは${MAX_EXTERNAL_ID}文字以内にしてください。`, en: `Use ${MAX_EXTERNAL_ID} characters or fewer for the ID.` } });
        externalId = null;
      }
      const pm = externalId ? PORTAL_ID.exec(externalId) : null;
      if (pm) portalId = Number(pm[1]);
      pre.push({ line: row.line, raw, org, externalId, portalId, problems });
    }

    // 2. Existing items: by ID (the organisation's own or the portal's LM-…), else by title.
    const byExternal = new Map<string, number>();
    const externalKeys = pre.filter((p) => p.org && p.externalId && p.portalId === null);
    for (const orgId of new Set(externalKeys.map((p) => p.org!.id))) {
      const ids = externalKeys.filter((p) => p.org!.id === orgId).map((p) => p.externalId!);
      const found = await db.selectFrom('content_external_ids').select(['item_id', 'external_id']).where('organisation_id', '=', orgId).where('kind', '=', spec.contentKind).where('external_id', 'in', ids).execute();
      for (const f of found) byExternal.set(`${orgId}\u0000${f.external_id}`, f.item_id);
    }
    const portalIds = pre.filter((p) => p.portalId !== null).map((p) => p.portalId!);
    const matchIds = new Set<number>([...byExternal.values(), ...portalIds]);
    const titleMatch = new Map<Pre, number[]>();
    for (const p of pre) {
      if (!p.org || p.externalId) continue;
      const title = fold(p.raw.titleJa ?? '');
      if (!title) continue;
      const ids = (await titlesOf(p.org.id)).get(title) ?? [];
      titleMatch.set(p, ids);
      if (ids.length === 1) matchIds.add(ids[0]!);
    }
    const items = new Map((await loadItems<unknown>(db, [...matchIds])).map((i) => [i.id, i]));

    // 3. Each row: convert, validate with the kind's form, decide.
    const out: PlannedRow[] = [];
    for (const p of pre) {
      const problems = [...p.problems];
      let item: ContentItem<unknown> | null = null;
      let match: Text | null = null;
      if (p.org && p.portalId !== null) {
        const it = items.get(p.portalId);
        if (!it || it.owner.id !== p.org.id || it.kind !== spec.contentKind) {
          problems.push({ column: 'id', message: { ja: `ID「${p.externalId}」の項目は、この団体の登録にありません。`, en: `This organisation has no entry "${p.externalId}".` } });
        } else {
          item = it;
          match = { ja: `ポータルの番号 ${p.externalId} で一致`, en: `Matched by the portal's number ${p.externalId}` };
        }
      } else if (p.org && p.externalId) {
        const id = byExternal.get(`${p.org.id}\u0000${p.externalId}`);
        if (id !== undefined && !created.has(id)) {
          item = items.get(id) ?? null;
          match = { ja: `ID「${p.externalId}」で一致`, en: `Matched by ID "${p.externalId}"` };
        }
      } else if (p.org) {
        const ids = titleMatch.get(p) ?? [];
        if (ids.length === 1) {
          item = items.get(ids[0]!) ?? null;
          match = { ja: '同じ名称の項目と一致（IDの列が空欄のため）', en: 'Matched an entry with the same title (the ID column is empty)' };
        } else if (ids.length > 1) {
          problems.push({ column: 'id', message: { ja: `同じ名称の項目が${ids.length}件あり、どれを更新するか決められません。IDの列に「LM-番号」を書いてください（書き出したシートに載っています）。`, en: `${ids.length} entries have this title; it is not clear which to update. Put their "LM-" number in the ID column (an export shows it).` } });
        }
      }

      // A row the sheet already had: the same ID, or the same title without an ID.
      if (p.org) {
        const key = p.externalId ? `${p.org.id}\u0000id\u0000${p.externalId.toLowerCase()}` : `${p.org.id}\u0000title\u0000${fold(p.raw.titleJa ?? '')}`;
        const first = firstLine.get(key);
        if (first !== undefined) {
          problems.push({
            column: p.externalId ? 'id' : 'titleJa',
            message: p.externalId
              ? { ja: `${first}行目と同じIDです。1つの項目は1行にしてください。`, en: `Same ID as line ${first}. Each entry belongs on one line.` }
              : { ja: `${first}行目と同じ名称で、IDがありません。別の項目ならIDの列で区別してください。`, en: `Same title as line ${first}, without an ID. Give different entries different IDs.` },
          });
        } else if (fold(p.raw.titleJa ?? '') || p.externalId) firstLine.set(key, p.line);
      }

      const { values, problems: cellProblems } = convertCells(spec, p.raw);
      problems.push(...cellProblems);
      let payload: unknown = null;
      if (p.org) {
        const e = await env(p.org.id);
        const v = await spec.validate(e, spec.toBody(values), item ? currentPayload(item) : null);
        payload = v.payload;
        const seen = new Set(problems.map((x) => x.column));
        for (const [field, message] of Object.entries(v.errors)) {
          const column = columnOfField(spec, field);
          // A cell that could not be read already says so; the form's message about the same column adds nothing.
          if (column !== null && seen.has(column)) continue;
          problems.push({ column, message });
          seen.add(column);
        }
      }

      const title = String((payload as { titleJa?: string } | null)?.titleJa ?? p.raw.titleJa ?? '').slice(0, 200);
      const decision: RowDecision = { line: p.line, action: 'create', title, externalId: p.externalId, organisationSlug: p.org?.slug ?? null, itemId: item?.id ?? null, match, changes: [], problems };
      if (problems.length) decision.action = 'refuse';
      else if (item) {
        const before = currentPayload(item);
        const same = before !== null && stable(spec.normalise(before)) === stable(spec.normalise(payload));
        if (same) decision.action = 'unchanged';
        else {
          decision.action = 'update';
          const a = spec.toCells(before ?? {}, 'ja');
          const b = spec.toCells(payload, 'ja');
          decision.changes = spec.columns.filter((c) => (a[c.key] ?? '') !== (b[c.key] ?? '')).map((c) => c.label);
        }
      }
      hash.update(stable([decision.line, decision.action, decision.itemId, p.org?.id ?? null, decision.problems.length, decision.action === 'refuse' ? null : stable(payload)]));
      out.push({ decision, organisationId: p.org?.id ?? null, payload, item });
    }
    return out;
  }

  return { next, hash: () => hash.copy().digest('hex'), ignoredColumns: header.ignored, created };
}
