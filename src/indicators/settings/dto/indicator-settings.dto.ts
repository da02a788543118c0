import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { oneOfMessage } from '../../../episodes/episode.enums';
import { INDICATOR_IDS, type IndicatorId } from '../../indicator-specs';
import { ValueSetRefDto } from '../../dto/indicator.dto';
import { DEFAULT_INDICATOR_PARAMETERS } from '../indicator-parameters';

/** The smallest suppression threshold an administrator may set: below it, published cells come too close to single patients. */
export const MIN_SUPPRESSION_THRESHOLD = 5;

export class IndicatorParametersDto {
  @ApiProperty({ example: 0.08, minimum: 0.001, maximum: 1, description: 'Minimal important difference in EQ-5D-5L index (eq5d.improved)' })
  @IsNumber({}, { message: 'eq5dMid must be a number' })
  @Min(0.001, { message: 'eq5dMid must be above 0 (an index difference, e.g. 0.08)' })
  @Max(1, { message: 'eq5dMid must be at most 1 (an index difference, e.g. 0.08)' })
  eq5dMid!: number;

  @ApiProperty({
    example: 10,
    minimum: 1,
    maximum: 100,
    description: 'Important improvement on the 100-point Barthel index (barthel.improved)',
  })
  @IsInt({ message: 'barthelMcid must be a whole number of Barthel points' })
  @Min(1, { message: 'barthelMcid must be 1 to 100 Barthel points' })
  @Max(100, { message: 'barthelMcid must be 1 to 100 Barthel points' })
  barthelMcid!: number;

  @ApiProperty({
    example: 100,
    minimum: 0,
    maximum: 100,
    description: 'Discharge Barthel index at or above which a patient counts as independent (barthel.independent)',
  })
  @IsInt({ message: 'barthelIndependenceThreshold must be a whole number of Barthel points' })
  @Min(0, { message: 'barthelIndependenceThreshold must be 0 to 100' })
  @Max(100, { message: 'barthelIndependenceThreshold must be 0 to 100' })
  barthelIndependenceThreshold!: number;

  @ApiProperty({
    example: 0.6,
    minimum: 0,
    maximum: 1,
    description: 'Coverage (dekningsgrad) below which an institution is marked, as a share',
  })
  @IsNumber({}, { message: 'coverageWarning must be a number' })
  @Min(0, { message: 'coverageWarning must be a share from 0 to 1 (0.6 for 60%)' })
  @Max(1, { message: 'coverageWarning must be a share from 0 to 1 (0.6 for 60%)' })
  coverageWarning!: number;

  @ApiProperty({
    example: 10,
    minimum: MIN_SUPPRESSION_THRESHOLD,
    maximum: 100,
    description: 'Figures resting on fewer episodes than this are suppressed (the Directorate of Health uses 10)',
  })
  @IsInt({ message: 'suppressionThreshold must be a whole number of episodes' })
  @Min(MIN_SUPPRESSION_THRESHOLD, {
    message: `suppressionThreshold must be at least ${MIN_SUPPRESSION_THRESHOLD}: smaller published cells come too close to single patients`,
  })
  @Max(100, { message: 'suppressionThreshold must be at most 100' })
  suppressionThreshold!: number;

  @ApiProperty({
    example: 5,
    minimum: 3,
    maximum: 1000,
    description:
      'Funnels: overdispersion (the between-institution variance that widens the limits) is estimated only from at least this many institutions; with fewer, the limits are not widened and the funnel says so',
  })
  @IsInt({ message: 'overdispersionMinInstitutions must be a whole number of institutions' })
  @Min(3, { message: 'overdispersionMinInstitutions must be at least 3: two institutions give no estimate of their variance' })
  @Max(1000, { message: 'overdispersionMinInstitutions must be at most 1000' })
  overdispersionMinInstitutions!: number;

  @ApiProperty({
    example: 3,
    minimum: 3,
    maximum: 100,
    description:
      'Live figures of another region or the nation, before publication, are shown only when at least this many institutions contribute (else suppressed: contributors)',
  })
  @IsInt({ message: 'liveMinContributors must be a whole number of institutions' })
  @Min(3, { message: 'liveMinContributors must be at least 3: with two, either institution could subtract its own figure' })
  @Max(100, { message: 'liveMinContributors must be at most 100' })
  liveMinContributors!: number;

  @ApiProperty({
    example: 0.8,
    minimum: 0.5,
    maximum: 1,
    description:
      "Live figures of another region or the nation are suppressed (dominance) when one institution has more than this share of the figure's episodes",
  })
  @IsNumber({}, { message: 'liveMaxContributorShare must be a number' })
  @Min(0.5, { message: 'liveMaxContributorShare must be a share from 0.5 to 1 (0.8 for 80%)' })
  @Max(1, { message: 'liveMaxContributorShare must be a share from 0.5 to 1 (0.8 for 80%)' })
  liveMaxContributorShare!: number;

  @ApiProperty({
    example: 60,
    minimum: 0,
    maximum: 366,
    description: "Days after a period's end in which publishing it needs force and a reason, as late registrations still arrive",
  })
  @IsInt({ message: 'publicationGraceDays must be a whole number of days' })
  @Min(0, { message: 'publicationGraceDays must be 0 to 366 days' })
  @Max(366, { message: 'publicationGraceDays must be 0 to 366 days' })
  publicationGraceDays!: number;
  @ApiPropertyOptional({
    example: 3,
    minimum: 1,
    maximum: 20,
    default: DEFAULT_INDICATOR_PARAMETERS.protectionMargin,
    description:
      'Published tables: every hidden count must stay undetermined by at least ± this many episodes given everything published for the period (the disclosure audit checks it); 3 when not given',
  })
  @IsOptional()
  @IsInt({ message: 'protectionMargin must be a whole number of episodes' })
  @Min(1, { message: 'protectionMargin must be at least 1' })
  @Max(20, { message: 'protectionMargin must be at most 20' })
  protectionMargin?: number;
}

export class IndicatorTargetDto {
  @ApiProperty({ enum: INDICATOR_IDS, example: 'barthel.change' })
  @IsIn(INDICATOR_IDS, { message: oneOfMessage('indicator', INDICATOR_IDS) })
  indicator!: IndicatorId;

  @ApiProperty({ example: 10, description: "The minimum requirement, in the indicator's unit (a share from 0 to 1 for shares)" })
  @IsNumber({}, { message: 'minimum must be a number' })
  minimum!: number;

  @ApiProperty({ example: 15, description: "The target level, at or beyond the minimum in the indicator's better direction" })
  @IsNumber({}, { message: 'target must be a number' })
  target!: number;
}

export class PutIndicatorSettingsDto {
  @ApiProperty({ type: IndicatorParametersDto })
  @IsDefined({ message: 'parameters are required: all of them, as in force after the change' })
  @ValidateNested()
  @Type(() => IndicatorParametersDto)
  parameters!: IndicatorParametersDto;

  @ApiProperty({
    type: [IndicatorTargetDto],
    description: 'Every target in force after the change (indicators left out have none); replaces the list',
  })
  @IsArray({ message: 'targets must be a list (empty for none)' })
  @ArrayMaxSize(INDICATOR_IDS.length)
  @ValidateNested({ each: true })
  @Type(() => IndicatorTargetDto)
  targets!: IndicatorTargetDto[];

  @ApiProperty({
    example: 'Board decision 2026-11-12: Barthel targets for 2027',
    description: 'Why the settings change; kept in their history',
  })
  @IsString()
  @Length(10, 2000, { message: 'reason must say why the settings change, in 10 to 2,000 characters' })
  reason!: string;
}

export class IndicatorSettingsDto {
  @ApiProperty({ description: 'Identifies the settings: 0 while only the defaults apply; each change gets a higher number' })
  version!: number;
  @ApiProperty({ type: IndicatorParametersDto }) parameters!: IndicatorParametersDto;
  @ApiProperty({ type: [IndicatorTargetDto] }) targets!: IndicatorTargetDto[];
  @ApiProperty({
    type: ValueSetRefDto,
    description: 'The EQ-5D-5L value set the register scores with (not a setting: responses are scored when they arrive)',
  })
  valueSet!: ValueSetRefDto;
  @ApiProperty({ nullable: true, type: String }) changedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who made the change' }) changedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}
