import { Module } from '@nestjs/common';
import { FhirConformanceController } from './fhir-conformance.controller';
import { FhirConformanceService } from './fhir-conformance.service';
import { EpisodesModule } from '../episodes/episodes.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { FhirSubmissionService } from './fhir-submission.service';
import { FhirSubmissionsController } from './fhir-submissions.controller';

/** The HL7 FHIR R4 facade at /fhir, over the register's own services (docs/integration.md). */
@Module({
  imports: [EpisodesModule, SubmissionsModule],
  controllers: [FhirConformanceController, FhirSubmissionsController],
  providers: [FhirConformanceService, FhirSubmissionService],
})
export class FhirModule {}
