// Charts as server-side SVG (Observable Plot rendered into linkedom's DOM): no JavaScript in the page,
// nothing fetched. Every chart comes as a figure with a title, a description, the SVG (role="img",
// named by the title and described by the description) and its data as a table beside it; every bar
// carries its label and value in words, so nothing depends on colour; it is drawn 320 px wide and scales.
//
// One general shape for now: labelled values as horizontal bars against a scale (the diagnosis' scores
// by part; later the evaluation's adoption by audience). Add shapes here, not in capabilities.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { h, type VNode } from 'preact';

export interface BarDatum {
  label: string;
  value: number;
  /** The value as people read it ("48 / 52点", "61%"); defaults to the number. */
  valueText?: string;
  /** This row's own maximum, drawn as an outline behind the bar; defaults to the chart's max. */
  max?: number;
}

export interface BarChartSpec {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  description: string;
  data: BarDatum[];
  /** The scale's end (the bars' common maximum). */
  max: number;
  /** The scale's start; defaults to the lowest of 0 and the values. */
  min?: number;
  /** Tick values on the axis; defaults to Plot's choice. */
  ticks?: number[];
  /** Appended to the axis' tick labels ("%"). */
  tickSuffix?: string;
  /** Column headings of the data table. */
  labelHeading: string;
  valueHeading: string;
}

export const CHART_WIDTH = 320;
const FONT_SIZE = 14;
/** Two lines of label, then the bar. */
const ROW_HEIGHT = 64;
const BAR_TOP = 40;
const BAR_BOTTOM = 6;
const MARGIN_X = 12;
/** Room for the last tick label ("100%") to the right of the scale's end. */
const MARGIN_RIGHT = 22;
const AXIS_HEIGHT = 28;

const domDocument = () => parseHTML('<!doctype html><html><body></body></html>').document;

/** The SVG markup of a horizontal bar chart. Text is escaped by the DOM serializer. */
export function barChartSvg(spec: BarChartSpec): string {
  const min = spec.min ?? Math.min(0, ...spec.data.map((d) => d.value));
  const rows = spec.data.map((d, i) => ({ key: String(i), label: `${d.label}　${(d.valueText ?? String(d.value)).replace(/ \/ /g, '/')}`, value: d.value, max: d.max ?? spec.max }));
  const height = rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const document = domDocument();
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: CHART_WIDTH,
    height,
    marginLeft: MARGIN_X,
    marginRight: MARGIN_RIGHT,
    marginTop: 0,
    marginBottom: AXIS_HEIGHT,
    x: { domain: [min, spec.max], label: null, ticks: spec.ticks, tickFormat: (v: number) => `${v}${spec.tickSuffix ?? ''}` },
    y: { domain: rows.map((r) => r.key), axis: null, padding: 0 },
    marks: [
      // The row's whole extent as an outline, so a short bar reads as "short of the maximum".
      Plot.barX(rows, { y: 'key', x1: min, x2: 'max', fill: 'white', stroke: '#767676', insetTop: BAR_TOP, insetBottom: BAR_BOTTOM }),
      Plot.barX(rows, { y: 'key', x1: 0, x2: 'value', fill: '#0017c1', insetTop: BAR_TOP, insetBottom: BAR_BOTTOM }),
      // The zero line, on the bars only (not through the labels).
      Plot.tickX(rows, { y: 'key', x: 0, stroke: '#1a1a1a', insetTop: BAR_TOP - 3, insetBottom: BAR_BOTTOM - 3 }),
      Plot.text(rows, {
        y: 'key',
        x: min,
        text: 'label',
        textAnchor: 'start',
        // Just above its own bar; a label that wraps grows upwards into the row's free space.
        lineAnchor: 'bottom',
        lineWidth: (CHART_WIDTH - MARGIN_X - MARGIN_RIGHT) / FONT_SIZE,
        dy: -ROW_HEIGHT / 2 + BAR_TOP - 4,
        fill: '#1a1a1a',
        fontSize: FONT_SIZE,
      }),
    ],
  });
  return clean(svg as unknown as Element, spec, document as unknown as Document);
}

/**
 * Makes Plot's output fit the page's rules: no <style> element and no class (the CSP allows no inline
 * styles; app.css styles .chart svg), no aria-label on inner groups (the whole image has one name), and
 * role="img" named by the figure's title and described by its description.
 */
function clean(svg: Element, spec: BarChartSpec, document: Document): string {
  for (const s of [...svg.querySelectorAll('style')]) s.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    el.removeAttribute('class');
    el.removeAttribute('style');
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${spec.id}-title`);
  svg.setAttribute('aria-describedby', `${spec.id}-desc`);
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('font-size', String(FONT_SIZE));
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.textContent = spec.title;
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}

/** The figure: title and description as its caption, the chart, and the same data as a table. */
export function BarChartFigure({ spec }: { spec: BarChartSpec }): VNode<any> {
  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': `${spec.id}-title` },
    h('figcaption', null, h('span', { class: 'chart-title', id: `${spec.id}-title` }, spec.title), h('span', { class: 'chart-description', id: `${spec.id}-desc` }, spec.description)),
    h('div', { class: 'chart-body' },
      h('div', { class: 'chart-svg', dangerouslySetInnerHTML: { __html: barChartSvg(spec) } }),
      h(
        'table',
        { class: 'data-table chart-table' },
        h('caption', { class: 'visually-hidden' }, spec.title),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, spec.labelHeading), h('th', { scope: 'col', class: 'num' }, spec.valueHeading))),
        h('tbody', null, ...spec.data.map((d) => h('tr', null, h('th', { scope: 'row' }, d.label), h('td', { class: 'num' }, d.valueText ?? String(d.value))))),
      ),
    ),
  );
}
