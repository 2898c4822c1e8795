// /admin/help: the guided path's questions and rules as a JSON document, edited with the shared
// document editor (web/document-editor.tsx): versions, history, restore.
import { HelpAdminNav } from '../desks/admin-views.tsx';
import type { Locale, Text } from '../i18n/locale.ts';
import { DocumentEditorPage, DocumentVersionPage } from '../web/document-editor.tsx';
import type { Viewer } from '../web/layout.tsx';
import type { FlowIssue } from './flow.ts';
import type { FlowVersion } from './service.ts';

const tt = (locale: Locale) => (x: Text) => x[locale];

function Guide({ locale }: { locale: Locale }) {
  const t = tt(locale);
  return (
    <ul>
      <li>{t({ ja: 'questions：質問を順に並べます。kind は "choice"（選択肢）か "prefecture"（都道府県、1つまで）。role: "audience" の質問の選択肢は individuals, sme, large_enterprise, education, local_government。', en: 'questions: in order. kind is "choice" or "prefecture" (at most one). The options of the role: "audience" question are individuals, sme, large_enterprise, education, local_government.' })}</li>
      <li>{t({ ja: 'showIf：前の質問の答えによって、その質問を聞くかどうかを決めます。', en: 'showIf: ask the question only for some answers to earlier questions.' })}</li>
      <li>{t({ ja: 'rules：when の条件（質問のid → 選択肢の値の配列）にすべて当てはまると適用されます。desks は窓口の識別子、deskTopics は扱う相談、steps は「まずすること」、materials は教材の検索語、urgent は緊急時の案内（その規則の窓口を最初に目立たせて表示）です。fallback: true の規則は、ほかに当てはまる規則がないときだけ使われます。', en: 'rules: apply when every condition in when (question id → list of option values) holds. desks are desk identifiers, deskTopics topics, steps the first things to do, materials search words for materials, urgent the notice for urgent cases (its desks come first, prominently). A rule with fallback: true applies only when no other rule does.' })}</li>
    </ul>
  );
}

export function AdminHelpPage(p: { locale: Locale; viewer: Viewer; csrf: string; current: FlowVersion | undefined; history: FlowVersion[]; text: string; note: string; issues: FlowIssue[]; notice?: Text }) {
  return (
    <DocumentEditorPage
      {...p}
      basePath="/admin/help"
      title={{ ja: '「困ったときは」の質問と規則', en: 'Guided help: questions and rules' }}
      fieldLabel={{ ja: '質問と規則（JSON）', en: 'Questions and rules (JSON)' }}
      nav={<HelpAdminNav locale={p.locale} current="help" />}
      guide={<Guide locale={p.locale} />}
    />
  );
}

export function AdminHelpVersionPage(p: { locale: Locale; viewer: Viewer; v: FlowVersion }) {
  return (
    <DocumentVersionPage
      {...p}
      basePath="/admin/help"
      title={{ ja: `「困ったときは」第${p.v.version}版`, en: `Guided help, version ${p.v.version}` }}
      backLabel={{ ja: '質問と規則の管理に戻る', en: 'Back to the questions and rules' }}
      nav={<HelpAdminNav locale={p.locale} current="help" />}
    />
  );
}
