import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { FunnelQueryDto, FunnelReportDto, IndicatorQueryDto, IndicatorReportDto } from './dto/indicator.dto';
import { IndicatorService } from './indicator.service';

@ApiTags('indicators')
@Controller('indicators')
@Allow('admin', 'staff', 'api_client')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorService) {}

  @Get()
  @ApiOperation({
    summary: 'All quality indicators of a scope and period, with their definitions',
    description:
      'Live figures for the nation, a region or your own institution; another institution only as published. ' +
      'Figures resting on fewer episodes than the suppression threshold are suppressed (no value).',
  })
  @ApiOkResponse({ type: IndicatorReportDto })
  report(@Query() query: IndicatorQueryDto): Promise<IndicatorReportDto> {
    return this.indicators.report(query);
  }

  @Get('funnel')
  @ApiOperation({ summary: "Funnel plot data: each institution's value and n against the national 95% and 99.8% limits" })
  @ApiOkResponse({ type: FunnelReportDto })
  funnel(@Query() query: FunnelQueryDto): Promise<FunnelReportDto> {
    return this.indicators.funnel(query);
  }
}
