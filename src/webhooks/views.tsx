// Webhook pages: the organisation's endpoints (/my/webhooks), the form, the secret shown once, an
// endpoint's page with its delivery log, and the administrators' list (/admin/webhooks).
import { formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ProblemBox, SubNav } from '../moderation/components.tsx';
import { NamedLabel } from '../web/row-action.tsx';
import { PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { Pagination } from '../web/components.tsx';
import { ActionButton, Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { LOG_PAGE_SIZE, PAUSED_BY_OWNER, type DeliveryLogEntry, type Endpoint, type EndpointSummary } from './repository.ts';
import type { EndpointForm } from './service.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const TITLE: Text = { ja: 'Webhook（システム連携）', en: 'Webhooks (system integration)' };

export function endpointStatusLabel(e: Pick<Endpoint, 'status' | 'disabledReason'>): Text {
  if (e.status === 'active') return { ja: '有効', en: 'Active' };
  if (e.status === 'disabled' && e.disabledReason === PAUSED_BY_OWNER) return { ja: '一時停止中', en: 'Paused' };
  if (e.status === 'disabled') return { ja: '停止（受信側の応答による）', en: 'Disabled by the receiver’s answer' };
  return { ja: e.status, en: e.status };
}

const DELIVERY_STATUS: Record<string, Text> = {
  pending: { ja: '送信待ち', en: 'Waiting to be sent' },
  delivered: { ja: '配信済み', en: 'Delivered' },
  dead: { ja: '配信できず', en: 'Failed (dead letter)' },
  cancelled: { ja: '取り消し', en: 'Cancelled' },
};

const deliveryStatus = (locale: Locale, s: string) => DELIVERY_STATUS[s]?.[locale] ?? s;

/** The receiver's last answer: its HTTP status, and the error when it says more than the status. */
function answerText(d: DeliveryLogEntry): string {
  const status = d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '';
  const error = d.lastError && d.lastError !== status ? d.lastError : '';
  return [status, error].filter(Boolean).join(' — ') || '—';
}

function StatusTag({ locale, e }: { locale: Locale; e: Pick<Endpoint, 'status' | 'disabledReason'> }) {
  return <span class={`tag ${e.status === 'active' ? 'tag-public' : 'tag-status-disabled'}`}>{endpointStatusLabel(e)[locale]}</span>;
}

function what(locale: Locale, e: Endpoint): string {
  const t = tt(locale);
  const sep = locale === 'ja' ? '、' : ', ';
  const topics = [t({ ja: '注意喚起', en: 'advisories' }), ...(e.includeEvents ? [t({ ja: 'イベント', en: 'events' })] : []), ...(e.includeMaterials ? [t({ ja: '新しい教材', en: 'new materials' })] : [])];
  return topics.join(sep);
}

function audiencesText(locale: Locale, e: Endpoint): string {
  if (!e.audiences.length) return locale === 'ja' ? 'すべての対象' : 'Everyone';
  return e.audiences.map((a) => AUDIENCE_LABELS[a as Audience]?.[locale] ?? a).join(locale === 'ja' ? '、' : ', ');
}

function prefectureText(locale: Locale, code: string | null): string {
  if (!code) return locale === 'ja' ? '全国' : 'All of Japan';
  const p = prefectureByCode(code);
  return p ? p[locale] : code;
}

function Explainer({ locale }: { locale: Locale }) {
  const t = tt(locale);
  return (
    <div class="explainer">
      <p>
        {t({
          ja: '注意喚起（選べばイベントや新しい教材も）が公開されたとき、団体のシステム（自治体のウェブサイト、支援ネットワークの配信システムなど）へ、指定したURLにJSONをPOSTで送ります。',
          en: 'When an advisory (and, if you choose, an event or a new material) is published, the portal POSTs it as JSON to the URL you give, so your own systems (a municipal website, a support network’s mailing system…) can pass it on.',
        })}
      </p>
      <p>
        {t({
          ja: '送信は Standard Webhooks 仕様に沿って署名されます（webhook-id、webhook-timestamp、webhook-signature ヘッダー。HMAC-SHA256）。受信側では送信先ごとの秘密鍵で署名を確かめ、同じ webhook-id の重複は捨ててください。受信できなかったときは間隔を空けて再送し、410 を返すと送信を止めます。',
          en: 'Each message is signed as the Standard Webhooks specification describes (webhook-id, webhook-timestamp and webhook-signature headers; HMAC-SHA256). Your receiver checks the signature with the endpoint’s secret and drops repeats of the same webhook-id. Failed deliveries are retried with growing delays; answering 410 stops deliveries to the endpoint.',
        })}
      </p>
    </div>
  );
}

export function WebhooksPage(p: { locale: Locale; viewer: Viewer; endpoints: EndpointSummary[]; canManage: boolean; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  return (
    <Layout locale={locale} path="/my/webhooks" title={t(TITLE)} viewer={p.viewer} area="my">
      <h1>{t(TITLE)}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <Explainer locale={locale} />
      {p.canManage ? (
        <p>
          <a class="button" href={localePath(locale, '/my/webhooks/new')}>
            {t({ ja: '送信先を追加する', en: 'Add an endpoint' })}
          </a>
        </p>
      ) : (
        <p class="hint">{t({ ja: '送信先の追加や変更は、団体の管理者が行えます。', en: 'Your organisation’s administrators add and change endpoints.' })}</p>
      )}
      {p.endpoints.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t({ ja: '送信先の一覧', en: 'Endpoints' })}>
          <table class="data-table admin-table">
            <caption>{t({ ja: '自団体の送信先', en: 'Your endpoints' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '名前', en: 'Name' })}</th>
                <th scope="col">URL</th>
                <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
                <th scope="col">{t({ ja: '最新の配信', en: 'Latest delivery' })}</th>
                <th scope="col">{t({ ja: '配信できなかったもの', en: 'Failed deliveries' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.endpoints.map((e) => (
                <tr>
                  <td>
                    <a href={localePath(locale, `/my/webhooks/${e.id}`)}>{e.name}</a>
                  </td>
                  <td class="url-cell">{e.url}</td>
                  <td>
                    <StatusTag locale={locale} e={e} />
                  </td>
                  <td>
                    {e.lastDelivery ? (
                      <>
                        {deliveryStatus(locale, e.lastDelivery.status)}
                        {e.lastDelivery.httpStatus !== null ? ` (HTTP ${e.lastDelivery.httpStatus})` : ''}
                        {e.lastDelivery.at ? (
                          <>
                            <br />
                            <time dateTime={e.lastDelivery.at}>{formatDateTime(locale, e.lastDelivery.at)}</time>
                          </>
                        ) : null}
                      </>
                    ) : (
                      t({ ja: 'まだありません', en: 'None yet' })
                    )}
                  </td>
                  <td>{formatNumber(locale, e.dead)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: '送信先はまだありません。', en: 'No endpoints yet.' })}</p>
      )}
    </Layout>
  );
}

export function EndpointFormPage(p: { locale: Locale; viewer: Viewer; csrf: string; action: string; title: Text; form: EndpointForm; errors: FieldErrors; cancelHref: string; allowPrivate: boolean }) {
  const t = tt(p.locale);
  const { locale, form: f, errors } = p;
  return (
    <Layout locale={locale} path={p.action} title={t(p.title)} viewer={p.viewer} area="my">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/webhooks')}>{t({ ja: '送信先の一覧へ戻る', en: 'Back to the endpoints' })}</a>
      </p>
      <h1>{t(p.title)}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={localePath(locale, p.action)} csrf={p.csrf}>
        <TextField locale={locale} name="name" label={{ ja: '名前', en: 'Name' }} hint={{ ja: '一覧で見分けるための名前。例：市のウェブサイト連携', en: 'To tell your endpoints apart. For example: City website feed' }} required value={f.name} errors={errors} maxLength={100} />
        <TextField
          locale={locale}
          name="url"
          type="url"
          label={{ ja: '送信先のURL', en: 'Endpoint URL' }}
          hint={
            p.allowPrivate
              ? { ja: 'この送信先は管理者の許可により、内部ネットワークのアドレスにも送れます。', en: 'An administrator allowed this endpoint to use internal network addresses.' }
              : { ja: 'https:// から始まる、インターネットから届くURL。内部ネットワークのアドレス（127.0.0.1、10.x.x.x、192.168.x.x など）は使えません。', en: 'A URL starting with https:// that is reachable from the internet. Internal network addresses (127.0.0.1, 10.x.x.x, 192.168.x.x…) are not accepted.' }
          }
          required
          value={f.url}
          errors={errors}
          maxLength={2000}
        />
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="scope"
          label={{ ja: '受け取る注意喚起の対象', en: 'Advisories for which audiences' }}
          required
          selected={[f.scope]}
          errors={errors}
          choices={[
            { value: 'all', label: { ja: 'すべての対象', en: 'Everyone' } },
            { value: 'chosen', label: { ja: '次で選んだ対象だけ', en: 'Only the audiences chosen below' } },
          ]}
        />
        <ChoiceGroup
          locale={locale}
          type="checkbox"
          name="audiences"
          label={{ ja: '対象（「選んだ対象だけ」のとき）', en: 'Audiences (with “only the audiences chosen”)' }}
          hint={{ ja: '当てはまるものをすべて選んでください。', en: 'Choose all that apply.' }}
          selected={f.audiences}
          errors={errors}
          columns
          choices={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a] }))}
        />
        <SelectField
          locale={locale}
          name="prefecture"
          label={{ ja: '地域', en: 'Region' }}
          hint={{ ja: '都道府県を選ぶと、その都道府県と全国向けのものだけを受け取ります。', en: 'With a prefecture, you receive what concerns it and what concerns the whole country.' }}
          value={f.prefecture}
          errors={errors}
          emptyLabel={{ ja: '全国（すべての都道府県）', en: 'All of Japan (every prefecture)' }}
          choices={PREFECTURES.map((x) => ({ value: x.code, label: { ja: x.ja, en: x.en } }))}
        />
        <ChoiceGroup
          locale={locale}
          type="checkbox"
          name="include"
          label={{ ja: '注意喚起のほかに受け取るもの', en: 'Also send' }}
          selected={f.include}
          errors={errors}
          choices={[
            { value: 'events', label: { ja: '公開されたイベント', en: 'Published events' } },
            { value: 'materials', label: { ja: '新しい教材', en: 'New materials' } },
          ]}
        />
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="locale"
          label={{ ja: '本文の言語', en: 'Language of the message text' }}
          hint={{ ja: 'JSONにはタイトルと概要が日英両方入ります。ここで選んだ言語が locale として示されます。', en: 'The JSON carries titles and summaries in both languages; the one chosen here is given as its locale.' }}
          required
          selected={[f.locale]}
          errors={errors}
          choices={[
            { value: 'ja', label: { ja: '日本語', en: 'Japanese' } },
            { value: 'en', label: { ja: '英語', en: 'English' } },
          ]}
        />
        <div class="button-row">
          <Button>{t({ ja: '保存する', en: 'Save' })}</Button>
          <a href={p.cancelHref}>{t({ ja: '保存せずに戻る', en: 'Cancel' })}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

/** The secret, shown once after creation or rotation. */
export function SecretPage(p: { locale: Locale; viewer: Viewer; endpoint: Endpoint; secret: string; rotated: boolean }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t(p.rotated ? { ja: '新しい秘密鍵', en: 'Your new secret' } : { ja: '送信先を追加しました', en: 'Endpoint added' });
  return (
    <Layout locale={locale} path={`/my/webhooks/${p.endpoint.id}`} title={title} viewer={p.viewer} area="my">
      <h1>{title}</h1>
      <Notice kind="warning">
        <h2>{t({ ja: '秘密鍵は今だけ表示されます', en: 'This secret is shown only once' })}</h2>
        <p>
          {t({
            ja: 'この画面を離れると、二度と表示できません。下の秘密鍵をコピーして、受信するシステムに設定してください。分からなくなったときは、秘密鍵を作り直せます（古い鍵はすぐに使えなくなります）。',
            en: 'Once you leave this page it cannot be shown again. Copy the secret below into the receiving system. If it is lost, you can make a new one (the old one stops working at once).',
          })}
        </p>
      </Notice>
      <div class="field">
        <label class="field-label" for="webhook-secret">
          {t({ ja: '秘密鍵（署名の検証に使います）', en: 'Secret (to verify signatures)' })}
        </label>
        <p class="field-hint" id="webhook-secret-hint">
          {t({ ja: '欄を選んで全体をコピーしてください（Ctrl+A または ⌘A のあと Ctrl+C または ⌘C）。「whsec_」も含めて1つの値です。', en: 'Select the field and copy all of it (Ctrl+A or ⌘A, then Ctrl+C or ⌘C). The value includes “whsec_”.' })}
        </p>
        <input class="input" id="webhook-secret" type="text" readOnly value={p.secret} aria-describedby="webhook-secret-hint" spellcheck={false} autocomplete="off" />
      </div>
      <dl class="detail-list">
        <div>
          <dt>{t({ ja: '名前', en: 'Name' })}</dt>
          <dd>{p.endpoint.name}</dd>
        </div>
        <div>
          <dt>URL</dt>
          <dd class="url-cell">{p.endpoint.url}</dd>
        </div>
      </dl>
      <p>
        <a class="button" href={localePath(locale, `/my/webhooks/${p.endpoint.id}`)}>
          {t({ ja: 'コピーしたので送信先のページへ進む', en: 'I have copied it: go to the endpoint' })}
        </a>
      </p>
    </Layout>
  );
}

export function EndpointPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  endpoint: Endpoint;
  canManage: boolean;
  log: { entries: DeliveryLogEntry[]; total: number; page: number };
  notice?: Text;
  problem?: Text;
}) {
  const t = tt(p.locale);
  const { locale, endpoint: e } = p;
  const base = `/my/webhooks/${e.id}`;
  const last = Math.max(1, Math.ceil(p.log.total / LOG_PAGE_SIZE));
  const dead = p.log.entries.some((d) => d.status === 'dead');
  return (
    <Layout locale={locale} path={base + (p.log.page > 1 ? `?page=${p.log.page}` : '')} title={e.name} viewer={p.viewer} area="my">
      <p class="breadcrumb-back">
        <a href={localePath(locale, '/my/webhooks')}>{t({ ja: '送信先の一覧へ戻る', en: 'Back to the endpoints' })}</a>
      </p>
      <h1>{e.name}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      {p.problem ? <ProblemBox locale={locale} title={p.problem} /> : null}
      <dl class="detail-list">
        <div>
          <dt>{t({ ja: '状態', en: 'Status' })}</dt>
          <dd>
            <StatusTag locale={locale} e={e} />
            {e.status === 'disabled' && e.disabledReason && e.disabledReason !== PAUSED_BY_OWNER ? <p>{e.disabledReason}</p> : null}
          </dd>
        </div>
        <div>
          <dt>URL</dt>
          <dd class="url-cell">{e.url}</dd>
        </div>
        <div>
          <dt>{t({ ja: '受け取るもの', en: 'What it receives' })}</dt>
          <dd>{what(locale, e)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '対象', en: 'Audiences' })}</dt>
          <dd>{audiencesText(locale, e)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '地域', en: 'Region' })}</dt>
          <dd>{prefectureText(locale, e.prefecture)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '本文の言語', en: 'Language' })}</dt>
          <dd>{e.locale === 'ja' ? t({ ja: '日本語', en: 'Japanese' }) : t({ ja: '英語', en: 'English' })}</dd>
        </div>
        {e.allowPrivate ? (
          <div>
            <dt>{t({ ja: '内部アドレスへの送信', en: 'Internal addresses' })}</dt>
            <dd>{t({ ja: '管理者が許可しています', en: 'Allowed by an administrator' })}</dd>
          </div>
        ) : null}
      </dl>
      {p.canManage ? (
        <div class="button-row">
          <a class="button button-secondary" href={localePath(locale, `${base}/edit`)}>
            {t({ ja: '設定を変更する', en: 'Change the settings' })}
          </a>
          {e.status === 'active' ? (
            <ActionButton action={localePath(locale, `${base}/pause`)} csrf={p.csrf} label={t({ ja: '一時停止する', en: 'Pause' })} />
          ) : (
            <ActionButton action={localePath(locale, `${base}/resume`)} csrf={p.csrf} label={t({ ja: '再開する', en: 'Resume' })} variant="primary" />
          )}
        </div>
      ) : null}

      <h2>{t({ ja: '配信の記録', en: 'Delivery log' })}</h2>
      {p.canManage && dead ? (
        <div class="button-row">
          <ActionButton action={localePath(locale, `${base}/replay-dead`)} csrf={p.csrf} label={t({ ja: '配信できなかったものをすべて再送する', en: 'Send all failed deliveries again' })} variant="primary" />
        </div>
      ) : null}
      {p.log.entries.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={t({ ja: '配信の記録', en: 'Delivery log' })}>
          <table class="data-table admin-table">
            <caption>
              {t({ ja: `新しい順（全${formatNumber(locale, p.log.total)}件）`, en: `Newest first (${formatNumber(locale, p.log.total)} in all)` })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '内容', en: 'Message' })}</th>
                <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
                <th scope="col">{t({ ja: '最後の応答', en: 'Last answer' })}</th>
                <th scope="col">{t({ ja: '日時', en: 'Times' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.log.entries.map((d) => (
                <tr>
                  <td>
                    {d.title ? d.title[locale] || d.title.ja : '—'}
                    <br />
                    <code>{d.type}</code>
                    <br />
                    <code>{d.messageId}</code>
                  </td>
                  <td>
                    {deliveryStatus(locale, d.status)}
                    <br />
                    {t({ ja: `試行${formatNumber(locale, d.attempts)}回`, en: `${formatNumber(locale, d.attempts)} attempt${d.attempts === 1 ? '' : 's'}` })}
                    {p.canManage && d.status !== 'pending' ? (
                      <form method="post" action={localePath(locale, `${base}/deliveries/${d.id}/replay`)} class="inline-form">
                        <input type="hidden" name="_csrf" value={p.csrf} />
                        <br />
                        <button type="submit" class="button button-secondary">
                          <NamedLabel locale={locale} label={{ ja: '再送', en: 'Send again' }} name={d.messageId} particle="を" />
                        </button>
                      </form>
                    ) : null}
                  </td>
                  <td class="url-cell">{answerText(d)}</td>
                  <td>
                    {t({ ja: '作成：', en: 'Created: ' })}
                    <time dateTime={d.createdAt}>{formatDateTime(locale, d.createdAt)}</time>
                    {d.lastAttemptAt ? (
                      <>
                        <br />
                        {t({ ja: '最後の試行：', en: 'Last attempt: ' })}
                        <time dateTime={d.lastAttemptAt}>{formatDateTime(locale, d.lastAttemptAt)}</time>
                      </>
                    ) : null}
                    {d.deliveredAt ? (
                      <>
                        <br />
                        {t({ ja: '配信：', en: 'Delivered: ' })}
                        <time dateTime={d.deliveredAt}>{formatDateTime(locale, d.deliveredAt)}</time>
                      </>
                    ) : null}
                    {d.status === 'pending' && d.attempts > 0 ? (
                      <>
                        <br />
                        {t({ ja: '次の試行：', en: 'Next attempt: ' })}
                        <time dateTime={d.nextAttemptAt}>{formatDateTime(locale, d.nextAttemptAt)}</time>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: 'まだ配信はありません。', en: 'Nothing has been sent yet.' })}</p>
      )}
      <Pagination locale={locale} page={p.log.page} last={last} href={(n) => localePath(locale, `${base}?page=${n}`)} />

      {p.canManage ? (
        <>
          <details class="danger-zone">
            <summary>{t({ ja: '秘密鍵を作り直す', en: 'Make a new secret' })}</summary>
            <p>{t({ ja: '今の秘密鍵はすぐに使えなくなります。受信側の設定も新しい鍵に変えてください。', en: 'The current secret stops working at once. Change it in your receiver too.' })}</p>
            <PostForm action={localePath(locale, `${base}/rotate`)} csrf={p.csrf}>
              <Button variant="warning">{t({ ja: '秘密鍵を作り直す', en: 'Make a new secret' })}</Button>
            </PostForm>
          </details>
          <details class="danger-zone">
            <summary>{t({ ja: '送信先を削除する', en: 'Delete this endpoint' })}</summary>
            <p>{t({ ja: '送信先と配信の記録を削除します。元に戻せません。', en: 'Deletes the endpoint and its delivery log. This cannot be undone.' })}</p>
            <PostForm action={localePath(locale, `${base}/delete`)} csrf={p.csrf}>
              <Button variant="warning">{t({ ja: '削除する', en: 'Delete' })}</Button>
            </PostForm>
          </details>
        </>
      ) : null}
    </Layout>
  );
}

export function AdminWebhooksPage(p: { locale: Locale; viewer: Viewer; csrf: string; endpoints: EndpointSummary[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: 'Webhookの送信先', en: 'Webhook endpoints' });
  return (
    <Layout locale={locale} path="/admin/webhooks" title={title} viewer={p.viewer} area="admin">
      <h1>{title}</h1>
      <SubNav
        locale={locale}
        label={{ ja: '管理のメニュー', en: 'Administration menu' }}
        current="webhooks"
        items={[
          { key: 'organisations', href: localePath(locale, '/admin'), label: { ja: '団体', en: 'Organisations' } },
          { key: 'users', href: localePath(locale, '/admin/users'), label: { ja: 'ユーザー', en: 'Users' } },
          { key: 'webhooks', href: localePath(locale, '/admin/webhooks'), label: { ja: 'Webhook', en: 'Webhooks' } },
          { key: 'history', href: localePath(locale, '/moderation/history'), label: { ja: '操作の履歴', en: 'History' } },
        ]}
      />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <div class="explainer">
        <p>
          {t({
            ja: '送信先は通常、内部ネットワークのアドレス（ループバック、プライベート、リンクローカル、クラウドのメタデータなど）を使えません。ポータルの内部へ送らせる攻撃（SSRF）を防ぐためです。庁内システムへの連携など必要な場合に限り、送信先ごとに許可できます。許可は登録時と毎回の接続時の両方に効きます。',
            en: 'Endpoints normally cannot use internal network addresses (loopback, private, link-local, cloud metadata…), so that nobody can make the portal send requests into its own network (SSRF). Where it is needed, such as a link to a system inside a government network, you can allow it for one endpoint. The permission applies at registration and at every connection.',
          })}
        </p>
      </div>
      {p.endpoints.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table class="data-table admin-table">
            <caption class="visually-hidden">{t({ ja: 'すべての団体の送信先', en: 'Every organisation’s endpoints' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '団体', en: 'Organisation' })}</th>
                <th scope="col">{t({ ja: '名前', en: 'Name' })}</th>
                <th scope="col">URL</th>
                <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
                <th scope="col">{t({ ja: '内部アドレス', en: 'Internal addresses' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.endpoints.map((e) => (
                <tr>
                  <td>{locale === 'ja' ? e.organisationNameJa : e.organisationNameEn}</td>
                  <td>{e.name}</td>
                  <td class="url-cell">{e.url}</td>
                  <td>
                    <StatusTag locale={locale} e={e} />
                  </td>
                  <td>
                    {e.allowPrivate ? t({ ja: '許可している', en: 'Allowed' }) : t({ ja: '許可していない', en: 'Not allowed' })}
                    <form method="post" action={localePath(locale, `/admin/webhooks/${e.id}/allow-private`)} class="inline-form">
                      <input type="hidden" name="_csrf" value={p.csrf} />
                      <input type="hidden" name="allowed" value={e.allowPrivate ? '0' : '1'} />
                      <button type="submit" class="button button-secondary">
                        <NamedLabel locale={locale} label={e.allowPrivate ? { ja: '許可を取り消す', en: 'Revoke' } : { ja: '許可する', en: 'Allow' }} name={e.name} particle="の" />
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: '送信先はまだありません。', en: 'No endpoints yet.' })}</p>
      )}
    </Layout>
  );
}
