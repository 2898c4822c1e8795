// The corporate number's check digit, by hand-computed cases (no database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCorporateNumber, checkDigitOf } from './corporate-number.ts';

test('the National Tax Agency’s own number is valid (7000012050002)', () => {
  // base 000012050002 from its lowest digit: 2×1 + 5×1 (n=5) + 2×1 (n=7) + 1×2 (n=8) = 11; 11 mod 9 = 2; 9 − 2 = 7
  assert.equal(checkDigitOf('000012050002'), 7);
  assert.deepEqual(checkCorporateNumber('7000012050002'), { ok: true, value: '7000012050002' });
});

test('every other first digit of the same base is refused', () => {
  for (let d = 0; d <= 9; d++) {
    if (d === 7) continue;
    const r = checkCorporateNumber(`${d}000012050002`);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'check_digit');
  }
});

test('a sum that is a multiple of 9 gives check digit 9, never 0', () => {
  // base 000000000009: 9×1 = 9; 9 mod 9 = 0; 9 − 0 = 9
  assert.equal(checkDigitOf('000000000009'), 9);
  assert.equal(checkCorporateNumber('9000000000009').ok, true);
  // base 000000000045: 5×1 + 4×2 = 13; 13 mod 9 = 4; 9 − 4 = 5
  assert.equal(checkDigitOf('000000000045'), 5);
  assert.equal(checkCorporateNumber('5000000000045').ok, true);
});

test('full-width digits, hyphens and spaces are normalised', () => {
  assert.deepEqual(checkCorporateNumber('７００００１２０５０００２'), { ok: true, value: '7000012050002' });
  assert.deepEqual(checkCorporateNumber('7-0000-1205-0002'), { ok: true, value: '7000012050002' });
  assert.deepEqual(checkCorporateNumber(' 7000 0120 50002 '), { ok: true, value: '7000012050002' });
  assert.deepEqual(checkCorporateNumber('７０００－０１２０－５０００２'), { ok: true, value: '7000012050002' });
  assert.deepEqual(checkCorporateNumber('7000　0120　50002'), { ok: true, value: '7000012050002' });
});

test('wrong lengths, letters and empty input are told apart', () => {
  assert.deepEqual(checkCorporateNumber('700001205000'), { ok: false, reason: 'length', digits: 12 });
  assert.deepEqual(checkCorporateNumber('70000120500021'), { ok: false, reason: 'length', digits: 14 });
  assert.deepEqual(checkCorporateNumber(''), { ok: false, reason: 'empty', digits: 0 });
  assert.deepEqual(checkCorporateNumber('  - '), { ok: false, reason: 'empty', digits: 0 });
  const letters = checkCorporateNumber('70000120500O2');
  assert.equal(!letters.ok && letters.reason, 'not_digits');
});
