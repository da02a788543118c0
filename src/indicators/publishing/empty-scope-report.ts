/**
 * The published report of a scope that had no episodes in a breakdown, or none at all (an
 * institution that registered nothing and was not expected to): every figure resting on episodes
 * is suppressed as a small cell ('small_n'; zero is below the threshold), exactly as for a scope
 * whose few episodes are hidden, so the answer does not tell "none" from "a few". Built from the
 * publication's national report, whose definitions, parameters and targets are those published.
 */
import { emptySums } from '../cube/cube-cells';
import type { IndicatorReportDto } from '../dto/indicator.dto';
import { compact, computeIndicators, hide, suppressSmallFigures, type IndicatorResult } from '../indicator-engine';
import type { Filters } from '../indicator-query';
import { DEFAULT_INDICATOR_PARAMETERS } from '../settings/indicator-parameters';

export function emptyScopeReport(
  nationalTemplate: IndicatorReportDto,
  scope: IndicatorReportDto['scope'],
  filters: Filters,
): IndicatorReportDto {
  const published = nationalTemplate.indicators as unknown as IndicatorResult[];
  const empty = computeIndicators(
    { sums: emptySums(), residuals: null, los: [], wait: [] },
    { participation: null, coverage: null },
    { parameters: DEFAULT_INDICATOR_PARAMETERS, targets: {}, valueSet: nationalTemplate.valueSet, model: null, national: emptySums() },
    published.map((i) => i.id),
  );
  // Coverage shows the registered episodes, hidden where they are few (disclosure control), so here too.
  const hidden = suppressSmallFigures(empty, emptySums(), nationalTemplate.suppressionThreshold).map((f) =>
    f.id === 'completeness.coverage' ? hide(f, 'small_n') : f,
  );
  return compact({
    ...nationalTemplate,
    scope,
    filters,
    indicators: hidden.map((figure, k) => {
      const { title, definition, parameters, target, valueSet } = published[k];
      return { ...figure, title, definition, parameters, target, valueSet };
    }),
  }) as IndicatorReportDto;
}
