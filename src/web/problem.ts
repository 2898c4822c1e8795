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
    readonly status: 400 | 404 | 405 | 413 | 415 | 429,
    readonly code: string,
    readonly title: Text,
    readonly details: ProblemDetail[] = [],
  ) {
    super(title.en);
  }
}

export const notFound = (what: Text = { ja: 'お探しのページは見つかりませんでした。', en: 'The page you asked for was not found.' }) =>
  new Problem(404, 'not_found', what);
