import { Module } from '@nestjs/common';
import { InstitutionScope } from '../auth/institution-scope';
import { ResponseService } from '../responses/response.service';
import { ResponsesController } from '../responses/responses.controller';
import { EpisodeWriter } from './episode-writer';
import { EpisodeService } from './episode.service';
import { EpisodesController } from './episodes.controller';

/** Episodes and their responses: one module, since responses only exist within an episode. */
@Module({
  controllers: [EpisodesController, ResponsesController],
  providers: [EpisodeService, EpisodeWriter, ResponseService, InstitutionScope],
  exports: [EpisodeService, EpisodeWriter, ResponseService, InstitutionScope],
})
export class EpisodesModule {}
