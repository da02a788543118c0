import { Module } from '@nestjs/common';
import { IndicatorAdminController } from './indicator-admin.controller';
import { IndicatorCubeRepository } from './cube/cube.repository';
import { IndicatorExpectationService } from './settings/indicator-expectation.service';
import { IndicatorSettingsService } from './settings/indicator-settings.service';
import { IndicatorSnapshotService } from './publishing/publication.service';
import { IndicatorService } from './live/indicator.service';
import { IndicatorsController } from './live/indicators.controller';
import { PublicIndicatorsController } from './publishing/public-indicators.controller';

/** Quality indicators: live, published and public (issue 6). */
@Module({
  controllers: [IndicatorsController, PublicIndicatorsController, IndicatorAdminController],
  providers: [IndicatorService, IndicatorSnapshotService, IndicatorExpectationService, IndicatorSettingsService, IndicatorCubeRepository],
  exports: [IndicatorService, IndicatorSnapshotService],
})
export class IndicatorsModule {}
