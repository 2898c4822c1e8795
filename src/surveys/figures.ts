// External survey figures as a published StatTable (source kind 'survey'), so the stats API and the
// dashboard serve them like the portal's own figures, labelled as a different source.
import { z } from 'zod';
import type { FigureDefinition, StatTable } from '../stats/model.ts';
import { SURVEY_AUDIENCE_LABELS, SURVEY_AUDIENCES, SURVEY_NOTES, SURVEY_SOURCE_LABEL } from './model.ts';
import { surveyFiguresFor } from './repository.ts';

const params = z.object({
  measure: z
    .string()
    .regex(/^(personal|business5|diagnosis):[1-9]\d?$/)
    .optional(),
  audience: z.enum(SURVEY_AUDIENCES).optional(),
});

export const SURVEY_FIGURES: FigureDefinition<z.infer<typeof params>>[] = [
  {
    id: 'surveys-values',
    title: { ja: '他の調査の結果（出典が異なります）', en: 'Other surveys (a different source)' },
    params,
    async build(handle, p): Promise<StatTable> {
      // Percentages only: counts (pilots, events gathered) have no place in a column of shares.
      const figures = (await surveyFiguresFor(handle, p)).filter((f) => f.unit === 'percent');
      const sources = [...new Set(figures.map((f) => f.source))];
      return {
        id: 'surveys-values',
        title: { ja: '他の調査の結果（出典が異なります）', en: 'Other surveys (a different source)' },
        description: {
          ja: '内閣府・IPAなど他の機関が公表した調査の割合（%）と標本数。ポータルの自己診断の結果ではありません。',
          en: "Shares (%) and sample sizes published by other bodies (Cabinet Office, IPA…). Not the portal's self-check results.",
        },
        source: { kind: 'survey', label: SURVEY_SOURCE_LABEL },
        period: { kind: 'all' },
        columns: [
          { key: 'value', label: { ja: '値（%）', en: 'Value (%)' }, unit: 'percent' },
          { key: 'sample_size', label: { ja: '標本数', en: 'Sample size' }, unit: 'count' },
        ],
        rows: figures.map((f) => {
          const aud = SURVEY_AUDIENCE_LABELS[f.audience] ?? { ja: f.audience, en: f.audience };
          return {
            key: `${f.id}`,
            label: {
              ja: `${f.survey}（${f.year}年）${f.question}〔${aud.ja}〕`,
              en: `${f.surveyEn || f.survey} (${f.year}): ${f.questionEn || f.question} [${aud.en}]`,
            },
            cells: [
              { value: f.value, suppressed: false },
              { value: f.sampleSize, suppressed: false },
            ],
          };
        }),
        notes: [
          ...SURVEY_NOTES,
          { ja: '標本数が空欄のものは、出典に記載がないものです（推測で補っていません）。', en: 'An empty sample size means the source does not give it (it was not guessed).' },
          ...sources.map((s) => ({ ja: `出典：${s}`, en: `Source: ${s}` })),
        ],
      };
    },
  },
];
