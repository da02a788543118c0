import { Global, Module } from '@nestjs/common';
import { AuditAdminController } from './audit-admin.controller';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';

@Global()
@Module({
  controllers: [AuditAdminController],
  providers: [AuditService, AuditSealer, AuditVerifier],
  exports: [AuditService, AuditSealer, AuditVerifier],
})
export class AuditModule {}
