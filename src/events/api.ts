// Open data: /api/v1/events (the same filters as the event list) and /api/v1/events/{id}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText, OrganisationRefJson } from '../catalogue/api.ts';
import { REGION_BLOCKS, prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { notFound } from '../web/problem.ts';
import { ATTENDANCES, type PublicEvent } from './model.ts';
import { loadEvents } from './repository.ts';
import { EventIdParams, EventQuery, filtersFromQuery, parseQuery, type EventQueryInput } from './schema.ts';
import { browseEvents } from './service.ts';

export const EventJson = z
  .object({
    id: z.number().int(),
    title: LocalisedText,
    description: LocalisedText,
    organisations: z.array(OrganisationRefJson),
    initiative: z.object({ id: z.number().int(), title: LocalisedText }).nullable().describe('The initiative the event belongs to'),
    audiences: z.array(z.enum(AUDIENCES)),
    allDay: z.boolean(),
    start: z.string().describe('Japan time with its offset (2027-02-01T13:00:00+09:00), or the first day (YYYY-MM-DD) of an all-day event'),
    end: z.string().describe('Japan time with its offset, or the last day (YYYY-MM-DD, included) of an all-day event'),
    startDate: z.string().describe('First day, Japan date'),
    endDate: z.string().describe('Last day, Japan date (included)'),
    attendance: z.enum(ATTENDANCES),
    online: z.boolean().describe('Can be joined online (online or hybrid)'),
    venue: LocalisedText,
    prefecture: z.string().nullable().describe('JIS X 0401 code of the venue'),
    regionBlock: z.enum(REGION_BLOCKS).nullable(),
    feeYen: z.number().int().describe('0 = free'),
    capacity: z.number().int().nullable(),
    registrationUrl: z.string().nullable(),
    accessibility: LocalisedText,
    campaign: z.object({ id: z.number().int(), title: LocalisedText }).nullable(),
    cancelled: z.boolean(),
    sequence: z.number().int().describe('iCalendar SEQUENCE: raised at every approved change'),
    confirmedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: z.object({ html: z.string(), htmlEn: z.string(), ics: z.string() }),
  })
  .meta({ id: 'Event' });

export const EventListJson = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(EventJson) }).meta({ id: 'EventList' });

const withOffset = (date: string, time: string) => `${date}T${time}:00+09:00`;

export function eventJson(e: PublicEvent, baseUrl: string): z.infer<typeof EventJson> {
  return {
    id: e.id,
    title: { ja: e.titleJa, en: e.titleEn },
    description: { ja: e.descriptionJa, en: e.descriptionEn },
    organisations: e.organisers.map((o) => ({ slug: o.slug, name: { ja: o.nameJa, en: o.nameEn }, abbreviation: o.abbreviation })),
    initiative: e.initiative ? { id: e.initiative.id, title: { ja: e.initiative.titleJa, en: e.initiative.titleEn } } : null,
    audiences: e.audiences,
    allDay: e.allDay,
    start: e.allDay ? e.startDate : withOffset(e.startDate, e.startTime!),
    end: e.allDay ? e.endDate : withOffset(e.endDate, e.endTime!),
    startDate: e.startDate,
    endDate: e.endDate,
    attendance: e.attendance,
    online: e.attendance !== 'onsite',
    venue: { ja: e.venueJa, en: e.venueEn },
    prefecture: e.prefecture,
    regionBlock: e.prefecture ? (prefectureByCode(e.prefecture)?.block ?? null) : null,
    feeYen: e.feeYen,
    capacity: e.capacity,
    registrationUrl: e.registrationUrl,
    accessibility: { ja: e.accessibilityJa, en: e.accessibilityEn },
    campaign: e.campaign ? { id: e.campaign.id, title: { ja: e.campaign.titleJa, en: e.campaign.titleEn } } : null,
    cancelled: e.cancelled,
    sequence: e.sequence,
    confirmedAt: e.confirmedAt,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    links: { html: `${baseUrl}/events/${e.id}`, htmlEn: `${baseUrl}/en/events/${e.id}`, ics: `${baseUrl}/events/${e.id}.ics` },
  };
}

export const EVENT_NOT_FOUND = { ja: 'この番号のイベントは見つかりませんでした。', en: 'There is no event with this number.' };

/** The request's parsed query, or the 400 that explains each mistake (the messages of events/schema.ts). */
function queryOf<T>(req: FastifyRequest, schema: z.ZodType<T>): T {
  return req.validationError ? parseQuery(schema, req.query) : (req.query as T);
}

export async function eventApiRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const base = app.deps.config.baseUrl;
  const now = () => (app.deps.now?.() ?? new Date()).toISOString();

  api.get(
    '/api/v1/events',
    {
      attachValidation: true,
      schema: {
        tags: ['events'],
        summary: 'List published events with the same filters as the event list (upcoming by default, soonest first)',
        querystring: EventQuery,
        response: { 200: EventListJson, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const q = queryOf<EventQueryInput>(req, EventQuery);
      const result = await browseEvents(app.deps.database.db, filtersFromQuery(q), q.page ?? 1, now());
      return { total: result.total, page: result.page, pageSize: result.pageSize, items: result.items.map((e) => eventJson(e, base)) };
    },
  );

  api.get(
    '/api/v1/events/:id',
    {
      schema: { tags: ['events'], summary: 'One published event', params: EventIdParams, response: { 200: EventJson, 400: ErrorResponse, 404: ErrorResponse } },
    },
    async (req) => {
      const [e] = await loadEvents(app.deps.database.db, [req.params.id]);
      if (!e) throw notFound(EVENT_NOT_FOUND);
      return eventJson(e, base);
    },
  );
}
