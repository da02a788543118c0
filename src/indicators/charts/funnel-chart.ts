/**
 * A funnel plot as an SVG picture: each institution's value against the national value and its
 * 95% and 99.8% limits, the indicator's zones shaded (INDICATORS.md: "pictures shade the zones").
 * The chart is a Vega-Lite specification (built here, pure, tested) rendered by Vega on the server;
 * the picture carries a title and a text description of what it shows, for screen readers and
 * for anyone who cannot tell the colours apart (zones and point states are named in words too).
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { BoundedCache } from '../bounded-cache';
import type { FunnelDto, FunnelPointDto } from '../dto/indicator.dto';
import { indicatorSpec, type IndicatorId } from '../indicator-specs';
import { funnelCurve } from '../indicator-funnel';
import type { FunnelLimits } from '../statistics/funnel';
import type { Zone } from '../settings/indicator-targets';

export interface FunnelChartLabels {
  /** What the picture shows, e.g. "Change in EQ-5D index, 2026 (published, version 1)". */
  title: string;
  /** The value axis, e.g. "Mean change in EQ-5D index". */
  valueAxis: string;
  /** The n axis, e.g. "Episodes (n)". */
  nAxis: string;
}

const WIDTH = 640;
const HEIGHT = 400;

const ZONE_NAMES: Record<Zone, string> = { below_minimum: 'Below minimum', minimum_met: 'Minimum met', target_met: 'Target met' };
const ZONE_COLOURS: Record<Zone, string> = { below_minimum: '#f4c7c3', minimum_met: '#fce8b2', target_met: '#b7e1cd' };

type PointState = 'Within the 95% limits' | 'Outside the 95% limits' | 'Outside the 99.8% limits';
const POINT_STATES: readonly PointState[] = ['Within the 95% limits', 'Outside the 95% limits', 'Outside the 99.8% limits'];
const LOW_COVERAGE = 'Below the warning level';
const FULL_COVERAGE = 'Adequate or unknown';

interface Band {
  zone: Zone;
  from: number;
  to: number;
}

/** The Vega-Lite specification of a funnel plot, and the text that describes it. */
export function funnelChartSpec(funnel: FunnelDto, labels: FunnelChartLabels): { spec: TopLevelSpec; description: string } {
  const points = funnel.points.filter((p) => !p.suppressed && p.n !== null && p.value !== null);
  const largest = Math.max(10, ...points.map((p) => p.n!));
  const smallest = points.length ? Math.min(...points.map((p) => p.n!)) : 10;
  const curve = funnelCurve(funnel, Math.max(2, smallest / 2), largest * 1.08);
  const [low, high] = valueDomain(
    funnel,
    points,
    curve.filter((l) => l.n >= smallest),
  );
  const bands = zoneBands(funnel, low, high);
  const axes: Axes = {
    x: { field: 'n', type: 'quantitative', title: labels.nAxis, scale: { domain: [0, Math.ceil(largest * 1.08)], nice: false } },
    y: { field: 'value', type: 'quantitative', title: labels.valueAxis, scale: { domain: [low, high], nice: false, zero: false } },
  };
  const description = describeFunnel(funnel, points, labels, bands);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: labels.title,
    description,
    width: WIDTH,
    height: HEIGHT,
    config: { font: 'sans-serif', view: { stroke: '#666' }, legend: { labelLimit: 240 } },
    layer: [...zoneLayers(bands, axes), limitLayer(curve, axes), nationalValueLayer(funnel.target, axes), pointLayer(points, axes)],
  };
  return { spec, description };
}

/** One layer of a layered chart (the package exports only the top-level type). */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

interface Axes {
  x: { field: 'n'; type: 'quantitative'; title: string; scale: { domain: number[]; nice: boolean } };
  y: { field: 'value'; type: 'quantitative'; title: string; scale: { domain: number[]; nice: boolean; zero: boolean } };
}

/** The zones as shaded bands across the plot, each named at its right end. */
function zoneLayers(bands: Band[], { y }: Axes): Layer[] {
  if (!bands.length) return [];
  const value = (field: string) => ({ field, type: 'quantitative' as const, title: y.title, scale: y.scale });
  return [
    {
      data: { values: bands.map((b) => ({ ...b, name: ZONE_NAMES[b.zone] })) },
      mark: { type: 'rect', aria: false },
      encoding: {
        y: value('from'),
        y2: { field: 'to' },
        fill: {
          field: 'name',
          type: 'nominal',
          title: 'Zone',
          scale: { domain: bands.map((b) => ZONE_NAMES[b.zone]), range: bands.map((b) => ZONE_COLOURS[b.zone]) },
        },
      },
    },
    {
      data: { values: bands.map((b) => ({ name: ZONE_NAMES[b.zone], middle: (b.from + b.to) / 2 })) },
      mark: { type: 'text', align: 'right', fontSize: 11, fill: '#333', aria: false },
      encoding: { x: { value: WIDTH - 6 }, y: value('middle'), text: { field: 'name' } },
    },
  ];
}

/** The 95% (dashed) and 99.8% (solid) limits, lower and upper. */
function limitLayer(curve: FunnelLimits[], { x, y }: Axes): Layer {
  const limits = curve.flatMap((l) => [
    { n: l.n, value: l.lower95, limit: '95% limits', side: 'lower' },
    { n: l.n, value: l.upper95, limit: '95% limits', side: 'upper' },
    { n: l.n, value: l.lower998, limit: '99.8% limits', side: 'lower' },
    { n: l.n, value: l.upper998, limit: '99.8% limits', side: 'upper' },
  ]);
  return {
    data: { values: limits },
    mark: { type: 'line', clip: true, color: '#444', strokeWidth: 1.2, aria: false },
    encoding: {
      x,
      y,
      detail: { field: 'side' },
      strokeDash: {
        field: 'limit',
        type: 'nominal',
        title: 'Control limits',
        scale: {
          domain: ['95% limits', '99.8% limits'],
          range: [
            [6, 4],
            [1, 0],
          ],
        },
      },
    },
  };
}

function nationalValueLayer(target: number, { y }: Axes): Layer {
  return {
    data: { values: [{ value: target, label: `National value ${formatValue(target)}` }] },
    layer: [
      { mark: { type: 'rule', color: '#1f4e79', strokeWidth: 1.5, aria: false }, encoding: { y } },
      {
        mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -3, fontSize: 11, fill: '#1f4e79', aria: false },
        encoding: { x: { value: 4 }, y, text: { field: 'label' } },
      },
    ],
  };
}

/** Institutions: shape and colour by where they lie, each described for screen readers, those outside 99.8% named. */
function pointLayer(points: FunnelPointDto[], { x, y }: Axes): Layer {
  const state = { field: 'state', type: 'nominal' as const, title: 'Institution' };
  // INDICATORS.md: institutions with coverage below the warning level are shown as such beside their results.
  const coverage = points.some((p) => p.lowCoverage)
    ? {
        opacity: {
          field: 'coverage',
          type: 'ordinal' as const,
          title: 'Coverage',
          scale: { domain: [LOW_COVERAGE, FULL_COVERAGE], range: [0.35, 1] },
        },
      }
    : {};
  return {
    data: {
      values: points.map((p) => ({
        n: p.n,
        value: p.value,
        name: p.name,
        state: stateOf(p),
        coverage: p.lowCoverage ? LOW_COVERAGE : FULL_COVERAGE,
        text: `${p.name}: ${formatValue(p.value!)} (n = ${p.n}${p.lowCoverage ? '; coverage below the warning level' : ''})`,
      })),
    },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 70, stroke: '#000', strokeWidth: 0.6, clip: true },
        encoding: {
          x,
          y,
          shape: { ...state, scale: { domain: [...POINT_STATES], range: ['circle', 'square', 'diamond'] } },
          color: { ...state, scale: { domain: [...POINT_STATES], range: ['#4a4a4a', '#b26b00', '#c00000'] } },
          ...coverage,
          description: { field: 'text' },
          tooltip: { field: 'text' },
        },
      },
      {
        transform: [{ filter: `datum.state === '${POINT_STATES[2]}'` }],
        mark: { type: 'text', align: 'left', dx: 7, fontSize: 11, aria: false },
        encoding: { x, y, text: { field: 'name' } },
      },
    ],
  };
}

/** Pictures by what they show: the public route draws the same frozen funnels again and again, and a drawing costs far more than a lookup. */
const RENDERED = new BoundedCache<string>(128);

/** Renders the chart; Vega is loaded on first use so the service starts without it. */
export async function renderFunnelSvg(funnel: FunnelDto, labels: FunnelChartLabels): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([funnel, labels]))
    .digest('base64');
  const drawn = RENDERED.get(key);
  if (drawn !== undefined) return drawn;
  const svg = await drawFunnelSvg(funnel, labels);
  RENDERED.set(key, svg);
  return svg;
}

let vegaModules: Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite') }> | undefined;

/**
 * Vega has top-level await, so it cannot be require()d like the other ES-module-only packages:
 * it is imported on first use, once, and one after the other (Jest's ES-module loader can fail to
 * link a module that two concurrent imports share).
 */
function loadVega() {
  vegaModules ??= (async () => {
    const vega = await import('vega');
    const vegaLite = await import('vega-lite');
    return { vega, vegaLite };
  })();
  return vegaModules;
}

async function drawFunnelSvg(funnel: FunnelDto, labels: FunnelChartLabels): Promise<string> {
  const { spec, description } = funnelChartSpec(funnel, labels);
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // <title> and <desc> first, so the picture has a name and a text alternative wherever it is shown.
  return svg.replace(
    /^<svg([^>]*)>/,
    `<svg$1 role="img" aria-labelledby="funnel-title funnel-desc"><title id="funnel-title">${escapeXml(labels.title)}</title><desc id="funnel-desc">${escapeXml(description)}</desc>`,
  );
}

function stateOf(p: FunnelPointDto): PointState {
  if (p.flagged) return POINT_STATES[2];
  return p.outside95 ? POINT_STATES[1] : POINT_STATES[0];
}

/** The value axis: every point, the limits from the smallest institution on, and the national value; shares stay within 0–1. */
function valueDomain(funnel: FunnelDto, points: FunnelPointDto[], limits: { lower998: number; upper998: number }[]): [number, number] {
  const values = [funnel.target, ...points.map((p) => p.value!), ...limits.flatMap((l) => [l.lower998, l.upper998])];
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = (high - low || Math.abs(high) || 1) * 0.06;
  low -= pad;
  high += pad;
  if (funnel.kind === 'proportion') [low, high] = [Math.max(0, low), Math.min(1, high)];
  return [low, high];
}

/** The zones within the value axis, worst first, whichever direction is better. */
export function zoneBands(funnel: Pick<FunnelDto, 'zones'>, low: number, high: number): Band[] {
  const z = funnel.zones;
  if (!z) return [];
  const [a, b] = z.higherIsBetter ? [z.minimum, z.target] : [z.target, z.minimum];
  const ranges: Band[] = z.higherIsBetter
    ? [
        { zone: 'below_minimum', from: low, to: a },
        { zone: 'minimum_met', from: a, to: b },
        { zone: 'target_met', from: b, to: high },
      ]
    : [
        { zone: 'below_minimum', from: b, to: high },
        { zone: 'minimum_met', from: a, to: b },
        { zone: 'target_met', from: low, to: a },
      ];
  return ranges.map((r) => ({ ...r, from: Math.max(low, r.from), to: Math.min(high, r.to) })).filter((r) => r.to > r.from);
}

/** The text alternative: what is plotted, the national value, and which institutions lie outside the limits. */
function describeFunnel(funnel: FunnelDto, points: FunnelPointDto[], labels: FunnelChartLabels, bands: Band[]): string {
  const names = (ps: FunnelPointDto[]) => ps.map((p) => `${p.name} (${formatValue(p.value!)}, n = ${p.n})`).join('; ');
  const above = points.filter((p) => p.flagged && p.value! > funnel.target);
  const below = points.filter((p) => p.flagged && p.value! < funnel.target);
  const hidden = funnel.points.length - points.length;
  return [
    `Funnel plot of ${labels.title}: ${points.length} institution${points.length === 1 ? '' : 's'} against the national value ${formatValue(funnel.target)} with 95% and 99.8% control limits.`,
    hidden ? `${hidden} institution${hidden === 1 ? ' is' : 's are'} not shown: too few episodes to publish.` : '',
    above.length ? `Above the 99.8% limit: ${names(above)}.` : '',
    below.length ? `Below the 99.8% limit: ${names(below)}.` : '',
    !above.length && !below.length && points.length ? 'No institution lies outside the 99.8% limits.' : '',
    points.filter((p) => p.outside95 && !p.flagged).length
      ? `Outside the 95% limits only: ${names(points.filter((p) => p.outside95 && !p.flagged))}.`
      : '',
    points.some((p) => p.lowCoverage)
      ? `Coverage below the warning level, so the figure may not represent all patients: ${names(points.filter((p) => p.lowCoverage))}.`
      : '',
    bands.length
      ? `Shaded zones: ${bands.map((b) => `${ZONE_NAMES[b.zone].toLowerCase()} from ${formatValue(b.from)} to ${formatValue(b.to)}`).join(', ')}.`
      : '',
    funnel.note ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

function formatValue(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The picture of a funnel as served: titled with the indicator (and part), the period and where the figures come from. */
export function funnelPicture(funnel: FunnelDto, period: string, source: string): Promise<string> {
  const [indicator, part] = funnel.figure.split(':');
  const definition = indicatorSpec(indicator as IndicatorId);
  return renderFunnelSvg(funnel, {
    title: `${definition.title}${part ? ` (${part})` : ''}, ${period} (${source})`,
    valueAxis: definition.unit === 'share' ? `${definition.title}: share` : `${definition.title}: mean, ${definition.unit}`,
    nAxis: 'Episodes the figure rests on (n)',
  });
}
