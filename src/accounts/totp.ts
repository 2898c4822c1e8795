// Second factor: TOTP (RFC 6238) and single-use recovery codes (OWASP ASVS 5.0 V6.5).
// Parameters are the ones every authenticator app understands (SHA1, 6 digits, 30 s); the others are
// silently ignored by several popular apps, which would then show wrong codes.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Lastmile';
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Steps either side of now that are accepted: RFC 6238's allowance for clock drift and typing time. */
const WINDOW = 1;

/** A new shared secret, base32 (what authenticator apps and the otpauth URI carry), 20 bytes from a CSPRNG. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI the QR code carries; the label is "Lastmile:email" so the app shows both. */
export function totpUri(secret: string, accountEmail: string): string {
  return new TOTP({
    issuer: ISSUER,
    label: accountEmail,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  }).toString();
}

/**
 * The QR code as a raw SVG string. It has no accessible name: the caller must wrap it, e.g.
 * `<div role="img" aria-label="…">{svg}</div>`, and show the secret as text beside it for people who cannot scan
 * (and for screen-reader users). Editing attributes inside the generated markup by string surgery is fragile, so
 * this function does not try.
 */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}

/** What people type: spaces (the apps show "123 456"), hyphens, full-width digits from a Japanese IME. */
function normaliseCode(code: string): string {
  return code.normalize('NFKC').replace(/[\s-]/gu, '');
}

function sameCode(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Checks a code against the steps around `now`. A step at or before `lastUsedStep` is refused, so a code works
 * only once, even within its window (ASVS V6.5.1); the caller stores the returned step as the new lastUsedStep.
 * The earliest matching step is returned, so a matching later step is not used up needlessly.
 * Throws only on a malformed stored secret, which is our bug, not the user's.
 */
export function verifyTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now: number = Date.now(),
): { ok: true; step: number } | { ok: false } {
  const token = normaliseCode(code);
  if (!new RegExp(`^[0-9]{${DIGITS}}$`).test(token)) return { ok: false };
  const key = Secret.fromBase32(secret);
  const current = Math.floor(now / 1000 / PERIOD_SECONDS);
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    if (step < 0 || (lastUsedStep !== null && step <= lastUsedStep)) continue;
    const expected = HOTP.generate({ secret: key, algorithm: ALGORITHM, digits: DIGITS, counter: step });
    if (sameCode(expected, token)) return { ok: true, step };
  }
  return { ok: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Recovery codes: shown once, stored hashed, each usable once.

/**
 * Lower-case letters and digits without the look-alikes 0/o, 1/l/i (and so I and O too, as input is
 * case-insensitive): 31 symbols, so each code carries 10 × log2(31) ≈ 49.5 bits.
 */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
// 5 groups of 5 from a 31-symbol alphabet ≈ 124 bits: enough (ASVS 5.0 V6.5.2 asks 112+) for a plain hash.
const RECOVERY_GROUPS = 5;
const RECOVERY_GROUP_LENGTH = 5;

export function generateRecoveryCodes(n = 10): string[] {
  const codes = new Set<string>();
  // A Set, so two equal codes (vanishingly unlikely) cannot leave the user with fewer usable codes than shown.
  while (codes.size < n) {
    const groups: string[] = [];
    for (let g = 0; g < RECOVERY_GROUPS; g++) {
      let group = '';
      for (let i = 0; i < RECOVERY_GROUP_LENGTH; i++) group += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
      groups.push(group);
    }
    codes.add(groups.join('-'));
  }
  return [...codes];
}

/**
 * SHA-256 hex of the normalised code (NFKC, lower-case, hyphens and spaces removed), so "ABCDE FGHJK" and
 * "abcde-fghjk" match the same stored value. A fast unsalted hash, because the codes are random rather than chosen
 * by people: no dictionary applies, and an equality lookup on the stored hash finds the code without trying each.
 * At ≈124 bits per code, ASVS 5.0 V6.5.2 (L2) allows a plain hash: offline brute force is out of reach.
 */
export function hashRecoveryCode(code: string): string {
  const normalised = code.normalize('NFKC').toLowerCase().replace(/[\s-]/gu, '');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}
