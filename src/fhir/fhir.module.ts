import { Module } from '@nestjs/common';
import { FhirConformanceController } from './fhir-conformance.controller';
import { FhirConformanceService } from './fhir-conformance.service';

/** The HL7 FHIR R4 facade at /fhir, over the register's own services (docs/integration.md). */
@Module({
  controllers: [FhirConformanceController],
  providers: [FhirConformanceService],
})
export class FhirModule {}
