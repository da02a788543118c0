import { Module } from '@nestjs/common';
import { IndicatorCubeRepository } from './cube/cube.repository';
import { IndicatorAdminController } from './indicator-admin.controller';
import { PublishingPagesController } from './pages/publishing-pages.controller';
import { SettingsPagesController } from './pages/settings-pages.controller';
import { CaseMixModelService } from './live/case-mix-model.service';
import { IndicatorsController } from './live/indicators.controller';
import { LiveFunnelService } from './live/live-funnel.service';
import { LiveReportService } from './live/live-report.service';
import { PublicIndicatorsController } from './publishing/public-indicators.controller';
import { PublicationRepository } from './publishing/publication.repository';
import { PublicationService } from './publishing/publication.service';
import { PublishedIndicatorService } from './publishing/published-indicators.service';
import { IndicatorExpectationRepository } from './settings/indicator-expectation.repository';
import { IndicatorExpectationService } from './settings/indicator-expectation.service';
import { IndicatorSettingsService } from './settings/indicator-settings.service';

/** Quality indicators: live, published and public (issue 6). */
@Module({
  controllers: [
    IndicatorsController,
    PublicIndicatorsController,
    IndicatorAdminController,
    PublishingPagesController,
    SettingsPagesController,
  ],
  providers: [
    IndicatorCubeRepository,
    CaseMixModelService,
    LiveReportService,
    LiveFunnelService,
    PublicationRepository,
    PublicationService,
    PublishedIndicatorService,
    IndicatorExpectationRepository,
    IndicatorExpectationService,
    IndicatorSettingsService,
  ],
  exports: [PublicationService, PublishedIndicatorService, LiveReportService, LiveFunnelService, IndicatorSettingsService],
})
export class IndicatorsModule {}
