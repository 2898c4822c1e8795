// The 47 prefectures (JIS X 0401 codes, in code order) and the usual eight-block regional division.
// Regions of initiatives are stored as these codes ('01'..'47') or 'nationwide'.

export const REGION_BLOCKS = [
  'hokkaido',
  'tohoku',
  'kanto',
  'chubu',
  'kinki',
  'chugoku',
  'shikoku',
  'kyushu_okinawa',
] as const;
export type RegionBlock = (typeof REGION_BLOCKS)[number];

export const REGION_BLOCK_LABELS: Record<RegionBlock, { ja: string; en: string }> = {
  hokkaido: { ja: '北海道', en: 'Hokkaido' },
  tohoku: { ja: '東北', en: 'Tohoku' },
  kanto: { ja: '関東', en: 'Kanto' },
  chubu: { ja: '中部', en: 'Chubu' },
  kinki: { ja: '近畿', en: 'Kinki' },
  chugoku: { ja: '中国', en: 'Chugoku' },
  shikoku: { ja: '四国', en: 'Shikoku' },
  kyushu_okinawa: { ja: '九州・沖縄', en: 'Kyushu and Okinawa' },
};

export interface Prefecture {
  /** JIS X 0401 code, two digits ('01'..'47'). */
  readonly code: string;
  readonly ja: string;
  readonly en: string;
  readonly block: RegionBlock;
}

export const PREFECTURES: readonly Prefecture[] = [
  { code: '01', ja: '北海道', en: 'Hokkaido', block: 'hokkaido' },
  { code: '02', ja: '青森県', en: 'Aomori', block: 'tohoku' },
  { code: '03', ja: '岩手県', en: 'Iwate', block: 'tohoku' },
  { code: '04', ja: '宮城県', en: 'Miyagi', block: 'tohoku' },
  { code: '05', ja: '秋田県', en: 'Akita', block: 'tohoku' },
  { code: '06', ja: '山形県', en: 'Yamagata', block: 'tohoku' },
  { code: '07', ja: '福島県', en: 'Fukushima', block: 'tohoku' },
  { code: '08', ja: '茨城県', en: 'Ibaraki', block: 'kanto' },
  { code: '09', ja: '栃木県', en: 'Tochigi', block: 'kanto' },
  { code: '10', ja: '群馬県', en: 'Gunma', block: 'kanto' },
  { code: '11', ja: '埼玉県', en: 'Saitama', block: 'kanto' },
  { code: '12', ja: '千葉県', en: 'Chiba', block: 'kanto' },
  { code: '13', ja: '東京都', en: 'Tokyo', block: 'kanto' },
  { code: '14', ja: '神奈川県', en: 'Kanagawa', block: 'kanto' },
  { code: '15', ja: '新潟県', en: 'Niigata', block: 'chubu' },
  { code: '16', ja: '富山県', en: 'Toyama', block: 'chubu' },
  { code: '17', ja: '石川県', en: 'Ishikawa', block: 'chubu' },
  { code: '18', ja: '福井県', en: 'Fukui', block: 'chubu' },
  { code: '19', ja: '山梨県', en: 'Yamanashi', block: 'chubu' },
  { code: '20', ja: '長野県', en: 'Nagano', block: 'chubu' },
  { code: '21', ja: '岐阜県', en: 'Gifu', block: 'chubu' },
  { code: '22', ja: '静岡県', en: 'Shizuoka', block: 'chubu' },
  { code: '23', ja: '愛知県', en: 'Aichi', block: 'chubu' },
  { code: '24', ja: '三重県', en: 'Mie', block: 'kinki' },
  { code: '25', ja: '滋賀県', en: 'Shiga', block: 'kinki' },
  { code: '26', ja: '京都府', en: 'Kyoto', block: 'kinki' },
  { code: '27', ja: '大阪府', en: 'Osaka', block: 'kinki' },
  { code: '28', ja: '兵庫県', en: 'Hyogo', block: 'kinki' },
  { code: '29', ja: '奈良県', en: 'Nara', block: 'kinki' },
  { code: '30', ja: '和歌山県', en: 'Wakayama', block: 'kinki' },
  { code: '31', ja: '鳥取県', en: 'Tottori', block: 'chugoku' },
  { code: '32', ja: '島根県', en: 'Shimane', block: 'chugoku' },
  { code: '33', ja: '岡山県', en: 'Okayama', block: 'chugoku' },
  { code: '34', ja: '広島県', en: 'Hiroshima', block: 'chugoku' },
  { code: '35', ja: '山口県', en: 'Yamaguchi', block: 'chugoku' },
  { code: '36', ja: '徳島県', en: 'Tokushima', block: 'shikoku' },
  { code: '37', ja: '香川県', en: 'Kagawa', block: 'shikoku' },
  { code: '38', ja: '愛媛県', en: 'Ehime', block: 'shikoku' },
  { code: '39', ja: '高知県', en: 'Kochi', block: 'shikoku' },
  { code: '40', ja: '福岡県', en: 'Fukuoka', block: 'kyushu_okinawa' },
  { code: '41', ja: '佐賀県', en: 'Saga', block: 'kyushu_okinawa' },
  { code: '42', ja: '長崎県', en: 'Nagasaki', block: 'kyushu_okinawa' },
  { code: '43', ja: '熊本県', en: 'Kumamoto', block: 'kyushu_okinawa' },
  { code: '44', ja: '大分県', en: 'Oita', block: 'kyushu_okinawa' },
  { code: '45', ja: '宮崎県', en: 'Miyazaki', block: 'kyushu_okinawa' },
  { code: '46', ja: '鹿児島県', en: 'Kagoshima', block: 'kyushu_okinawa' },
  { code: '47', ja: '沖縄県', en: 'Okinawa', block: 'kyushu_okinawa' },
];

const BY_CODE: ReadonlyMap<string, Prefecture> = new Map(PREFECTURES.map((p) => [p.code, p]));

/** True for a two-digit JIS X 0401 prefecture code ('01'..'47'); '1', '00', '48' and 'nationwide' are not. */
export function isPrefectureCode(s: string): boolean {
  return BY_CODE.has(s);
}

/** The prefecture with this JIS code, or undefined. */
export function prefectureByCode(code: string): Prefecture | undefined {
  return BY_CODE.get(code);
}
