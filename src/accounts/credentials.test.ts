import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions } from '@node-rs/argon2';
import { HOTP, Secret, TOTP } from 'otpauth';
import {
  ARGON2_OPTIONS,
  checkPasswordPolicy,
  dummyHash,
  hashPassword,
  PASSWORD_MESSAGES,
  verifyAgainstDummy,
  verifyPassword,
} from './password.ts';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  newTotpSecret,
  totpQrSvg,
  totpUri,
  verifyTotp,
} from './totp.ts';

test('hashPassword / verifyPassword: round trip, wrong password, argon2id with OWASP parameters', async () => {
  const h = await hashPassword('correct horse battery staple');
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  const opts = parseOptions(h);
  assert.equal(ARGON2_OPTIONS.algorithm, 2);
  assert.equal(opts.algorithm, 2); // Algorithm.Argon2id (a const enum, not importable as a value here)
  assert.equal(opts.memoryCost, 19456);
  assert.equal(opts.timeCost, 2);
  assert.equal(opts.parallelism, 1);
  assert.equal(await verifyPassword(h, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(h, 'correct horse battery stapler'), false);
  assert.equal(await verifyPassword(h, 'Correct horse battery staple'), false);
  // Salted: the same password never gives the same hash twice.
  assert.notEqual(await hashPassword('correct horse battery staple'), h);
});

test('verifyPassword: false, not an exception, on a malformed hash', async () => {
  assert.equal(await verifyPassword('', 'whatever1'), false);
  assert.equal(await verifyPassword('not a hash', 'whatever1'), false);
  assert.equal(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'whatever1'), false);
});

test('verifyPassword: full-width and half-width forms of a password are the same password (NFKC)', async () => {
  const h = await hashPassword('ｓａｋｕｒａ２０２４ 春の海');
  assert.equal(await verifyPassword(h, 'sakura2024 春の海'), true);
});

test('dummy hash: computed once, same parameters, verification always false', async () => {
  const [a, b] = await Promise.all([dummyHash(), dummyHash()]);
  assert.equal(a, b);
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyAgainstDummy('anything at all'), false);
});

test('policy: length in code points after NFKC, 8 to 128', () => {
  assert.equal(checkPasswordPolicy('abcdefg', {}), 'too_short');
  assert.equal(checkPasswordPolicy('zq7vmx2k', {}), null);
  assert.equal(checkPasswordPolicy('', {}), 'too_short');
  // Emoji are one code point each though two UTF-16 units: 7 of them are still too short.
  assert.equal(checkPasswordPolicy('🍣🍣🍣🍣🍣🍣🍣', {}), 'too_short');
  assert.equal(checkPasswordPolicy('x'.repeat(128), {}), null);
  assert.equal(checkPasswordPolicy('x'.repeat(129), {}), 'too_long');
  // ASVS V6.2.9: 64+ must be allowed.
  assert.equal(checkPasswordPolicy('y'.repeat(64), {}), null);
});

test('policy: a long passphrase with spaces and Japanese is accepted', () => {
  const base = 'the quiet river 静かな川の流れ and 夏の朝顔 under a paper lantern ';
  const pw = (base + base).slice(0, 100);
  assert.equal([...pw].length, 100);
  assert.equal(checkPasswordPolicy(pw, { email: 'taro@example.jp', displayName: '山田 太郎' }), null);
});

test('policy: common passwords are refused, whatever their width or case', () => {
  assert.equal(checkPasswordPolicy('password123', {}), 'common');
  assert.equal(checkPasswordPolicy('iloveyou', {}), 'common');
  assert.equal(checkPasswordPolicy('PassWord123', {}), 'common');
  assert.equal(checkPasswordPolicy('ｐａｓｓｗｏｒｄ１２３', {}), 'common');
});

test('policy: the email local part, display name, organisation name and service name are refused', () => {
  const context = { email: 'hanako.sato+work@example.go.jp', displayName: 'Sato Hanako', organisationName: '東京都庁' };
  assert.equal(checkPasswordPolicy('hanako.sato+work', context), 'contains_identity');
  assert.equal(checkPasswordPolicy('hanako.sato1985', context), 'contains_identity');
  assert.equal(checkPasswordPolicy('HANAKO.SATO!!', context), 'contains_identity');
  assert.equal(checkPasswordPolicy('satohanako2024', context), 'contains_identity');
  assert.equal(checkPasswordPolicy('東京都庁のパスワード', context), 'contains_identity');
  assert.equal(checkPasswordPolicy('mylastmile2024', context), 'contains_identity');
  // Short local parts would match by accident, so they do not count.
  assert.equal(checkPasswordPolicy('bob is a builder', { email: 'bob@example.jp' }), null);
});

test('policy: every problem has a message in both languages', () => {
  for (const m of Object.values(PASSWORD_MESSAGES)) {
    assert.ok(m.ja.length > 0 && m.en.length > 0);
  }
  assert.equal(PASSWORD_MESSAGES.too_short.ja, 'パスワードは8文字以上にしてください。');
});

// TOTP: codes computed independently with otpauth's HOTP for a given 30-second step.
const codeAt = (secret: string, step: number) =>
  HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, counter: step });
const NOW = 1_760_000_000_000;
const STEP = Math.floor(NOW / 30_000);

test('TOTP: secret, URI and QR code', async () => {
  const secret = newTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(Secret.fromBase32(secret).bytes.length, 20);
  assert.notEqual(newTotpSecret(), secret);
  const uri = totpUri(secret, 'taro@example.jp');
  assert.ok(uri.startsWith('otpauth://totp/Lastmile:taro%40example.jp?'), uri);
  const params = new URL(uri).searchParams;
  assert.equal(params.get('issuer'), 'Lastmile');
  assert.equal(params.get('secret'), secret);
  assert.equal(params.get('algorithm'), 'SHA1');
  assert.equal(params.get('digits'), '6');
  assert.equal(params.get('period'), '30');
  const svg = await totpQrSvg(uri);
  assert.match(svg, /^<svg[\s\S]*<\/svg>\s*$/);
});

test('TOTP: a code an authenticator would show now verifies against the real clock', () => {
  const secret = newTotpSecret();
  const code = TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  const result = verifyTotp(secret, code, null);
  assert.equal(result.ok, true);
});

test('TOTP: the current and previous steps verify; three steps old does not', () => {
  const secret = newTotpSecret();
  assert.deepEqual(verifyTotp(secret, codeAt(secret, STEP), null, NOW), { ok: true, step: STEP });
  assert.deepEqual(verifyTotp(secret, codeAt(secret, STEP - 1), null, NOW), { ok: true, step: STEP - 1 });
  assert.deepEqual(verifyTotp(secret, codeAt(secret, STEP + 1), null, NOW), { ok: true, step: STEP + 1 });
  assert.deepEqual(verifyTotp(secret, codeAt(secret, STEP - 3), null, NOW), { ok: false });
  assert.deepEqual(verifyTotp(secret, '', null, NOW), { ok: false });
  assert.deepEqual(verifyTotp(secret, 'abcdef', null, NOW), { ok: false });
});

test('TOTP: a step already used is refused (replay), and so is an earlier one', () => {
  const secret = newTotpSecret();
  const code = codeAt(secret, STEP);
  const first = verifyTotp(secret, code, null, NOW);
  assert.deepEqual(first, { ok: true, step: STEP });
  assert.deepEqual(verifyTotp(secret, code, STEP, NOW + 5_000), { ok: false });
  assert.deepEqual(verifyTotp(secret, codeAt(secret, STEP - 1), STEP, NOW), { ok: false });
  // The next code still works after the used one.
  assert.deepEqual(verifyTotp(secret, codeAt(secret, STEP + 1), STEP, NOW + 30_000), { ok: true, step: STEP + 1 });
});

test('TOTP: spaces and full-width digits are accepted', () => {
  const secret = newTotpSecret();
  const code = codeAt(secret, STEP);
  const fullWidth = [...code].map((d) => String.fromCodePoint(0xff10 + Number(d))).join('');
  assert.deepEqual(verifyTotp(secret, fullWidth, null, NOW), { ok: true, step: STEP });
  assert.deepEqual(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, NOW), { ok: true, step: STEP });
  assert.deepEqual(verifyTotp(secret, `${fullWidth.slice(0, 3)}\u3000${fullWidth.slice(3)}`, null, NOW), { ok: true, step: STEP });
});

test('recovery codes: 10 unique, five groups of five, no look-alike characters', () => {
  const codes = generateRecoveryCodes();
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const c of codes) {
    assert.match(c, /^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/);
    assert.doesNotMatch(c, /[01oOlIi]/);
  }
  assert.equal(generateRecoveryCodes(3).length, 3);
});

test('recovery codes: the hash ignores case, hyphens, spaces and width', () => {
  const h = hashRecoveryCode('abcde-fghjk');
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(hashRecoveryCode('ABCDE-FGHJK'), h);
  assert.equal(hashRecoveryCode('abcdefghjk'), h);
  assert.equal(hashRecoveryCode(' abcde fghjk '), h);
  assert.equal(hashRecoveryCode('ＡＢＣＤＥ－ＦＧＨＪＫ'), h);
  assert.notEqual(hashRecoveryCode('abcde-fghjm'), h);
});
