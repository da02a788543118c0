import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { LimitWrites } from '../auth/write-rate-limit';
import { ProblemException } from '../common/problem';
import { SubmissionDto, SubmissionResultDto } from './dto/submission.dto';
import { SubmissionService } from './submission.service';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

@ApiTags('submissions')
@Controller('submissions')
@Allow('staff', 'api_client')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionService) {}

  @Post()
  @LimitWrites()
  @ApiOperation({
    summary: 'Submit up to 1,000 episodes with responses, all or nothing; retries with the same Idempotency-Key are applied once',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Your unique id for this batch (1-200 visible ASCII characters); kept at least 24 hours',
  })
  @ApiCreatedResponse({ type: SubmissionResultDto })
  @ApiConflictResponse({ description: 'An episode is registered for another patient (episode-patient-mismatch); nothing was applied' })
  @ApiUnprocessableEntityResponse({
    description:
      'The register may not hold an episode (registration-refused), or the Idempotency-Key was used with another body; nothing was applied',
  })
  async submit(
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: SubmissionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionResultDto> {
    if (!key || !KEY_PATTERN.test(key)) {
      throw new ProblemException(
        400,
        'idempotency-key-required',
        'Idempotency-Key required',
        'Send an Idempotency-Key header (1-200 visible ASCII characters, e.g. a UUID) so a retried batch is applied once.',
      );
    }
    const outcome = await this.submissions.submit(key, req.body, dto);
    res.status(outcome.status);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome.body;
  }
}
