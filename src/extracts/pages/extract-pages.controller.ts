/**
 * Researchers' pages under /app/research (issue 21): the variable catalogue, applying for an extract,
 * its status and its files; and the administrators' decisions under /app/admin/extracts. Everything
 * goes through ExtractRequestService with the API's DTOs: a researcher sees only their own requests,
 * every decision and download is audited as in the API.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/access.decorators';
import { formList, formText, type PageFieldError } from '../../web/form-fields';
import { catchProblems, fieldsOf, validateForm } from '../../web/form-validation';
import type { WebMessages } from '../../web/messages';
import type { ResearchFlashKey } from '../../web/messages-research';
import { idParam } from '../../web/page-params';
import { redirect } from '../../web/page-response';
import { WebPages } from '../../web/web-pages';
import { CreateExtractRequestDto, ExtractDecisionDto } from '../dto/extract-request.dto';
import { sendExportFile } from '../extract-download';
import { ExtractRequestService } from '../extract-request.service';
import { type ApplyForm, applyPage, extractListPage, extractPage, variablesPage } from './extract-pages';

@ApiExcludeController()
@Controller('app/research')
@SignedIn('researcher')
export class ResearchPagesController {
  constructor(
    private readonly extracts: ExtractRequestService,
    private readonly pages: WebPages,
  ) {}

  @Get('variables')
  variables(@Req() req: Request, @Res() res: Response): void {
    this.pages.send(req, res, 200, variablesPage(this.pages.context(req, res), this.extracts.catalogue()));
  }

  @Get('extracts')
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { items } = await this.extracts.list();
    this.pages.send(req, res, 200, extractListPage(this.pages.context(req, res), items, false));
  }

  @Get('extracts/new')
  applyForm(@Req() req: Request, @Res() res: Response): void {
    this.pages.send(
      req,
      res,
      200,
      applyPage(this.pages.context(req, res), { catalogue: this.extracts.catalogue(), form: { variables: [] }, errors: [] }),
    );
  }

  @Post('extracts')
  async apply(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form: ApplyForm = { variables: formList(req.body, 'variables') };
    for (const key of ['title', 'purpose', 'legalBasis', 'ethicsReference', 'periodFrom', 'periodTo'] as const)
      form[key] = formText(req.body, key);
    const checked = await validateForm(CreateExtractRequestDto, form);
    let fields: string[];
    if ('dto' in checked) {
      const created = await catchProblems(() => this.extracts.create(checked.dto), ['validation-error']);
      if ('value' in created) {
        this.pages.flash(res, 'extractRequested');
        return redirect(res, `/app/research/extracts/${created.value.id}`);
      }
      fields = fieldsOf(created.problem);
    } else {
      fields = checked.fields;
    }
    const ctx = this.pages.context(req, res);
    this.pages.send(req, res, 400, applyPage(ctx, { catalogue: this.extracts.catalogue(), form, errors: applyErrors(ctx.m, fields) }));
  }

  @Get('extracts/:id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const request = await this.extracts.get(idParam(id, 'The extract request'));
    this.pages.send(req, res, 200, extractPage(this.pages.context(req, res), { request, admin: false, errors: [] }));
  }

  /** A file of the researcher's ready extract, as GET /extract-requests/{id}/files/{name} (audited). */
  @Get('extracts/:id/files/:name')
  async download(@Param('id') id: string, @Param('name') name: string, @Res() res: Response): Promise<void> {
    sendExportFile(res, await this.extracts.download(idParam(id, 'The extract request'), name));
  }
}

@ApiExcludeController()
@Controller('app/admin/extracts')
@SignedIn('admin')
export class ExtractDecisionPagesController {
  constructor(
    private readonly extracts: ExtractRequestService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { items } = await this.extracts.list();
    this.pages.send(req, res, 200, extractListPage(this.pages.context(req, res), items, true));
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const request = await this.extracts.get(idParam(id, 'The extract request'));
    this.pages.send(req, res, 200, extractPage(this.pages.context(req, res), { request, admin: true, errors: [] }));
  }

  /**
   * The administrator's decisions, as the API's: approve (the extract is then built in the
   * background) or reject a submitted request; revoke (files deleted at once) or rebuild (same
   * project pseudonyms, e.g. after withdrawals) an approved one. Each with the note.
   */
  @Post(':id/decision')
  async decide(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const requestId = idParam(id, 'The extract request');
    const note = formText(req.body, 'note');
    const chosen = formText(req.body, 'decision') ?? '';
    // own keys only: a posted "constructor" or "toString" is no decision
    const decision = Object.hasOwn(EXTRACT_DECISIONS, chosen) ? EXTRACT_DECISIONS[chosen] : undefined;
    const { m } = this.pages.context(req, res);
    const d = m.research.decisions;
    const checked = await validateForm(ExtractDecisionDto, { note });
    let error: PageFieldError;
    if (!decision) {
      error = { field: 'note', message: m.admin.invalidValue };
    } else if ('dto' in checked) {
      const decided = await catchProblems(() => decision.act(this.extracts, requestId, checked.dto.note), ['extract-status-conflict']);
      if ('value' in decided) {
        this.pages.flash(res, decision.flash);
        return redirect(res, `/app/admin/extracts/${requestId}`);
      }
      error = { field: 'note', message: decision.onSubmitted ? d.notSubmitted : d.notActive };
    } else {
      error = { field: 'note', message: d.noteInvalid };
    }
    const request = await this.extracts.get(requestId);
    this.pages.send(
      req,
      res,
      decision && 'dto' in checked ? 409 : 400,
      extractPage(this.pages.context(req, res), { request, admin: true, note, errors: [error] }),
    );
  }
}

/** What each button of the decision forms does; `onSubmitted`: it decides a submitted request (else an approved one). */
const EXTRACT_DECISIONS: Record<
  string,
  { act: (s: ExtractRequestService, id: string, note: string) => Promise<unknown>; flash: ResearchFlashKey; onSubmitted: boolean }
> = {
  approve: { act: (s, id, note) => s.approve(id, note), flash: 'extractApproved', onSubmitted: true },
  reject: { act: (s, id, note) => s.reject(id, note), flash: 'extractRejected', onSubmitted: true },
  revoke: { act: (s, id, note) => s.revoke(id, note), flash: 'extractRevoked', onSubmitted: false },
  rebuild: { act: (s, id, note) => s.rebuild(id, note), flash: 'extractRebuilt', onSubmitted: false },
};

function applyErrors(m: WebMessages, fields: string[]): PageFieldError[] {
  const t = m.research.extracts;
  const messages: Record<string, string> = {
    title: t.titleInvalid,
    purpose: t.purposeInvalid,
    legalBasis: t.legalBasisInvalid,
    ethicsReference: t.ethicsInvalid,
    variables: t.variablesInvalid,
    periodFrom: t.dateInvalid,
    periodTo: t.dateInvalid,
  };
  return fields.map((field) => ({ field, message: messages[field] ?? m.admin.invalidValue }));
}
