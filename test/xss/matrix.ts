// Writes the XSS payload matrix into a test app: every user-supplied field that a page shows, each
// filled with every stored payload (one record per kind whose every text field holds all the payloads,
// one paragraph each, so one page shows a field with every payload), through the services the forms call — after the forms' own checks, so
// the pages are tested on what those checks let through and more. Returns the pages that show each
// field. URL fields hold web addresses that try to break out of their attribute; that the forms refuse
// javascript:, data: and vbscript: addresses is checked separately (xss.test.ts).
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { CurrentUser } from '../../src/accounts/model.ts';
import { toCurrentUser } from '../../src/accounts/repository.ts';
import { createAdvisory, publishAdvisoryNow, saveAdvisory, withdrawAdvisory } from '../../src/advisories/service.ts';
import type { AdvisoryPayload } from '../../src/advisories/model.ts';
import { approve, createItem, reject, submitForReview, type ContentContext } from '../../src/content/service.ts';
import type { InitiativePayload } from '../../src/content/initiative-kind.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { insertActiveDeclaration } from '../../src/declarations/fixture.ts';
import { insertDesk } from '../../src/desks/repository.ts';
import { publishPayloads } from '../../src/events/fixture.ts';
import type { StoredEventPayload } from '../../src/events/event-kind.ts';
import { addKitEntry, addTheme, createCampaign } from '../../src/events/campaigns.ts';
import { KIT_KINDS } from '../../src/events/model.ts';
import { INDICATORS } from '../../src/kpis/indicators.ts';
import { kpiContextFor, setMeasureStatus, setTarget } from '../../src/kpis/service.ts';
import { createDraft, issueReport, saveDraft as saveReportDraft } from '../../src/reports/service.ts';
import { importSurveyCsv } from '../../src/surveys/service.ts';
import { saveFlow, DEFAULT_FLOW_TEXT } from '../../src/help/service.ts';
import { MATERIAL_KIND } from '../../src/materials/material-kind.ts';
import type { MaterialPayload } from '../../src/materials/model.ts';
import { fileStore, ingest } from '../../src/materials/storage.ts';
import { PNG } from '../../src/materials/test-files.ts';
import { createRequest, replyToRequest } from '../../src/partners/requests.ts';
import type { SeedData } from '../../src/seed/seed.ts';
import { createEndpoint } from '../../src/webhooks/service.ts';
import { createUser, type TestUser } from '../support/client.ts';
import { FIXTURE } from '../support/fixture.ts';
import { MARKER, STORED_PAYLOADS, tagOf, type Payload } from './payloads.ts';

/** An http(s) address that tries to leave its attribute: URL fields must keep a web scheme, so this is what gets through. */
export function urlPayload(tag: string): string {
  return `https://example.org/x?a="><script>__xss('${tag}')</script>&b=' onmouseover='__xss("${tag}")`;
}

export interface FieldRow {
  /** kind.field, as in the payload tags. */
  field: string;
  /** How the value is written. */
  written: string;
  /** The pages that show it. */
  pages: string[];
  /** The payloads it is tried with when not every one: 'url' for addresses (see urlPayload), 'sanitised' for file names. */
  payloads?: string[];
}

/**
 * Every user-supplied field a page shows, how it is written and where it is shown. Emails are text
 * (no HTML part) and are not rendered by a browser; feeds are checked as XML / iCalendar.
 */
export const FIELDS: FieldRow[] = [
  { field: 'org.nameJa', written: 'register / /my/organisation form → organisations (seed loader here)', pages: ['/organisations', '/organisations/{org}', '/initiatives (facets, cards)', '/initiatives/{ini}', '/my/partners', '/my/requests/{req}', '/admin'] },
  { field: 'org.nameEn', written: 'same', pages: ['/en/organisations', '/en/organisations/{org}', '/en/initiatives', '/en/initiatives/{ini}'] },
  { field: 'org.abbr', written: 'same', pages: ['/organisations', '/organisations/{org}'] },
  { field: 'org.website', written: 'same (URL)', pages: ['/organisations/{org}'], payloads: ['url'] },
  { field: 'ini.titleJa', written: '/my/initiatives form → content service → approve (seed loader here)', pages: ['/initiatives', '/initiatives?q=', '/initiatives/{ini}', '/organisations/{org}', '/my/partners', '/my/requests/{req}', '/widget'] },
  { field: 'ini.titleEn', written: 'same', pages: ['/en/initiatives', '/en/initiatives/{ini}'] },
  { field: 'ini.summaryJa', written: 'same', pages: ['/initiatives', '/initiatives/{ini}'] },
  { field: 'ini.summaryEn', written: 'same', pages: ['/en/initiatives', '/en/initiatives/{ini}'] },
  { field: 'ini.url', written: 'same (URL)', pages: ['/initiatives/{ini}'], payloads: ['url'] },
  { field: 'ini.source', written: 'seed provenance', pages: ['/initiatives/{ini}'] },
  { field: 'ini.judgementNote', written: 'seed provenance', pages: ['/initiatives/{ini}'] },
  { field: 'sub.titleJa', written: 'createItem + submitForReview (submission in the queue)', pages: ['/moderation', '/moderation/items/{sub}', '/my/initiatives', '/my/history'] },
  { field: 'sub.summaryJa', written: 'same', pages: ['/moderation/items/{sub}'] },
  { field: 'rej.titleJa', written: 'createItem + submitForReview + reject', pages: ['/my/initiatives', '/my/initiatives/{rej}', '/moderation/history'] },
  { field: 'rej.note', written: 'reject(note): the reason the submitter sees', pages: ['/my/initiatives/{rej}', '/moderation/history'] },
  { field: 'user.displayName', written: 'register / invitation / /my/account form → users', pages: ['/my/members', '/admin/users', '/my/history'] },
  { field: 'event.titleJa', written: '/my/events form → event kind → approve (publishPayloads)', pages: ['/events', '/events/{event}', '/events/calendar', '/events/map', '/widget', '/events.ics'] },
  { field: 'event.titleEn', written: 'same', pages: ['/en/events', '/en/events/{event}'] },
  { field: 'event.descriptionJa', written: 'same', pages: ['/events/{event}'] },
  { field: 'event.descriptionEn', written: 'same', pages: ['/en/events/{event}'] },
  { field: 'event.venueJa', written: 'same', pages: ['/events', '/events/{event}'] },
  { field: 'event.venueEn', written: 'same', pages: ['/en/events/{event}'] },
  { field: 'event.accessibilityJa', written: 'same', pages: ['/events/{event}'] },
  { field: 'event.registrationUrl', written: 'same (URL)', pages: ['/events/{event}'], payloads: ['url'] },
  { field: 'adv.titleJa', written: '/my/advisories form → createAdvisory → publishAdvisoryNow', pages: ['/advisories', '/advisories/{adv}', '/widget', '/advisories.atom', '/my/advisories'] },
  { field: 'adv.titleEn', written: 'same', pages: ['/en/advisories', '/en/advisories/{adv}'] },
  { field: 'adv.whatJa', written: 'same (Markdown)', pages: ['/advisories/{adv}', '/advisories.atom'] },
  { field: 'adv.whatEn', written: 'same (Markdown)', pages: ['/en/advisories/{adv}'] },
  { field: 'adv.actionsJa', written: 'same (Markdown)', pages: ['/advisories/{adv}'] },
  { field: 'adv.linkLabel', written: 'same (links)', pages: ['/advisories/{adv}'] },
  { field: 'adv.linkUrl', written: 'same (links, URL)', pages: ['/advisories/{adv}'], payloads: ['url'] },
  { field: 'adv.correctionJa', written: 'saveAdvisory(correctionNote) → publishAdvisoryNow', pages: ['/advisories/{adv}'] },
  { field: 'adv.correctionEn', written: 'same', pages: ['/en/advisories/{adv}'] },
  { field: 'wdr.reason', written: 'withdrawAdvisory(note)', pages: ['/advisories/{wdr}', '/advisories?scope=all'] },
  { field: 'mat.titleJa', written: '/my/materials form → material kind → approve', pages: ['/materials', '/materials?q=', '/materials/{mat}', '/my/materials'] },
  { field: 'mat.titleEn', written: 'same', pages: ['/en/materials', '/en/materials/{mat}'] },
  { field: 'mat.summaryJa', written: 'same', pages: ['/materials', '/materials/{mat}'] },
  { field: 'mat.summaryEn', written: 'same', pages: ['/en/materials/{mat}'] },
  { field: 'mat.attribution', written: 'same', pages: ['/materials/{mat}'] },
  { field: 'mat.version', written: 'same', pages: ['/materials/{mat}'] },
  { field: 'mat.url', written: 'same (URL: a video or a page elsewhere)', pages: ['/materials/{mat}'], payloads: ['url'] },
  { field: 'mat.fileName', written: 'upload (multipart file name) → ingest, which keeps the last path part and replaces reserved characters', pages: ['/materials/{mat}'], payloads: ['sanitised'] },
  { field: 'decl.name', written: '/declarations/new form → insertPending → confirm (fixture)', pages: ['/declarations', '/declarations?q=', '/declarations/{decl}', '/admin/declarations'] },
  { field: 'decl.nameKana', written: 'same', pages: ['/declarations/{decl}'] },
  { field: 'decl.municipality', written: 'same', pages: ['/declarations/{decl}'] },
  { field: 'decl.website', written: 'same (URL)', pages: ['/declarations/{decl}'], payloads: ['url'] },
  { field: 'desk.nameJa', written: '/admin/desks form → insertDesk', pages: ['/desks', '/desks/{desk}', '/admin/desks'] },
  { field: 'desk.operatorJa', written: 'same', pages: ['/desks', '/desks/{desk}'] },
  { field: 'desk.summaryJa', written: 'same', pages: ['/desks', '/desks/{desk}'] },
  { field: 'desk.hoursJa', written: 'same', pages: ['/desks/{desk}'] },
  { field: 'desk.sourceName', written: 'same', pages: ['/desks/{desk}'] },
  { field: 'desk.sourceUrl', written: 'same (URL)', pages: ['/desks/{desk}'], payloads: ['url'] },
  { field: 'desk.webUrl', written: 'same (URL)', pages: ['/desks/{desk}'], payloads: ['url'] },
  { field: 'req.message', written: '/my/requests/new form → createRequest', pages: ['/my/requests/{req}'] },
  { field: 'req.reply', written: 'reply form → replyToRequest', pages: ['/my/requests/{req}'] },
  { field: 'hook.name', written: '/my/webhooks form → createEndpoint', pages: ['/my/webhooks', '/admin/webhooks'] },
  { field: 'measure.noteJa', written: '/admin/measures form → setMeasureStatus (all payloads in one note)', pages: ['/dashboard/measures', '/admin/measures'] },
  { field: 'measure.noteEn', written: 'same', pages: ['/en/dashboard/measures'] },
  { field: 'campaign.titleJa', written: '/moderation/campaigns form → createCampaign', pages: ['/campaigns', '/campaigns/{campaign}', '/moderation/campaigns'] },
  { field: 'campaign.titleEn', written: 'same', pages: ['/en/campaigns/{campaign}'] },
  { field: 'campaign.summaryJa', written: 'same', pages: ['/campaigns/{campaign}'] },
  { field: 'theme.titleJa', written: 'theme form → addTheme', pages: ['/campaigns/{campaign}'] },
  { field: 'theme.descriptionJa', written: 'same', pages: ['/campaigns/{campaign}'] },
  { field: 'kit.titleJa', written: 'partner-kit form → addKitEntry', pages: ['/campaigns/{campaign}'] },
  { field: 'kit.bodyJa', written: 'same', pages: ['/campaigns/{campaign}'] },
  { field: 'kit.url', written: 'same (URL)', pages: ['/campaigns/{campaign}'], payloads: ['url'] },
  { field: 'help.titleJa', written: '/admin/help JSON document → saveFlow', pages: ['/help'] },
  { field: 'help.titleEn', written: 'same', pages: ['/en/help'] },
  { field: 'help.introJa', written: 'same', pages: ['/help'] },
  { field: 'help.questionJa', written: 'same', pages: ['/help/what'] },
  { field: 'help.versionNote', written: 'same (the version\'s note)', pages: ['/admin/help'] },
  { field: 'kpi.note', written: '/admin/kpis form → setTarget', pages: ['/admin/kpis'] },
  { field: 'report.assessmentJa', written: '/admin/reports form → saveDraft → issueReport', pages: ['/reports/{report}'] },
  { field: 'report.assessmentEn', written: 'same', pages: ['/en/reports/{report}'] },
  { field: 'report.revisionsJa', written: 'same', pages: ['/reports/{report}'] },
  { field: 'survey.name', written: '/admin/surveys CSV upload → importSurveyCsv', pages: ['/dashboard/adoption', '/admin/surveys'] },
  { field: 'survey.nameEn', written: 'same', pages: ['/en/dashboard/adoption'] },
  { field: 'survey.question', written: 'same', pages: ['/dashboard/adoption'] },
  { field: 'survey.questionEn', written: 'same', pages: ['/en/dashboard/adoption'] },
  { field: 'survey.source', written: 'same', pages: ['/dashboard/adoption'] },
];

/** Query-string fields reflected on pages (every payload, NUL included). */
export const REFLECTED: { field: string; path: (value: string) => string; browser?: true }[] = [
  { field: 'q.initiatives', path: (v) => `/initiatives?q=${encodeURIComponent(v)}`, browser: true },
  { field: 'q.materials', path: (v) => `/en/materials?q=${encodeURIComponent(v)}` },
  { field: 'q.declarations', path: (v) => `/declarations?q=${encodeURIComponent(v)}` },
  { field: 'q.audience', path: (v) => `/advisories?audience=${encodeURIComponent(v)}` },
  { field: 'q.widget', path: (v) => `/widget?prefecture=${encodeURIComponent(v)}` },
  { field: 'q.help', path: (v) => `/help/result?what=${encodeURIComponent(v)}` },
  { field: 'q.login-next', path: (v) => `/login?next=${encodeURIComponent(v)}` },
  { field: 'path.404', path: (v) => `/no-such-page/${encodeURIComponent(v)}`, browser: true },
];

/** Every payload in `field`, one paragraph each (a paragraph per payload keeps Markdown payloads apart). */
export function allIn(field: string, payloads: readonly Payload[] = STORED_PAYLOADS): string {
  return payloads.map((p) => p.make(tagOf(field, p))).join('\n\n');
}

/** The tag of a URL field (one address per record: see urlPayload). */
export const urlTag = (field: string) => `${field}:url`;

/** The seed: the test fixture plus one organisation and its initiative whose every text field holds every payload. */
export function matrixSeed(payloads: readonly Payload[] = STORED_PAYLOADS): SeedData {
  const all = (f: string) => allIn(f, payloads);
  return {
    ...FIXTURE,
    organisations: [
      ...FIXTURE.organisations,
      { slug: 'xss-org', nameJa: all('org.nameJa'), nameEn: all('org.nameEn'), abbreviation: all('org.abbr'), kind: 'association', sector: 'private', website: urlPayload(urlTag('org.website')) },
      // The administrator's own organisation (sends the collaboration request, owns the other kinds).
      { slug: 'xss-home', nameJa: 'XSS 検査団体', nameEn: 'XSS test body', abbreviation: null, kind: 'association', sector: 'private', website: null },
    ],
    initiatives: [
      ...FIXTURE.initiatives,
      {
        slug: 'xss-ini',
        titleJa: all('ini.titleJa'),
        titleEn: all('ini.titleEn'),
        summaryJa: all('ini.summaryJa'),
        summaryEn: all('ini.summaryEn'),
        organisations: ['xss-org'],
        methods: ['tools'],
        audiences: ['seniors'],
        sector: 'private',
        regions: 'nationwide',
        url: urlPayload(urlTag('ini.url')),
        status: 'active',
        measures: [],
        judged: ['audiences'],
        judgementNote: all('ini.judgementNote'),
        source: all('ini.source'),
        sourceDate: '2019-01-24',
      },
    ],
  };
}

export interface MatrixPage {
  path: string;
  /** Payload tags the page must carry (in its text or its attributes). */
  fields: string[];
  /** Text the page must show, for values the service changes on the way in (file names), with the tag it stands for. */
  texts?: { tag: string; text: string }[];
  /** Needs the signed-in administrator (a member of xss-home). */
  signedIn?: boolean;
  status?: number;
}

export interface Written {
  pages: MatrixPage[];
  /** The administrator the signed-in pages use (TOTP), a member of xss-home. */
  admin: TestUser;
  /** What the services stored, to read back byte for byte. */
  stored: { table: 'initiatives' | 'organisations' | 'events' | 'declarations' | 'desks' | 'collaboration_messages' | 'users' | 'webhook_endpoints'; column: string; id: number; value: string }[];
}

/** Writes every other kind's payload record (after startTestApp with matrixSeed()). */
export async function writeMatrix(app: FastifyInstance, handle: DatabaseHandle, uploadDir: string, payloads: readonly Payload[] = STORED_PAYLOADS): Promise<Written> {
  const db = handle.db;
  const now = new Date();
  const stored: Written['stored'] = [];
  const pages: MatrixPage[] = [];
  const all = (f: string) => allIn(f, payloads);
  const tags = (...fields: string[]) => fields.flatMap((f) => payloads.map((p) => tagOf(f, p)));
  const orgId = async (slug: string) => (await db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const home = await orgId('xss-home');
  const xssOrg = await orgId('xss-org');
  await db.updateTable('organisations').set({ may_publish_advisories: 1 }).where('id', '=', home).execute();
  const current = async (u: TestUser): Promise<CurrentUser> => toCurrentUser(await db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow());

  const admin = await createUser(handle, { email: 'xss-admin@office.example', displayName: '管理 XSS', role: 'admin', totp: true, organisationId: home, orgRole: 'admin' });
  const moderator = await current(await createUser(handle, { email: 'xss-moderator@office.example', displayName: '審査 XSS', role: 'moderator' }));
  const adminActor = await current(admin);
  const ctx = (actor: CurrentUser): ContentContext => ({ database: handle, kinds: app.contentKinds, mailer: app.deps.mailer, baseUrl: app.deps.config.baseUrl, now: new Date(), actor, log: { error() {} } });
  const store = fileStore(uploadDir, 10_000_000);

  // The public initiative and its organisation (from the seed).
  const ini = await db.selectFrom('initiatives').select('id').where('slug', '=', 'xss-ini').executeTakeFirstOrThrow();
  stored.push({ table: 'initiatives', column: 'title_ja', id: ini.id, value: all('ini.titleJa') }, { table: 'organisations', column: 'name_ja', id: xssOrg, value: all('org.nameJa') });
  pages.push(
    { path: `/initiatives/${ini.id}`, fields: [...tags('ini.titleJa', 'ini.summaryJa', 'ini.source', 'ini.judgementNote', 'org.nameJa'), urlTag('ini.url')] },
    { path: `/en/initiatives/${ini.id}`, fields: tags('ini.titleEn', 'ini.summaryEn', 'org.nameEn') },
    { path: '/organisations/xss-org', fields: [...tags('org.nameJa', 'org.abbr', 'ini.titleJa'), urlTag('org.website')] },
    { path: '/en/organisations/xss-org', fields: tags('org.nameEn') },
  );

  // A member with a payload display name; a submission in the queue and a rejected one with a payload reason.
  const member = await createUser(handle, { email: 'xss-member@org.example', displayName: all('user.displayName'), organisationId: home, orgRole: 'member' });
  stored.push({ table: 'users', column: 'display_name', id: member.id, value: all('user.displayName') });
  const memberActor = await current(member);
  const base: InitiativePayload = { titleJa: '', titleEn: '', summaryJa: '', summaryEn: '', sector: 'private', audiences: ['seniors'], methods: ['tools'], nationwide: true, prefectures: [], url: null, status: 'active', measures: [] };
  const sub = await createItem(ctx(memberActor), 'initiative', { ...base, titleJa: all('sub.titleJa'), titleEn: 'Submitted', summaryJa: all('sub.summaryJa') });
  await submitForReview(ctx(memberActor), sub);
  const rej = await createItem(ctx(memberActor), 'initiative', { ...base, titleJa: all('rej.titleJa'), titleEn: 'Rejected' });
  await submitForReview(ctx(memberActor), rej);
  await reject(ctx(moderator), rej, all('rej.note'));
  pages.push(
    { path: `/moderation/items/${sub}`, fields: tags('sub.titleJa', 'sub.summaryJa'), signedIn: true },
    { path: `/my/initiatives/${rej}`, fields: tags('rej.titleJa', 'rej.note'), signedIn: true },
  );

  // An event.
  const event: StoredEventPayload = {
    titleJa: all('event.titleJa'),
    titleEn: all('event.titleEn'),
    descriptionJa: all('event.descriptionJa'),
    descriptionEn: all('event.descriptionEn'),
    startDate: '2027-02-10',
    endDate: '2027-02-10',
    startTime: '10:00',
    endTime: '12:00',
    allDay: false,
    attendance: 'onsite',
    prefecture: '13',
    venueJa: all('event.venueJa'),
    venueEn: all('event.venueEn'),
    audiences: ['seniors'],
    initiativeId: null,
    feeYen: 0,
    capacity: null,
    registrationUrl: urlPayload(urlTag('event.registrationUrl')),
    accessibilityJa: all('event.accessibilityJa'),
    accessibilityEn: all('event.accessibilityJa'),
    campaignId: null,
    cancelled: false,
  };
  const [eventId] = await publishPayloads(handle, [event], { ownerId: home, now: now.toISOString() });
  stored.push({ table: 'events', column: 'title_ja', id: eventId!, value: all('event.titleJa') });
  pages.push(
    { path: `/events/${eventId}`, fields: [...tags('event.titleJa', 'event.descriptionJa', 'event.venueJa', 'event.accessibilityJa'), urlTag('event.registrationUrl')] },
    { path: `/en/events/${eventId}`, fields: tags('event.titleEn', 'event.descriptionEn', 'event.venueEn') },
  );

  // Advisories: one published and corrected, one withdrawn.
  const advisory: AdvisoryPayload = {
    titleJa: all('adv.titleJa'),
    titleEn: all('adv.titleEn'),
    whatJa: all('adv.whatJa'),
    whatEn: all('adv.whatEn'),
    actionsJa: all('adv.actionsJa'),
    actionsEn: all('adv.actionsJa'),
    severity: 'warning',
    audiences: ['seniors'],
    nationwide: true,
    prefectures: [],
    links: [{ url: urlPayload(urlTag('adv.linkUrl')), label: all('adv.linkLabel') }],
    validUntil: null,
    correctionNoteJa: '',
    correctionNoteEn: '',
  };
  const a = await createAdvisory(ctx(moderator), advisory, home);
  await publishAdvisoryNow(ctx(moderator), a);
  await saveAdvisory(ctx(moderator), a, { ...advisory, correctionNoteJa: all('adv.correctionJa'), correctionNoteEn: all('adv.correctionEn') });
  await publishAdvisoryNow(ctx(moderator), a);
  const w = await createAdvisory(ctx(moderator), { ...advisory, titleJa: '取り下げた注意喚起', titleEn: 'Withdrawn advisory' }, home);
  await publishAdvisoryNow(ctx(moderator), w);
  await withdrawAdvisory(ctx(moderator), w, all('wdr.reason'));
  const publicId = async (item: number) => (await db.selectFrom('content_items').select('public_id').where('id', '=', item).executeTakeFirstOrThrow()).public_id;
  const pa = await publicId(a);
  pages.push(
    { path: `/advisories/${pa}`, fields: [...tags('adv.titleJa', 'adv.whatJa', 'adv.actionsJa', 'adv.linkLabel', 'adv.correctionJa'), urlTag('adv.linkUrl')] },
    { path: `/en/advisories/${pa}`, fields: tags('adv.titleEn', 'adv.whatEn', 'adv.correctionEn') },
    { path: `/advisories/${await publicId(w)}`, fields: tags('wdr.reason') },
  );

  // A material; its file's name is a payload too, though the upload keeps only the last path part and
  // replaces reserved characters (what is left is checked as text).
  const up = await ingest(store, Readable.from([PNG]), `x" onmouseover="${MARKER}(1)" <img src=x onerror=${MARKER}(2)>.png`);
  if (!up.ok) throw new Error(`material file refused: ${up.reason}`);
  const material: MaterialPayload = {
    titleJa: all('mat.titleJa'),
    titleEn: all('mat.titleEn'),
    summaryJa: all('mat.summaryJa'),
    summaryEn: all('mat.summaryEn'),
    format: 'poster',
    audiences: ['seniors'],
    language: 'ja',
    licence: 'cc-by-4.0',
    attribution: all('mat.attribution'),
    version: all('mat.version'),
    issuedOn: '2026-04-01',
    url: urlPayload(urlTag('mat.url')),
    file: { sha256: up.file.sha256, size: up.file.size, mediaType: up.file.mediaType, name: up.file.name, uploadedAt: now.toISOString() },
    initiatives: [],
    events: [],
  };
  const m = await createItem(ctx(memberActor), MATERIAL_KIND, material);
  await submitForReview(ctx(memberActor), m);
  await approve(ctx(moderator), m, '');
  const pm = await publicId(m);
  pages.push(
    { path: `/materials/${pm}`, fields: [...tags('mat.titleJa', 'mat.summaryJa', 'mat.attribution', 'mat.version'), urlTag('mat.url')], texts: [{ tag: 'mat.fileName:sanitised', text: up.file.name }] },
    { path: `/en/materials/${pm}`, fields: tags('mat.titleEn', 'mat.summaryEn') },
  );

  // A declaration.
  const d = await insertActiveDeclaration(handle, { name: all('decl.name'), nameKana: all('decl.nameKana'), municipality: all('decl.municipality'), website: urlPayload(urlTag('decl.website')) }, 'xss-decl@example.jp', now);
  stored.push({ table: 'declarations', column: 'name', id: d.id, value: all('decl.name') });
  pages.push({ path: `/declarations/${d.number}`, fields: [...tags('decl.name', 'decl.nameKana', 'decl.municipality'), urlTag('decl.website')] });

  // A desk.
  const deskId = await insertDesk(
    db,
    {
      slug: 'xss-desk',
      operatorJa: all('desk.operatorJa'),
      operatorEn: all('desk.operatorJa'),
      nameJa: all('desk.nameJa'),
      nameEn: all('desk.nameJa'),
      summaryJa: all('desk.summaryJa'),
      summaryEn: all('desk.summaryJa'),
      topics: ['fraud'],
      audiences: ['individuals'],
      phone: null,
      webUrl: urlPayload(urlTag('desk.webUrl')),
      email: null,
      hoursJa: all('desk.hoursJa'),
      hoursEn: all('desk.hoursJa'),
      prefecture: null,
      sourceName: all('desk.sourceName'),
      sourceUrl: urlPayload(urlTag('desk.sourceUrl')),
      checkedOn: '2026-11-01',
      judged: false,
      judgementNote: '',
      position: 1000,
    },
    now.toISOString(),
  );
  if (deskId === null) throw new Error('desk not inserted');
  stored.push({ table: 'desks', column: 'name_ja', id: deskId, value: all('desk.nameJa') });
  pages.push({ path: `/desks/${deskId}`, fields: [...tags('desk.nameJa', 'desk.operatorJa', 'desk.summaryJa', 'desk.hoursJa', 'desk.sourceName'), urlTag('desk.webUrl'), urlTag('desk.sourceUrl')] });

  // A collaboration request from xss-home (the administrator's organisation) to join xss-ini, and a reply.
  const rctx = { database: handle, kinds: app.contentKinds, mailer: app.deps.mailer, baseUrl: app.deps.config.baseUrl, now: new Date(), actor: adminActor, log: { error() {} } };
  const r = await createRequest(rctx, { org: 'xss-org', initiative: ini.id, message: all('req.message') });
  if (!r.ok) throw new Error(`request not created: ${JSON.stringify(r.errors)}`);
  const reply = await replyToRequest(rctx, r.id, all('req.reply'));
  if (!reply.ok) throw new Error(`reply refused: ${JSON.stringify(reply.errors)}`);
  pages.push({ path: `/my/requests/${r.id}`, fields: tags('req.message', 'req.reply', 'ini.titleJa', 'org.nameJa'), signedIn: true });

  // A webhook endpoint of xss-home.
  await createEndpoint({ database: handle, now: new Date(), actor: adminActor }, home, { name: all('hook.name'), url: 'https://hooks.example.org/lastmile', locale: 'ja', prefecture: null, audiences: [], includeEvents: false, includeMaterials: false });

  // A strategy measure's implementation notes.
  if (!(await setMeasureStatus(handle, adminActor, { slug: 'participation', status: 'in_progress', noteJa: all('measure.noteJa'), noteEn: all('measure.noteEn') }, now))) throw new Error('measure missing');

  // A campaign of the program office, with a theme and a partner-kit entry.
  const cctx = { database: handle, actor: adminActor, now };
  const campaign = await createCampaign(cctx, { titleJa: all('campaign.titleJa'), titleEn: all('campaign.titleEn'), summaryJa: all('campaign.summaryJa'), summaryEn: all('campaign.summaryJa'), startDate: '2027-04-01', endDate: '2027-04-30' });
  await addTheme(cctx, campaign, { titleJa: all('theme.titleJa'), titleEn: all('theme.titleJa'), descriptionJa: all('theme.descriptionJa'), descriptionEn: all('theme.descriptionJa') });
  await addKitEntry(cctx, campaign, { kind: KIT_KINDS[0], titleJa: all('kit.titleJa'), titleEn: all('kit.titleJa'), bodyJa: all('kit.bodyJa'), bodyEn: all('kit.bodyJa'), url: urlPayload(urlTag('kit.url')) });
  pages.push(
    { path: `/campaigns/${campaign}`, fields: [...tags('campaign.titleJa', 'campaign.summaryJa', 'theme.titleJa', 'theme.descriptionJa', 'kit.titleJa', 'kit.bodyJa'), urlTag('kit.url')] },
    { path: `/en/campaigns/${campaign}`, fields: tags('campaign.titleEn') },
  );

  // A KPI target's note (shown publicly) and an evaluation report's assessment and revisions, issued.
  await setTarget(handle, adminActor, { indicator: INDICATORS[0]!.key, period: 'fy2026', target: 50, note: all('kpi.note') }, now);
  const report = await createDraft(handle, adminActor, { kind: 'year', fiscalYear: 2026, campaign: null, replaces: null }, now);
  await saveReportDraft(handle, adminActor, report, { assessmentJa: all('report.assessmentJa'), assessmentEn: all('report.assessmentEn'), revisionsJa: all('report.revisionsJa'), revisionsEn: all('report.revisionsJa') }, now);
  if ((await issueReport(kpiContextFor(handle, now), adminActor, report)) !== 'issued') throw new Error('report not issued');
  pages.push({ path: `/reports/${report}`, fields: tags('report.assessmentJa', 'report.revisionsJa') }, { path: `/en/reports/${report}`, fields: tags('report.assessmentEn') });

  // The guided path's texts, edited by the office as a JSON document (the default one with payloads in
  // its title, introduction and first question).
  const flow = JSON.parse(DEFAULT_FLOW_TEXT) as { title: { ja: string; en: string }; intro: { ja: string; en: string }; questions: { text: { ja: string; en: string }; hint?: { ja: string; en: string } }[] };
  flow.title = { ja: all('help.titleJa'), en: all('help.titleEn') };
  flow.intro = { ja: all('help.introJa'), en: all('help.introJa') };
  flow.questions[0]!.text = { ja: all('help.questionJa'), en: all('help.questionJa') };
  const saved = await saveFlow({ database: handle, now, actor: adminActor }, JSON.stringify(flow), all('help.versionNote'));
  if (saved.version === null) throw new Error(`help flow refused: ${JSON.stringify(saved.issues.slice(0, 3))}`);
  pages.push(
    { path: '/help', fields: tags('help.titleJa', 'help.introJa') },
    { path: '/en/help', fields: tags('help.titleEn') },
    { path: '/help/what', fields: tags('help.questionJa') },
    { path: '/admin/help', fields: tags('help.versionNote'), signedIn: true },
  );

  // External survey figures imported from CSV by the office, linked to a basic measure (the note column
  // is stored but no page shows it).
  const csvField = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const csv = ['survey,year,question,audience,value,sample_size,source,measure,unit,fieldwork,survey_en,question_en,note']
    .concat(payloads.map((p, i) => [p.make(tagOf('survey.name', p)), String(2000 + i), p.make(tagOf('survey.question', p)), 'individuals', '50.5', '1000', p.make(tagOf('survey.source', p)), 'personal:5', 'percent', '', p.make(tagOf('survey.nameEn', p)), p.make(tagOf('survey.questionEn', p)), p.make(tagOf('survey.note', p))].map(csvField).join(',')))
    .join('\r\n');
  const imported = await importSurveyCsv(handle, { bytes: csv, fileName: 'xss.csv', actor: adminActor, now: now.toISOString() });
  if (!imported.ok) throw new Error(`survey import refused: ${JSON.stringify(imported.issues.slice(0, 3))}`);
  pages.push(
    { path: '/dashboard/adoption', fields: tags('survey.name', 'survey.question', 'survey.source') },
    { path: '/en/dashboard/adoption', fields: tags('survey.nameEn', 'survey.questionEn') },
  );

  pages.push(
    { path: '/initiatives?audience=seniors', fields: tags('ini.titleJa', 'ini.summaryJa', 'org.nameJa') },
    { path: '/en/initiatives?audience=seniors', fields: tags('ini.titleEn', 'ini.summaryEn', 'org.nameEn') },
    { path: '/organisations', fields: tags('org.nameJa', 'org.abbr') },
    { path: '/en/organisations', fields: tags('org.nameEn') },
    { path: '/events?when=all', fields: tags('event.titleJa', 'event.venueJa') },
    { path: '/en/events?when=all', fields: tags('event.titleEn') },
    { path: '/events/calendar?month=2027-02', fields: tags('event.titleJa') },
    { path: '/events/map?when=all', fields: [] },
    { path: '/advisories?scope=all', fields: tags('adv.titleJa') },
    { path: '/en/advisories?scope=all', fields: tags('adv.titleEn') },
    { path: '/materials', fields: tags('mat.titleJa', 'mat.summaryJa') },
    { path: '/en/materials', fields: tags('mat.titleEn') },
    { path: '/declarations', fields: tags('decl.name') },
    { path: '/desks', fields: tags('desk.nameJa') },
    { path: '/widget?audience=seniors', fields: tags('adv.titleJa') },
    { path: '/widget?audience=seniors&kinds=events&limit=10', fields: tags('event.titleJa') },
    { path: '/widget/about?audience=seniors', fields: [] },
    { path: '/dashboard/measures?period=all', fields: tags('measure.noteJa') },
    { path: '/en/dashboard/measures?period=all', fields: tags('measure.noteEn') },
    { path: '/moderation', fields: tags('sub.titleJa'), signedIn: true },
    { path: '/moderation/history', fields: [], signedIn: true },
    { path: '/my', fields: [], signedIn: true },
    { path: '/my/initiatives', fields: tags('sub.titleJa', 'rej.titleJa'), signedIn: true },
    { path: '/my/members', fields: tags('user.displayName'), signedIn: true },
    { path: '/my/history', fields: [], signedIn: true },
    { path: '/my/partners', fields: [], signedIn: true },
    { path: '/my/requests', fields: [], signedIn: true },
    { path: '/my/webhooks', fields: tags('hook.name'), signedIn: true },
    { path: '/my/advisories', fields: tags('adv.titleJa'), signedIn: true },
    { path: '/my/materials', fields: tags('mat.titleJa'), signedIn: true },
    { path: '/my/events', fields: tags('event.titleJa'), signedIn: true },
    { path: '/admin', fields: [], signedIn: true },
    { path: '/admin/users', fields: tags('user.displayName'), signedIn: true },
    { path: '/admin/webhooks', fields: [], signedIn: true },
    { path: '/admin/desks', fields: tags('desk.nameJa'), signedIn: true },
    { path: '/admin/declarations', fields: tags('decl.name'), signedIn: true },
    { path: '/admin/measures', fields: [], signedIn: true },
    { path: '/admin/kpis?period=fy2026', fields: tags('kpi.note'), signedIn: true },
    { path: '/admin/surveys', fields: [], signedIn: true },
    { path: '/admin/reports', fields: [], signedIn: true },
    { path: '/campaigns', fields: tags('campaign.titleJa') },
    { path: '/moderation/campaigns', fields: tags('campaign.titleJa'), signedIn: true },
    { path: '/reports', fields: [] },
  );
  return { pages, admin, stored };
}
