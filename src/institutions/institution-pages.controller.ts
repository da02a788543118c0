/**
 * Administrators' pages of institutions and units (issue 21). Forms are checked by the API's DTOs
 * and written by InstitutionService, so validation, conflicts and audit are the API's.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { ValidationProblem } from '../common/problem';
import { formText, type PageFieldError } from '../web/form-fields';
import { catchProblems, validateForm } from '../web/form-validation';
import { idParam } from '../web/page-params';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { CreateInstitutionDto, CreateUnitDto } from './dto/institution.dto';
import { type InstitutionForm, institutionListPage, institutionPage } from './institution-pages';
import { InstitutionService } from './institution.service';

@ApiExcludeController()
@Controller('app/admin/institutions')
@SignedIn('admin')
export class InstitutionPagesController {
  constructor(
    private readonly institutions: InstitutionService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const institutions = await this.institutions.list();
    this.pages.send(req, res, 200, institutionListPage(this.pages.context(req, res), { institutions, form: {}, errors: [] }));
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form: InstitutionForm = {};
    for (const key of ['name', 'orgNumber', 'kind', 'region'] as const) form[key] = formText(req.body, key);
    const ctx = this.pages.context(req, res);
    const t = ctx.m.admin.institutions;
    const checked = await validateForm(CreateInstitutionDto, form);
    let errors: PageFieldError[];
    if ('dto' in checked) {
      const created = await catchProblems(() => this.institutions.create(checked.dto), ['institution-exists']);
      if ('value' in created) {
        this.pages.flash(res, 'institutionCreated');
        return redirect(res, `/app/admin/institutions/${created.value.id}`);
      }
      errors = [{ field: 'orgNumber', message: t.orgNumberExists }];
    } else {
      const messages: Record<string, string> = { name: t.nameInvalid, orgNumber: t.orgNumberInvalid };
      errors = checked.fields.map((field) => ({ field, message: messages[field] ?? ctx.m.admin.invalidValue }));
    }
    const institutions = await this.institutions.list();
    this.pages.send(req, res, 400, institutionListPage(ctx, { institutions, form, errors }));
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, idParam(id, 'The institution'), 200, {});
  }

  /** Activates or deactivates the institution (its users and API keys lose access while it is inactive). */
  @Post(':id/active')
  async setActive(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const active = formText(req.body, 'active');
    if (active !== 'true' && active !== 'false')
      throw new ValidationProblem([{ pointer: '/active', detail: 'active must be true or false' }]);
    await this.institutions.update(idParam(id, 'The institution'), { active: active === 'true' });
    this.pages.flash(res, 'institutionUpdated');
    redirect(res, `/app/admin/institutions/${id}`);
  }

  @Post(':id/units')
  async addUnit(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const institutionId = idParam(id, 'The institution');
    const unitName = formText(req.body, 'unitName');
    const t = this.pages.context(req, res).m.admin.institutions;
    const checked = await validateForm(CreateUnitDto, { name: unitName });
    if ('dto' in checked) {
      const created = await catchProblems(() => this.institutions.createUnit(institutionId, checked.dto), ['unit-exists']);
      if ('value' in created) {
        this.pages.flash(res, 'unitCreated');
        return redirect(res, `/app/admin/institutions/${institutionId}`);
      }
    }
    const message = 'dto' in checked ? t.unitExists : t.unitNameInvalid;
    await this.render(req, res, institutionId, 400, { unitName, errors: [{ field: 'unitName', message }] });
  }

  private async render(
    req: Request,
    res: Response,
    id: string,
    status: number,
    view: { unitName?: string; errors?: PageFieldError[] },
  ): Promise<void> {
    const institution = await this.institutions.get(id);
    const units = await this.institutions.listUnits(id);
    this.pages.send(
      req,
      res,
      status,
      institutionPage(this.pages.context(req, res), { institution, units, unitName: view.unitName, errors: view.errors ?? [] }),
    );
  }
}
