/** What every indicator report says about itself, live or published, and cutting one down to some indicators. */
import type { IndicatorReportDto } from './dto/indicator.dto';
import type { IndicatorId } from './indicator-specs';
import { languageFromAcceptLanguage, type Language } from '../common/languages';
import { RESULTS_MESSAGES } from '../results/results-messages';
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

/**
 * The report with its human texts (each indicator's title and definition) in `language` (issue 22):
 * `lang` first, then Accept-Language, English when neither names one of ours. Field names stay English.
 */
export function inLanguage(report: IndicatorReportDto, lang: Language | undefined, acceptLanguage: string | undefined): IndicatorReportDto {
  const language =
    lang ?? (acceptLanguage && /\b(nb|nn|no|en)\b/i.test(acceptLanguage) ? languageFromAcceptLanguage(acceptLanguage) : 'en');
  if (language === 'en') return report;
  const texts = RESULTS_MESSAGES[language].indicators;
  return {
    ...report,
    indicators: report.indicators.map((i) => {
      const own = texts[i.id as IndicatorId];
      return own ? { ...i, title: own.title, definition: own.definition } : i;
    }),
  };
}
