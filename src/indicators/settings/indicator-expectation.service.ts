/**
 * Who is expected to report in a period, and how many episodes each is expected to register
 * (e.g. counts from the national patient register): the denominators of participation
 * (tilslutningsgrad) and coverage (dekningsgrad). Maintained by administrators, per period.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { ValidationProblem } from '../../common/problem';
import { ScopedDb } from '../../database/scoped-db';
import type { ExpectationsDto, PutExpectationsDto } from '../dto/indicator.dto';
import { institutionInfo } from '../institution-info';
import { IndicatorExpectationRepository } from './indicator-expectation.repository';

@Injectable()
export class IndicatorExpectationService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly expectations: IndicatorExpectationRepository,
  ) {}

  /** Replaces the period's list. */
  async replace(period: string, dto: PutExpectationsDto): Promise<ExpectationsDto> {
    const ids = dto.institutions.map((i) => i.institutionId.toLowerCase());
    return this.db.registerTransaction(async (m) => {
      const knownIds = new Set((await institutionInfo(m, ids)).map((k) => k.id));
      const errors = ids.flatMap((id, i) => {
        if (!knownIds.has(id)) return [{ pointer: `/institutions/${i}/institutionId`, detail: 'No institution has this id' }];
        if (ids.indexOf(id) !== i)
          return [
            {
              pointer: `/institutions/${i}/institutionId`,
              detail: `The institution is listed twice (also at /institutions/${ids.indexOf(id)})`,
            },
          ];
        return [];
      });
      if (errors.length) throw new ValidationProblem(errors);
      await this.expectations.replace(
        m,
        period,
        ids.map((institutionId, i) => ({ institutionId, expectedEpisodes: dto.institutions[i].expectedEpisodes ?? null })),
      );
      await this.audit.record(m, {
        action: 'indicators.expectations.update',
        objectType: 'indicator_expectations',
        objectIds: [period],
        rowCount: ids.length,
      });
      return this.read(m, period);
    });
  }

  async get(period: string): Promise<ExpectationsDto> {
    return this.db.registerTransaction((m) => this.read(m, period));
  }

  private async read(m: EntityManager, period: string): Promise<ExpectationsDto> {
    const rows = await this.expectations.ofPeriodWithInstitutions(m, period);
    return {
      period,
      institutions: rows.map((r) => ({
        institutionId: r.institution_id,
        name: r.name,
        region: r.region,
        expectedEpisodes: r.expected_episodes,
      })),
    };
  }
}
