// What people type into spreadsheet cells: each function with the inputs it must accept and refuse.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBoolean, parseDate, parseDateTime, parseInteger, parseTime, splitList, toHalfWidth } from './values.ts';

function table<T>(fn: (s: string) => T, cases: [string, T][]) {
  for (const [input, expected] of cases) assert.deepEqual(fn(input), expected, `${JSON.stringify(input)} → ${JSON.stringify(expected)}`);
}

describe('spreadsheet values', () => {
  test('toHalfWidth: full-width ASCII and the ideographic space become half-width; kana and kanji stay', () => {
    table(toHalfWidth, [
      ['２０２７／２／１', '2027/2/1'],
      ['ＡＢＣ　ａｂｃ！', 'ABC abc!'],
      ['カタカナ漢字ｶﾀｶﾅ', 'カタカナ漢字ｶﾀｶﾅ'],
      ['～', '~'],
      ['', ''],
    ]);
  });

  test('parseDate: Western and Japanese-era dates, checked against the calendar and the eras', () => {
    table(parseDate, [
      ['2027-02-01', '2027-02-01'],
      ['2027-2-1', '2027-02-01'],
      ['2027/2/1', '2027-02-01'],
      ['2027.2.1', '2027-02-01'],
      ['20270201', '2027-02-01'],
      ['  2027/2/1  ', '2027-02-01'],
      ['２０２７／２／１', '2027-02-01'],
      ['2027年2月1日', '2027-02-01'],
      ['2027 年 2 月 1 日', '2027-02-01'],
      ['2027年2月1日（月）', '2027-02-01'],
      ['2027年2月1日(月曜日)', '2027-02-01'],
      ['2027/2/1 (Mon)', '2027-02-01'],
      ['令和8年2月1日', '2026-02-01'],
      ['令和８年２月１日', '2026-02-01'],
      ['令和 8 年 2 月 1 日', '2026-02-01'],
      ['令和元年5月1日', '2019-05-01'],
      ['令和1年5月1日', '2019-05-01'],
      ['R8.2.1', '2026-02-01'],
      ['R8/2/1', '2026-02-01'],
      ['r8.2.1', '2026-02-01'],
      ['Ｒ８．２．１', '2026-02-01'],
      ['\u32FF8.2.1', '2026-02-01'],
      ['平成31年4月30日', '2019-04-30'],
      ['H31.4.30', '2019-04-30'],
      ['平成元年1月8日', '1989-01-08'],
      ['昭和64年1月7日', '1989-01-07'],
      ['S50.10.10', '1975-10-10'],
      ['2028-02-29', '2028-02-29'],
      // refused
      ['2027-02-30', null],
      ['2027-02-29', null],
      ['2027-13-01', null],
      ['2027-00-10', null],
      ['2027/2-1', null],
      ['令和1年4月30日', null], // 令和 began on 1 May 2019
      ['令和元年4月1日', null],
      ['平成31年5月1日', null], // 平成 ended on 30 April 2019
      ['平成32年1月1日', null],
      ['平成元年1月7日', null], // still 昭和
      ['昭和64年1月8日', null],
      ['令和0年5月1日', null],
      ['46054', null], // an Excel serial number is not a date here
      ['2027年2月', null],
      ['明日', null],
      ['', null],
      ['2027-02-01T10:00', null],
    ]);
  });

  test('parseTime: clock times, 時/分, 午前/午後 and full-width digits', () => {
    table(parseTime, [
      ['9:00', '09:00'],
      ['09:00', '09:00'],
      ['9:00:00', '09:00'],
      ['14:30', '14:30'],
      ['０９：３０', '09:30'],
      ['9時', '09:00'],
      ['9時30分', '09:30'],
      ['9時半', '09:30'],
      ['午前9時', '09:00'],
      ['午後2時30分', '14:30'],
      ['午後０時', '12:00'],
      ['2:30 PM', '14:30'],
      ['0:00', '00:00'],
      ['23:59', '23:59'],
      // refused
      ['24:00', null],
      ['9:60', null],
      ['9:5', null],
      ['午後13時', null],
      ['午前12時', null], // noon or midnight: people disagree
      ['朝', null],
      ['', null],
      ['0.375', null],
    ]);
  });

  test('parseInteger: separators, full-width digits, units and 無料; refuses negatives and fractions', () => {
    table(parseInteger, [
      ['1000', 1000],
      ['1,000', 1000],
      ['１，０００', 1000],
      ['１０００', 1000],
      ['1000円', 1000],
      ['¥1,000', 1000],
      ['￥1,000', 1000],
      ['50人', 50],
      ['50 名', 50],
      ['0', 0],
      ['無料', 0],
      ['1000.0', 1000],
      ['  12  ', 12],
      // refused
      ['-5', null],
      ['1.5', null],
      ['1,00', null],
      ['十', null],
      ['', null],
      ['約50人', null],
      ['99999999999999999999', null],
    ]);
  });

  test('splitList: every separator, trimmed, no empties, order kept, duplicates removed', () => {
    table(splitList, [
      ['a;b', ['a', 'b']],
      ['詐欺；防犯、 高齢者 ,若者，a|b｜c', ['詐欺', '防犯', '高齢者', '若者', 'a', 'b', 'c']],
      ['x\ny\r\nz', ['x', 'y', 'z']],
      ['b, a, b, , a', ['b', 'a']],
      ['  ', []],
      ['', []],
      ['one', ['one']],
    ]);
  });

  test('parseBoolean: yes and no in Japanese and English; empty is null; anything else is invalid', () => {
    table(parseBoolean, [
      ['はい', true],
      ['いいえ', false],
      ['YES', true],
      ['No', false],
      ['TRUE', true],
      ['false', false],
      ['1', true],
      ['０', false],
      ['○', true],
      ['×', false],
      ['有', true],
      ['無', false],
      ['ｙｅｓ', true],
      ['', null],
      ['  ', null],
      ['たぶん', undefined],
      ['2', undefined],
    ]);
  });

  test('parseDateTime: a date with an optional time in one cell', () => {
    table(parseDateTime, [
      ['2027-02-01', { date: '2027-02-01', time: null }],
      ['2027-02-01 14:30', { date: '2027-02-01', time: '14:30' }],
      ['2027-02-01T14:30', { date: '2027-02-01', time: '14:30' }],
      ['令和9年2月1日（月） 午後2時', { date: '2027-02-01', time: '14:00' }],
      ['2027-02-01 25:00', null],
      ['夜', null],
    ]);
  });
});
