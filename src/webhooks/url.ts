// Which webhook URLs an organisation may register, and which addresses a delivery may connect to.
//
// A webhook URL is typed by an outside organisation and the portal then POSTs to it from inside its own
// network: without a guard it is a way to reach the portal's loopback, private network or the cloud
// metadata service (SSRF, OWASP ASVS 1.3.6). The same rules apply at registration (here, to explain the
// refusal to the person typing) and at every connection the sender opens (sender.ts), because DNS can
// answer differently later. The address policy itself is src/links/addresses.ts (shared with the link
// checker): loopback, private, link-local, CGNAT, metadata, multicast, reserved, in every IPv4 / IPv6 /
// IPv4-in-IPv6 spelling.
//
// Literal IPv4 hosts in odd spellings (decimal 2130706433, hex 0x7f000001, octal 0177.0.0.1, short
// 127.1) need no parser of our own: the WHATWG URL parser turns every one of them into the dotted quad
// the kernel would connect to, and IPv6 hosts into their canonical form ([::ffff:127.0.0.1] becomes
// [::ffff:7f00:1]). Only the parsed hostname is ever vetted, never the string as typed.
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { Text } from '../i18n/locale.ts';
import { isPrivateAddress } from '../links/addresses.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** The hostname of a parsed URL without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** The first address of the list that a webhook may not reach, if any. */
export function firstPrivate(addresses: readonly ResolvedAddress[]): string | undefined {
  for (const a of addresses) if (isPrivateAddress(a.address)) return a.address;
  return undefined;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: Text };

const refuse = (ja: string, en: string): UrlCheck => ({ ok: false, reason: { ja, en } });

/**
 * Ports a public webhook may use: the web's own, and the unprivileged range where receivers often
 * listen (8080, 8443, 3000…). Ports below 1024 other than 80 and 443 belong to other protocols (SMTP,
 * SSH, databases' admin ports…) that a POST should never be aimed at.
 */
function portAllowed(port: string): boolean {
  if (port === '') return true;
  const n = Number(port);
  return n === 80 || n === 443 || (n >= 1024 && n <= 65535);
}

/**
 * Checks a URL typed at registration (or when it is changed). Returns the normalised URL to store, or
 * the reason in both languages. With allowPrivate (set by an administrator for one endpoint) loopback
 * and private addresses, plain http and any port are accepted.
 */
export async function checkWebhookUrl(raw: string, options: { allowPrivate: boolean; resolve?: Resolver }): Promise<UrlCheck> {
  const input = raw.trim();
  if (!input) return refuse('URLを入力してください。', 'Enter the URL.');
  if (input.length > MAX_WEBHOOK_URL_LENGTH) return refuse(`URLは${MAX_WEBHOOK_URL_LENGTH}文字以内にしてください。`, `The URL must be ${MAX_WEBHOOK_URL_LENGTH} characters or fewer.`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('URLの形式が正しくありません。https:// から始まるURLを入力してください。', 'This is not a valid URL. Enter one that starts with https://.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowPrivate)) {
    return refuse('https:// から始まるURLを入力してください（暗号化されていない http は使えません）。', 'Enter a URL that starts with https:// (unencrypted http is not accepted).');
  }
  if (url.username || url.password) {
    return refuse('URLにユーザー名やパスワードを含めないでください。受信側は署名（webhook-signature）で送信元を確認できます。', 'Do not put a user name or password in the URL. Your receiver can check the sender with the signature (webhook-signature).');
  }
  if (url.hash) return refuse('URLに「#」以降（フラグメント）を含めないでください。', 'Remove the part after “#” (the fragment) from the URL.');
  if (!options.allowPrivate && !portAllowed(url.port)) {
    return refuse('このポート番号は使えません。443、80、または1024以上のポートを使ってください。', 'This port cannot be used. Use 443, 80 or a port of 1024 or above.');
  }
  const host = bareHost(url);
  if (!options.allowPrivate) {
    const addresses = await resolveHost(host, options.resolve ?? systemResolver);
    if (addresses === null) {
      return refuse(`ホスト名「${host}」が見つかりません（DNSで名前を解決できません）。綴りを確認してください。`, `The host name “${host}” was not found (DNS does not resolve it). Check the spelling.`);
    }
    const blocked = firstPrivate(addresses);
    if (blocked !== undefined) {
      const shown = blocked === host ? blocked : `${host} → ${blocked}`;
      return refuse(
        `このURLは内部ネットワークのアドレス（ループバック、プライベート、リンクローカル、クラウドのメタデータなど：${shown}）を指しているため登録できません。インターネットから届くURLを入力してください。内部のアドレスに送る必要がある場合は、事務局（管理者）にご相談ください。`,
        `This URL points to an internal network address (loopback, private, link-local, cloud metadata or similar: ${shown}), so it cannot be registered. Enter a URL that is reachable from the internet. If you need deliveries to an internal address, ask the program office (an administrator).`,
      );
    }
  }
  return { ok: true, url: url.href };
}

/** Every address of a host (the literal itself for an IP), or null when the name does not resolve. */
export async function resolveHost(host: string, resolve: Resolver): Promise<ResolvedAddress[] | null> {
  const family = isIP(host);
  if (family) return [{ address: host, family }];
  try {
    const addresses = await resolve(host);
    return addresses.length ? addresses : null;
  } catch {
    return null;
  }
}
