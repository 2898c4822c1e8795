// 法人番号 (corporate number, National Tax Agency): 13 digits, the first being a check digit over the
// other twelve. check = 9 − (Σ_{n=1..12} P_n × Q_n mod 9), where P_n is the n-th digit of the 12-digit
// base counted from its lowest digit and Q_n is 1 for odd n, 2 for even n. 7000012050002 (国税庁) is valid.
// People type it from letters and websites: full-width digits, hyphens and spaces are normalised away.

export type CorporateNumberCheck =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'not_digits' | 'length' | 'check_digit'; digits: number };

/** NFKC (full-width → ASCII), then hyphens, dashes and spaces of any kind removed. */
export function normaliseCorporateNumber(input: string): string {
  return input.normalize('NFKC').replace(/[\s\-‐‑‒–—―−ーｰ]/gu, '');
}

export function checkDigitOf(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const p = Number(base12[12 - n]);
    sum += p * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function checkCorporateNumber(input: string): CorporateNumberCheck {
  const s = normaliseCorporateNumber(input);
  if (s === '') return { ok: false, reason: 'empty', digits: 0 };
  if (!/^[0-9]+$/.test(s)) return { ok: false, reason: 'not_digits', digits: (s.match(/[0-9]/g) ?? []).length };
  if (s.length !== 13) return { ok: false, reason: 'length', digits: s.length };
  if (checkDigitOf(s.slice(1)) !== Number(s[0])) return { ok: false, reason: 'check_digit', digits: 13 };
  return { ok: true, value: s };
}
