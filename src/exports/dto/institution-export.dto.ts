import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { BuiltFileDto, PeriodFromField, PeriodToField } from '../../common/built-files.dto';
import { EXPORT_FORMATS, EXPORT_STATUSES, type ExportFormat, type ExportStatus } from '../institution-export.repository';

export class CreateInstitutionExportDto {
  @PeriodFromField()
  periodFrom!: string;

  @PeriodToField()
  periodTo!: string;

  @ApiProperty({ enum: EXPORT_FORMATS, description: 'csv: episodes.csv and responses.csv; parquet: the same as .parquet' })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format!: ExportFormat;

  @ApiPropertyOptional({ format: 'uuid', description: 'The institution, for a data manager of several' })
  @IsOptional()
  @IsUUID('all', { message: 'institutionId must be an institution id (UUID)' })
  institutionId?: string;
}

export class InstitutionExportFileDto extends BuiltFileDto('episodes.csv', 'columns') {}

export class InstitutionExportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) institutionId!: string;
  @ApiProperty({ format: 'uuid', description: 'The data manager who asked for it' }) requestedBy!: string;
  @ApiProperty({ format: 'date' }) periodFrom!: string;
  @ApiProperty({ format: 'date' }) periodTo!: string;
  @ApiProperty({ enum: EXPORT_FORMATS }) format!: ExportFormat;
  @ApiProperty({ enum: EXPORT_STATUSES }) status!: ExportStatus;
  @ApiProperty({ format: 'date-time', description: 'When the files are deleted' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) builtAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Episodes in the built export' }) episodeCount!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Response versions in the built export' }) responseCount!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Patients in the built export' }) patientCount!: number | null;
  @ApiProperty({ type: String, nullable: true }) failure!: string | null;
  @ApiProperty({ type: [InstitutionExportFileDto], description: 'The files, when the export is ready' }) files!: InstitutionExportFileDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class InstitutionExportListDto {
  @ApiProperty({ type: [InstitutionExportDto] }) items!: InstitutionExportDto[];
}
