// A tile-grid map of Japan: each prefecture one square, placed roughly where it lies, so 47 counts
// can be compared at a glance without map tiles from the internet. Columns run west to east, rows
// north to south; Okinawa sits apart in the south-west corner. Short names fit a tile.
export interface Tile {
  code: string;
  col: number;
  row: number;
  /** A name short enough for a tile. */
  shortJa: string;
  shortEn: string;
}

export const TILE_COLS = 13;
export const TILE_ROWS = 10;

export const TILES: readonly Tile[] = [
  { code: '01', col: 12, row: 0, shortJa: '北海道', shortEn: 'Hokkaido' },
  { code: '02', col: 12, row: 1, shortJa: '青森', shortEn: 'Aomori' },
  { code: '03', col: 12, row: 2, shortJa: '岩手', shortEn: 'Iwate' },
  { code: '04', col: 12, row: 3, shortJa: '宮城', shortEn: 'Miyagi' },
  { code: '05', col: 11, row: 2, shortJa: '秋田', shortEn: 'Akita' },
  { code: '06', col: 11, row: 3, shortJa: '山形', shortEn: 'Yamagata' },
  { code: '07', col: 11, row: 4, shortJa: '福島', shortEn: 'Fukushima' },
  { code: '08', col: 12, row: 5, shortJa: '茨城', shortEn: 'Ibaraki' },
  { code: '09', col: 11, row: 5, shortJa: '栃木', shortEn: 'Tochigi' },
  { code: '10', col: 10, row: 5, shortJa: '群馬', shortEn: 'Gunma' },
  { code: '11', col: 10, row: 6, shortJa: '埼玉', shortEn: 'Saitama' },
  { code: '12', col: 12, row: 6, shortJa: '千葉', shortEn: 'Chiba' },
  { code: '13', col: 11, row: 6, shortJa: '東京', shortEn: 'Tokyo' },
  { code: '14', col: 10, row: 7, shortJa: '神奈川', shortEn: 'Kanagawa' },
  { code: '15', col: 10, row: 4, shortJa: '新潟', shortEn: 'Niigata' },
  { code: '16', col: 9, row: 4, shortJa: '富山', shortEn: 'Toyama' },
  { code: '17', col: 8, row: 4, shortJa: '石川', shortEn: 'Ishikawa' },
  { code: '18', col: 7, row: 4, shortJa: '福井', shortEn: 'Fukui' },
  { code: '19', col: 9, row: 6, shortJa: '山梨', shortEn: 'Yamanashi' },
  { code: '20', col: 9, row: 5, shortJa: '長野', shortEn: 'Nagano' },
  { code: '21', col: 8, row: 5, shortJa: '岐阜', shortEn: 'Gifu' },
  { code: '22', col: 9, row: 7, shortJa: '静岡', shortEn: 'Shizuoka' },
  { code: '23', col: 8, row: 6, shortJa: '愛知', shortEn: 'Aichi' },
  { code: '24', col: 7, row: 6, shortJa: '三重', shortEn: 'Mie' },
  { code: '25', col: 7, row: 5, shortJa: '滋賀', shortEn: 'Shiga' },
  { code: '26', col: 6, row: 5, shortJa: '京都', shortEn: 'Kyoto' },
  { code: '27', col: 5, row: 6, shortJa: '大阪', shortEn: 'Osaka' },
  { code: '28', col: 5, row: 5, shortJa: '兵庫', shortEn: 'Hyogo' },
  { code: '29', col: 6, row: 6, shortJa: '奈良', shortEn: 'Nara' },
  { code: '30', col: 6, row: 7, shortJa: '和歌山', shortEn: 'Wakayama' },
  { code: '31', col: 4, row: 5, shortJa: '鳥取', shortEn: 'Tottori' },
  { code: '32', col: 3, row: 5, shortJa: '島根', shortEn: 'Shimane' },
  { code: '33', col: 4, row: 6, shortJa: '岡山', shortEn: 'Okayama' },
  { code: '34', col: 3, row: 6, shortJa: '広島', shortEn: 'Hiroshima' },
  { code: '35', col: 2, row: 6, shortJa: '山口', shortEn: 'Yamaguchi' },
  { code: '36', col: 4, row: 8, shortJa: '徳島', shortEn: 'Tokushima' },
  { code: '37', col: 4, row: 7, shortJa: '香川', shortEn: 'Kagawa' },
  { code: '38', col: 3, row: 7, shortJa: '愛媛', shortEn: 'Ehime' },
  { code: '39', col: 3, row: 8, shortJa: '高知', shortEn: 'Kochi' },
  { code: '40', col: 1, row: 6, shortJa: '福岡', shortEn: 'Fukuoka' },
  { code: '41', col: 0, row: 6, shortJa: '佐賀', shortEn: 'Saga' },
  { code: '42', col: 0, row: 7, shortJa: '長崎', shortEn: 'Nagasaki' },
  { code: '43', col: 1, row: 7, shortJa: '熊本', shortEn: 'Kumamoto' },
  { code: '44', col: 2, row: 7, shortJa: '大分', shortEn: 'Oita' },
  { code: '45', col: 2, row: 8, shortJa: '宮崎', shortEn: 'Miyazaki' },
  { code: '46', col: 1, row: 8, shortJa: '鹿児島', shortEn: 'Kagoshima' },
  { code: '47', col: 0, row: 9, shortJa: '沖縄', shortEn: 'Okinawa' },
];
