// Today's date in Japan (YYYY-MM-DD): advisories are valid until the end of their last day, Japan time.
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

export function tokyoToday(now: Date): string {
  return fmt.format(now);
}
