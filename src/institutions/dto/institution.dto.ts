import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isValidOrgNumber } from '../../common/org-number';
import { INSTITUTION_KINDS, type InstitutionKind, type Region, REGIONS } from '../institution.entity';

@ValidatorConstraint({ name: 'orgNumber' })
class OrgNumberCheck implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidOrgNumber(value);
  }
  defaultMessage(): string {
    return 'orgNumber must be a Norwegian organization number: 9 digits with a valid mod-11 check digit';
  }
}

export class CreateInstitutionDto {
  @ApiProperty({ example: 'Sunnaas sykehus HF' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '883971752', description: '9 digits, mod-11 check digit' })
  @IsString()
  @Matches(/^\d{9}$/, { message: 'orgNumber must be exactly 9 digits' })
  @Validate(OrgNumberCheck)
  orgNumber!: string;
  @ApiProperty({ enum: INSTITUTION_KINDS })
  @IsIn(INSTITUTION_KINDS, { message: `kind must be one of ${INSTITUTION_KINDS.join(', ')}` })
  kind!: InstitutionKind;
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS, { message: `region must be one of ${REGIONS.join(', ')}` }) region!: Region;
}

export class UpdateInstitutionDto extends PartialType(PickType(CreateInstitutionDto, ['name', 'kind', 'region'] as const)) {
  @ApiPropertyOptional({ description: 'false deactivates the institution: its users and API keys lose access' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class InstitutionDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() orgNumber!: string;
  @ApiProperty({ enum: INSTITUTION_KINDS }) kind!: InstitutionKind;
  @ApiProperty({ enum: REGIONS }) region!: Region;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
}

export class CreateUnitDto {
  @ApiProperty({ example: 'Avdeling for hjerneskade' }) @IsString() @Length(1, 200) name!: string;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class UnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() institutionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() active!: boolean;
}
