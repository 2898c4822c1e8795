// Every body named in the program's reference tables (pages 5–6 of the source document) and in the program
// text (page 4). Names are those in use at the time of the source (January 2019).
//
// Notes on the data:
// - `abbreviation` is the short form the source itself uses (IPA, NISC, 経団連, …); null when it uses the full name.
// - `website` is the body's official top page from general knowledge, only where certain; otherwise null.
// - J-CRAT (サイバーレスキュー隊) is a team run by IPA, not a separate body: it is folded into `ipa`
//   (see the judgementNote of the J-CRAT initiative).
// - English names marked "descriptive" below are translations made for this seed, not confirmed official
//   English names: grafsec, spread, good-net, security-society-council.
// - tcyss is convened by the Tokyo Metropolitan Government with the Metropolitan Police Department, SME
//   support bodies and security organisations, so it is recorded as a public-sector community.
import type { SeedOrganisation } from '../seed-types.ts';

export const ORGANISATIONS: SeedOrganisation[] = [
  // ── Government ministries and agencies ─────────────────────────────────────────────────────────────
  {
    slug: 'nisc',
    nameJa: '内閣サイバーセキュリティセンター',
    nameEn: 'National center of Incident readiness and Strategy for Cybersecurity',
    abbreviation: 'NISC',
    kind: 'government',
    sector: 'public',
    website: 'https://www.nisc.go.jp/',
  },
  {
    slug: 'mic',
    nameJa: '総務省',
    nameEn: 'Ministry of Internal Affairs and Communications',
    abbreviation: null,
    kind: 'government',
    sector: 'public',
    website: 'https://www.soumu.go.jp/',
  },
  {
    slug: 'meti',
    nameJa: '経済産業省',
    nameEn: 'Ministry of Economy, Trade and Industry',
    abbreviation: null,
    kind: 'government',
    sector: 'public',
    website: 'https://www.meti.go.jp/',
  },
  {
    slug: 'mext',
    nameJa: '文部科学省',
    nameEn: 'Ministry of Education, Culture, Sports, Science and Technology',
    abbreviation: null,
    kind: 'government',
    sector: 'public',
    website: 'https://www.mext.go.jp/',
  },
  {
    slug: 'moj',
    nameJa: '法務省',
    nameEn: 'Ministry of Justice',
    abbreviation: null,
    kind: 'government',
    sector: 'public',
    website: 'https://www.moj.go.jp/',
  },
  {
    slug: 'kinki-meti',
    nameJa: '近畿経済産業局',
    nameEn: 'Kinki Bureau of Economy, Trade and Industry',
    abbreviation: null,
    kind: 'government',
    sector: 'public',
    website: 'https://www.kansai.meti.go.jp/',
  },
  {
    slug: 'kinki-mic',
    nameJa: '近畿総合通信局',
    nameEn: 'Kinki Bureau of Telecommunications',
    abbreviation: null,
    kind: 'government',
    sector: 'public',
    website: 'https://www.soumu.go.jp/soutsu/kinki/',
  },

  // ── Police ─────────────────────────────────────────────────────────────────────────────────────────
  {
    slug: 'npa',
    nameJa: '警察庁',
    nameEn: 'National Police Agency',
    abbreviation: null,
    kind: 'police',
    sector: 'public',
    website: 'https://www.npa.go.jp/',
  },
  {
    slug: 'prefectural-police',
    nameJa: '都道府県警察',
    nameEn: 'Prefectural police forces',
    abbreviation: null,
    kind: 'police',
    sector: 'public',
    website: null,
  },

  // ── Independent administrative agencies ────────────────────────────────────────────────────────────
  {
    slug: 'ipa',
    nameJa: '独立行政法人情報処理推進機構',
    nameEn: 'Information-technology Promotion Agency, Japan',
    abbreviation: 'IPA',
    kind: 'independent_agency',
    sector: 'public',
    website: 'https://www.ipa.go.jp/',
  },
  {
    slug: 'nict',
    nameJa: '国立研究開発法人情報通信研究機構',
    nameEn: 'National Institute of Information and Communications Technology',
    abbreviation: 'NICT',
    kind: 'independent_agency',
    sector: 'public',
    website: 'https://www.nict.go.jp/',
  },
  {
    slug: 'nits',
    nameJa: '独立行政法人教職員支援機構',
    nameEn: 'National Institute for School Teachers and Staff Development',
    abbreviation: 'NITS',
    kind: 'independent_agency',
    sector: 'public',
    website: 'https://www.nits.go.jp/',
  },

  // ── Regional networks ──────────────────────────────────────────────────────────────────────────────
  {
    slug: 'tcyss',
    nameJa: '東京中小企業サイバーセキュリティ支援ネットワーク',
    nameEn: 'Tokyo Cyber Security Support network for small and medium enterprises',
    abbreviation: 'Tcyss',
    kind: 'community',
    sector: 'public',
    website: null,
  },

  // ── Associations, foundations and NPOs ─────────────────────────────────────────────────────────────
  {
    slug: 'fmmc',
    nameJa: '一般財団法人マルチメディア振興センター',
    nameEn: 'Foundation for MultiMedia Communications',
    abbreviation: 'FMMC',
    kind: 'association',
    sector: 'private',
    website: 'https://www.fmmc.or.jp/',
  },
  {
    slug: 'jnsa',
    nameJa: '特定非営利活動法人日本ネットワークセキュリティ協会',
    nameEn: 'Japan Network Security Association',
    abbreviation: 'JNSA',
    kind: 'association',
    sector: 'private',
    website: 'https://www.jnsa.org/',
  },
  {
    slug: 'jasa',
    nameJa: '特定非営利活動法人日本セキュリティ監査協会',
    nameEn: 'Japan Information Security Audit Association',
    abbreviation: 'JASA',
    kind: 'association',
    sector: 'private',
    website: 'https://jasa.jp/',
  },
  {
    slug: 'spread',
    nameJa: '一般社団法人セキュリティ対策推進協議会',
    // descriptive
    nameEn: 'Security Measures Promotion Council (SPREAD)',
    abbreviation: 'SPREAD',
    kind: 'association',
    sector: 'private',
    website: null,
  },
  {
    slug: 'grafsec',
    nameJa: '一般財団法人草の根サイバーセキュリティ運動全国連絡会',
    // descriptive
    nameEn: 'National Liaison Council of the Grassroots Cybersecurity Movement (Grafsec)',
    abbreviation: 'Grafsec',
    kind: 'association',
    sector: 'private',
    website: 'https://www.grafsec.or.jp/',
  },
  {
    slug: 'jpcert-cc',
    nameJa: '一般社団法人JPCERTコーディネーションセンター',
    nameEn: 'Japan Computer Emergency Response Team Coordination Center',
    abbreviation: 'JPCERT/CC',
    kind: 'association',
    sector: 'private',
    website: 'https://www.jpcert.or.jp/',
  },
  {
    slug: 'jc3',
    nameJa: '一般財団法人日本サイバー犯罪対策センター',
    nameEn: 'Japan Cybercrime Control Center',
    abbreviation: 'JC3',
    kind: 'association',
    sector: 'private',
    website: 'https://www.jc3.or.jp/',
  },
  {
    slug: 'antiphishing',
    nameJa: 'フィッシング対策協議会',
    nameEn: 'Council of Anti-Phishing Japan',
    abbreviation: null,
    kind: 'association',
    sector: 'private',
    website: 'https://www.antiphishing.jp/',
  },
  {
    slug: 'good-net',
    nameJa: '安心ネットづくり促進協議会',
    // descriptive
    nameEn: 'Council for Promoting a Safe and Secure Internet',
    abbreviation: null,
    kind: 'association',
    sector: 'private',
    website: null,
  },
  {
    slug: 'kiis',
    nameJa: '一般財団法人関西情報センター',
    nameEn: 'Kansai Institute of Information Systems',
    abbreviation: null,
    kind: 'association',
    sector: 'private',
    website: 'https://www.kiis.or.jp/',
  },
  {
    // Named in the table note (※情報セキュリティ社会推進協議会に参画している一財、一社、NPO等を中心に記載):
    // the private-sector rows are mostly its member bodies. It runs no listed initiative itself.
    slug: 'security-society-council',
    nameJa: '情報セキュリティ社会推進協議会',
    // descriptive
    nameEn: 'Council for the Promotion of an Information-Secure Society',
    abbreviation: null,
    kind: 'association',
    sector: 'private',
    website: null,
  },

  // ── Industry bodies ────────────────────────────────────────────────────────────────────────────────
  {
    slug: 'keidanren',
    nameJa: '一般社団法人日本経済団体連合会',
    nameEn: 'Japan Business Federation (Keidanren)',
    abbreviation: '経団連',
    kind: 'industry_group',
    sector: 'private',
    website: 'https://www.keidanren.or.jp/',
  },
  {
    slug: 'cric-csf',
    nameJa: '産業横断サイバーセキュリティ人材育成検討会',
    nameEn: 'Cyber Risk Intelligence Center - Cross Sectors Forum',
    abbreviation: 'CRIC CSF',
    kind: 'industry_group',
    sector: 'private',
    website: null,
  },

  // ── Companies ──────────────────────────────────────────────────────────────────────────────────────
  {
    slug: 'telecom-carriers',
    nameJa: '電気通信事業者',
    nameEn: 'Telecommunications carriers (internet service providers)',
    abbreviation: null,
    kind: 'company',
    sector: 'private',
    website: null,
  },
];
