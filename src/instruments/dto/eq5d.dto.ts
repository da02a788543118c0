/** EQ-5D-5L value sets and the index calculator: GET /api/v1/instruments/eq5d-5l/value-sets and /index. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { DEFAULT_VALUE_SET_ID, isKnownValueSet, parseEq5dState } from '../eq5d.scoring';

export const VALUE_SETS_PATH = '/api/v1/instruments/eq5d-5l/value-sets';

/** Echoes short input back in a message, so a caller sees what arrived; long input is not repeated. */
function got(value: unknown): string {
  return typeof value === 'string' && value.length <= 20 ? ` (got ${JSON.stringify(value)})` : '';
}

function rule(name: string, validate: (value: unknown) => boolean, message: (args: ValidationArguments) => string) {
  return (object: object, propertyName: string) =>
    registerDecorator({ name, target: object.constructor, propertyName, options: { message }, validator: { validate } });
}

/** One rule, so a missing or malformed state gets one error, not one per decorator. */
function IsEq5dState() {
  return rule(
    'isEq5dState',
    (value) => typeof value === 'string' && parseEq5dState(value) !== null,
    (args) =>
      `${args.value === undefined ? `${args.property} is required: ` : `${args.property} must be `}` +
      `the EQ-5D-5L health state as five digits 1-5 (mobility, self-care, usual activities, pain/discomfort, anxiety/depression), such as 12345${got(args.value)}`,
  );
}

/** Absent means the default; present must name a shipped value set. */
function IsKnownValueSetOrAbsent() {
  return rule(
    'isKnownValueSet',
    (value) => value === undefined || (typeof value === 'string' && isKnownValueSet(value)),
    (args) =>
      `${args.property} must be the id of an EQ-5D-5L value set${got(args.value)}; the valid ids are listed by GET ${VALUE_SETS_PATH}, ` +
      `and leaving ${args.property} out uses the register's default, "${DEFAULT_VALUE_SET_ID}"`,
  );
}

export class Eq5dIndexQueryDto {
  @ApiProperty({
    example: '12345',
    pattern: '^[1-5]{5}$',
    description: 'Health state: the levels (1-5) of MO, SC, UA, PD and AD in that order',
  })
  @IsEq5dState()
  state!: string;

  @ApiPropertyOptional({ example: 'norway', default: DEFAULT_VALUE_SET_ID, description: `Value set id, from GET ${VALUE_SETS_PATH}` })
  @IsKnownValueSetOrAbsent()
  valueSet?: string;
}

export class Eq5dIndexDto {
  @ApiProperty({ example: '12345' }) state!: string;
  @ApiProperty({ example: 'norway', description: 'The value set the index was computed with' }) valueSet!: string;
  @ApiProperty({ example: 0.123, description: 'The index, rounded to 3 decimals (halves away from zero)' }) index!: number;
  @ApiProperty({ example: 15, minimum: 5, maximum: 25, description: 'Level sum score: the five levels added up' }) levelSum!: number;
}

export class Eq5dValueSetDto {
  @ApiProperty({ example: 'norway', description: 'Pass as `valueSet`' }) id!: string;
  @ApiProperty({ example: 'Norway' }) name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'DOI of the publication' }) doi!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'PubMed id of the publication' }) pubmed!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where the value set is published, when there is no DOI or PubMed id' }) url!:
    string | null;
  @ApiProperty({ description: 'The register’s default, used on every indicator and when no value set is named' }) isDefault!: boolean;
}
