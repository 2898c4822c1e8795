// The program office's desk pages: the list, and one form for adding and editing a desk.
import { formatDate, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { SubNav } from '../moderation/components.tsx';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextArea, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import type { DeskFormValues } from './form.ts';
import { DESK_AUDIENCE_LABELS, DESK_AUDIENCES, DESK_TOPIC_LABELS, DESK_TOPICS, type Desk } from './model.ts';
import { checkedText, deskName, scopeText } from './views.tsx';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

/** Administration menu of the desk and guided-path pages (the organisations and users pages keep theirs). */
export function HelpAdminNav({ locale, current }: { locale: Locale; current: 'desks' | 'help' | 'checks' | 'declarations' }) {
  return (
    <SubNav
      locale={locale}
      label={{ ja: '管理のメニュー', en: 'Administration menu' }}
      current={current}
      items={[
        { key: 'organisations', href: localePath(locale, '/admin'), label: { ja: '団体', en: 'Organisations' } },
        { key: 'users', href: localePath(locale, '/admin/users'), label: { ja: 'ユーザー', en: 'Users' } },
        { key: 'desks', href: localePath(locale, '/admin/desks'), label: { ja: '相談窓口', en: 'Help desks' } },
        { key: 'help', href: localePath(locale, '/admin/help'), label: { ja: '「困ったときは」の質問と規則', en: 'Guided help rules' } },
        { key: 'checks', href: localePath(locale, '/admin/checks'), label: { ja: '自己診断の定義', en: 'Self-check definitions' } },
        { key: 'declarations', href: localePath(locale, '/admin/declarations'), label: { ja: '自己宣言', en: 'Self-declarations' } },
        { key: 'evaluation', href: localePath(locale, '/admin/kpis'), label: { ja: '評価（KPI・施策・報告書・調査）', en: 'Evaluation (KPIs, measures, reports, surveys)' } },
        { key: 'history', href: localePath(locale, '/moderation/history'), label: { ja: '操作の履歴', en: 'History' } },
      ]}
    />
  );
}

export function AdminDeskListPage(p: { locale: Locale; viewer: Viewer; desks: Desk[]; notice?: Text }) {
  const t = tt(p.locale);
  const { locale } = p;
  const title = t({ ja: '相談窓口の管理', en: 'Help desks' });
  return (
    <Layout locale={locale} path="/admin/desks" title={title} viewer={p.viewer} area="admin">
      <h1>{title}</h1>
      <HelpAdminNav locale={locale} current="desks" />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <p class="explainer">
        {t({
          ja: '公開の相談窓口一覧（/desks）と「困ったときは」の案内に使われます。「困ったときは」の規則は、窓口を識別子で指定するか、相談できること・対象・地域で選びます。',
          en: 'These are listed at /desks and used by the guided help. Its rules name desks by identifier, or pick them by topic, audience and area.',
        })}
      </p>
      <p>
        <a class="button button-primary" href={localePath(locale, '/admin/desks/new')}>
          {t({ ja: '相談窓口を追加する', en: 'Add a desk' })}
        </a>
      </p>
      <div class="table-scroll">
        <table class="data-table admin-table">
          <caption class="visually-hidden">{t({ ja: '相談窓口の一覧', en: 'Help desks' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '窓口名', en: 'Name' })}</th>
              <th scope="col">{t({ ja: '識別子', en: 'Identifier' })}</th>
              <th scope="col">{t({ ja: '地域', en: 'Area' })}</th>
              <th scope="col">{t({ ja: '確認日', en: 'Checked' })}</th>
              <th scope="col">{t({ ja: '編集部追加', en: 'Added by editors' })}</th>
              <th scope="col">{t({ ja: '操作', en: 'Actions' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.desks.map((d) => (
              <tr>
                <th scope="row">
                  <a href={localePath(locale, `/desks/${d.id}`)}>{deskName(locale, d)}</a>
                </th>
                <td>
                  <code>{d.slug}</code>
                </td>
                <td>{scopeText(locale, d.prefecture)}</td>
                <td>{checkedText(locale, d.checkedOn)}</td>
                <td>{d.judged ? t({ ja: 'はい（要確認）', en: 'Yes (to verify)' }) : t({ ja: 'いいえ', en: 'No' })}</td>
                <td>
                  <a href={localePath(locale, `/admin/desks/${d.id}/edit`)}>
                    {t({ ja: '編集', en: 'Edit' })}
                    <span class="visually-hidden">{locale === 'ja' ? `（${d.nameJa}）` : ` (${d.nameEn})`}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function AdminDeskFormPage(p: { locale: Locale; viewer: Viewer; csrf: string; values: DeskFormValues; errors: FieldErrors; desk?: Desk }) {
  const t = tt(p.locale);
  const { locale, values: v, errors } = p;
  const isNew = !p.desk;
  const title = isNew ? t({ ja: '相談窓口を追加する', en: 'Add a desk' }) : t({ ja: `相談窓口を編集する：${p.desk!.nameJa}`, en: `Edit desk: ${p.desk!.nameEn}` });
  const action = localePath(locale, isNew ? '/admin/desks/new' : `/admin/desks/${p.desk!.id}/edit`);
  const path = isNew ? '/admin/desks/new' : `/admin/desks/${p.desk!.id}/edit`;
  const common = { locale, errors };
  return (
    <Layout locale={locale} path={path} title={(Object.keys(errors).length ? t({ ja: 'エラー：', en: 'Error: ' }) : '') + title} viewer={p.viewer} area="admin">
      <HelpAdminNav locale={locale} current="desks" />
      <h1>{title}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <PostForm action={action} csrf={p.csrf}>
        {isNew ? (
          <TextField {...common} name="slug" label={{ ja: '識別子', en: 'Identifier' }} hint={{ ja: '半角英小文字・数字・ハイフン（例：city-consumer-center）。「困ったときは」の規則で使います。後から変えられません。', en: 'Lower-case letters, digits and hyphens (for example city-consumer-center). The guided help rules use it. It cannot be changed later.' }} value={v.slug} required width="short" />
        ) : (
          <p>
            {t({ ja: '識別子：', en: 'Identifier: ' })}
            <code>{p.desk!.slug}</code>
            {t({ ja: '（変更できません）', en: ' (cannot be changed)' })}
          </p>
        )}
        <TextField {...common} name="nameJa" label={{ ja: '窓口名（日本語）', en: 'Name (Japanese)' }} value={v.nameJa} required />
        <TextField {...common} name="nameEn" label={{ ja: '窓口名（英語）', en: 'Name (English)' }} value={v.nameEn} required />
        <TextField {...common} name="operatorJa" label={{ ja: '運営する機関（日本語）', en: 'Run by (Japanese)' }} value={v.operatorJa} required />
        <TextField {...common} name="operatorEn" label={{ ja: '運営する機関（英語）', en: 'Run by (English)' }} value={v.operatorEn} required />
        <TextArea {...common} name="summaryJa" label={{ ja: '相談できること（日本語）', en: 'What it helps with (Japanese)' }} value={v.summaryJa} required rows={3} />
        <TextArea {...common} name="summaryEn" label={{ ja: '相談できること（英語）', en: 'What it helps with (English)' }} value={v.summaryEn} required rows={3} />
        <ChoiceGroup
          {...common}
          type="checkbox"
          name="topics"
          label={{ ja: '扱う相談', en: 'Topics' }}
          hint={{ ja: '何も選ばないと、この窓口は「困ったときは」で識別子を指定した規則からだけ案内されます（110番など）。', en: 'With no topic, the guided help shows this desk only where a rule names it (like 110).' }}
          choices={DESK_TOPICS.map((x) => ({ value: x, label: DESK_TOPIC_LABELS[x] }))}
          selected={v.topics}
          columns
        />
        <ChoiceGroup {...common} type="checkbox" name="audiences" label={{ ja: '対象', en: 'For whom' }} choices={DESK_AUDIENCES.map((x) => ({ value: x, label: DESK_AUDIENCE_LABELS[x] }))} selected={v.audiences} required columns />
        <SelectField
          {...common}
          name="prefecture"
          label={{ ja: '地域', en: 'Area' }}
          choices={PREFECTURES.map((x) => ({ value: x.code, label: { ja: x.ja, en: x.en } }))}
          value={v.prefecture}
          emptyLabel={{ ja: '全国', en: 'Nationwide' }}
        />
        <TextField {...common} name="phone" type="tel" label={{ ja: '電話番号', en: 'Phone number' }} hint={{ ja: '出典で確かめた番号だけを入力してください（例：188、#9110、03-1234-5678）。', en: 'Only a number checked in the source (for example 188, #9110, 03-1234-5678).' }} value={v.phone} width="short" />
        <TextField {...common} name="webUrl" type="url" label={{ ja: 'ウェブサイト（相談フォーム）', en: 'Website (web form)' }} value={v.webUrl} />
        <TextField {...common} name="email" type="email" label={{ ja: 'メールアドレス', en: 'Email address' }} value={v.email} />
        <TextArea {...common} name="hoursJa" label={{ ja: '受付時間・連絡方法（日本語）', en: 'Hours and how to reach it (Japanese)' }} value={v.hoursJa} rows={2} />
        <TextArea {...common} name="hoursEn" label={{ ja: '受付時間・連絡方法（英語）', en: 'Hours and how to reach it (English)' }} value={v.hoursEn} rows={2} />
        <TextField {...common} name="sourceName" label={{ ja: '出典', en: 'Source' }} value={v.sourceName} required />
        <TextField {...common} name="sourceUrl" type="url" label={{ ja: '出典のURL', en: 'Source address' }} value={v.sourceUrl} />
        <TextField {...common} name="checkedOn" label={{ ja: '確認日', en: 'Date checked' }} hint={{ ja: '例：2026-11-26（月までしか分からないときは 2015-02）', en: 'For example 2026-11-26 (or 2015-02 when only the month is known)' }} value={v.checkedOn} required width="short" />
        <ChoiceGroup
          {...common}
          type="checkbox"
          name="judged"
          label={{ ja: '編集部の判断', en: "Editors' judgement" }}
          choices={[{ value: '1', label: { ja: '出典で読めない内容（電話番号、URL、対象など）を編集部が追加した', en: 'The editors added details not read in the source (phone, address, audiences…)' } }]}
          selected={v.judged ? ['1'] : []}
        />
        <TextArea {...common} name="judgementNote" label={{ ja: '編集部の注記', en: "Editors' note" }} value={v.judgementNote} rows={2} />
        <TextField {...common} name="position" label={{ ja: '表示順', en: 'Display order' }} hint={{ ja: '小さいほど先に表示します。', en: 'Lower numbers come first.' }} value={v.position} width="short" inputMode="numeric" />
        <div class="button-row">
          <button type="submit" class="button button-primary">
            {t({ ja: '保存する', en: 'Save' })}
          </button>
          <a href={localePath(locale, '/admin/desks')}>{t({ ja: '保存せずに戻る', en: 'Back without saving' })}</a>
        </div>
      </PostForm>
      {p.desk ? (
        <p class="hint">
          {t({ ja: '最終更新：', en: 'Last changed: ' })}
          {formatDate(locale, p.desk.updatedAt)}
        </p>
      ) : null}
    </Layout>
  );
}

