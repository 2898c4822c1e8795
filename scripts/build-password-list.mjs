#!/usr/bin/env node
// Regenerates src/accounts/data/common-passwords.txt, the blocklist checkPasswordPolicy refuses
// (OWASP ASVS 5.0 V6.2.4 / NIST 800-63B 3.1.1.2: refuse passwords known from breach corpora).
// The generated file is committed and read at run time, so the app does not need the npm package
// (a devDependency) in production, and a package upgrade changes the list only when someone reruns this.
// Usage: node scripts/build-password-list.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const PKG = '@zxcvbn-ts/language-common';
const { dictionary } = require(PKG);
const { version, license } = require(`${PKG}/package.json`);

// Same rules as checkPasswordPolicy: length in code points after NFKC, compared lower-cased. Shorter than 8 is
// refused by the length rule anyway, so listing those would only make the file bigger.
const MIN_LENGTH = 8;
const out = new URL('../src/accounts/data/common-passwords.txt', import.meta.url).pathname;

const seen = new Set();
const kept = [];
// The source is ordered most common first; keeping that order (first occurrence wins) keeps the file readable.
for (const raw of dictionary.passwords) {
  const pw = raw.normalize('NFKC').toLowerCase();
  if ([...pw].length < MIN_LENGTH || seen.has(pw)) continue;
  // One password per line: a line break inside one would split it in two when read back.
  if (/[\r\n]/.test(pw)) continue;
  seen.add(pw);
  kept.push(pw);
}

const header = [
  `# Common passwords from ${PKG} ${version} (dictionary.passwords, breach corpora), licence ${license}.`,
  `# Kept: length >= ${MIN_LENGTH} code points, NFKC-normalised, lower-cased, deduplicated (${kept.length} entries).`,
  `# Generated ${new Date().toISOString().slice(0, 10)} by scripts/build-password-list.mjs; do not edit by hand.`,
];
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, header.join('\n') + '\n' + kept.join('\n') + '\n');
console.log(`wrote ${kept.length} passwords to ${out}`);
