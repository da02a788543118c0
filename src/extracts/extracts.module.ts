import { ExtractDecisionPagesController, ResearchPagesController } from './pages/extract-pages.controller';
import { Module } from '@nestjs/common';
import { DemoExtract } from './demo-extract';
import { ExtractBuilder } from './extract-builder';
import { ExtractExpiry } from './extract-expiry';
import { ExtractJobs } from './extract-jobs';
import { ExtractRequestRepository } from './extract-request.repository';
import { ExtractRequestService } from './extract-request.service';
import { ExtractStorage, LocalExtractStorage } from './extract-storage';
import { ExtractsAdminController } from './extracts-admin.controller';
import { ExtractsController } from './extracts.controller';

@Module({
  controllers: [ExtractsController, ExtractsAdminController, ResearchPagesController, ExtractDecisionPagesController],
  providers: [
    ExtractRequestRepository,
    { provide: ExtractStorage, useClass: LocalExtractStorage },
    ExtractBuilder,
    ExtractExpiry,
    ExtractJobs,
    ExtractRequestService,
    DemoExtract,
  ],
  exports: [ExtractRequestService, ExtractRequestRepository, ExtractExpiry, ExtractJobs, ExtractStorage, DemoExtract],
})
export class ExtractsModule {}
