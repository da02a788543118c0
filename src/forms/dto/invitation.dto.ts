import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TIMEPOINTS, type Timepoint } from '../../episodes/responses/dto/response.dto';
import { FORM_LANGUAGES, type FormLanguage } from '../messages';

/** Instruments a patient can answer on the web form. */
export const INVITATION_INSTRUMENTS = ['eq5d-5l'] as const;
export type InvitationInstrument = (typeof INVITATION_INSTRUMENTS)[number];
export const INVITATION_STATES = ['open', 'used', 'expired', 'revoked'] as const;

export class CreateInvitationDto {
  @ApiProperty({ enum: TIMEPOINTS })
  @IsIn(TIMEPOINTS, { message: `timepoint must be one of ${TIMEPOINTS.join(', ')}` })
  timepoint!: Timepoint;
  @ApiProperty({ enum: INVITATION_INSTRUMENTS, description: 'The questionnaire the patient answers' })
  @IsIn(INVITATION_INSTRUMENTS, { message: `instrument must be one of ${INVITATION_INSTRUMENTS.join(', ')}` })
  instrument!: InvitationInstrument;
  @ApiPropertyOptional({
    enum: FORM_LANGUAGES,
    description: "The form's language; left out, the patient's browser language decides (bokmål by default). The patient can switch.",
  })
  @IsOptional()
  @IsIn(FORM_LANGUAGES, { message: `language must be one of ${FORM_LANGUAGES.join(', ')}` })
  language?: FormLanguage;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Days the link stays valid (default INVITATION_TTL_DAYS, 14)' })
  @IsOptional()
  @IsInt({ message: 'expiresInDays must be a whole number from 1 to 365' })
  @Min(1, { message: 'expiresInDays must be a whole number from 1 to 365' })
  @Max(365, { message: 'expiresInDays must be a whole number from 1 to 365' })
  expiresInDays?: number;
}

export class CreatedInvitationDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    description:
      "The form's address with the one-time token: give it to the patient (link or QR code). It is shown here and in the QR code only.",
  })
  url!: string;
  @ApiProperty() expiresAt!: string;
}

export class InvitationDto {
  @ApiProperty() id!: string;
  @ApiProperty() episodeId!: string;
  @ApiProperty({ enum: TIMEPOINTS }) timepoint!: Timepoint;
  @ApiProperty({ enum: INVITATION_INSTRUMENTS }) instrument!: InvitationInstrument;
  @ApiProperty({ enum: FORM_LANGUAGES, nullable: true }) language!: FormLanguage | null;
  @ApiProperty({ enum: INVITATION_STATES }) state!: (typeof INVITATION_STATES)[number];
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) usedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The response the patient sent' }) responseId!: string | null;
  @ApiProperty() createdAt!: string;
}
