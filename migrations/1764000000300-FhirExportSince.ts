import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `_since` of a FHIR Bulk Data `$export` (issue 23): the instant the kick-off gave, kept with the
 * export so its build writes only resources changed after it (their `meta.lastUpdated`). Only a
 * FHIR export (format ndjson) has one.
 */
export class FhirExportSince1764000000300 implements MigrationInterface {
  name = 'FhirExportSince1764000000300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE institution_exports
        ADD COLUMN fhir_since timestamptz,
        ADD CONSTRAINT institution_exports_fhir_since_check CHECK (fhir_since IS NULL OR format = 'ndjson')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE institution_exports
        DROP CONSTRAINT institution_exports_fhir_since_check,
        DROP COLUMN fhir_since`);
  }
}
