import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, Public } from '../auth/access.decorators';
import {
  CreateExtractRequestDto,
  ExtractRequestDto,
  ExtractRequestListDto,
  ExtractRequestQueryDto,
  ExtractVariableCatalogueDto,
} from './dto/extract-request.dto';
import { ApiExportFileResponses, sendExportFile } from './extract-download';
import { ExtractRequestService } from './extract-request.service';

@ApiTags('extracts')
@Controller()
export class ExtractsController {
  constructor(private readonly extracts: ExtractRequestService) {}

  @Get('extract-variables')
  @Public('The catalogue of extract variables is published so researchers can plan an application')
  @ApiOperation({ summary: 'The published catalogue of variables a research extract can hold' })
  @ApiOkResponse({ type: ExtractVariableCatalogueDto })
  catalogue(): ExtractVariableCatalogueDto {
    return this.extracts.catalogue();
  }

  @Post('extract-requests')
  @Allow('researcher')
  @ApiOperation({ summary: 'Apply for a research extract (researchers): project, purpose, ethics approval, variables and period' })
  @ApiCreatedResponse({ type: ExtractRequestDto })
  create(@Body() dto: CreateExtractRequestDto): Promise<ExtractRequestDto> {
    return this.extracts.create(dto);
  }

  @Get('extract-requests')
  @Allow('researcher')
  @ApiOperation({ summary: "The caller's own extract requests, newest first" })
  @ApiOkResponse({ type: ExtractRequestListDto })
  list(@Query() query: ExtractRequestQueryDto): Promise<ExtractRequestListDto> {
    return this.extracts.list(query.status);
  }

  @Get('extract-requests/:id')
  @Allow('researcher')
  @ApiOperation({ summary: "One of the caller's extract requests; when ready, with its files" })
  @ApiOkResponse({ type: ExtractRequestDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ExtractRequestDto> {
    return this.extracts.get(id);
  }

  @Get('extract-requests/:id/files/:name')
  @Allow('researcher')
  @ApiOperation({ summary: "Download a file of the caller's ready extract (audited); ETag is its SHA-256" })
  @ApiExportFileResponses('extract')
  async download(@Param('id', ParseUUIDPipe) id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    sendExportFile(res, await this.extracts.download(id, name));
  }
}
