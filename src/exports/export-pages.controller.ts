/**
 * /app/exports (issue 21): a data manager's own-data exports in the browser: request one, follow its
 * status, download its files. InstitutionExportService answers, as for /api/v1/exports: the same
 * validation (the API's DTO), the same data-manager rule and the same audit of requests and downloads.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedInDataManagers } from '../auth/access.decorators';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { sendExportFile } from '../extracts/extract-download';
import { WEB_MESSAGES } from '../web/messages';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { CreateInstitutionExportDto } from './dto/institution-export.dto';
import { type ExportField, type ExportFormView, exportPage, exportsPage } from './export-pages';
import { InstitutionExportService } from './institution-export.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS: readonly ExportField[] = ['periodFrom', 'periodTo', 'format', 'institutionId'];

@ApiExcludeController()
@Controller('app/exports')
@SignedInDataManagers()
export class ExportPagesController {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly exports: InstitutionExportService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { items } = await this.exports.list();
    this.pages.send(req, res, 200, exportsPage(this.pages.context(req, res), items, { values: {}, errors: [] }));
  }

  /** Requests an export as POST /api/v1/exports does. */
  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: ExportFormView['values'] = {};
    for (const field of FIELDS)
      if (typeof body[field] === 'string' && body[field] !== '') values[field] = (body[field] as string).trim().slice(0, 40);
    try {
      const dto = (await this.validation.transform(values, {
        type: 'body',
        metatype: CreateInstitutionExportDto,
      })) as CreateInstitutionExportDto;
      const created = await this.exports.create(dto);
      this.pages.flash(res, 'exportRequested');
      return redirect(res, `/app/exports/${created.id}`);
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      const t = WEB_MESSAGES[this.pages.languageOf(req)].staff.exports;
      const fields = new Set((error.errors ?? []).map((e) => e.pointer.replace(/^\//, '')));
      const errors = FIELDS.filter((field) => fields.has(field)).map((field) => ({ field, message: t.errors[field] }));
      const { items } = await this.exports.list();
      this.pages.send(req, res, 400, exportsPage(this.pages.context(req, res), items, { values, errors }));
    }
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.exports.get(checkedId(id));
    this.pages.send(req, res, 200, exportPage(this.pages.context(req, res), found));
  }

  /** A file of a ready export, audited before a byte is sent; not ready, expired or gone are refusal pages (409, 410). */
  @Get(':id/files/:name')
  async download(@Param('id') id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    sendExportFile(res, await this.exports.download(checkedId(id), name));
  }
}

function checkedId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundProblem('The export');
  return id;
}
