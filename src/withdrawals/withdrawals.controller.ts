import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { LimitWrites } from '../auth/write-rate-limit';
import { CancelWithdrawalDto, CreateWithdrawalDto, WithdrawalCancellationDto, WithdrawalResultDto } from './dto/withdrawal.dto';
import { WithdrawalService } from './withdrawal.service';

@ApiTags('withdrawals')
@Controller('withdrawals')
export class WithdrawalsController {
  constructor(private readonly withdrawals: WithdrawalService) {}

  @Post()
  @LimitWrites()
  @HttpCode(200)
  @Allow('staff', 'admin')
  @ApiOperation({
    summary:
      'Withdraw a patient: their data leave use and future extracts at every institution at once, and are erased when the grace period ends (staff of a treating institution, or an administrator)',
  })
  @ApiOkResponse({ type: WithdrawalResultDto })
  @ApiNotFoundResponse({ description: 'Staff: the patient has no episode at your institution (other institutions are not revealed)' })
  withdraw(@Body() dto: CreateWithdrawalDto): Promise<WithdrawalResultDto> {
    return this.withdrawals.withdraw(dto.nationalId);
  }

  @Post('cancellations')
  @LimitWrites()
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({
    summary:
      "Cancel a withdrawal made by mistake, within the grace period (administrators): the patient's episodes are in use again; the reason is kept and audited",
  })
  @ApiOkResponse({ type: WithdrawalCancellationDto })
  @ApiNotFoundResponse({ description: 'No withdrawal in force for this patient' })
  @ApiConflictResponse({ description: 'The grace period is over (withdrawal-grace-period-over): the data are, or are about to be, erased' })
  cancel(@Body() dto: CancelWithdrawalDto): Promise<WithdrawalCancellationDto> {
    return this.withdrawals.cancel(dto.nationalId, dto.reason);
  }
}
