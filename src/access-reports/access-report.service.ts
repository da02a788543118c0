/**
 * An institution's part of a patient's access report, made by its staff on the patient's behalf:
 * the national identity number is pseudonymized here and dropped; the report is gathered under
 * row-level security for the one institution, and audited (access_report.institution, naming the
 * episodes it showed, so the patient's next report shows that it was made).
 */
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { ValidationProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import type { FormLanguage } from '../forms/messages';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import { AccessReportCollector } from './access-report-collector';
import type { AccessReportDto, CreateAccessReportDto } from './dto/access-report.dto';

@Injectable()
export class AccessReportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly pseudonyms: PseudonymService,
    private readonly collector: AccessReportCollector,
    private readonly audit: AuditService,
  ) {}

  institutionPart(dto: CreateAccessReportDto, language: FormLanguage): Promise<AccessReportDto> {
    const pseudonym = pseudonymOf(this.pseudonyms, dto.nationalId);
    const institutionId = this.scope.writable(dto.institutionId);
    return this.db.transaction([institutionId], async (manager) => {
      const report = await this.collector.collect(manager, pseudonym, { kind: 'institution', institutionId }, language);
      await this.audit.record(manager, {
        action: 'access_report.institution',
        objectType: 'episode',
        objectIds: report.episodes.map((e) => e.episode.id),
        institutionId,
      });
      return report;
    });
  }
}

/** The pseudonym of a national identity number; a number that is not valid is the request's fault (400). */
export function pseudonymOf(pseudonyms: PseudonymService, nationalId: string): string {
  const result = pseudonyms.pseudonymize(nationalId);
  if (!result.ok) throw new ValidationProblem([{ pointer: '/nationalId', detail: result.reason }]);
  return result.patient.pseudonym;
}
