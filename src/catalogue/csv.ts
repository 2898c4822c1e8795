// CSV export of the catalogue: UTF-8 with a BOM so that Japanese Excel opens it correctly.
import { stringify } from 'csv-stringify';
import type { Initiative } from './model.ts';

export const CATALOGUE_CSV_COLUMNS = [
  'id',
  'slug',
  'title_ja',
  'title_en',
  'summary_ja',
  'summary_en',
  'organisations',
  'organisation_names_ja',
  'audiences',
  'methods',
  'sector',
  'regions',
  'measures',
  'url',
  'status',
  'judged',
  'source',
  'source_date',
  'updated_at',
] as const;

export function initiativeCsvRow(i: Initiative): Record<(typeof CATALOGUE_CSV_COLUMNS)[number], string | number> {
  return {
    id: i.id,
    slug: i.slug,
    title_ja: i.titleJa,
    title_en: i.titleEn,
    summary_ja: i.summaryJa,
    summary_en: i.summaryEn,
    organisations: i.organisations.map((o) => o.slug).join(';'),
    organisation_names_ja: i.organisations.map((o) => o.nameJa).join(';'),
    audiences: i.audiences.join(';'),
    methods: i.methods.join(';'),
    sector: i.sector,
    regions: i.nationwide ? 'nationwide' : i.prefectures.join(';'),
    measures: i.measures.join(';'),
    url: i.url ?? '',
    status: i.status,
    judged: i.judged.join(';'),
    source: i.source,
    source_date: i.sourceDate ?? '',
    updated_at: i.updatedAt,
  };
}

/** A CSV stream: a header row, then rows as batches arrive. Cells that a spreadsheet would run as a formula are neutralised. */
export function csvStream<T extends Record<string, unknown>>(columns: readonly string[], batches: AsyncIterable<T[]>) {
  const out = stringify({
    header: true,
    bom: true,
    columns: [...columns],
    record_delimiter: 'windows',
    cast: { string: neutraliseFormula },
  });
  (async () => {
    try {
      for await (const batch of batches) {
        for (const row of batch) {
          if (!out.write(row)) await new Promise((r) => out.once('drain', r));
        }
      }
      out.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** Cells beginning with = + - @ (or a tab or carriage return) would be formulas in Excel: prefix a quote. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
