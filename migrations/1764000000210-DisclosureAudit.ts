import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: each publication keeps the disclosure audit it passed (docs/indicators.md, "Disclosure
 * control"): the protection margin and threshold, what was hidden, and for every hidden count the
 * interval a reader can prove from everything published. NULL for publications made before.
 */
export class DisclosureAudit1764000000210 implements MigrationInterface {
  name = 'DisclosureAudit1764000000210';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_snapshots ADD COLUMN disclosure_audit jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_snapshots DROP COLUMN disclosure_audit`);
  }
}
