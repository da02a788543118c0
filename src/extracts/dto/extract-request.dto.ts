import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PROGRAMMES, SERVICE_LEVELS } from '../../episodes/episode.enums';
import { REGIONS } from '../../institutions/institution.entity';
import { BuiltFileDto, PeriodFromField, PeriodToField } from '../../common/built-files.dto';
import { IsFreeText } from '../../common/validators';
import { EXTRACT_EVENTS, EXTRACT_STATUSES, type ExtractEvent, type ExtractStatus } from '../extract-request.repository';
import { EXTRACT_VARIABLES } from '../extract-variables';

const VARIABLE_NAMES = EXTRACT_VARIABLES.map((v) => v.name);

// The filters stand both at the top of a request and in `filters`: each is defined once here.
const InstitutionIdsFilter = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description: "Only episodes at these institutions (the register's ids); the files name them by project code only",
      type: 'array',
      items: { type: 'string', format: 'uuid' },
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(500),
    ArrayUnique({ message: 'institutionIds must not repeat an institution' }),
    IsUUID('all', { each: true, message: 'each institution id must be a UUID' }),
  );

/** A filter of values from a fixed list, each named at most once. */
const EnumListFilter = (values: readonly string[], singular: string, description: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ enum: values, isArray: true, description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(values.length),
    IsIn(values, { each: true, message: `each ${singular} must be one of ${values.join(', ')}` }),
  );

const ProgrammesFilter = () => EnumListFilter(PROGRAMMES, 'programme', 'Only episodes of these programme groups');
const RegionsFilter = () => EnumListFilter(REGIONS, 'region', 'Only episodes at institutions of these health regions');
const ServiceLevelsFilter = () => EnumListFilter(SERVICE_LEVELS, 'service level', 'Only episodes of these service levels');

/** Which episodes: all of them in the period, or only those of the institutions, programmes, regions or service levels named. */
export class ExtractFiltersDto {
  @InstitutionIdsFilter() institutionIds?: string[];
  @ProgrammesFilter() programmes?: string[];
  @RegionsFilter() regions?: string[];
  @ServiceLevelsFilter() serviceLevels?: string[];
}

export class CreateExtractRequestDto {
  @ApiProperty({ description: 'Title of the research project (1-300 characters)', example: 'Function after stroke rehabilitation' })
  @IsFreeText(1, 300)
  title!: string;

  @ApiProperty({ description: 'Purpose of the project and why these variables are needed (1-5000 characters)' })
  @IsFreeText(1, 5000)
  purpose!: string;

  @ApiProperty({
    description: 'The legal basis of the processing (3-1000 characters)',
    example: 'GDPR art. 6(1)(e) and 9(2)(j); health register act § 19 b',
  })
  @IsFreeText(3, 1000)
  legalBasis!: string;

  @ApiProperty({ description: 'Approval reference of the regional ethics committee (REK)', example: 'REK 2026/12345' })
  @IsFreeText(3, 100)
  ethicsReference!: string;

  @ApiProperty({ type: [String], description: 'Variables of the catalogue (GET /extract-variables)', example: ['patient', 'age_band'] })
  @IsArray({ message: 'variables must be an array of variable names' })
  @ArrayMinSize(1, { message: 'variables must name at least one variable' })
  @ArrayMaxSize(VARIABLE_NAMES.length)
  @ArrayUnique({ message: 'variables must not repeat a name' })
  @IsIn(VARIABLE_NAMES, { each: true, message: 'each variable must be a name of the catalogue (GET /api/v1/extract-variables)' })
  variables!: string[];

  @PeriodFromField()
  periodFrom!: string;

  @PeriodToField()
  periodTo!: string;

  @InstitutionIdsFilter() institutionIds?: string[];
  @RegionsFilter() regions?: string[];
  @ProgrammesFilter() programmes?: string[];

  @ApiPropertyOptional({
    type: ExtractFiltersDto,
    description: 'The same filters as one object, and service levels; a filter is given either here or at the top, not both',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExtractFiltersDto)
  filters?: ExtractFiltersDto;
}

export class ExtractDecisionDto {
  @ApiProperty({ description: 'The reason for the decision, kept with the request (5-2000 characters)' })
  @IsFreeText(5, 2000)
  note!: string;
}

export class ExtractFileDto extends BuiltFileDto('extract.csv', 'variables') {}

export class ExtractEventDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: EXTRACT_EVENTS }) action!: ExtractEvent;
  @ApiProperty({ type: String, nullable: true, description: "The administrator's note, where one was given" }) note!: string | null;
}

export class ExtractBuildDto {
  @ApiProperty({ description: 'Which build: 1 at approval, one more per rebuild' }) build!: number;
  @ApiProperty({ format: 'date-time' }) builtAt!: string;
  @ApiProperty({ description: 'Rows (episodes) it held' }) rowCount!: number;
  @ApiProperty({ description: 'Patients it held' }) patientCount!: number;
  @ApiProperty({ description: 'Patients in scope left out because they withdrew (how many, never who)' }) withdrawnPatientsLeftOut!: number;
}

export class ExtractRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) researcherId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null for requests made before it was asked for' }) legalBasis!: string | null;
  @ApiProperty() ethicsReference!: string;
  @ApiProperty({ type: [String] }) variables!: string[];
  @ApiProperty({ format: 'date' }) periodFrom!: string;
  @ApiProperty({ format: 'date' }) periodTo!: string;
  @ApiProperty({ type: ExtractFiltersDto }) filters!: ExtractFiltersDto;
  @ApiProperty({ enum: EXTRACT_STATUSES }) status!: ExtractStatus;
  @ApiProperty({ type: String, nullable: true, description: "The administrator's note with the decision" }) decisionNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the files are deleted' })
  expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) builtAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Rows (episodes) of the built extract' }) rowCount!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Patients in the built extract' }) patientCount!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Patients in scope left out because they withdrew (how many, never who)' })
  withdrawnPatientsLeftOut!: number | null;
  @ApiProperty({ type: String, nullable: true }) failure!: string | null;
  @ApiProperty({
    description: 'The build asked for last: 0 before approval, 1 at approval, one more per rebuild; the files are of this build',
  })
  build!: number;
  @ApiProperty({
    type: [ExtractBuildDto],
    description:
      'Every completed build, oldest first, with its counts; kept after the extract expires. Who each build held is kept until then',
  })
  builds!: ExtractBuildDto[];
  @ApiProperty({ type: [ExtractFileDto], description: 'The files, when the extract is ready' }) files!: ExtractFileDto[];
  @ApiProperty({ type: [ExtractEventDto], description: 'What happened to the request, oldest first' }) history!: ExtractEventDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ExtractRequestListDto {
  @ApiProperty({ type: [ExtractRequestDto] }) items!: ExtractRequestDto[];
}

export class ExtractRequestQueryDto {
  @ApiPropertyOptional({ enum: EXTRACT_STATUSES })
  @IsOptional()
  @IsIn(EXTRACT_STATUSES, { message: `status must be one of ${EXTRACT_STATUSES.join(', ')}` })
  status?: ExtractStatus;
}

export class ExtractVariableDto {
  @ApiProperty({ example: 'age_band' }) name!: string;
  @ApiProperty({ enum: ['string', 'integer', 'number', 'boolean'] }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty({
    type: 'array',
    nullable: true,
    items: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'The values the variable can take, where they are a fixed list',
  })
  allowedValues!: (string | number)[] | null;
}

export class ExtractVariableCatalogueDto {
  @ApiProperty({ type: [ExtractVariableDto] }) variables!: ExtractVariableDto[];
}
