// The absolute links a subscriber gets in every email.
import { localePath, type Locale } from '../i18n/locale.ts';
import { linkToken } from './tokens.ts';

export function manageUrl(baseUrl: string, key: Buffer, locale: Locale, id: number, email: string): string {
  return `${baseUrl}${localePath(locale, '/subscribe/manage')}?t=${linkToken(key, 'manage', id, email)}`;
}

/** The RFC 8058 one-click address: a POST to it unsubscribes at once; a GET shows a page with a button. */
export function unsubscribeUrl(baseUrl: string, key: Buffer, locale: Locale, id: number, email: string): string {
  return `${baseUrl}${localePath(locale, '/subscribe/unsubscribe')}?t=${linkToken(key, 'manage', id, email)}`;
}

export function confirmUrl(baseUrl: string, key: Buffer, locale: Locale, id: number, email: string, sentAt: string): string {
  return `${baseUrl}${localePath(locale, '/subscribe/confirm')}?t=${linkToken(key, 'confirm', id, `${email}\n${sentAt}`)}`;
}
