import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { CreateEpisodeDto } from '../../episodes/dto/episode.dto';
import { CreateResponseDto } from '../../episodes/responses/dto/response.dto';

export const MAX_SUBMISSION_EPISODES = 1000;
/** 3 timepoints × 2 instruments. */
export const MAX_RESPONSES_PER_EPISODE = 6;

export class SubmissionEpisodeDto extends OmitType(CreateEpisodeDto, ['institutionId'] as const) {
  @ApiPropertyOptional({ type: [CreateResponseDto], description: 'Responses of this episode, at most one per timepoint and instrument' })
  @IsOptional()
  @IsArray({ message: 'responses must be an array' })
  @ArrayMaxSize(MAX_RESPONSES_PER_EPISODE, {
    message: `responses can hold at most ${MAX_RESPONSES_PER_EPISODE} items (3 timepoints × 2 instruments)`,
  })
  @ValidateNested({ each: true })
  @Type(() => CreateResponseDto)
  responses?: CreateResponseDto[];
}

export class SubmissionDto {
  @ApiPropertyOptional({ description: 'For staff of several institutions: the institution all episodes belong to' })
  @IsOptional()
  @IsUUID('all', { message: 'institutionId must be an institution id (UUID)' })
  institutionId?: string;

  @ApiProperty({ type: [SubmissionEpisodeDto], minItems: 1, maxItems: MAX_SUBMISSION_EPISODES })
  @IsArray({ message: 'episodes must be an array' })
  @ArrayMinSize(1, { message: 'episodes must hold at least one episode' })
  @ArrayMaxSize(MAX_SUBMISSION_EPISODES, { message: `episodes can hold at most ${MAX_SUBMISSION_EPISODES} episodes; split larger batches` })
  @ValidateNested({ each: true })
  @Type(() => SubmissionEpisodeDto)
  episodes!: SubmissionEpisodeDto[];
}

export class SubmittedEpisodeDto {
  @ApiProperty() externalId!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['created', 'updated'] }) status!: 'created' | 'updated';
}

export class SubmittedResponseCountsDto {
  @ApiProperty({ type: 'integer', description: 'Stored new' }) created!: number;
  @ApiProperty({ type: 'integer', description: 'Stored as corrections of an earlier version' }) corrected!: number;
  @ApiProperty({ type: 'integer', description: 'Re-sent unchanged, so nothing stored' }) unchanged!: number;
}

export class SubmissionResultDto {
  @ApiProperty() institutionId!: string;
  @ApiProperty({ type: [SubmittedEpisodeDto] }) episodes!: SubmittedEpisodeDto[];
  @ApiProperty({ type: SubmittedResponseCountsDto, description: 'Responses stored new, stored as corrections, and re-sent unchanged' })
  responses!: SubmittedResponseCountsDto;
}
