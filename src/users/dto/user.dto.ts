import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { UserRole } from '../../auth/principal';

export const USER_ROLES: UserRole[] = ['admin', 'staff', 'researcher'];

export class CreateUserDto {
  @ApiProperty({ example: 'kari.nordmann@nord.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
  @ApiPropertyOptional({ description: 'At least 12 characters. Leave out for users who sign in only through HelseID.' })
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(1024)
  password?: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES, { message: 'role must be one of admin, staff, researcher' }) role!: UserRole;
  @ApiPropertyOptional({
    description:
      'The password is temporary: the user must choose their own at their first sign-in (the web workspace asks; the API gives no token until then). The workspace always sets this.',
  })
  @IsOptional()
  @IsBoolean({ message: 'mustChangePassword must be true or false' })
  mustChangePassword?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Institutions a staff user works for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'institutionIds must be institution ids (UUIDs)' })
  institutionIds?: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES, { message: 'role must be one of admin, staff, researcher' })
  role?: UserRole;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(1024)
  password?: string;
  @ApiPropertyOptional({
    description: 'With password: it is temporary (a reset), and the user must choose their own at their next sign-in',
  })
  @IsOptional()
  @IsBoolean({ message: 'mustChangePassword must be true or false' })
  mustChangePassword?: boolean;
  @ApiPropertyOptional({ description: 'false deactivates the user' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: [String], description: "Replaces the user's institutions" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'institutionIds must be institution ids (UUIDs)' })
  institutionIds?: string[];
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'The password is temporary: the user must choose their own before anything else' })
  mustChangePassword!: boolean;
  @ApiProperty({ type: [String] }) institutionIds!: string[];
  @ApiProperty({ type: [String], description: 'Those of institutionIds where the user is a data manager (may export its data)' })
  dataManagerInstitutionIds!: string[];
  @ApiProperty() createdAt!: string;
}
