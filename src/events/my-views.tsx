// The organisation's events (/my/events): list, the edit form with drafts and submission, the item
// page with its state, actions and history, and the report after the event.
import { ItemActions, ItemStatus, StateTags as SharedStateTags } from '../content/views.tsx';
import type { AuditEntry } from '../audit/audit.ts';
import { actionLabel } from '../audit/labels.ts';
import type { ContentItem } from '../content/model.ts';
import { formatDate, formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ChangesTable, ItemHistory } from '../moderation/components.tsx';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { ActionButton, Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, REQUIRED_MARK, SelectField, TextArea, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { describeEvent, diffEvent, eventHandler, eventTitle, type StoredEventPayload } from './event-kind.ts';
import { EVENT_LIMITS, normaliseEventPayload, type EventFormValues } from './form.ts';
import { ATTENDANCE_LABELS, ATTENDANCES, type EventReport } from './model.ts';
import { REPORT_LIMITS, type ReportInput } from './reports.ts';
import { formatEventWhen, isValidDate, MAX_YEAR, MIN_YEAR } from './time.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

export type EventItem = ContentItem<StoredEventPayload>;

/** Labels of the audit codes events add (the shared table in audit/labels.ts covers the workflow's). */
export const eventActionLabel = (locale: Locale, code: string) => actionLabel(locale, code);

/** An event's state also says when its published version is cancelled. */
function StateTags({ locale, item }: { locale: Locale; item: EventItem }) {
  const cancelled = item.published && normaliseEventPayload(item.published.payload).cancelled;
  return <SharedStateTags locale={locale} item={item} extra={cancelled ? [{ label: { ja: '中止', en: 'Cancelled' }, kind: 'attention' }] : []} />;
}

export function currentEventPayload(item: EventItem): StoredEventPayload {
  return (item.working ?? item.published)!.payload;
}

function whenOf(locale: Locale, p: StoredEventPayload): string {
  const n = normaliseEventPayload(p);
  if (!isValidDate(n.startDate)) return '—';
  return formatEventWhen(locale, { ...n, endDate: n.endDate || n.startDate });
}

export function MyEventsPage(p: { locale: Locale; viewer: Viewer; owned: EventItem[]; coOrganised: EventItem[]; reported: Set<number>; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const table = (items: EventItem[], caption: Text) => (
    <div class="table-scroll" role="region" aria-label={t(caption)} tabIndex={0}>
      <table class="data-table">
        <caption>{t(caption)}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ ja: 'イベント名', en: 'Event' })}</th>
            <th scope="col">{t({ ja: '日時', en: 'When' })}</th>
            <th scope="col">{t({ ja: '状態', en: 'State' })}</th>
            <th scope="col">{t({ ja: '開催報告', en: 'Report' })}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr>
              <td>
                <a href={localePath(locale, `/my/events/${i.id}`)}>{eventTitle(currentEventPayload(i))[locale] || `#${i.id}`}</a>
              </td>
              <td>{whenOf(locale, currentEventPayload(i))}</td>
              <td>
                <StateTags locale={locale} item={i} />
              </td>
              <td>{p.reported.has(i.id) ? t({ ja: '報告済み', en: 'Reported' }) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Layout locale={locale} path="/my/events" title={t({ ja: '自団体のイベント', en: 'Our events' })} viewer={p.viewer} area="my-events">
      <h1>{t({ ja: '自団体のイベント', en: 'Our events' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>{t({ ja: '登録したイベントは、事務局の審査を経てイベント一覧・カレンダー・地図に掲載されます。終了後は開催報告をお願いします。', en: 'Events you register are listed on the event pages, the calendar and the map after review by the program office. After an event, please report on it.' })}</p>
      <p>
        <a class="button" href={localePath(locale, '/my/events/new')}>
          {t({ ja: 'イベントを登録する', en: 'Add an event' })}
        </a>
      </p>
      {p.owned.length ? table(p.owned, { ja: '自団体が管理するイベント', en: 'Events you manage' }) : <p>{t({ ja: 'まだイベントがありません。', en: 'No events yet.' })}</p>}
      {p.coOrganised.length ? table(p.coOrganised, { ja: '共同で主催しているイベント（編集は主催団体が行います）', en: 'Events you co-organise (the owner edits them)' }) : null}
    </Layout>
  );
}

/** A date or time input with the same label, hint and error markup as the shared form components. */
function DateTimeField(p: { locale: Locale; name: string; type: 'date' | 'time'; label: Text; hint?: Text; value: string; errors: FieldErrors; required?: boolean }) {
  const id = `field-${p.name}`;
  const error = p.errors[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-has-error' : ''}`}>
      <label class="field-label" for={id}>
        {p.label[p.locale]}
        {p.required ? <span class="required-mark">{REQUIRED_MARK[p.locale]}</span> : null}
      </label>
      {p.hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {p.hint[p.locale]}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{p.locale === 'ja' ? 'エラー：' : 'Error: '}</span>
          {error[p.locale]}
        </p>
      ) : null}
      <input
        class="input input-short"
        type={p.type}
        id={id}
        name={p.name}
        value={p.value}
        min={p.type === 'date' ? `${MIN_YEAR}-01-01` : undefined}
        max={p.type === 'date' ? `${MAX_YEAR}-12-31` : undefined}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        aria-required={p.required ? 'true' : undefined}
      />
    </div>
  );
}

export interface FormChoice {
  id: number;
  titleJa: string;
  titleEn: string;
}

export function EventFormPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  action: string;
  title: Text;
  values: EventFormValues;
  errors: FieldErrors;
  campaigns: FormChoice[];
  initiatives: FormChoice[];
  cancelHref: string;
  /** Editing a published event: the form offers to mark it cancelled. */
  canCancel: boolean;
}) {
  const t = tt(p.locale);
  const { locale, values: v, errors } = p;
  return (
    <Layout locale={locale} path={p.action} title={t(p.title)} viewer={p.viewer} area="my-events">
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={localePath(locale, p.action)} csrf={p.csrf}>
        <TextField locale={locale} name="titleJa" label={{ ja: 'イベント名（日本語）', en: 'Name (Japanese)' }} required value={v.titleJa} errors={errors} maxLength={EVENT_LIMITS.title} />
        <TextField locale={locale} name="titleEn" label={{ ja: 'イベント名（英語）', en: 'Name (English)' }} hint={{ ja: '空欄なら英語のページにも日本語名を表示します。', en: 'Left empty, English pages show the Japanese name.' }} value={v.titleEn} errors={errors} maxLength={EVENT_LIMITS.title} />
        <TextArea locale={locale} name="descriptionJa" label={{ ja: '内容（日本語）', en: 'Description (Japanese)' }} hint={{ ja: `何を、誰に向けて行うか。${EVENT_LIMITS.description}文字以内。`, en: `What happens and who it is for. Up to ${EVENT_LIMITS.description} characters.` }} required value={v.descriptionJa} errors={errors} />
        <TextArea locale={locale} name="descriptionEn" label={{ ja: '内容（英語）', en: 'Description (English)' }} value={v.descriptionEn} errors={errors} rows={4} />
        <fieldset class="fieldset fieldset-group">
          <legend class="field-label">{t({ ja: '日時（日本時間）', en: 'Date and time (Japan time)' })}</legend>
          <div class="field">
            <div class="choice">
              <input type="checkbox" id="field-allDay" name="allDay" value="1" checked={v.allDay} />
              <label for="field-allDay">{t({ ja: '終日（時刻を指定しない）', en: 'All day (no times)' })}</label>
            </div>
          </div>
          <div class="date-time-grid">
            <DateTimeField locale={locale} name="startDate" type="date" label={{ ja: '開始日', en: 'Start date' }} hint={{ ja: '例：2027-02-01', en: 'For example 2027-02-01' }} required value={v.startDate} errors={errors} />
            <DateTimeField locale={locale} name="startTime" type="time" label={{ ja: '開始時刻', en: 'Start time' }} hint={{ ja: '例：13:30（終日なら空欄）', en: 'For example 13:30 (empty if all day)' }} value={v.startTime} errors={errors} />
            <DateTimeField locale={locale} name="endDate" type="date" label={{ ja: '終了日', en: 'End date' }} hint={{ ja: '1日だけのイベントは空欄でも構いません。', en: 'May be left empty for a one-day event.' }} value={v.endDate} errors={errors} />
            <DateTimeField locale={locale} name="endTime" type="time" label={{ ja: '終了時刻', en: 'End time' }} hint={{ ja: '例：15:00（終日なら空欄）', en: 'For example 15:00 (empty if all day)' }} value={v.endTime} errors={errors} />
          </div>
        </fieldset>
        <ChoiceGroup locale={locale} type="radio" name="attendance" label={{ ja: '開催形式', en: 'Format' }} required selected={[v.attendance]} errors={errors} choices={ATTENDANCES.map((a) => ({ value: a, label: ATTENDANCE_LABELS[a] }))} />
        <SelectField
          locale={locale}
          name="prefecture"
          label={{ ja: '会場の都道府県', en: 'Prefecture of the venue' }}
          hint={{ ja: '会場で開催する場合は必須です。オンラインのみの場合は空欄にできます。', en: 'Required for events on site; may be left empty for online-only events.' }}
          value={v.prefecture}
          errors={errors}
          emptyLabel={{ ja: '選んでください', en: 'Choose' }}
          choices={PREFECTURES.map((x) => ({ value: x.code, label: { ja: x.ja, en: x.en } }))}
        />
        <TextField locale={locale} name="venueJa" label={{ ja: '会場（日本語）', en: 'Venue (Japanese)' }} hint={{ ja: '施設名と所在地。オンラインの場合は使うサービス名など。', en: 'Name and address of the venue; for online events, the service used.' }} value={v.venueJa} errors={errors} maxLength={EVENT_LIMITS.venue} />
        <TextField locale={locale} name="venueEn" label={{ ja: '会場（英語）', en: 'Venue (English)' }} value={v.venueEn} errors={errors} maxLength={EVENT_LIMITS.venue} />
        <ChoiceGroup locale={locale} type="checkbox" name="audiences" label={{ ja: '対象', en: 'Audiences' }} hint={{ ja: '当てはまるものをすべて選んでください。', en: 'Choose all that apply.' }} required selected={v.audiences} errors={errors} columns choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))} />
        <TextField locale={locale} name="feeYen" label={{ ja: '参加費（円）', en: 'Fee (yen)' }} hint={{ ja: '無料の場合は 0 を入力してください。', en: 'Enter 0 if it is free.' }} required value={v.feeYen} errors={errors} inputMode="numeric" width="short" />
        <TextField locale={locale} name="capacity" label={{ ja: '定員（人）', en: 'Capacity (people)' }} hint={{ ja: '定員がなければ空欄にしてください。', en: 'Leave empty if there is no limit.' }} value={v.capacity} errors={errors} inputMode="numeric" width="short" />
        <TextField locale={locale} name="registrationUrl" type="url" label={{ ja: '申込みページ', en: 'Registration page' }} hint={{ ja: '例：https://www.example.jp/apply', en: 'For example https://www.example.org/apply' }} value={v.registrationUrl} errors={errors} />
        <TextArea locale={locale} name="accessibilityJa" label={{ ja: 'アクセシビリティ（日本語）', en: 'Accessibility (Japanese)' }} hint={{ ja: '手話通訳・字幕、車いすでの来場、託児、資料の事前配布など。', en: 'Sign language or captions, wheelchair access, childcare, materials in advance, and so on.' }} value={v.accessibilityJa} errors={errors} rows={3} />
        <TextArea locale={locale} name="accessibilityEn" label={{ ja: 'アクセシビリティ（英語）', en: 'Accessibility (English)' }} value={v.accessibilityEn} errors={errors} rows={3} />
        <SelectField
          locale={locale}
          name="initiative"
          label={{ ja: '関連する取組（任意）', en: 'Part of an initiative (optional)' }}
          hint={{ ja: '自団体の公開中の取組から選べます。', en: 'Choose from your published initiatives.' }}
          value={v.initiative}
          errors={errors}
          emptyLabel={{ ja: 'なし', en: 'None' }}
          choices={p.initiatives.map((i) => ({ value: String(i.id), label: { ja: i.titleJa, en: i.titleEn } }))}
        />
        <SelectField
          locale={locale}
          name="campaign"
          label={{ ja: 'キャンペーン（任意）', en: 'Campaign (optional)' }}
          hint={{ ja: 'サイバーセキュリティ月間などに合わせて開催する場合に選んでください。', en: 'Choose one if the event is held for a campaign such as Cybersecurity Month.' }}
          value={v.campaign}
          errors={errors}
          emptyLabel={{ ja: 'なし', en: 'None' }}
          choices={p.campaigns.map((c) => ({ value: String(c.id), label: { ja: c.titleJa, en: c.titleEn } }))}
        />
        {p.canCancel || v.cancelled ? (
          <div class="field">
            <div class="choice">
              <input type="checkbox" id="field-cancelled" name="cancelled" value="1" checked={v.cancelled} aria-describedby="field-cancelled-hint" />
              <label for="field-cancelled">{t({ ja: 'このイベントは中止になった', en: 'This event has been cancelled' })}</label>
            </div>
            <p class="field-hint" id="field-cancelled-hint">
              {t({ ja: '中止は、一覧とカレンダー登録（iCalendar）に「中止」と表示されます。', en: 'A cancelled event stays in the list and in calendar feeds, marked as cancelled.' })}
            </p>
          </div>
        ) : null}
        <p class="hint">
          {t({ ja: `${REQUIRED_MARK.ja}の項目は審査に出すときに必要です。下書きは未完成でも保存できますが、誤った値（存在しない日付など）は保存できません。`, en: 'Fields marked Required are needed to submit. A draft may be incomplete, but never wrong (an impossible date, for example).' })}
        </p>
        <div class="button-row">
          <Button name="intent" value="submit">
            {t({ ja: '保存して審査に出す', en: 'Save and submit for review' })}
          </Button>
          <Button name="intent" value="save" variant="secondary">
            {t({ ja: '下書き保存', en: 'Save as draft' })}
          </Button>
          <a href={p.cancelHref}>{t({ ja: '保存せずに戻る', en: 'Cancel' })}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

export function EventHistory({ locale, entries }: { locale: Locale; entries: AuditEntry[] }) {
  return <ItemHistory locale={locale} entries={entries} label={eventActionLabel} handlerFor={(e) => (e.action === 'event_report_saved' ? undefined : eventHandler)} />;
}

export function MyEventPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  item: EventItem;
  history: AuditEntry[];
  canEdit: boolean;
  ended: boolean;
  report: EventReport | undefined;
  notice?: Text;
  errors?: FieldErrors;
  note?: string;
}) {
  const t = tt(p.locale);
  const { locale, item } = p;
  const w = item.working;
  const shown = currentEventPayload(item);
  const base = `/my/events/${item.id}`;
  const title = eventTitle(shown)[locale] || `#${item.id}`;
  const publishedCancelled = item.published ? normaliseEventPayload(item.published.payload).cancelled : false;
  return (
    <Layout locale={locale} path={base} title={title} viewer={p.viewer} area="my-events">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/events')}>{t({ ja: '自団体のイベント一覧へ戻る', en: 'Back to our events' })}</a>
      </p>
      <h1>{title}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors ?? {}} />
      <ItemStatus locale={locale} item={item} publicPath={`/events/${item.publicId}`} tags={<StateTags locale={locale} item={item} />} />
      {p.canEdit ? (
        <ItemActions locale={locale} csrf={p.csrf} item={item} base={base} changeLabel={{ ja: '内容を変更する', en: 'Change this event' }}>
          {item.isPublic && !w && !publishedCancelled && !p.ended ? <ActionButton action={localePath(locale, `${base}/cancel`)} csrf={p.csrf} variant="warning" label={t({ ja: 'イベントを中止する', en: 'Cancel this event' })} /> : null}
        </ItemActions>
      ) : (
        <p class="hint">{t({ ja: 'このイベントは共同主催団体として表示されています。編集は主催団体が行います。', en: 'You are listed as a co-organiser. The owning organisation edits this event.' })}</p>
      )}
      {item.isPublic && !w && !publishedCancelled && !p.ended && p.canEdit ? (
        <p class="hint">{t({ ja: '「中止する」は中止の変更を審査に出します（確認済みの団体はすぐに反映されます）。中止したイベントは一覧とカレンダー登録に「中止」と表示されます。', en: '"Cancel" submits the cancellation for review (published at once for verified organisations). A cancelled event stays listed, marked as cancelled.' })}</p>
      ) : null}
      <h2>{t({ ja: '開催報告', en: 'Report' })}</h2>
      {p.report ? (
        <p>
          {locale === 'ja' ? `報告済み（参加者 ${formatNumber(locale, p.report.participants)}人、${formatDate(locale, p.report.updatedAt)}）。` : `Reported (${formatNumber(locale, p.report.participants)} participants, ${formatDate(locale, p.report.updatedAt)}). `}
          <a href={localePath(locale, `${base}/report`)}>{t(p.canEdit ? { ja: '報告を見る・直す', en: 'See or correct the report' } : { ja: '報告を見る', en: 'See the report' })}</a>
        </p>
      ) : p.ended ? (
        p.canEdit ? (
          <p>
            <a class="button button-secondary" href={localePath(locale, `${base}/report`)}>
              {t({ ja: '開催報告を入力する', en: 'Report on the event' })}
            </a>
          </p>
        ) : (
          <p>{t({ ja: 'まだ報告されていません。', en: 'Not reported yet.' })}</p>
        )
      ) : (
        <p>{t({ ja: 'イベントの終了後に、参加者数などを報告できます。', en: 'After the event you can report the number of participants and more.' })}</p>
      )}
      <h2>{t(w ? { ja: '作業中の内容', en: 'Your working version' } : { ja: '公開中の内容', en: 'Published version' })}</h2>
      <dl class="detail-list">
        {describeEvent(shown, locale).map((f) => (
          <div>
            <dt>{f.label[locale]}</dt>
            <dd class="note-text">{f.value || '—'}</dd>
          </div>
        ))}
        <div>
          <dt>{t({ ja: '主催団体', en: 'Organisers' })}</dt>
          <dd>{item.organisers.map((o) => (locale === 'ja' ? o.nameJa : o.nameEn)).join(locale === 'ja' ? '、' : ', ')}</dd>
        </div>
      </dl>
      {w && item.published ? (
        <ChangesTable
          locale={locale}
          caption={t({ ja: '公開中の内容からの変更', en: 'Changes from the published version' })}
          rows={diffEvent(item.published.payload, w.payload, locale).map((c) => ({ label: c.label[locale], before: c.before, after: c.after }))}
        />
      ) : null}
      {p.canEdit && item.isPublic ? (
        <details class="danger-zone">
          <summary>{t({ ja: '公開を停止する', en: 'Unpublish' })}</summary>
          <p class="hint">{t({ ja: '公開を停止すると、一覧・カレンダー登録から消えます。中止を知らせたい場合は「中止する」を使ってください。', en: 'Unpublishing removes the event from the lists and calendar feeds. To tell people it is cancelled, use "Cancel this event" instead.' })}</p>
          <PostForm action={localePath(locale, `${base}/unpublish`)} csrf={p.csrf}>
            <TextArea locale={locale} name="note" label={{ ja: '停止の理由', en: 'Reason' }} required value={p.note ?? ''} errors={p.errors} rows={3} />
            <Button variant="warning">{t({ ja: '公開を停止する', en: 'Unpublish this event' })}</Button>
          </PostForm>
        </details>
      ) : null}
      <h2>{t({ ja: '変更履歴', en: 'History' })}</h2>
      <EventHistory locale={locale} entries={p.history} />
    </Layout>
  );
}

export function ReportPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  item: EventItem;
  canEdit: boolean;
  ended: boolean;
  report: EventReport | undefined;
  values: ReportInput;
  errors: FieldErrors;
  notice?: Text;
  /** The moderators' view of the same report (read-only, in the moderation area). */
  moderation?: boolean;
}) {
  const t = tt(p.locale);
  const { locale, item, values: v, errors } = p;
  const base = p.moderation ? `/moderation/event-reports/${item.id}` : `/my/events/${item.id}/report`;
  const title = eventTitle(currentEventPayload(item))[locale];
  const heading = t({ ja: '開催報告', en: 'Event report' });
  return (
    <Layout locale={locale} path={base} title={`${heading}：${title}`} viewer={p.viewer} area={p.moderation ? 'moderation' : 'my-events'}>
      <p class="breadcrumb-back">
        {p.moderation ? (
          <a href={localePath(locale, '/moderation/event-reports')}>{t({ ja: '開催報告の一覧へ戻る', en: 'Back to the event reports' })}</a>
        ) : (
          <a href={localePath(locale, `/my/events/${item.id}`)}>{t({ ja: 'イベントのページへ戻る', en: 'Back to the event' })}</a>
        )}
      </p>
      <h1>
        {heading}
        <span class="subtitle-inline">{title}</span>
      </h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>{whenOf(locale, currentEventPayload(item))}</p>
      <p class="hint">{t({ ja: '報告は主催団体と事務局だけが見られます。公開されるのは、将来の集計値だけです。', en: 'Only the organisers and the program office see reports. Only aggregate figures may be published later.' })}</p>
      {p.report ? (
        <dl class="detail-list">
          <div>
            <dt>{t({ ja: '参加者数', en: 'Participants' })}</dt>
            <dd>{formatNumber(locale, p.report.participants)}</dd>
          </div>
          <div>
            <dt>{t({ ja: '参加した人の対象', en: 'Audiences reached' })}</dt>
            <dd>{p.report.audiences.map((a) => AUDIENCE_LABELS[a][locale]).join(locale === 'ja' ? '、' : ', ') || '—'}</dd>
          </div>
          <div>
            <dt>{t({ ja: '使った教材・資料', en: 'Materials used' })}</dt>
            <dd class="note-text">{p.report.materialsUsed || '—'}</dd>
          </div>
          <div>
            <dt>{t({ ja: '報告（自由記述）', en: 'Notes' })}</dt>
            <dd class="note-text">{p.report.notes || '—'}</dd>
          </div>
          <div>
            <dt>{t({ ja: '最終更新', en: 'Last updated' })}</dt>
            <dd>
              {formatDateTime(locale, p.report.updatedAt)}
              {p.report.updatedByName ? `（${p.report.updatedByName}）` : ''}
            </dd>
          </div>
        </dl>
      ) : p.moderation ? (
        <p>{t({ ja: 'まだ報告されていません。', en: 'Not reported yet.' })}</p>
      ) : null}
      {p.canEdit && !p.moderation ? (
        p.ended ? (
          <>
            <h2>{t(p.report ? { ja: '報告を直す', en: 'Correct the report' } : { ja: '報告を入力する', en: 'Enter the report' })}</h2>
            <FormErrorSummary locale={locale} errors={errors} />
            <PostForm action={localePath(locale, base)} csrf={p.csrf}>
              <TextField locale={locale} name="participants" label={{ ja: '参加者数（人）', en: 'Participants (people)' }} required value={v.participants} errors={errors} inputMode="numeric" width="short" />
              <ChoiceGroup locale={locale} type="checkbox" name="audiences" label={{ ja: '参加した人の対象', en: 'Audiences reached' }} hint={{ ja: '当てはまるものをすべて選んでください。', en: 'Choose all that apply.' }} required selected={v.audiences} errors={errors} columns choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))} />
              <TextArea locale={locale} name="materialsUsed" label={{ ja: '使った教材・資料', en: 'Materials used' }} hint={{ ja: `教材名やURLを1行に1つ。${REPORT_LIMITS.text}文字以内。`, en: `Titles or web addresses, one a line. Up to ${REPORT_LIMITS.text} characters.` }} value={v.materialsUsed} errors={errors} rows={4} />
              <TextArea locale={locale} name="notes" label={{ ja: '報告（自由記述）', en: 'Notes' }} hint={{ ja: '参加者の反応、うまくいったこと、次回への課題など。', en: 'How participants responded, what worked, what to improve.' }} value={v.notes} errors={errors} rows={5} />
              <Button>{t({ ja: '報告を保存する', en: 'Save the report' })}</Button>
            </PostForm>
          </>
        ) : (
          <p class="notice notice-info">{t({ ja: '報告は、イベントの終了後に入力できます。', en: 'You can report on the event once it has ended.' })}</p>
        )
      ) : null}
    </Layout>
  );
}
