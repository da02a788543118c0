import { Controller, Get, Header, Headers, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorators';
import { FunnelQueryDto, FunnelReportDto, IndicatorQueryDto, IndicatorReportDto } from '../dto/indicator.dto';
import { NotFoundProblem } from '../../common/problem';
import { funnelPicture } from '../charts/funnel-chart';
import { LiveFunnelService } from './live-funnel.service';
import { LiveReportService } from './live-report.service';
import { inLanguage } from '../indicator-report';

@ApiTags('indicators')
@Controller('indicators')
@Allow('admin', 'staff', 'api_client')
export class IndicatorsController {
  constructor(
    private readonly reports: LiveReportService,
    private readonly funnels: LiveFunnelService,
  ) {}

  @Get()
  @ApiNotFoundResponse({
    description:
      "Nothing is published for the period (another institution's figures), the institution does not exist, or the scope is malformed",
  })
  @ApiOperation({
    summary: 'All quality indicators of a scope and period, with their definitions',
    description:
      'Live figures for the nation, a region or your own institution; another institution only as published. ' +
      'Figures resting on fewer episodes than the suppression threshold are suppressed (no value). ' +
      'Live figures of a region or the nation follow the contributor rule (few_institutions, contributors, dominance). ' +
      'Another institution that had no episodes in the published period or breakdown answers 200 with its figures suppressed, as one whose few episodes are hidden.',
  })
  @ApiOkResponse({ type: IndicatorReportDto })
  async report(@Query() query: IndicatorQueryDto, @Headers('accept-language') acceptLanguage?: string): Promise<IndicatorReportDto> {
    return inLanguage(await this.reports.report(query), query.lang, acceptLanguage);
  }

  @Get('funnel')
  @ApiOperation({ summary: "Funnel plot data: each institution's value and n against the national 95% and 99.8% limits" })
  @ApiOkResponse({ type: FunnelReportDto })
  funnel(@Query() query: FunnelQueryDto): Promise<FunnelReportDto> {
    return this.funnels.funnel(query);
  }

  @Get('funnel.svg')
  @ApiNotFoundResponse({ description: 'Too little national data to draw a live funnel' })
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The live funnel plot as a picture (SVG), zones shaded, with a text description for screen readers',
    description:
      'Administrators see every institution named; staff and API clients see their own institutions against the live national limits. The published picture is at /api/v1/public/indicators/funnel.svg.',
  })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG image', schema: { type: 'string' } })
  async funnelSvg(@Query() query: FunnelQueryDto): Promise<string> {
    const report = await this.funnels.funnel(query);
    if (!report.live)
      throw new NotFoundProblem(`A live funnel of ${query.indicator} for ${query.period} (too little national data to draw one)`);
    return funnelPicture(report.live, query.period, `live, ${report.asOf.slice(0, 16).replace('T', ' ')} UTC`);
  }
}
