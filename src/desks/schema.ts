// The directory's query parameters (page and API share them): topic, for, prefecture — one value each.
// A mistake gets a 400 that names the parameter and lists what may be used, in Japanese and English.
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { Problem, type ProblemDetail } from '../web/problem.ts';
import { DESK_AUDIENCES, DESK_TOPICS, isDeskAudience, isDeskTopic, type DeskFilters } from './model.ts';

export const DeskQuery = z.object({
  topic: z.enum(DESK_TOPICS).optional().describe(`What the desk helps with: ${DESK_TOPICS.join(', ')}.`),
  for: z.enum(DESK_AUDIENCES).optional().describe(`Who is asking: ${DESK_AUDIENCES.join(', ')}.`),
  prefecture: z.string().optional().describe('JIS X 0401 prefecture code (01–47): that prefecture’s desks and the national ones.'),
});

export const DeskIdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number) });

const NAMES: Record<string, Text> = {
  topic: { ja: '相談したいこと（topic）', en: 'Topic (topic)' },
  for: { ja: '対象（for）', en: 'Who is asking (for)' },
  prefecture: { ja: '都道府県（prefecture）', en: 'Prefecture (prefecture)' },
};

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '�');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

/** Reads the filters, or throws the 400 that explains every mistake. Empty values mean "any". */
export function deskFiltersFromQuery(query: unknown): DeskFilters {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const details: ProblemDetail[] = [];
  const one = (name: string, ok: (s: string) => boolean, allowed: Text): string | null => {
    const v = q[name];
    if (v === undefined || v === '') return null;
    const n = NAMES[name]!;
    if (typeof v !== 'string') {
      details.push({ param: name, message: { ja: `${n.ja}は1つだけ指定してください。`, en: `${n.en} may be given only once.` } });
      return null;
    }
    if (!ok(v)) {
      details.push({ param: name, message: { ja: `${n.ja}に「${shown(v)}」は使えません。${allowed.ja}`, en: `${n.en} cannot be "${shown(v)}". ${allowed.en}` } });
      return null;
    }
    return v;
  };
  const topic = one('topic', isDeskTopic, { ja: `使える値: ${DESK_TOPICS.join(', ')}`, en: `Use one of: ${DESK_TOPICS.join(', ')}` });
  const audience = one('for', isDeskAudience, { ja: `使える値: ${DESK_AUDIENCES.join(', ')}`, en: `Use one of: ${DESK_AUDIENCES.join(', ')}` });
  const prefecture = one('prefecture', isPrefectureCode, { ja: '都道府県コード（01〜47、例：愛知県は 23）を指定してください。', en: 'Use a prefecture code from 01 to 47 (Aichi is 23).' });
  if (details.length) throw new Problem(400, 'invalid_request', { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' }, details);
  return { topic: topic as DeskFilters['topic'], audience: audience as DeskFilters['audience'], prefecture };
}
