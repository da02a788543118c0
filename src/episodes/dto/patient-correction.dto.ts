import { ApiProperty } from '@nestjs/swagger';
import { IsReason } from '../../common/validators';
import { PatientDto } from './episode.dto';

/** The right patient (as when registering an episode), and why the episode is corrected. */
export class PatientCorrectionDto extends PatientDto {
  @ApiProperty({
    description: 'Why the patient is corrected (5-500 characters), kept in the episode history; no identity numbers',
    example: 'Registered for the wrong patient in the EHR',
  })
  @IsReason()
  reason!: string;
}
