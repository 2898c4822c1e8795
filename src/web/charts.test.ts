// The chart module's promises: text escaped, no inline style (CSP), an accessible name and description,
// every value written on the chart and in the table, drawn 320 px wide.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { BarChartFigure, barChartSvg, fitLabel, groupedBarsSvg, type BarChartSpec } from './charts.ts';

const spec: BarChartSpec = {
  id: 'parts',
  title: 'Scores <by> part & more',
  description: 'Part 1 is complete.',
  max: 100,
  ticks: [0, 50, 100],
  tickSuffix: '%',
  labelHeading: 'Part',
  valueHeading: 'Score',
  data: [
    { label: 'Part 1 <script>alert(1)</script>', value: 100, valueText: '20 / 20' },
    { label: 'Part 2', value: -25, valueText: '−13 / 52' },
  ],
};

test('the SVG escapes labels, carries no style, is an image named and described by the figure', () => {
  const svg = barChartSvg(spec);
  assert.ok(!svg.includes('<script>'), 'a label became markup');
  assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.ok(!/<style|style=|class=/.test(svg), 'inline style or a generated class is left');
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.match(svg, /aria-labelledby="parts-title"/);
  assert.match(svg, /aria-describedby="parts-desc"/);
  assert.match(svg, /<title>Scores &lt;by&gt; part &amp; more<\/title>/);
  assert.match(svg, /viewBox="0 0 320 /);
  // Each bar's value is written on the chart (not only shown by length or colour).
  assert.match(svg, /20\/20/);
  assert.match(svg, /−13\/52/);
  assert.match(svg, />100%</);
  // Two bars and two outlines.
  assert.equal((svg.match(/<rect /g) ?? []).length, 4);
});

test('the figure has its caption and the data as a table', () => {
  const html = renderToString(BarChartFigure({ spec }));
  assert.match(html, /<figure class="chart" aria-labelledby="parts-title"><figcaption><span class="chart-title" id="parts-title">Scores &lt;by> part &amp; more<\/span>/);
  assert.match(html, /<span class="chart-description" id="parts-desc">Part 1 is complete.<\/span>/);
  assert.match(html, /<th scope="row">Part 2<\/th><td class="num">−13 \/ 52<\/td>/);
  assert.equal((html.match(/<script>/g) ?? []).length, 0);
});

test('a long Japanese label is cut to the chart width with "…"; a short one is kept whole', () => {
  const long = '6. ネットショッピングでは信頼できるお店を選ぼう';
  const cut = fitLabel(long, 20);
  assert.ok(cut.endsWith('…') && long.startsWith(cut.slice(0, -1)), cut);
  const ems = [...cut].reduce((n, ch) => n + (ch.codePointAt(0)! > 0x2e80 ? 1 : 0.6), 0);
  assert.ok(ems <= 20, `${cut} is ${ems} em wide`);
  assert.equal(fitLabel('8. 外出先では紛失・盗難に注意しよう', 20), '8. 外出先では紛失・盗難に注意しよう');
  assert.ok(!groupedBarsSvg({ id: 'x', title: 't', groups: [{ label: long, bars: [{ label: long, value: 50, valueText: '50%' }] }], max: 100, withheldText: 'X' } as Parameters<typeof groupedBarsSvg>[0]).includes(long), 'the chart draws the cut label');
});
