import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { LimitWrites } from '../auth/write-rate-limit';
import { CreateWithdrawalDto, WithdrawalResultDto } from './dto/withdrawal.dto';
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
      'Withdraw a patient: their data leave use and future extracts at every institution (staff of a treating institution, or an administrator)',
  })
  @ApiOkResponse({ type: WithdrawalResultDto })
  withdraw(@Body() dto: CreateWithdrawalDto): Promise<WithdrawalResultDto> {
    return this.withdrawals.withdraw(dto.nationalId);
  }
}
