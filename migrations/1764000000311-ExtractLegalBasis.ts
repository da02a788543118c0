import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A research extract request names its legal basis (issue 20: `legalBasis`, e.g. the GDPR
 * articles and the health register act's section the project relies on), kept with the request
 * for the administrator who decides and the data protection officer. Requests made before have none.
 */
export class ExtractLegalBasis1764000000311 implements MigrationInterface {
  name = 'ExtractLegalBasis1764000000311';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE extract_requests ADD COLUMN legal_basis text CHECK (length(legal_basis) BETWEEN 1 AND 1000)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE extract_requests DROP COLUMN legal_basis`);
  }
}
