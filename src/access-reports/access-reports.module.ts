import { Module } from '@nestjs/common';
import { ApiClientsModule } from '../api-clients/api-clients.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { ExtractsModule } from '../extracts/extracts.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { WithdrawalsModule } from '../withdrawals/withdrawals.module';
import { AccessReportCollector } from './access-report-collector';
import { AccessReportService } from './access-report.service';
import { AccessReportsAdminController } from './access-reports-admin.controller';
import { AccessReportsController } from './access-reports.controller';
import { RegisterAccessReportJobs } from './register-access-report.jobs';
import { RegisterAccessReportRepository } from './register-access-report.repository';
import { RegisterAccessReportService } from './register-access-report.service';

/** The patient's access report (docs/privacy.md): an institution's part for its staff; the register's whole report for administrators. */
@Module({
  imports: [EpisodesModule, WithdrawalsModule, ExtractsModule, InstitutionsModule, UsersModule, ApiClientsModule],
  controllers: [AccessReportsController, AccessReportsAdminController],
  providers: [
    AccessReportCollector,
    AccessReportService,
    RegisterAccessReportRepository,
    RegisterAccessReportJobs,
    RegisterAccessReportService,
  ],
  exports: [RegisterAccessReportService, RegisterAccessReportJobs],
})
export class AccessReportsModule {}
