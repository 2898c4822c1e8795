// Public event pages: the list, the month calendar, the prefecture map (each with the same filters),
// one event, and the campaign pages with their themes, events and partner kit.
import type { RelatedLink } from '../catalogue/model.ts';
import type { ComponentChildren } from 'preact';
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES, REGION_BLOCK_LABELS, REGION_BLOCKS, prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_GROUPS, AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { Breadcrumbs, JudgedMark, Pagination, RelatedList } from '../web/components.tsx';
import { audienceLabel, orgName, parenthesised } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';
import { ATTENDANCE_LABELS, KIT_KIND_LABELS, type Campaign, type EventFilters, type EventPage, type PublicEvent } from './model.ts';
import { filtersToSearchParams } from './schema.ts';
import type { CalendarMonth, EventMap } from './service.ts';
import { TILE_COLS, TILE_ROWS, TILES } from './tile-map.ts';
import { addMonths, formatEventWhen, formatMonth, formatPeriod, MAX_YEAR, MIN_YEAR, weekdayLongNames, weekdayNames } from './time.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

export type EventView = 'list' | 'calendar' | 'map';

const VIEW_PATHS: Record<EventView, string> = { list: '/events', calendar: '/events/calendar', map: '/events/map' };

const X = {
  title: { ja: 'イベントを探す', en: 'Find events' },
  calendarTitle: { ja: 'イベントカレンダー', en: 'Event calendar' },
  mapTitle: { ja: '地図からイベントを探す', en: 'Events on the map' },
  lead: {
    ja: 'セミナー、講習会、相談会など、全国のサイバーセキュリティの普及啓発イベントを、地域・対象・日付で探せます。',
    en: 'Seminars, workshops and advice sessions on cybersecurity across Japan, by region, audience and date.',
  },
  views: { ja: '表示の切り替え', en: 'Views' },
  list: { ja: '一覧', en: 'List' },
  calendar: { ja: 'カレンダー', en: 'Calendar' },
  map: { ja: '地図', en: 'Map' },
  filters: { ja: '絞り込み', en: 'Filters' },
  apply: { ja: 'この条件で表示する', en: 'Show events' },
  clear: { ja: '条件を解除', en: 'Clear filters' },
  when: { ja: '時期', en: 'Time' },
  upcoming: { ja: 'これから開催', en: 'Upcoming' },
  past: { ja: '終了したイベント', en: 'Past events' },
  all: { ja: 'すべて', en: 'All' },
  range: { ja: '期間', en: 'Dates' },
  from: { ja: '開始日', en: 'From' },
  to: { ja: '終了日', en: 'To' },
  dateHint: { ja: '例：2027-02-01', en: 'For example 2027-02-01' },
  online: { ja: '参加方法', en: 'How to take part' },
  any: { ja: '指定しない', en: 'Any' },
  onlineYes: { ja: 'オンラインで参加できる', en: 'Can be joined online' },
  onlineNo: { ja: '会場のみ', en: 'On site only' },
  campaign: { ja: 'キャンペーン', en: 'Campaign' },
  audience: { ja: '対象', en: 'Audience' },
  block: { ja: '地方', en: 'Region' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  results: { ja: 'イベント', en: 'Events' },
  none: { ja: '条件に合うイベントはありません。条件を減らすか、期間を広げてください。', en: 'No event matches these conditions. Remove a filter or widen the dates.' },
  cancelled: { ja: '中止', en: 'Cancelled' },
  ics: { ja: 'この一覧をカレンダーアプリに登録（iCalendar）', en: 'Subscribe to this list in a calendar app (iCalendar)' },
  json: { ja: 'JSON（API）', en: 'JSON (API)' },
  organisers: { ja: '主催', en: 'Organisers' },
  venue: { ja: '会場', en: 'Venue' },
  format: { ja: '開催形式', en: 'Format' },
  fee: { ja: '参加費', en: 'Fee' },
  free: { ja: '無料', en: 'Free' },
  capacity: { ja: '定員', en: 'Capacity' },
  registration: { ja: '申込み', en: 'Registration' },
  accessibility: { ja: 'アクセシビリティ', en: 'Accessibility' },
  initiative: { ja: '関連する取組', en: 'Part of the initiative' },
  campaigns: { ja: 'キャンペーン', en: 'Campaigns' },
} satisfies Record<string, Text>;

export function eventsHref(locale: Locale, view: EventView, f: EventFilters, extra: Record<string, string | undefined> = {}): string {
  const qs = filtersToSearchParams(f, extra).toString();
  return localePath(locale, VIEW_PATHS[view]) + (qs ? `?${qs}` : '');
}

export function feeText(locale: Locale, yen: number): string {
  if (yen === 0) return X.free[locale];
  return locale === 'ja' ? `${formatNumber(locale, yen)}円` : `¥${formatNumber(locale, yen)}`;
}

export function placeText(locale: Locale, e: Pick<PublicEvent, 'venueJa' | 'venueEn' | 'prefecture' | 'attendance'>): string {
  const venue = locale === 'ja' ? e.venueJa : e.venueEn;
  const pref = e.prefecture ? (prefectureByCode(e.prefecture)?.[locale] ?? '') : '';
  const place = venue && pref ? `${pref}${locale === 'ja' ? '・' : ', '}${venue}` : venue || pref;
  if (e.attendance === 'onsite') return place;
  if (e.attendance === 'online') return place ? `${ATTENDANCE_LABELS.online[locale]}${parenthesised(locale, place)}` : ATTENDANCE_LABELS.online[locale];
  return `${place}${locale === 'ja' ? '／' : ' / '}${ATTENDANCE_LABELS.online[locale]}`;
}

const eventTitleOf = (locale: Locale, e: Pick<PublicEvent, 'titleJa' | 'titleEn'>) => (locale === 'ja' ? e.titleJa : e.titleEn);

function CancelledTag({ locale }: { locale: Locale }) {
  return <span class="tag tag-cancelled">{X.cancelled[locale]}</span>;
}

export function EventCard({ locale, e, headingLevel = 3, hideCampaign }: { locale: Locale; e: PublicEvent; headingLevel?: 2 | 3; hideCampaign?: boolean }) {
  const t = tt(locale);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class={`card event-card${e.cancelled ? ' event-cancelled' : ''}`}>
      <H class="card-title">
        {e.cancelled ? (
          <>
            <CancelledTag locale={locale} />{' '}
          </>
        ) : null}
        <a href={localePath(locale, `/events/${e.id}`)}>{eventTitleOf(locale, e)}</a>
      </H>
      <p class="event-when">
        <time dateTime={e.allDay ? e.startDate : e.startAt}>{formatEventWhen(locale, e)}</time>
      </p>
      <p class="event-place">{placeText(locale, e)}</p>
      <dl class="card-meta">
        <div>
          <dt>{t(X.organisers)}</dt>
          <dd>{e.organisers.map((o) => o.abbreviation ?? orgName(locale, o)).join(locale === 'ja' ? '、' : ', ')}</dd>
        </div>
        <div>
          <dt>{t(X.audience)}</dt>
          <dd>
            {e.audiences.map((a) => (
              <span class="tag">{audienceLabel(locale, a)}</span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t(X.fee)}</dt>
          <dd>{feeText(locale, e.feeYen)}</dd>
        </div>
        {e.campaign && !hideCampaign ? (
          <div>
            <dt>{t(X.campaign)}</dt>
            <dd>
              <a href={localePath(locale, `/campaigns/${e.campaign.id}`)}>{locale === 'ja' ? e.campaign.titleJa : e.campaign.titleEn}</a>
            </dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}

function ViewNav({ locale, view, f, extra }: { locale: Locale; view: EventView; f: EventFilters; extra?: Record<string, string | undefined> }) {
  const t = tt(locale);
  const items: { v: EventView; label: Text }[] = [
    { v: 'list', label: X.list },
    { v: 'calendar', label: X.calendar },
    { v: 'map', label: X.map },
  ];
  return (
    <nav class="view-switch" aria-label={t(X.views)}>
      <ul>
        {items.map((i) => (
          <li>
            <a href={eventsHref(locale, i.v, f, i.v === view ? extra : undefined)} aria-current={i.v === view ? 'page' : undefined}>
              {t(i.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CheckList({ name, idPrefix, options, selected }: { name: string; idPrefix: string; options: { value: string; label: string }[]; selected: string[] }) {
  return (
    <ul class="check-list">
      {options.map((o) => (
        <li class="facet-option">
          <input type="checkbox" id={`${idPrefix}-${o.value}`} name={name} value={o.value} checked={selected.includes(o.value)} />
          <label for={`${idPrefix}-${o.value}`}>{o.label}</label>
        </li>
      ))}
    </ul>
  );
}

/** The filters as a GET form (works without JavaScript); the calendar keeps its month, the list its time choice. */
function FilterForm({ locale, view, f, campaigns, hidden }: { locale: Locale; view: EventView; f: EventFilters; campaigns: CampaignChoice[]; hidden?: Record<string, string> }) {
  const t = tt(locale);
  const open = f.prefectures.length + f.blocks.length + f.audiences.length > 0 || f.from !== null || f.to !== null || f.online !== null || f.campaignId !== null || (view !== 'calendar' && f.when !== (f.from || f.to ? 'all' : 'upcoming'));
  return (
    <form class="event-filters" method="get" action={localePath(locale, VIEW_PATHS[view])} novalidate>
      {Object.entries(hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <details class="filter-panel" open={open || undefined}>
        <summary>{t(X.filters)}</summary>
        <div class="filter-grid">
          {view !== 'calendar' ? (
            <fieldset class="fieldset filter-group">
              <legend class="label">{t(X.when)}</legend>
              {(['upcoming', 'past', 'all'] as const).map((w) => (
                <div class="choice">
                  <input type="radio" id={`when-${w}`} name="when" value={w} checked={f.when === w} />
                  <label for={`when-${w}`}>{t(X[w])}</label>
                </div>
              ))}
            </fieldset>
          ) : null}
          {view !== 'calendar' ? (
            <fieldset class="fieldset filter-group">
              <legend class="label">{t(X.range)}</legend>
              <p class="hint" id="range-hint">
                {t(X.dateHint)}
              </p>
              <div class="date-pair">
                <div>
                  <label for="from">{t(X.from)}</label>
                  <input class="input input-date" type="date" id="from" name="from" value={f.from ?? ''} min={`${MIN_YEAR}-01-01`} max={`${MAX_YEAR}-12-31`} aria-describedby="range-hint" />
                </div>
                <div>
                  <label for="to">{t(X.to)}</label>
                  <input class="input input-date" type="date" id="to" name="to" value={f.to ?? ''} min={`${MIN_YEAR}-01-01`} max={`${MAX_YEAR}-12-31`} aria-describedby="range-hint" />
                </div>
              </div>
            </fieldset>
          ) : null}
          <div class="filter-group">
            <label class="label" for="online">
              {t(X.online)}
            </label>
            <select class="select" id="online" name="online">
              <option value="">{t(X.any)}</option>
              <option value="true" selected={f.online === true}>
                {t(X.onlineYes)}
              </option>
              <option value="false" selected={f.online === false}>
                {t(X.onlineNo)}
              </option>
            </select>
          </div>
          <div class="filter-group">
            <label class="label" for="campaign">
              {t(X.campaign)}
            </label>
            <select class="select" id="campaign" name="campaign">
              <option value="">{t(X.any)}</option>
              {campaigns.map((c) => (
                <option value={String(c.id)} selected={f.campaignId === c.id}>
                  {locale === 'ja' ? c.titleJa : c.titleEn}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="fieldset filter-group">
            <legend class="label">{t(X.audience)}</legend>
            {AUDIENCE_GROUPS.map((g) => (
              <div class="facet-group">
                <p class="facet-group-name">{AUDIENCE_GROUP_LABELS[g][locale]}</p>
                <CheckList name="audience" idPrefix="audience" selected={f.audiences} options={AUDIENCES.filter((a) => AUDIENCE_LABELS[a].group === g).map((a) => ({ value: a, label: audienceLabel(locale, a) }))} />
              </div>
            ))}
          </fieldset>
          <fieldset class="fieldset filter-group">
            <legend class="label">{t(X.block)}</legend>
            <CheckList name="block" idPrefix="block" selected={f.blocks} options={REGION_BLOCKS.map((b) => ({ value: b, label: REGION_BLOCK_LABELS[b][locale] }))} />
          </fieldset>
        </div>
        <details class="prefecture-choice" open={f.prefectures.length > 0 || undefined}>
          <summary>
            {t(X.prefecture)}
            {f.prefectures.length ? (locale === 'ja' ? `（${f.prefectures.length}件選択中）` : ` (${f.prefectures.length} selected)`) : ''}
          </summary>
          <fieldset class="fieldset">
            <legend class="visually-hidden">{t(X.prefecture)}</legend>
            {REGION_BLOCKS.map((b) => (
              <div class="facet-group">
                <p class="facet-group-name">{REGION_BLOCK_LABELS[b][locale]}</p>
                <CheckList name="prefecture" idPrefix="prefecture" selected={f.prefectures} options={PREFECTURES.filter((p) => p.block === b).map((p) => ({ value: p.code, label: p[locale] }))} />
              </div>
            ))}
          </fieldset>
        </details>
        <div class="button-row">
          <button type="submit" class="button">
            {t(X.apply)}
          </button>
          <a href={localePath(locale, VIEW_PATHS[view]) + (hidden?.month ? `?month=${hidden.month}` : '')}>{t(X.clear)}</a>
        </div>
      </details>
    </form>
  );
}

export interface CampaignChoice {
  id: number;
  titleJa: string;
  titleEn: string;
  startDate: string;
  endDate: string;
}

function CampaignLinks({ locale, campaigns, today }: { locale: Locale; campaigns: CampaignChoice[]; today: string }) {
  const t = tt(locale);
  const current = campaigns.filter((c) => c.endDate >= today).sort((a, b) => a.startDate.localeCompare(b.startDate)).slice(0, 3);
  if (!current.length) return null;
  return (
    <aside class="campaign-strip" aria-labelledby="campaign-strip-title">
      <h2 id="campaign-strip-title" class="campaign-strip-title">
        {t(X.campaigns)}
      </h2>
      <ul>
        {current.map((c) => (
          <li>
            <a href={localePath(locale, `/campaigns/${c.id}`)}>{locale === 'ja' ? c.titleJa : c.titleEn}</a> <span class="hint">{formatPeriod(locale, c.startDate, c.endDate)}</span>
          </li>
        ))}
        <li>
          <a href={localePath(locale, '/campaigns')}>{t({ ja: 'すべてのキャンペーン', en: 'All campaigns' })}</a>
        </li>
      </ul>
    </aside>
  );
}

function Feeds({ locale, f }: { locale: Locale; f: EventFilters }) {
  const t = tt(locale);
  const qs = filtersToSearchParams(f).toString();
  return (
    <ul class="downloads">
      <li>
        <a href={`${localePath(locale, '/events.ics')}${qs ? `?${qs}` : ''}`}>{t(X.ics)}</a>
      </li>
      <li>
        <a href={`/api/v1/events${qs ? `?${qs}` : ''}`}>{t(X.json)}</a>
      </li>
    </ul>
  );
}

export function EventListPage({ locale, result, lastPage, campaigns, today }: { locale: Locale; result: EventPage; lastPage: number; campaigns: CampaignChoice[]; today: string }) {
  const t = tt(locale);
  const f = result.filters;
  const qs = filtersToSearchParams(f, { page: result.page > 1 ? String(result.page) : undefined }).toString();
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  const whenLabel = f.when === 'upcoming' ? X.upcoming : f.when === 'past' ? X.past : X.all;
  return (
    <Layout locale={locale} path={`/events${qs ? `?${qs}` : ''}`} title={t(X.title)} section="events" description={t(X.lead)}>
      <h1>{t(X.title)}</h1>
      <p class="lead">{t(X.lead)}</p>
      <CampaignLinks locale={locale} campaigns={campaigns} today={today} />
      <ViewNav locale={locale} view="list" f={f} />
      <FilterForm locale={locale} view="list" f={f} campaigns={campaigns} />
      <section aria-labelledby="results-title">
        <h2 id="results-title">
          {t(whenLabel)}
          <span class="results-count">
            {locale === 'ja'
              ? `（${formatNumber(locale, result.total)}件${result.total > 0 ? `中 ${from}〜${to}件を表示` : ''}）`
              : ` (${formatNumber(locale, result.total)}${result.total > 0 ? `, showing ${from}–${to}` : ''})`}
          </span>
        </h2>
        {result.total === 0 ? <p class="empty-state">{t(X.none)}</p> : null}
        <ul class="card-list">
          {result.items.map((e) => (
            <li>
              <EventCard locale={locale} e={e} />
            </li>
          ))}
        </ul>
        <Pagination locale={locale} page={result.page} last={lastPage} href={(p) => eventsHref(locale, 'list', f, { page: p === 1 ? undefined : String(p) })} />
        <Feeds locale={locale} f={f} />
      </section>
    </Layout>
  );
}

export function CalendarPage({ locale, cal, campaigns, thisMonth }: { locale: Locale; cal: CalendarMonth; campaigns: CampaignChoice[]; thisMonth: string }) {
  const t = tt(locale);
  const f = cal.filters;
  const monthParam = { month: cal.month };
  const qs = filtersToSearchParams(f, monthParam).toString();
  const prev = addMonths(cal.month, -1);
  const next = addMonths(cal.month, 1);
  const inRange = (m: string) => m >= `${MIN_YEAR}-01` && m <= `${MAX_YEAR}-12`;
  const names = weekdayNames(locale);
  const longNames = weekdayLongNames(locale);
  const heading = formatMonth(locale, cal.month);
  return (
    <Layout locale={locale} path={`/events/calendar${qs ? `?${qs}` : ''}`} title={`${t(X.calendarTitle)}：${heading}`} section="events">
      <h1>{t(X.calendarTitle)}</h1>
      <ViewNav locale={locale} view="calendar" f={f} extra={monthParam} />
      <FilterForm locale={locale} view="calendar" f={f} campaigns={campaigns} hidden={monthParam} />
      <nav class="month-nav" aria-label={t({ ja: '月の移動', en: 'Change month' })}>
        <ul>
          {inRange(prev) ? (
            <li>
              <a href={eventsHref(locale, 'calendar', f, { month: prev })} rel="prev">
                {t({ ja: '← 前の月', en: '← Previous month' })}
                <span class="visually-hidden">{parenthesised(locale, formatMonth(locale, prev))}</span>
              </a>
            </li>
          ) : null}
          {cal.month !== thisMonth ? (
            <li>
              <a href={eventsHref(locale, 'calendar', f, { month: thisMonth })}>{t({ ja: '今月', en: 'This month' })}</a>
            </li>
          ) : null}
          {inRange(next) ? (
            <li>
              <a href={eventsHref(locale, 'calendar', f, { month: next })} rel="next">
                <span class="visually-hidden">{parenthesised(locale, formatMonth(locale, next))}</span>
                {t({ ja: '次の月 →', en: 'Next month →' })}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
      <div class="table-scroll calendar-scroll" role="region" aria-labelledby="calendar-caption" tabIndex={0}>
        <table class="calendar">
          <caption id="calendar-caption">
            {heading}
            <span class="calendar-count">{locale === 'ja' ? `（${formatNumber(locale, cal.events.length)}件）` : ` (${formatNumber(locale, cal.events.length)} events)`}</span>
          </caption>
          <thead>
            <tr>
              {names.map((n, i) => (
                <th scope="col" class={i === 0 ? 'cal-sun' : i === 6 ? 'cal-sat' : undefined}>
                  <abbr title={longNames[i]}>{n}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cal.weeks.map((week) => (
              <tr>
                {week.map((d, i) => {
                  const cls = ['cal-day', d.inMonth ? '' : 'cal-outside', i === 0 || d.holiday ? 'cal-holiday' : '', i === 6 ? 'cal-sat' : '', d.events.length ? 'cal-has-events' : ''].filter(Boolean).join(' ');
                  if (!d.inMonth) return <td class={cls}></td>;
                  return (
                    <td class={cls}>
                      <span class="cal-date">
                        <time dateTime={d.date}>{Number(d.date.slice(8))}</time>
                        <span class="visually-hidden">{locale === 'ja' ? `日（${longNames[i]}）` : ` (${longNames[i]})`}</span>
                      </span>
                      {d.holiday ? <span class="cal-holiday-name">{d.holiday[locale]}</span> : null}
                      {d.events.length ? (
                        <ul class="cal-events">
                          {d.events.map((e) => (
                            <li class={e.cancelled ? 'cal-event-cancelled' : undefined}>
                              <a href={localePath(locale, `/events/${e.id}`)}>
                                {e.cancelled ? `${t(X.cancelled)}：` : ''}
                                {!e.allDay && e.startDate === d.date ? `${e.startTime} ` : ''}
                                {eventTitleOf(locale, e)}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">{t({ ja: '日曜日と祝日は日付を赤で示し、祝日には名前を添えています。', en: 'Sundays and public holidays have their date in red; holidays are named.' })}</p>
      <section aria-labelledby="agenda-title">
        <h2 id="agenda-title">{t({ ja: `${heading}のイベント一覧`, en: `Events in ${heading}` })}</h2>
        {cal.events.length === 0 ? <p class="empty-state">{t(X.none)}</p> : null}
        <ul class="card-list">
          {cal.events.map((e) => (
            <li>
              <EventCard locale={locale} e={e} />
            </li>
          ))}
        </ul>
        <p>
          <a href={eventsHref(locale, 'list', cal.monthFilters)}>{t({ ja: 'この月の一覧を表示する', en: 'Show this month as a list' })}</a>
        </p>
        <Feeds locale={locale} f={cal.monthFilters} />
      </section>
    </Layout>
  );
}

function levelOf(n: number): number {
  return n === 0 ? 0 : n === 1 ? 1 : n <= 4 ? 2 : 3;
}

const TILE = 60;
const GAP = 4;

export function MapPage({ locale, map, campaigns }: { locale: Locale; map: EventMap; campaigns: CampaignChoice[] }) {
  const t = tt(locale);
  const f = map.filters;
  const rest = { ...f, prefectures: [], blocks: [] };
  const qs = filtersToSearchParams(f).toString();
  const counts = new Map(map.counts.map((c) => [c.code, c.count]));
  const countText = (n: number) => (locale === 'ja' ? `${formatNumber(locale, n)}件` : `${formatNumber(locale, n)} ${n === 1 ? 'event' : 'events'}`);
  const width = TILE_COLS * (TILE + GAP);
  const height = TILE_ROWS * (TILE + GAP);
  const selected = new Set(f.prefectures);
  return (
    <Layout locale={locale} path={`/events/map${qs ? `?${qs}` : ''}`} title={t(X.mapTitle)} section="events">
      <h1>{t(X.mapTitle)}</h1>
      <p class="lead">
        {t({
          ja: '都道府県ごとのイベント数です。都道府県を選ぶと、その都道府県のイベント一覧を表示します。',
          en: 'The number of events in each prefecture. Choose a prefecture to list its events.',
        })}
      </p>
      <ViewNav locale={locale} view="map" f={f} />
      <FilterForm locale={locale} view="map" f={f} campaigns={campaigns} />
      {f.prefectures.length || f.blocks.length ? (
        <p class="notice notice-info">{t({ ja: '地図と表の件数は、地域以外の条件で数えています。', en: 'The map and the table count events under every filter except the region.' })}</p>
      ) : null}
      <figure class="tile-map">
        <div class="tile-map-scroll" role="region" aria-labelledby="tile-map-title" tabIndex={0}>
        <svg viewBox={`0 0 ${width} ${height}`} role="group" aria-labelledby="tile-map-title" class="tile-map-svg">
          <title id="tile-map-title">{t({ ja: '都道府県別のイベント数（地図）', en: 'Events by prefecture (map)' })}</title>
          {TILES.map((tile) => {
            const n = counts.get(tile.code) ?? 0;
            const name = prefectureByCode(tile.code)![locale];
            const short = locale === 'ja' ? tile.shortJa : tile.shortEn;
            const x = tile.col * (TILE + GAP);
            const y = tile.row * (TILE + GAP);
            return (
              <a href={eventsHref(locale, 'list', { ...rest, prefectures: [tile.code] })} aria-label={`${short} ${countText(n)}`} class={`tile tile-level-${levelOf(n)}${selected.has(tile.code) ? ' tile-selected' : ''}`}>
                <title>{`${name} ${countText(n)}`}</title>
                <rect x={x} y={y} width={TILE} height={TILE} rx={4} />
                {/* One text: what is seen ("東京 3") is the start of the link's name ("東京 3件"). */}
                <text x={x + TILE / 2} y={y + 24} text-anchor="middle">
                  <tspan class="tile-name">{short}</tspan>
                  <tspan class="tile-count" x={x + TILE / 2} dy={24}>
                    {` ${formatNumber(locale, n)}`}
                  </tspan>
                </text>
              </a>
            );
          })}
        </svg>
        </div>
        <figcaption class="legend">
          <p class="legend-title">{t({ ja: '色の濃さ（数字も表示しています）', en: 'Shading (the number is shown too)' })}</p>
          <ul>
            <li>
              <span class="legend-swatch tile-swatch-0" aria-hidden="true" /> {t({ ja: '0件', en: 'none' })}
            </li>
            <li>
              <span class="legend-swatch tile-swatch-1" aria-hidden="true" /> {t({ ja: '1件', en: '1' })}
            </li>
            <li>
              <span class="legend-swatch tile-swatch-2" aria-hidden="true" /> {t({ ja: '2〜4件', en: '2 to 4' })}
            </li>
            <li>
              <span class="legend-swatch tile-swatch-3" aria-hidden="true" /> {t({ ja: '5件以上', en: '5 or more' })}
            </li>
          </ul>
        </figcaption>
      </figure>
      {map.withoutPrefecture > 0 ? (
        <p>
          {t({ ja: '都道府県を定めないオンラインのイベント：', en: 'Online events without a prefecture: ' })}
          <a href={eventsHref(locale, 'list', { ...rest, online: true })}>{countText(map.withoutPrefecture)}</a>
        </p>
      ) : null}
      <h2 id="map-table-title">{t({ ja: '都道府県別のイベント数（表）', en: 'Events by prefecture (table)' })}</h2>
      <div class="table-scroll" role="region" aria-labelledby="map-table-title" tabIndex={0}>
        <table class="data-table map-table">
          <caption class="visually-hidden">{t({ ja: '都道府県別のイベント数', en: 'Events by prefecture' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(X.block)}</th>
              <th scope="col">{t(X.prefecture)}</th>
              <th scope="col" class="num">
                {t({ ja: '件数', en: 'Events' })}
              </th>
            </tr>
          </thead>
          {REGION_BLOCKS.map((b) => {
            const prefs = PREFECTURES.filter((p) => p.block === b);
            return (
              <tbody>
                {prefs.map((p, i) => (
                  <tr>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={prefs.length}>
                        <a href={eventsHref(locale, 'list', { ...rest, blocks: [b] })}>{REGION_BLOCK_LABELS[b][locale]}</a>
                      </th>
                    ) : null}
                    <th scope="row">{p[locale]}</th>
                    <td class="num">
                      <a href={eventsHref(locale, 'list', { ...rest, prefectures: [p.code] })} aria-label={`${p[locale]} ${countText(counts.get(p.code) ?? 0)}`}>
                        {formatNumber(locale, counts.get(p.code) ?? 0)}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      </div>
      <Feeds locale={locale} f={f} />
    </Layout>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function EventDetailPage({ locale, e, related = [] }: { locale: Locale; e: PublicEvent; related?: RelatedLink[] }) {
  const t = tt(locale);
  const title = eventTitleOf(locale, e);
  const description = locale === 'ja' ? e.descriptionJa : e.descriptionEn;
  const access = locale === 'ja' ? e.accessibilityJa : e.accessibilityEn;
  const venue = locale === 'ja' ? e.venueJa : e.venueEn;
  return (
    <Layout locale={locale} path={`/events/${e.id}`} title={e.cancelled ? `${t(X.cancelled)}：${title}` : title} section="events" description={description.slice(0, 160)}>
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: t({ ja: 'ホーム', en: 'Home' }) }, { path: '/events', label: t(X.title) }, { label: title }]} />
      {e.cancelled ? (
        <div class="notice notice-warning event-cancelled-notice">
          <p>
            <strong>{t({ ja: 'このイベントは中止になりました。', en: 'This event has been cancelled.' })}</strong>
          </p>
        </div>
      ) : null}
      <h1>
        {e.cancelled ? (
          <>
            <CancelledTag locale={locale} />{' '}
          </>
        ) : null}
        {title}
      </h1>
      {locale === 'en' && e.titleEn !== e.titleJa ? (
        <p class="subtitle" lang="ja">
          {e.titleJa}
        </p>
      ) : null}
      <dl class="detail-list">
        <Row label={t({ ja: '日時', en: 'When' })}>
          <time dateTime={e.allDay ? e.startDate : e.startAt}>{formatEventWhen(locale, e)}</time>
        </Row>
        <Row label={t(X.format)}>{ATTENDANCE_LABELS[e.attendance][locale]}</Row>
        {venue || e.prefecture ? (
          <Row label={t(X.venue)}>
            {venue}
            {e.prefecture ? (
              <>
                {venue ? (locale === 'ja' ? '（' : ' (') : ''}
                <a href={eventsHref(locale, 'list', { prefectures: [e.prefecture], blocks: [], audiences: [], from: null, to: null, online: null, campaignId: null, when: 'upcoming' })}>{prefectureByCode(e.prefecture)?.[locale]}</a>
                {venue ? (locale === 'ja' ? '）' : ')') : ''}
              </>
            ) : null}
          </Row>
        ) : null}
        <Row label={t(X.audience)}>
          {e.audiences.map((a) => (
            <a class="tag" href={eventsHref(locale, 'list', { prefectures: [], blocks: [], audiences: [a], from: null, to: null, online: null, campaignId: null, when: 'upcoming' })}>
              {audienceLabel(locale, a)}
            </a>
          ))}
        </Row>
        <Row label={t(X.fee)}>{feeText(locale, e.feeYen)}</Row>
        <Row label={t(X.capacity)}>{e.capacity === null ? t({ ja: '定めなし', en: 'No limit given' }) : locale === 'ja' ? `${formatNumber(locale, e.capacity)}人` : formatNumber(locale, e.capacity)}</Row>
        <Row label={t(X.registration)}>
          {e.registrationUrl ? (
            <a href={e.registrationUrl} rel="noopener noreferrer">
              {e.registrationUrl}
            </a>
          ) : (
            t({ ja: '申込み不要、または主催者にお問い合わせください', en: 'No registration given; ask the organisers' })
          )}
        </Row>
        <Row label={t(X.accessibility)}>{access ? <span class="note-text">{access}</span> : t({ ja: '記載なし', en: 'Not stated' })}</Row>
        <Row label={t(X.organisers)}>
          <ul class="inline-list">
            {e.organisers.map((o) => (
              <li>
                <a href={localePath(locale, `/organisations/${o.slug}`)}>{orgName(locale, o)}</a>
              </li>
            ))}
          </ul>
        </Row>
        {e.initiative ? (
          <Row label={t(X.initiative)}>
            <a href={localePath(locale, `/initiatives/${e.initiative.id}`)}>{locale === 'ja' ? e.initiative.titleJa : e.initiative.titleEn}</a>
          </Row>
        ) : null}
        {e.campaign ? (
          <Row label={t(X.campaign)}>
            <a href={localePath(locale, `/campaigns/${e.campaign.id}`)}>{locale === 'ja' ? e.campaign.titleJa : e.campaign.titleEn}</a>
          </Row>
        ) : null}
        <Row label={t({ ja: '団体による最終確認', en: 'Last confirmed by the organisers' })}>{e.confirmedAt ? formatDate(locale, e.confirmedAt) : t({ ja: 'まだ確認されていません', en: 'Not yet confirmed' })}</Row>
        <Row label={t({ ja: '最終更新', en: 'Last updated' })}>
          <time dateTime={e.updatedAt}>{formatDate(locale, e.updatedAt)}</time>
        </Row>
      </dl>
      <RelatedList locale={locale} title={{ ja: 'このイベントの教材・ツール', en: 'Materials for this event' }} items={related} />
      <h2>{t({ ja: '内容', en: 'About the event' })}</h2>
      <p class="note-text event-description">{description}</p>
      <ul class="downloads">
        <li>
          <a href={localePath(locale, `/events/${e.id}.ics`)}>{t({ ja: 'カレンダーに追加（iCalendar）', en: 'Add to your calendar (iCalendar)' })}</a>
        </li>
        <li>
          <a href={`/api/v1/events/${e.id}`}>{t(X.json)}</a>
        </li>
      </ul>
      <p>
        <a href={localePath(locale, '/events')}>{t({ ja: 'イベント一覧へ戻る', en: 'Back to the list of events' })}</a>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------- campaigns

const JUDGED_LABELS: Record<string, Text> = {
  dates: { ja: '期間', en: 'dates' },
  summary: { ja: '概要', en: 'summary' },
  themes: { ja: 'テーマ', en: 'themes' },
  kit: { ja: 'パートナーキット', en: 'partner kit' },
  title_en: { ja: '英語名', en: 'English title' },
};

export function CampaignListPage({ locale, campaigns }: { locale: Locale; campaigns: Campaign[] }) {
  const t = tt(locale);
  return (
    <Layout locale={locale} path="/campaigns" title={t(X.campaigns)} section="events">
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: t({ ja: 'ホーム', en: 'Home' }) }, { path: '/events', label: t(X.title) }, { label: t(X.campaigns) }]} />
      <h1>{t(X.campaigns)}</h1>
      <p class="lead">
        {t({
          ja: '一定の期間に、官民の関係者が一斉に普及啓発に取り組むキャンペーンです。期間中のイベントと、団体が自由に使える告知用の素材（パートナーキット）をまとめています。',
          en: 'Periods in which public and private bodies campaign together. Each lists its events and a partner kit of texts and materials any organisation may reuse.',
        })}
      </p>
      {campaigns.length === 0 ? <p class="empty-state">{t({ ja: 'キャンペーンはまだありません。', en: 'No campaigns yet.' })}</p> : null}
      <ul class="card-list">
        {campaigns.map((c) => (
          <li>
            <article class="card">
              <h2 class="card-title">
                <a href={localePath(locale, `/campaigns/${c.id}`)}>{locale === 'ja' ? c.titleJa : c.titleEn}</a>
              </h2>
              <p class="event-when">{formatPeriod(locale, c.startDate, c.endDate)}</p>
              <p class="card-summary">{locale === 'ja' ? c.summaryJa : c.summaryEn}</p>
            </article>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CampaignPage({ locale, c, upcoming, counts }: { locale: Locale; c: Campaign; upcoming: PublicEvent[]; counts: { all: number; upcoming: number } }) {
  const t = tt(locale);
  const title = locale === 'ja' ? c.titleJa : c.titleEn;
  const judged = new Set<string>(c.judged);
  const J = (k: string) => (judged.has(k) ? <JudgedMark locale={locale} /> : null);
  const inCampaign: EventFilters = { prefectures: [], blocks: [], audiences: [], from: null, to: null, online: null, campaignId: c.id, when: 'all' };
  return (
    <Layout locale={locale} path={`/campaigns/${c.id}`} title={title} section="events" description={(locale === 'ja' ? c.summaryJa : c.summaryEn).slice(0, 160)}>
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: t({ ja: 'ホーム', en: 'Home' }) }, { path: '/campaigns', label: t(X.campaigns) }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">
        <strong>{formatPeriod(locale, c.startDate, c.endDate)}</strong>
        {J('dates')}
      </p>
      <p class="note-text">
        {locale === 'ja' ? c.summaryJa : c.summaryEn}
        {J('summary')}
      </p>
      <nav class="campaign-toc" aria-label={t({ ja: 'このページの内容', en: 'On this page' })}>
        <ul>
          <li>
            <a href="#themes">{t({ ja: 'テーマ', en: 'Themes' })}</a>
          </li>
          <li>
            <a href="#events">{t({ ja: 'イベント', en: 'Events' })}</a>
          </li>
          <li>
            <a href="#kit">{t({ ja: 'パートナーキット', en: 'Partner kit' })}</a>
          </li>
        </ul>
      </nav>
      <h2 id="themes">
        {t({ ja: 'テーマ', en: 'Themes' })}
        {J('themes')}
      </h2>
      {c.themes.length === 0 ? (
        <p>{t({ ja: 'テーマはまだ設定されていません。', en: 'No themes yet.' })}</p>
      ) : (
        <ol class="theme-list">
          {c.themes.map((th) => (
            <li>
              <h3 class="theme-title">{locale === 'ja' ? th.titleJa : th.titleEn}</h3>
              {(locale === 'ja' ? th.descriptionJa : th.descriptionEn) ? <p class="note-text">{locale === 'ja' ? th.descriptionJa : th.descriptionEn}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <h2 id="events">{t({ ja: 'イベント', en: 'Events' })}</h2>
      <p>
        {locale === 'ja'
          ? `このキャンペーンのイベントは${formatNumber(locale, counts.all)}件、うちこれから開催されるものは${formatNumber(locale, counts.upcoming)}件です。`
          : `${formatNumber(locale, counts.all)} events in this campaign, ${formatNumber(locale, counts.upcoming)} still to come.`}
      </p>
      {upcoming.length ? (
        <ul class="card-list">
          {upcoming.map((e) => (
            <li>
              <EventCard locale={locale} e={e} hideCampaign />
            </li>
          ))}
        </ul>
      ) : null}
      <ul class="link-list">
        <li>
          <a href={eventsHref(locale, 'list', inCampaign)}>{t({ ja: 'このキャンペーンのイベントをすべて見る', en: 'All events of this campaign' })}</a>
        </li>
        <li>
          <a href={eventsHref(locale, 'calendar', inCampaign, { month: c.startDate.slice(0, 7) })}>{t({ ja: 'カレンダーで見る', en: 'On the calendar' })}</a>
        </li>
        <li>
          <a href={eventsHref(locale, 'map', inCampaign)}>{t({ ja: '地図で見る', en: 'On the map' })}</a>
        </li>
        <li>
          <a href={`${localePath(locale, '/events.ics')}?${filtersToSearchParams(inCampaign).toString()}`}>{t(X.ics)}</a>
        </li>
      </ul>
      <p>
        {t({ ja: 'キャンペーンに合わせたイベントを開催する団体は、', en: 'Organisations holding an event for this campaign can ' })}
        <a href={localePath(locale, '/my/events/new')}>{t({ ja: 'イベントを登録してください', en: 'register it here' })}</a>
        {t({ ja: '（登録時にこのキャンペーンを選べます）。', en: ' (choose this campaign in the form).' })}
      </p>
      <h2 id="kit">
        {t({ ja: 'パートナーキット', en: 'Partner kit' })}
        {J('kit')}
      </h2>
      <p>{t({ ja: '告知文やSNS投稿の例文は、団体の告知にそのまま、または改変してお使いいただけます。', en: 'The sample texts and posts may be used as they are or adapted in your own announcements.' })}</p>
      {c.kit.length === 0 ? (
        <p>{t({ ja: 'パートナーキットはまだありません。', en: 'No partner kit yet.' })}</p>
      ) : (
        <ul class="kit-list">
          {c.kit.map((k) => {
            const body = locale === 'ja' ? k.bodyJa : k.bodyEn;
            return (
              <li class="kit-entry">
                <h3 class="kit-title">
                  <span class="tag">{KIT_KIND_LABELS[k.kind]?.[locale] ?? k.kind}</span> {locale === 'ja' ? k.titleJa : k.titleEn}
                </h3>
                {body ? <pre class="kit-text" tabIndex={0} aria-label={`${locale === 'ja' ? k.titleJa : k.titleEn}${t({ ja: '（本文）', en: ' (text)' })}`}>{body}</pre> : null}
                {k.url ? (
                  <p>
                    <a href={k.url} rel="noopener noreferrer">
                      {k.url}
                    </a>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {c.judged.length ? (
        <p class="hint">
          {t({ ja: '（推定）は、出典に明記がなく編集部が判断した内容です：', en: '"(judged)" marks what the editors judged because the source does not state it: ' })}
          {c.judged.map((j) => JUDGED_LABELS[j]?.[locale] ?? j).join(locale === 'ja' ? '、' : ', ')}
          {c.judgementNote ? (
            <>
              {' '}
              <span lang="ja">{c.judgementNote}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {c.source ? (
        <p class="hint">
          {t({ ja: '出典：', en: 'Source: ' })}
          {c.source === 'program_office' ? t({ ja: '事務局による登録', en: 'Registered by the program office' }) : <span lang="ja">{c.source}</span>}
        </p>
      ) : null}
    </Layout>
  );
}

