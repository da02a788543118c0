import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { PublicResultsController } from './public-results.controller';
import { PublicResultsService } from './public-results.service';
import { StaffResultsController } from './staff-results.controller';
import { StaffResultsService } from './staff-results.service';

/** The results service (issue 22): public results pages and the staff's results, on the indicators' published and live figures. */
@Module({
  imports: [IndicatorsModule, EpisodesModule],
  controllers: [PublicResultsController, StaffResultsController],
  providers: [PublicResultsService, StaffResultsService],
})
export class ResultsModule {}
