/**
 * Pages of an episode's invitations under /app/episodes/{id}/invitations (issue 21): list them, make
 * one and print it, revoke one. InvitationService answers, as for POST/GET/DELETE
 * /api/v1/episodes/{id}/invitations: the same rules and audit; the form is validated by the API's DTO.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { EpisodeService } from '../episodes/episode.service';
import { WEB_MESSAGES } from '../web/messages';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { CreateInvitationDto } from './dto/invitation.dto';
import { type InvitationField, type InvitationFormView, invitationPrintPage, invitationsHref, invitationsPage } from './invitation-pages';
import { InvitationService } from './invitation.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS: readonly InvitationField[] = ['timepoint', 'language', 'expiresInDays'];

@ApiExcludeController()
@Controller('app/episodes/:episodeId/invitations')
@SignedIn('staff')
export class InvitationPagesController {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly invitations: InvitationService,
    private readonly episodes: EpisodeService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Param('episodeId') episodeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sendList(req, res, 200, checkedId(episodeId), { values: {}, errors: [] });
  }

  /** Makes an invitation as POST /api/v1/episodes/{id}/invitations does, then shows it to print. */
  @Post()
  async create(@Param('episodeId') episodeId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      FIELDS.map((field) => [field, typeof body[field] === 'string' ? (body[field] as string).trim().slice(0, 20) : '']),
    ) as Record<InvitationField, string>;
    const t = WEB_MESSAGES[this.pages.languageOf(req)].staff.invitations;
    let errors: InvitationFormView['errors'];
    try {
      const dto = (await this.validation.transform(
        {
          instrument: 'eq5d-5l',
          timepoint: values.timepoint,
          ...(values.language ? { language: values.language } : {}),
          ...(values.expiresInDays
            ? { expiresInDays: /^\d{1,4}$/.test(values.expiresInDays) ? Number(values.expiresInDays) : values.expiresInDays }
            : {}),
        },
        { type: 'body', metatype: CreateInvitationDto },
      )) as CreateInvitationDto;
      const created = await this.invitations.create(checkedId(episodeId), dto);
      this.pages.flash(res, 'invitationCreated');
      return redirect(res, `${invitationsHref(episodeId)}/${created.id}/print`);
    } catch (error) {
      if (error instanceof ValidationProblem) {
        const fields = new Set((error.errors ?? []).map((e) => e.pointer.replace(/^\//, '')));
        errors = FIELDS.filter((field) => fields.has(field)).map((field) => ({ field, message: t.errors[field] }));
      } else if (error instanceof ProblemException && error.slug === 'response-exists') {
        errors = [{ field: 'timepoint', message: t.exists }];
      } else throw error;
    }
    await this.sendList(req, res, 400, checkedId(episodeId), { values, errors });
  }

  @Get(':invitationId/print')
  async print(
    @Param('episodeId') episodeId: string,
    @Param('invitationId') invitationId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const episode = await this.episodes.get(checkedId(episodeId));
    const link = await this.invitations.openLink(episode.id, checkedId(invitationId));
    this.pages.send(req, res, 200, invitationPrintPage(this.pages.context(req, res), episode, link));
  }

  /** Revokes as DELETE /api/v1/episodes/{id}/invitations/{invitationId} does; an answered one is refused on the list. */
  @Post(':invitationId/revoke')
  async revoke(
    @Param('episodeId') episodeId: string,
    @Param('invitationId') invitationId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.invitations.revoke(checkedId(episodeId), checkedId(invitationId));
      this.pages.flash(res, 'invitationRevoked');
      return redirect(res, invitationsHref(episodeId));
    } catch (error) {
      if (!(error instanceof ProblemException && error.slug === 'invitation-used')) throw error;
    }
    const t = WEB_MESSAGES[this.pages.languageOf(req)].staff.invitations;
    await this.sendList(req, res, 400, episodeId, { values: {}, errors: [{ field: 'invitations', message: t.used }] });
  }

  private async sendList(req: Request, res: Response, status: number, episodeId: string, view: InvitationFormView): Promise<void> {
    const episode = await this.episodes.get(episodeId);
    const invitations = await this.invitations.list(episodeId);
    this.pages.send(req, res, status, invitationsPage(this.pages.context(req, res), episode, invitations, view));
  }
}

function checkedId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundProblem('The page');
  return id;
}
