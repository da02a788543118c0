/**
 * The results pages' pictures besides the funnel: institutions as bars, and a trend over periods.
 * Vega-Lite specifications built here (pure), drawn on the server by the funnel's renderer
 * (renderChartSvg). Colour-blind safe colours (Okabe–Ito), and every state differs by shape or
 * line pattern as well: zones by the marker at the bar's end (▼ below minimum, ● minimum met,
 * ▲ target met), series by dash. Each picture has a <title> and a <desc> that say what it shows;
 * the table beside it has the numbers.
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { BoundedCache } from '../indicators/bounded-cache';
import { chartConfig, renderChartSvg, type ChartNumberLocale } from '../indicators/charts/funnel-chart';
import type { Zone } from '../indicators/settings/indicator-targets';

/** Zone colours of marks (stronger than the funnel's shaded bands) and their shapes. */
export const ZONE_MARKS: Record<Zone | 'none', { colour: string; shape: string; symbol: string }> = {
  below_minimum: { colour: '#e69f00', shape: 'triangle-down', symbol: '▼' },
  minimum_met: { colour: '#7a7a7a', shape: 'circle', symbol: '●' },
  target_met: { colour: '#0072b2', shape: 'triangle-up', symbol: '▲' },
  none: { colour: '#56b4e9', shape: 'square', symbol: '■' },
};

const SERIES_COLOURS = ['#000000', '#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00'];
const SERIES_DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
  [1, 3],
];

export interface ChartText {
  title: string;
  description: string;
  valueAxis: string;
  idPrefix: string;
  numberLocale: ChartNumberLocale;
  /** Legend titles and the zone names, in the page's language. */
  zoneTitle: string;
  zoneNames: Record<Zone | 'none', string>;
}

export interface Bar {
  name: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
  zone: Zone | null;
  /** Coverage below the warning level: drawn faded. */
  lowCoverage: boolean;
  /** The own institution, on staff pages: outlined. */
  highlighted?: boolean;
}

/** Institutions as horizontal bars, largest first, with their CI and a zone marker; the national value as a rule. */
export function barChartSpec(bars: readonly Bar[], national: number | null, text: ChartText): TopLevelSpec {
  const zoneKeys = (['below_minimum', 'minimum_met', 'target_met', 'none'] as const).filter((z) =>
    bars.some((b) => (b.zone ?? 'none') === z),
  );
  const values = bars.map((b) => ({
    ...b,
    zoneName: text.zoneNames[b.zone ?? 'none'],
    opacity: b.lowCoverage ? 0.4 : 1,
    stroke: b.highlighted ? 2.5 : 0,
  }));
  // Largest first, the same order in every layer (a sort by value would not carry across layers).
  const order = [...bars].sort((a, b) => b.value - a.value).map((b) => b.name);
  const y = { field: 'name', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 220 } };
  const x = { field: 'value', type: 'quantitative' as const, title: text.valueAxis };
  const zone = {
    field: 'zoneName',
    type: 'nominal' as const,
    title: text.zoneTitle,
    scale: { domain: zoneKeys.map((z) => text.zoneNames[z]), range: zoneKeys.map((z) => ZONE_MARKS[z].colour) },
  };
  const shapes = { ...zone, scale: { domain: zone.scale.domain, range: zoneKeys.map((z) => ZONE_MARKS[z].shape) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: text.title,
    description: text.description,
    width: 560,
    height: { step: 22 },
    config: chartConfig(text.numberLocale),
    layer: [
      {
        data: { values },
        mark: { type: 'bar', aria: false, stroke: '#000' },
        encoding: {
          y,
          x,
          color: zone,
          opacity: { field: 'opacity', type: 'quantitative', scale: null, legend: null },
          strokeWidth: { field: 'stroke', type: 'quantitative', scale: null, legend: null },
        },
      },
      {
        data: { values: values.filter((v) => v.ciLow !== null && v.ciHigh !== null) },
        mark: { type: 'rule', color: '#000', aria: false },
        encoding: { y, x: { field: 'ciLow', type: 'quantitative' }, x2: { field: 'ciHigh' } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 60, stroke: '#000', strokeWidth: 0.6, aria: false },
        encoding: { y, x, shape: shapes, color: zone },
      },
      ...(national === null
        ? []
        : [
            {
              data: { values: [{ national }] },
              mark: { type: 'rule' as const, color: '#1f4e79', strokeDash: [4, 2], strokeWidth: 1.5, aria: false },
              encoding: { x: { field: 'national', type: 'quantitative' as const } },
            },
          ]),
    ],
  };
}

export interface TrendPoint {
  series: string;
  period: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
}

/** Each series as a line over the periods, with its 95% CI as a band; series differ by dash and colour. */
export function trendChartSpec(points: readonly TrendPoint[], periodAxis: string, seriesTitle: string, text: ChartText): TopLevelSpec {
  const series = [...new Set(points.map((p) => p.series))];
  const periods = [...new Set(points.map((p) => p.period))].sort();
  const colour = {
    field: 'series',
    type: 'nominal' as const,
    title: seriesTitle,
    scale: { domain: series, range: series.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]) },
  };
  const x = { field: 'period', type: 'ordinal' as const, title: periodAxis, scale: { domain: periods }, axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: text.title,
    description: text.description,
    width: 560,
    height: 280,
    config: chartConfig(text.numberLocale),
    layer: [
      {
        data: { values: points.filter((p) => p.ciLow !== null && p.ciHigh !== null) },
        mark: { type: 'area', opacity: 0.15, aria: false },
        encoding: {
          x,
          y: { field: 'ciLow', type: 'quantitative', title: text.valueAxis, scale: { zero: false } },
          y2: { field: 'ciHigh' },
          color: { ...colour, legend: null },
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', point: { filled: true, size: 40 }, aria: false },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: text.valueAxis, scale: { zero: false } },
          color: colour,
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: seriesTitle,
            scale: { domain: series, range: series.map((_, i) => SERIES_DASHES[i % SERIES_DASHES.length]) },
          },
        },
      },
    ],
  };
}

/** Pictures by what they show: public pages draw the same frozen figures again and again. */
const DRAWN = new BoundedCache<string>(256);

export async function drawChart(spec: TopLevelSpec, text: Pick<ChartText, 'title' | 'description' | 'idPrefix'>): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([spec, text.idPrefix]))
    .digest('base64');
  const drawn = DRAWN.get(key);
  if (drawn !== undefined) return drawn;
  const svg = await renderChartSvg(spec, text.title, text.description, text.idPrefix);
  DRAWN.set(key, svg);
  return svg;
}
