import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowDataManagers } from '../auth/access.decorators';
import { ApiExportFileResponses, sendExportFile } from '../extracts/extract-download';
import { CreateInstitutionExportDto, InstitutionExportDto, InstitutionExportListDto } from './dto/institution-export.dto';
import { InstitutionExportService } from './institution-export.service';

@ApiTags('exports')
@Controller('exports')
@AllowDataManagers()
export class ExportsController {
  constructor(private readonly exports: InstitutionExportService) {}

  @Post()
  @ApiOperation({
    summary: "Export all of your institution's episodes and responses admitted in a period (data managers): built in the background",
  })
  @ApiCreatedResponse({ type: InstitutionExportDto })
  create(@Body() dto: CreateInstitutionExportDto): Promise<InstitutionExportDto> {
    return this.exports.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'The exports of the institutions you manage, newest first' })
  @ApiOkResponse({ type: InstitutionExportListDto })
  list(): Promise<InstitutionExportListDto> {
    return this.exports.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One export; when ready, with its files' })
  @ApiOkResponse({ type: InstitutionExportDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<InstitutionExportDto> {
    return this.exports.get(id);
  }

  @Get(':id/files/:name')
  @ApiOperation({ summary: 'Download a file of a ready export (audited); ETag is its SHA-256' })
  @ApiExportFileResponses('export')
  async download(@Param('id', ParseUUIDPipe) id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    sendExportFile(res, await this.exports.download(id, name));
  }
}
