import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { Allow, Public } from '../auth/access.decorators';
import { FhirConformanceService } from './fhir-conformance.service';
import { FhirContentType } from './fhir-content-type.interceptor';

/** The facade's own conformance resources. Outside the OpenAPI document: its contract is the CapabilityStatement. */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirContentType)
export class FhirConformanceController {
  constructor(private readonly conformance: FhirConformanceService) {}

  @Get('metadata')
  @Public('the CapabilityStatement: what the facade supports, no data')
  metadata(): CapabilityStatement {
    return this.conformance.capabilities;
  }

  @Get('StructureDefinition')
  @Public('definitions of the facade’s extensions, no data')
  structureDefinitions(@Query('url') url?: string): Bundle {
    return this.conformance.search('StructureDefinition', url);
  }

  @Get('StructureDefinition/:id')
  @Public('definitions of the facade’s extensions, no data')
  structureDefinition(@Param('id') id: string): Resource {
    return this.conformance.read('StructureDefinition', id);
  }

  @Get('CodeSystem')
  @Public('the register’s vocabularies, no data')
  codeSystems(@Query('url') url?: string): Bundle {
    return this.conformance.search('CodeSystem', url);
  }

  @Get('CodeSystem/:id')
  @Public('the register’s vocabularies, no data')
  codeSystem(@Param('id') id: string): Resource {
    return this.conformance.read('CodeSystem', id);
  }

  // Signed in: with a wording file configured, the EQ-5D-5L Questionnaire carries the licensed text.
  @Get('Questionnaire')
  @Allow('staff', 'api_client')
  questionnaires(@Query('url') url?: string): Bundle {
    return this.conformance.search('Questionnaire', url);
  }

  @Get('Questionnaire/:id')
  @Allow('staff', 'api_client')
  questionnaire(@Param('id') id: string): Resource {
    return this.conformance.read('Questionnaire', id);
  }
}
