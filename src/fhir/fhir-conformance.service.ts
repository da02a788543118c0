/** The conformance resources, built once: they change only with a new release (or wording file). */
import { Inject, Injectable } from '@nestjs/common';
import type { Bundle, CapabilityStatement, CodeSystem, Questionnaire, Resource, StructureDefinition } from '@medplum/fhirtypes';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { wordingCatalogue } from '../forms/eq5d-wording';
import { capabilityStatement, codeSystems, questionnaires, structureDefinitions } from './fhir-conformance';
import { FHIR_BASE } from './fhir-vocabulary';
import { OperationOutcomeException } from './operation-outcome';

type ConformanceType = 'Questionnaire' | 'StructureDefinition' | 'CodeSystem';
type ConformanceResource = Questionnaire | StructureDefinition | CodeSystem;

@Injectable()
export class FhirConformanceService {
  private readonly byType: Record<ConformanceType, ConformanceResource[]>;
  readonly capabilities: CapabilityStatement = capabilityStatement();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.byType = {
      Questionnaire: questionnaires(wordingCatalogue(config.eq5dWordingFile)),
      StructureDefinition: structureDefinitions(),
      CodeSystem: codeSystems(),
    };
  }

  read(type: ConformanceType, id: string): ConformanceResource {
    const found = this.byType[type].find((resource) => resource.id === id);
    if (!found) throw notFound(type, id);
    return found;
  }

  /** Search by `url` (canonical, with or without `|version`) or none: the few parameters an EHR resolving a canonical uses. */
  search(type: ConformanceType, url: string | undefined): Bundle {
    const [canonicalUrl, version] = (url ?? '').split('|');
    const matches = this.byType[type].filter((r) => !url || (r.url === canonicalUrl && (!version || r.version === version)));
    return searchSet(matches);
  }
}

export function searchSet(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `${FHIR_BASE}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

export function notFound(type: string, id: string): OperationOutcomeException {
  return new OperationOutcomeException(404, {
    type: 'urn:rehabreg:problem:not-found',
    title: 'Not found',
    detail: `${type}/${id} was not found, or you do not have access to it.`,
  });
}
