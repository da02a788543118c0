/** What an own-data export and a research extract share in their API: the admission period asked for, and a built file. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOnOrAfter, IsRealDate } from './validators';

export const PeriodFromField = (): PropertyDecorator =>
  applyDecorators(ApiProperty({ format: 'date', description: 'First admission date of the period', example: '2025-01-01' }), IsRealDate());

export const PeriodToField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ format: 'date', description: 'Last admission date of the period', example: '2025-12-31' }),
    IsRealDate(),
    IsOnOrAfter('periodFrom'),
  );

/** A file a job built, as its export or extract lists it: `example` names one, `rowsOfCodebook` says what the codebook's rows are. */
export function BuiltFileDto(example: string, rowsOfCodebook: string) {
  class BuiltFile {
    @ApiProperty({ example }) name!: string;
    @ApiProperty({ enum: ['csv', 'parquet', 'json'] }) format!: 'csv' | 'parquet' | 'json';
    @ApiProperty({ description: 'Size in bytes' }) bytes!: number;
    @ApiProperty({ type: Number, nullable: true, description: `Data rows (${rowsOfCodebook}, for the codebook); null for the manifest` })
    rows!: number | null;
    @ApiProperty({ description: 'SHA-256 of the file, hex; also its ETag' }) sha256!: string;
    @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  }
  return BuiltFile;
}
