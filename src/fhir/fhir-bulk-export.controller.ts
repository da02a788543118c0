import { Controller, Delete, Get, Headers, Inject, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowDataManagers } from '../auth/access.decorators';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { sendExportFile } from '../extracts/extract-download';
import { FhirContentType } from './fhir-content-type.interceptor';
import { FhirBulkExportService } from './fhir-bulk-export.service';

/** FHIR Bulk Data `$export` of the caller's institution: kick-off, status, files (fhir-bulk-export.service.ts). */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirContentType)
@AllowDataManagers()
export class FhirBulkExportController {
  constructor(
    private readonly bulk: FhirBulkExportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('$export')
  async kickOff(
    @Query() query: Record<string, unknown>,
    @Headers('prefer') prefer: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const id = await this.bulk.kickOff({ query, prefer, accept, requestUrl: `${this.config.publicBaseUrl}${req.originalUrl}` });
    res.status(202).setHeader('Content-Location', `${this.config.publicBaseUrl}/fhir/$export-status/${id}`);
    res.end();
  }

  @Get('$export-status/:id')
  async status(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const status = await this.bulk.status(id);
    if (status.state === 'running') {
      res.status(202).setHeader('X-Progress', status.progress).setHeader('Retry-After', '1').end();
      return;
    }
    res.status(200).setHeader('Expires', status.expires.toUTCString()).setHeader('Cache-Control', 'private, no-store');
    res.json(status.manifest);
  }

  @Delete('$export-status/:id')
  async cancel(@Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.bulk.cancel(id);
    res.status(202).end();
  }

  @Get('$export-file/:id/:name')
  async file(@Param('id') id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    sendExportFile(res, await this.bulk.download(id, name));
  }
}
