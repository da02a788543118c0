/**
 * Item answers per instrument. The answers object is validated as the class of its instrument
 * (chosen from the response's `instrument`), so every bad item gets its own JSON pointer,
 * e.g. /responses/0/answers/vas. Missing items are allowed: they only mean no index or total.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, registerDecorator, ValidationArguments } from 'class-validator';
import { BARTHEL_ITEMS, BarthelItem, barthelAllowedValues, type BarthelScale } from '../../../instruments/barthel.scoring';
import { type InstrumentId, isInstrumentId } from '../../../instruments/instrument-definitions';
import { MRS_GRADES } from '../../../instruments/mrs.scoring';

const level = (name: string) => ({
  message: `${name} must be a whole number from 1 to 5 (levels 1 = no problems ... 5 = extreme problems)`,
});

export class Eq5dAnswersDto {
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt(level('mobility'))
  @Min(1, level('mobility'))
  @Max(5, level('mobility'))
  mobility?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt(level('selfCare'))
  @Min(1, level('selfCare'))
  @Max(5, level('selfCare'))
  selfCare?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt(level('usualActivities'))
  @Min(1, level('usualActivities'))
  @Max(5, level('usualActivities'))
  usualActivities?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt(level('painDiscomfort'))
  @Min(1, level('painDiscomfort'))
  @Max(5, level('painDiscomfort'))
  painDiscomfort?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt(level('anxietyDepression'))
  @Min(1, level('anxietyDepression'))
  @Max(5, level('anxietyDepression'))
  anxietyDepression?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 100, description: 'EQ VAS, 0 (worst) to 100 (best)' })
  @IsOptional()
  @IsInt({ message: 'vas must be a whole number from 0 to 100' })
  @Min(0, { message: 'vas must be a whole number from 0 to 100' })
  @Max(100, { message: 'vas must be a whole number from 0 to 100' })
  vas?: number | null;
}

/** A Barthel item's value must be one of the allowed values of the answers' scale (100 unless `scale: 20`). */
function IsBarthelValue(item: BarthelItem) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBarthelValue',
      target: object.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${item} must be one of ${barthelAllowedValues(item, scaleOf(args.object)).join(', ')} on the ${scaleOf(args.object)}-point scale`,
      },
      validator: { validate: (value: unknown, args: ValidationArguments) => isBarthelItemValue(item, value, args.object) },
    });
}

/** An item may be left out (or null); otherwise it must be an allowed value on the answers' scale. */
export function isBarthelItemValue(item: BarthelItem, value: unknown, answers: object): boolean {
  return value === null || value === undefined || barthelAllowedValues(item, scaleOf(answers)).includes(value as number);
}

function scaleOf(answers: object): BarthelScale {
  return (answers as { scale?: unknown }).scale === 20 ? 20 : 100;
}

const allowed = (item: BarthelItem) => ({
  type: 'integer' as const,
  nullable: true,
  description: `${BARTHEL_ITEMS[item].join('/')} on the 100-point scale; divided by 5 on the 20-point scale`,
});

export class BarthelAnswersDto {
  @ApiPropertyOptional({
    enum: [100, 20],
    default: 100,
    description: 'Scale the item values are on: 100 (Mahoney & Barthel) or 20 (Collin & Wade)',
  })
  @IsOptional()
  @IsIn([100, 20], { message: 'scale must be 100 or 20' })
  scale?: BarthelScale;
  @ApiPropertyOptional(allowed('feeding')) @IsBarthelValue('feeding') feeding?: number | null;
  @ApiPropertyOptional(allowed('bathing')) @IsBarthelValue('bathing') bathing?: number | null;
  @ApiPropertyOptional(allowed('grooming')) @IsBarthelValue('grooming') grooming?: number | null;
  @ApiPropertyOptional(allowed('dressing')) @IsBarthelValue('dressing') dressing?: number | null;
  @ApiPropertyOptional(allowed('bowels')) @IsBarthelValue('bowels') bowels?: number | null;
  @ApiPropertyOptional(allowed('bladder')) @IsBarthelValue('bladder') bladder?: number | null;
  @ApiPropertyOptional(allowed('toiletUse')) @IsBarthelValue('toiletUse') toiletUse?: number | null;
  @ApiPropertyOptional(allowed('transfers')) @IsBarthelValue('transfers') transfers?: number | null;
  @ApiPropertyOptional(allowed('mobility')) @IsBarthelValue('mobility') mobility?: number | null;
  @ApiPropertyOptional(allowed('stairs')) @IsBarthelValue('stairs') stairs?: number | null;
}

const grade = { message: 'score must be a whole number from 0 to 6 (0 = no symptoms ... 5 = severe disability, 6 = dead)' };

export class MrsAnswersDto {
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 6,
    description: 'Modified Rankin Scale grade, clinician-rated',
  })
  @IsOptional()
  @IsIn(MRS_GRADES, grade) // one rule, so a bad grade gets one error
  score?: number | null;
}

const ANSWERS_DTOS: Readonly<Record<InstrumentId, new () => object>> = {
  'eq5d-5l': Eq5dAnswersDto,
  barthel: BarthelAnswersDto,
  mrs: MrsAnswersDto,
};

/** The answers class of the response's instrument, as its @Type picks it (an unknown instrument is its own error; its answers are checked as EQ-5D-5L). */
export function answersDtoOf(instrument: unknown): new () => object {
  return typeof instrument === 'string' && isInstrumentId(instrument) ? ANSWERS_DTOS[instrument] : Eq5dAnswersDto;
}
