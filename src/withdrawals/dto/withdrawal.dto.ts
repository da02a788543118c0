import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class CreateWithdrawalDto {
  @ApiProperty({ description: 'National identity number of the patient who withdraws; pseudonymized at once, never stored' })
  @IsString({ message: 'nationalId must be a string of 11 digits' })
  @Matches(/^\d{11}$/, { message: 'nationalId must be 11 digits' })
  nationalId!: string;
}

export class WithdrawalResultDto {
  @ApiProperty({ description: 'Episodes of the patient, at every institution, now out of use' }) withdrawnEpisodes!: number;
  @ApiProperty({
    format: 'date-time',
    description: "When the grace period ends: after this the patient's data are erased, and the withdrawal can no longer be cancelled",
  })
  erasureDueAt!: string;
}

export class CancelWithdrawalDto {
  @ApiProperty({
    description: 'National identity number of the patient whose withdrawal was a mistake; pseudonymized at once, never stored',
  })
  @IsString({ message: 'nationalId must be a string of 11 digits' })
  @Matches(/^\d{11}$/, { message: 'nationalId must be 11 digits' })
  nationalId!: string;

  @ApiProperty({
    description: 'Why the withdrawal is cancelled (5-500 characters); no identity numbers',
    example: 'Withdrawn for the wrong patient',
  })
  @IsString({ message: 'reason must be a string' })
  @Length(5, 500, { message: 'reason must be 5 to 500 characters' })
  @Matches(/^(?!.*\d{11}).*$/s, { message: 'reason must not contain an identity number (11 digits in a row)' })
  reason!: string;
}

export class WithdrawalCancellationDto {
  @ApiProperty({ description: 'Episodes of the patient, at every institution, in use again' }) restoredEpisodes!: number;
}
