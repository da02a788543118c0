/** The workspace's start page (the front page is the public results, src/results), the language switch and the workspace's stylesheet. */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, SignedIn } from '../auth/access.decorators';
import { WebSessionService } from '../auth/web-session.service';
import { isLanguage } from '../common/languages';
import { ProblemException } from '../common/problem';
import { safeReturnPath } from './page-refusal';
import { redirect, sendAsset } from './page-response';
import { type PageRequest, WebPages } from './web-pages';
import { startPage } from './workspace-pages';

@ApiExcludeController()
@Controller()
export class WorkspaceController {
  constructor(
    private readonly pages: WebPages,
    private readonly sessions: WebSessionService,
  ) {}

  @Get('assets/workspace.css')
  @Public('the stylesheet of every page, the sign-in page included')
  stylesheet(@Req() req: Request, @Res() res: Response): void {
    sendAsset(req, res, this.pages.assets.css);
  }

  @Get('app')
  @SignedIn('staff', 'admin', 'researcher')
  start(@Req() req: Request, @Res() res: Response): void {
    this.pages.send(req, res, 200, startPage(this.pages.context(req, res)));
  }

  /** Keeps the chosen language on the user and goes back to the page it was chosen on. */
  @Post('app/language')
  @SignedIn('staff', 'admin', 'researcher')
  async language(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!isLanguage(body.language)) throw new ProblemException(400, 'invalid-language', 'Bad request', 'Choose nb, nn or en.');
    await this.sessions.setLanguage(req.webSession!, body.language);
    this.pages.flash(res, 'languageChanged');
    redirect(res, safeReturnPath(body.back) ?? '/app');
  }
}
