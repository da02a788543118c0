import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
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
import { Allow } from '../auth/access.decorators';
import { CreateRegisterAccessReportDto, RegisterAccessReportDto, RegisterAccessReportListDto } from './dto/access-report.dto';
import { RegisterAccessReportService } from './register-access-report.service';

@ApiTags('access-reports')
@Controller('admin/access-reports')
@Allow('admin')
export class AccessReportsAdminController {
  constructor(private readonly reports: RegisterAccessReportService) {}

  @Post()
  @ApiOperation({
    summary:
      "Make a patient's whole access report across institutions (administrators, as the register's act as data controller), with the patient's request reference: built in the background into files to hand to the patient (audited)",
  })
  @ApiCreatedResponse({ type: RegisterAccessReportDto })
  create(@Body() dto: CreateRegisterAccessReportDto): Promise<RegisterAccessReportDto> {
    return this.reports.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'The access reports made, newest first: their state and files, never their content' })
  @ApiOkResponse({ type: RegisterAccessReportListDto })
  list(): Promise<RegisterAccessReportListDto> {
    return this.reports.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One access report: its state and, when ready, its files' })
  @ApiOkResponse({ type: RegisterAccessReportDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RegisterAccessReportDto> {
    return this.reports.get(id);
  }

  @Get(':id/files/:name')
  @ApiOperation({ summary: 'Download a file of a ready access report to hand to the patient (audited); ETag is its SHA-256' })
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({
    description: 'The file, as an attachment',
    headers: {
      ETag: { description: 'SHA-256 of the file, hex, quoted', required: true, schema: { type: 'string' } },
      'Content-Length': { description: 'Size in bytes', required: true, schema: { type: 'integer' } },
    },
    content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } },
  })
  @ApiConflictResponse({ description: 'The report is not built yet, or its build failed (access-report-not-ready)' })
  @ApiGoneResponse({ description: 'The report expired: its files are deleted (access-report-gone)' })
  async download(@Param('id', ParseUUIDPipe) id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    const file = await this.reports.download(id, name);
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', file.bytes);
    res.setHeader('ETag', `"${file.sha256}"`);
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    file.stream.on('error', () => res.destroy());
    file.stream.pipe(res);
  }
}
