// Reading urlencoded form bodies (@fastify/formbody: a repeated name becomes an array). Only the
// names a handler asks for are read, so fields a user may not set (owner, status, ids) never reach
// a command, whatever the request carries (mass assignment, ASVS 15.3.3).
export type FormBody = Record<string, unknown>;

export function asForm(body: unknown): FormBody {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as FormBody) : {};
}

/** One text value, trimmed, with control characters other than newlines and tabs removed. */
export function formText(body: FormBody, name: string, maxLength = 10_000): string {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') return '';
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim()
    .slice(0, maxLength);
}

/** A password exactly as typed (no trimming), capped so a huge value cannot cost a long hash. */
export function formSecret(body: FormBody, name: string): string {
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, 1024) : '';
}

/** Every value of a repeated field (checkboxes), deduplicated, in the order sent. */
export function formList(body: FormBody, name: string, maxItems = 200): string[] {
  const v = body[name];
  const xs = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return [...new Set(xs.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean))].slice(0, maxItems);
}
