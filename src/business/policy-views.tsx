// The basic policy generator: the form, and the filled-in policy to publish (as it will read, as HTML
// to paste into a website, as plain text, and as a text file to download). Nothing is stored.
import { renderToString } from 'preact-render-to-string';
import type { PolicyTemplate } from '../checks/policy-definition.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { FormErrorSummary, REQUIRED_MARK, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import { SourceNote } from './components.tsx';
import { POLICY_LIMITS, type PolicyDocument, type PolicyInput } from './policy.ts';

const L = {
  title: { ja: '情報セキュリティ基本方針をつくる', en: 'Make a basic information security policy' },
  notStored: {
    ja: '入力した内容はこのサイトに保存しません。できあがった方針は、この画面からコピーするかダウンロードしてください。',
    en: 'Nothing you enter is kept by this site. Copy or download the finished policy from the next screen.',
  },
  company: { ja: '会社名（事業者名）', en: 'Company name' },
  companyHint: { ja: '例：株式会社さくら商店、さくら商店（個人事業主の場合は屋号）', en: 'For example: Sakura Trading Co., Ltd.' },
  repTitle: { ja: '代表者の役職', en: "Representative's title" },
  repTitleHint: { ja: '例：代表取締役、代表', en: 'For example: President, Owner' },
  rep: { ja: '代表者の氏名', en: "Representative's name" },
  date: { ja: '制定日', en: 'Date of adoption' },
  dateHint: { ja: '例：2026-04-01', en: 'For example: 2026-04-01' },
  options: { ja: '入れる項目', en: 'Clauses to include' },
  optionsHint: { ja: '必要なものを選んでください（後から文章を直すこともできます）。', en: 'Choose what applies (you can also edit the text afterwards).' },
  make: { ja: '基本方針をつくる', en: 'Make the policy' },
  resultTitle: { ja: 'できあがった情報セキュリティ基本方針', en: 'Your basic information security policy' },
  preview: { ja: '公開したときの見え方', en: 'How it will read' },
  howTo: { ja: '公開のしかた', en: 'How to publish it' },
  html: { ja: 'ウェブサイトに貼る用のHTML', en: 'HTML to paste into your website' },
  htmlHint: { ja: '全体を選んでコピーし、自社サイトのページに貼り付けてください。', en: 'Select all, copy, and paste it into a page of your website.' },
  text: { ja: '文章（テキスト）', en: 'Plain text' },
  textHint: { ja: '全体を選んでコピーし、文書作成ソフトなどに貼り付けてください。', en: 'Select all, copy, and paste it into a word processor or similar.' },
  download: { ja: 'テキストファイルでダウンロードする', en: 'Download as a text file' },
  edit: { ja: '入力内容を変える', en: 'Change the details' },
  back: { ja: '中小企業の診断に戻る', en: 'Back to the checks for small firms' },
} satisfies Record<string, Text>;

const tt = (locale: Locale) => (x: Text) => x[locale];

function Hidden({ input }: { input: PolicyInput }) {
  return (
    <>
      <input type="hidden" name="company" value={input.company} />
      <input type="hidden" name="representative_title" value={input.representativeTitle} />
      <input type="hidden" name="representative" value={input.representative} />
      <input type="hidden" name="date" value={input.date} />
      {input.options.map((o) => (
        <input type="hidden" name="options" value={o} />
      ))}
    </>
  );
}

function PolicyForm({ locale, template, input, errors, csrf }: { locale: Locale; template: PolicyTemplate; input: PolicyInput; errors: FieldErrors; csrf: string }) {
  const t = tt(locale);
  return (
    <form method="post" action={localePath(locale, '/business/policy')} novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      <TextField locale={locale} name="company" label={L.company} hint={L.companyHint} value={input.company} errors={errors} required maxLength={POLICY_LIMITS.company} autocomplete="organization" />
      <TextField locale={locale} name="representative_title" label={L.repTitle} hint={L.repTitleHint} value={input.representativeTitle} errors={errors} required maxLength={POLICY_LIMITS.representativeTitle} autocomplete="organization-title" />
      <TextField locale={locale} name="representative" label={L.rep} value={input.representative} errors={errors} required maxLength={POLICY_LIMITS.representative} autocomplete="name" />
      <TextField locale={locale} name="date" label={L.date} hint={L.dateHint} value={input.date} errors={errors} required width="short" maxLength={20} />
      <div class="field">
        <fieldset class="fieldset" id="field-options" aria-describedby="field-options-hint">
          <legend class="field-label">{t(L.options)}</legend>
          <p class="field-hint" id="field-options-hint">
            {t(L.optionsHint)}
          </p>
          <div class="choices">
            {template.options.map((o, i) => (
              <div class="choice">
                <input type="checkbox" id={`field-options-${i}`} name="options" value={o.key} checked={input.options.includes(o.key)} />
                <label for={`field-options-${i}`}>
                  {t(o.label)}
                  {o.hint ? <span class="choice-hint">{t(o.hint)}</span> : null}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button type="submit" class="button button-primary">
        {t(L.make)}
      </button>
    </form>
  );
}

export function PolicyFormPage(p: { locale: Locale; template: PolicyTemplate; input: PolicyInput; errors: FieldErrors; csrf: string }) {
  const { locale } = p;
  const t = tt(locale);
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <Layout locale={locale} path="/business/policy" title={(hasErrors ? (locale === 'ja' ? 'エラー：' : 'Error: ') : '') + t(L.title)}>
      <a class="back-link" href={localePath(locale, '/business/check')}>
        ← {t(L.back)}
      </a>
      <h1>{t(L.title)}</h1>
      <FormErrorSummary locale={locale} errors={p.errors} />
      <p class="lead">{t(p.template.intro)}</p>
      <p class="notice notice-info">{t(L.notStored)}</p>
      <p class="field-hint">
        {locale === 'ja' ? `「${REQUIRED_MARK.ja}」の項目は必ず入力してください。` : `Fields marked “${REQUIRED_MARK.en}” must be filled in.`}
      </p>
      <PolicyForm locale={locale} template={p.template} input={p.input} errors={p.errors} csrf={p.csrf} />
      <SourceNote locale={locale} source={p.template.source} />
    </Layout>
  );
}

/** The policy as an article: what the firm publishes. Its markup is also offered as HTML to paste. */
export function PolicyArticle({ doc, headingLevel = 2 }: { doc: PolicyDocument; headingLevel?: 1 | 2 }) {
  const H = headingLevel === 1 ? 'h1' : 'h2';
  const S = headingLevel === 1 ? 'h2' : 'h3';
  return (
    <article class="policy-document">
      <H>{doc.title}</H>
      <p>{doc.preamble}</p>
      {doc.sections.map((s) => (
        <section>
          <S>
            {s.number}. {s.heading}
          </S>
          {s.paragraphs.map((x) => (
            <p>{x}</p>
          ))}
        </section>
      ))}
      <p class="policy-closing">
        {doc.closing.map((c, i) => (
          <>
            {i > 0 ? <br /> : null}
            {c}
          </>
        ))}
      </p>
    </article>
  );
}

/** HTML for the firm's own page: escaped by preact, with line breaks between blocks for readability. */
export function policyHtml(doc: PolicyDocument): string {
  return renderToString(PolicyArticle({ doc, headingLevel: 1 }))
    .replace(/ class="[^"]*"/g, '')
    .replace(/(<\/(?:h1|h2|p|section)>)/g, '$1\n')
    .replace(/(<(?:article|section)>)/g, '$1\n');
}

export function PolicyResultPage(p: { locale: Locale; template: PolicyTemplate; input: PolicyInput; doc: PolicyDocument; text: string; csrf: string }) {
  const { locale } = p;
  const t = tt(locale);
  return (
    <Layout locale={locale} path="/business/policy" title={t(L.resultTitle)}>
      <a class="back-link" href={localePath(locale, '/business/check')}>
        ← {t(L.back)}
      </a>
      <h1>{t(L.resultTitle)}</h1>
      <p class="notice notice-info">{t(L.notStored)}</p>
      <section aria-labelledby="howto-title">
        <h2 id="howto-title">{t(L.howTo)}</h2>
        <ol class="steps">
          {p.template.publishing.map((s) => (
            <li>{t(s)}</li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="preview-title" class="policy-preview">
        <h2 id="preview-title">{t(L.preview)}</h2>
        <div class="panel">
          <PolicyArticle doc={p.doc} headingLevel={2} />
        </div>
      </section>
      <section aria-labelledby="copy-title">
        <h2 id="copy-title" class="visually-hidden">
          {t(L.text)}
        </h2>
        <div class="field field-wide">
          <label class="field-label" for="policy-text">
            {t(L.text)}
          </label>
          <p class="field-hint" id="policy-text-hint">
            {t(L.textHint)}
          </p>
          <textarea class="textarea policy-copy" id="policy-text" readOnly rows={16} aria-describedby="policy-text-hint">
            {p.text}
          </textarea>
        </div>
        <div class="field field-wide">
          <label class="field-label" for="policy-html">
            {t(L.html)}
          </label>
          <p class="field-hint" id="policy-html-hint">
            {t(L.htmlHint)}
          </p>
          <textarea class="textarea policy-copy" id="policy-html" readOnly rows={12} aria-describedby="policy-html-hint">
            {policyHtml(p.doc)}
          </textarea>
        </div>
        <form method="post" action={localePath(locale, '/business/policy/download')} novalidate>
          <input type="hidden" name="_csrf" value={p.csrf} />
          <Hidden input={p.input} />
          <button type="submit" class="button button-secondary">
            {t(L.download)}
          </button>
        </form>
      </section>
      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{t(L.edit)}</h2>
        <PolicyForm locale={locale} template={p.template} input={p.input} errors={{}} csrf={p.csrf} />
      </section>
      <SourceNote locale={locale} source={p.template.source} />
    </Layout>
  );
}
