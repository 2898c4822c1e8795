// Errors that a user caused and can fix: carried to the error handler, which renders them as an HTML
// page in the page's language or as JSON for the API. Each detail says what was wrong and how to fix it.
import type { Text } from '../i18n/locale.ts';

export interface ProblemDetail {
  /** The query or form parameter at fault, when there is one. */
  param?: string;
  message: Text;
}

export class Problem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429,
    readonly code: string,
    readonly title: Text,
    readonly details: ProblemDetail[] = [],
  ) {
    super(title.en);
  }
}

export const notFound = (what: Text = { ja: 'お探しのページは見つかりませんでした。', en: 'The page you asked for was not found.' }) =>
  new Problem(404, 'not_found', what);

/** The acting user may not do this, or may not see this object: said without revealing whether it exists. */
export const forbidden = (what: Text = { ja: 'この操作を行う権限がありません。', en: 'You do not have permission to do this.' }) =>
  new Problem(403, 'forbidden', what);

export const CSRF_PROBLEM = new Problem(403, 'csrf', {
  ja: 'フォームの有効期限が切れたか、別のサイトから送信されました。ページを再読み込みして、もう一度送信してください。',
  en: 'The form has expired or was sent from another site. Reload the page and send it again.',
});
