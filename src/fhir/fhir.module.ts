import { Module } from '@nestjs/common';
import { FhirConformanceController } from './fhir-conformance.controller';
import { FhirConformanceService } from './fhir-conformance.service';
import { EpisodesModule } from '../episodes/episodes.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { FhirSubmissionService } from './fhir-submission.service';
import { FhirSubmissionsController } from './fhir-submissions.controller';
import { FhirReadController } from './fhir-read.controller';
import { FhirReadService } from './fhir-read.service';

/** The HL7 FHIR R4 facade at /fhir, over the register's own services (docs/integration.md). */
@Module({
  imports: [EpisodesModule, SubmissionsModule],
  controllers: [FhirConformanceController, FhirSubmissionsController, FhirReadController],
  providers: [FhirConformanceService, FhirSubmissionService, FhirReadService],
})
export class FhirModule {}
