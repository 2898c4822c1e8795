// Effort beside need (issue 7): for each audience, what reaches it (initiatives, events, materials) next to
// how far its people or firms apply the basic measures, and which audiences to act on first.
//
// The ranking (documented, so that the office can argue with it):
// - Only audiences whose adoption is published take part. An audience whose adoption is withheld (fewer
//   than 10 respondents) is "not enough answers to judge"; one that no self-check measures (education,
//   local governments) is "not measured". Both are listed after the ranked ones, never above them.
// - Among the judged audiences, adoption is ranked from the lowest (rank 1) and coverage from the least
//   (rank 1). Coverage is initiatives + events + materials reaching the audience: each thing that reaches
//   it counts once, whatever its kind. Ties share the better rank (competition ranking: 1, 1, 3).
// - Score = adoption rank + coverage rank: low adoption AND little coverage both push an audience up;
//   either alone does not put it first. Smaller score first; ties broken by lower adoption, then less
//   coverage, then the taxonomy's order of audiences (deterministic).
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import type { Label } from '../taxonomy/taxonomy.ts';
import type { AdoptionCheck, Period } from './model.ts';

export interface NeedCoverage {
  initiatives: number;
  events: number;
  materials: number;
}

export interface NeedInput {
  audience: Audience;
  /** Which check measures this audience's adoption; null when none does. */
  check: AdoptionCheck | null;
  /** Respondents of that check in the audience; null when withheld (or not measured). */
  respondents: number | null;
  /** Mean share applying the check's measures, 0..100; null when withheld or not measured. */
  adoption: number | null;
  coverage: NeedCoverage;
}

export type NeedStatus = 'ranked' | 'not_enough_answers' | 'not_measured';

export interface NeedRow extends NeedInput {
  status: NeedStatus;
  /** 1 = act on first; null unless ranked. */
  rank: number | null;
  adoptionRank: number | null;
  coverageRank: number | null;
  score: number | null;
  /** Why, in words ("adoption 38.0% (lowest of 6), 2 initiatives, 0 events and 1 material (fewest of 6)"). */
  reason: Label;
}

export const coverageTotal = (c: NeedCoverage) => c.initiatives + c.events + c.materials;

/** Competition ranks (1, 1, 3) of values, smallest first. */
function ranks(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => w < v).length);
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : s}`;
}

function periodWords(period: Period): Label {
  return period.kind === 'all' ? { ja: '全期間で', en: 'over all time' } : { ja: `${period.year}年度に`, en: `in FY${period.year}` };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function coverageWords(c: NeedCoverage): Label {
  return {
    ja: `取組${c.initiatives.toLocaleString('ja-JP')}件・イベント${c.events.toLocaleString('ja-JP')}件・教材${c.materials.toLocaleString('ja-JP')}件`,
    en: `${plural(c.initiatives, 'initiative', 'initiatives')}, ${plural(c.events, 'event', 'events')} and ${plural(c.materials, 'material', 'materials')}`,
  };
}

function rankWords(rank: number, of: number, tied: boolean, low: Label, high: Label): Label {
  const tie = tied ? { ja: '・同率', en: ', tied' } : { ja: '', en: '' };
  if (rank === 1) return { ja: `（${of}区分中で${low.ja}${tie.ja}）`, en: ` (${low.en} of ${of}${tie.en})` };
  if (rank === of) return { ja: `（${of}区分中で${high.ja}${tie.ja}）`, en: ` (${high.en} of ${of}${tie.en})` };
  return { ja: `（${of}区分中で${low.ja === '最も低い' ? '低い' : '少ない'}方から${rank}番目${tie.ja}）`, en: ` (${ordinal(rank)} ${low.en === 'lowest' ? 'lowest' : 'fewest'} of ${of}${tie.en})` };
}

/** Ranks the audiences (pure: plain objects in, plain objects out). Every audience given is returned. */
export function rankNeed(inputs: NeedInput[], period: Period): NeedRow[] {
  const order = (a: Audience) => AUDIENCES.indexOf(a);
  const judged = inputs.filter((i) => i.check !== null && i.adoption !== null);
  const n = judged.length;
  const aRanks = ranks(judged.map((i) => i.adoption!));
  const cRanks = ranks(judged.map((i) => coverageTotal(i.coverage)));
  const when = periodWords(period);
  const rows: NeedRow[] = judged.map((i, k) => {
    const ar = aRanks[k]!;
    const cr = cRanks[k]!;
    const aTied = aRanks.filter((r) => r === ar).length > 1;
    const cTied = cRanks.filter((r) => r === cr).length > 1;
    const aw = rankWords(ar, n, aTied, { ja: '最も低い', en: 'lowest' }, { ja: '最も高い', en: 'highest' });
    const cw = rankWords(cr, n, cTied, { ja: '最も少ない', en: 'fewest' }, { ja: '最も多い', en: 'most' });
    const cov = coverageWords(i.coverage);
    return {
      ...i,
      status: 'ranked',
      rank: 0,
      adoptionRank: ar,
      coverageRank: cr,
      score: ar + cr,
      reason: {
        ja: `対策の実施率 ${i.adoption!.toFixed(1)}%${aw.ja}、${when.ja}${cov.ja}${cw.ja}`,
        en: `adoption ${i.adoption!.toFixed(1)}%${aw.en}; ${cov.en} ${when.en}${cw.en}`,
      },
    };
  });
  rows.sort((a, b) => a.score! - b.score! || a.adoption! - b.adoption! || coverageTotal(a.coverage) - coverageTotal(b.coverage) || order(a.audience) - order(b.audience));
  rows.forEach((r, k) => (r.rank = k + 1));
  const rest: NeedRow[] = inputs
    .filter((i) => !(i.check !== null && i.adoption !== null))
    .sort((a, b) => (a.check === null ? 1 : 0) - (b.check === null ? 1 : 0) || order(a.audience) - order(b.audience))
    .map((i) => {
      const cov = coverageWords(i.coverage);
      const measured = i.check !== null;
      return {
        ...i,
        status: measured ? 'not_enough_answers' : 'not_measured',
        rank: null,
        adoptionRank: null,
        coverageRank: null,
        score: null,
        reason: measured
          ? { ja: `回答が10件未満のため判断できません（${when.ja}${cov.ja}）`, en: `not enough answers to judge (fewer than 10); ${cov.en} ${when.en}` }
          : { ja: `この対象の実施率を測るセルフチェックはありません（${when.ja}${cov.ja}）`, en: `no self-check measures this audience's adoption; ${cov.en} ${when.en}` },
      };
    });
  return [...rows, ...rest];
}

/** Which check measures each audience's adoption: the personal check for people, a firm check for firms. */
export function needCheckFor(audience: Audience, firmCheck: 'business5' | 'diagnosis'): AdoptionCheck | null {
  const group = AUDIENCE_LABELS[audience].group;
  if (audience === 'education' || audience === 'local_government') return null;
  return group === 'individuals' ? 'personal' : firmCheck;
}

/** What the loader needs: adoption per audience (suppressed) and coverage per audience, from their owners. */
export interface NeedSources {
  adoption(check: AdoptionCheck, period: Period, prefecture?: string): Promise<Partial<Record<Audience, { respondents: number | null; adoption: number | null }>>>;
  coverage(period: Period, prefecture?: string): Promise<Record<Audience, NeedCoverage>>;
}

/** Loads every audience's adoption and coverage for a period (and a prefecture), then ranks them. */
export async function loadNeed(sources: NeedSources, period: Period, options: { prefecture?: string; firmCheck?: 'business5' | 'diagnosis' } = {}): Promise<NeedRow[]> {
  const firmCheck = options.firmCheck ?? 'business5';
  const [people, firms, coverage] = await Promise.all([
    sources.adoption('personal', period, options.prefecture),
    sources.adoption(firmCheck, period, options.prefecture),
    sources.coverage(period, options.prefecture),
  ]);
  const inputs: NeedInput[] = AUDIENCES.map((audience) => {
    const check = needCheckFor(audience, firmCheck);
    const a = check === null ? undefined : (check === 'personal' ? people : firms)[audience];
    return {
      audience,
      check,
      respondents: a?.respondents ?? null,
      adoption: a?.adoption ?? null,
      coverage: coverage[audience] ?? { initiatives: 0, events: 0, materials: 0 },
    };
  });
  return rankNeed(inputs, period);
}
