// The columns of each kind's sheet: how a header is recognised (the stable key, or the Japanese or
// English label of the template), what a cell may hold, and how cells become the same form body the
// web form sends — so an imported row passes exactly the validation of a row typed in by hand
// (readInitiativeForm, readEventForm, readMaterialForm), and the form's errors map back to columns.
import type { Db } from '../db/database.ts';
import { campaignChoices } from '../events/repository.ts';
import { readEventForm, toFieldErrors, type EventFormChoices } from '../events/form.ts';
import { normaliseEventPayload } from '../events/form.ts';
import type { StoredEventPayload } from '../events/event-kind.ts';
import { ATTENDANCE_LABELS, ATTENDANCES } from '../events/model.ts';
import { readInitiativeForm, normalisePayload as normaliseInitiative, type InitiativePayload } from '../content/initiative-kind.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import { normaliseMaterial, readMaterialForm } from '../materials/material-kind.ts';
import { LICENCE_INFO, LICENCES, MATERIAL_FORMAT_LABELS, MATERIAL_FORMATS, MATERIAL_LANGUAGE_LABELS, MATERIAL_LANGUAGES, type MaterialFileRef, type MaterialPayload } from '../materials/model.ts';
import { listMeasures } from '../strategy/repository.ts';
import { PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES, INITIATIVE_STATUS_LABELS, INITIATIVE_STATUSES, METHOD_LABELS, METHODS, SECTOR_LABELS, SECTORS } from '../taxonomy/taxonomy.ts';
import type { FieldErrors } from '../web/form.tsx';
import type { CellProblem, ImportKind } from './model.ts';
import { parseBoolean, parseDate, parseInteger, parseTime, splitList, toHalfWidth } from './values.ts';

export type ColumnType = 'id' | 'organisation' | 'text' | 'long' | 'enum' | 'enums' | 'coverage' | 'prefecture' | 'date' | 'time' | 'integer' | 'fee' | 'boolean' | 'url' | 'numbers' | 'slugs';

export interface Choice {
  value: string;
  label: Text;
  aliases?: string[];
}

export interface Column {
  /** Stable English key: accepted as a header, used in messages and the form body. */
  key: string;
  label: Text;
  help: Text;
  required: boolean;
  example: Text;
  type: ColumnType;
  choices?: readonly Choice[];
  /** Form fields whose errors belong to this column (default: [key]). */
  fields?: string[];
}

/** What validating a row needs from the database, loaded once per organisation and import. */
export interface KindEnv {
  db: Db;
  organisationId: number;
  knownMeasures: ReadonlySet<string>;
  eventChoices: EventFormChoices & { campaigns: Map<number, Text>; initiatives: Map<number, Text> };
}

export interface KindSpec {
  kind: ImportKind;
  /** The content workflow's kind name (content_items.kind). */
  contentKind: string;
  columns: readonly Column[];
  /** Form body from converted cells (keys are column keys), plus kind-specific fields. */
  toBody(cells: Record<string, string | string[]>): Record<string, string | string[]>;
  /** The kind's own form validation; `existing` is the payload being replaced (materials keep their file). */
  validate(env: KindEnv, body: Record<string, string | string[]>, existing: unknown | null): Promise<{ payload: unknown; errors: FieldErrors }>;
  /** Cells of a stored payload for export, in the locale's labels (the importer reads either language). */
  toCells(payload: unknown, locale: Locale): Record<string, string>;
  title(payload: unknown): string;
  /** Payload with defaults filled in, for comparing an import with what is stored. */
  normalise(payload: unknown): unknown;
}

const t = (ja: string, en: string): Text => ({ ja, en });

const ID_COLUMN: Column = {
  key: 'id',
  label: t('ID（管理番号）', 'ID'),
  help: t(
    '行ごとに決めた番号や記号（貴団体の管理番号など、100文字以内）。同じIDの行を再び取り込むと、新規登録ではなく更新になります。ポータルで作成した項目は「LM-123」の形で書き出されます。空欄の場合は、同じ名称の項目があれば更新として扱います。',
    'A code of your own for the row (up to 100 characters). Importing a row with the same ID again updates the entry instead of adding a new one. Entries made on the portal are exported as "LM-123". When empty, an existing entry with the same title is updated.',
  ),
  required: false,
  example: t('EV-2027-001', 'EV-2027-001'),
  type: 'id',
};

const ORG_COLUMN: Column = {
  key: 'organisation',
  label: t('団体（識別子）', 'Organisation (identifier)'),
  help: t('事務局がまとめて取り込む場合のみ：行の項目を所有する団体の識別子（団体ページのURLの末尾）。', 'Program office imports only: the identifier of the organisation that owns the row (the end of its page address).'),
  required: false,
  example: t('jnsa', 'jnsa'),
  type: 'organisation',
};

const choicesOf = <K extends string>(values: readonly K[], labels: Record<K, Text>, aliases: Partial<Record<K, string[]>> = {}): Choice[] =>
  values.map((v) => ({ value: v, label: { ja: labels[v].ja, en: labels[v].en }, aliases: aliases[v] }));

const AUDIENCE_CHOICES = choicesOf(AUDIENCES, AUDIENCE_LABELS, {
  youth: ['若者', '若年者', '青少年'],
  working_age: ['社会人', '勤労者'],
  seniors: ['高齢', 'シニア'],
  micro_business: ['小規模事業者', '個人事業主'],
  sme: ['中小企業者'],
  local_government: ['自治体', '地方公共団体'],
});
const METHOD_CHOICES = choicesOf(METHODS, METHOD_LABELS, { events: ['イベント', 'セミナー', '講演', '講習会', 'events', 'seminars'], tools: ['ツール', 'コンテンツ', 'tools', 'content'], info_desk: ['情報発信', '相談窓口', '窓口', 'help desk'] });
const SECTOR_CHOICES = choicesOf(SECTORS, SECTOR_LABELS, { public: ['公的機関', '公的', '公共', '官', '行政'], private: ['民間', '民', '民間企業'] });
const PREFECTURE_CHOICES: Choice[] = PREFECTURES.map((p) => ({ value: p.code, label: { ja: p.ja, en: p.en }, aliases: [p.ja.replace(/[都府県]$/, ''), String(Number(p.code))] }));

const listHelp = (what: string, whatEn: string, choices: readonly Choice[]): Text => ({
  ja: `${what}。複数のときは「;」か「、」で区切ります。使える値：${choices.map((c) => c.label.ja).join('、')}`,
  en: `${whatEn}. Separate several with ";". Values: ${choices.map((c) => c.label.en).join('; ')}`,
});
const oneHelp = (what: string, whatEn: string, choices: readonly Choice[]): Text => ({
  ja: `${what}。使える値：${choices.map((c) => c.label.ja).join('、')}`,
  en: `${whatEn}. Values: ${choices.map((c) => c.label.en).join('; ')}`,
});

// ------------------------------------------------------------------ initiatives

const INITIATIVE_COLUMNS: Column[] = [
  ID_COLUMN,
  ORG_COLUMN,
  { key: 'titleJa', label: t('取組名（日本語）', 'Title (Japanese)'), help: t('必須。200文字以内。', 'Required. Up to 200 characters.'), required: true, example: t('高齢者向けスマホ安全教室', 'スマホ安全教室'), type: 'text' },
  { key: 'titleEn', label: t('取組名（英語）', 'Title (English)'), help: t('任意。200文字以内。', 'Optional. Up to 200 characters.'), required: false, example: t('Smartphone safety class', 'Smartphone safety class'), type: 'text' },
  { key: 'summaryJa', label: t('概要（日本語）', 'Summary (Japanese)'), help: t('必須。2,000文字以内。', 'Required. Up to 2,000 characters.'), required: true, example: t('公民館で月1回、詐欺メールの見分け方を実演します。', '公民館で月1回…'), type: 'long' },
  { key: 'summaryEn', label: t('概要（英語）', 'Summary (English)'), help: t('任意。2,000文字以内。', 'Optional. Up to 2,000 characters.'), required: false, example: t('', 'Monthly class at the community centre.'), type: 'long' },
  { key: 'sector', label: t('官民区分', 'Sector'), help: oneHelp('必須。「公的機関」か「民間」', 'Required. "Public" or "Private"', SECTOR_CHOICES), required: true, example: t('民間', 'Private'), type: 'enum', choices: SECTOR_CHOICES },
  { key: 'audiences', label: t('対象', 'Audiences'), help: listHelp('必須', 'Required', AUDIENCE_CHOICES), required: true, example: t('高齢者; 小規模企業者', 'Older people; Micro businesses'), type: 'enums', choices: AUDIENCE_CHOICES },
  { key: 'methods', label: t('手法', 'Methods'), help: listHelp('必須', 'Required', METHOD_CHOICES), required: true, example: t(METHOD_LABELS.events.ja, METHOD_LABELS.events.en), type: 'enums', choices: METHOD_CHOICES },
  {
    key: 'prefectures',
    label: t('実施地域', 'Where'),
    help: t('必須。「全国」、または都道府県名（複数は「;」で区切る）。', 'Required. "Nationwide", or prefecture names separated by ";".'),
    required: true,
    example: t('東京都; 神奈川県', 'Tokyo; Kanagawa'),
    type: 'coverage',
    choices: PREFECTURE_CHOICES,
    fields: ['coverage', 'prefectures'],
  },
  { key: 'url', label: t('URL', 'Web address'), help: t('任意。https:// で始まるアドレス。', 'Optional. An address starting with https://.'), required: false, example: t('https://example.jp/class', 'https://example.jp/class'), type: 'url' },
  { key: 'status', label: t('実施状況', 'Status'), help: oneHelp('空欄は「実施中」', 'Empty means running', choicesOf(INITIATIVE_STATUSES, INITIATIVE_STATUS_LABELS)), required: false, example: t(INITIATIVE_STATUS_LABELS.active.ja, INITIATIVE_STATUS_LABELS.active.en), type: 'enum', choices: choicesOf(INITIATIVE_STATUSES, INITIATIVE_STATUS_LABELS) },
  { key: 'measures', label: t('戦略上の位置付け（識別子）', 'Strategy measures (identifiers)'), help: t('任意。戦略の施策の識別子を「;」で区切って。', 'Optional. Identifiers of strategy measures, separated by ";".'), required: false, example: t('', ''), type: 'slugs' },
];

const initiatives: KindSpec = {
  kind: 'initiatives',
  contentKind: 'initiative',
  columns: INITIATIVE_COLUMNS,
  toBody(c) {
    const prefs = c.prefectures;
    const nationwide = prefs === 'nationwide';
    return { ...c, coverage: prefs === '' || prefs === undefined ? '' : nationwide ? 'nationwide' : 'prefectures', prefectures: nationwide || !Array.isArray(prefs) ? [] : prefs };
  },
  async validate(env, body) {
    const { payload, errors } = readInitiativeForm(body, env.knownMeasures);
    // The form's message assumes a list to choose from; a sheet names what it does not know.
    const unknown = (Array.isArray(body.measures) ? body.measures : []).filter((m) => !env.knownMeasures.has(m));
    if (errors.measures && unknown.length) {
      errors.measures = { ja: `戦略の施策「${unknown.join('」「')}」はありません。戦略との対応のページにある識別子を書いてください。`, en: `There is no strategy measure "${unknown.join('", "')}". Use the identifiers on the strategy page.` };
    }
    return { payload, errors };
  },
  toCells(p0, locale) {
    const p = normaliseInitiative(p0 as InitiativePayload);
    return {
      titleJa: p.titleJa,
      titleEn: p.titleEn,
      summaryJa: p.summaryJa,
      summaryEn: p.summaryEn,
      sector: p.sector === 'public' ? (locale === 'ja' ? '公的機関' : 'Public') : locale === 'ja' ? '民間' : 'Private',
      audiences: joinLabels(p.audiences, AUDIENCE_CHOICES, locale),
      methods: joinLabels(p.methods, METHOD_CHOICES, locale),
      prefectures: p.nationwide ? (locale === 'ja' ? '全国' : 'Nationwide') : joinLabels(p.prefectures, PREFECTURE_CHOICES, locale),
      url: p.url ?? '',
      status: INITIATIVE_STATUS_LABELS[p.status]?.[locale] ?? p.status,
      measures: p.measures.join('; '),
    };
  },
  title: (p) => (p as InitiativePayload).titleJa,
  normalise: (p) => {
    const n = normaliseInitiative(p as InitiativePayload);
    return { titleJa: n.titleJa, titleEn: n.titleEn, summaryJa: n.summaryJa, summaryEn: n.summaryEn, sector: n.sector, audiences: n.audiences, methods: n.methods, nationwide: n.nationwide, prefectures: n.prefectures, url: n.url, status: n.status, measures: n.measures };
  },
};

// ------------------------------------------------------------------ events

const ATTENDANCE_CHOICES = choicesOf(ATTENDANCES, ATTENDANCE_LABELS, { onsite: ['会場開催', '対面'], online: ['online', 'ウェブ'], hybrid: ['ハイブリッド'] });

const EVENT_COLUMNS: Column[] = [
  ID_COLUMN,
  ORG_COLUMN,
  { key: 'titleJa', label: t('イベント名（日本語）', 'Title (Japanese)'), help: t('必須。200文字以内。', 'Required. Up to 200 characters.'), required: true, example: t('親子で学ぶネット安全教室', 'ネット安全教室'), type: 'text' },
  { key: 'titleEn', label: t('イベント名（英語）', 'Title (English)'), help: t('任意。', 'Optional.'), required: false, example: t('', 'Internet safety class'), type: 'text' },
  { key: 'descriptionJa', label: t('内容（日本語）', 'Description (Japanese)'), help: t('必須。4,000文字以内。', 'Required. Up to 4,000 characters.'), required: true, example: t('スマートフォンの設定を一緒に確認します。', 'スマートフォンの設定…'), type: 'long' },
  { key: 'descriptionEn', label: t('内容（英語）', 'Description (English)'), help: t('任意。', 'Optional.'), required: false, example: t('', ''), type: 'long' },
  { key: 'startDate', label: t('開始日', 'Start date'), help: t('必須。2027-02-01、2027/2/1、2027年2月1日、令和9年2月1日 のいずれの形でも読めます。', 'Required. 2027-02-01, 2027/2/1, 2027年2月1日 or 令和9年2月1日.'), required: true, example: t('2027-02-01', '2027-02-01'), type: 'date' },
  { key: 'startTime', label: t('開始時刻', 'Start time'), help: t('13:30 の形（24時間制）。開始・終了時刻とも空欄なら終日。', '13:30 (24-hour). Leave both times empty for an all-day event.'), required: false, example: t('13:30', '13:30'), type: 'time' },
  { key: 'endDate', label: t('終了日', 'End date'), help: t('空欄なら開始日と同じ。', 'Empty means the start date.'), required: false, example: t('2027-02-01', '2027-02-01'), type: 'date' },
  { key: 'endTime', label: t('終了時刻', 'End time'), help: t('13:30 の形（24時間制）。', '13:30 (24-hour).'), required: false, example: t('15:00', '15:00'), type: 'time' },
  { key: 'attendance', label: t('開催形式', 'Attendance'), help: oneHelp('必須', 'Required', ATTENDANCE_CHOICES), required: true, example: t('会場', 'On site'), type: 'enum', choices: ATTENDANCE_CHOICES },
  { key: 'venueJa', label: t('会場（日本語）', 'Venue (Japanese)'), help: t('会場で開く場合は必須。', 'Required for events on site.'), required: false, example: t('○○市民会館 3階', '○○市民会館'), type: 'text' },
  { key: 'venueEn', label: t('会場（英語）', 'Venue (English)'), help: t('任意。', 'Optional.'), required: false, example: t('', ''), type: 'text' },
  { key: 'prefecture', label: t('都道府県', 'Prefecture'), help: t('会場で開く場合は必須。都道府県名（東京都、Tokyo）かコード（13）。', 'Required for events on site. A prefecture name (東京都, Tokyo) or code (13).'), required: false, example: t('東京都', 'Tokyo'), type: 'prefecture', choices: PREFECTURE_CHOICES },
  { key: 'feeYen', label: t('参加費（円）', 'Fee (yen)'), help: t('必須。無料は 0 または「無料」。', 'Required. 0 or "free" when free.'), required: true, example: t('0', '0'), type: 'fee' },
  { key: 'capacity', label: t('定員', 'Capacity'), help: t('任意。人数（整数）。', 'Optional. A whole number.'), required: false, example: t('40', '40'), type: 'integer' },
  { key: 'registrationUrl', label: t('申込みURL', 'Registration page'), help: t('任意。https:// で始まるアドレス。', 'Optional. An address starting with https://.'), required: false, example: t('https://example.jp/apply', 'https://example.jp/apply'), type: 'url' },
  { key: 'audiences', label: t('対象', 'Audiences'), help: listHelp('必須', 'Required', AUDIENCE_CHOICES), required: true, example: t('高齢者', 'Older people'), type: 'enums', choices: AUDIENCE_CHOICES },
  { key: 'accessibilityJa', label: t('配慮・バリアフリー（日本語）', 'Accessibility (Japanese)'), help: t('任意。', 'Optional.'), required: false, example: t('車いす席あり', ''), type: 'long' },
  { key: 'accessibilityEn', label: t('配慮・バリアフリー（英語）', 'Accessibility (English)'), help: t('任意。', 'Optional.'), required: false, example: t('', 'Wheelchair spaces'), type: 'long' },
  { key: 'initiative', label: t('取組番号', 'Initiative number'), help: t('任意。貴団体の公開済みの取組の番号。', 'Optional. The number of one of your published initiatives.'), required: false, example: t('', ''), type: 'integer' },
  { key: 'campaign', label: t('キャンペーン番号', 'Campaign number'), help: t('任意。キャンペーンの番号。', 'Optional. The number of a campaign.'), required: false, example: t('', ''), type: 'integer' },
  { key: 'cancelled', label: t('中止', 'Cancelled'), help: t('中止したイベントは「はい」。空欄は「いいえ」。', '"yes" for a cancelled event. Empty means no.'), required: false, example: t('いいえ', 'no'), type: 'boolean' },
];

const events: KindSpec = {
  kind: 'events',
  contentKind: 'event',
  columns: EVENT_COLUMNS,
  toBody(c) {
    const allDay = !c.startTime && !c.endTime;
    return { ...c, allDay: allDay ? '1' : '', cancelled: c.cancelled === 'true' ? '1' : '' };
  },
  async validate(env, body) {
    const { payload, issues } = readEventForm(body, env.eventChoices);
    const camp = payload.campaignId !== null ? env.eventChoices.campaigns.get(payload.campaignId) : undefined;
    const init = payload.initiativeId !== null ? env.eventChoices.initiatives.get(payload.initiativeId) : undefined;
    const stored: StoredEventPayload = { ...payload, ...(camp ? { campaignTitle: camp } : {}), ...(init ? { initiativeTitle: init } : {}) };
    return { payload: stored, errors: toFieldErrors(issues) };
  },
  toCells(p0, locale) {
    const p = normaliseEventPayload(p0 as StoredEventPayload);
    return {
      titleJa: p.titleJa,
      titleEn: p.titleEn,
      descriptionJa: p.descriptionJa,
      descriptionEn: p.descriptionEn,
      startDate: p.startDate,
      startTime: p.allDay ? '' : (p.startTime ?? ''),
      endDate: p.endDate,
      endTime: p.allDay ? '' : (p.endTime ?? ''),
      attendance: ATTENDANCE_LABELS[p.attendance]?.[locale] ?? p.attendance,
      venueJa: p.venueJa,
      venueEn: p.venueEn,
      prefecture: p.prefecture ? (prefectureByCode(p.prefecture)?.[locale] ?? p.prefecture) : '',
      feeYen: p.feeYen === null ? '' : String(p.feeYen),
      capacity: p.capacity === null ? '' : String(p.capacity),
      registrationUrl: p.registrationUrl ?? '',
      audiences: joinLabels(p.audiences, AUDIENCE_CHOICES, locale),
      accessibilityJa: p.accessibilityJa,
      accessibilityEn: p.accessibilityEn,
      initiative: p.initiativeId === null ? '' : String(p.initiativeId),
      campaign: p.campaignId === null ? '' : String(p.campaignId),
      cancelled: p.cancelled ? (locale === 'ja' ? 'はい' : 'yes') : locale === 'ja' ? 'いいえ' : 'no',
    };
  },
  title: (p) => (p as StoredEventPayload).titleJa,
  normalise: (p) => {
    const n = normaliseEventPayload(p as StoredEventPayload);
    const { campaignTitle: _c, initiativeTitle: _i, ...rest } = n as StoredEventPayload;
    return rest;
  },
};

// ------------------------------------------------------------------ materials

const FORMAT_CHOICES = choicesOf(MATERIAL_FORMATS, MATERIAL_FORMAT_LABELS);
const LANGUAGE_CHOICES = choicesOf(MATERIAL_LANGUAGES, MATERIAL_LANGUAGE_LABELS, { ja: ['日本語', 'japanese'], en: ['英語', 'english'] });
const LICENCE_CHOICES: Choice[] = LICENCES.map((l) => ({ value: l, label: LICENCE_INFO[l].label, aliases: [l.toUpperCase()] }));

const MATERIAL_COLUMNS: Column[] = [
  ID_COLUMN,
  ORG_COLUMN,
  { key: 'titleJa', label: t('教材名（日本語）', 'Title (Japanese)'), help: t('必須。200文字以内。', 'Required. Up to 200 characters.'), required: true, example: t('フィッシング詐欺に気をつけよう', 'フィッシング…'), type: 'text' },
  { key: 'titleEn', label: t('教材名（英語）', 'Title (English)'), help: t('任意。', 'Optional.'), required: false, example: t('', 'Beware of phishing'), type: 'text' },
  { key: 'summaryJa', label: t('概要（日本語）', 'Summary (Japanese)'), help: t('必須。2,000文字以内。', 'Required. Up to 2,000 characters.'), required: true, example: t('偽のショートメッセージの見分け方を説明するリーフレット。', 'リーフレット'), type: 'long' },
  { key: 'summaryEn', label: t('概要（英語）', 'Summary (English)'), help: t('任意。', 'Optional.'), required: false, example: t('', ''), type: 'long' },
  { key: 'format', label: t('種類', 'Kind'), help: oneHelp('必須', 'Required', FORMAT_CHOICES), required: true, example: t(MATERIAL_FORMAT_LABELS.leaflet.ja, MATERIAL_FORMAT_LABELS.leaflet.en), type: 'enum', choices: FORMAT_CHOICES },
  { key: 'audiences', label: t('対象', 'Audiences'), help: listHelp('必須', 'Required', AUDIENCE_CHOICES), required: true, example: t('高齢者', 'Older people'), type: 'enums', choices: AUDIENCE_CHOICES },
  { key: 'language', label: t('言語', 'Language'), help: oneHelp('必須', 'Required', LANGUAGE_CHOICES), required: true, example: t(MATERIAL_LANGUAGE_LABELS.ja.ja, MATERIAL_LANGUAGE_LABELS.ja.en), type: 'enum', choices: LANGUAGE_CHOICES },
  { key: 'licence', label: t('利用条件', 'Licence'), help: oneHelp('必須。名称か識別子（cc-by-4.0 など）', 'Required. The name or identifier (cc-by-4.0 …)', LICENCE_CHOICES), required: true, example: t('cc-by-4.0', 'cc-by-4.0'), type: 'enum', choices: LICENCE_CHOICES },
  { key: 'attribution', label: t('クレジット表記', 'Credit line'), help: t('必須。利用者が表示する出典の書き方。', 'Required. How people must credit the material.'), required: true, example: t('出典：○○協会', 'Source: Example Association'), type: 'text' },
  { key: 'version', label: t('版', 'Version'), help: t('任意。', 'Optional.'), required: false, example: t('第2版', '2nd edition'), type: 'text' },
  { key: 'issuedOn', label: t('発行日', 'Date of issue'), help: t('任意。2026-04-01、令和8年4月1日 などの形。', 'Optional. 2026-04-01, 令和8年4月1日 …'), required: false, example: t('2026-04-01', '2026-04-01'), type: 'date' },
  { key: 'url', label: t('URL', 'Web address'), help: t('必須（ファイルは取込みでは登録できません）。https:// で始まるアドレス。', 'Required (files cannot be imported from a sheet). An address starting with https://.'), required: true, example: t('https://example.jp/leaflet.pdf', 'https://example.jp/leaflet.pdf'), type: 'url', fields: ['url', 'file'] },
  { key: 'initiatives', label: t('関連する取組の番号', 'Related initiative numbers'), help: t('任意。公開中の取組の番号を「;」で区切って。', 'Optional. Numbers of published initiatives, separated by ";".'), required: false, example: t('', ''), type: 'numbers' },
  { key: 'events', label: t('関連するイベントの番号', 'Related event numbers'), help: t('任意。公開中のイベントの番号を「;」で区切って。', 'Optional. Numbers of published events, separated by ";".'), required: false, example: t('', ''), type: 'numbers' },
];

const materials: KindSpec = {
  kind: 'materials',
  contentKind: 'material',
  columns: MATERIAL_COLUMNS,
  toBody: (c) => c,
  async validate(env, body, existing) {
    // A sheet cannot carry a file: an entry that has one keeps it.
    const file: MaterialFileRef | null = existing ? (normaliseMaterial(existing as MaterialPayload).file ?? null) : null;
    const { payload, errors } = await readMaterialForm(env.db, body, file);
    return { payload, errors };
  },
  toCells(p0, locale) {
    const p = normaliseMaterial(p0 as MaterialPayload);
    return {
      titleJa: p.titleJa,
      titleEn: p.titleEn,
      summaryJa: p.summaryJa,
      summaryEn: p.summaryEn,
      format: MATERIAL_FORMAT_LABELS[p.format]?.[locale] ?? p.format,
      audiences: joinLabels(p.audiences, AUDIENCE_CHOICES, locale),
      language: MATERIAL_LANGUAGE_LABELS[p.language]?.[locale] ?? p.language,
      licence: p.licence,
      attribution: p.attribution,
      version: p.version,
      issuedOn: p.issuedOn ?? '',
      url: p.url ?? '',
      initiatives: p.initiatives.join('; '),
      events: p.events.join('; '),
    };
  },
  title: (p) => (p as MaterialPayload).titleJa,
  normalise: (p) => normaliseMaterial(p as MaterialPayload),
};

export const KIND_SPECS: Record<ImportKind, KindSpec> = { initiatives, events, materials };

// ------------------------------------------------------------------ headers and cells

/** How a header or a choice is compared: full-width folded, case and spaces and brackets ignored. */
export function fold(s: string): string {
  return toHalfWidth(s)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）［］\[\]「」_・:：]/g, '');
}

export interface HeaderMap {
  /** Column key per header position (null: ignored column). */
  keys: (string | null)[];
  ignored: string[];
  /** Column keys named twice. */
  duplicated: string[];
}

export function mapHeader(spec: KindSpec, header: string[], withOrganisation: boolean): HeaderMap {
  const byName = new Map<string, string>();
  for (const c of spec.columns) {
    if (c.type === 'organisation' && !withOrganisation) continue;
    for (const n of [c.key, c.label.ja, c.label.en]) byName.set(fold(n), c.key);
  }
  const keys: (string | null)[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  const duplicated: string[] = [];
  for (const h of header) {
    const k = h.trim() === '' ? undefined : byName.get(fold(h));
    if (!k) {
      keys.push(null);
      if (h.trim() !== '') ignored.push(h.trim());
      continue;
    }
    if (seen.has(k)) duplicated.push(k);
    seen.add(k);
    keys.push(k);
  }
  return { keys, ignored, duplicated };
}

export function columnOf(spec: KindSpec, key: string): Column | undefined {
  return spec.columns.find((c) => c.key === key);
}

/** Every name of every choice, folded once per list of choices (a sheet asks a hundred thousand times). */
const choiceIndexes = new WeakMap<readonly Choice[], Map<string, string>>();

function matchChoice(choices: readonly Choice[], raw: string): string | undefined {
  let index = choiceIndexes.get(choices);
  if (!index) {
    index = new Map();
    for (const c of choices) for (const n of [c.value, c.label.ja, c.label.en, ...(c.aliases ?? [])]) if (!index.has(fold(n))) index.set(fold(n), c.value);
    // Parts of a label are names people write too: 「リーフレット」 for 「リーフレット・チラシ」, 「CC BY 4.0」 for
    // 「クリエイティブ・コモンズ 表示 4.0（CC BY 4.0）」. Only parts that name one choice.
    const parts = new Map<string, Set<string>>();
    for (const c of choices) {
      for (const l of [c.label.ja, c.label.en]) {
        const inBrackets = [...l.matchAll(/[(（]([^)）]+)[)）]/g)].map((m) => m[1]!);
        const outside = l.replace(/[(（][^)）]*[)）]/g, '');
        for (const part of [...inBrackets, ...outside.split(/[・、／/]|\band\b/)]) {
          const f = fold(part);
          if (f.length < 2) continue;
          parts.set(f, (parts.get(f) ?? new Set()).add(c.value));
        }
      }
    }
    for (const [f, values] of parts) if (values.size === 1 && !index.has(f)) index.set(f, [...values][0]!);
    choiceIndexes.set(choices, index);
  }
  const f = fold(raw);
  return f ? index.get(f) : undefined;
}

/** Labels that contain a list separator ("セミナー、イベント等") are replaced by their value before splitting. */
function protectLabels(v: string, choices: readonly Choice[]): string {
  let out = v;
  for (const c of choices) for (const l of [c.label.ja, c.label.en]) if (/[;；、,，|]/.test(l) && out.includes(l)) out = out.split(l).join(c.value);
  return out;
}

function joinLabels(values: readonly string[], choices: readonly Choice[], locale: Locale): string {
  return values.map((v) => choices.find((c) => c.value === v)?.label[locale] ?? v).join('; ');
}

const valuesText = (choices: readonly Choice[]): Text => ({ ja: choices.map((c) => c.label.ja).join('、'), en: choices.map((c) => c.label.en).join('; ') });

/**
 * One row's cells (by column key) converted to form values. A cell that cannot be read as its column's
 * type becomes a problem naming the column and what it may hold; the form's own checks come after.
 */
export function convertCells(spec: KindSpec, raw: Record<string, string>): { values: Record<string, string | string[]>; problems: CellProblem[] } {
  const values: Record<string, string | string[]> = {};
  const problems: CellProblem[] = [];
  const bad = (column: string, message: Text) => problems.push({ column, message });
  for (const c of spec.columns) {
    if (c.type === 'id' || c.type === 'organisation') continue;
    const cell = (raw[c.key] ?? '').replace(/\r\n?/g, '\n');
    const v = c.type === 'long' ? cell.trim() : cell.replace(/\s*\n\s*/g, ' ').trim();
    switch (c.type) {
      case 'text':
      case 'long':
      case 'url':
        values[c.key] = v;
        break;
      case 'enum': {
        if (v === '') {
          values[c.key] = '';
          break;
        }
        const m = matchChoice(c.choices!, v);
        if (m === undefined) bad(c.key, { ja: `「${v}」は選べません。使える値：${valuesText(c.choices!).ja}`, en: `"${v}" is not one of the values: ${valuesText(c.choices!).en}` });
        values[c.key] = m ?? '';
        break;
      }
      case 'enums': {
        const parts = splitList(protectLabels(v, c.choices!));
        const out: string[] = [];
        const unknown: string[] = [];
        for (const p of parts) {
          const m = matchChoice(c.choices!, p);
          if (m === undefined) unknown.push(p);
          else if (!out.includes(m)) out.push(m);
        }
        if (unknown.length) bad(c.key, { ja: `「${unknown.join('」「')}」は選べません。使える値：${valuesText(c.choices!).ja}`, en: `"${unknown.join('", "')}" not known. Values: ${valuesText(c.choices!).en}` });
        values[c.key] = out;
        break;
      }
      case 'coverage': {
        const f = fold(v);
        if (f === '') values[c.key] = '';
        else if (f === '全国' || f === 'nationwide' || f === 'japan' || f === '全国各地') values[c.key] = 'nationwide';
        else {
          const out: string[] = [];
          const unknown: string[] = [];
          for (const p of splitList(v)) {
            const m = matchChoice(c.choices!, p);
            if (m === undefined) unknown.push(p);
            else if (!out.includes(m)) out.push(m);
          }
          if (unknown.length) bad(c.key, { ja: `「${unknown.join('」「')}」は都道府県名として読めません。「全国」か都道府県名を書いてください。`, en: `"${unknown.join('", "')}" is not a prefecture. Write "Nationwide" or prefecture names.` });
          values[c.key] = out;
        }
        break;
      }
      case 'prefecture': {
        if (v === '') {
          values[c.key] = '';
          break;
        }
        const m = matchChoice(c.choices!, v.length === 1 ? `0${v}` : v) ?? matchChoice(c.choices!, v);
        if (m === undefined) bad(c.key, { ja: `「${v}」は都道府県名として読めません（例：東京都、13）。`, en: `"${v}" is not a prefecture (for example Tokyo, 13).` });
        values[c.key] = m ?? '';
        break;
      }
      case 'date': {
        if (v === '') {
          values[c.key] = '';
          break;
        }
        const d = parseDate(v);
        if (d === null) bad(c.key, { ja: `「${v}」は日付として読めません。2027-02-01、2027/2/1、2027年2月1日、令和9年2月1日 の形で書いてください。`, en: `"${v}" is not a date. Write it as 2027-02-01, 2027/2/1 or 2027年2月1日.` });
        values[c.key] = d ?? '';
        break;
      }
      case 'time': {
        if (v === '') {
          values[c.key] = '';
          break;
        }
        const tm = parseTime(v);
        if (tm === null) bad(c.key, { ja: `「${v}」は時刻として読めません。13:30 の形で書いてください。`, en: `"${v}" is not a time. Write it as 13:30.` });
        values[c.key] = tm ?? '';
        break;
      }
      case 'integer':
      case 'fee': {
        if (v === '') {
          values[c.key] = '';
          break;
        }
        const n = c.type === 'fee' && /^(無料|free|なし)$/i.test(toHalfWidth(v).trim()) ? 0 : parseInteger(v);
        if (n === null) bad(c.key, { ja: `「${v}」は数として読めません。`, en: `"${v}" is not a whole number.` });
        values[c.key] = n === null ? '' : String(n);
        break;
      }
      case 'boolean': {
        const b = parseBoolean(v);
        if (b === undefined) bad(c.key, { ja: `「${v}」は「はい」か「いいえ」で書いてください。`, en: `Write "yes" or "no", not "${v}".` });
        values[c.key] = b === true ? 'true' : '';
        break;
      }
      case 'numbers': {
        const parts = splitList(v).map((p) => toHalfWidth(p));
        values[c.key] = parts.join(', ');
        break;
      }
      case 'slugs':
        values[c.key] = splitList(v);
        break;
    }
  }
  return { values, problems };
}

/** The column a form error belongs to. */
export function columnOfField(spec: KindSpec, field: string): string | null {
  for (const c of spec.columns) if ((c.fields ?? [c.key]).includes(field)) return c.key;
  return null;
}

/** What validating rows of one organisation needs, loaded once. */
export async function loadKindEnv(db: Db, organisationId: number): Promise<KindEnv> {
  const measures = await listMeasures(db);
  const campaigns = await campaignChoices(db);
  const inits = await db
    .selectFrom('initiatives as i')
    .innerJoin('initiative_organisations as io', 'io.initiative_id', 'i.id')
    .select(['i.id', 'i.title_ja', 'i.title_en'])
    .where('io.organisation_id', '=', organisationId)
    .execute();
  return {
    db,
    organisationId,
    knownMeasures: new Set(measures.map((m) => m.slug)),
    eventChoices: {
      campaignIds: new Set(campaigns.map((c) => c.id)),
      initiativeIds: new Set(inits.map((i) => i.id)),
      campaigns: new Map(campaigns.map((c) => [c.id, { ja: c.titleJa, en: c.titleEn }])),
      initiatives: new Map(inits.map((i) => [i.id, { ja: i.title_ja, en: i.title_en }])),
    },
  };
}
