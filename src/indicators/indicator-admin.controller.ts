import { Body, Controller, Get, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { PublicationDryRunDto } from './dto/disclosure.dto';
import { ExpectationsDto, PeriodParamDto, PublishSnapshotDto, PutExpectationsDto, SnapshotDto } from './dto/indicator.dto';
import { IndicatorSettingsDto, PutIndicatorSettingsDto } from './settings/dto/indicator-settings.dto';
import { IndicatorExpectationService } from './settings/indicator-expectation.service';
import { IndicatorSettingsService } from './settings/indicator-settings.service';
import { PublicationService } from './publishing/publication.service';

@ApiTags('admin')
@Controller('admin')
@Allow('admin')
export class IndicatorAdminController {
  constructor(
    private readonly publications: PublicationService,
    private readonly expectations: IndicatorExpectationService,
    private readonly settings: IndicatorSettingsService,
  ) {}

  @Post('indicator-snapshots')
  @ApiConflictResponse({
    description:
      'The period is published already and no correctionReason was sent (already-published), a correction was sent for a period never published (not-published), the period has not ended (period-not-ended: a future or still open period is never published), or it ended within the grace period (publicationGraceDays) and force with a reason was not sent (within-grace-period), ' +
      'or the disclosure audit found hidden counts a reader could narrow below ± the protection margin from everything published (disclosure-audit-failed; errors[] names each cell by scope, breakdown and indicator; nothing is published)',
  })
  @ApiOperation({
    summary: "Freeze and publish a period's indicators; late data then change only the live view",
    description:
      'A period is published once (409 after that), and only after it has ended; within the grace period after its end (default 60 days, for late registrations) only with force: true and a reason, shown to readers as earlyPublicationReason. To correct published figures, send correctionReason: a new version is frozen from the current data and served by default, and the earlier versions stay readable (version= on the public routes). ' +
      'Small counts are hidden across every table of the period together and the choice is audited by linear programming (docs/indicators.md, "Disclosure control"); the snapshot keeps the audit. ' +
      'With dryRun: true nothing is frozen or published: the answer is 200 with what would be hidden and the audit.',
  })
  @ApiCreatedResponse({ type: SnapshotDto, description: 'Published' })
  @ApiOkResponse({
    type: PublicationDryRunDto,
    description: 'Dry run (dryRun: true): what publishing now would hide, and the audit; nothing published',
  })
  async publish(
    @Body() dto: PublishSnapshotDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SnapshotDto | PublicationDryRunDto> {
    if (!dto.dryRun) return this.publications.publish(dto);
    response.status(HttpStatus.OK);
    return this.publications.dryRun(dto);
  }

  @Get('indicator-snapshots')
  @ApiOperation({ summary: 'Published snapshots, every version of every period' })
  @ApiOkResponse({ type: [SnapshotDto] })
  list(): Promise<SnapshotDto[]> {
    return this.publications.listAll();
  }

  @Put('indicator-expectations/:period')
  @ApiOperation({
    summary: 'Set the institutions expected to report in a period and their expected episode counts (participation and coverage)',
  })
  @ApiOkResponse({ type: ExpectationsDto })
  replaceExpectations(@Param() params: PeriodParamDto, @Body() dto: PutExpectationsDto): Promise<ExpectationsDto> {
    return this.expectations.replace(params.period, dto);
  }

  @Get('indicator-expectations/:period')
  @ApiOperation({ summary: 'The institutions expected to report in a period' })
  @ApiOkResponse({ type: ExpectationsDto })
  getExpectations(@Param() params: PeriodParamDto): Promise<ExpectationsDto> {
    return this.expectations.get(params.period);
  }

  @Get('indicator-settings')
  @ApiOperation({ summary: 'The indicator settings in force: minimal important differences, thresholds, suppression, targets' })
  @ApiOkResponse({ type: IndicatorSettingsDto })
  getSettings(): Promise<IndicatorSettingsDto> {
    return this.settings.get();
  }

  @Put('indicator-settings')
  @ApiOperation({
    summary: 'Change the indicator settings (all parameters and the complete list of targets, with the reason)',
    description:
      'Live figures follow at once; published snapshots keep the settings they were published with. Every change is kept in the history.',
  })
  @ApiOkResponse({ type: IndicatorSettingsDto })
  replaceSettings(@Body() dto: PutIndicatorSettingsDto): Promise<IndicatorSettingsDto> {
    return this.settings.replace(dto);
  }

  @Get('indicator-settings/history')
  @ApiOperation({ summary: 'Every change of the indicator settings, newest first, with who made it and why' })
  @ApiOkResponse({ type: [IndicatorSettingsDto] })
  settingsHistory(): Promise<IndicatorSettingsDto[]> {
    return this.settings.history();
  }
}
