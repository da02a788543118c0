import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CURSOR_FORMAT } from '../../common/keyset-page';
import { CURSOR_DESCRIPTION, KeysetPageFields } from '../../common/keyset-page.dto';
import { IsIcd10, IsOnOrAfter, IsOnOrBefore, IsPastDate } from '../../common/validators';
import { IsProfessions } from './register-content.validators';
import { ResponseDto } from '../responses/dto/response.dto';
import {
  CONSENT_STATUSES,
  type ConsentStatus,
  COORDINATORS,
  type Coordinator,
  INDIVIDUAL_PLANS,
  type IndividualPlan,
  type Profession,
  PROFESSIONS,
  REHAB_LEVELS,
  type RehabLevel,
  DISCHARGE_DESTINATIONS,
  EPISODE_SORTS,
  type EpisodeSort,
  MISSING_FILTERS,
  type MissingFilter,
  MISSING_FORMS,
  type MissingForm,
  type DischargeDestination,
  oneOfMessage,
  type Programme,
  PROGRAMMES,
  SERVICE_LEVELS,
  type ServiceLevel,
  type Setting,
  SETTINGS,
  type Sex,
  SEXES,
} from '../episode.enums';

/** What the DTOs (and the batch fast path) accept before the number itself is checked. */
export const NATIONAL_ID_FORMAT = /^\d{11}$/;
export const EXTERNAL_ID_MAX_LENGTH = 100;

const REHAB_LEVEL_NOTE =
  'Rehabilitation level (DOMAIN.md): "1"-"4" municipal (serviceLevel municipal), "5.1"-"5.3" specialist (serviceLevel specialist). ' +
  'A municipality registers 1-4, a health trust 5.x, a private institution either. Optional.';
const PROFESSIONS_NOTE = 'The professions taking part in the stay: a set (no repeats, at least one); stored in the listed order.';
const INDIVIDUAL_PLAN_NOTE = 'Individual plan (habilitation and rehabilitation regulation)';
const COORDINATOR_NOTE = 'Coordinator (habilitation and rehabilitation regulation)';
const MUNICIPALITY_NOTIFIED_NOTE = 'The day the municipality was contacted about the patient (YYYY-MM-DD), not in the future';

export class PatientDto {
  @ApiProperty({
    description: 'Norwegian national identity number (fødselsnummer, D- or H-number; 11 digits). Pseudonymized at once and never stored.',
    example: '01817512345',
  })
  @IsString({ message: 'nationalId must be a string of 11 digits' })
  @Matches(NATIONAL_ID_FORMAT, { message: 'nationalId must be 11 digits' })
  nationalId!: string;

  @ApiPropertyOptional({ enum: SEXES, description: 'Taken from the number when left out (numbers issued from 2032 do not encode sex)' })
  @IsOptional()
  @IsIn(SEXES, { message: oneOfMessage('sex', SEXES) })
  sex?: Sex;
}

export class ConsentDto {
  @ApiProperty({ enum: CONSENT_STATUSES })
  @IsIn(CONSENT_STATUSES, { message: oneOfMessage('status', CONSENT_STATUSES) })
  status!: ConsentStatus;
  @ApiProperty({ example: '2026-03-01' }) @IsPastDate() date!: string;
}

/** Fields an episode can be changed in after registration (PATCH). */
export class UpdateEpisodeDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Unit of the institution; null for none' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a unit id (UUID)' })
  unitId?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-02-10' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsPastDate()
  referralDate?: string | null;
  @ApiPropertyOptional({ example: '2026-03-02', description: 'Correct the admission date' })
  @IsOptional()
  @IsPastDate()
  admissionDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-30', description: 'null reopens the episode' })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsPastDate()
  dischargeDate?: string | null;
  @ApiPropertyOptional({ enum: SETTINGS }) @IsOptional() @IsIn(SETTINGS, { message: oneOfMessage('setting', SETTINGS) }) setting?: Setting;
  @ApiPropertyOptional({ enum: SERVICE_LEVELS })
  @IsOptional()
  @IsIn(SERVICE_LEVELS, { message: oneOfMessage('serviceLevel', SERVICE_LEVELS) })
  serviceLevel?: ServiceLevel;
  @ApiPropertyOptional({ enum: PROGRAMMES })
  @IsOptional()
  @IsIn(PROGRAMMES, { message: oneOfMessage('programme', PROGRAMMES) })
  programme?: Programme;
  @ApiPropertyOptional({ example: 'I63.9', description: 'ICD-10 main diagnosis' }) @IsOptional() @IsIcd10() mainDiagnosis?: string;
  @ApiPropertyOptional({ enum: DISCHARGE_DESTINATIONS })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsIn(DISCHARGE_DESTINATIONS, { message: oneOfMessage('dischargeDestination', DISCHARGE_DESTINATIONS) })
  dischargeDestination?: DischargeDestination | null;
  @ApiPropertyOptional({ type: ConsentDto }) @IsOptional() @ValidateNested() @Type(() => ConsentDto) consent?: ConsentDto;
  @ApiPropertyOptional({ type: String, enum: REHAB_LEVELS, nullable: true, description: `${REHAB_LEVEL_NOTE} null clears it.` })
  @IsOptional()
  @IsIn(REHAB_LEVELS, { message: oneOfMessage('rehabLevel', REHAB_LEVELS) })
  rehabLevel?: RehabLevel | null;
  @ApiPropertyOptional({
    type: String,
    enum: PROFESSIONS,
    isArray: true,
    minItems: 1,
    uniqueItems: true,
    nullable: true,
    description: `${PROFESSIONS_NOTE} null clears it.`,
  })
  @IsOptional()
  @IsProfessions()
  professions?: Profession[] | null;
  @ApiPropertyOptional({ type: String, enum: INDIVIDUAL_PLANS, nullable: true, description: INDIVIDUAL_PLAN_NOTE })
  @IsOptional()
  @IsIn(INDIVIDUAL_PLANS, { message: oneOfMessage('individualPlan', INDIVIDUAL_PLANS) })
  individualPlan?: IndividualPlan | null;
  @ApiPropertyOptional({ type: String, enum: COORDINATORS, nullable: true, description: COORDINATOR_NOTE })
  @IsOptional()
  @IsIn(COORDINATORS, { message: oneOfMessage('coordinator', COORDINATORS) })
  coordinator?: Coordinator | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-20', description: MUNICIPALITY_NOTIFIED_NOTE })
  @IsOptional()
  @IsPastDate()
  municipalityNotifiedDate?: string | null;
}

export class CreateEpisodeDto {
  @ApiProperty({ example: 'EPJ-2026-000123', description: "The institution's own episode id; re-sending it updates the episode" })
  @IsString()
  @Length(1, EXTERNAL_ID_MAX_LENGTH, { message: `externalId must be 1 to ${EXTERNAL_ID_MAX_LENGTH} characters` })
  externalId!: string;

  @ApiProperty({ type: PatientDto })
  @IsDefined({ message: 'patient is required' })
  @ValidateNested()
  @Type(() => PatientDto)
  patient!: PatientDto;

  @ApiPropertyOptional({ description: 'For staff of several institutions: the one this episode belongs to' })
  @IsOptional()
  @IsUUID('all', { message: 'institutionId must be an institution id (UUID)' })
  institutionId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'unitId must be a unit id (UUID)' }) unitId?: string;
  @ApiPropertyOptional({ example: '2026-02-10' }) @IsOptional() @IsPastDate() @IsOnOrBefore('admissionDate') referralDate?: string;
  @ApiProperty({ example: '2026-03-02' }) @IsPastDate() admissionDate!: string;
  @ApiPropertyOptional({ example: '2026-03-30' }) @IsOptional() @IsPastDate() @IsOnOrAfter('admissionDate') dischargeDate?: string;
  @ApiProperty({ enum: SETTINGS }) @IsIn(SETTINGS, { message: oneOfMessage('setting', SETTINGS) }) setting!: Setting;
  @ApiProperty({ enum: SERVICE_LEVELS })
  @IsIn(SERVICE_LEVELS, { message: oneOfMessage('serviceLevel', SERVICE_LEVELS) })
  serviceLevel!: ServiceLevel;
  @ApiProperty({ enum: PROGRAMMES }) @IsIn(PROGRAMMES, { message: oneOfMessage('programme', PROGRAMMES) }) programme!: Programme;
  @ApiProperty({ example: 'I63.9', description: 'ICD-10 main diagnosis' }) @IsIcd10() mainDiagnosis!: string;
  @ApiPropertyOptional({ enum: DISCHARGE_DESTINATIONS })
  @IsOptional()
  @IsIn(DISCHARGE_DESTINATIONS, { message: oneOfMessage('dischargeDestination', DISCHARGE_DESTINATIONS) })
  dischargeDestination?: DischargeDestination;
  @ApiPropertyOptional({ type: ConsentDto }) @IsOptional() @ValidateNested() @Type(() => ConsentDto) consent?: ConsentDto;
  @ApiPropertyOptional({ enum: REHAB_LEVELS, description: REHAB_LEVEL_NOTE })
  @IsOptional()
  @IsIn(REHAB_LEVELS, { message: oneOfMessage('rehabLevel', REHAB_LEVELS) })
  rehabLevel?: RehabLevel;
  @ApiPropertyOptional({ enum: PROFESSIONS, isArray: true, minItems: 1, uniqueItems: true, description: PROFESSIONS_NOTE })
  @IsOptional()
  @IsProfessions()
  professions?: Profession[];
  @ApiPropertyOptional({ enum: INDIVIDUAL_PLANS, description: INDIVIDUAL_PLAN_NOTE })
  @IsOptional()
  @IsIn(INDIVIDUAL_PLANS, { message: oneOfMessage('individualPlan', INDIVIDUAL_PLANS) })
  individualPlan?: IndividualPlan;
  @ApiPropertyOptional({ enum: COORDINATORS, description: COORDINATOR_NOTE })
  @IsOptional()
  @IsIn(COORDINATORS, { message: oneOfMessage('coordinator', COORDINATORS) })
  coordinator?: Coordinator;
  @ApiPropertyOptional({ format: 'date', example: '2026-03-20', description: MUNICIPALITY_NOTIFIED_NOTE })
  @IsOptional()
  @IsPastDate()
  municipalityNotifiedDate?: string;
}

export class EpisodeQueryDto {
  @ApiPropertyOptional({ description: 'Only this institution (of yours)' }) @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, EXTERNAL_ID_MAX_LENGTH) externalId?: string;
  @ApiPropertyOptional({ enum: PROGRAMMES })
  @IsOptional()
  @IsIn(PROGRAMMES, { message: oneOfMessage('programme', PROGRAMMES) })
  programme?: Programme;
  @ApiPropertyOptional({ enum: SETTINGS }) @IsOptional() @IsIn(SETTINGS, { message: oneOfMessage('setting', SETTINGS) }) setting?: Setting;
  @ApiPropertyOptional({ description: 'true: only open episodes (no discharge date); false: only closed' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: 'true' | 'false';
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Admitted on or after' }) @IsOptional() @IsPastDate() admittedFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Admitted on or before' })
  @IsOptional()
  @IsOnOrAfter('admittedFrom')
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  admittedTo?: string;
  @ApiPropertyOptional({
    enum: MISSING_FILTERS,
    description:
      'Only episodes that lack this for the indicators: no current admission EQ-5D-5L; discharged without a discharge EQ-5D-5L; no admission Barthel or, discharged, no discharge Barthel; a current response outside its time window',
  })
  @IsOptional()
  @IsIn(MISSING_FILTERS, { message: oneOfMessage('missing', MISSING_FILTERS) })
  missing?: MissingFilter;
  @ApiPropertyOptional({
    enum: EPISODE_SORTS,
    default: '-admissionDate',
    description: 'The order: newest admission first (default), oldest admission first, or by your own episode id',
  })
  @IsOptional()
  @IsIn(EPISODE_SORTS, { message: oneOfMessage('sort', EPISODE_SORTS) })
  sort?: EpisodeSort;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500, description: 'Episodes a page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ description: CURSOR_DESCRIPTION })
  @IsOptional()
  @Matches(CURSOR_FORMAT, { message: 'cursor must be the nextCursor or prevCursor of a page' })
  cursor?: string;
}

export class EpisodeDto {
  @ApiProperty() id!: string;
  @ApiProperty() institutionId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) unitId!: string | null;
  @ApiProperty() externalId!: string;
  @ApiProperty({ description: 'Derived from the identity number' }) birthYear!: number;
  @ApiProperty({ enum: SEXES }) sex!: Sex;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) referralDate!: string | null;
  @ApiProperty() admissionDate!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dischargeDate!: string | null;
  @ApiProperty({ enum: SETTINGS }) setting!: Setting;
  @ApiProperty({ enum: SERVICE_LEVELS }) serviceLevel!: ServiceLevel;
  @ApiProperty({ enum: PROGRAMMES }) programme!: Programme;
  @ApiProperty() mainDiagnosis!: string;
  @ApiProperty({ enum: DISCHARGE_DESTINATIONS, nullable: true }) dischargeDestination!: DischargeDestination | null;
  @ApiProperty({ type: ConsentDto, nullable: true }) consent!: ConsentDto | null;
  @ApiProperty({ type: String, enum: REHAB_LEVELS, nullable: true, description: REHAB_LEVEL_NOTE }) rehabLevel!: RehabLevel | null;
  @ApiProperty({ type: String, enum: PROFESSIONS, isArray: true, nullable: true, description: PROFESSIONS_NOTE })
  professions!: Profession[] | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'How many professions took part (derived from professions)' })
  professionCount!: number | null;
  @ApiProperty({ type: String, enum: INDIVIDUAL_PLANS, nullable: true, description: INDIVIDUAL_PLAN_NOTE })
  individualPlan!: IndividualPlan | null;
  @ApiProperty({ type: String, enum: COORDINATORS, nullable: true, description: COORDINATOR_NOTE }) coordinator!: Coordinator | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: MUNICIPALITY_NOTIFIED_NOTE })
  municipalityNotifiedDate!: string | null;
  @ApiProperty({
    enum: MISSING_FORMS,
    isArray: true,
    description:
      'What the episode lacks for the indicators now: a current admission EQ-5D-5L or Barthel, a discharge one once discharged, and `out-of-window` when a current response lies outside its time window',
  })
  missing!: MissingForm[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** A correction of an episode's patient, as its history shows it. */
export class PatientCorrectionRecordDto {
  @ApiProperty({ format: 'date-time' }) correctedAt!: string;
  @ApiProperty() reason!: string;
}

export class EpisodeWithResponsesDto extends EpisodeDto {
  @ApiProperty({ type: [ResponseDto], description: 'Current versions of the responses, with scores' }) responses!: ResponseDto[];
  @ApiProperty({
    type: [PatientCorrectionRecordDto],
    description: 'Corrections of the patient, oldest first: when and why, never the numbers',
  })
  patientCorrections!: PatientCorrectionRecordDto[];
}

export class EpisodePageDto extends KeysetPageFields {
  @ApiProperty({ type: [EpisodeDto] }) items!: EpisodeDto[];
}
