import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CURSOR_FORMAT } from '../../common/keyset-page';
import { CURSOR_DESCRIPTION, KeysetPageFields } from '../../common/keyset-page.dto';

export class AuditEventQueryDto {
  @ApiPropertyOptional({ description: 'User or API client id' }) @IsOptional() @IsString() @MaxLength(100) actorId?: string;
  @ApiPropertyOptional({ enum: ['user', 'api_client', 'invitation', 'system', 'anonymous'] })
  @IsOptional()
  @IsIn(['user', 'api_client', 'invitation', 'system', 'anonymous'])
  actorType?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional({ example: 'episode.read' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ example: 'episode' }) @IsOptional() @IsString() @MaxLength(100) objectType?: string;
  @ApiPropertyOptional({ description: 'Only events that name this object id' }) @IsOptional() @IsString() @MaxLength(100) objectId?: string;
  @ApiPropertyOptional({ description: 'From this time (ISO 8601), inclusive' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ description: 'Before this time (ISO 8601)' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: CURSOR_DESCRIPTION })
  @IsOptional()
  @Matches(CURSOR_FORMAT, { message: 'cursor must be the nextCursor or prevCursor of a page' })
  cursor?: string;
}

export class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() actorType!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) institutionId!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() objectType!: string;
  @ApiProperty({ type: [String] }) objectIds!: string[];
  @ApiProperty() rowCount!: number;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ nullable: true, type: String }) clientAddress!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Position in the hash chain; null until sealed (within seconds)' }) chainSeq!:
    string | null;
}

export class AuditEventPageDto extends KeysetPageFields {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
}
