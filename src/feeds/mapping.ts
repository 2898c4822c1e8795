// From a feed entry to the payload of an event or a material. The payload is built as the web form
// would send it and read by the form's own reader (readEventForm / readMaterialForm), so an entry passes
// exactly the checks a typed-in event or material passes; what fails is refused with the form's message.
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { EVENT_LIMITS, readEventForm } from '../events/form.ts';
import type { EventPayload } from '../events/model.ts';
import type { Text } from '../i18n/locale.ts';
import { MATERIAL_LIMITS, readMaterialForm } from '../materials/material-kind.ts';
import type { MaterialPayload } from '../materials/model.ts';
import type { EventDefaults, MaterialDefaults } from './model.ts';
import { MAX_ENTRY_ID, type EventEntry, type MaterialEntry } from './parse.ts';

export type Mapped<P> = { ok: true; id: string; payload: P; hash: string } | { ok: false; id: string | null; reason: Text };

/** Cut to a form limit; the cut is marked so that nobody takes it for the whole text. */
export function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

const NO_ID: Text = {
  ja: '項目にID（iCalendar の UID、Atom の id、RSS の guid か link）がないため、更新を追えません。',
  en: 'The entry has no id (iCalendar UID, Atom id, RSS guid or link), so its changes could not be followed.',
};
const LONG_ID: Text = { ja: `項目のIDが長すぎます（${MAX_ENTRY_ID}文字まで）。`, en: `The entry's id is too long (${MAX_ENTRY_ID} characters at most).` };

function idProblem(id: string | null): Text | null {
  if (!id) return NO_ID;
  if (id.length > MAX_ENTRY_ID) return LONG_ID;
  return null;
}

function joined(messages: Text[]): Text {
  return { ja: messages.map((m) => m.ja).join(' '), en: messages.map((m) => m.en).join(' ') };
}

export function mapEvent(e: EventEntry, d: EventDefaults): Mapped<EventPayload> {
  const bad = idProblem(e.id);
  if (bad) return { ok: false, id: e.id, reason: bad };
  const url = e.url && e.url.length <= EVENT_LIMITS.url ? e.url : '';
  const body = {
    titleJa: cut(e.title, EVENT_LIMITS.title),
    descriptionJa: cut(e.description, EVENT_LIMITS.description),
    audiences: d.audiences,
    allDay: e.allDay ? '1' : '',
    startDate: e.startDate,
    startTime: e.startTime ?? '',
    endDate: e.endDate,
    endTime: e.endTime ?? '',
    attendance: d.attendance,
    venueJa: cut(e.location, EVENT_LIMITS.venue),
    prefecture: d.prefecture ?? '',
    feeYen: String(d.feeYen),
    registrationUrl: url,
    cancelled: e.cancelled ? '1' : '',
  };
  // A feed links no campaign or initiative: none may be chosen.
  const { payload, issues } = readEventForm(body, { campaignIds: new Set(), initiativeIds: new Set() });
  const messages = Object.values(issues).map((i) => i.message);
  if (messages.length) return { ok: false, id: e.id, reason: joined(messages) };
  return { ok: true, id: e.id!, payload, hash: payloadHash(payload) };
}

export async function mapMaterial(db: Db, e: MaterialEntry, d: MaterialDefaults): Promise<Mapped<MaterialPayload>> {
  const bad = idProblem(e.id);
  if (bad) return { ok: false, id: e.id, reason: bad };
  const body = {
    titleJa: cut(e.title, MATERIAL_LIMITS.title),
    summaryJa: cut(e.summary, MATERIAL_LIMITS.summary),
    format: d.format,
    audiences: d.audiences,
    language: d.language,
    licence: d.licence,
    attribution: d.attribution,
    issuedOn: e.issuedOn ?? '',
    url: e.link ?? '',
  };
  const { payload, errors } = await readMaterialForm(db, body, null);
  const messages = Object.values(errors);
  if (messages.length) return { ok: false, id: e.id, reason: joined(messages) };
  return { ok: true, id: e.id!, payload, hash: payloadHash(payload) };
}
