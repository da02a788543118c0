import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module';
import { AuditPagesController } from './audit-pages.controller';

/** The audit log's pages: apart from AuditModule, which every module uses, because they also name institutions. */
@Module({
  imports: [InstitutionsModule],
  controllers: [AuditPagesController],
})
export class AuditPagesModule {}
