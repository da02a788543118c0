/**
 * /app/withdrawals (issue 21): staff record a patient's withdrawal, as POST /api/v1/withdrawals does
 * (WithdrawalService: staff only for patients with episodes at their institution; audited). The
 * confirmation is a required checkbox on the same form, so the identity number is typed once and never
 * carried into a second page.
 */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import { WEB_MESSAGES } from '../web/messages';
import { redirect } from '../web/page-response';
import type { FieldErrorView } from '../web/simple-fields';
import { WebPages } from '../web/web-pages';
import { CreateWithdrawalDto } from './dto/withdrawal.dto';
import { withdrawalPage } from './withdrawal-pages';
import { WithdrawalService } from './withdrawal.service';

@ApiExcludeController()
@Controller('app/withdrawals')
@SignedIn('staff')
export class WithdrawalPagesController {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly withdrawals: WithdrawalService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    this.pages.send(req, res, 200, withdrawalPage(this.pages.context(req, res), []));
  }

  @Post()
  async withdraw(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const nationalId = typeof body.nationalId === 'string' ? body.nationalId.replace(/\s/g, '').slice(0, 20) : '';
    const t = WEB_MESSAGES[this.pages.languageOf(req)].staff.withdrawal;
    const errors: FieldErrorView[] = [];
    try {
      const dto = (await this.validation.transform({ nationalId }, { type: 'body', metatype: CreateWithdrawalDto })) as CreateWithdrawalDto;
      if (body.confirm !== 'yes') errors.push({ field: 'confirm', message: t.errors.confirm });
      else {
        await this.withdrawals.withdraw(dto.nationalId);
        this.pages.flash(res, 'patientWithdrawn');
        return redirect(res, '/app/withdrawals');
      }
    } catch (error) {
      // A number that cannot be one, or (from the pseudonym service) fails its check digits
      if (error instanceof ValidationProblem) errors.unshift({ field: 'nationalId', message: t.errors.nationalId });
      else if (error instanceof NotFoundProblem) errors.unshift({ field: 'nationalId', message: t.errors.notFound });
      else throw error;
      if (body.confirm !== 'yes') errors.push({ field: 'confirm', message: t.errors.confirm });
    }
    this.pages.send(req, res, 400, withdrawalPage(this.pages.context(req, res), errors));
  }
}
