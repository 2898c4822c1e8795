// Generators of malformed requests for the fuzzer (test/fuzz.test.ts, fuzz/run.ts). Every request starts
// from a route of the app's own route table, so a new route is fuzzed without anyone listing it, and mixes
// values that get past "not found" and "field missing" (ids, slugs, link and form values the app itself
// rendered: see harness.ts) with values that should be refused: huge, negative, non-numeric, unicode, path
// tricks, NUL, invalid percent-encoding and invalid UTF-8, wrong or lying content types, broken multipart.
// A request is plain data (method, url, headers, body as text or bytes), so fast-check prints a
// counterexample that can be pasted into app.inject; the CSRF token and cookies of the caller are put in
// at send time (CSRF_PLACEHOLDER).
import fc from 'fast-check';

export const CSRF_PLACEHOLDER = '__CSRF__';
export const CALLERS = ['anonymous', 'member', 'admin'] as const;
export type CallerKind = (typeof CALLERS)[number];

export interface FuzzRequest {
  caller: CallerKind;
  /** The route-table entry it was made from (for the report); the url may differ from it. */
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Body bytes: a string is sent as UTF-8, number[] as raw bytes (invalid UTF-8). */
  body?: string | number[];
  /** Keep the caller's cookies (false: the request carries only what `headers.cookie` says). */
  withCookies: boolean;
}

export interface RouteSpec {
  method: string;
  url: string;
}

/** What the harness learnt from the app: real values per path parameter, form fields, query keys and values. */
export interface Pools {
  /** Values per path parameter name (without the colon), from the app's links and the database's ids. */
  params: Record<string, string[]>;
  /** Ids of rows in the database (any table): fallback for a parameter without harvested values. */
  ids: string[];
  /** Names of form fields seen in the rendered forms. */
  fields: string[];
  /** Values offered by the rendered forms (options, checkboxes, hidden fields). */
  values: string[];
  /** Query keys and values seen in the app's links. */
  queryKeys: string[];
  queryValues: string[];
  /** The POST forms the app rendered: their action and fields with the values offered. */
  forms: FormSpec[];
}

export interface FormSpec {
  action: string;
  /** Sent as multipart/form-data (uploads), with these file inputs. */
  multipart: boolean;
  files: string[];
  fields: { name: string; values: string[] }[];
}

// ---------------------------------------------------------------- values

const HUGE_SIZES = [20_000, 70_000, 300_000];
/** One in `n`: a value of `big` (costly to send and to answer), else one of `small`. */
function rarely<T>(n: number, small: fc.Arbitrary<T>, big: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: n - 1, arbitrary: small }, { weight: 1, arbitrary: big });
}

const nasty: string[] = [
  '',
  ' ',
  '0',
  '-1',
  '-0',
  '1.5',
  '1e309',
  '9'.repeat(40),
  '18446744073709551616',
  'NaN',
  'Infinity',
  '0x1F',
  ' 1',
  '1 ',
  '１２', // full-width digits
  '٣', // Arabic-Indic digit
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  'a\u0000b',
  '%00',
  '..',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '..\\..\\windows',
  '%2e%2e%2f',
  '/',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'http://127.0.0.1:22/',
  'http://[::1]/',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  '1; DROP TABLE users',
  '${7*7}{{7*7}}',
  '\u202eexe.txt', // right-to-left override
  '\ufeff', // BOM
  '\ud800', // lone surrogate
  '\udfff\ud800',
  '🛡️👨‍👩‍👧‍👦',
  'e\u0301\u0301\u0301\u0301',
  'ｱｲｳｴｵ',
  '㍻',
  'ﬁ',
  '\r\n\r\nX-Injected: 1',
  '\t\v\f',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31T23:59:59Z',
  '2026-11-01T25:61:61',
  '-2026-01-01',
  'a@b',
  '@',
  'x@' + 'y'.repeat(300) + '.example',
  'LM-2026-0000001',
  'LM-9999-9999999',
  '1234567890123',
  '000000',
];

/** A string a user could not have typed into the form: edge values, injections, unicode oddities, long. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...nasty) },
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'あ', '9', '<', '%', '\u0000', '𠮷'), fc.constantFrom(201, 1_001, 10_001)).map(([c, n]) => c.repeat(n)) },
);

/** Huge values (over the form and body limits): rare, because each costs the server and the generator real work. */
export const hugeString: fc.Arbitrary<string> = fc.tuple(fc.constantFrom('x', 'あ', '%', '𠮷'), fc.constantFrom(...HUGE_SIZES)).map(([c, n]) => c.repeat(n));

function pick(values: string[], fallback: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return values.length ? fc.constantFrom(...values) : fallback;
}

/** Mostly values the app itself offers (so requests reach validation and commands), else nasty ones. */
function valueArb(pools: Pools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: pick(pools.values, nastyString) },
    { weight: 1, arbitrary: pick(pools.ids, nastyString) },
    { weight: 5, arbitrary: nastyString },
  );
}

// ---------------------------------------------------------------- encoding

/** How a value goes into a URL: properly encoded, raw, or with broken percent-encoding. */
const encodings = fc.constantFrom('encoded', 'encoded', 'encoded', 'raw', 'invalid-percent', 'double-encoded');

const INVALID_PERCENT = ['%', '%G1', '%FF%FE', '%C0%AF', '%ED%A0%80', '%E3%81', '%u3042', '%%', '%0', '%00'];

function encodeAs(value: string, how: string, salt: number): string {
  switch (how) {
    case 'raw':
      return value;
    case 'invalid-percent':
      return encodeURIComponentSafe(value) + INVALID_PERCENT[salt % INVALID_PERCENT.length];
    case 'double-encoded':
      return encodeURIComponentSafe(encodeURIComponentSafe(value));
    default:
      return encodeURIComponentSafe(value);
  }
}

/** encodeURIComponent throws on lone surrogates: those go out as raw invalid UTF-8 bytes instead. */
function encodeURIComponentSafe(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s].map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

// ---------------------------------------------------------------- paths

const PATH_MUTATIONS = ['none', 'none', 'none', 'none', 'double-slash', 'trailing-slash', 'dot-segments', 'encoded-dots', 'invalid-percent', 'long', 'en-toggle', 'case', 'semicolon', 'backslash'] as const;

function mutatePath(path: string, how: (typeof PATH_MUTATIONS)[number], salt: number): string {
  switch (how) {
    case 'double-slash':
      return path.replace('/', '//');
    case 'trailing-slash':
      return path.endsWith('/') ? path + '/' : path + '/';
    case 'dot-segments':
      return path + '/../..' + (salt % 2 ? '/etc/passwd' : '');
    case 'encoded-dots':
      return path + '/%2e%2e/%2e%2e%2f' + (salt % 2 ? '%2fetc%2fpasswd' : '');
    case 'invalid-percent':
      return path + INVALID_PERCENT[salt % INVALID_PERCENT.length];
    case 'long':
      return path + '/' + 'a'.repeat([300, 300, 5_000, 60_000][salt % 4]!);
    case 'en-toggle':
      return path.startsWith('/en/') ? path.slice(3) : '/en' + path;
    case 'case':
      return path.toUpperCase();
    case 'semicolon':
      return path + ';jsessionid=1';
    case 'backslash':
      return path.replace(/\//g, '\\').replace(/^\\/, '/');
    default:
      return path;
  }
}

function pathArb(route: RouteSpec, pools: Pools): fc.Arbitrary<string> {
  const parts = route.url.split(/(:[A-Za-z_]+)/);
  const segs = parts.map((p) => {
    if (!p.startsWith(':')) return fc.constant(p.replace(/\*$/, ''));
    const name = p.slice(1);
    const real = pools.params[name] ?? [];
    return fc
      .tuple(
        fc.oneof(
          { weight: 6, arbitrary: real.length ? fc.constantFrom(...real) : pick(pools.ids, nastyString) },
          { weight: 1, arbitrary: pick(pools.ids, nastyString) },
          { weight: 4, arbitrary: nastyString },
        ),
        encodings,
        fc.nat(),
      )
      .map(([v, how, salt]) => encodeAs(v, how, salt));
  });
  return fc
    .tuple(fc.tuple(...segs), fc.constantFrom(...PATH_MUTATIONS), fc.nat())
    .map(([ss, how, salt]) => mutatePath(ss.join(''), how, salt));
}

// ---------------------------------------------------------------- query strings

const COMMON_KEYS = ['q', 'page', 'sort', 'next', 'token', 'lang', 'format', 'from', 'to', 'year', 'month', 'audience', 'method', 'prefecture', 'sector', 'organisation', 'measure', 'severity', 'campaign', 'online', 'region', 'kind', 'star', 'size', 'industry', 'id', 'period', 'status', 'limit', 'offset', 'per_page', 'answers', 'a', 's', 'e'];

function deepKey(depth: number): string {
  return 'a' + Array.from({ length: depth }, (_, i) => `[k${i}]`).join('');
}

const GARBAGE_KEYS = fc.oneof(
  fc.constantFrom('__proto__', '__proto__[admin]', 'constructor[prototype][admin]', 'hasOwnProperty', 'toString', '', '%FF', '%', '[]', 'a[]', 'a[0]', 'a[b][c]'),
  fc.constantFrom(5, 50, 500).map(deepKey),
  fc.string({ maxLength: 10 }),
);

function queryArb(pools: Pools): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 5, arbitrary: pick(pools.queryKeys, fc.constantFrom(...COMMON_KEYS)) },
    { weight: 3, arbitrary: fc.constantFrom(...COMMON_KEYS) },
    { weight: 2, arbitrary: pick(pools.fields, fc.constantFrom(...COMMON_KEYS)) },
    { weight: 2, arbitrary: GARBAGE_KEYS },
  );
  const value = fc.oneof(
    { weight: 5, arbitrary: pick(pools.queryValues, nastyString) },
    { weight: 5, arbitrary: valueArb(pools) },
  );
  const pair = fc.tuple(key, value, encodings, fc.nat()).map(([k, v, how, salt]) => `${encodeAs(k, how === 'raw' ? 'encoded' : how, salt)}=${encodeAs(v, how, salt)}`);
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    { weight: 16, arbitrary: fc.array(pair, { minLength: 1, maxLength: 8 }).map((ps) => '?' + ps.join('&')) },
    // The same key many times, many keys, and separators without pairs.
    { weight: 2, arbitrary: fc.tuple(pair, fc.constantFrom(2, 70, 1_000)).map(([p, n]) => '?' + Array(n).fill(p.slice(0, 300)).join('&')) },
    { weight: 2, arbitrary: fc.array(pair, { minLength: 65, maxLength: 120 }).map((ps) => '?' + ps.join('&')) },
    { weight: 1, arbitrary: fc.tuple(key, hugeString.map((v) => v.slice(0, 70_000))).map(([k, v]) => `?${encodeURIComponentSafe(k)}=${encodeURIComponentSafe(v)}`) },
    { weight: 2, arbitrary: fc.constantFrom('?', '?&&&', '?=', '?==&=', '?a', '?%FF%FE=%FF%FE', '?a=%FF%FE%FD', '?q=%E3%81', '?page=%00', '?#frag', '??a=1', '?a=1?b=2') },
  );
}

// ---------------------------------------------------------------- headers

const ACCEPT_LANGUAGE = fc.oneof(
  rarely(8, fc.constantFrom('en', 'ja', 'en-US,en;q=0.9', 'ja;q=0', 'en;q=abc', 'en;q=-1', 'en;q=2', '*', ',,,;;;', ';q=1', 'zz-ZZ', 'en;q=0.5, ja;q=0.5'), fc.constantFrom('x'.repeat(10_000), Array(500).fill('en;q=0.1').join(','))),
  fc.string({ maxLength: 30 }),
);

const CONTENT_TYPES_WRONG = ['text/plain', 'application/xml', 'text/html', 'application/octet-stream', 'image/png', ';;;', '/', 'application/', 'application/json; charset=shift_jis', 'application/x-www-form-urlencoded; charset=utf-16', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=x', 'x'.repeat(5_000)];

const COOKIE_GARBAGE = fc.oneof(
  fc.constantFrom('lm_session=forged', 'lm_session=', 'lm_csrf=forged.signature', 'lm_csrf=', 'lm_session=%FF%FE', '=;=;=', ';;;', 'a=b; a=c; a=d', 'lm_check=forged', 'lm_session=' + 'a'.repeat(5_000), '__Host-lm_session=x', 'lm_session="quoted"'),
  fc.string({ maxLength: 30 }).map((s) => `lm_session=${s}`),
);

function headerValue(s: string): string {
  // inject refuses characters a real client cannot put in a header (that is the HTTP parser's job, not ours).
  return s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

const headersArb: fc.Arbitrary<{ headers: Record<string, string>; withCookies: boolean }> = fc
  .record(
    {
      'accept-language': ACCEPT_LANGUAGE,
      accept: fc.constantFrom('application/json', 'text/html', '*/*', 'image/*', 'garbage', ''),
      cookie: COOKIE_GARBAGE,
      'if-none-match': fc.constantFrom('*', 'W/"x"', '"', 'garbage', '"a", "b"'),
      'if-modified-since': fc.constantFrom('garbage', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT'),
      range: fc.constantFrom('bytes=0-0', 'bytes=999999999-', 'bytes=-1', 'bytes=5-1', 'garbage', 'bytes=0-1,2-3,4-5'),
      'accept-encoding': fc.constantFrom('br', 'gzip', 'identity;q=0', '*;q=0', 'garbage', 'br;q=abc'),
      'x-forwarded-for': fc.constantFrom('garbage', '::1', '1.2.3.4, 5.6.7.8', '999.999.999.999'),
      'x-forwarded-proto': fc.constantFrom('https', 'garbage'),
      'user-agent': rarely(8, fc.constantFrom('', '<script>alert(1)</script>', 'Mozilla/5.0'), fc.constant('x'.repeat(20_000))),
      'x-huge': rarely(10, fc.constantFrom('h', 'h'.repeat(1_000)), fc.constantFrom('h'.repeat(16_000), 'h'.repeat(100_000))),
      origin: fc.constantFrom('https://evil.example', 'null'),
      referer: fc.constantFrom('https://evil.example/', 'garbage'),
    },
    { requiredKeys: [] },
  )
  .chain((h) => fc.record({ headers: fc.constant(h), withCookies: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }))
  .map(({ headers, withCookies }) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) out[k] = headerValue(v as string);
    // Garbage cookies either replace the caller's (withCookies false) or are added to them.
    return { headers: out, withCookies: withCookies || !('cookie' in out) };
  });

// ---------------------------------------------------------------- bodies

interface Body {
  contentType?: string;
  body?: string | number[];
  contentLength?: string;
}

const INVALID_UTF8 = [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe3, 0x81], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function formPairs(pools: Pools): fc.Arbitrary<[string, string][]> {
  const name = fc.oneof(
    { weight: 8, arbitrary: pick(pools.fields, fc.constantFrom(...COMMON_KEYS)) },
    { weight: 1, arbitrary: GARBAGE_KEYS },
  );
  return fc.array(fc.tuple(name, valueArb(pools)), { maxLength: 14 });
}

function urlencoded(pairs: [string, string][], csrf: string | null, how: string, salt: number): string {
  const fields = pairs.map(([k, v]) => `${encodeAs(k, how === 'raw' ? 'encoded' : how, salt)}=${encodeAs(v, how, salt)}`);
  return (csrf === null ? fields : [`_csrf=${csrf}`, ...fields]).join('&');
}

// Mostly the caller's valid token, so that most posts get past the CSRF check and reach validation.
const csrfArb = fc.oneof({ weight: 12, arbitrary: fc.constant<string | null>(CSRF_PLACEHOLDER) }, { weight: 1, arbitrary: fc.constantFrom<string | null>(null, 'forged-token', '') });

function nestedJson(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2,',
    '{"a":1,"a":2}',
    '"\\ud800"',
    '{"__proto__":{"admin":true,"role":"admin"}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"endpoint":"https://push.example/x","keys":{"p256dh":"x","auth":"y"}}',
    '{"endpoint":{"__proto__":null}}',
    '{"endpoint":"http://127.0.0.1/","keys":"x"}',
    '\u0000',
    'null',
    '',
    ' ',
    '1e999999',
    '-0',
    'NaN',
    "{'a':1}",
    '{"a":"' + 'x'.repeat(70_000) + '"}',
    '[' + Array(50_000).fill('0').join(',') + ']',
    nestedJson(5_000, '[', ']'),
    nestedJson(2_000, '{"a":', '}').replace(/}+$/, (m) => '1' + m),
  ),
);

const FILE_NAMES = ['a.pdf', 'leaflet.png', '../../etc/passwd', 'a\u0000.pdf', '\u202efdp.exe', 'x'.repeat(5_000) + '.pdf', '', 'がいど.pdf', 'a.pdf"; filename*=UTF-8\'\'b.exe', 'con.txt', 'survey.csv'];
const FILE_DATA = ['%PDF-1.4\n%%EOF\n', '\x89PNG\r\n\x1a\n', 'GIF89a', '<script>alert(1)</script>', '', 'PK\x03\x04', 'x'.repeat(70_000), 'series,year,value\n"=cmd|\' /C calc\'!A0",2026,1\n'];

function multipartArb(pools: Pools): fc.Arbitrary<Body> {
  const filename = fc.constantFrom(...FILE_NAMES);
  const fileData = fc.constantFrom(...FILE_DATA);
  const part = fc.oneof(
    fc.tuple(pick(pools.fields, fc.constant('title')), valueArb(pools)).map(([n, v]) => `Content-Disposition: form-data; name="${n}"\r\n\r\n${v}`),
    fc.tuple(fc.constantFrom('file', 'upload', 'csv', 'title'), filename, fc.constantFrom('application/pdf', 'image/png', 'text/csv', 'garbage', ''), fileData).map(
      ([n, f, t, d]) => `Content-Disposition: form-data; name="${n}"; filename="${f}"\r\nContent-Type: ${t}\r\n\r\n${d}`,
    ),
    fc.constantFrom('garbage without headers', 'Content-Disposition: form-data\r\n\r\nno name', 'Content-Disposition: form-data; name=""\r\n\r\nx', 'Content-Disposition: attachment; name="x"\r\n\r\nx', 'Content-Disposition: form-data; name="__proto__"\r\n\r\nx'),
  );
  return fc
    .tuple(csrfArb, fc.array(part, { maxLength: 5 }), fc.constantFrom('good', 'good', 'no-end', 'wrong-boundary', 'no-boundary-param', 'quoted-boundary', 'no-crlf', 'long-boundary'))
    .map(([csrf, parts, how]) => {
      const b = how === 'long-boundary' ? 'b'.repeat(200) : 'fuzzboundary';
      const all = csrf === null ? parts : [`Content-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}`, ...parts];
      const sep = how === 'no-crlf' ? '\n' : '\r\n';
      let text = all.map((p) => `--${b}${sep}${p}${sep}`).join('');
      if (how !== 'no-end') text += `--${b}--${sep}`;
      const contentType =
        how === 'wrong-boundary' ? 'multipart/form-data; boundary=other' : how === 'no-boundary-param' ? 'multipart/form-data' : how === 'quoted-boundary' ? `multipart/form-data; boundary="${b}"` : `multipart/form-data; boundary=${b}`;
      return { contentType, body: text };
    });
}

function bodyArb(pools: Pools): fc.Arbitrary<Body> {
  const form = fc.tuple(formPairs(pools), csrfArb, encodings, fc.nat(), fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'application/x-www-form-urlencoded; charset=shift_jis')).map(
    ([pairs, csrf, how, salt, contentType]) => ({ contentType, body: urlencoded(pairs, csrf, how, salt) }),
  );
  // Fields duplicated many times and one huge value (the 256 KiB form limit and the 1 MiB body limit).
  const bigForm = fc.tuple(formPairs(pools), fc.constantFrom(100, 1_000, 20_000), fc.constantFrom(1_000, 300_000, 1_100_000)).map(([pairs, n, size]) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: urlencoded([...Array<[string, string]>(n).fill(pairs[0] ? [pairs[0][0].slice(0, 50), pairs[0][1].slice(0, 50)] : ['q', 'x']), ['title', 'あ'.repeat(size / 9)]], CSRF_PLACEHOLDER, 'encoded', 0),
  }));
  const json = fc.tuple(jsonText, fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/x-www-form-urlencoded', 'text/plain')).map(([body, contentType]) => ({ contentType, body }));
  const invalidUtf8 = fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x')).map(([bytes, contentType]) => ({
    contentType,
    body: [...Buffer.from(`_csrf=${CSRF_PLACEHOLDER}&title=`), ...bytes, ...Buffer.from('&q='), ...bytes],
  }));
  const wrongType = fc.tuple(fc.constantFrom(...CONTENT_TYPES_WRONG), formPairs(pools)).map(([contentType, pairs]) => ({ contentType, body: urlencoded(pairs, CSRF_PLACEHOLDER, 'encoded', 0) }));
  const noType = formPairs(pools).map((pairs) => ({ body: urlencoded(pairs, CSRF_PLACEHOLDER, 'encoded', 0) }));
  const lyingLength = fc.tuple(form, fc.constantFrom('0', '1', '99999999', '-1', 'abc')).map(([b, contentLength]) => ({ ...b, contentLength }));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Body>({}) },
    { weight: 16, arbitrary: form },
    { weight: 1, arbitrary: bigForm },
    { weight: 3, arbitrary: json },
    { weight: 3, arbitrary: multipartArb(pools) },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: noType },
    { weight: 1, arbitrary: lyingLength },
  );
}

// ---------------------------------------------------------------- requests

/**
 * A form the app rendered, filled as a person would (offered values, text in text fields) with a few
 * fields spoiled: nasty or huge values, repeated, dropped, or extra fields. These get past "field missing"
 * to the deeper checks and the commands themselves.
 */
function filledFormArb(pools: Pools): fc.Arbitrary<FuzzRequest> | null {
  if (!pools.forms.length) return null;
  const text = fc.constantFrom('テスト', 'Test', '2026-12-01', 'https://example.jp/', '10', 'a@example.jp');
  return fc
    .record({
      caller: fc.constantFrom<CallerKind>('member', 'admin', 'member', 'admin', 'anonymous'),
      form: fc.constantFrom(...pools.forms),
      en: fc.boolean(),
      seed: fc.array(fc.tuple(fc.nat(), fc.constantFrom('nasty', 'nasty', 'nasty', 'nasty', 'huge', 'drop', 'repeat', 'array-of-nasty')), { maxLength: 3 }),
      nasty: fc.array(valueArb(pools), { minLength: 3, maxLength: 3 }),
      huge: hugeString.map((v) => v.slice(0, 120_000)),
      plain: fc.array(fc.tuple(text, fc.nat()), { minLength: 40, maxLength: 40 }),
      extra: fc.option(formPairs(pools), { freq: 4 }),
      csrf: csrfArb,
      query: fc.option(queryArb(pools), { freq: 4 }),
    })
    .map(({ caller, form, en, seed, nasty, huge, plain, extra, csrf, query }) => {
      const pairs: [string, string][] = form.fields.map((f, i) => {
        const [t, k] = plain[i % plain.length]!;
        return [f.name, f.values.length ? f.values[k % f.values.length]! : t];
      });
      seed.forEach(([at, how], j) => {
        if (!pairs.length) return;
        const i = at % pairs.length;
        const name = pairs[i]![0];
        if (how === 'nasty') pairs[i] = [name, nasty[j]!];
        else if (how === 'huge') pairs[i] = [name, huge];
        else if (how === 'drop') pairs.splice(i, 1);
        else if (how === 'repeat') pairs.push(pairs[i]!, pairs[i]!);
        else pairs.push([name, nasty[j]!], [name, nasty[(j + 1) % 3]!]);
      });
      const all = [...pairs, ...(extra ?? [])];
      let body: string;
      let contentType = 'application/x-www-form-urlencoded';
      if (form.multipart) {
        // The _csrf part first (as the browser sends it), then the fields, then a file that lies about its type.
        const b = 'fuzzformboundary';
        const parts = (csrf === null ? [] : [`Content-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}`]).concat(
          all.map(([k, v]) => `Content-Disposition: form-data; name="${k.replace(/"/g, '%22')}"\r\n\r\n${v}`),
          form.files.map((f, i) => `Content-Disposition: form-data; name="${f}"; filename="${FILE_NAMES[(seed[0]?.[0] ?? i) % FILE_NAMES.length]}"\r\nContent-Type: application/pdf\r\n\r\n${FILE_DATA[(seed[1]?.[0] ?? i) % FILE_DATA.length]}`),
        );
        body = parts.map((p) => `--${b}\r\n${p}\r\n`).join('') + `--${b}--\r\n`;
        contentType = `multipart/form-data; boundary=${b}`;
      } else body = urlencoded(all, csrf, 'encoded', 0);
      const req: FuzzRequest = {
        caller,
        route: `POST form ${form.action.replace(/\d+/g, ':n')}`,
        method: 'POST',
        url: (en ? '/en' : '') + form.action + (query ?? ''),
        headers: { 'content-type': contentType },
        body,
        withCookies: true,
      };
      return req;
    });
}

/**
 * Inputs that once broke the app, sent first in every run (fast-check's examples), so a fixed bug stays fixed
 * whatever the seed: a multipart upload without a boundary (500 from busboy), and addresses with invalid
 * percent-encoding or over-long parameters (Fastify's own JSON instead of our error page).
 */
export const REGRESSIONS: FuzzRequest[] = [
  { caller: 'member', route: 'POST /my/materials/new', method: 'POST', url: '/en/my/materials/new', headers: { 'content-type': 'multipart/form-data' }, body: 'x', withCookies: true },
  { caller: 'admin', route: 'POST /admin/surveys', method: 'POST', url: '/admin/surveys', headers: { 'content-type': 'multipart/form-data' }, body: 'x', withCookies: true },
  { caller: 'anonymous', route: 'GET /help', method: 'GET', url: '/help%C0%AF', headers: {}, withCookies: true },
  { caller: 'anonymous', route: 'GET /api/v1/declarations/:number', method: 'GET', url: '/api/v1/declarations/%E3%81', headers: {}, withCookies: true },
  { caller: 'member', route: 'GET /my/webhooks/:id', method: 'GET', url: `/my/webhooks/${'a'.repeat(5_000)}`, headers: {}, withCookies: true },
];

const OTHER_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'POST', 'GET', 'TRACE'];

export function requestArb(routes: RouteSpec[], pools: Pools): fc.Arbitrary<FuzzRequest> {
  // Built once: an arbitrary made inside chain() would rebuild its value tables for every request.
  const paths = new Map(routes.map((r) => [r, pathArb(r, pools)]));
  const query = queryArb(pools);
  const body = bodyArb(pools);
  const noBody = fc.constant<Body>({});
  const writes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  const reads = routes.filter((r) => r.method === 'GET' || r.method === 'HEAD');
  const filled = filledFormArb(pools);
  const generated = fc
    .record({
      caller: fc.constantFrom(...CALLERS),
      // Half the requests go to the routes that change things (about a quarter of the table): that is where
      // bodies are parsed, CSRF is checked and commands validate their input.
      route: writes.length ? fc.oneof(fc.constantFrom(...reads), fc.constantFrom(...writes)) : fc.constantFrom(...routes),
      otherMethod: fc.option(fc.constantFrom(...OTHER_METHODS), { freq: 20 }),
      headers: headersArb,
      extraHeaders: fc.boolean(),
      bodyOnGet: fc.option(fc.constant(true), { freq: 20 }),
    })
    .chain(({ caller, route, otherMethod, headers, extraHeaders, bodyOnGet }) => {
      const method = otherMethod ?? route.method;
      const wantsBody = method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE' || bodyOnGet === true;
      return fc.record({ path: paths.get(route)!, query, body: wantsBody ? body : noBody }).map(({ path, query, body }) => {
        const h: Record<string, string> = extraHeaders ? { ...headers.headers } : {};
        if (body.contentType !== undefined) h['content-type'] = body.contentType;
        if (body.contentLength !== undefined) h['content-length'] = body.contentLength;
        const req: FuzzRequest = { caller, route: `${route.method} ${route.url}`, method, url: path + query, headers: h, withCookies: extraHeaders ? headers.withCookies : true };
        if (body.body !== undefined) req.body = body.body;
        // fast-check prints counterexamples with this: long values shortened, so a failure report stays readable.
        return req;
      });
    });
  const all = filled ? fc.oneof({ weight: 3, arbitrary: generated }, { weight: 1, arbitrary: filled }) : generated;
  return all.map((req) => {
    // fast-check prints counterexamples with this: long values shortened, so a failure report stays readable.
    Object.defineProperty(req, fc.toStringMethod, { value: () => JSON.stringify(req, (_k, v) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 200)}…(${v.length} chars)` : Array.isArray(v) && v.length > 300 ? `[${v.length} bytes]` : v)) });
    return req;
  });
}
