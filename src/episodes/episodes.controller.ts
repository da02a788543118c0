import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { LimitWrites } from '../auth/write-rate-limit';
import {
  CreateEpisodeDto,
  EpisodeDto,
  EpisodePageDto,
  EpisodeQueryDto,
  EpisodeWithResponsesDto,
  UpdateEpisodeDto,
} from './dto/episode.dto';
import { PatientCorrectionDto } from './dto/patient-correction.dto';
import { EpisodeService } from './episode.service';
import { PatientCorrectionService } from './patient-correction.service';

@ApiTags('episodes')
@Controller('episodes')
@Allow('staff', 'api_client')
export class EpisodesController {
  constructor(
    private readonly episodes: EpisodeService,
    private readonly corrections: PatientCorrectionService,
  ) {}

  @Post()
  @LimitWrites()
  @ApiOperation({ summary: 'Register an episode; re-sending the same externalId updates it (200)' })
  @ApiCreatedResponse({ type: EpisodeDto, description: 'Registered' })
  @ApiOkResponse({ type: EpisodeDto, description: 'Updated (same externalId)' })
  @ApiConflictResponse({ description: 'The externalId is registered for another patient (episode-patient-mismatch)' })
  @ApiUnprocessableEntityResponse({ description: 'The register may not hold the episode (registration-refused: consent)' })
  @ApiTooManyRequestsResponse({ description: 'Too many writes, or too many refused national identity numbers, this minute' })
  async create(@Body() dto: CreateEpisodeDto, @Res({ passthrough: true }) res: Response): Promise<EpisodeDto> {
    const { created, episode } = await this.episodes.createOrUpdate(dto);
    res.status(created ? 201 : 200);
    return episode;
  }

  @Get()
  @ApiOperation({
    summary: "List your institution's episodes, newest admission first (or `sort`), a keyset page at a time",
    description:
      "Pages by keyset: the answer's `nextCursor` is the `cursor` of the next page (null on the last), `prevCursor` that of the page before (null on the first); `count` is the number of matching episodes up to 1,000 (`countIsExact` false beyond). " +
      'Replaces `page`, `pageSize` and `total` (a deliberate break, issue 21): use `limit` for the page size. A cursor of another sort, or damaged, is 400 at `/cursor`.',
  })
  @ApiOkResponse({ type: EpisodePageDto })
  list(@Query() query: EpisodeQueryDto): Promise<EpisodePageDto> {
    return this.episodes.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One episode with its current responses and scores' })
  @ApiOkResponse({ type: EpisodeWithResponsesDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<EpisodeWithResponsesDto> {
    return this.episodes.get(id);
  }

  @Post(':id/patient-correction')
  @LimitWrites()
  @HttpCode(200)
  @Allow('staff')
  @ApiOperation({
    summary:
      "Correct the patient of an episode registered for the wrong patient (staff of the institution): the episode and its responses move to the patient given, with a reason kept in the episode's history; audited",
  })
  @ApiOkResponse({ type: EpisodeDto, description: 'The episode, now of the corrected patient' })
  correctPatient(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PatientCorrectionDto): Promise<EpisodeDto> {
    return this.corrections.correct(id, dto);
  }

  @Patch(':id')
  @LimitWrites()
  @ApiOperation({ summary: 'Change an episode, e.g. discharge it' })
  @ApiOkResponse({ type: EpisodeDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateEpisodeDto): Promise<EpisodeDto> {
    return this.episodes.update(id, dto);
  }
}
