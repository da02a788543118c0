import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, Public } from '../auth/access.decorators';
import {
  CreateExtractRequestDto,
  ExtractRequestDto,
  ExtractRequestListDto,
  ExtractRequestQueryDto,
  ExtractVariableCatalogueDto,
} from './dto/extract-request.dto';
import { ExtractRequestService } from './extract-request.service';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

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
  @ApiProduces('text/csv', 'application/vnd.apache.parquet', 'application/json')
  @ApiOkResponse({
    description: 'The file',
    headers: {
      ETag: { description: 'SHA-256 of the file, hex, quoted', required: true, schema: { type: 'string' } },
      'Content-Length': { description: 'Size in bytes', required: true, schema: { type: 'integer' } },
    },
    content: { 'text/csv': BINARY, 'application/vnd.apache.parquet': BINARY, 'application/json': { schema: { type: 'object' } } },
  })
  @ApiConflictResponse({ description: 'The extract is not ready yet (extract-not-ready)' })
  @ApiGoneResponse({ description: 'The extract expired or was revoked: its files are deleted (extract-gone)' })
  async download(@Param('id', ParseUUIDPipe) id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    const file = await this.extracts.download(id, name);
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', file.bytes);
    res.setHeader('ETag', `"${file.sha256}"`);
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    file.stream.on('error', () => res.destroy());
    file.stream.pipe(res);
  }
}
