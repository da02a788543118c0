/**
 * /app/admin/publishing (issue 21): publishing a period and publishing a correction, through
 * PublicationService with the API's DTO, so the grace-period rule (force with a reason), the
 * once-only publication and the audit are the API's. Refusals are shown at the field they concern.
 */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../../auth/access.decorators';
import { formText, type PageFieldError } from '../../web/form-fields';
import { catchProblems, fieldsOf, validateForm } from '../../web/form-validation';
import type { WebMessages } from '../../web/messages';
import { redirect } from '../../web/page-response';
import { WebPages } from '../../web/web-pages';
import { PublishSnapshotDto } from '../dto/indicator.dto';
import { PublicationService } from '../publishing/publication.service';
import { type PublishForm, publishingPage } from './publishing-pages';

/** The service's refusals that the page shows at a field. */
const SHOWN_PROBLEMS = ['validation-error', 'already-published', 'not-published', 'period-not-ended', 'within-grace-period'];

@ApiExcludeController()
@Controller('app/admin/publishing')
@SignedIn('admin')
export class PublishingPagesController {
  constructor(
    private readonly publications: PublicationService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.render(req, res, 200, {}, []);
  }

  @Post()
  async publish(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form: PublishForm = {
      period: formText(req.body, 'period'),
      force: formText(req.body, 'force') === 'true',
      reason: formText(req.body, 'reason'),
    };
    const dto = { period: form.period, ...(form.force ? { force: true } : {}), ...(form.reason ? { reason: form.reason } : {}) };
    await this.publishOr(req, res, form, dto, { period: 'period', reason: 'reason', force: 'force' });
  }

  @Post('correction')
  async correct(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form: PublishForm = {
      correctionPeriod: formText(req.body, 'correctionPeriod'),
      correctionReason: formText(req.body, 'correctionReason'),
    };
    const dto = { period: form.correctionPeriod, correctionReason: form.correctionReason };
    await this.publishOr(req, res, form, dto, { period: 'correctionPeriod', correctionReason: 'correctionReason' });
  }

  /** Publishes, or shows the form again with each refusal at its field (`fieldOf`: the API's field → this form's). */
  private async publishOr(req: Request, res: Response, form: PublishForm, dto: object, fieldOf: Record<string, string>): Promise<void> {
    const m = this.pages.context(req, res).m;
    const checked = await validateForm(PublishSnapshotDto, dto);
    let errors: ShownError[];
    if ('dto' in checked) {
      const published = await catchProblems(() => this.publications.publish(checked.dto), SHOWN_PROBLEMS);
      if ('value' in published) {
        this.pages.flash(res, 'published');
        return redirect(res, '/app/admin/publishing');
      }
      errors = problemErrors(m, published.problem.slug, fieldsOf(published.problem), fieldOf);
    } else {
      errors = problemErrors(m, 'validation-error', checked.fields, fieldOf);
    }
    await this.render(req, res, errors.some((e) => e.conflict) ? 409 : 400, form, errors);
  }

  private async render(req: Request, res: Response, status: number, form: PublishForm, errors: PageFieldError[]): Promise<void> {
    const snapshots = await this.publications.listAll();
    this.pages.send(req, res, status, publishingPage(this.pages.context(req, res), { snapshots, form, errors }));
  }
}

/** A refusal at a field; `conflict` when the request was right but the period's state refuses it (409). */
type ShownError = PageFieldError & { conflict?: boolean };

function problemErrors(m: WebMessages, slug: string, fields: string[], fieldOf: Record<string, string>): ShownError[] {
  const t = m.admin.publishing;
  const period = fieldOf.period;
  const conflicts: Record<string, PageFieldError> = {
    'already-published': { field: period, message: t.alreadyPublished },
    'not-published': { field: period, message: t.notPublished },
    'period-not-ended': { field: period, message: t.periodNotEnded },
    'within-grace-period': { field: fieldOf.force ?? period, message: t.withinGracePeriod },
  };
  if (conflicts[slug]) return [{ ...conflicts[slug], conflict: true }];
  const messages: Record<string, string> = {
    period: t.periodInvalid,
    reason: t.reasonInvalid,
    force: t.withinGracePeriod,
    correctionReason: t.correctionReasonInvalid,
  };
  return fields.map((field) => ({ field: fieldOf[field] ?? period, message: messages[field] ?? m.admin.invalidValue }));
}
