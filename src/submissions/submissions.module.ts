import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { IdempotencyJanitor } from './idempotency-janitor';
import { SubmissionService } from './submission.service';
import { SubmissionsController } from './submissions.controller';

@Module({
  imports: [EpisodesModule],
  controllers: [SubmissionsController],
  providers: [SubmissionService, IdempotencyJanitor],
  exports: [SubmissionService],
})
export class SubmissionsModule {}
