// The structure of the Cybersecurity Strategy (閣議決定 2018-07-27) as shown in the first part of the source
// document, down to the Cybersecurity Awareness and Action Enhancement Program (2019-01-24) that sits under
// 「全員参加による協働」. Parents always come before their children.
//
// Choices made here:
// - The three aims are top-level nodes (kind 'aim'); the measures under each are kind 'measure'.
// - 「横断的施策」 is a top-level node of kind 'measure'; its three measures are kind 'cross_cutting'.
// - The program itself is a node of kind 'measure' under 「全員参加による協働」; its basic ideas (section 3 of
//   the program) are kind 'program_pillar' (with the three priority audiences as pillar children), and the five
//   concrete actions (section 4) are kind 'program_action' directly under the program node.
// English titles follow the wording of NISC's English materials where known; otherwise they are faithful
// translations.
import type { SeedStrategyMeasure } from '../seed-types.ts';

export const STRATEGY_MEASURES: SeedStrategyMeasure[] = [
  // ── Aim 1: the economy ────────────────────────────────────────────────────────────────────────────
  {
    slug: 'aim-economy',
    parent: null,
    kind: 'aim',
    titleJa: '経済社会の活力の向上及び持続的発展',
    titleEn: 'Enhancing socio-economic vitality and sustainable development',
  },
  {
    slug: 'economy-value-creation',
    parent: 'aim-economy',
    kind: 'measure',
    titleJa: '新たな価値創出を支えるサイバーセキュリティの推進',
    titleEn: 'Promoting cybersecurity that supports the creation of new value',
  },
  {
    slug: 'economy-supply-chain',
    parent: 'aim-economy',
    kind: 'measure',
    titleJa: '多様なつながりから価値を生み出すサプライチェーンの実現',
    titleEn: 'Realising supply chains that create value through diverse connections',
  },
  {
    slug: 'economy-secure-iot',
    parent: 'aim-economy',
    kind: 'measure',
    titleJa: '安全なIoTシステムの構築',
    titleEn: 'Building secure IoT systems',
  },

  // ── Aim 2: a safe and secure society ───────────────────────────────────────────────────────────────
  {
    slug: 'aim-safety',
    parent: null,
    kind: 'aim',
    titleJa: '国民が安全で安心して暮らせる社会の実現',
    titleEn: 'Building a safe and secure society for the people',
  },
  {
    slug: 'safety-people-society',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '国民・社会を守るための取組',
    titleEn: 'Ensuring the safety of people and society',
  },
  {
    slug: 'safety-critical-infrastructure',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '官民一体となった重要インフラの防護',
    titleEn: 'Protection of critical infrastructure by public and private sectors together',
  },
  {
    slug: 'safety-government',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '政府機関等におけるセキュリティ強化・充実',
    titleEn: 'Strengthening and enhancing security of government bodies',
  },
  {
    slug: 'safety-universities',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '大学等における安全・安心な教育・研究環境の確保',
    titleEn: 'Ensuring safe and secure education and research environments at universities',
  },
  {
    slug: 'safety-tokyo-2020',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '2020年東京大会とその後を見据えた取組',
    titleEn: 'Initiatives for the Tokyo 2020 Games and beyond',
  },
  {
    slug: 'safety-information-sharing',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '従来の枠を超えた情報共有・連携体制の構築',
    titleEn: 'Building information-sharing and collaboration frameworks beyond conventional boundaries',
  },
  {
    slug: 'safety-large-scale-attacks',
    parent: 'aim-safety',
    kind: 'measure',
    titleJa: '大規模サイバー攻撃事態等への対処態勢の強化',
    titleEn: 'Strengthening preparedness for large-scale cyber attacks',
  },

  // ── Aim 3: international peace and stability, national security ────────────────────────────────────
  {
    slug: 'aim-international',
    parent: null,
    kind: 'aim',
    titleJa: '国際社会の平和・安定及び我が国の安全保障への寄与',
    titleEn: "Contributing to the peace and stability of the international community and to Japan's national security",
  },
  {
    slug: 'intl-free-fair-secure-cyberspace',
    parent: 'aim-international',
    kind: 'measure',
    titleJa: '自由、公正かつ安全なサイバー空間の堅持',
    titleEn: 'Upholding a free, fair and secure cyberspace',
  },
  {
    slug: 'intl-defence-deterrence',
    parent: 'aim-international',
    kind: 'measure',
    titleJa: '我が国の防御力・抑止力・状況把握力の強化',
    titleEn: "Strengthening Japan's capabilities for defence, deterrence and situational awareness",
  },
  {
    slug: 'intl-cooperation',
    parent: 'aim-international',
    kind: 'measure',
    titleJa: '国際協力・連携',
    titleEn: 'International cooperation and collaboration',
  },

  // ── Cross-cutting approaches ───────────────────────────────────────────────────────────────────────
  {
    slug: 'cross-cutting',
    parent: null,
    kind: 'measure',
    titleJa: '横断的施策',
    titleEn: 'Cross-cutting approaches',
  },
  {
    slug: 'cross-human-resources',
    parent: 'cross-cutting',
    kind: 'cross_cutting',
    titleJa: '人材育成・確保',
    titleEn: 'Developing and securing cybersecurity human resources',
  },
  {
    slug: 'cross-research',
    parent: 'cross-cutting',
    kind: 'cross_cutting',
    titleJa: '研究開発の推進',
    titleEn: 'Promoting research and development',
  },
  {
    slug: 'cross-participation',
    parent: 'cross-cutting',
    kind: 'cross_cutting',
    titleJa: '全員参加による協働',
    titleEn: 'Collaboration through participation of all',
  },

  // ── The program (2019-01-24) ───────────────────────────────────────────────────────────────────────
  {
    slug: 'program',
    parent: 'cross-participation',
    kind: 'measure',
    titleJa: 'サイバーセキュリティ意識・行動強化プログラム',
    titleEn: 'Cybersecurity Awareness and Action Enhancement Program',
  },
  // Section 3: basic ideas for future action
  {
    slug: 'program-basic-measures',
    parent: 'program',
    kind: 'program_pillar',
    titleJa: '基本的な対策の徹底',
    titleEn: 'Making basic countermeasures routine',
  },
  {
    slug: 'program-priority-audiences',
    parent: 'program',
    kind: 'program_pillar',
    titleJa: '重点的な対象とその内容',
    titleEn: 'Priority audiences and what to do for them',
  },
  {
    slug: 'program-priority-sme',
    parent: 'program-priority-audiences',
    kind: 'program_pillar',
    titleJa: '中小企業',
    titleEn: 'Small and medium-sized enterprises',
  },
  {
    slug: 'program-priority-youth',
    parent: 'program-priority-audiences',
    kind: 'program_pillar',
    titleJa: '若年層',
    titleEn: 'Young people',
  },
  {
    slug: 'program-priority-regional',
    parent: 'program-priority-audiences',
    kind: 'program_pillar',
    titleJa: '地域における取組の支援',
    titleEn: 'Supporting regional activities',
  },
  {
    slug: 'program-info-desk',
    parent: 'program',
    kind: 'program_pillar',
    titleJa: '情報発信・相談窓口の充実',
    titleEn: 'Better information dissemination and consultation desks',
  },
  // Section 4: concrete actions
  {
    slug: 'program-action-portal',
    parent: 'program',
    kind: 'program_action',
    titleJa: 'ポータルサイトによる取組の見える化・連携推進',
    titleEn: 'Making initiatives visible and promoting collaboration through a portal site',
  },
  {
    slug: 'program-action-tools',
    parent: 'program',
    kind: 'program_action',
    titleJa: 'ツール・コンテンツの共有',
    titleEn: 'Sharing tools and content',
  },
  {
    slug: 'program-action-month',
    parent: 'program',
    kind: 'program_action',
    titleJa: 'サイバーセキュリティ月間の推進',
    titleEn: 'Promoting Cybersecurity Month',
  },
  {
    slug: 'program-action-international',
    parent: 'program',
    kind: 'program_action',
    titleJa: '国際的連携の強化',
    titleEn: 'Strengthening international collaboration',
  },
  {
    slug: 'program-action-pdca',
    parent: 'program',
    kind: 'program_action',
    titleJa: 'ＰＤＣＡによる継続的改善',
    titleEn: 'Continuous improvement through the PDCA cycle',
  },
];
