/**
 * /app/admin/institutions/{id}/api-keys: an institution's API keys for administrators (issue 21).
 * ApiClientService creates, lists and revokes them as the API does (audited); a new key is shown
 * on the page that answers the POST (no-store) and never again.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { InstitutionService } from '../institutions/institution.service';
import { formText, type PageFieldError } from '../web/form-fields';
import { validateForm } from '../web/form-validation';
import { idParam } from '../web/page-params';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { ApiClientService } from './api-client.service';
import { apiKeysPage } from './api-key-pages';
import { CreateApiKeyDto, type CreatedApiKeyDto } from './dto/api-client.dto';

@ApiExcludeController()
@Controller('app/admin/institutions/:institutionId/api-keys')
@SignedIn('admin')
export class ApiKeyPagesController {
  constructor(
    private readonly apiClients: ApiClientService,
    private readonly institutions: InstitutionService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Param('institutionId') institutionId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, idParam(institutionId, 'The institution'), 200, { errors: [] });
  }

  @Post()
  async create(@Param('institutionId') institutionId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const id = idParam(institutionId, 'The institution');
    const name = formText(req.body, 'name');
    const checked = await validateForm(CreateApiKeyDto, { name });
    if (!('dto' in checked)) {
      const message = this.pages.context(req, res).m.admin.apiKeys.nameInvalid;
      return this.render(req, res, id, 400, { name, errors: [{ field: 'name', message }] });
    }
    const created = await this.apiClients.create(id, checked.dto.name);
    await this.render(req, res, id, 200, { created, errors: [] });
  }

  @Post(':keyId/revoke')
  async revoke(
    @Param('institutionId') institutionId: string,
    @Param('keyId') keyId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.apiClients.revoke(idParam(institutionId, 'The institution'), idParam(keyId, 'The API key'));
    this.pages.flash(res, 'apiKeyRevoked');
    redirect(res, `/app/admin/institutions/${institutionId}/api-keys`);
  }

  private async render(
    req: Request,
    res: Response,
    institutionId: string,
    status: number,
    view: { created?: CreatedApiKeyDto; name?: string; errors: PageFieldError[] },
  ): Promise<void> {
    const institution = await this.institutions.get(institutionId);
    const keys = await this.apiClients.list(institutionId);
    this.pages.send(req, res, status, apiKeysPage(this.pages.context(req, res), { institution, keys, ...view }));
  }
}
