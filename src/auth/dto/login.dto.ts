import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'staff@nord.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'a long passphrase' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'JWT to send as "Authorization: Bearer <token>"' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires', example: 900 }) expiresIn!: number;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
}

export class MeDto {
  @ApiProperty({ enum: ['user', 'api_client'] }) kind!: 'user' | 'api_client';
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for an API client' }) email!: string | null;
  @ApiProperty({ enum: ['admin', 'staff', 'researcher', 'api_client'] }) role!: string;
  @ApiProperty({ type: [String], description: 'Institutions whose person-level data you may reach' }) institutionIds!: string[];
  @ApiProperty({ type: [String], description: 'Those of institutionIds whose data you may export as their data manager' })
  dataManagerInstitutionIds!: string[];
}
