/** /app/password: a signed-in user changes their own password (UserService, audited as the API's changes are). */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { ValidationProblem } from '../common/problem';
import { redirect } from '../web/page-response';
import { type PageRequest, WebPages } from '../web/web-pages';
import { type PasswordField, passwordPage } from './password-page';
import { UserService } from './user.service';

@ApiExcludeController()
@Controller('app/password')
@SignedIn('staff', 'admin', 'researcher')
export class PasswordPagesController {
  constructor(
    private readonly users: UserService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    this.pages.send(req, res, 200, passwordPage(this.pages.context(req, res), []));
  }

  @Post()
  async change(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const ctx = this.pages.context(req, res);
    const t = ctx.m.password;
    const errors: { field: PasswordField; message: string }[] = [];
    if (text('newPassword').length < 12) errors.push({ field: 'newPassword', message: t.tooShort });
    else if (text('newPassword') !== text('newPasswordRepeat')) errors.push({ field: 'newPasswordRepeat', message: t.mismatch });
    if (!errors.length) {
      try {
        await this.users.changeOwnPassword(req.webSession!.principal.userId, text('currentPassword'), text('newPassword'));
        this.pages.flash(res, 'passwordChanged');
        return redirect(res, '/app');
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error;
        const current = error.errors?.some((e) => e.pointer === '/currentPassword');
        errors.push(current ? { field: 'currentPassword', message: t.wrongCurrent } : { field: 'newPassword', message: t.tooShort });
      }
    }
    this.pages.send(req, res, 400, passwordPage(ctx, errors));
  }
}
