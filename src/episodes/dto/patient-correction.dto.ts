import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { oneOfMessage, SEXES, type Sex } from '../episode.enums';
import { NATIONAL_ID_FORMAT } from './episode.dto';

/** Free text must not become a way to store a number the register never keeps. */
const NO_ELEVEN_DIGITS = /^(?!.*\d{11}).*$/s;

export class PatientCorrectionDto {
  @ApiProperty({
    description: "The right patient's national identity number (11 digits); pseudonymized at once, never stored",
    example: '17855018098',
  })
  @IsString({ message: 'nationalId must be a string of 11 digits' })
  @Matches(NATIONAL_ID_FORMAT, { message: 'nationalId must be 11 digits' })
  nationalId!: string;

  @ApiPropertyOptional({ enum: SEXES, description: 'Taken from the number when left out (numbers issued from 2032 do not encode sex)' })
  @IsOptional()
  @IsIn(SEXES, { message: oneOfMessage('sex', SEXES) })
  sex?: Sex;

  @ApiProperty({
    description: 'Why the patient is corrected (5-500 characters), kept in the episode history; no identity numbers',
    example: 'Registered for the wrong patient in the EHR',
  })
  @IsString({ message: 'reason must be a string' })
  @Length(5, 500, { message: 'reason must be 5 to 500 characters' })
  @Matches(NO_ELEVEN_DIGITS, { message: 'reason must not contain an identity number (11 digits in a row)' })
  reason!: string;
}
