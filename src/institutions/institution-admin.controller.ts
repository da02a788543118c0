import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { CreateInstitutionDto, CreateUnitDto, InstitutionDto, UnitDto, UpdateInstitutionDto, UpdateUnitDto } from './dto/institution.dto';
import { InstitutionService } from './institution.service';

@ApiTags('admin')
@Controller('admin/institutions')
@Allow('admin')
export class InstitutionAdminController {
  constructor(private readonly institutions: InstitutionService) {}

  @Post()
  @ApiConflictResponse({ description: 'An institution with this organization number is registered (institution-exists)' })
  @ApiOperation({ summary: 'Register an institution' })
  @ApiCreatedResponse({ type: InstitutionDto })
  create(@Body() dto: CreateInstitutionDto): Promise<InstitutionDto> {
    return this.institutions.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List institutions' })
  @ApiOkResponse({ type: [InstitutionDto] })
  list(): Promise<InstitutionDto[]> {
    return this.institutions.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One institution' })
  @ApiOkResponse({ type: InstitutionDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<InstitutionDto> {
    return this.institutions.get(id);
  }

  @Patch(':id')
  @ApiConflictResponse({ description: 'Another institution has this organization number (conflict)' })
  @ApiOperation({ summary: 'Update an institution; `active: false` deactivates it' })
  @ApiOkResponse({ type: InstitutionDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateInstitutionDto): Promise<InstitutionDto> {
    return this.institutions.update(id, dto);
  }

  @Post(':id/units')
  @ApiConflictResponse({ description: 'The institution has a unit of this name (unit-exists)' })
  @ApiOperation({ summary: 'Add a unit to an institution' })
  @ApiCreatedResponse({ type: UnitDto })
  createUnit(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateUnitDto): Promise<UnitDto> {
    return this.institutions.createUnit(id, dto);
  }

  @Get(':id/units')
  @ApiOperation({ summary: "An institution's units" })
  @ApiOkResponse({ type: [UnitDto] })
  listUnits(@Param('id', ParseUUIDPipe) id: string): Promise<UnitDto[]> {
    return this.institutions.listUnits(id);
  }

  @Patch(':id/units/:unitId')
  @ApiConflictResponse({ description: 'The institution has another unit of this name (conflict)' })
  @ApiOperation({ summary: 'Rename or deactivate a unit' })
  @ApiOkResponse({ type: UnitDto })
  updateUnit(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('unitId', ParseUUIDPipe) unitId: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitDto> {
    return this.institutions.updateUnit(id, unitId, dto);
  }
}
