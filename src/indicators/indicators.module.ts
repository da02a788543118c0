import { Module } from '@nestjs/common';
import { IndicatorAdminController } from './indicator-admin.controller';
import { IndicatorCubeRepository } from './indicator-cube.repository';
import { IndicatorExpectationService } from './indicator-expectation.service';
import { IndicatorSettingsService } from './indicator-settings.service';
import { IndicatorSnapshotService } from './indicator-snapshot.service';
import { IndicatorService } from './indicator.service';
import { IndicatorsController } from './indicators.controller';
import { PublicIndicatorsController } from './public-indicators.controller';

/** Quality indicators: live, published and public (issue 6). */
@Module({
  controllers: [IndicatorsController, PublicIndicatorsController, IndicatorAdminController],
  providers: [IndicatorService, IndicatorSnapshotService, IndicatorExpectationService, IndicatorSettingsService, IndicatorCubeRepository],
  exports: [IndicatorService, IndicatorSnapshotService],
})
export class IndicatorsModule {}
