import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateNested } from 'class-validator';
import { IsPastDate } from '../../../common/validators';
import { INSTRUMENT_IDS } from '../../../instruments/instrument-definitions';
import { answersDtoOf, BarthelAnswersDto, Eq5dAnswersDto, MrsAnswersDto } from './answers.dto';

export const TIMEPOINTS = ['admission', 'discharge', 'follow_up'] as const;
export const INSTRUMENTS = INSTRUMENT_IDS;
export const MODES = ['patient_web', 'patient_paper', 'proxy', 'clinician'] as const;
export type Timepoint = (typeof TIMEPOINTS)[number];
export type Instrument = (typeof INSTRUMENTS)[number];
export type ResponseMode = (typeof MODES)[number];

@ApiExtraModels(Eq5dAnswersDto, BarthelAnswersDto, MrsAnswersDto)
export class CreateResponseDto {
  @ApiProperty({ enum: TIMEPOINTS })
  @IsIn(TIMEPOINTS, { message: `timepoint must be one of ${TIMEPOINTS.join(', ')}` })
  timepoint!: Timepoint;
  @ApiProperty({ enum: INSTRUMENTS })
  @IsIn(INSTRUMENTS, { message: `instrument must be one of ${INSTRUMENTS.join(', ')}` })
  instrument!: Instrument;
  @ApiProperty({ example: '2026-03-02', description: 'The day the questionnaire was completed (YYYY-MM-DD), not in the future' })
  @IsPastDate()
  completedDate!: string;
  @ApiProperty({ enum: MODES }) @IsIn(MODES, { message: `mode must be one of ${MODES.join(', ')}` }) mode!: ResponseMode;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(Eq5dAnswersDto) }, { $ref: getSchemaPath(BarthelAnswersDto) }, { $ref: getSchemaPath(MrsAnswersDto) }],
    description: 'Item answers of the instrument',
  })
  @IsDefined({ message: 'answers is required' })
  @IsObject({ message: 'answers must be an object of item answers' })
  @ValidateNested()
  @Type((options) => answersDtoOf((options?.object as { instrument?: unknown } | undefined)?.instrument))
  answers!: Eq5dAnswersDto | BarthelAnswersDto | MrsAnswersDto;
}

export class ResponseScoresDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'EQ-5D five-digit health state' }) state?: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer', description: 'EQ-5D level sum score, 5-25' }) levelSum?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'EQ-5D index, rounded to 3 decimals' }) index?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Value set the index was computed with' }) valueSet?: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer', description: 'EQ VAS as given' }) vas?: number | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer', description: 'Barthel total on the 100-point scale' }) total100?: number | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer', description: 'Barthel total on the 20-point scale' }) total20?: number | null;
  @ApiPropertyOptional({ nullable: true, enum: ['total', 'severe', 'moderate', 'slight', 'independent'] }) band?: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer', minimum: 0, maximum: 6, description: 'mRS grade, 0 (no symptoms) to 6 (dead)' })
  score?: number | null;
  @ApiProperty() scoringVersion!: string;
}

export class ResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() episodeId!: string;
  @ApiProperty({ enum: TIMEPOINTS }) timepoint!: Timepoint;
  @ApiProperty({ enum: INSTRUMENTS }) instrument!: Instrument;
  @ApiProperty() completedDate!: string;
  @ApiProperty({ enum: MODES }) mode!: ResponseMode;
  @ApiProperty({ type: 'object', additionalProperties: true }) answers!: Record<string, unknown>;
  @ApiProperty({ type: ResponseScoresDto }) scores!: ResponseScoresDto;
  @ApiProperty({ description: 'false when completed outside the timepoint window: kept, but left out of indicators' }) inWindow!: boolean;
  @ApiProperty({ description: '1 for the first answer, +1 for each correction' }) version!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The version this one corrects' }) supersedesId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Set when a later correction replaced this version' })
  supersededAt!: string | null;
  @ApiProperty() createdAt!: string;
}
