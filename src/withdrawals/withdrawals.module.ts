import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { WithdrawalErasure } from './withdrawal-erasure';
import { WithdrawalService } from './withdrawal.service';
import { WithdrawalPagesController } from './withdrawal-pages.controller';
import { WithdrawalsController } from './withdrawals.controller';

@Module({
  imports: [EpisodesModule],
  controllers: [WithdrawalsController, WithdrawalPagesController],
  providers: [WithdrawalService, WithdrawalErasure],
  exports: [WithdrawalService],
})
export class WithdrawalsModule {}
