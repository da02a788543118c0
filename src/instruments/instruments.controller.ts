import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { Eq5dIndexDto, Eq5dIndexQueryDto, Eq5dValueSetDto } from './dto/eq5d.dto';
import { InstrumentDefinitionDto } from './dto/instrument-definition.dto';
import { InstrumentsService } from './instruments.service';

@ApiTags('instruments')
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Get()
  @Public('definitions are not person data, and the EQ-5D-5L labels served are placeholders, not the licensed wording')
  @ApiOperation({ summary: 'Instrument definitions: items, allowed values, labels per language (EQ-5D-5L labels are placeholders)' })
  @ApiOkResponse({ type: [InstrumentDefinitionDto] })
  definitions(): InstrumentDefinitionDto[] {
    return this.instruments.definitions();
  }

  @Get('eq5d-5l/value-sets')
  @Public('the published EQ-5D-5L value sets, with their references')
  @ApiOperation({ summary: 'EQ-5D-5L value sets the index can be computed with, and which one is the register’s default' })
  @ApiOkResponse({ type: [Eq5dValueSetDto] })
  eq5dValueSets(): Eq5dValueSetDto[] {
    return this.instruments.eq5dValueSets();
  }

  @Get('eq5d-5l/index')
  @Public('a calculator over published value sets')
  @ApiOperation({ summary: 'EQ-5D-5L index and level sum of a health state, with a value set (default: the register’s)' })
  @ApiOkResponse({ type: Eq5dIndexDto })
  eq5dIndex(@Query() query: Eq5dIndexQueryDto): Eq5dIndexDto {
    return this.instruments.eq5dIndex(query);
  }
}
