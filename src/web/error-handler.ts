// Every error becomes a page in the page's language or, under /api/, JSON in the caller's language:
// what went wrong and what to fix, never a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { localeFromAcceptLanguage, splitLocale, type Locale, type Text } from '../i18n/locale.ts';
import { ErrorPage } from './error-page.tsx';
import { CSRF_PROBLEM, Problem, type ProblemDetail } from './problem.ts';
import { classifyUnavailable, UNAVAILABLE_ANSWERS } from '../db/unavailable.ts';
import { sendPage } from './render.ts';
import { describeIssues } from './validation-messages.ts';

const TITLES: Record<number, Text> = {
  400: { ja: 'リクエストに誤りがあります。アドレスと入力内容を確認してください。', en: 'The request contains an error. Check the address and what you entered.' },
  // e.g. a path that climbs out of /assets/ (@fastify/static refuses it).
  403: { ja: 'このアドレスは開けません。リンクを確認してください。', en: 'This address cannot be opened. Check the link.' },
  413: { ja: '送信されたデータが大きすぎます。', en: 'The request is too large.' },
  414: { ja: 'アドレス（URL）が長すぎます。リンクを確認してください。', en: 'The address (URL) is too long. Check the link.' },
  415: { ja: 'この形式のデータは受け付けられません。', en: 'This content type is not accepted.' },
  500: { ja: '申し訳ありません。システムで問題が発生しました。時間をおいてもう一度お試しください。', en: 'Sorry, something went wrong on our side. Please try again later.' },
};
const GENERIC: Text = { ja: 'リクエストを処理できませんでした。', en: 'The request could not be processed.' };
// Fastify's own refusals (found by the fuzzer, test/fuzz.test.ts), each with a code of ours and what to do.
const FASTIFY_ERRORS: Record<string, { code: string; title: Text }> = {
  FST_ERR_BAD_URL: { code: 'bad_url', title: { ja: 'アドレス（URL）に読み取れない文字が含まれています。リンクを確認するか、ホームからたどってください。', en: 'The address (URL) contains characters that cannot be read. Check the link, or start from the home page.' } },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'url_too_long', title: TITLES[414]! },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', title: { ja: '送信されたJSONの形式が正しくありません。', en: 'The request body is not valid JSON.' } },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', title: { ja: 'JSONが空です。内容を付けて送信してください。', en: 'The JSON body is empty. Send it with its content.' } },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_content_length', title: { ja: '送信されたデータの長さが Content-Length と一致しません。もう一度送信してください。', en: 'The body does not match its Content-Length. Send it again.' } },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'too_large', title: TITLES[413]! },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', title: TITLES[415]! },
};

export function isApi(url: string): boolean {
  return url.startsWith('/api/');
}

function describe(err: FastifyError | Error, req: FastifyRequest): { status: number; code: string; title: Text; details: ProblemDetail[]; retryAfter?: number } {
  if (err instanceof Problem) return { status: err.status, code: err.code, title: err.title, details: err.details };
  // The database is down, full or read-only (db/unavailable.ts): 503 with when to come back, not a 500.
  const unavailable = classifyUnavailable(err);
  if (unavailable) {
    const answer = UNAVAILABLE_ANSWERS[unavailable.kind];
    // The code and message only: no stack, and pg's messages carry no credentials.
    req.log.error({ database: unavailable, err: { code: (err as { code?: unknown }).code, message: err.message } }, unavailable.kind === 'down' ? 'database unavailable' : 'database refuses writes');
    return { status: 503, code: answer.code, title: answer.title, details: [], retryAfter: answer.retryAfterSeconds };
  }
  const fe = err as { code?: string };
  if (fe.code === 'FST_CSRF_INVALID_TOKEN' || fe.code === 'FST_CSRF_MISSING_SECRET') return { status: 403, code: CSRF_PROBLEM.code, title: CSRF_PROBLEM.title, details: [] };
  if (hasZodFastifySchemaValidationErrors(err)) {
    return {
      status: 400,
      code: 'invalid_request',
      title: { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' },
      details: describeIssues(err.validation, err.validationContext === 'querystring' ? req.query : req.body),
    };
  }
  const e = err as { statusCode?: number; code?: string };
  const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) req.log.error({ err }, 'unhandled error');
  const known = status !== 500 && e.code ? FASTIFY_ERRORS[e.code] : undefined;
  if (known) return { status, code: known.code, title: known.title, details: [] };
  return { status, code: status === 500 ? 'internal_error' : (e.code ?? 'bad_request'), title: TITLES[status] ?? GENERIC, details: [] };
}

export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const api = isApi(req.url);
  const locale: Locale = api ? localeFromAcceptLanguage(req.headers['accept-language']) : splitLocale(req.url).locale;
  const { status, code, title, details, retryAfter } = describe(err, req);
  if (retryAfter) reply.header('retry-after', String(retryAfter));
  if (api) {
    return reply.code(status).send({ error: { code, message: title[locale], details: details.map((d) => ({ param: d.param, message: d.message[locale] })) } });
  }
  return sendPage(reply, ErrorPage({ locale, path: splitLocale(req.url).path, status, title: title[locale], details, requestId: req.id }), status);
}
