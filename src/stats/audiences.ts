// The JUDGED mapping from the attributes people and firms give (age band, firm size) to the program's
// audiences (taxonomy.ts). The evaluation sets adoption beside coverage per audience, and the catalogue
// tags initiatives by audience, so self-check results must be read as audiences too. The mapping is the
// editors' judgement, not a legal definition, and every table that uses it says so (AUDIENCE_NOTE).
//
// Migration 0011 copies this mapping into the declarations' triggers (frozen there); a change here needs
// a new migration that replaces those triggers, then rebuildStats (recompute.ts). stats.test.ts checks
// that the two agree.
import type { AgeBand, SizeBand } from '../taxonomy/attributes.ts';
import type { Audience, Label } from '../taxonomy/taxonomy.ts';

export const AGE_AUDIENCE: Record<AgeBand, Audience> = {
  u20: 'youth',
  '20s': 'youth',
  '30s': 'working_age',
  '40s': 'working_age',
  '50s': 'working_age',
  '60s': 'seniors',
  '70s': 'seniors',
  '80p': 'seniors',
};

export const SIZE_AUDIENCE: Record<SizeBand, Audience> = {
  sole: 'micro_business',
  '2-5': 'micro_business',
  '6-20': 'micro_business',
  '21-50': 'sme',
  '51-100': 'sme',
  '101-300': 'sme',
  '301p': 'large_enterprise',
};

/** The audiences self-check results can be read as, individuals first. */
export const INDIVIDUAL_AUDIENCES = ['youth', 'working_age', 'seniors'] as const satisfies readonly Audience[];
export const ORGANISATION_AUDIENCES = ['micro_business', 'sme', 'large_enterprise'] as const satisfies readonly Audience[];
export type ResultAudience = (typeof INDIVIDUAL_AUDIENCES)[number] | (typeof ORGANISATION_AUDIENCES)[number];

export const AUDIENCE_NOTE: Label = {
  ja: '対象層は編集部の判断による区分です。年齢層から「若年層」（19歳以下・20歳代）、「現役世代」（30〜50歳代）、「高齢者」（60歳以上）に、従業員数から「小規模事業者」（20人以下）、「中小企業」（21〜300人）、「大企業」（301人以上）に読み替えています。法令上の小規模企業者・中小企業者は、業種や資本金によっても定義されるため、この区分とは一致しないことがあります。',
  en: "Audiences are the editors' judgement: age bands are read as youth (19 or younger, 20s), working age (30s to 50s) and seniors (60 or older); firm sizes as micro businesses (20 people or fewer), SMEs (21 to 300) and large enterprises (301 or more). The legal definitions of small and medium-sized enterprises (小規模企業者, 中小企業者) also depend on industry and capital, so they may differ from these groups.",
};

export function audienceOfAge(age: string | null | undefined): ResultAudience | null {
  return age && age in AGE_AUDIENCE ? (AGE_AUDIENCE[age as AgeBand] as ResultAudience) : null;
}

export function audienceOfSize(size: string | null | undefined): ResultAudience | null {
  return size && size in SIZE_AUDIENCE ? (SIZE_AUDIENCE[size as SizeBand] as ResultAudience) : null;
}
