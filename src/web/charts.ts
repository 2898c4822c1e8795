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

/**
 * A label cut to the width the chart has for it (in ems of the chart's font), ending in "…" when cut.
 * Plot measures text with Latin metrics and takes Japanese characters for narrow ones, so its own
 * lineWidth never wraps them and long labels ran past the chart's edge. Full-width characters count as
 * 1 em, others as 0.6 (bold digits and Latin); the whole label is always in the data table beside it.
 */
export function fitLabel(label: string, ems: number): string {
  const width = (ch: string) => (ch.codePointAt(0)! > 0x2e80 ? 1 : 0.6);
  let used = 0;
  const chars = [...label];
  if (chars.reduce((n, ch) => n + width(ch), 0) <= ems) return label;
  let out = '';
  for (const ch of chars) {
    if (used + width(ch) > ems - 1) break;
    used += width(ch);
    out += ch;
  }
  return `${out}…`;
}
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
function clean(svg: Element, spec: { id: string; title: string }, document: Document): string {
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

// ------------------------------------------------------------------------------------------------
// The evaluation's shapes (issue 7): bars by group with one or several labelled bars per group, and a
// line per series over months. Values may be withheld (suppression of small groups): a withheld bar is
// a gap with "X" written in it, a withheld month is a break in the line with "X" on the axis.

export interface GroupedBar {
  /** What the bar is ("★1", "Applying"); written next to the value when a group has several bars. */
  label: string;
  /** null: withheld (drawn as a gap marked "X"). */
  value: number | null;
  /** The value as people read it ("61.2%", "1,234"); ignored when withheld. */
  valueText: string;
}

export interface GroupedBarSpec {
  id: string;
  title: string;
  groups: { label: string; bars: GroupedBar[] }[];
  /** The scale's end; defaults to the largest value (at least 1). */
  max?: number;
  tickSuffix?: string;
  /** Counts: ticks on whole numbers only. */
  integer?: boolean;
  /** Written where a value is withheld ("X"). */
  withheldText: string;
}

const LINE = 22;
const BAR_H = 16;

/**
 * Horizontal bars by group. One bar per group with short labels: the label at the left of its bar.
 * Otherwise each group's label sits on its own line above its bars, and each bar says what it is.
 * Values are written after the end of each bar, or inside it in white when the bar is nearly full.
 */
export function groupedBarsSvg(spec: GroupedBarSpec): string {
  const values = spec.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const max = spec.max ?? Math.max(1, ...values);
  const single = spec.groups.every((g) => g.bars.length === 1);
  const longest = Math.max(0, ...spec.groups.map((g) => [...g.label].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  // Label-left layout when every label fits in 96 px (about 13 half-width or 6 full-width characters).
  const labelLeft = single && longest <= 13;
  const marginLeft = labelLeft ? Math.min(100, longest * (FONT_SIZE / 2) + 10) : MARGIN_X;
  type Row = { key: string; kind: 'label' | 'bar'; text: string; value: number; withheld: boolean; barLabel: string; inside: boolean };
  const rows: Row[] = [];
  spec.groups.forEach((g, gi) => {
    if (!labelLeft) rows.push({ key: `g${gi}`, kind: 'label', text: g.label, value: 0, withheld: false, barLabel: '', inside: false });
    g.bars.forEach((b, bi) => {
      const withheld = b.value === null;
      const text = withheld ? spec.withheldText : b.valueText;
      const barLabel = labelLeft ? text : g.bars.length > 1 ? `${b.label}　${text}` : text;
      rows.push({ key: `g${gi}b${bi}`, kind: 'bar', text: labelLeft ? g.label : '', value: b.value ?? 0, withheld, barLabel, inside: !withheld && (b.value ?? 0) / max > 0.72 });
    });
  });
  const barRows = rows.filter((r) => r.kind === 'bar');
  const labelRows = rows.filter((r) => r.kind === 'label');
  const height = rows.length * LINE + AXIS_HEIGHT + 4;
  const document = domDocument();
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: CHART_WIDTH,
    height,
    marginLeft,
    marginRight: MARGIN_RIGHT,
    marginTop: 4,
    marginBottom: AXIS_HEIGHT,
    x: { domain: [0, max], label: null, ticks: spec.integer && max <= 5 ? Array.from({ length: Math.floor(max) + 1 }, (_, i) => i) : 4, tickFormat: (v: number) => `${v}${spec.tickSuffix ?? ''}` },
    y: { domain: rows.map((r) => r.key), axis: null, padding: 0 },
    marks: [
      Plot.barX(barRows.filter((r) => !r.withheld), { y: 'key', x1: 0, x2: 'value', fill: '#0017c1', insetTop: (LINE - BAR_H) / 2, insetBottom: (LINE - BAR_H) / 2 }),
      // A withheld value: an outlined empty box the height of a bar, with "X" in it.
      Plot.barX(barRows.filter((r) => r.withheld), { y: 'key', x1: 0, x2: max * 0.08, fill: 'white', stroke: '#1a1a1a', strokeDasharray: '3,2', insetTop: (LINE - BAR_H) / 2, insetBottom: (LINE - BAR_H) / 2 }),
      Plot.ruleX([0], { stroke: '#1a1a1a' }),
      Plot.text(barRows.filter((r) => !r.inside), { y: 'key', x: (r: Row) => (r.withheld ? max * 0.08 : r.value), text: 'barLabel', textAnchor: 'start', dx: 4, fill: '#1a1a1a', fontSize: FONT_SIZE }),
      Plot.text(barRows.filter((r) => r.inside), { y: 'key', x: 'value', text: 'barLabel', textAnchor: 'end', dx: -4, fill: 'white', fontSize: FONT_SIZE, fontWeight: 700 }),
      labelLeft
        ? Plot.text(barRows, { y: 'key', x: 0, text: 'text', textAnchor: 'end', dx: -6, fill: '#1a1a1a', fontSize: FONT_SIZE })
        : Plot.text(labelRows, { y: 'key', x: 0, text: (r: Row) => fitLabel(r.text, (CHART_WIDTH - MARGIN_X - MARGIN_RIGHT) / FONT_SIZE), textAnchor: 'start', fill: '#1a1a1a', fontSize: FONT_SIZE, fontWeight: 700 }),
    ],
  });
  return clean(svg as unknown as Element, spec, document as unknown as Document);
}

export interface LineSeries {
  label: string;
  /** One per month; null: withheld or nothing to show (a break in the line). */
  values: (number | null)[];
}

export interface LineChartSpec {
  id: string;
  title: string;
  /** 'YYYY-MM', in order. */
  months: string[];
  series: LineSeries[];
  max?: number;
  tickSuffix?: string;
  withheldText: string;
}

/** Each series has its own marker shape and dash pattern, in this order: the legend repeats them. */
export const LINE_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'] as const;
export const LINE_DASHES = ['none', '6,3', '2,3', '8,3,2,3', '1,2', '10,2'] as const;

/** One line per series over months, markers on every point, withheld months marked "X" above the axis. */
export function lineChartSvg(spec: LineChartSpec): string {
  const dates = spec.months.map((m) => new Date(`${m}-01T00:00:00Z`));
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = spec.max ?? Math.max(1, ...values);
  type Pt = { x: Date; y: number | null; s: number };
  const points: Pt[] = spec.series.flatMap((s, si) => s.values.map((y, i) => ({ x: dates[i]!, y, s: si })));
  const withheld = points.filter((p) => p.y === null);
  const document = domDocument();
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: CHART_WIDTH,
    height: 220,
    marginLeft: 52,
    marginRight: 30,
    marginTop: 12,
    marginBottom: AXIS_HEIGHT,
    // At most three dated ticks (first, middle, last): "2026-04" needs about 60 px.
    x: { type: 'utc', label: null, ticks: dates.length <= 3 ? dates : [dates[0]!, dates[Math.floor((dates.length - 1) / 2)]!, dates[dates.length - 1]!], tickFormat: (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`, inset: 12 },
    y: { domain: [0, max], label: null, ticks: 4, grid: true, tickFormat: (v: number) => `${v}${spec.tickSuffix ?? ''}` },
    marks: [
      ...spec.series.map((_, si) =>
        Plot.line(points.filter((p) => p.s === si), { x: 'x', y: (p: Pt) => p.y ?? NaN, stroke: '#0017c1', strokeWidth: 2, strokeDasharray: LINE_DASHES[si % LINE_DASHES.length] }),
      ),
      ...spec.series.map((_, si) =>
        Plot.dot(points.filter((p) => p.s === si && p.y !== null), { x: 'x', y: 'y', symbol: LINE_SYMBOLS[si % LINE_SYMBOLS.length], r: 4, fill: 'white', stroke: '#0017c1', strokeWidth: 2 }),
      ),
      Plot.text(withheld.filter((p, i) => withheld.findIndex((q) => q.x.getTime() === p.x.getTime()) === i), { x: 'x', y: 0, text: () => spec.withheldText, dy: -8, fill: '#1a1a1a', fontSize: FONT_SIZE, fontWeight: 700 }),
    ],
  });
  return clean(svg as unknown as Element, spec, document as unknown as Document);
}

/** The sample of a series' marker and dash for an HTML legend (decorative: the legend's text says it). */
export function lineLegendSampleSvg(index: number): string {
  const document = domDocument();
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: 40,
    height: 16,
    margin: 0,
    x: { domain: [0, 40], axis: null },
    y: { domain: [0, 16], axis: null },
    marks: [
      Plot.line([{ x: 2, y: 8 }, { x: 38, y: 8 }], { x: 'x', y: 'y', stroke: '#0017c1', strokeWidth: 2, strokeDasharray: LINE_DASHES[index % LINE_DASHES.length] }),
      Plot.dot([{ x: 20, y: 8 }], { x: 'x', y: 'y', symbol: LINE_SYMBOLS[index % LINE_SYMBOLS.length], r: 4, fill: 'white', stroke: '#0017c1', strokeWidth: 2 }),
    ],
  }) as unknown as Element;
  for (const s of [...svg.querySelectorAll('style')]) s.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    el.removeAttribute('class');
    el.removeAttribute('style');
    el.removeAttribute('aria-label');
  }
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  return svg.outerHTML;
}
