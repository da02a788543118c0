/** Serves the instrument definitions and the EQ-5D-5L calculator from the pure scoring code; no person data, no database. */
import { Injectable } from '@nestjs/common';
import { DEFAULT_VALUE_SET_ID, eq5dIndex, listValueSets, parseEq5dState, roundIndex } from './eq5d.scoring';
import { Eq5dIndexDto, Eq5dIndexQueryDto, Eq5dValueSetDto } from './dto/eq5d.dto';
import { InstrumentDefinitionDto, ItemDefinitionDto } from './dto/instrument-definition.dto';
import { INSTRUMENT_DEFINITIONS, type InstrumentDefinition, type ItemDefinition } from './instrument-definitions';

function toItemDto(item: ItemDefinition): ItemDefinitionDto {
  if (item.kind === 'integer') return { id: item.id, kind: item.kind, label: { ...item.label }, min: item.min, max: item.max };
  return {
    id: item.id,
    kind: item.kind,
    label: { ...item.label },
    allowedValues: [...item.allowedValues],
    ...(item.options && { options: item.options.map((option) => ({ value: option.value, label: { ...option.label } })) }),
  };
}

/** The value-set list is left out here: GET /api/v1/instruments/eq5d-5l/value-sets serves it, with isDefault. */
function toDefinitionDto(definition: InstrumentDefinition): InstrumentDefinitionDto {
  return {
    id: definition.id,
    name: definition.name,
    languages: [...definition.languages],
    items: definition.items.map(toItemDto),
    wordingIsPlaceholder: definition.wordingIsPlaceholder,
    wordingNote: definition.wordingNote,
    scoringVersion: definition.scoringVersion,
    ...(definition.inputScales && { inputScales: [...definition.inputScales] }),
    ...(definition.defaultValueSetId !== undefined && { defaultValueSetId: definition.defaultValueSetId }),
  };
}

@Injectable()
export class InstrumentsService {
  definitions(): InstrumentDefinitionDto[] {
    return Object.values(INSTRUMENT_DEFINITIONS).map(toDefinitionDto);
  }

  eq5dValueSets(): Eq5dValueSetDto[] {
    return listValueSets().map((set) => ({ ...set, isDefault: set.id === DEFAULT_VALUE_SET_ID }));
  }

  /** The query DTO has already checked the state and the value set; the scoring functions check them again. */
  eq5dIndex(query: Eq5dIndexQueryDto): Eq5dIndexDto {
    const valueSet = query.valueSet ?? DEFAULT_VALUE_SET_ID;
    const index = roundIndex(eq5dIndex(query.state, valueSet));
    const levels = Object.values(parseEq5dState(query.state) ?? {});
    return { state: query.state, valueSet, index, levelSum: levels.reduce((sum, level) => sum + level, 0) };
  }
}
