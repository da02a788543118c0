/** Instrument definitions as served by GET /api/v1/instruments: items, allowed values and labels per language. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INSTRUMENT_IDS, INSTRUMENT_LANGUAGES, type InstrumentId, type InstrumentLanguage } from '../instrument-definitions';

export class LocalizedTextDto {
  @ApiProperty({ description: 'Norwegian Bokmål' }) nb!: string;
  @ApiProperty({ description: 'Norwegian Nynorsk' }) nn!: string;
  @ApiProperty({ description: 'English' }) en!: string;
}

export class ItemOptionDto {
  @ApiProperty({ example: 1 }) value!: number;
  @ApiProperty({ type: LocalizedTextDto }) label!: LocalizedTextDto;
}

export class ItemDefinitionDto {
  @ApiProperty({ example: 'mobility', description: 'The key of this item in a response’s answers' }) id!: string;
  @ApiProperty({
    enum: ['choice', 'integer'],
    description: '`choice`: one of `allowedValues`; `integer`: a whole number from `min` to `max`',
  })
  kind!: 'choice' | 'integer';
  @ApiProperty({ type: LocalizedTextDto }) label!: LocalizedTextDto;
  @ApiPropertyOptional({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description: 'Choice items: the values an answer may take (Barthel: on the 100-point scale)',
  })
  allowedValues?: number[];
  @ApiPropertyOptional({
    type: [ItemOptionDto],
    description: 'Choice items where a number alone does not say enough: a label per allowed value, in the order to show them',
  })
  options?: ItemOptionDto[];
  @ApiPropertyOptional({ example: 0, description: 'Integer items: smallest allowed value' }) min?: number;
  @ApiPropertyOptional({ example: 100, description: 'Integer items: largest allowed value' }) max?: number;
}

export class InstrumentDefinitionDto {
  @ApiProperty({ enum: INSTRUMENT_IDS }) id!: InstrumentId;
  @ApiProperty({ example: 'EQ-5D-5L' }) name!: string;
  @ApiProperty({ enum: INSTRUMENT_LANGUAGES, isArray: true, description: 'Languages every label is given in' })
  languages!: InstrumentLanguage[];
  @ApiProperty({ type: [ItemDefinitionDto] }) items!: ItemDefinitionDto[];
  @ApiProperty({
    description: 'True when the labels are stand-ins (EQ-5D-5L): the licensed wording is loaded at run time and never served here',
  })
  wordingIsPlaceholder!: boolean;
  @ApiProperty({ description: 'How the wording may be used and shown' }) wordingNote!: string;
  @ApiProperty({ example: 'eq5d-5l/1', description: 'Stored with every score computed with these rules' }) scoringVersion!: string;
  @ApiPropertyOptional({
    type: [Number],
    example: [100, 20],
    description: 'Barthel: scales accepted on input; allowedValues are on the first (100-point) one',
  })
  inputScales?: number[];
  @ApiPropertyOptional({
    example: 'norway',
    description: 'EQ-5D-5L: the register’s default value set; all of them: GET /api/v1/instruments/eq5d-5l/value-sets',
  })
  defaultValueSetId?: string;
}
