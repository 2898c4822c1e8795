// The advisories an organisation (or the program office) writes (/my/advisories): the list, the form
// with drafts, submission, "publish now" for moderators and the "what changed" note of a correction,
// and the item page with its state, actions, withdrawal and history.
import type { AuditEntry } from '../audit/audit.ts';
import { actionLabel } from '../audit/labels.ts';
import { ItemActions, ItemStatus, StateTags } from '../content/views.tsx';
import { formatDateTime, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ChangesTable, ItemHistory } from '../moderation/components.tsx';
import { PREFECTURES, REGION_BLOCK_LABELS, REGION_BLOCKS } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { ActionButton, Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, REQUIRED_MARK, SelectField, TextArea, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { advisoryHandler, describeAdvisory, diffAdvisory } from './advisory-kind.ts';
import { LINK_SLOTS, type AdvisoryFormValues } from './form.ts';
import { ADVISORY_LIMITS, advisoryTitle, normaliseAdvisory, SEVERITIES, SEVERITY_LABELS, type AdvisoryCorrection } from './model.ts';
import type { AdvisoryItem } from './service.ts';
import { SeverityBadge } from './views.tsx';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

export const current = (item: AdvisoryItem) => normaliseAdvisory((item.working ?? item.published)!.payload);

function Tags({ locale, item, withdrawn }: { locale: Locale; item: AdvisoryItem; withdrawn: boolean }) {
  return <StateTags locale={locale} item={item} extra={withdrawn ? [{ label: { ja: '取り下げ済み', en: 'Withdrawn' }, kind: 'attention' }] : []} />;
}

export function MyAdvisoriesPage(p: { locale: Locale; viewer: Viewer; items: AdvisoryItem[]; withdrawn: Set<number>; allOrganisations: boolean; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: '注意喚起の発信', en: 'Advisories' });
  return (
    <Layout locale={locale} path="/my/advisories" title={title} viewer={p.viewer} area="my-advisories">
      <h1>{title}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>
        {t(
          p.allOrganisations
            ? { ja: '事務局は、すべての団体の注意喚起を今すぐ公開・訂正・取り下げできます。', en: 'The program office can publish, correct and withdraw any organisation’s advisory at once.' }
            : { ja: '作成した注意喚起は、事務局の審査を経て公開され、該当する購読者にメール・Webhook・プッシュ通知で届きます。', en: 'Advisories you write are published after review by the program office and reach matching subscribers by email, webhook and push notification.' },
        )}
      </p>
      <p>
        <a class="button" href={localePath(locale, '/my/advisories/new')}>
          {t({ ja: '注意喚起を作成する', en: 'Write an advisory' })}
        </a>
      </p>
      {p.items.length ? (
        <div class="table-scroll" role="region" aria-label={title} tabIndex={0}>
          <table class="data-table">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '件名', en: 'Title' })}</th>
                <th scope="col">{t({ ja: '深刻度', en: 'Severity' })}</th>
                {p.allOrganisations ? <th scope="col">{t({ ja: '発信元', en: 'Issuer' })}</th> : null}
                <th scope="col">{t({ ja: '状態', en: 'State' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => {
                const c = current(i);
                return (
                  <tr>
                    <td>
                      <a href={localePath(locale, `/my/advisories/${i.id}`)}>{advisoryTitle(c)[locale] || `#${i.id}`}</a>
                    </td>
                    <td>{c.severity ? <SeverityBadge locale={locale} severity={c.severity} /> : '—'}</td>
                    {p.allOrganisations ? <td>{locale === 'ja' ? i.owner.nameJa : i.owner.nameEn}</td> : null}
                    <td>
                      <Tags locale={locale} item={i} withdrawn={p.withdrawn.has(i.id)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: 'まだ注意喚起はありません。', en: 'No advisories yet.' })}</p>
      )}
    </Layout>
  );
}

export function AdvisoryFormPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  action: string;
  title: Text;
  values: AdvisoryFormValues;
  errors: FieldErrors;
  cancelHref: string;
  /** Editing a published advisory: the version is a correction and must say what changed. */
  correction: boolean;
  /** Moderators: the form offers 今すぐ公開 / Publish now. */
  canPublishNow: boolean;
  /** Members of the owning organisation: the form offers submission for review. */
  canSubmit: boolean;
  /** A moderator without an organisation chooses the issuer among the organisations allowed. */
  issuers?: { id: number; nameJa: string; nameEn: string }[];
  issuer?: string;
}) {
  const t = tt(p.locale);
  const { locale, values: v, errors } = p;
  return (
    <Layout locale={locale} path={p.action} title={t(p.title)} viewer={p.viewer} area="my-advisories">
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={localePath(locale, p.action)} csrf={p.csrf}>
        {p.issuers ? (
          <SelectField
            locale={locale}
            name="organisation"
            label={{ ja: '発信元の団体', en: 'Issuing organisation' }}
            hint={{ ja: '注意喚起の発信を許可されている団体から選びます。', en: 'Choose among the organisations allowed to publish advisories.' }}
            required
            value={p.issuer ?? ''}
            errors={errors}
            emptyLabel={{ ja: '選んでください', en: 'Choose' }}
            choices={p.issuers.map((o) => ({ value: String(o.id), label: { ja: o.nameJa, en: o.nameEn } }))}
          />
        ) : null}
        {p.correction ? (
          <div class="notice notice-warning">
            <h2>{t({ ja: '公開中の注意喚起の訂正', en: 'Correcting a published advisory' })}</h2>
            <p>{t({ ja: 'この変更は「訂正」として公開ページに表示され、これまでに受け取った人にも届きます。何を変えたかを書いてください。', en: 'This change is shown on the page as a correction and is sent to everyone who received the advisory. Say what changed.' })}</p>
            <TextArea locale={locale} name="correctionNoteJa" label={{ ja: '何を訂正したか（日本語）', en: 'What changed (Japanese)' }} hint={{ ja: '例：対象地域に大阪府を追加しました。', en: 'For example: Osaka was added to the affected area.' }} required value={v.correctionNoteJa} errors={errors} rows={3} />
            <TextArea locale={locale} name="correctionNoteEn" label={{ ja: '何を訂正したか（英語）', en: 'What changed (English)' }} value={v.correctionNoteEn} errors={errors} rows={2} />
          </div>
        ) : null}
        <TextField locale={locale} name="titleJa" label={{ ja: '件名（日本語）', en: 'Title (Japanese)' }} hint={{ ja: '何についての注意喚起か、ひと目で分かる件名にしてください。', en: 'Say at a glance what the warning is about.' }} required value={v.titleJa} errors={errors} maxLength={ADVISORY_LIMITS.title} />
        <TextField locale={locale} name="titleEn" label={{ ja: '件名（英語）', en: 'Title (English)' }} hint={{ ja: '空欄なら英語のページにも日本語の件名を表示します。', en: 'Left empty, English pages show the Japanese title.' }} value={v.titleEn} errors={errors} maxLength={ADVISORY_LIMITS.title} />
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="severity"
          label={{ ja: '深刻度', en: 'Severity' }}
          required
          selected={[v.severity]}
          errors={errors}
          choices={SEVERITIES.map((s) => ({ value: s, label: { ja: `${SEVERITY_LABELS[s].ja}`, en: SEVERITY_LABELS[s].en }, hint: SEVERITY_LABELS[s].description }))}
        />
        <TextArea locale={locale} name="whatJa" label={{ ja: '何が起きているか（日本語）', en: 'What is happening (Japanese)' }} hint={{ ja: 'Markdown（見出し・箇条書き・リンク）が使えます。HTMLはそのまま文字として表示されます。', en: 'Markdown (headings, lists, links) is allowed. HTML is shown as plain text.' }} required value={v.whatJa} errors={errors} rows={6} />
        <TextArea locale={locale} name="whatEn" label={{ ja: '何が起きているか（英語）', en: 'What is happening (English)' }} value={v.whatEn} errors={errors} rows={4} />
        <TextArea locale={locale} name="actionsJa" label={{ ja: 'とるべき対策（日本語）', en: 'What to do (Japanese)' }} hint={{ ja: '読んだ人がすぐにできることを、箇条書きで具体的に。', en: 'What readers can do right away, as a concrete list.' }} required value={v.actionsJa} errors={errors} rows={6} />
        <TextArea locale={locale} name="actionsEn" label={{ ja: 'とるべき対策（英語）', en: 'What to do (English)' }} value={v.actionsEn} errors={errors} rows={4} />
        <ChoiceGroup locale={locale} type="checkbox" name="audiences" label={{ ja: '対象', en: 'Who is affected' }} hint={{ ja: '当てはまるものをすべて選んでください。選ばなければ「すべての人」向けになります。', en: 'Choose all that apply. With none chosen, it is for everyone.' }} selected={v.audiences} errors={errors} columns choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))} />
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="scope"
          label={{ ja: '地域', en: 'Where' }}
          required
          selected={[v.scope]}
          errors={errors}
          choices={[
            { value: 'nationwide', label: { ja: '全国', en: 'Nationwide' } },
            { value: 'prefectures', label: { ja: '特定の都道府県（下で選ぶ）', en: 'Some prefectures (choose below)' } },
          ]}
        />
        <details class="prefecture-choice" open={v.scope === 'prefectures' || !!errors.prefectures || undefined}>
          <summary>{t({ ja: '都道府県を選ぶ', en: 'Choose prefectures' })}</summary>
          <div class={`field${errors.prefectures ? ' field-has-error' : ''}`}>
            <fieldset class="fieldset" id="field-prefectures">
              <legend class="field-label">{t({ ja: '対象の都道府県', en: 'Affected prefectures' })}</legend>
              {errors.prefectures ? (
                <p class="field-error" id="field-prefectures-error">
                  <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
                  {errors.prefectures[locale]}
                </p>
              ) : null}
              {REGION_BLOCKS.map((b) => (
                <div class="facet-group">
                  <p class="facet-group-name">{REGION_BLOCK_LABELS[b][locale]}</p>
                  <ul class="check-list">
                    {PREFECTURES.filter((x) => x.block === b).map((x) => (
                      <li class="facet-option">
                        <input type="checkbox" id={`prefectures-${x.code}`} name="prefectures" value={x.code} checked={v.prefectures.includes(x.code)} />
                        <label for={`prefectures-${x.code}`}>{x[locale]}</label>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </fieldset>
          </div>
        </details>
        <TextField locale={locale} name="validUntil" label={{ ja: '有効期限（最終日）', en: 'Valid until (last day)' }} hint={{ ja: '例：2027-03-31。期限がなければ空欄（取り下げるまで有効）。', en: 'For example 2027-03-31. Leave empty if it applies until withdrawn.' }} value={v.validUntil} errors={errors} width="short" />
        <fieldset class="fieldset fieldset-group">
          <legend class="field-label">{t({ ja: `関連リンク（${ADVISORY_LIMITS.links}件まで）`, en: `Links (up to ${ADVISORY_LIMITS.links})` })}</legend>
          <p class="field-hint">{t({ ja: '公的機関の解説ページや相談窓口など。URLと表示名の両方を入力してください。', en: 'Official explanations, help desks and so on. Enter both the address and the text shown.' })}</p>
          {LINK_SLOTS.map((n, i) => (
            <div class="link-pair">
              <TextField locale={locale} name={`linkUrl${n}`} type="url" label={{ ja: `リンク${n}のURL`, en: `Link ${n} address` }} value={v.links[i]?.url ?? ''} errors={errors} />
              <TextField locale={locale} name={`linkLabel${n}`} label={{ ja: `リンク${n}の表示名`, en: `Link ${n} text` }} value={v.links[i]?.label ?? ''} errors={errors} maxLength={ADVISORY_LIMITS.label} />
            </div>
          ))}
        </fieldset>
        <p class="hint">{t({ ja: `${REQUIRED_MARK.ja}の項目は公開・審査に出すときに必要です。下書きは未完成でも保存できます。`, en: 'Fields marked Required are needed to publish or submit. A draft may be incomplete.' })}</p>
        <div class="button-row">
          {p.canPublishNow ? (
            <Button name="intent" value="publish_now" variant="warning">
              {t(p.correction ? { ja: '訂正を今すぐ公開', en: 'Publish the correction now' } : { ja: '今すぐ公開', en: 'Publish now' })}
            </Button>
          ) : null}
          {p.canSubmit ? (
            <Button name="intent" value="submit" variant={p.canPublishNow ? 'secondary' : 'primary'}>
              {t({ ja: '保存して審査に出す', en: 'Save and submit for review' })}
            </Button>
          ) : null}
          <Button name="intent" value="save" variant="secondary">
            {t({ ja: '下書き保存', en: 'Save as draft' })}
          </Button>
          <a href={p.cancelHref}>{t({ ja: '保存せずに戻る', en: 'Cancel' })}</a>
        </div>
        {p.canPublishNow ? <p class="hint">{t({ ja: '「今すぐ公開」は審査待ちを経ずに公開し、購読者に配信します（事務局のみ）。操作は履歴に残ります。', en: '"Publish now" publishes without the review queue and sends it to subscribers (program office only). It is recorded in the history.' })}</p> : null}
      </PostForm>
    </Layout>
  );
}

export function MyAdvisoryPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  item: AdvisoryItem;
  history: AuditEntry[];
  corrections: AdvisoryCorrection[];
  withdrawn: { at: string; note: string | null } | null;
  /** The actor belongs to the owning organisation (the shared workflow's buttons). */
  isOwner: boolean;
  canPublishNow: boolean;
  notice?: Text;
  errors?: FieldErrors;
  note?: string;
}) {
  const t = tt(p.locale);
  const { locale, item } = p;
  const w = item.working;
  const shown = current(item);
  const base = `/my/advisories/${item.id}`;
  const title = advisoryTitle(shown)[locale] || `#${item.id}`;
  return (
    <Layout locale={locale} path={base} title={title} viewer={p.viewer} area="my-advisories">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/advisories')}>{t({ ja: '注意喚起の一覧へ戻る', en: 'Back to advisories' })}</a>
      </p>
      <h1>{title}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors ?? {}} />
      {p.withdrawn ? (
        <div class="notice advisory-withdrawn-banner" role="note">
          <h2>{t({ ja: 'この注意喚起は取り下げ済みです', en: 'This advisory has been withdrawn' })}</h2>
          <p class="note-text">{p.withdrawn.note}</p>
        </div>
      ) : null}
      <ItemStatus locale={locale} item={item} publicPath={`/advisories/${item.publicId}`} tags={<Tags locale={locale} item={item} withdrawn={!!p.withdrawn} />} />
      <p>
        {t({ ja: '発信元：', en: 'Issuer: ' })}
        {locale === 'ja' ? item.owner.nameJa : item.owner.nameEn}
      </p>
      {p.withdrawn ? null : (
        <div class="button-row">
          {p.isOwner ? (
            <ItemActions locale={locale} csrf={p.csrf} item={item} base={base} changeLabel={{ ja: '訂正する', en: 'Correct it' }} />
          ) : (
            <a class="button" href={localePath(locale, `${base}/edit`)}>
              {t(item.published ? { ja: '訂正する', en: 'Correct it' } : { ja: '内容を編集する', en: 'Edit' })}
            </a>
          )}
          {p.canPublishNow && w ? <ActionButton action={localePath(locale, `${base}/publish-now`)} csrf={p.csrf} variant="warning" label={t(item.published ? { ja: '訂正を今すぐ公開', en: 'Publish the correction now' } : { ja: '今すぐ公開', en: 'Publish now' })} /> : null}
        </div>
      )}
      <h2>{t(w ? { ja: '作業中の内容', en: 'Your working version' } : { ja: '公開中の内容', en: 'Published version' })}</h2>
      <dl class="detail-list">
        {describeAdvisory(shown, locale).map((f) => (
          <div>
            <dt>{f.label[locale]}</dt>
            <dd class="note-text">{f.value || '—'}</dd>
          </div>
        ))}
      </dl>
      {w && item.published ? (
        <ChangesTable locale={locale} caption={t({ ja: '公開中の内容からの変更', en: 'Changes from the published version' })} rows={diffAdvisory(item.published.payload, w.payload, locale).map((c) => ({ label: c.label[locale], before: c.before, after: c.after }))} />
      ) : null}
      {p.corrections.length ? (
        <>
          <h2>{t({ ja: '訂正の履歴（公開）', en: 'Corrections (public)' })}</h2>
          <ol class="history">
            {p.corrections.map((c) => (
              <li>
                <p>{formatDateTime(locale, c.correctedAt)}</p>
                <p class="history-note">{locale === 'ja' ? c.noteJa : c.noteEn || c.noteJa}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {item.isPublic && !p.withdrawn ? (
        <details class="danger-zone" open={!!p.errors?.note || undefined}>
          <summary>{t({ ja: '注意喚起を取り下げる', en: 'Withdraw this advisory' })}</summary>
          <p class="hint">{t({ ja: '取り下げると、公開ページに「取り下げ」と理由が表示され、一覧からは外れます。これまでに受け取った人には取り下げのお知らせが届きます。取り下げは元に戻せません。', en: 'The page then shows "withdrawn" with the reason, and the advisory leaves the list. Everyone who received it is told. This cannot be undone.' })}</p>
          <PostForm action={localePath(locale, `${base}/withdraw-advisory`)} csrf={p.csrf}>
            <TextArea locale={locale} name="note" label={{ ja: '取り下げの理由', en: 'Why it is withdrawn' }} required value={p.note ?? ''} errors={p.errors} rows={3} />
            <Button variant="warning">{t({ ja: '取り下げる', en: 'Withdraw' })}</Button>
          </PostForm>
        </details>
      ) : null}
      <h2>{t({ ja: '変更履歴', en: 'History' })}</h2>
      <ItemHistory locale={locale} entries={p.history} label={actionLabel} handlerFor={() => advisoryHandler} />
    </Layout>
  );
}
