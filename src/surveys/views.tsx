// The public building block the dashboard places beside the portal's own figures: survey figures as a
// table, captioned as another source, with the survey, year, question, audience, value, sample size and
// source on every row (a row read alone, or copied, still says where it comes from).
import { formatNumber, type Locale } from '../i18n/locale.ts';
import { SURVEY_AUDIENCE_LABELS, SURVEY_NOTES, SURVEY_SOURCE_LABEL, type SurveyFigure } from './model.ts';

export function surveyValueText(locale: Locale, r: Pick<SurveyFigure, 'value' | 'unit'>): string {
  return r.unit === 'percent' ? `${r.value.toFixed(1)}%` : formatNumber(locale, r.value);
}

export function SurveyComparison({ locale, rows, id }: { locale: Locale; rows: SurveyFigure[]; id?: string }) {
  const t = (x: { ja: string; en: string }) => x[locale];
  if (rows.length === 0) return null;
  return (
    <div class="survey-comparison" id={id}>
      <div class="table-scroll">
        <table class="data-table survey-table">
          <caption>{t(SURVEY_SOURCE_LABEL)}</caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '調査', en: 'Survey' })}</th>
              <th scope="col">{t({ ja: '年', en: 'Year' })}</th>
              <th scope="col">{t({ ja: '設問', en: 'Question' })}</th>
              <th scope="col">{t({ ja: '対象', en: 'Audience' })}</th>
              <th scope="col" class="num">{t({ ja: '値', en: 'Value' })}</th>
              <th scope="col" class="num">{t({ ja: '標本数', en: 'Sample size' })}</th>
              <th scope="col">{t({ ja: '出典', en: 'Source' })}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{locale === 'en' && r.surveyEn ? r.surveyEn : r.survey}</td>
                <td>{locale === 'ja' ? `${r.year}年` : String(r.year)}</td>
                <th scope="row">{locale === 'en' && r.questionEn ? r.questionEn : r.question}</th>
                <td>{t(SURVEY_AUDIENCE_LABELS[r.audience] ?? { ja: r.audience, en: r.audience })}</td>
                <td class="num">{surveyValueText(locale, r)}</td>
                <td class="num">{r.sampleSize === null ? t({ ja: '記載なし', en: 'Not given' }) : formatNumber(locale, r.sampleSize)}</td>
                <td>
                  <span lang="ja">{r.source}</span>
                  {r.fieldwork ? <span class="survey-fieldwork">{t({ ja: `（調査時期：${r.fieldwork}）`, en: ` (fieldwork: ${r.fieldwork})` })}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="table-notes">
        {SURVEY_NOTES.map((n) => (
          <li>{t(n)}</li>
        ))}
      </ul>
    </div>
  );
}
