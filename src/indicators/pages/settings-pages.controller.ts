/**
 * /app/admin/indicator-settings (issue 21): the settings in force, their history, and a change of
 * the parameters with its reason (the targets in force are kept). IndicatorSettingsService writes
 * it with the API's DTO, so the ranges, the history and the audit are the API's.
 */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/access.decorators';
import { formText, type PageFieldError } from '../../web/form-fields';
import { validateForm } from '../../web/form-validation';
import { redirect } from '../../web/page-response';
import { WebPages } from '../../web/web-pages';
import { PutIndicatorSettingsDto } from '../settings/dto/indicator-settings.dto';
import { IndicatorSettingsService } from '../settings/indicator-settings.service';
import { PARAMETER_NAMES, settingsPage } from './settings-pages';

/** Typed numbers become numbers (with a decimal comma too); anything else goes to the DTO as typed, which refuses it. */
function numberOf(text: string): number | string {
  const normalized = text.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : text;
}

@ApiExcludeController()
@Controller('app/admin/indicator-settings')
@SignedIn('admin')
export class SettingsPagesController {
  constructor(
    private readonly settings: IndicatorSettingsService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, 200, {}, []);
  }

  @Post()
  async change(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form: Record<string, string> = { reason: formText(req.body, 'reason') };
    for (const name of PARAMETER_NAMES) form[name] = formText(req.body, name);
    const current = await this.settings.get();
    const checked = await validateForm(PutIndicatorSettingsDto, {
      parameters: Object.fromEntries(PARAMETER_NAMES.map((name) => [name, numberOf(form[name])])),
      targets: current.targets,
      reason: form.reason,
    });
    if ('dto' in checked) {
      await this.settings.replace(checked.dto);
      this.pages.flash(res, 'settingsChanged');
      return redirect(res, '/app/admin/indicator-settings');
    }
    const t = this.pages.context(req, res).m.admin;
    // A parameter's error points into /parameters/<name>; the fields are named for the parameters.
    const errors: PageFieldError[] = PARAMETER_NAMES.filter((name) => checked.pointers.includes(`/parameters/${name}`)).map((name) => ({
      field: name,
      message: t.invalidValue,
    }));
    if (checked.fields.includes('reason')) errors.push({ field: 'reason', message: t.settings.reasonInvalid });
    await this.render(req, res, 400, form, errors);
  }

  private async render(req: Request, res: Response, status: number, form: Record<string, string>, errors: PageFieldError[]): Promise<void> {
    const [current, history] = [await this.settings.get(), await this.settings.history()];
    this.pages.send(req, res, status, settingsPage(this.pages.context(req, res), { current, history, form, errors }));
  }
}
