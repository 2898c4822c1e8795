// Every error becomes a page in the page's language or, under /api/, JSON in the caller's language:
// what went wrong and what to fix, never a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { localeFromAcceptLanguage, splitLocale, type Locale, type Text } from '../i18n/locale.ts';
import { ErrorPage } from './error-page.tsx';
import { CSRF_PROBLEM, Problem, type ProblemDetail } from './problem.ts';
import { sendPage } from './render.ts';
import { describeIssues } from './validation-messages.ts';

const TITLES: Record<number, Text> = {
  413: { ja: '送信されたデータが大きすぎます。', en: 'The request is too large.' },
  415: { ja: 'この形式のデータは受け付けられません。', en: 'This content type is not accepted.' },
  500: { ja: '申し訳ありません。システムで問題が発生しました。時間をおいてもう一度お試しください。', en: 'Sorry, something went wrong on our side. Please try again later.' },
};
const GENERIC: Text = { ja: 'リクエストを処理できませんでした。', en: 'The request could not be processed.' };

export function isApi(url: string): boolean {
  return url.startsWith('/api/');
}

function describe(err: FastifyError | Error, req: FastifyRequest): { status: number; code: string; title: Text; details: ProblemDetail[] } {
  if (err instanceof Problem) return { status: err.status, code: err.code, title: err.title, details: err.details };
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
  return { status, code: status === 500 ? 'internal_error' : (e.code ?? 'bad_request'), title: TITLES[status] ?? GENERIC, details: [] };
}

export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const api = isApi(req.url);
  const locale: Locale = api ? localeFromAcceptLanguage(req.headers['accept-language']) : splitLocale(req.url).locale;
  const { status, code, title, details } = describe(err, req);
  if (api) {
    return reply.code(status).send({ error: { code, message: title[locale], details: details.map((d) => ({ param: d.param, message: d.message[locale] })) } });
  }
  return sendPage(reply, ErrorPage({ locale, path: splitLocale(req.url).path, status, title: title[locale], details }), status);
}
