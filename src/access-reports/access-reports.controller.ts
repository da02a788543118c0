import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { languageFromAcceptLanguage } from '../forms/messages';
import { accessReportPage } from './access-report-page';
import { AccessReportService } from './access-report.service';
import { AccessReportDto, AccessReportQueryDto, CreateAccessReportDto } from './dto/access-report.dto';

/** A report is a page only for a browser or when asked for; API clients without Accept get JSON. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@ApiTags('access-reports')
@Controller('access-reports')
export class AccessReportsController {
  constructor(private readonly reports: AccessReportService) {}

  @Post()
  @HttpCode(200)
  @Allow('staff')
  @ApiOperation({
    summary:
      "A patient's access report, your institution's part only (staff, on the patient's behalf): episodes, every response version and score, the withdrawal, who at your institution read them; JSON, or HTML to print (audited)",
  })
  @ApiExtraModels(AccessReportDto)
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description:
      "The institution's part of the report; a person the institution does not know gets an empty report, as does one only others know",
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AccessReportDto) } },
      'text/html': { schema: { type: 'string', description: 'The report as a page to print' } },
    },
  })
  async create(
    @Body() dto: CreateAccessReportDto,
    @Query() query: AccessReportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessReportDto | string> {
    const language = query.lang ?? languageFromAcceptLanguage(req.headers['accept-language']);
    const report = await this.reports.institutionPart(dto, language);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Vary', 'Accept, Accept-Language');
    if (wantsHtml(query, req)) {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Content-Security-Policy', REPORT_CSP);
      return accessReportPage(report);
    }
    return report;
  }
}

function wantsHtml(query: AccessReportQueryDto, req: Request): boolean {
  if (query.format) return query.format === 'html';
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}
