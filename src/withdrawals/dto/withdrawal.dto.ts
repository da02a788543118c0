import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { IsReason } from '../../common/validators';

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
  @IsReason()
  reason!: string;
}

export class WithdrawalCancellationDto {
  @ApiProperty({ description: 'Episodes of the patient, at every institution, in use again' }) restoredEpisodes!: number;
}
