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
  /** The words inside the picture (legends, zone names, the text alternative); English unless given (the results pages give theirs). */
  words?: FunnelWords;
  /** Number format of the axes and texts (decimal comma for nb/nn); English unless given. */
  numberLocale?: ChartNumberLocale;
  /** Prefix of the ids of the picture's <title> and <desc>, unique within a page that shows several pictures. */
  idPrefix?: string;
  /** An institution drawn with a ring and its name (the viewer's own, on staff pages). */
  highlight?: string;
}

/** The words a funnel picture uses, in one language. */
export interface FunnelWords {
  zones: Record<Zone, string>;
  zone: string;
  controlLimits: string;
  limits95: string;
  limits998: string;
  institution: string;
  states: readonly [within: string, outside95: string, outside998: string];
  coverage: string;
  lowCoverage: string;
  fullCoverage: string;
  nationalValue: string;
  /** The text alternative, from the parts below; {placeholders} filled by the picture. */
  describe: {
    intro: string;
    institutionOne: string;
    institutionMany: string;
    hiddenOne: string;
    hiddenMany: string;
    pointLowCoverage: string;
    above: string;
    below: string;
    none: string;
    outside95Only: string;
    lowCoverage: string;
    zones: string;
    zoneRange: string;
  };
}

/** Vega's number locale (d3-format): decimal and thousands separators. */
export interface ChartNumberLocale {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
}

export const ENGLISH_FUNNEL_WORDS: FunnelWords = {
  zones: { below_minimum: 'Below minimum', minimum_met: 'Minimum met', target_met: 'Target met' },
  zone: 'Zone',
  controlLimits: 'Control limits',
  limits95: '95% limits',
  limits998: '99.8% limits',
  institution: 'Institution',
  states: ['Within the 95% limits', 'Outside the 95% limits', 'Outside the 99.8% limits'],
  coverage: 'Coverage',
  lowCoverage: 'Below the warning level',
  fullCoverage: 'Adequate or unknown',
  nationalValue: 'National value',
  describe: {
    intro: 'Funnel plot of {title}: {count} {institutions} against the national value {target} with 95% and 99.8% control limits.',
    institutionOne: 'institution',
    institutionMany: 'institutions',
    hiddenOne: '{count} institution is not shown: too few episodes to publish.',
    hiddenMany: '{count} institutions are not shown: too few episodes to publish.',
    pointLowCoverage: 'coverage below the warning level',
    above: 'Above the 99.8% limit: {names}.',
    below: 'Below the 99.8% limit: {names}.',
    none: 'No institution lies outside the 99.8% limits.',
    outside95Only: 'Outside the 95% limits only: {names}.',
    lowCoverage: 'Coverage below the warning level, so the figure may not represent all patients: {names}.',
    zones: 'Shaded zones: {zones}.',
    zoneRange: '{zone} from {from} to {to}',
  },
};

const WIDTH = 640;
const HEIGHT = 400;

/**
 * Colour-blind safe: light orange, grey and blue (no red against green), and every zone is named in
 * the picture as well; point states differ by shape (circle, square, diamond) as well as colour
 * (Okabe–Ito grey, blue, vermillion).
 */
export const ZONE_COLOURS: Record<Zone, string> = { below_minimum: '#fdd9b5', minimum_met: '#ececec', target_met: '#cfe3f3' };
export const STATE_COLOURS = ['#4a4a4a', '#0072b2', '#d55e00'] as const;
export const STATE_SHAPES = ['circle', 'square', 'diamond'] as const;

interface Band {
  zone: Zone;
  from: number;
  to: number;
}

/** The Vega-Lite specification of a funnel plot, and the text that describes it. */
export function funnelChartSpec(funnel: FunnelDto, labels: FunnelChartLabels): { spec: TopLevelSpec; description: string } {
  const words = labels.words ?? ENGLISH_FUNNEL_WORDS;
  const format = valueFormatter(labels.numberLocale);
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
  const description = describeFunnel(funnel, points, labels.title, bands, words, format);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: labels.title,
    description,
    width: WIDTH,
    height: HEIGHT,
    config: chartConfig(labels.numberLocale),
    layer: [
      ...zoneLayers(bands, axes, words),
      limitLayer(curve, axes, words),
      nationalValueLayer(funnel.target, axes, words, format),
      pointLayer(points, axes, words, format),
      ...highlightLayer(points, axes, labels.highlight),
    ],
  };
  return { spec, description };
}

/** What every chart of the register shares: the font, the frame and the number format of its language. */
export function chartConfig(numberLocale?: ChartNumberLocale): NonNullable<TopLevelSpec['config']> {
  return {
    font: 'sans-serif',
    view: { stroke: '#666' },
    legend: { labelLimit: 240 },
    ...(numberLocale ? { locale: { number: numberLocale } } : {}),
  };
}

/** One layer of a layered chart (the package exports only the top-level type). */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

interface Axes {
  x: { field: 'n'; type: 'quantitative'; title: string; scale: { domain: number[]; nice: boolean } };
  y: { field: 'value'; type: 'quantitative'; title: string; scale: { domain: number[]; nice: boolean; zero: boolean } };
}

/** The zones as shaded bands across the plot, each named at its right end. */
function zoneLayers(bands: Band[], { y }: Axes, words: FunnelWords): Layer[] {
  if (!bands.length) return [];
  const value = (field: string) => ({ field, type: 'quantitative' as const, title: y.title, scale: y.scale });
  return [
    {
      data: { values: bands.map((b) => ({ ...b, name: words.zones[b.zone] })) },
      mark: { type: 'rect', aria: false },
      encoding: {
        y: value('from'),
        y2: { field: 'to' },
        fill: {
          field: 'name',
          type: 'nominal',
          title: words.zone,
          scale: { domain: bands.map((b) => words.zones[b.zone]), range: bands.map((b) => ZONE_COLOURS[b.zone]) },
        },
      },
    },
    {
      data: { values: bands.map((b) => ({ name: words.zones[b.zone], middle: (b.from + b.to) / 2 })) },
      mark: { type: 'text', align: 'right', fontSize: 11, fill: '#333', aria: false },
      encoding: { x: { value: WIDTH - 6 }, y: value('middle'), text: { field: 'name' } },
    },
  ];
}

/** The 95% (dashed) and 99.8% (solid) limits, lower and upper. */
function limitLayer(curve: FunnelLimits[], { x, y }: Axes, words: FunnelWords): Layer {
  const limits = curve.flatMap((l) => [
    { n: l.n, value: l.lower95, limit: words.limits95, side: 'lower' },
    { n: l.n, value: l.upper95, limit: words.limits95, side: 'upper' },
    { n: l.n, value: l.lower998, limit: words.limits998, side: 'lower' },
    { n: l.n, value: l.upper998, limit: words.limits998, side: 'upper' },
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
        title: words.controlLimits,
        scale: {
          domain: [words.limits95, words.limits998],
          range: [
            [6, 4],
            [1, 0],
          ],
        },
      },
    },
  };
}

function nationalValueLayer(target: number, { y }: Axes, words: FunnelWords, format: (v: number) => string): Layer {
  return {
    data: { values: [{ value: target, label: `${words.nationalValue} ${format(target)}` }] },
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
function pointLayer(points: FunnelPointDto[], { x, y }: Axes, words: FunnelWords, format: (v: number) => string): Layer {
  const state = { field: 'state', type: 'nominal' as const, title: words.institution };
  // INDICATORS.md: institutions with coverage below the warning level are shown as such beside their results.
  const coverage = points.some((p) => p.lowCoverage)
    ? {
        opacity: {
          field: 'coverage',
          type: 'ordinal' as const,
          title: words.coverage,
          scale: { domain: [words.lowCoverage, words.fullCoverage], range: [0.35, 1] },
        },
      }
    : {};
  return {
    data: {
      values: points.map((p) => ({
        n: p.n,
        value: p.value,
        name: p.name,
        state: words.states[stateIndex(p)],
        coverage: p.lowCoverage ? words.lowCoverage : words.fullCoverage,
        text: `${p.name}: ${format(p.value!)} (n = ${p.n}${p.lowCoverage ? `; ${words.describe.pointLowCoverage}` : ''})`,
      })),
    },
    layer: [
      {
        // Each point is labelled for screen readers; with no point shown (all hidden), Vega would still
        // draw an empty, unlabelled graphics group, which axe rightly refuses.
        mark: { type: 'point', filled: true, size: 70, stroke: '#000', strokeWidth: 0.6, clip: true, aria: points.length > 0 },
        encoding: {
          x,
          y,
          shape: { ...state, scale: { domain: [...words.states], range: [...STATE_SHAPES] } },
          color: { ...state, scale: { domain: [...words.states], range: [...STATE_COLOURS] } },
          ...coverage,
          description: { field: 'text' },
          tooltip: { field: 'text' },
        },
      },
      {
        transform: [{ filter: { field: 'state', equal: words.states[2] } }],
        mark: { type: 'text', align: 'left', dx: 7, fontSize: 11, aria: false },
        encoding: { x, y, text: { field: 'name' } },
      },
    ],
  };
}

/** A ring around one institution and its name beside it, so the viewer finds their own point without colour. */
function highlightLayer(points: FunnelPointDto[], { x, y }: Axes, institutionId: string | undefined): Layer[] {
  const own = points.filter((p) => p.institutionId === institutionId);
  if (!own.length) return [];
  return [
    {
      // Points outside 99.8% are named already (pointLayer); the ring is enough there.
      data: { values: own.map((p) => ({ n: p.n, value: p.value, name: p.flagged ? '' : p.name })) },
      layer: [
        {
          mark: { type: 'point', shape: 'circle', size: 420, filled: false, stroke: '#000', strokeWidth: 2.5, aria: false },
          encoding: { x, y },
        },
        {
          mark: { type: 'text', align: 'left', dx: 14, dy: -10, fontSize: 12, fontWeight: 'bold', aria: false },
          encoding: { x, y, text: { field: 'name' } },
        },
      ],
    },
  ];
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
  return renderChartSvg(spec, labels.title, description, labels.idPrefix ?? 'funnel');
}

/**
 * Draws a Vega-Lite chart as SVG with its <title> and <desc> first (ids `<idPrefix>-title` and
 * `<idPrefix>-desc`), so the picture has a name and a text alternative wherever it is shown. The
 * marks inside are hidden from assistive technology: the description and the table beside the
 * picture say what they show.
 */
export async function renderChartSvg(spec: TopLevelSpec, title: string, description: string, idPrefix: string): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg.replace(
    /^<svg([^>]*)>/,
    `<svg$1 role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc"><title id="${idPrefix}-title">${escapeXml(title)}</title><desc id="${idPrefix}-desc">${escapeXml(description)}</desc>`,
  );
}

/** 0 within the 95% limits, 1 outside them, 2 outside the 99.8% limits. */
function stateIndex(p: FunnelPointDto): 0 | 1 | 2 {
  if (p.flagged) return 2;
  return p.outside95 ? 1 : 0;
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
function describeFunnel(
  funnel: FunnelDto,
  points: FunnelPointDto[],
  title: string,
  bands: Band[],
  words: FunnelWords,
  format: (v: number) => string,
): string {
  const d = words.describe;
  const names = (ps: FunnelPointDto[]) => ps.map((p) => `${p.name} (${format(p.value!)}, n = ${p.n})`).join('; ');
  const above = points.filter((p) => p.flagged && p.value! > funnel.target);
  const below = points.filter((p) => p.flagged && p.value! < funnel.target);
  const hidden = funnel.points.length - points.length;
  const only95 = points.filter((p) => p.outside95 && !p.flagged);
  const low = points.filter((p) => p.lowCoverage);
  return [
    fillIn(d.intro, {
      title,
      count: points.length,
      institutions: points.length === 1 ? d.institutionOne : d.institutionMany,
      target: format(funnel.target),
    }),
    hidden ? fillIn(hidden === 1 ? d.hiddenOne : d.hiddenMany, { count: hidden }) : '',
    above.length ? fillIn(d.above, { names: names(above) }) : '',
    below.length ? fillIn(d.below, { names: names(below) }) : '',
    !above.length && !below.length && points.length ? d.none : '',
    only95.length ? fillIn(d.outside95Only, { names: names(only95) }) : '',
    low.length ? fillIn(d.lowCoverage, { names: names(low) }) : '',
    bands.length
      ? fillIn(d.zones, {
          zones: bands
            .map((b) => fillIn(d.zoneRange, { zone: words.zones[b.zone].toLowerCase(), from: format(b.from), to: format(b.to) }))
            .join(', '),
        })
      : '',
    funnel.note ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

function fillIn(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** Three significant digits, with the language's decimal sign. */
export function valueFormatter(numberLocale?: ChartNumberLocale): (value: number) => string {
  return (value) => {
    const text = Number(value.toPrecision(3)).toString();
    return numberLocale ? text.replace('.', numberLocale.decimal) : text;
  };
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
