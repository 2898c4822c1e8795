// The desks the portal ships with, each with its source and the date it was checked.
//
// Sources:
// - PROGRAM: サイバーセキュリティ意識・行動強化プログラム（概要）, p.6 「（参考）官民の取組状況(2/2)」, the
//   「タイムリーな情報発信・相談窓口」 row (2019-01-24): 情報セキュリティ安心相談窓口, 標的型サイバー攻撃特別相談窓口/
//   サイバーレスキュー隊（J-CRAT）, ＠police, サイバー犯罪対策サイト, サイバー犯罪に関する相談窓口（都道府県警察）.
//   The document names the desks and their bodies only: every phone number, address and list of topics below
//   is the editors' addition and is marked `judged`.
// - NINE_RULES: 「インターネットを安全に利用するための情報セキュリティ対策９か条」 (NISC・IPA, 2015-02), whose
//   item 9 names 迷惑メール相談センター (reference/checklists-and-figures.md).
// - EDITORS: desks the guided path needs that no source names (110, #9110, 188, the user's own bank):
//   「編集部追加（要確認）」, to be verified by the program office.
//
// No prefectural phone number or address is given: none can be read from the sources. Each prefectural
// police desk points to the National Police Agency's list of the prefectural desks and to #9110, which
// reaches the consultation desk of the caller's own prefectural police.
import { PREFECTURES } from '../../taxonomy/prefectures.ts';
import type { DeskInput } from '../model.ts';

const PROGRAM = 'サイバーセキュリティ意識・行動強化プログラム（概要）p.6（参考）官民の取組状況(2/2)';
const PROGRAM_DATE = '2019-01-24';
const NINE_RULES = 'インターネットを安全に利用するための情報セキュリティ対策９か条（NISC・IPA）第9条';
const NINE_RULES_DATE = '2015-02';
const EDITORS = '編集部追加（要確認）/ added by the editors (to be verified)';
const EDITORS_DATE = '2026-11-26';
/** 警察庁の「都道府県警察本部のサイバー犯罪相談窓口等一覧」 (editors' addition; verify before relying on it). */
const NPA_DESK_LIST = 'https://www.npa.go.jp/bureau/cyber/soudan.html';

const ALL_AUDIENCES: DeskInput['audiences'] = ['individuals', 'sme', 'large_enterprise', 'education', 'local_government'];

const NATIONAL: DeskInput[] = [
  {
    slug: 'police-110',
    operatorJa: '警察',
    operatorEn: 'Police',
    nameJa: '110番（緊急のとき）',
    nameEn: '110 (emergencies)',
    summaryJa: '今まさにお金をだまし取られている、脅されている、危険が迫っているなど、すぐに警察官の対応が必要なときの緊急通報です。',
    summaryEn: 'The emergency number for when money is being taken from you right now, you are being threatened or you are in danger.',
    // No topic: the guided path names it only in urgent cases, so it never stands in for the consultation desks.
    topics: [],
    audiences: ALL_AUDIENCES,
    phone: '110',
    webUrl: null,
    email: null,
    hoursJa: '24時間',
    hoursEn: '24 hours',
    prefecture: null,
    sourceName: EDITORS,
    sourceUrl: null,
    checkedOn: EDITORS_DATE,
    judged: true,
    judgementNote: '「困ったときは」の緊急の案内のために編集部が追加した。',
    position: 1,
  },
  {
    slug: 'your-bank',
    operatorJa: 'お取引の銀行・カード会社',
    operatorEn: 'Your bank or card company',
    nameJa: 'あなたの銀行・カード会社の緊急連絡先',
    nameEn: "Your bank's or card company's emergency number",
    summaryJa: '口座からお金が引き出された、カード番号を入力してしまったなどのときは、すぐに連絡して口座やカードを止めてもらいます。',
    summaryEn: 'If money has left your account or you typed in your card number, call at once so that they can stop the account or the card.',
    topics: [],
    audiences: ALL_AUDIENCES,
    phone: null,
    webUrl: null,
    email: null,
    hoursJa: 'キャッシュカード・クレジットカードの裏面、通帳、または公式アプリに書かれた「紛失・盗難・不正利用」の電話番号にかけてください（多くは24時間受付）。',
    hoursEn: 'Call the "lost, stolen or misused card" number printed on the back of your cash or credit card, in your passbook or in the official app (usually open 24 hours).',
    prefecture: null,
    sourceName: EDITORS,
    sourceUrl: null,
    checkedOn: EDITORS_DATE,
    judged: true,
    judgementNote: '「困ったときは」の緊急の案内のために編集部が追加した。番号は利用者ごとに異なるため掲載しない。',
    position: 2,
  },
  {
    slug: 'police-9110',
    operatorJa: '警察（都道府県警察の相談窓口）',
    operatorEn: 'Police (the consultation desk of your prefectural police)',
    nameJa: '警察相談専用電話 #9110',
    nameEn: 'Police consultation line #9110',
    summaryJa: '緊急ではないが警察に相談したいとき。全国どこからでも、その地域の警察の相談窓口につながります。',
    summaryEn: 'For matters that are not emergencies but need the police. From anywhere in Japan it reaches the consultation desk of the local police.',
    topics: ['fraud', 'phishing', 'account_takeover', 'sns_harassment', 'data_leak', 'company_incident'],
    audiences: ALL_AUDIENCES,
    phone: '#9110',
    webUrl: null,
    email: null,
    hoursJa: '受付時間は都道府県警察によって異なります。',
    hoursEn: 'Opening hours depend on the prefectural police.',
    prefecture: null,
    sourceName: EDITORS,
    sourceUrl: null,
    checkedOn: EDITORS_DATE,
    judged: true,
    judgementNote: '「困ったときは」の案内のために編集部が追加した。',
    position: 3,
  },
  {
    slug: 'consumer-hotline-188',
    operatorJa: '消費者庁',
    operatorEn: 'Consumer Affairs Agency',
    nameJa: '消費者ホットライン 188',
    nameEn: 'Consumer hotline 188',
    summaryJa: 'ネットでの買い物、身に覚えのない請求、契約のトラブルなど。近くの消費生活センターや消費生活相談窓口を案内します。',
    summaryEn: 'Online shopping, bills you do not recognise, contract trouble: it puts you through to a nearby consumer affairs centre.',
    topics: ['consumer_trouble', 'fraud'],
    audiences: ['individuals'],
    phone: '188',
    webUrl: null,
    email: null,
    hoursJa: '受付時間は案内される窓口によって異なります。',
    hoursEn: 'Opening hours depend on the centre you are put through to.',
    prefecture: null,
    sourceName: EDITORS,
    sourceUrl: null,
    checkedOn: EDITORS_DATE,
    judged: true,
    judgementNote: '「困ったときは」の案内のために編集部が追加した。',
    position: 4,
  },
  {
    slug: 'ipa-anshin',
    operatorJa: '独立行政法人情報処理推進機構（IPA）（経済産業省と連携）',
    operatorEn: 'Information-technology Promotion Agency (IPA), with METI',
    nameJa: '情報セキュリティ安心相談窓口',
    nameEn: 'Information Security Consultation Desk',
    summaryJa: 'ウイルス感染、不正アクセス、偽の警告画面、怪しいメールなど、情報セキュリティの技術的な困りごとに助言します。',
    summaryEn: 'Advice on technical security problems: viruses, unauthorised access, fake warning screens, suspicious email.',
    topics: ['malware', 'phishing', 'spam_email', 'account_takeover', 'data_leak', 'general'],
    audiences: ['individuals', 'sme'],
    phone: null,
    webUrl: 'https://www.ipa.go.jp/security/anshin/',
    email: null,
    hoursJa: '電話番号・受付時間・メールでの相談方法は、窓口のページで確認してください。',
    hoursEn: 'See the desk’s page for its phone number, opening hours and how to ask by email.',
    prefecture: null,
    sourceName: PROGRAM,
    sourceUrl: null,
    checkedOn: PROGRAM_DATE,
    judged: true,
    judgementNote: '窓口名と実施主体は出典による。対象、扱う相談、URLは編集部の判断（要確認）。',
    position: 10,
  },
  {
    slug: 'dekyo-spam-mail',
    operatorJa: '一般財団法人日本データ通信協会',
    operatorEn: 'Japan Data Communications Association',
    nameJa: '迷惑メール相談センター',
    nameEn: 'Spam Mail Consultation Center',
    summaryJa: '迷惑メール・怪しいメールについての相談と情報提供を受け付けます。',
    summaryEn: 'Takes questions and reports about unwanted and suspicious email.',
    topics: ['spam_email', 'phishing'],
    audiences: ['individuals', 'sme'],
    phone: null,
    webUrl: 'https://www.dekyo.or.jp/soudan/',
    email: null,
    hoursJa: '相談方法は、センターのページで確認してください。',
    hoursEn: 'See the centre’s page for how to ask.',
    prefecture: null,
    sourceName: NINE_RULES,
    sourceUrl: null,
    checkedOn: NINE_RULES_DATE,
    judged: true,
    judgementNote: '窓口名は出典（９か条の第9条）による。運営団体、対象、扱う相談、URLは編集部の判断（要確認）。',
    position: 20,
  },
  {
    slug: 'ipa-j-crat',
    operatorJa: '独立行政法人情報処理推進機構（IPA）（経済産業省と連携）',
    operatorEn: 'Information-technology Promotion Agency (IPA), with METI',
    nameJa: '標的型サイバー攻撃特別相談窓口／サイバーレスキュー隊（J-CRAT）',
    nameEn: 'Special desk for targeted cyber attacks / Cyber Rescue and Advice Team (J-CRAT)',
    summaryJa: '標的型サイバー攻撃を受けた、または受けた疑いのある組織からの相談を受け、被害の把握と対応を支援します。',
    summaryEn: 'For organisations that are, or may be, the target of a targeted cyber attack: help to assess the damage and respond.',
    topics: ['targeted_attack', 'company_incident', 'malware'],
    audiences: ['sme', 'large_enterprise', 'education', 'local_government'],
    phone: null,
    webUrl: 'https://www.ipa.go.jp/security/j-crat/',
    email: null,
    hoursJa: '相談方法は、窓口のページで確認してください。',
    hoursEn: 'See the desk’s page for how to ask.',
    prefecture: null,
    sourceName: PROGRAM,
    sourceUrl: null,
    checkedOn: PROGRAM_DATE,
    judged: true,
    judgementNote: '窓口名と実施主体は出典による。対象（組織）、扱う相談、URLは編集部の判断（要確認）。',
    position: 30,
  },
  {
    slug: 'npa-at-police',
    operatorJa: '警察庁',
    operatorEn: 'National Police Agency',
    nameJa: '＠police',
    nameEn: '@police',
    summaryJa: '警察庁の情報セキュリティのポータルサイト。インターネットの観測に基づく注意喚起や、脆弱性と対策の情報を発信しています。',
    summaryEn: "The National Police Agency's security portal: alerts based on its internet monitoring, vulnerabilities and countermeasures.",
    topics: ['malware', 'targeted_attack', 'company_incident', 'general'],
    audiences: ['individuals', 'sme', 'large_enterprise', 'education', 'local_government'],
    phone: null,
    webUrl: 'https://www.npa.go.jp/cyberpolice/',
    email: null,
    hoursJa: '情報提供のサイトです（相談は都道府県警察の窓口へ）。',
    hoursEn: 'An information site (for help, contact your prefectural police).',
    prefecture: null,
    sourceName: PROGRAM,
    sourceUrl: null,
    checkedOn: PROGRAM_DATE,
    judged: true,
    judgementNote: '名称と実施主体は出典による。対象、扱う内容、URLは編集部の判断（要確認）。',
    position: 40,
  },
  {
    slug: 'npa-cybercrime-site',
    operatorJa: '警察庁',
    operatorEn: 'National Police Agency',
    nameJa: 'サイバー犯罪対策サイト',
    nameEn: 'Cybercrime countermeasures website',
    summaryJa: 'サイバー犯罪の手口と被害の防止策、都道府県警察の相談窓口の一覧を案内しています。お住まいの地域の窓口の電話番号はここで確かめられます。',
    summaryEn: 'Cybercrime methods, how to avoid them, and the list of prefectural police desks, where you can find the number of your local desk.',
    topics: ['fraud', 'phishing', 'account_takeover', 'malware', 'sns_harassment', 'general'],
    audiences: ALL_AUDIENCES,
    phone: null,
    webUrl: NPA_DESK_LIST,
    email: null,
    hoursJa: '情報提供のサイトです（相談は都道府県警察の窓口へ）。',
    hoursEn: 'An information site (for help, contact your prefectural police).',
    prefecture: null,
    sourceName: PROGRAM,
    sourceUrl: null,
    checkedOn: PROGRAM_DATE,
    judged: true,
    judgementNote: '名称と実施主体は出典による。対象、扱う内容、URL（相談窓口一覧のページ）は編集部の判断（要確認）。',
    position: 50,
  },
];

/** 警視庁 for Tokyo; every other prefecture's force is named after it (北海道警察, 大阪府警察, 愛知県警察…). */
function policeName(p: (typeof PREFECTURES)[number]): { ja: string; en: string } {
  if (p.code === '13') return { ja: '警視庁', en: 'Tokyo Metropolitan Police Department' };
  return { ja: `${p.ja}警察`, en: `${p.en} Prefectural Police` };
}

const PREFECTURAL: DeskInput[] = PREFECTURES.map((p) => {
  const police = policeName(p);
  return {
    slug: `police-cyber-${p.code}`,
    operatorJa: police.ja,
    operatorEn: police.en,
    nameJa: `サイバー犯罪相談窓口（${police.ja}）`,
    nameEn: `Cybercrime desk (${police.en})`,
    summaryJa: `${p.ja}の警察の、サイバー犯罪の被害や不安についての相談窓口です。`,
    summaryEn: `The desk of the ${police.en} for cybercrime, and for worries about it, in ${p.en}.`,
    topics: ['fraud', 'phishing', 'account_takeover', 'malware', 'targeted_attack', 'data_leak', 'sns_harassment', 'company_incident'],
    audiences: ALL_AUDIENCES,
    phone: '#9110',
    webUrl: NPA_DESK_LIST,
    email: null,
    hoursJa: '窓口の直通の電話番号と受付時間は、警察庁の相談窓口一覧で確かめてください。#9110 からもつながります。',
    hoursEn: "Find the desk's direct number and hours in the National Police Agency's list of desks. #9110 also reaches it.",
    prefecture: p.code,
    sourceName: PROGRAM,
    sourceUrl: null,
    checkedOn: PROGRAM_DATE,
    judged: true,
    judgementNote: '窓口は出典（「サイバー犯罪に関する相談窓口（都道府県警察）」）による。#9110と警察庁の一覧ページは編集部の追加（要確認）。直通番号は出典にないため掲載していない。',
    position: 1000,
  };
});

export const DESKS: DeskInput[] = [...NATIONAL, ...PREFECTURAL];
