import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { AccessReportsModule } from './access-reports/access-reports.module';
import { ApiClientsModule } from './api-clients/api-clients.module';
import { AuditModule } from './audit/audit.module';
import { AuditPagesModule } from './audit/audit-pages.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './clock/clock';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ScopedDbModule } from './database/scoped-db.module';
import { DemoModule } from './demo/demo.module';
import { EpisodesModule } from './episodes/episodes.module';
import { ExportsModule } from './exports/exports.module';
import { ExtractsModule } from './extracts/extracts.module';
import { FhirModule } from './fhir/fhir.module';
import { FormsModule } from './forms/forms.module';
import { HealthModule } from './health/health.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { InstitutionsModule } from './institutions/institutions.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { PseudonymsModule } from './pseudonyms/pseudonyms.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { ResultsModule } from './results/results.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';
import { WithdrawalsModule } from './withdrawals/withdrawals.module';

/** Wiring only: every feature lives in its own module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        LoggingModule.forRoot(config),
        // The CLS middleware is mounted in app.factory for every path (Nest's mount would miss unprefixed routes).
        ClsModule.forRoot({ global: true }),
        DatabaseModule.forRoot(config),
        ScopedDbModule,
        RateLimitsModule,
        WebModule,
        AuthModule.forRoot(config),
        AuditModule,
        AuditPagesModule,
        HealthModule,
        MetricsModule,
        InstitutionsModule,
        UsersModule,
        ApiClientsModule,
        DemoModule,
        InstrumentsModule,
        PseudonymsModule,
        EpisodesModule,
        SubmissionsModule,
        WithdrawalsModule,
        FormsModule,
        IndicatorsModule,
        ResultsModule,
        ExtractsModule,
        AccessReportsModule,
        ExportsModule,
        FhirModule,
      ],
    };
  }
}
