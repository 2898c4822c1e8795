// サイバーセキュリティ月間 (Cybersecurity Month), the campaign the program names among its concrete
// actions: 「４ 具体的取組の推進 … ③サイバーセキュリティ月間の推進」, and in the strategy part:
// 「「サイバーセキュリティ月間」などを通じた情報発信」 (サイバーセキュリティ意識・行動強化プログラム
// （概要）, 2019-01-24). The overview states neither the month's dates nor its themes, so both are
// editorial judgement and marked as such: the period is the one the month has kept every year
// (1 February to 18 March), the themes are the program's own priorities (section 3), and the partner
// kit's texts were written by the editors for organisations to reuse.
import type { CampaignJudgeable, KitKind } from '../../events/model.ts';

export interface SeedCampaign {
  /** Stable key: re-seeding never duplicates (and never overwrites what the program office changed). */
  slug: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  startDate: string;
  endDate: string;
  judged: CampaignJudgeable[];
  judgementNote: string;
  source: string;
  themes: { titleJa: string; titleEn: string; descriptionJa: string; descriptionEn: string }[];
  kit: { kind: KitKind; titleJa: string; titleEn: string; bodyJa: string; bodyEn: string; url: string | null }[];
}

const SOURCE = 'サイバーセキュリティ意識・行動強化プログラム（概要）（2019年1月24日 サイバーセキュリティ戦略本部決定）４ 具体的取組の推進 ③サイバーセキュリティ月間の推進';

const JUDGEMENT =
  '概要資料は月間を具体的取組の一つ（４③）とし、月間などを通じた情報発信を掲げるが、期間とテーマは記載していない。期間は毎年の実施期間（2月1日〜3月18日）、テーマはプログラム「３ 今後の取組の基本的な考え方」の重点から編集部が選び、パートナーキットの例文は編集部が作成した。';

/** The program's priorities (section 3 of the overview), as the month's themes. */
const THEMES: SeedCampaign['themes'] = [
  {
    titleJa: '基本的な対策の徹底',
    titleEn: 'Basic measures, every time',
    descriptionJa:
      '個人や企業が対策の必要性を自覚し、当たり前のこととして取り組めるよう、必要な対策を継続的に伝える。「インターネットを安全に利用するための情報セキュリティ対策９か条」（2015年2月 NISC・IPA）の各種取組への浸透など。',
    descriptionEn:
      'Keep telling people and businesses the measures they need, until taking them is second nature; for example, spreading the "nine rules for using the internet safely" (NISC and IPA, February 2015) through every initiative.',
  },
  {
    titleJa: '中小企業の対策',
    titleEn: 'Small and medium-sized enterprises',
    descriptionJa: '中小企業のトラブル対応を支援する「サイバーセキュリティお助け隊」、「SECURITY ACTION」の活用促進、中小企業支援ネットワークによる啓発。',
    descriptionEn: 'Help with incidents through the Cybersecurity Otasuketai, wider use of SECURITY ACTION, and awareness through the networks that support SMEs.',
  },
  {
    titleJa: '若年層のリテラシー向上',
    titleEn: 'Young people',
    descriptionJa: '無自覚なまま加害者になることを防ぐためのリテラシー向上の取組と、先端的な人材育成。',
    descriptionEn: 'Literacy so that young people do not become offenders without realising it, and the development of advanced talent.',
  },
  {
    titleJa: '地域における取組の支援',
    titleEn: 'Local initiatives',
    descriptionJa: '産学官連携型の地域の取組の活性化、高専学生によるボランティア活動など。',
    descriptionEn: 'More local initiatives run by industry, academia and government together, and volunteering by students of colleges of technology (kosen).',
  },
  {
    titleJa: '情報発信・相談窓口の充実',
    titleEn: 'Timely information and help desks',
    descriptionJa: '最新の脅威の情報と対策を適時かつ迅速に発信し、相談できる窓口を確保して、自ら取り組める環境を整える。',
    descriptionEn: 'Timely news of current threats and what to do about them, and help desks to ask, so that everyone can act for themselves.',
  },
];

function kit(year: number): SeedCampaign['kit'] {
  return [
    {
      kind: 'text',
      titleJa: '告知文の例（団体のウェブサイト・広報誌向け）',
      titleEn: 'Sample announcement (for your website or newsletter)',
      bodyJa: `${year}年2月1日から3月18日までは「サイバーセキュリティ月間」です。\n\nパソコンやスマートフォンのソフトウェアを最新の状態にする、パスワードを使い回さない、身に覚えのないメールの添付ファイルやリンクを開かない──基本的な対策を、この機会にもう一度確かめてみませんか。\n\n当団体でも期間中に講座・相談会を開催します。詳しくは下記をご覧ください。\n（日時・会場・申込方法をここに記載してください）`,
      bodyEn: `Cybersecurity Month runs from 1 February to 18 March ${year}.\n\nKeep the software on your computer and phone up to date, do not reuse passwords, and do not open attachments or links in messages you did not expect. Why not check these basics again this month?\n\nWe are holding talks and advice sessions during the month. Details below.\n(Add the date, place and how to register.)`,
      url: null,
    },
    {
      kind: 'post',
      titleJa: 'SNS投稿の例',
      titleEn: 'Sample social media post',
      bodyJa: `2/1〜3/18は #サイバーセキュリティ月間 。\nOS・アプリの更新、パスワードの使い回しをやめる、あやしいリンクは開かない。\n今日できる対策から始めましょう。`,
      bodyEn: `1 Feb–18 Mar is #CybersecurityMonth in Japan.\nUpdate your apps, stop reusing passwords, do not open suspicious links.\nStart with what you can do today.`,
      url: null,
    },
    {
      kind: 'link',
      titleJa: '中小企業向け：SECURITY ACTION（IPA）',
      titleEn: 'For SMEs: SECURITY ACTION (IPA)',
      bodyJa: '中小企業が情報セキュリティ対策に取り組むことを自己宣言する制度。月間の講座で紹介できます。',
      bodyEn: 'The scheme in which SMEs declare that they take information security measures; worth introducing in talks during the month.',
      url: 'https://www.ipa.go.jp/security/security-action/',
    },
  ];
}

function month(year: number): SeedCampaign {
  return {
    slug: `cybersecurity-month-${year}`,
    titleJa: `サイバーセキュリティ月間 ${year}`,
    titleEn: `Cybersecurity Month ${year}`,
    summaryJa:
      '産学官民の関係者が連携し、サイバーセキュリティの普及啓発と情報発信に集中的に取り組む期間です。期間中は全国でセミナーやイベントが開かれます。団体の皆さまも、イベントの登録やパートナーキットの活用で参加できます。',
    summaryEn:
      'A period in which public and private bodies, industry and academia work together on cybersecurity awareness. Seminars and events are held across Japan; your organisation can take part by registering its events and using the partner kit.',
    startDate: `${year}-02-01`,
    endDate: `${year}-03-18`,
    judged: ['dates', 'summary', 'themes', 'kit', 'title_en'],
    judgementNote: JUDGEMENT,
    source: SOURCE,
    themes: THEMES,
    kit: kit(year),
  };
}

export const CAMPAIGNS: SeedCampaign[] = [month(2026), month(2027)];
