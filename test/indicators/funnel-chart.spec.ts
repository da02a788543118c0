import type { FunnelDto, FunnelPointDto } from '../../src/indicators/dto/indicator.dto';
import { funnelChartSpec, renderFunnelSvg, zoneBands } from '../../src/indicators/charts/funnel-chart';
import { funnelCurve } from '../../src/indicators/indicator-funnel';
import { NO_OVERDISPERSION, proportionLimits } from '../../src/indicators/statistics/funnel';

function point(name: string, n: number, value: number, extra: Partial<FunnelPointDto> = {}): FunnelPointDto {
  const limits = proportionLimits(0.5, n);
  const flagged = value > limits.upper998 || value < limits.lower998;
  const outside95 = value > limits.upper95 || value < limits.lower95;
  return {
    institutionId: name,
    name,
    region: 'helse-vest',
    suppressed: false,
    n,
    value,
    limits,
    side: null,
    outside95,
    flagged,
    lowCoverage: null,
    ...extra,
  };
}

const FUNNEL: FunnelDto = {
  figure: 'outcome.home',
  kind: 'proportion',
  target: 0.5,
  sd: null,
  overdispersion: NO_OVERDISPERSION,
  note: null,
  zones: { minimum: 0.4, target: 0.6, higherIsBetter: true },
  points: [
    point('Nord & Co <HF>', 400, 0.62), // above the 99.8% limit (0.5 + 3.09·0.025 = 0.577)
    point('Vest', 200, 0.49),
    point('Sør', 900, 0.41), // below
    point('Midt', 120, 0.59, { lowCoverage: true }), // outside 95% only (0.5 + 1.96·0.0456 = 0.589)
    { ...point('Liten', 5, 0.2), suppressed: true, n: null, value: null, limits: null, outside95: null, flagged: null },
  ],
};
const LABELS = {
  title: 'Discharged home, 2026 (published, version 1)',
  valueAxis: 'Share discharged home',
  nAxis: 'Episodes with a known destination (n)',
};

describe('funnel plot pictures', () => {
  it('draws its limit curves with the functions that give each institution its limits', () => {
    const curve = funnelCurve(FUNNEL, 2, 1000);
    expect(curve[0].n).toBe(2);
    expect(curve[curve.length - 1].n).toBe(1000);
    const at400 = curve.find((l) => l.n === 400) ?? proportionLimits(0.5, 400);
    expect(at400).toEqual(FUNNEL.points[0].limits);
    for (const l of curve) expect(l).toEqual(proportionLimits(0.5, l.n));
  });

  it('describes in words what the picture shows: national value, institutions outside the limits, hidden ones, zones', () => {
    const { description } = funnelChartSpec(FUNNEL, LABELS);
    expect(description).toContain('4 institutions against the national value 0.5');
    expect(description).toContain('1 institution is not shown');
    expect(description).toContain('Above the 99.8% limit: Nord & Co <HF> (0.62, n = 400)');
    expect(description).toContain('Below the 99.8% limit: Sør (0.41, n = 900)');
    expect(description).toContain('Outside the 95% limits only: Midt (0.59, n = 120)');
    expect(description).toContain('Shaded zones: below minimum from');
    expect(description).toContain('Coverage below the warning level, so the figure may not represent all patients: Midt (0.59, n = 120).');
  });

  it('shades the zones worst first, whichever direction is better, within the value axis', () => {
    expect(zoneBands(FUNNEL, 0.3, 0.7)).toEqual([
      { zone: 'below_minimum', from: 0.3, to: 0.4 },
      { zone: 'minimum_met', from: 0.4, to: 0.6 },
      { zone: 'target_met', from: 0.6, to: 0.7 },
    ]);
    // waiting time in days: lower is better; the axis starts above the target
    expect(zoneBands({ zones: { minimum: 30, target: 14, higherIsBetter: false } }, 20, 60)).toEqual([
      { zone: 'below_minimum', from: 30, to: 60 },
      { zone: 'minimum_met', from: 20, to: 30 },
    ]);
    expect(zoneBands({ zones: null }, 0, 1)).toEqual([]);
  });

  it('renders an SVG with a title and a text alternative, names escaped', async () => {
    const svg = await renderFunnelSvg(FUNNEL, LABELS);
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="funnel-title funnel-desc"><title id="funnel-title">Discharged home, 2026/);
    expect(svg).toContain('<desc id="funnel-desc">Funnel plot of');
    expect(svg).toContain('Nord &amp; Co &lt;HF&gt;');
    expect(svg).not.toContain('<HF>');
    expect(svg).toContain('Target met');
    expect(svg).toContain('National value 0.5');
    expect(svg).toContain('Midt: 0.59 (n = 120; coverage below the warning level)');
    expect(svg).toContain('Below the warning level');
  });
});
