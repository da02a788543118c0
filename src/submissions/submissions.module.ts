import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { SubmissionService } from './submission.service';
import { SubmissionsController } from './submissions.controller';

@Module({ imports: [EpisodesModule], controllers: [SubmissionsController], providers: [SubmissionService] })
export class SubmissionsModule {}
