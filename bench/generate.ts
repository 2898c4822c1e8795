// A realistic generated catalogue for benchmarks: Japanese titles and summaries built from the words
// real initiatives use, with facet distributions like the seed's (most initiatives nationwide, SMEs and
// young people served most, seniors and local governments least). Deterministic for a given seed.
import type { SeedData } from '../src/seed/seed.ts';
import type { SeedInitiative, SeedOrganisation } from '../src/seed/seed-types.ts';
import { PREFECTURES } from '../src/taxonomy/prefectures.ts';
import type { Audience, Method } from '../src/taxonomy/taxonomy.ts';

/** mulberry32: a small seeded generator, so generated data is the same on every run. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: [string, string][] = [
  ['フィッシング詐欺', 'phishing'],
  ['ランサムウェア', 'ransomware'],
  ['パスワード管理', 'password management'],
  ['SNSトラブル', 'social media trouble'],
  ['ネット通販の詐欺', 'online shopping fraud'],
  ['標的型メール', 'targeted email attacks'],
  ['情報漏えい対策', 'data leak prevention'],
  ['スマートフォンの安全な使い方', 'using smartphones safely'],
  ['テレワークのセキュリティ', 'telework security'],
  ['IoT機器の設定', 'setting up IoT devices'],
  ['不正アクセス', 'unauthorised access'],
  ['偽警告（サポート詐欺）', 'fake security warnings (support scams)'],
  ['ソフトウェアの更新', 'software updates'],
  ['バックアップ', 'backups'],
  ['情報モラル', 'information ethics'],
  ['個人情報の保護', 'personal data protection'],
  ['サイバー犯罪の被害相談', 'help for cybercrime victims'],
  ['インシデント対応', 'incident response'],
  ['クラウドサービスの安全な利用', 'using cloud services safely'],
  ['無線LANの暗号化', 'Wi-Fi encryption'],
];
const FORMATS: [string, string, Method][] = [
  ['セミナー', 'seminar', 'events'],
  ['出前講座', 'outreach class', 'events'],
  ['勉強会', 'study group', 'events'],
  ['シンポジウム', 'symposium', 'events'],
  ['演習', 'exercise', 'events'],
  ['ハンドブック', 'handbook', 'tools'],
  ['リーフレット', 'leaflet', 'tools'],
  ['動画教材', 'video course', 'tools'],
  ['チェックリスト', 'checklist', 'tools'],
  ['教育ゲーム', 'education game', 'tools'],
  ['相談窓口', 'help desk', 'info_desk'],
  ['注意喚起メール', 'alert mailing list', 'info_desk'],
  ['SNSでの情報発信', 'social media updates', 'info_desk'],
];
const AUDIENCE_WORDS: [Audience, string, string, number][] = [
  ['youth', '中高生', 'secondary school students', 0.22],
  ['working_age', '社会人', 'working adults', 0.16],
  ['seniors', '高齢者', 'older people', 0.08],
  ['micro_business', '小規模事業者', 'micro businesses', 0.12],
  ['sme', '中小企業', 'SMEs', 0.2],
  ['large_enterprise', '大企業の経営層', 'executives of large firms', 0.1],
  ['education', '教職員', 'teachers', 0.08],
  ['local_government', '自治体職員', 'municipal staff', 0.04],
];
const ORG_KINDS: [string, string, SeedOrganisation['kind'], SeedOrganisation['sector']][] = [
  ['県警察', 'Prefectural Police', 'police', 'public'],
  ['商工会議所', 'Chamber of Commerce', 'industry_group', 'private'],
  ['市', 'City', 'municipality', 'public'],
  ['情報セキュリティ協議会', 'Information Security Council', 'association', 'private'],
  ['大学', 'University', 'education', 'private'],
  ['工業高等専門学校', 'National Institute of Technology', 'education', 'public'],
  ['中小企業支援センター', 'SME Support Centre', 'association', 'public'],
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function weighted(r: () => number): Audience {
  let x = r();
  for (const [a, , , w] of AUDIENCE_WORDS) {
    if ((x -= w) <= 0) return a;
  }
  return 'sme';
}

export function generateCatalogue(count: number, seed = 42, measureSlugs: readonly string[] = []): SeedData {
  const r = rng(seed);
  const organisations: SeedOrganisation[] = [];
  for (const p of PREFECTURES) {
    for (const [ja, en, kind, sector] of ORG_KINDS) {
      if (r() < 0.6) continue;
      const n = organisations.length;
      organisations.push({ slug: `org-${n}`, nameJa: `${p.ja.replace(/[都府県]$/, '')}${ja}`, nameEn: `${p.en} ${en}`, abbreviation: null, kind, sector, website: null });
    }
  }
  const orgPref = organisations.map((o) => PREFECTURES.find((p) => o.nameEn.startsWith(p.en))!.code);
  const initiatives: SeedInitiative[] = [];
  for (let i = 0; i < count; i++) {
    const [topicJa, topicEn] = pick(r, TOPICS);
    const [formatJa, formatEn, method] = pick(r, FORMATS);
    const audiences = new Set<Audience>([weighted(r)]);
    if (r() < 0.5) audiences.add(weighted(r));
    if (r() < 0.15) audiences.add(weighted(r));
    const methods = new Set<Method>([method]);
    if (r() < 0.2) methods.add(pick(r, FORMATS)[2]);
    const orgIdx = Math.floor(r() * organisations.length);
    const org = organisations[orgIdx]!;
    const nationwide = r() < 0.35;
    const regions = nationwide ? 'nationwide' : [orgPref[orgIdx]!, ...(r() < 0.2 ? [pick(r, PREFECTURES).code] : [])];
    const aud = [...audiences].map((a) => AUDIENCE_WORDS.find((w) => w[0] === a)!);
    const year = 2019 + Math.floor(r() * 8);
    initiatives.push({
      slug: `gen-${i}`,
      titleJa: `${aud[0]![1]}向け${topicJa}${formatJa}（${year}年度）`,
      titleEn: `${topicEn[0]!.toUpperCase()}${topicEn.slice(1)} ${formatEn} for ${aud[0]![2]} (${year})`,
      summaryJa: `${org.nameJa}が${aud.map((a) => a[1]).join('・')}を対象に、${topicJa}について、よくあるトラブルと対策を分かりやすく伝える${formatJa}です。困ったときの相談先も紹介します。`,
      summaryEn: `${org.nameEn} explains ${topicEn} and what to do about it to ${aud.map((a) => a[2]).join(' and ')}, with where to ask for help.`,
      organisations: [org.slug],
      methods: [...methods],
      audiences: [...audiences],
      sector: org.sector,
      regions,
      url: null,
      status: r() < 0.9 ? 'active' : 'ended',
      measures: measureSlugs.length && r() < 0.7 ? [...new Set([pick(r, measureSlugs), ...(r() < 0.3 ? [pick(r, measureSlugs)] : [])])] : [],
      judged: ['audiences'],
      judgementNote: 'generated for benchmarks',
      source: 'generated',
      sourceDate: '2026-11-26',
    });
  }
  return { organisations, measures: [], initiatives };
}
