import { Global, Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { AuditAdminController } from './audit-admin.controller';
import { AuditCheckpointsController } from './audit-checkpoints.controller';
import { AuditEvidence } from './audit-evidence';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';

@Global()
@Module({
  imports: [MetricsModule],
  controllers: [AuditAdminController, AuditCheckpointsController],
  providers: [AuditService, AuditSealer, AuditVerifier, AuditEvidence],
  exports: [AuditService, AuditSealer, AuditVerifier, AuditEvidence],
})
export class AuditModule {}
