// Japanese public holidays on the calendar (japanese-holidays computes them from the law, substitute
// holidays included), with their English names.
import JapaneseHolidays from 'japanese-holidays';
import type { Text } from '../i18n/locale.ts';

const ENGLISH: Record<string, string> = {
  元日: "New Year's Day",
  成人の日: 'Coming of Age Day',
  建国記念の日: 'National Foundation Day',
  天皇誕生日: "The Emperor's Birthday",
  春分の日: 'Vernal Equinox Day',
  昭和の日: 'Showa Day',
  憲法記念日: 'Constitution Memorial Day',
  みどりの日: 'Greenery Day',
  こどもの日: "Children's Day",
  海の日: 'Marine Day',
  山の日: 'Mountain Day',
  敬老の日: 'Respect for the Aged Day',
  秋分の日: 'Autumnal Equinox Day',
  体育の日: 'Health and Sports Day',
  スポーツの日: 'Sports Day',
  文化の日: 'Culture Day',
  勤労感謝の日: 'Labour Thanksgiving Day',
  振替休日: 'Substitute holiday',
  国民の休日: "Citizens' holiday",
  即位の日: 'Enthronement Day',
  即位礼正殿の儀: 'Enthronement Ceremony',
};

const cache = new Map<number, Map<string, Text>>();

/** Holidays of a year by Japan date (YYYY-MM-DD). */
export function holidaysOf(year: number): Map<string, Text> {
  let m = cache.get(year);
  if (!m) {
    m = new Map();
    for (const h of JapaneseHolidays.getHolidaysOf(year)) {
      const date = `${year}-${String(h.month).padStart(2, '0')}-${String(h.date).padStart(2, '0')}`;
      m.set(date, { ja: h.name, en: ENGLISH[h.name] ?? h.name });
    }
    cache.set(year, m);
  }
  return m;
}

export function holidayOn(date: string): Text | undefined {
  return holidaysOf(Number(date.slice(0, 4))).get(date);
}
