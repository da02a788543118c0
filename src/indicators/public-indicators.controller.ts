import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { FunnelDto, FunnelQueryDto, IndicatorQueryDto, IndicatorReportDto } from './dto/indicator.dto';
import { funnelKey } from './indicator-funnel';
import { filtersOf, IndicatorService, onlyIndicators, requestedIndicators } from './indicator.service';
import { parsePeriod, parseScope } from './indicator-query';

@ApiTags('public')
@Controller('public/indicators')
@Public('Published indicators are frozen aggregates with small numbers suppressed, for everyone (DOMAIN.md: the public reads them)')
export class PublicIndicatorsController {
  constructor(private readonly indicators: IndicatorService) {}

  @Get()
  @ApiOperation({ summary: 'Published indicators of a period (frozen, small numbers suppressed); one breakdown filter at a time' })
  @ApiOkResponse({ type: IndicatorReportDto })
  async report(@Query() query: IndicatorQueryDto): Promise<IndicatorReportDto> {
    const period = parsePeriod(query.period);
    const report = await this.indicators.publishedReport(period, parseScope(query.scope ?? 'national'), filtersOf(query));
    if (!report) throw new NotFoundProblem(`Published indicators for ${period.key} and this scope`);
    return onlyIndicators(report, requestedIndicators(query));
  }

  @Get('funnel')
  @ApiOperation({ summary: 'A published funnel plot of a period' })
  @ApiOkResponse({ type: FunnelDto })
  async funnel(@Query() query: FunnelQueryDto): Promise<FunnelDto> {
    const figure = funnelKey(query.indicator, query.part);
    if (!figure) throw new ValidationProblem([{ pointer: '/indicator', detail: `No funnel plot for ${query.indicator}` }]);
    const published = await this.indicators.publishedFunnel(parsePeriod(query.period), filtersOf(query), figure);
    if (!published) throw new NotFoundProblem(`A published funnel for ${query.period}`);
    return published.funnel;
  }
}
