/** An administrator ends all of a user's browser sessions from the user's page (as DELETE /admin/users/{id}/sessions, audited). */
import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { idParam } from '../web/page-params';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { SignedIn } from './access.decorators';
import { WebSessionService } from './web-session.service';

@ApiExcludeController()
@Controller('app/admin/users/:id/sessions')
@SignedIn('admin')
export class SessionPagesController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly pages: WebPages,
  ) {}

  @Post('end')
  async end(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.endAllOf(idParam(id, 'The user'));
    this.pages.flash(res, 'sessionsEnded');
    redirect(res, `/app/admin/users/${id}`);
  }
}
