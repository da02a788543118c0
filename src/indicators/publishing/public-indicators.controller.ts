import { Controller, Get, Header, Headers, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/access.decorators';
import { NotFoundProblem, ValidationProblem } from '../../common/problem';
import { FunnelDto, IndicatorReportDto, PublicationDto, PublishedFunnelQueryDto, PublishedIndicatorQueryDto } from '../dto/indicator.dto';
import { funnelPicture } from '../charts/funnel-chart';
import { funnelKey } from '../indicator-funnel';
import { filtersOf, parsePeriod, requestedScope, requestedIndicators } from '../indicator-query';
import { inLanguage, onlyIndicators } from '../indicator-report';
import { PublicationService } from './publication.service';
import { PublishedIndicatorService } from './published-indicators.service';

@ApiTags('public')
@Controller('public/indicators')
@Public('Published indicators are frozen aggregates with small numbers suppressed, for everyone (DOMAIN.md: the public reads them)')
export class PublicIndicatorsController {
  constructor(
    private readonly published: PublishedIndicatorService,
    private readonly publishing: PublicationService,
  ) {}

  @Get()
  @ApiNotFoundResponse({
    description: 'Nothing published for this period (or this version), the institution does not exist, or the scope is malformed',
  })
  @ApiOperation({
    summary:
      'Published indicators of a period (frozen, small numbers suppressed; the newest version unless version is given); one breakdown filter at a time',
    description:
      'A scope that exists (a region, the nation, any institution of the register) but had no episodes in the period or breakdown answers 200 with every figure resting on episodes suppressed (small_n), like a scope whose few episodes are hidden, so an answer never tells "none" from "a few". 404 only when nothing is published for the period or version, or for an institution id that does not exist.',
  })
  @ApiOkResponse({ type: IndicatorReportDto })
  async report(
    @Query() query: PublishedIndicatorQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<IndicatorReportDto> {
    const period = parsePeriod(query.period);
    const report = await this.published.report(period, requestedScope(query.scope ?? 'national'), filtersOf(query), query.version);
    if (!report) throw new NotFoundProblem(`Published indicators${versionWords(query.version)} for ${period.key} (or the institution)`);
    return inLanguage(onlyIndicators(report, requestedIndicators(query)), query.lang, acceptLanguage);
  }

  @Get('funnel')
  @ApiNotFoundResponse({ description: 'No published funnel for this period' })
  @ApiOperation({ summary: 'A published funnel plot of a period (the newest version unless version is given)' })
  @ApiOkResponse({ type: FunnelDto })
  async funnel(@Query() query: PublishedFunnelQueryDto): Promise<FunnelDto> {
    return this.publishedFunnel(query);
  }

  @Get('funnel.svg')
  @ApiNotFoundResponse({ description: 'No published funnel for this period' })
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'A published funnel plot as a picture (SVG), zones shaded, with a text description for screen readers' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG image', schema: { type: 'string' } })
  async funnelSvg(@Query() query: PublishedFunnelQueryDto): Promise<string> {
    const funnel = await this.publishedFunnel(query);
    const source = `published, version ${funnel.publication!.version}${funnel.publication!.version < funnel.publication!.latestVersion ? ', since corrected' : ''}`;
    return funnelPicture(funnel, query.period, source);
  }

  @Get('publications')
  @ApiOperation({ summary: 'What has been published: every period and version, with the reason for each correction' })
  @ApiOkResponse({ type: [PublicationDto] })
  publications(): Promise<PublicationDto[]> {
    return this.publishing.versions();
  }

  private async publishedFunnel(query: PublishedFunnelQueryDto): Promise<FunnelDto> {
    const figure = funnelKey(query.indicator, query.part);
    if (!figure) throw new ValidationProblem([{ pointer: '/indicator', detail: `No funnel plot for ${query.indicator}` }]);
    const published = await this.published.funnel(parsePeriod(query.period), filtersOf(query), figure, query.version);
    if (!published) throw new NotFoundProblem(`A published funnel${versionWords(query.version)} for ${query.period}`);
    return published;
  }
}

function versionWords(version: number | undefined): string {
  return version === undefined ? '' : ` (version ${version})`;
}
