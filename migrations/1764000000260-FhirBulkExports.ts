import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * FHIR Bulk Data `$export` (issue 23) on the own-data export engine: a bulk export is an
 * institution export whose files are NDJSON of FHIR resources. It keeps the resource types asked
 * for (`fhir_types`, set exactly for format ndjson) and the kick-off URL the manifest repeats
 * (`fhir_request`). Its builds have their own queue, run by the FHIR facade.
 */
export class FhirBulkExports1764000000260 implements MigrationInterface {
  name = 'FhirBulkExports1764000000260';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE institution_exports
        DROP CONSTRAINT institution_exports_format_check,
        ADD CONSTRAINT institution_exports_format_check CHECK (format IN ('csv', 'parquet', 'ndjson')),
        ADD COLUMN fhir_types text[],
        ADD COLUMN fhir_request text CHECK (length(fhir_request) <= 2000),
        ADD CONSTRAINT institution_exports_fhir_check
          CHECK ((format = 'ndjson') = (fhir_types IS NOT NULL AND fhir_request IS NOT NULL))`);
    await q.query(`
      ALTER TABLE institution_export_files
        DROP CONSTRAINT institution_export_files_format_check,
        ADD CONSTRAINT institution_export_files_format_check CHECK (format IN ('csv', 'parquet', 'json', 'ndjson'))`);
    await q.query(
      `SELECT pgboss.create_queue('fhir-bulk-export-build', '{"policy":"standard","retryLimit":5,"retryDelay":5,"expireInSeconds":3600,"heartbeatSeconds":15,"deleteAfterSeconds":604800}'::jsonb)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pgboss.delete_queue('fhir-bulk-export-build')`);
    await q.query(`DELETE FROM institution_exports WHERE format = 'ndjson'`);
    await q.query(`
      ALTER TABLE institution_export_files
        DROP CONSTRAINT institution_export_files_format_check,
        ADD CONSTRAINT institution_export_files_format_check CHECK (format IN ('csv', 'parquet', 'json'))`);
    await q.query(`
      ALTER TABLE institution_exports
        DROP CONSTRAINT institution_exports_fhir_check,
        DROP COLUMN fhir_request,
        DROP COLUMN fhir_types,
        DROP CONSTRAINT institution_exports_format_check,
        ADD CONSTRAINT institution_exports_format_check CHECK (format IN ('csv', 'parquet'))`);
  }
}
