// Small firms: /business/check (start), the five measures (/business/check/five), the self-diagnosis
// (/business/check/diagnosis/1..3, /about, /check, /complete, /result, /report) and the basic policy
// generator (/business/policy). Every page also lives under /en. Answers travel in the page (hidden
// fields and the result's URL), so no session is needed; the auth plugin checks CSRF on every POST.
// A completed check is stored once (POST, then 303 to a GET result page that never stores).
import { submissionGuard } from '../cluster/submission-guard.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { tokyoToday } from '../advisories/time.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { STATIC_DIR } from '../web/assets.ts';
import { asForm } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { AboutPage, CheckPage, JourneyProblemPage, PartPage, ReportPage, ResultPage } from './diagnosis-views.tsx';
import { firstUnansweredPart, journeyQuery, newSubmissionToken, NO_ATTRIBUTES, param, readAttributes, readBusiness5String, readItemAnswers, readPartialAnswers, readVersion, versionParam } from './journey.ts';
import { policyText, readPolicyForm, renderPolicy, validatePolicy } from './policy.ts';
import { PolicyFormPage, PolicyResultPage } from './policy-views.tsx';
import { scoreBusiness5, scoreDiagnosis } from './scoring.ts';
import { business5At, currentBusiness5, currentDiagnosis, currentPolicyTemplate, diagnosisAt, helpForItems, storeCompletedCheck, toFixHelpInput } from './service.ts';
import { BusinessStartPage, FivePage, FiveResultPage } from './views.tsx';

const DAMAGED: Text = {
  ja: 'ページに記録されていた回答が壊れているか、書き換えられています。お手数ですが、最初から回答してください。何も保存されていません。',
  en: 'The answers recorded in the page are damaged or were changed. Please answer again from the start. Nothing has been stored.',
};
const OLD_VERSION: Text = {
  ja: 'この診断の質問はその後に改訂されたため、回答を読み取れません。最初から回答してください。何も保存されていません。',
  en: 'The questions of this check have been revised since, so your answers cannot be read. Please answer again from the start. Nothing has been stored.',
};

function printScriptUrl(): string {
  const hash = createHash('sha256').update(readFileSync(join(STATIC_DIR, 'print.js'))).digest('hex').slice(0, 12);
  return `/assets/print.js?v=${hash}`;
}

export async function businessRoutes(app: FastifyInstance): Promise<void> {
  const handle = () => app.deps.database;
  const db = () => app.deps.database.db;
  const now = () => app.deps.now?.() ?? new Date();
  // Across instances through Redis when configured (cluster/submission-guard.ts), else this process's memory.
  const recent = submissionGuard(app.deps.redis);
  const printScript = printScriptUrl();

  const problem = (reply: FastifyReply, locale: Locale, path: string, message: Text, restart: string) =>
    sendPage(reply, JourneyProblemPage({ locale, path, message, restart: localePath(locale, restart) }), 400);

  pageRoute(app, '/business/check', undefined, (_req, reply, locale) => sendPage(reply, BusinessStartPage({ locale })));

  // ------------------------------------------------------------ the five measures (one star)

  pageRoute(app, '/business/check/five', undefined, async (_req, reply, locale) => {
    const { value: d, version } = await currentBusiness5(db());
    return sendPage(reply, FivePage({ locale, d, version: versionParam(version), csrf: reply.generateCsrf(), token: newSubmissionToken(), selected: [], missing: [], attrs: NO_ATTRIBUTES, invalid: [] }));
  });

  pagePost(app, '/business/check/five', undefined, async (req, reply, locale) => {
    const body = asForm(req.body);
    const v = readVersion(body);
    if (v === null || v === undefined) return problem(reply, locale, '/business/check/five', DAMAGED, '/business/check/five');
    const def = await business5At(db(), v);
    if (!def) return problem(reply, locale, '/business/check/five', OLD_VERSION, '/business/check/five');
    const d = def.value;
    const { answers, missing } = readItemAnswers(d.measures, d.answers.map((a) => a.code), body, 'm');
    const { attrs, invalid } = readAttributes(body);
    const token = param(body, 't');
    if (missing.length || invalid.length) {
      return sendPage(reply, FivePage({ locale, d, version: versionParam(def.version), csrf: reply.generateCsrf(), token: token || newSubmissionToken(), selected: answers, missing, attrs, invalid }), 400);
    }
    const a = answers.join('');
    const score = scoreBusiness5(d, a);
    if (await recent.first('five', token)) await storeCompletedCheck(app.checkResults, { check: 'business5', version: def.version, answers: a, score: score.score, attrs, now: now() });
    return reply.redirect(localePath(locale, '/business/check/five/result') + journeyQuery(def.version, a, { ...NO_ATTRIBUTES, pref: attrs.pref }), 303);
  });

  pageRoute(app, '/business/check/five/result', undefined, async (req, reply, locale) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const v = readVersion(query);
    if (v === null || v === undefined) return problem(reply, locale, '/business/check/five', DAMAGED, '/business/check/five');
    const def = await business5At(db(), v);
    if (!def) return problem(reply, locale, '/business/check/five', OLD_VERSION, '/business/check/five');
    const a = readBusiness5String(def.value, param(query, 'a'));
    const { attrs, invalid } = readAttributes(query);
    if (!a || invalid.length) return problem(reply, locale, '/business/check/five', DAMAGED, '/business/check/five');
    const q = journeyQuery(def.version, a, { ...NO_ATTRIBUTES, pref: attrs.pref });
    return sendPage(reply, FiveResultPage({ locale, d: def.value, query: q, answers: a, score: scoreBusiness5(def.value, a), pref: attrs.pref }));
  });

  // ------------------------------------------------------------ the self-diagnosis (two stars)

  const START = '/business/check/diagnosis/1';

  /** Version, carried answers and attributes of a request (query or form), or a 400 page already sent. */
  async function journeyOf(params: Record<string, unknown>, reply: FastifyReply, locale: Locale, path: string) {
    const v = readVersion(params);
    const def = v === undefined ? await currentDiagnosis(db()) : v === null ? null : await diagnosisAt(db(), v);
    if (v === null) return void (await problem(reply, locale, path, DAMAGED, START));
    if (!def) return void (await problem(reply, locale, path, OLD_VERSION, START));
    const carried = readPartialAnswers(def.value, param(params, 'a'));
    const { attrs, invalid } = readAttributes(params);
    if (carried === null || invalid.length) return void (await problem(reply, locale, path, DAMAGED, START));
    return { d: def.value, version: def.version, carried, attrs };
  }

  pageRoute(app, '/business/check/diagnosis', undefined, (_req, reply, locale) => reply.redirect(localePath(locale, START), 303));

  pageRoute(app, '/business/check/diagnosis/about', undefined, async (req, reply, locale) => {
    const j = await journeyOf((req.query ?? {}) as Record<string, unknown>, reply, locale, '/business/check/diagnosis/about');
    if (!j) return reply;
    const missingPart = firstUnansweredPart(j.d, j.carried);
    if (missingPart !== null) return reply.redirect(localePath(locale, `/business/check/diagnosis/${missingPart + 1}`) + journeyQuery(j.version, j.carried, j.attrs), 303);
    return sendPage(reply, AboutPage({ locale, version: j.version, answers: j.carried, attrs: j.attrs, invalid: [], csrf: reply.generateCsrf() }));
  });

  pagePost(app, '/business/check/diagnosis/about', undefined, async (req, reply, locale) => {
    const body = asForm(req.body);
    // The attributes are the questions here: an unknown value is the person's mistake to fix, not damage.
    const j = await journeyOf({ ...body, size: '', industry: '', pref: '' }, reply, locale, '/business/check/diagnosis/about');
    if (!j) return reply;
    if (firstUnansweredPart(j.d, j.carried) !== null) return problem(reply, locale, '/business/check/diagnosis/about', DAMAGED, START);
    const { attrs, invalid } = readAttributes(body);
    if (invalid.length) return sendPage(reply, AboutPage({ locale, version: j.version, answers: j.carried, attrs, invalid, csrf: reply.generateCsrf() }), 400);
    return reply.redirect(localePath(locale, '/business/check/diagnosis/check') + journeyQuery(j.version, j.carried, attrs), 303);
  });

  pageRoute(app, '/business/check/diagnosis/check', undefined, async (req, reply, locale) => {
    const j = await journeyOf((req.query ?? {}) as Record<string, unknown>, reply, locale, '/business/check/diagnosis/check');
    if (!j) return reply;
    const missingPart = firstUnansweredPart(j.d, j.carried);
    if (missingPart !== null) return reply.redirect(localePath(locale, `/business/check/diagnosis/${missingPart + 1}`) + journeyQuery(j.version, j.carried, j.attrs), 303);
    return sendPage(reply, CheckPage({ locale, d: j.d, version: j.version, answers: j.carried, attrs: j.attrs, csrf: reply.generateCsrf(), token: newSubmissionToken() }));
  });

  pagePost(app, '/business/check/diagnosis/complete', undefined, async (req, reply, locale) => {
    const body = asForm(req.body);
    const j = await journeyOf(body, reply, locale, '/business/check/diagnosis/check');
    if (!j) return reply;
    // Every item must have its answer: a shortened field is damage, and nothing is stored.
    if (firstUnansweredPart(j.d, j.carried) !== null) return problem(reply, locale, '/business/check/diagnosis/check', DAMAGED, START);
    const score = scoreDiagnosis(j.d, j.carried);
    if (await recent.first('diagnosis', param(body, 't'))) {
      await storeCompletedCheck(app.checkResults, { check: 'diagnosis', version: j.version, answers: j.carried, score: score.total, attrs: j.attrs, now: now() });
    }
    return reply.redirect(localePath(locale, '/business/check/diagnosis/result') + journeyQuery(j.version, j.carried, { ...NO_ATTRIBUTES, pref: j.attrs.pref }), 303);
  });

  /** The result and the report read a complete set of answers from the URL (bookmarkable; never stores). */
  async function completed(query: Record<string, unknown>, reply: FastifyReply, locale: Locale, path: string) {
    const j = await journeyOf(query, reply, locale, path);
    if (!j) return undefined;
    if (firstUnansweredPart(j.d, j.carried) !== null) return void (await problem(reply, locale, path, DAMAGED, START));
    return { ...j, score: scoreDiagnosis(j.d, j.carried), query: journeyQuery(j.version, j.carried, { ...NO_ATTRIBUTES, pref: j.attrs.pref }) };
  }

  pageRoute(app, '/business/check/diagnosis/result', undefined, async (req, reply, locale) => {
    const c = await completed((req.query ?? {}) as Record<string, unknown>, reply, locale, '/business/check/diagnosis/result');
    if (!c) return reply;
    const help = await helpForItems(handle(), toFixHelpInput(c.score.toFix), c.attrs.pref, locale);
    return sendPage(reply, ResultPage({ locale, d: c.d, query: c.query, score: c.score, help, pref: c.attrs.pref }));
  });

  pageRoute(app, '/business/check/diagnosis/report', undefined, async (req, reply, locale) => {
    const c = await completed((req.query ?? {}) as Record<string, unknown>, reply, locale, '/business/check/diagnosis/report');
    if (!c) return reply;
    return sendPage(reply, ReportPage({ locale, d: c.d, query: c.query, answers: c.carried, score: c.score, today: tokyoToday(now()), printScript }));
  });

  const partOf = (raw: string, parts: number): number => {
    if (!/^[1-9]$/.test(raw) || Number(raw) > parts) throw notFound();
    return Number(raw) - 1;
  };

  pageRoute<unknown, { part: string }>(app, '/business/check/diagnosis/:part', undefined, async (req, reply, locale) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const j = await journeyOf(query, reply, locale, `/business/check/diagnosis/${req.params.part}`);
    if (!j) return reply;
    const part = partOf(req.params.part, j.d.parts.length);
    const p = j.d.parts[part]!;
    // An earlier part without answers (a shortened URL): ask that one first.
    if (j.carried.length < p.from - 1) {
      const first = firstUnansweredPart(j.d, j.carried)!;
      return reply.redirect(localePath(locale, `/business/check/diagnosis/${first + 1}`) + journeyQuery(j.version, j.carried, j.attrs), 303);
    }
    const selected = [...j.carried.slice(p.from - 1, p.to)];
    const returnTo = param(query, 'return') === 'check' && j.carried.length === j.d.items.length ? 'check' : null;
    return sendPage(reply, PartPage({ locale, d: j.d, version: j.version, part, carried: j.carried, selected, missing: [], attrs: j.attrs, csrf: reply.generateCsrf(), returnTo }));
  });

  pagePost<unknown, { part: string }>(app, '/business/check/diagnosis/:part', undefined, async (req, reply, locale) => {
    const body = asForm(req.body);
    const j = await journeyOf(body, reply, locale, `/business/check/diagnosis/${req.params.part}`);
    if (!j) return reply;
    const part = partOf(req.params.part, j.d.parts.length);
    const p = j.d.parts[part]!;
    if (j.carried.length < p.from - 1) return problem(reply, locale, `/business/check/diagnosis/${part + 1}`, DAMAGED, START);
    const items = j.d.items.slice(p.from - 1, p.to);
    const { answers, missing } = readItemAnswers(items, j.d.answers.map((a) => a.code), body, 'q');
    const returnTo = param(body, 'return') === 'check' && j.carried.length === j.d.items.length ? 'check' : null;
    if (missing.length) {
      return sendPage(reply, PartPage({ locale, d: j.d, version: j.version, part, carried: j.carried, selected: answers, missing, attrs: j.attrs, csrf: reply.generateCsrf(), returnTo }), 400);
    }
    const carried = j.carried.slice(0, p.from - 1) + answers.join('') + j.carried.slice(p.to);
    const next = returnTo
      ? '/business/check/diagnosis/check'
      : part + 1 < j.d.parts.length
        ? `/business/check/diagnosis/${part + 2}`
        : '/business/check/diagnosis/about';
    return reply.redirect(localePath(locale, next) + journeyQuery(j.version, carried, j.attrs), 303);
  });

  // ------------------------------------------------------------ the basic policy (nothing stored)

  pageRoute(app, '/business/policy', undefined, async (_req, reply, locale) => {
    const { value: template } = await currentPolicyTemplate(db());
    const input = { company: '', representativeTitle: '', representative: '', date: tokyoToday(now()), options: template.options.filter((o) => o.default).map((o) => o.key) };
    return sendPage(reply, PolicyFormPage({ locale, template, input, errors: {}, csrf: reply.generateCsrf() }));
  });

  pagePost(app, '/business/policy', undefined, async (req, reply, locale) => {
    const { value: template } = await currentPolicyTemplate(db());
    const input = readPolicyForm(asForm(req.body), template);
    const checked = validatePolicy(input);
    if (!checked.values) return sendPage(reply, PolicyFormPage({ locale, template, input, errors: checked.errors, csrf: reply.generateCsrf() }), 400);
    const doc = renderPolicy(template, checked.values, locale);
    return sendPage(reply, PolicyResultPage({ locale, template, input, doc, text: policyText(doc, locale), csrf: reply.generateCsrf() }));
  });

  pagePost(app, '/business/policy/download', undefined, async (req, reply, locale) => {
    const { value: template } = await currentPolicyTemplate(db());
    const input = readPolicyForm(asForm(req.body), template);
    const checked = validatePolicy(input);
    if (!checked.values) return sendPage(reply, PolicyFormPage({ locale, template, input, errors: checked.errors, csrf: reply.generateCsrf() }), 400);
    const doc = renderPolicy(template, checked.values, locale);
    const name = locale === 'ja' ? '情報セキュリティ基本方針.txt' : 'basic-security-policy.txt';
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${locale === 'ja' ? 'security-policy.txt' : name}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(policyText(doc, locale));
  });
}
