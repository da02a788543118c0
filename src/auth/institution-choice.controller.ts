/**
 * A member of several institutions chooses the one the session works in (issue 21): GET shows the
 * memberships, POST keeps the choice on the session (WebSessionService.chooseInstitution: checked
 * against the memberships, audited) and goes on to the page the user was sent here from. Every page
 * of the session then acts for that institution only (sessionInstitution).
 */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { safeReturnPath } from '../web/page-refusal';
import { isUuid } from '../web/page-params';
import { redirect } from '../web/page-response';
import { type PageRequest, WebPages } from '../web/web-pages';
import { SignedIn } from './access.decorators';
import { institutionChoicePage } from './institution-choice-page';
import { NotAMemberProblem, WebSessionService } from './web-session.service';

@ApiExcludeController()
@Controller('app/institution')
@SignedIn('staff')
export class InstitutionChoiceController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  show(@Req() req: Request, @Res() res: Response): void {
    const next = safeReturnPath(req.query.next);
    this.pages.send(req, res, 200, institutionChoicePage(this.pages.context(req, res), { next }));
  }

  @Post()
  async choose(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeReturnPath(body.next);
    const institutionId = typeof body.institutionId === 'string' ? body.institutionId.trim().toLowerCase() : '';
    // no choice, or something that is no institution id (never written to the audit log): choose again
    if (!isUuid(institutionId))
      return this.pages.send(req, res, 400, institutionChoicePage(this.pages.context(req, res), { next, error: 'missing' }));
    try {
      await this.sessions.chooseInstitution(req.webSession!, institutionId);
    } catch (error) {
      if (!(error instanceof NotAMemberProblem)) throw error;
      return this.pages.send(req, res, 403, institutionChoicePage(this.pages.context(req, res), { next, error: 'notMember' }));
    }
    this.pages.flash(res, 'institutionChosen');
    redirect(res, next ?? '/app');
  }
}
