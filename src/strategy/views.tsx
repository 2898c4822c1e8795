// The strategy's structure as a page: every aim and measure, how many catalogue initiatives serve it,
// and which measures no initiative serves yet.
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { catalogueHref } from '../catalogue/views.tsx';
import { formatNumber, type Locale, type Text } from '../i18n/locale.ts';
import { parenthesised } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';
import type { StrategyMeasure } from './model.ts';

const T = {
  title: { ja: 'サイバーセキュリティ戦略と取組', en: 'The strategy and its initiatives' },
  lead: {
    ja: 'サイバーセキュリティ戦略（2018年7月27日閣議決定）の目的・施策と、この普及啓発プログラムの柱ごとに、掲載している取組の数を示します。',
    en: 'The aims and measures of the Cybersecurity Strategy (Cabinet decision, 27 July 2018) and the pillars of this awareness program, each with the number of listed initiatives that serve it.',
  },
  none: { ja: '取組なし', en: 'no initiative' },
  judged: {
    ja: '各取組と施策の対応は、編集部の判断によるものです。',
    en: 'The links between initiatives and measures are the editors’ judgement.',
  },
} satisfies Record<string, Text>;

export function StrategyPage({ locale, measures, counts }: { locale: Locale; measures: StrategyMeasure[]; counts: Map<string, number> }) {
  const t = (x: Text) => x[locale];
  const children = new Map<string | null, StrategyMeasure[]>();
  for (const m of measures) children.set(m.parentSlug, [...(children.get(m.parentSlug) ?? []), m]);
  const Tree = ({ parent }: { parent: string | null }) => {
    const list = children.get(parent) ?? [];
    if (list.length === 0) return null;
    return (
      <ul class={parent === null ? 'strategy-tree' : undefined}>
        {list.map((m) => {
          const n = counts.get(m.slug) ?? 0;
          return (
            <li>
              <span class="strategy-title">{locale === 'ja' ? m.titleJa : m.titleEn}</span>{' '}
              {n > 0 ? (
                <a href={catalogueHref(locale, { ...EMPTY_FILTERS, measures: [m.slug] })}>{locale === 'ja' ? `${formatNumber(locale, n)}件` : `${formatNumber(locale, n)} initiatives`}</a>
              ) : (
                <span class="strategy-none">{parenthesised(locale, t(T.none))}</span>
              )}
              <Tree parent={m.slug} />
            </li>
          );
        })}
      </ul>
    );
  };
  return (
    <Layout locale={locale} path="/strategy" title={t(T.title)} section="strategy" description={t(T.lead)}>
      <h1>{t(T.title)}</h1>
      <p class="lead">{t(T.lead)}</p>
      <Tree parent={null} />
      <p class="hint">{t(T.judged)}</p>
    </Layout>
  );
}
