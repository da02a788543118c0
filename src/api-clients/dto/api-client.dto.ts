import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'DIPS integration', description: 'What the key is for, so people can recognise it later' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() institutionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The public start of the key, to recognise it (rr_<prefix>_...)' }) prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself. Shown once: store it now; the register keeps only a hash.' }) key!: string;
}
