// The organisation's own area: dashboard, its initiatives, the edit form and each item's history.
import { ItemActions, ItemStatus, StateTags } from '../content/views.tsx';
import type { AuditEntry } from '../audit/audit.ts';
import { actionLabel } from '../audit/labels.ts';
import type { AnyItem, InitiativeItem } from '../content/service.ts';
import { describeInitiative, diffInitiative, initiativeHandler, initiativeTitle, INITIATIVE_LIMITS, type InitiativePayload } from '../content/initiative-kind.ts';
import type { ContentKindHandler } from '../content/model.ts';
import type { FieldChange } from '../content/model.ts';
import { formatDate, formatDateTime, localePath, type Locale, type Text } from '../i18n/locale.ts';
import type { StrategyMeasure } from '../strategy/model.ts';
import { PREFECTURES, REGION_BLOCK_LABELS, REGION_BLOCKS } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES, INITIATIVE_STATUS_LABELS, INITIATIVE_STATUSES, METHOD_LABELS, METHODS, ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, SECTOR_LABELS, SECTORS } from '../taxonomy/taxonomy.ts';
import { Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextArea, TextField, REQUIRED_MARK, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

function currentPayload(item: InitiativeItem): InitiativePayload {
  return (item.working ?? item.published)!.payload;
}

export function DashboardPage(p: {
  locale: Locale;
  viewer: Viewer;
  organisation: { nameJa: string; nameEn: string; status: string; verified: boolean; reviewPolicy: string } | null;
  counts: { drafts: number; inReview: number; attention: number; published: number; stale: number };
  /** The same counts for every kind of content (initiatives, events, materials), with where to manage them. */
  byKind: { label: Text; href: string; published: number; inReview: number; drafts: number; attention: number }[];
  attention: { item: AnyItem; title: Text; href: string }[];
  notice?: Text;
}) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/my" title={t({ ja: 'マイページ', en: 'My page' })} viewer={p.viewer} area="my">
      <h1>{t({ ja: 'マイページ', en: 'My page' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.organisation ? (
        <>
          <section class="panel">
            <h2>{locale === 'ja' ? p.organisation.nameJa : p.organisation.nameEn}</h2>
            <p>
              {p.organisation.status === 'pending'
                ? t({ ja: '登録済み（まだ一覧に表示されていません。最初の取組が承認されると公開されます）', en: 'Registered (not listed yet: your organisation appears once its first initiative is approved)' })
                : t({ ja: '公開中の団体', en: 'Listed organisation' })}
              {p.organisation.verified ? t({ ja: '・事務局による確認済み', en: ' · verified by the program office' }) : ''}
            </p>
            <p class="hint">
              {p.organisation.verified && p.organisation.reviewPolicy === 'verified_direct'
                ? t({ ja: '確認済みの団体のため、提出した内容は審査なしで公開されます。', en: 'As a verified organisation, what you submit is published without review.' })
                : t({ ja: '提出した内容は、事務局の審査を経て公開されます。', en: 'What you submit is published after review by the program office.' })}
            </p>
          </section>
          <h2>{t({ ja: '掲載内容の状況', en: 'What you publish' })}</h2>
          <ul class="kind-summary">
            {p.byKind.map((k) => (
              <li>
                <a href={localePath(locale, k.href)}>{t(k.label)}</a>
                <span>
                  {t({
                    ja: `公開中 ${k.published}件・審査待ち ${k.inReview}件・下書き ${k.drafts}件・要対応 ${k.attention}件`,
                    en: `${k.published} published · ${k.inReview} awaiting review · ${k.drafts} drafts · ${k.attention} need attention`,
                  })}
                </span>
              </li>
            ))}
          </ul>
          <p>
            {t({ ja: `12か月以上確認されていない公開中の取組：${p.counts.stale}件`, en: `Published initiatives not confirmed for 12 months or more: ${p.counts.stale}` })}
          </p>
          {p.attention.length ? (
            <>
              <h2>{t({ ja: '対応が必要なもの', en: 'Needs your attention' })}</h2>
              <ul class="link-list">
                {p.attention.map((a) => (
                  <li>
                    <a href={localePath(locale, a.href)}>{t(a.title)}</a> <StateTags locale={locale} item={a.item} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p class="button-row">
            <a class="button" href={localePath(locale, '/my/initiatives/new')}>
              {t({ ja: '取組を登録する', en: 'Add an initiative' })}
            </a>
            <a class="button button-secondary" href={localePath(locale, '/my/initiatives')}>
              {t({ ja: '自団体の取組一覧', en: 'All our initiatives' })}
            </a>
            <a class="button button-secondary" href={localePath(locale, '/my/partners')}>
              {t({ ja: '連携先を探す', en: 'Find partners' })}
            </a>
            <a class="button button-secondary" href={localePath(locale, '/my/organisation')}>
              {t({ ja: '団体情報', en: 'Organisation details' })}
            </a>
            <a class="button button-secondary" href={localePath(locale, '/my/webhooks')}>{t({ ja: 'Webhook（システム連携）', en: 'Webhooks' })}</a>
            <a class="button button-secondary" href={localePath(locale, '/my/feeds')}>{t({ ja: 'フィードの取り込み', en: 'Partner feeds' })}</a>
            <a class="button button-secondary" href={localePath(locale, '/my/history')}>
              {t({ ja: '自団体の変更履歴', en: "Your organisation's history" })}
            </a>
          </p>
        </>
      ) : (
        <p>
          {t({ ja: 'このアカウントは団体に所属していません。', en: 'This account does not belong to an organisation.' })}
          {p.viewer.isModerator ? (
            <>
              {' '}
              <a href={localePath(locale, '/moderation')}>{t({ ja: '審査の画面へ', en: 'Go to moderation' })}</a>
            </>
          ) : null}
        </p>
      )}
    </Layout>
  );
}

export function MyInitiativesPage(p: { locale: Locale; viewer: Viewer; owned: InitiativeItem[]; coOrganised: InitiativeItem[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const table = (items: InitiativeItem[], caption: Text) => (
    <table class="data-table">
      <caption>{t(caption)}</caption>
      <thead>
        <tr>
          <th scope="col">{t({ ja: '取組名', en: 'Initiative' })}</th>
          <th scope="col">{t({ ja: '状態', en: 'State' })}</th>
          <th scope="col">{t({ ja: '最終確認', en: 'Last confirmed' })}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr>
            <td>
              <a href={localePath(locale, `/my/initiatives/${i.id}`)}>{initiativeTitle(currentPayload(i))[locale]}</a>
            </td>
            <td>
              <StateTags locale={locale} item={i} />
            </td>
            <td>{i.confirmedAt ? formatDate(locale, i.confirmedAt) : t({ ja: '未確認', en: 'Never' })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Layout locale={locale} path="/my/initiatives" title={t({ ja: '自団体の取組', en: 'Our initiatives' })} viewer={p.viewer} area="my-initiatives">
      <h1>{t({ ja: '自団体の取組', en: 'Our initiatives' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>
        <a class="button" href={localePath(locale, '/my/initiatives/new')}>
          {t({ ja: '取組を登録する', en: 'Add an initiative' })}
        </a>
      </p>
      {p.owned.length ? table(p.owned, { ja: '自団体が管理する取組', en: 'Initiatives you manage' }) : <p>{t({ ja: 'まだ取組がありません。', en: 'No initiatives yet.' })}</p>}
      {p.coOrganised.length ? table(p.coOrganised, { ja: '共同で実施している取組（編集は主催団体が行います）', en: 'Initiatives you co-organise (the owner edits them)' }) : null}
    </Layout>
  );
}

export function InitiativeFormPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  action: string;
  title: Text;
  payload: InitiativePayload;
  errors: FieldErrors;
  measures: StrategyMeasure[];
  cancelHref: string;
}) {
  const t = tt(p.locale);
  const { locale, payload: v, errors } = p;
  const prefErr = errors.prefectures;
  return (
    <Layout locale={locale} path={p.action} title={t(p.title)} viewer={p.viewer} area="my-initiatives">
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={localePath(locale, p.action)} csrf={p.csrf}>
        <TextField locale={locale} name="titleJa" label={{ ja: '取組名（日本語）', en: 'Name (Japanese)' }} required value={v.titleJa} errors={errors} maxLength={INITIATIVE_LIMITS.title} />
        <TextField locale={locale} name="titleEn" label={{ ja: '取組名（英語）', en: 'Name (English)' }} hint={{ ja: '空欄なら英語のページにも日本語名を表示します。', en: 'Left empty, English pages show the Japanese name.' }} value={v.titleEn} errors={errors} maxLength={INITIATIVE_LIMITS.title} />
        <TextArea locale={locale} name="summaryJa" label={{ ja: '概要（日本語）', en: 'Summary (Japanese)' }} hint={{ ja: `誰に、何を、どのように届けるか。${INITIATIVE_LIMITS.summary}文字以内。`, en: `Who it reaches, with what, and how. Up to ${INITIATIVE_LIMITS.summary} characters.` }} required value={v.summaryJa} errors={errors} />
        <TextArea locale={locale} name="summaryEn" label={{ ja: '概要（英語）', en: 'Summary (English)' }} value={v.summaryEn} errors={errors} rows={4} />
        <ChoiceGroup locale={locale} type="checkbox" name="audiences" label={{ ja: '対象', en: 'Audiences' }} hint={{ ja: '当てはまるものをすべて選んでください。', en: 'Choose all that apply.' }} required selected={v.audiences} errors={errors} columns choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))} />
        <ChoiceGroup locale={locale} type="checkbox" name="methods" label={{ ja: '手法', en: 'Methods' }} required selected={v.methods} errors={errors} choices={METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} />
        <ChoiceGroup locale={locale} type="radio" name="sector" label={{ ja: '官民の区分', en: 'Sector' }} required selected={[v.sector]} errors={errors} choices={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))} />
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="coverage"
          label={{ ja: '実施地域', en: 'Where it takes place' }}
          required
          selected={[v.nationwide ? 'nationwide' : 'prefectures']}
          errors={errors}
          choices={[
            { value: 'nationwide', label: { ja: '全国', en: 'Nationwide' } },
            { value: 'prefectures', label: { ja: '特定の都道府県', en: 'In particular prefectures' }, hint: { ja: '下の一覧から選んでください。', en: 'Choose them below.' } },
          ]}
        />
        <div class={`field${prefErr ? ' field-has-error' : ''}`}>
          <fieldset class="fieldset" id="field-prefectures" aria-describedby={prefErr ? 'field-prefectures-error' : undefined}>
            <legend class="field-label">{t({ ja: '都道府県（特定の都道府県の場合）', en: 'Prefectures (if not nationwide)' })}</legend>
            {prefErr ? (
              <p class="field-error" id="field-prefectures-error">
                {prefErr[locale]}
              </p>
            ) : null}
            {REGION_BLOCKS.map((block) => (
              <fieldset class="fieldset prefecture-block">
                <legend>{REGION_BLOCK_LABELS[block][locale]}</legend>
                <div class="choices choices-columns">
                  {PREFECTURES.filter((x) => x.block === block).map((x) => (
                    <div class="choice">
                      <input type="checkbox" id={`pref-${x.code}`} name="prefectures" value={x.code} checked={v.prefectures.includes(x.code)} />
                      <label for={`pref-${x.code}`}>{x[locale]}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
            ))}
          </fieldset>
        </div>
        <TextField locale={locale} name="url" type="url" label={{ ja: '取組のウェブページ', en: 'Web page of the initiative' }} hint={{ ja: '例：https://www.example.jp/seminar', en: 'For example https://www.example.org/seminar' }} value={v.url ?? ''} errors={errors} />
        <ChoiceGroup locale={locale} type="radio" name="status" label={{ ja: '実施状況', en: 'Status' }} selected={[v.status]} errors={errors} choices={INITIATIVE_STATUSES.map((s) => ({ value: s, label: INITIATIVE_STATUS_LABELS[s] }))} />
        <details class="measures-choice" open={v.measures.length > 0 || !!errors.measures}>
          <summary>{t({ ja: '戦略上の位置付け（任意）', en: 'Strategy measures (optional)' })}</summary>
          <ChoiceGroup
            locale={locale}
            type="checkbox"
            name="measures"
            label={{ ja: 'この取組が貢献する施策', en: 'Measures this initiative serves' }}
            selected={v.measures}
            errors={errors}
            choices={p.measures.filter((m) => m.depth > 0).map((m) => ({ value: m.slug, label: { ja: `${'　'.repeat(m.depth - 1)}${m.titleJa}`, en: `${m.titleEn}` } }))}
          />
        </details>
        <p class="hint">
          {t({ ja: `${REQUIRED_MARK.ja}の項目は入力が必要です。下書きは未完成でも保存できます。`, en: 'Fields marked Required must be filled in to submit; a draft can be saved incomplete.' })}
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

function Changes({ locale, changes }: { locale: Locale; changes: FieldChange[] }) {
  const t = tt(locale);
  if (!changes.length) return <p>{t({ ja: '公開中の内容からの変更はありません。', en: 'No changes from the published version.' })}</p>;
  return (
    <table class="data-table diff-table">
      <caption>{t({ ja: '公開中の内容からの変更', en: 'Changes from the published version' })}</caption>
      <thead>
        <tr>
          <th scope="col">{t({ ja: '項目', en: 'Field' })}</th>
          <th scope="col">{t({ ja: '変更前', en: 'Before' })}</th>
          <th scope="col">{t({ ja: '変更後', en: 'After' })}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr>
            <th scope="row">{c.label[locale]}</th>
            <td class="diff-before">{c.before}</td>
            <td class="diff-after">{c.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HistoryList({
  locale,
  entries,
  subjectTitles,
  handlerOf,
  subjectPath,
}: {
  locale: Locale;
  entries: AuditEntry[];
  subjectTitles?: Map<number, string>;
  /** The kind handler of a content item, to compare its versions. */
  handlerOf: (itemId: number) => ContentKindHandler<any> | undefined;
  subjectPath?: (itemId: number) => string;
}) {
  const t = tt(locale);
  if (!entries.length) return <p>{t({ ja: '履歴はまだありません。', en: 'No history yet.' })}</p>;
  return (
    <ol class="history">
      {entries.map((e) => {
        const isVersion = (x: unknown) => !!x && typeof x === 'object' && 'titleJa' in (x as object);
        const h = e.subjectKind === 'content' ? handlerOf(e.subjectId) : undefined;
        const changes = h && isVersion(e.after) ? h.diff(isVersion(e.before) ? e.before : null, e.after, locale) : [];
        return (
          <li>
            <p>
              <strong>{actionLabel(locale, e.action)}</strong>
              {subjectTitles && e.subjectKind === 'content' ? (
                <>
                  {locale === 'ja' ? '：' : ': '}
                  <a href={localePath(locale, subjectPath ? subjectPath(e.subjectId) : `/my/initiatives/${e.subjectId}`)}>{subjectTitles.get(e.subjectId) ?? `#${e.subjectId}`}</a>
                </>
              ) : null}
              {' — '}
              {e.actorName ?? t({ ja: 'システム', en: 'System' })}
              {' — '}
              <time dateTime={e.createdAt}>{formatDateTime(locale, e.createdAt)}</time>
            </p>
            {e.note ? <p class="history-note">{e.note}</p> : null}
            {changes.length ? (
              <details>
                <summary>{t({ ja: `変更された項目（${changes.length}）`, en: `Changed fields (${changes.length})` })}</summary>
                <Changes locale={locale} changes={changes} />
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export function MyInitiativePage(p: { locale: Locale; viewer: Viewer; csrf: string; item: InitiativeItem; history: AuditEntry[]; canEdit: boolean; notice?: Text; errors?: FieldErrors; note?: string }) {
  const t = tt(p.locale);
  const { locale, item } = p;
  const w = item.working;
  const shown = currentPayload(item);
  const base = `/my/initiatives/${item.id}`;
  return (
    <Layout locale={locale} path={base} title={initiativeTitle(shown)[locale]} viewer={p.viewer} area="my-initiatives">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/initiatives')}>{t({ ja: '自団体の取組一覧へ戻る', en: 'Back to our initiatives' })}</a>
      </p>
      <h1>{initiativeTitle(shown)[locale]}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors ?? {}} />
      <ItemStatus locale={locale} item={item} publicPath={`/initiatives/${item.publicId}`} tags={<StateTags locale={locale} item={item} />} />
      {p.canEdit ? (
        <ItemActions locale={locale} csrf={p.csrf} item={item} base={base} changeLabel={{ ja: '内容を変更する', en: 'Change this initiative' }} />
      ) : (
        <p class="hint">{t({ ja: 'この取組は共同実施団体として表示されています。編集は主催団体が行います。', en: 'You are listed as a co-organiser. The owning organisation edits this initiative.' })}</p>
      )}
      <h2>{t(w ? { ja: '作業中の内容', en: 'Your working version' } : { ja: '公開中の内容', en: 'Published version' })}</h2>
      <dl class="detail-list">
        {describeInitiative(shown, locale).map((f) => (
          <div>
            <dt>{f.label[locale]}</dt>
            <dd>{f.value || '—'}</dd>
          </div>
        ))}
        <div>
          <dt>{t({ ja: '実施団体', en: 'Organisers' })}</dt>
          <dd>{item.organisers.map((o) => (locale === 'ja' ? o.nameJa : o.nameEn)).join(locale === 'ja' ? '、' : ', ')}</dd>
        </div>
      </dl>
      {w && item.published ? <Changes locale={locale} changes={diffInitiative(item.published.payload, w.payload, locale)} /> : null}
      {p.canEdit && item.isPublic ? (
        <details class="danger-zone">
          <summary>{t({ ja: '公開を停止する', en: 'Unpublish' })}</summary>
          <PostForm action={localePath(locale, `${base}/unpublish`)} csrf={p.csrf}>
            <TextArea locale={locale} name="note" label={{ ja: '停止の理由', en: 'Reason' }} required value={p.note ?? ''} errors={p.errors} rows={3} />
            <Button variant="warning">{t({ ja: '公開を停止する', en: 'Unpublish this initiative' })}</Button>
          </PostForm>
        </details>
      ) : null}
      <h2>{t({ ja: '変更履歴', en: 'History' })}</h2>
      <HistoryList locale={locale} entries={p.history} handlerOf={() => initiativeHandler} />
    </Layout>
  );
}

export function OrganisationHistoryPage(p: {
  locale: Locale;
  viewer: Viewer;
  entries: AuditEntry[];
  titles: Map<number, string>;
  handlers: Map<number, ContentKindHandler<any>>;
  olderHref: string | null;
}) {
  const t = tt(p.locale);
  return (
    <Layout locale={p.locale} path="/my/history" title={t({ ja: '自団体の変更履歴', en: "Your organisation's history" })} viewer={p.viewer} area="my">
      <h1>{t({ ja: '自団体の変更履歴', en: "Your organisation's history" })}</h1>
      <p>{t({ ja: '自団体の取組、メンバー、連携の依頼に関する変更を、新しい順にすべて表示しています。', en: 'Every change to your initiatives, members and collaboration requests, newest first.' })}</p>
      <HistoryList locale={p.locale} entries={p.entries} subjectTitles={p.titles} handlerOf={(id) => p.handlers.get(id)} subjectPath={(id) => p.handlers.get(id)?.ownerPath(id) ?? `/my/initiatives/${id}`} />
      {p.olderHref ? (
        <p>
          <a href={p.olderHref}>{t({ ja: 'さらに古い履歴', en: 'Older entries' })}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function OrganisationProfilePage(p: { locale: Locale; viewer: Viewer; csrf: string; values: { nameJa: string; nameEn: string; abbreviation: string; kind: string; website: string }; verified: boolean; isAdmin: boolean; errors: FieldErrors; notice?: Text }) {
  const t = tt(p.locale);
  const { locale, values: v, errors } = p;
  return (
    <Layout locale={locale} path="/my/organisation" title={t({ ja: '団体情報', en: 'Organisation details' })} viewer={p.viewer} area="members">
      <h1>{t({ ja: '団体情報', en: 'Organisation details' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={errors} />
      {p.isAdmin ? (
        <PostForm action={localePath(locale, '/my/organisation')} csrf={p.csrf}>
          <TextField
            locale={locale}
            name="nameJa"
            label={{ ja: '団体名（日本語）', en: 'Name (Japanese)' }}
            hint={p.verified ? { ja: '名称を変えると、事務局による確認は取り消され、改めて確認を受けることになります。', en: 'Changing the name withdraws the program office’s verification until it verifies you again.' } : undefined}
            required
            value={v.nameJa}
            errors={errors}
            maxLength={100}
          />
          <TextField locale={locale} name="nameEn" label={{ ja: '団体名（英語）', en: 'Name (English)' }} value={v.nameEn} errors={errors} maxLength={150} />
          <TextField locale={locale} name="abbreviation" label={{ ja: '略称', en: 'Abbreviation' }} hint={{ ja: '例：IPA。検索でも使われます。', en: 'For example IPA. Search uses it too.' }} value={v.abbreviation} errors={errors} maxLength={30} width="short" />
          <SelectField locale={locale} name="kind" label={{ ja: '団体の種類', en: 'Kind of organisation' }} required value={v.kind} errors={errors} choices={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))} />
          <TextField locale={locale} name="website" type="url" label={{ ja: 'ウェブサイト', en: 'Website' }} value={v.website} errors={errors} />
          <Button>{t({ ja: '保存する', en: 'Save' })}</Button>
        </PostForm>
      ) : (
        <dl class="detail-list">
          <div>
            <dt>{t({ ja: '団体名', en: 'Name' })}</dt>
            <dd>{locale === 'ja' ? v.nameJa : v.nameEn}</dd>
          </div>
          <div>
            <dt>{t({ ja: 'ウェブサイト', en: 'Website' })}</dt>
            <dd>{v.website || '—'}</dd>
          </div>
        </dl>
      )}
    </Layout>
  );
}
