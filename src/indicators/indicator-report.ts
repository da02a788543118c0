/** What every indicator report says about itself, live or published, and cutting one down to some indicators. */
import type { IndicatorReportDto } from './dto/indicator.dto';
import type { IndicatorId } from './indicator-specs';
import type { Filters, Period } from './indicator-query';

export function reportHeader(
  period: Period,
  scope: IndicatorReportDto['scope'],
  filters: Filters,
  valueSet: { id: string; name: string },
  threshold: number,
) {
  return { period: period.key, periodFrom: period.from, periodTo: period.to, scope, filters, suppressionThreshold: threshold, valueSet };
}

/** A (published) report cut down to some indicators. */
export function onlyIndicators(report: IndicatorReportDto, ids: readonly IndicatorId[]): IndicatorReportDto {
  const wanted = new Set<string>(ids);
  return { ...report, indicators: report.indicators.filter((i) => wanted.has(i.id)) };
}
