// Pages of partner finding and collaboration requests. Each receives plain values, never database rows.
// Messages are user text: preact escapes them, and CSS keeps their line breaks.
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { audienceLabel, methodLabel, regionLabel } from '../web/labels.ts';
import { ActionButton, Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, TextArea, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { MESSAGE_MAX, REQUEST_STATUS_LABELS, type ChoosableInitiative, type OrgRef, type RequestDetail, type RequestStatus, type RequestSummary } from './requests.ts';
import { SIMILAR_LIMIT, type Cell, type PartnerFinding, type RegionGaps, type SimilarBody } from './service.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];
const name = (l: Locale, o: { nameJa: string; nameEn: string }) => (l === 'ja' ? o.nameJa : o.nameEn);
const title = (l: Locale, o: { titleJa: string; titleEn: string }) => (l === 'ja' ? o.titleJa : o.titleEn);
const list = (l: Locale, xs: string[]) => xs.join(l === 'ja' ? '、' : ', ');

/** 「東京都」 / "Tokyo"; nationwide coverage reads 「全国」 / "nationwide" inside a sentence. */
function regionInText(l: Locale, region: string): string {
  return region === 'nationwide' && l === 'en' ? 'nationwide' : regionLabel(l, region);
}

/** 「高齢者 × セミナー、イベント等（東京都）：取組なし」 / "Older people × Seminars and events (Tokyo): nobody". */
export function cellPhrase(l: Locale, c: Cell, region: string, kind: 'gap' | 'only_you'): string {
  const cell = `${audienceLabel(l, c.audience)} × ${methodLabel(l, c.method)}`;
  if (l === 'ja') return `${cell}（${regionInText(l, region)}）：${kind === 'gap' ? '取組なし' : '自団体のみ'}`;
  return `${cell} (${regionInText(l, region)}): ${kind === 'gap' ? 'nobody' : 'only you'}`;
}

const NEW_REQUEST = (slug: string, publicId?: number) => `/my/requests/new?org=${encodeURIComponent(slug)}${publicId ? `&initiative=${publicId}` : ''}`;

// ---------------------------------------------------------------- /my/partners

function SharedList({ locale, label, values }: { locale: Locale; label: Text; values: string[] }) {
  if (!values.length) return null;
  return (
    <div>
      <dt>{label[locale]}</dt>
      <dd>{list(locale, values)}</dd>
    </div>
  );
}

function BodyCard({ locale, body, withOverlap }: { locale: Locale; body: SimilarBody; withOverlap: boolean }) {
  const t = tt(locale);
  const orgName = name(locale, body.organisation);
  return (
    <li class="card partner-card">
      <h3 class="card-title">
        <a href={localePath(locale, `/initiatives?org=${encodeURIComponent(body.organisation.slug)}`)}>{orgName}</a>
      </h3>
      <p class="card-orgs">{t({ ja: `公開中の取組：${body.initiativeCount}件`, en: `Published initiatives: ${body.initiativeCount}` })}</p>
      {withOverlap ? (
        <dl class="card-meta">
          <SharedList locale={locale} label={{ ja: '共通の対象', en: 'Shared audiences' }} values={body.sharedAudiences.map((a) => audienceLabel(locale, a))} />
          <SharedList locale={locale} label={{ ja: '共通の手法', en: 'Shared methods' }} values={body.sharedMethods.map((m) => methodLabel(locale, m))} />
          <SharedList locale={locale} label={{ ja: '共通の地域', en: 'Shared regions' }} values={body.sharedRegions.map((r) => regionLabel(locale, r))} />
        </dl>
      ) : null}
      {body.initiatives.length ? (
        <>
          <p class="partner-subtitle">{t({ ja: '主な取組', en: 'Initiatives' })}</p>
          <ul>
            {body.initiatives.map((i) => (
              <li>
                <a href={localePath(locale, `/initiatives/${i.id}`)}>{title(locale, i)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a class="button button-secondary" href={localePath(locale, NEW_REQUEST(body.organisation.slug))}>
          {t({ ja: `${orgName}に連携を提案する`, en: `Propose collaboration to ${orgName}` })}
        </a>
      </p>
    </li>
  );
}

function RegionSection({ locale, r, index }: { locale: Locale; r: RegionGaps; index: number }) {
  const t = tt(locale);
  const region = regionLabel(locale, r.region);
  const id = `gaps-${index}`;
  return (
    <section class="partner-region" aria-labelledby={id}>
      <h3 id={id}>{r.region === 'nationwide' ? t({ ja: '全国（全国規模の取組）', en: 'Nationwide (nationwide initiatives)' }) : region}</h3>
      <h4>{t({ ja: `取組のない組み合わせ（${r.gaps.length}件）`, en: `Combinations nobody covers (${r.gaps.length})` })}</h4>
      {r.gaps.length ? (
        <ul class="gap-list">
          {r.gaps.map((c) => (
            <li>{cellPhrase(locale, c, r.region, 'gap')}</li>
          ))}
        </ul>
      ) : (
        <p>{t({ ja: '近くの組み合わせは、すべてどこかの団体が取り組んでいます。', en: 'Every nearby combination is covered by at least one body.' })}</p>
      )}
      <h4>{t({ ja: `自団体だけが取り組んでいる組み合わせ（${r.onlyYou.length}件）`, en: `Combinations only you cover (${r.onlyYou.length})` })}</h4>
      {r.onlyYou.length ? (
        <ul class="gap-list">
          {r.onlyYou.map((c) => (
            <li>{cellPhrase(locale, c, r.region, 'only_you')}</li>
          ))}
        </ul>
      ) : (
        <p>{t({ ja: 'ありません。', en: 'None.' })}</p>
      )}
      <p>
        <a href={localePath(locale, `/matrix?region=${r.region}`)}>{t({ ja: `${region}の対象×手法の見える化を見る`, en: `See the coverage matrix for ${region}` })}</a>
      </p>
    </section>
  );
}

export function PartnersPage(p: { locale: Locale; viewer: Viewer; finding: PartnerFinding }) {
  const t = tt(p.locale);
  const { locale, finding } = p;
  const { profile } = finding;
  const hasProfile = profile.initiativeCount > 0;
  const regions = [...(profile.nationwide ? [regionLabel(locale, 'nationwide')] : []), ...profile.prefectures.map((c) => regionLabel(locale, c))];
  return (
    <Layout locale={locale} path="/my/partners" title={t({ ja: '連携先を探す', en: 'Find partners' })} viewer={p.viewer} area="partners">
      <h1>{t({ ja: '連携先を探す', en: 'Find partners' })}</h1>
      <p class="lead">
        {t({
          ja: '公開中の取組の対象・手法・地域から、似た取組をしている団体と、近くでまだ誰も取り組んでいない組み合わせを示します。連携の提案は、相手の団体のメンバーにメールで届きます。',
          en: 'From the audiences, methods and regions of published initiatives: the bodies doing similar work, and the nearby combinations nobody covers yet. A proposal is emailed to the members of the other body.',
        })}
      </p>

      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{t({ ja: '自団体の取組', en: 'Your initiatives' })}</h2>
        {hasProfile ? (
          <dl class="detail-list">
            <div>
              <dt>{t({ ja: '公開中の取組', en: 'Published initiatives' })}</dt>
              <dd>{t({ ja: `${formatNumber(locale, profile.initiativeCount)}件`, en: formatNumber(locale, profile.initiativeCount) })}</dd>
            </div>
            <div>
              <dt>{t({ ja: '対象', en: 'Audiences' })}</dt>
              <dd>{list(locale, profile.audiences.map((a) => audienceLabel(locale, a))) || t({ ja: '指定なし', en: 'None given' })}</dd>
            </div>
            <div>
              <dt>{t({ ja: '手法', en: 'Methods' })}</dt>
              <dd>{list(locale, profile.methods.map((m) => methodLabel(locale, m))) || t({ ja: '指定なし', en: 'None given' })}</dd>
            </div>
            <div>
              <dt>{t({ ja: '地域', en: 'Regions' })}</dt>
              <dd>{list(locale, regions) || t({ ja: '指定なし', en: 'None given' })}</dd>
            </div>
          </dl>
        ) : (
          <div class="empty-state">
            <p>
              {t({
                ja: '自団体の公開中の取組はまだありません。取組を登録して公開されると、対象・手法・地域が近い団体と、近くの空白がここに表示されます。',
                en: 'Your organisation has no published initiatives yet. Once one is registered and published, the bodies closest to your work and the gaps near it will appear here.',
              })}
            </p>
            <ul class="link-list">
              <li>
                <a href={localePath(locale, '/my/initiatives')}>{t({ ja: '自団体の取組を登録する', en: 'Register an initiative' })}</a>
              </li>
              <li>
                <a href={localePath(locale, '/organisations')}>{t({ ja: '実施団体の一覧を見る', en: 'Browse all organisations' })}</a>
              </li>
              <li>
                <a href={localePath(locale, '/matrix')}>{t({ ja: '対象×手法の見える化を見る', en: 'See the coverage matrix' })}</a>
              </li>
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="gaps-title">
        <h2 id="gaps-title">{t({ ja: '近くの空白', en: 'Gaps near your work' })}</h2>
        {hasProfile && finding.gaps.length ? (
          <>
            <p>
              {t({
                ja: '自団体の取組と対象または手法が共通する組み合わせのうち、自団体の地域でどの団体も取り組んでいないもの（取組なし）と、自団体だけが取り組んでいるもの（自団体のみ）です。都道府県には、全国規模の取組も含めて数えています。',
                en: 'Combinations sharing an audience or a method with your initiatives that no body covers in your regions (nobody), and those only you cover (only you). A prefecture counts nationwide initiatives too.',
              })}
            </p>
            {profile.nationwide ? (
              <p>
                {t({
                  ja: '自団体には全国規模の取組があるため、「全国」は全国規模の取組だけで数えています。',
                  en: 'You run initiatives nationwide, so "Nationwide" counts nationwide initiatives only.',
                })}
              </p>
            ) : null}
            {finding.gaps.map((r, i) => (
              <RegionSection locale={locale} r={r} index={i} />
            ))}
          </>
        ) : (
          <p class="empty-state">
            {hasProfile
              ? t({ ja: '自団体の取組に地域が指定されていないため、空白を計算できません。', en: 'Your initiatives list no region, so gaps cannot be worked out.' })
              : t({ ja: '取組が公開されると、ここに近くの空白が表示されます。', en: 'Gaps near your work will appear here once an initiative is published.' })}
          </p>
        )}
      </section>
      <section aria-labelledby="similar-title">
        <h2 id="similar-title">{hasProfile ? t({ ja: '似た取組をしている団体', en: 'Bodies doing similar work' }) : t({ ja: '取組の多い団体', en: 'The most active bodies' })}</h2>
        {finding.similar.length ? (
          <>
            <p>
              {hasProfile
                ? t({ ja: '共通する対象・手法・地域が多い順に表示しています。', en: 'Listed by how much they share with you: audiences, methods and regions.' })
                : t({ ja: '公開中の取組が多い順に表示しています。', en: 'Listed by number of published initiatives.' })}
              {finding.similarTotal > finding.similar.length
                ? t({ ja: `（${finding.similarTotal}団体のうち上位${SIMILAR_LIMIT}団体）`, en: ` (the first ${SIMILAR_LIMIT} of ${finding.similarTotal})` })
                : null}
            </p>
            <ul class="card-list">
              {finding.similar.map((b) => (
                <BodyCard locale={locale} body={b} withOverlap={hasProfile} />
              ))}
            </ul>
          </>
        ) : (
          <p class="empty-state">{t({ ja: '共通点のある団体は、まだ見つかりません。', en: 'No body shares an audience, method or region with you yet.' })}</p>
        )}
      </section>

    </Layout>
  );
}

// ---------------------------------------------------------------- /my/requests

function StatusTag({ locale, status }: { locale: Locale; status: RequestStatus }) {
  return <span class={`tag request-status request-status-${status}`}>{REQUEST_STATUS_LABELS[status][locale]}</span>;
}

function RequestTable({ locale, caption, rows, other }: { locale: Locale; caption: string; rows: RequestSummary[]; other: (r: RequestSummary) => OrgRef }) {
  const t = tt(locale);
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t({ ja: '依頼', en: 'Request' })}</th>
            <th scope="col">{t({ ja: '相手の団体', en: 'Other organisation' })}</th>
            <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
            <th scope="col">{t({ ja: '最終更新', en: 'Last activity' })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={localePath(locale, `/my/requests/${r.id}`)}>
                  {t({ ja: `#${r.id}：`, en: `#${r.id}: ` })}
                  {title(locale, r)}
                </a>
              </td>
              <td>{name(locale, other(r))}</td>
              <td>
                <StatusTag locale={locale} status={r.status} />
              </td>
              <td>{formatDate(locale, r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RequestsPage(p: { locale: Locale; viewer: Viewer; incoming: RequestSummary[]; outgoing: RequestSummary[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const incomingTitle = t({ ja: '受け取った依頼', en: 'Requests you received' });
  const outgoingTitle = t({ ja: '送った依頼', en: 'Requests you sent' });
  const openIncoming = p.incoming.filter((r) => r.status === 'open').length;
  return (
    <Layout locale={locale} path="/my/requests" title={t({ ja: '連携の依頼', en: 'Collaboration requests' })} viewer={p.viewer} area="requests">
      <h1>{t({ ja: '連携の依頼', en: 'Collaboration requests' })}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p>
        {t({
          ja: 'ほかの団体と取組を一緒に実施するための依頼です。新しく提案するときは、「連携先を探す」から相手の団体を選んでください。',
          en: 'Requests to run an initiative together with another body. To propose one, choose a body from "Find partners".',
        })}
      </p>
      <p>
        <a class="button button-secondary" href={localePath(locale, '/my/partners')}>
          {t({ ja: '連携先を探す', en: 'Find partners' })}
        </a>
      </p>
      <section aria-labelledby="incoming-title">
        <h2 id="incoming-title">{incomingTitle}</h2>
        {p.incoming.length ? (
          <>
            {openIncoming ? <p>{t({ ja: `回答待ちの依頼が${openIncoming}件あります。`, en: `${openIncoming} awaiting your reply.` })}</p> : null}
            <RequestTable locale={locale} caption={incomingTitle} rows={p.incoming} other={(r) => r.from} />
          </>
        ) : (
          <p class="empty-state">{t({ ja: '受け取った依頼はありません。', en: 'You have not received any request.' })}</p>
        )}
      </section>
      <section aria-labelledby="outgoing-title">
        <h2 id="outgoing-title">{outgoingTitle}</h2>
        {p.outgoing.length ? (
          <RequestTable locale={locale} caption={outgoingTitle} rows={p.outgoing} other={(r) => r.to} />
        ) : (
          <p class="empty-state">{t({ ja: '送った依頼はありません。', en: 'You have not sent any request.' })}</p>
        )}
      </section>
    </Layout>
  );
}

// ---------------------------------------------------------------- /my/requests/new

export interface NewRequestValues {
  initiative: string;
  message: string;
}

export function NewRequestPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  /** The slug as given (kept in the form even when it is wrong, so the error can say so). */
  orgSlug: string;
  recipient: OrgRef | null;
  choices: ChoosableInitiative[];
  values: NewRequestValues;
  errors: FieldErrors;
}) {
  const t = tt(p.locale);
  const { locale, recipient } = p;
  const heading = recipient ? t({ ja: `${recipient.nameJa}に連携を提案する`, en: `Propose collaboration to ${recipient.nameEn}` }) : t({ ja: '連携を提案する', en: 'Propose collaboration' });
  const path = p.orgSlug ? NEW_REQUEST(p.orgSlug, /^[1-9][0-9]{0,9}$/.test(p.values.initiative) ? Number(p.values.initiative) : undefined) : '/my/requests/new';
  return (
    <Layout locale={locale} path={path} title={heading} viewer={p.viewer} area="requests">
      <h1>{heading}</h1>
      <FormErrorSummary locale={locale} errors={p.errors} />
      <p id="field-org">
        {t({ ja: '宛先：', en: 'To: ' })}
        <strong>{recipient ? name(locale, recipient) : p.orgSlug || t({ ja: '（未指定）', en: '(none chosen)' })}</strong>
        {' '}
        <a href={localePath(locale, '/my/partners')}>{t({ ja: '宛先を選び直す', en: 'Choose another body' })}</a>
      </p>
      {recipient || p.choices.length ? (
        <PostForm action={localePath(locale, '/my/requests')} csrf={p.csrf}>
          <input type="hidden" name="org" value={p.orgSlug} />
          {p.choices.length ? (
            <ChoiceGroup
              locale={locale}
              type="radio"
              name="initiative"
              label={{ ja: 'どの取組についての依頼ですか', en: 'Which initiative is this about?' }}
              hint={{
                ja: '自団体の取組を選ぶと相手の団体を招待し、相手の取組を選ぶと自団体の参加を申し出ます。承諾されると、その取組の実施団体に両方が表示されます。',
                en: 'Choose one of yours to invite them, or one of theirs to ask to join. Once accepted, the initiative lists both bodies.',
              }}
              required
              selected={[p.values.initiative]}
              errors={p.errors}
              choices={p.choices.map((c) => ({
                value: String(c.publicId),
                label: { ja: c.titleJa, en: c.titleEn },
                hint:
                  c.side === 'ours'
                    ? { ja: '自団体の取組：相手の団体を招待します', en: 'Yours: invite them to run it with you' }
                    : { ja: '相手の団体の取組：自団体の参加を申し出ます', en: 'Theirs: ask to join them' },
              }))}
            />
          ) : (
            <p class="empty-state" id="field-initiative">
              {t({ ja: 'どちらの団体にも、依頼の対象にできる公開中の取組がありません。', en: 'Neither body has a published initiative this request could be about.' })}
            </p>
          )}
          <TextArea
            locale={locale}
            name="message"
            label={{ ja: 'メッセージ', en: 'Message' }}
            hint={{ ja: `相手の団体に伝えたいこと（${MESSAGE_MAX}文字以内）。連絡先も書いておくとやりとりが円滑です。`, en: `What you would like them to know (up to ${MESSAGE_MAX} characters). Adding a contact helps.` }}
            required
            value={p.values.message}
            errors={p.errors}
            rows={8}
          />
          <Button>{t({ ja: '依頼を送る', en: 'Send the request' })}</Button>
        </PostForm>
      ) : (
        <p class="empty-state">{t({ ja: '「連携先を探す」から相手の団体を選んでください。', en: 'Choose a body from "Find partners".' })}</p>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- /my/requests/:id

function whatAcceptingDoes(l: Locale, r: RequestDetail): string | null {
  const t = tt(l);
  const from = name(l, r.from);
  const to = name(l, r.to);
  const it = title(l, r);
  if (r.pendingChange === 'add_to') return t({ ja: `${from}が${to}を、取組「${it}」の実施団体に招待しています。承諾すると、${to}が実施団体に加わります。`, en: `${from} invites ${to} to run "${it}" with them. Accepting adds ${to} as an organiser.` });
  if (r.pendingChange === 'add_from') return t({ ja: `${from}が、${to}の取組「${it}」への参加を申し出ています。承諾すると、${from}が実施団体に加わります。`, en: `${from} asks to join ${to} in running "${it}". Accepting adds ${from} as an organiser.` });
  if (r.pendingChange === 'none') return t({ ja: '両方の団体が既にこの取組の実施団体です。', en: 'Both bodies already run this initiative.' });
  return null;
}

export function RequestDetailPage(p: { locale: Locale; viewer: Viewer; csrf: string; request: RequestDetail; values: { message: string }; errors: FieldErrors; notice?: Text }) {
  const t = tt(p.locale);
  const { locale, request: r } = p;
  const heading = t({ ja: `連携の依頼 #${r.id}`, en: `Collaboration request #${r.id}` });
  const base = `/my/requests/${r.id}`;
  const canReply = r.status === 'open' || r.status === 'accepted';
  const explanation = r.status === 'open' ? whatAcceptingDoes(locale, r) : null;
  return (
    <Layout locale={locale} path={base} title={heading} viewer={p.viewer} area="requests">
      <p>
        <a href={localePath(locale, '/my/requests')}>{t({ ja: '← 連携の依頼の一覧', en: '← All collaboration requests' })}</a>
      </p>
      <h1>{heading}</h1>
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <FormErrorSummary locale={locale} errors={p.errors} />
      <dl class="detail-list">
        <div>
          <dt>{t({ ja: '取組', en: 'Initiative' })}</dt>
          <dd>{r.publicId !== null ? <a href={localePath(locale, `/initiatives/${r.publicId}`)}>{title(locale, r)}</a> : title(locale, r)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '依頼した団体', en: 'From' })}</dt>
          <dd>
            {name(locale, r.from)}
            {r.side === 'from' ? t({ ja: '（自団体）', en: ' (you)' }) : null}
          </dd>
        </div>
        <div>
          <dt>{t({ ja: '依頼先の団体', en: 'To' })}</dt>
          <dd>
            {name(locale, r.to)}
            {r.side === 'to' ? t({ ja: '（自団体）', en: ' (you)' }) : null}
          </dd>
        </div>
        <div>
          <dt>{t({ ja: '状態', en: 'Status' })}</dt>
          <dd>
            <StatusTag locale={locale} status={r.status} />
            {r.decidedAt ? (
              <span>
                {' '}
                {t({ ja: `${formatDate(locale, r.decidedAt)}${r.decidedByName ? `、${r.decidedByName}` : ''}`, en: `${formatDate(locale, r.decidedAt)}${r.decidedByName ? `, by ${r.decidedByName}` : ''}` })}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t({ ja: '送信日', en: 'Sent' })}</dt>
          <dd>{formatDate(locale, r.createdAt)}</dd>
        </div>
      </dl>
      {explanation ? <p>{explanation}</p> : null}

      {r.status === 'open' ? (
        <section aria-labelledby="respond-title">
          <h2 id="respond-title">{r.side === 'to' ? t({ ja: 'この依頼への回答', en: 'Answer this request' }) : t({ ja: 'この依頼の取り下げ', en: 'Withdraw this request' })}</h2>
          {r.side === 'to' ? (
            <div class="button-row">
              <ActionButton action={localePath(locale, `${base}/accept`)} csrf={p.csrf} label={t({ ja: `依頼 #${r.id} を承諾する`, en: `Accept request #${r.id}` })} variant="primary" />
              <ActionButton action={localePath(locale, `${base}/decline`)} csrf={p.csrf} label={t({ ja: `依頼 #${r.id} を辞退する`, en: `Decline request #${r.id}` })} variant="warning" />
            </div>
          ) : (
            <>
              <p>{t({ ja: '相手の団体が回答するまでは、依頼を取り下げられます。', en: 'Until the other body answers, you can withdraw the request.' })}</p>
              <ActionButton action={localePath(locale, `${base}/withdraw`)} csrf={p.csrf} label={t({ ja: `依頼 #${r.id} を取り下げる`, en: `Withdraw request #${r.id}` })} variant="warning" />
            </>
          )}
        </section>
      ) : null}

      <section aria-labelledby="thread-title">
        <h2 id="thread-title">{t({ ja: 'やりとり', en: 'Messages' })}</h2>
        <ol class="thread">
          {r.messages.map((m) => (
            <li class="thread-message">
              <p class="thread-meta">
                <strong>{name(locale, m.organisation)}</strong>
                {m.authorName ? t({ ja: `（${m.authorName}）`, en: ` (${m.authorName})` }) : null}
                {' '}
                <span class="hint">{formatDate(locale, m.createdAt)}</span>
              </p>
              <div class="thread-body">{m.body}</div>
            </li>
          ))}
        </ol>
      </section>

      {canReply ? (
        <section aria-labelledby="reply-title">
          <h2 id="reply-title">{t({ ja: '返信する', en: 'Reply' })}</h2>
          <PostForm action={localePath(locale, `${base}/reply`)} csrf={p.csrf}>
            <TextArea
              locale={locale}
              name="message"
              label={{ ja: 'メッセージ', en: 'Message' }}
              hint={{ ja: `相手の団体のメンバーにメールでお知らせします（${MESSAGE_MAX}文字以内）。`, en: `The other body's members are told by email (up to ${MESSAGE_MAX} characters).` }}
              required
              value={p.values.message}
              errors={p.errors}
              rows={5}
            />
            <Button>{t({ ja: `依頼 #${r.id} に返信する`, en: `Send reply to request #${r.id}` })}</Button>
          </PostForm>
        </section>
      ) : null}
    </Layout>
  );
}
