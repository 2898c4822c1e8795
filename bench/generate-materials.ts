// A realistic generated library for the search bench: Japanese titles and summaries in the forms real
// awareness materials use (「〜に気をつけよう」, 「〜のための手引き」, …), varied sentences so that common
// words (対策, 相談, 教育) match a share of the rows rather than all of them, and facet distributions like a
// real library's: mostly Japanese, leaflets, handbooks and slides most common, reusable licences
// (PDL, CC BY, 政府標準利用規約) for most public bodies' materials. Deterministic for a given seed.
import type { Audience } from '../src/taxonomy/taxonomy.ts';
import { rng } from './generate.ts';
import type { Licence, MaterialFormat, MaterialLanguage } from '../src/materials/model.ts';

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function weighted<T>(r: () => number, xs: readonly (readonly [T, number])[]): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) if ((x -= w) <= 0) return v;
  return xs[xs.length - 1]![0];
}

/** Topic: Japanese, English, and a sentence of advice in each language. */
const TOPICS: [string, string, string, string][] = [
  ['フィッシング詐欺', 'phishing', '不審なメールやSMSのリンクは開かず、公式アプリやブックマークから確認しましょう。', 'Do not open links in unexpected messages; check through the official app or a bookmark.'],
  ['ランサムウェア', 'ransomware', 'バックアップを定期的に取り、ネットワークから切り離して保管することが被害を小さくします。', 'Regular offline backups limit the damage.'],
  ['パスワード', 'passwords', '長く推測されにくいパスワードを使い回さず、多要素認証を有効にしましょう。', 'Use long, unique passwords and turn on multi-factor authentication.'],
  ['SNSの使い方', 'social media', '投稿した写真や位置情報から個人が特定されることがあります。公開範囲を確認しましょう。', 'Photos and locations can identify you; check who can see your posts.'],
  ['ネットショッピング', 'online shopping', '極端に安い通販サイトは偽サイトの可能性があります。会社の所在地と連絡先を確かめましょう。', 'Very cheap shops may be fake; check the address and contact details.'],
  ['標的型攻撃メール', 'targeted email attacks', '取引先を装った添付ファイルに注意し、送信元に電話で確認する習慣をつけましょう。', 'Beware of attachments that pretend to come from partners; call to check.'],
  ['情報漏えい', 'data leaks', 'USBメモリの紛失やメールの誤送信は、情報漏えいの主な原因です。', 'Lost USB sticks and misdirected email are the main causes of leaks.'],
  ['スマートフォン', 'smartphones', 'OSとアプリを最新に保ち、公式ストア以外からアプリを入れないようにしましょう。', 'Keep the system and apps up to date and install only from the official store.'],
  ['テレワーク', 'telework', '自宅のルーターの設定や、公共の場所での画面ののぞき見にも注意が必要です。', 'Home routers and shoulder surfing in public places need care too.'],
  ['IoT機器', 'IoT devices', '防犯カメラやルーターの初期パスワードは必ず変更しましょう。', 'Always change the default passwords of cameras and routers.'],
  ['不正アクセス', 'unauthorised access', 'ログイン通知を有効にし、身に覚えのないログインがあればすぐにパスワードを変更しましょう。', 'Turn on login alerts and change your password at once after a login you did not make.'],
  ['サポート詐欺', 'tech support scams', '突然の警告画面と電話番号の表示は偽物です。電話をかけず、ブラウザを閉じましょう。', 'A sudden warning with a phone number is fake: do not call, close the browser.'],
  ['ソフトウェア更新', 'software updates', '更新の通知が来たら後回しにせず適用することが、最も効果的な対策の一つです。', 'Applying updates promptly is one of the most effective measures.'],
  ['バックアップ', 'backups', '大切なデータは複数の場所に保存し、復元できるか時々試しておきましょう。', 'Keep important data in more than one place and test restoring it.'],
  ['情報モラル', 'digital citizenship', 'ネット上の言葉も相手に届きます。書き込む前に一度立ち止まって考えましょう。', 'Words online reach real people; stop and think before posting.'],
  ['個人情報', 'personal data', '氏名や住所、電話番号を求めるアンケートやキャンペーンには慎重に対応しましょう。', 'Be careful with surveys and campaigns that ask for your name, address or phone number.'],
  ['ネット上の誹謗中傷', 'online abuse', '一人で抱え込まず、保存した証拠を持って相談窓口に連絡してください。', 'Do not face it alone: keep the evidence and contact a help desk.'],
  ['インシデント対応', 'incident response', '被害に気づいたら、ネットワークから切り離し、記録を残して担当者に報告します。', 'When something happens, disconnect, write down what you saw and report it.'],
  ['クラウドサービス', 'cloud services', '共有リンクの公開範囲と、退職者のアカウント削除を定期的に見直しましょう。', 'Review shared links and remove the accounts of people who left.'],
  ['無線LAN', 'Wi-Fi', '公衆無線LANでは、重要な情報の入力を避けるか、VPNを使いましょう。', 'On public Wi-Fi avoid entering sensitive data, or use a VPN.'],
  ['ワンクリック詐欺', 'one-click fraud', '請求画面が出ても支払う必要はありません。連絡もしないでください。', 'You need not pay when a bill appears after one click; do not get in touch.'],
  ['キャッシュレス決済', 'cashless payments', '利用明細をこまめに確認し、不審な請求はすぐにカード会社へ連絡しましょう。', 'Check statements often and report unknown charges to the card company.'],
  ['サプライチェーン攻撃', 'supply chain attacks', '取引先を含めた対策の状況を確認し、契約で役割を決めておきましょう。', 'Check your partners\' measures and set roles in contracts.'],
  ['ネットいじめ', 'cyberbullying', '見て見ぬふりをせず、信頼できる大人に話してください。', 'Do not look away: tell an adult you trust.'],
];

const AUDIENCES_W: [Audience, string, string, number][] = [
  ['youth', '中高生', 'secondary school students', 0.2],
  ['working_age', '社会人', 'working adults', 0.17],
  ['seniors', '高齢者', 'older people', 0.1],
  ['micro_business', '小規模事業者', 'micro businesses', 0.11],
  ['sme', '中小企業', 'SMEs', 0.19],
  ['large_enterprise', '経営層', 'executives', 0.07],
  ['education', '教職員', 'teachers', 0.11],
  ['local_government', '自治体職員', 'municipal staff', 0.05],
];

/** Format, its weight, Japanese and English names as they appear in titles. */
const FORMATS_W: [MaterialFormat, number, string, string][] = [
  ['leaflet', 0.22, 'リーフレット', 'leaflet'],
  ['handbook', 0.16, 'ハンドブック', 'handbook'],
  ['slides', 0.15, '講義資料', 'slides'],
  ['video', 0.12, '動画', 'video'],
  ['poster', 0.08, 'ポスター', 'poster'],
  ['checklist', 0.08, 'チェックリスト', 'checklist'],
  ['guideline', 0.07, 'ガイドライン', 'guideline'],
  ['teaching_plan', 0.05, '指導案', 'teaching plan'],
  ['game', 0.04, 'クイズ教材', 'quiz'],
  ['tool', 0.03, '診断ツール', 'self-assessment tool'],
];

const LANGUAGES_W: [MaterialLanguage, number][] = [
  ['ja', 0.86],
  ['en', 0.1],
  ['other', 0.04],
];

const LICENCES_W: [Licence, number][] = [
  ['gov-standard', 0.22],
  ['pdl-1.0', 0.18],
  ['cc-by-4.0', 0.2],
  ['cc-by-nc-4.0', 0.08],
  ['cc-by-sa-4.0', 0.03],
  ['cc0-1.0', 0.02],
  ['all-rights-reserved', 0.27],
];

/** Title patterns: topic, audience and format words. */
const TITLES: ((t: string, a: string, f: string) => string)[] = [
  (t, a, f) => `${t}に気をつけよう（${a}向け${f}）`,
  (t, a, f) => `${a}のための${t}入門${f}`,
  (t, a, f) => `${t}の手口と対策 ${f}`,
  (t, _a, f) => `今日からできる${t}の備え（${f}）`,
  (t, a, f) => `${a}向け ${t}${f}`,
  (t, _a, f) => `事例で学ぶ${t} ${f}`,
  (t, a, f) => `${t}から身を守る ${a}編 ${f}`,
  (t, _a, f) => `${t}Q&A ${f}`,
];

const OPENINGS: ((org: string, a: string) => string)[] = [
  (org, a) => `${org}が${a}向けに作成した教材です。`,
  (org, a) => `${a}を対象に、${org}の講座で使っている資料を公開しています。`,
  (org) => `${org}が地域の相談事例をもとにまとめました。`,
  (_org, a) => `${a}が日常で出会いやすい場面を取り上げています。`,
];
const CLOSINGS = [
  '困ったときの相談先も掲載しています。',
  '研修や授業でそのまま使えます。',
  '印刷して窓口で配布できます。',
  '社内教育の教材としてご利用ください。',
  '家族で話し合うきっかけにしてください。',
  '',
  '',
];

export interface GeneratedMaterial {
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  format: MaterialFormat;
  language: MaterialLanguage;
  licence: Licence;
  audiences: Audience[];
  /** Index into the organisations passed in. */
  organisationIndex: number;
  url: string | null;
  versionLabel: string;
  issuedOn: string;
  updatedAt: string;
}

/** `count` materials of the given organisations (names in both languages), deterministic for a seed. */
export function generateMaterials(count: number, organisations: readonly { nameJa: string; nameEn: string }[], seed = 7): GeneratedMaterial[] {
  const r = rng(seed);
  const out: GeneratedMaterial[] = [];
  const audienceW = AUDIENCES_W.map(([a, , , w]) => [a, w] as const);
  const formatW = FORMATS_W.map(([f, w]) => [f, w] as const);
  for (let i = 0; i < count; i++) {
    const [topicJa, topicEn, adviceJa, adviceEn] = pick(r, TOPICS);
    const format = weighted(r, formatW);
    const [, , formatJa, formatEn] = FORMATS_W.find((x) => x[0] === format)!;
    const audiences = new Set<Audience>([weighted(r, audienceW)]);
    if (r() < 0.4) audiences.add(weighted(r, audienceW));
    const aud = [...audiences].map((a) => AUDIENCES_W.find((w) => w[0] === a)!);
    // A few large publishers (national bodies) make many materials; most make a handful.
    const organisationIndex = r() < 0.3 ? Math.floor(r() * Math.min(20, organisations.length)) : Math.floor(r() * organisations.length);
    const org = organisations[organisationIndex]!;
    const year = 2018 + Math.floor(r() * 9);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const opening = pick(r, OPENINGS)(org.nameJa, aud.map((a) => a[1]).join('・'));
    out.push({
      titleJa: pick(r, TITLES)(topicJa, aud[0]![1], formatJa),
      titleEn: `${topicEn[0]!.toUpperCase()}${topicEn.slice(1)}: a ${formatEn} for ${aud[0]![2]}`,
      summaryJa: `${opening}${adviceJa}${pick(r, CLOSINGS)}`,
      summaryEn: `${org.nameEn} made this ${formatEn} on ${topicEn} for ${aud.map((a) => a[2]).join(' and ')}. ${adviceEn}`,
      format,
      language: weighted(r, LANGUAGES_W),
      licence: weighted(r, LICENCES_W),
      audiences: [...audiences],
      organisationIndex,
      url: format === 'video' || format === 'tool' ? `https://example.jp/materials/${i}` : null,
      versionLabel: r() < 0.3 ? `第${1 + Math.floor(r() * 3)}版` : '',
      issuedOn: date,
      updatedAt: `${date}T09:00:00.000Z`,
    });
  }
  return out;
}
