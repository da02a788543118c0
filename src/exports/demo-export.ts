/**
 * The demo data manager's export (demo data only): last year's episodes of their institution as
 * CSV, built at once through the same builder, so the data-manager routes have files to show.
 */
import { Injectable } from '@nestjs/common';
import { ScopedDb } from '../database/scoped-db';
import { InstitutionExportBuilder } from './institution-export-builder';
import { InstitutionExportRepository } from './institution-export.repository';

const DAY = 24 * 60 * 60 * 1000;

@Injectable()
export class DemoExport {
  constructor(
    private readonly db: ScopedDb,
    private readonly exports: InstitutionExportRepository,
    private readonly builder: InstitutionExportBuilder,
  ) {}

  /** Asks as the data manager `email` (of one institution) for the episodes of `year` and builds; returns the export id. */
  async load(email: string, year: number, ttlDays: number): Promise<string> {
    const [dataManager]: { user_id: string; institution_id: string }[] = await this.db.registerTransaction((m) =>
      m.query(
        `SELECT m.user_id, m.institution_id FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE u.email = $1 AND 'data_manager' = ANY (m.roles)`,
        [email],
      ),
    );
    const row = await this.db.transaction([dataManager.institution_id], (m) =>
      this.exports.insert(m, {
        institutionId: dataManager.institution_id,
        requestedBy: dataManager.user_id,
        periodFrom: `${year}-01-01`,
        periodTo: `${year}-12-31`,
        format: 'csv',
        expiresAt: new Date(Date.now() + ttlDays * DAY),
      }),
    );
    await this.builder.build({ exportId: row.id, institutionId: dataManager.institution_id });
    return row.id;
  }
}
