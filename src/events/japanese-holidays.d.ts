// Types of the parts of japanese-holidays (plain JavaScript, no bundled types) that events use.
declare module 'japanese-holidays' {
  export interface HolidayOfYear {
    month: number;
    date: number;
    name: string;
  }
  /** Holidays of a year (substitute holidays included unless furikae is false), in date order. */
  export function getHolidaysOf(year: number, furikae?: boolean): HolidayOfYear[];
  const JapaneseHolidays: { getHolidaysOf: typeof getHolidaysOf };
  export default JapaneseHolidays;
}
