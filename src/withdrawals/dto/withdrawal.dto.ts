import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class CreateWithdrawalDto {
  @ApiProperty({ description: 'National identity number of the patient who withdraws; pseudonymized at once, never stored' })
  @IsString({ message: 'nationalId must be a string of 11 digits' })
  @Matches(/^\d{11}$/, { message: 'nationalId must be 11 digits' })
  nationalId!: string;
}

export class WithdrawalResultDto {
  @ApiProperty({ description: 'Episodes of the patient, at every institution, now out of use' }) withdrawnEpisodes!: number;
}
