import { Module } from '@nestjs/common';
import { InstitutionScope } from '../auth/institution-scope';
import { ResponseRepository } from './responses/response.repository';
import { ResponseService } from './responses/response.service';
import { ResponsePagesController } from './responses/response-pages.controller';
import { ResponsesController } from './responses/responses.controller';
import { EpisodeRepository } from './episode.repository';
import { EpisodeWriter } from './episode-writer';
import { EpisodeService } from './episode.service';
import { EpisodePagesController } from './episode-pages.controller';
import { EpisodesController } from './episodes.controller';
import { PatientCorrectionService } from './patient-correction.service';
import { RefusedWrites } from './refused-writes';
import { OpenItemsService } from './open-items.service';

/** Episodes and their responses: one module, since responses only exist within an episode. */
@Module({
  controllers: [EpisodesController, ResponsesController, EpisodePagesController, ResponsePagesController],
  providers: [
    EpisodeService,
    EpisodeWriter,
    EpisodeRepository,
    ResponseService,
    ResponseRepository,
    InstitutionScope,
    RefusedWrites,
    PatientCorrectionService,
    OpenItemsService,
  ],
  exports: [
    EpisodeService,
    OpenItemsService,
    EpisodeWriter,
    EpisodeRepository,
    ResponseService,
    ResponseRepository,
    InstitutionScope,
    RefusedWrites,
  ],
})
export class EpisodesModule {}
