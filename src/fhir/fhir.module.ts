import { Module } from '@nestjs/common';
import { FhirConformanceController } from './fhir-conformance.controller';
import { FhirConformanceService } from './fhir-conformance.service';
import { EpisodesModule } from '../episodes/episodes.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { FhirSubmissionService } from './fhir-submission.service';
import { FhirSubmissionsController } from './fhir-submissions.controller';
import { FhirReadController } from './fhir-read.controller';
import { FhirReadService } from './fhir-read.service';
import { ExportsModule } from '../exports/exports.module';
import { ExtractsModule } from '../extracts/extracts.module';
import { FhirBulkExportBuilder } from './fhir-bulk-export-builder';
import { FhirBulkExportController } from './fhir-bulk-export.controller';
import { FhirBulkExportService } from './fhir-bulk-export.service';
import { DemoFhir } from './demo-fhir';

/** The HL7 FHIR R4 facade at /fhir, over the register's own services (docs/integration.md). */
@Module({
  imports: [EpisodesModule, SubmissionsModule, ExportsModule, ExtractsModule],
  controllers: [FhirConformanceController, FhirSubmissionsController, FhirReadController, FhirBulkExportController],
  providers: [FhirConformanceService, FhirSubmissionService, FhirReadService, FhirBulkExportService, FhirBulkExportBuilder, DemoFhir],
  exports: [DemoFhir],
})
export class FhirModule {}
