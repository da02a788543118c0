import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { IsReason } from '../../common/validators';
import { EpisodeDto, PatientCorrectionRecordDto } from '../../episodes/dto/episode.dto';
import { ResponseDto } from '../../episodes/responses/dto/response.dto';
import { FORM_LANGUAGES, type FormLanguage } from '../../forms/messages';

export const REPORT_FORMATS = ['json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

class NationalIdField {
  @ApiProperty({ description: 'National identity number of the patient the report is about; pseudonymized at once, never stored' })
  @IsString({ message: 'nationalId must be a string of 11 digits' })
  @Matches(/^\d{11}$/, { message: 'nationalId must be 11 digits' })
  nationalId!: string;
}

export class CreateAccessReportDto extends NationalIdField {
  @ApiPropertyOptional({ format: 'uuid', description: 'Which of your institutions the report is for (needed when you work for several)' })
  @IsOptional()
  @IsUUID('all', { message: 'institutionId must be a UUID' })
  institutionId?: string;
}

export class AccessReportQueryDto {
  @ApiPropertyOptional({ enum: FORM_LANGUAGES, description: 'Language of the report; else from Accept-Language, else nb' })
  @IsOptional()
  @IsIn(FORM_LANGUAGES, { message: `lang must be one of ${FORM_LANGUAGES.join(', ')}` })
  lang?: FormLanguage;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'html for a page to print; else as Accept says, JSON by default' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class CreateRegisterAccessReportDto extends NationalIdField {
  @ApiProperty({
    description: "The patient's request reference and why the report is made (5-500 characters); no identity numbers",
    example: 'Access request 2026/118, received by letter 2026-11-20',
  })
  @IsReason()
  reason!: string;

  @ApiPropertyOptional({ enum: FORM_LANGUAGES, default: 'nb', description: 'Language of the report' })
  @IsOptional()
  @IsIn(FORM_LANGUAGES, { message: `lang must be one of ${FORM_LANGUAGES.join(', ')}` })
  lang?: FormLanguage;
}

export class ReportInstitutionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class AccessReportEpisodeDto {
  @ApiProperty({ type: ReportInstitutionDto }) institution!: ReportInstitutionDto;
  @ApiProperty({ type: EpisodeDto }) episode!: EpisodeDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the episode left use because the patient withdrew' })
  withdrawnAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description:
      "Kept for its institution only (registered after a withdrawal, without a new consent). Only the register's report says it; an institution's part gives null",
  })
  keptForInstitutionOnly!: boolean | null;
  @ApiProperty({ type: [ResponseDto], description: 'Every version of every response, with its scores' }) responses!: ResponseDto[];
  @ApiProperty({ type: [PatientCorrectionRecordDto] }) patientCorrections!: PatientCorrectionRecordDto[];
}

export class AccessReportWithdrawalDto {
  @ApiProperty({ format: 'date-time' }) withdrawnAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the data are erased unless the withdrawal is cancelled first' })
  erasureDueAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When a new consent re-enrolled the patient' })
  reenrolledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) erasedAt!: string | null;
}

export class AccessReportReadDto {
  @ApiProperty({ example: '2026-11-29', description: 'The day (Norwegian time)' }) date!: string;
  @ApiProperty({ nullable: true, type: ReportInstitutionDto, description: 'The institution the reader acted for' })
  institution!: ReportInstitutionDto | null;
  @ApiProperty({ enum: ['user', 'api_client', 'invitation', 'system', 'anonymous'] }) actorType!: string;
  @ApiProperty({ description: "Who read: a user's e-mail address, a system's name, or what the actor type says" }) actor!: string;
  @ApiProperty({ description: 'What was done, e.g. episode.read (audit action)' }) action!: string;
  @ApiProperty({ description: 'How many times that day' }) count!: number;
}

/** One build of a research extract that held the patient: an extract rebuilt (e.g. after withdrawals) is listed once per build that held them. */
export class AccessReportExtractDto {
  @ApiProperty({ description: "The research project's title" }) title!: string;
  @ApiProperty({ description: 'Which build of the extract: 1 the first, one more per rebuild' }) build!: number;
  @ApiProperty({ format: 'date-time', description: 'When this build was made' }) builtAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When its files expire' }) expiresAt!: string | null;
  @ApiProperty({ description: "How many of the patient's episodes it holds" }) episodes!: number;
}

/** What the register holds about a patient, in the report's scope: one institution's part, or the whole register. */
export class AccessReportDto {
  @ApiProperty({ enum: FORM_LANGUAGES }) language!: FormLanguage;
  @ApiProperty({ enum: ['institution', 'register'], description: "One institution's part, or the whole register" })
  scope!: 'institution' | 'register';
  @ApiProperty({
    nullable: true,
    type: ReportInstitutionDto,
    description: "The institution whose part this is (null: the register's report)",
  })
  institution!: ReportInstitutionDto | null;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ description: 'The title, in the language' }) title!: string;
  @ApiProperty({ description: 'What the report holds and what it does not, in the language' }) about!: string;
  @ApiProperty({ type: [AccessReportEpisodeDto] }) episodes!: AccessReportEpisodeDto[];
  @ApiProperty({ type: [AccessReportWithdrawalDto] }) withdrawals!: AccessReportWithdrawalDto[];
  @ApiProperty({ type: [AccessReportReadDto], description: "Who read the patient's person-level data, by day, from the audit log" })
  reads!: AccessReportReadDto[];
  @ApiProperty({
    type: [AccessReportExtractDto],
    description: "Research extracts that included the patient, one entry per build that did, while the extract's inclusion lists are kept",
  })
  extracts!: AccessReportExtractDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The coded values of this report in words, in the language (e.g. "programme.stroke")',
  })
  labels!: Record<string, string>;
}

export const REGISTER_REPORT_STATUSES = ['queued', 'building', 'ready', 'failed', 'expired'] as const;
export type RegisterReportStatus = (typeof REGISTER_REPORT_STATUSES)[number];

export class RegisterAccessReportFileDto {
  @ApiProperty({ example: 'access-report.html' }) name!: string;
  @ApiProperty({ enum: ['html', 'json'] }) format!: 'html' | 'json';
  @ApiProperty() bytes!: number;
  @ApiProperty({ description: 'SHA-256, hex' }) sha256!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** An administrator's report across institutions: never its content, only its state and files. */
export class RegisterAccessReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REGISTER_REPORT_STATUSES }) status!: RegisterReportStatus;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: FORM_LANGUAGES }) language!: FormLanguage;
  @ApiProperty({ format: 'uuid', description: 'The administrator who made it' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) builtAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) failure!: string | null;
  @ApiProperty({ type: [RegisterAccessReportFileDto], description: 'When ready' }) files!: RegisterAccessReportFileDto[];
}

export class RegisterAccessReportListDto {
  @ApiProperty({ type: [RegisterAccessReportDto] }) items!: RegisterAccessReportDto[];
}
