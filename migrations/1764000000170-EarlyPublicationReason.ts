import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishing rules (issue 19, docs/indicators.md "Publishing rules"): a period is published only
 * once it has ended, and within a grace period after its end (late registrations) only with force
 * and a reason. The reason is kept with the publication and shown to its readers, because figures
 * published early may lack episodes registered late. Only a first publication can be early: a
 * correction has its own reason.
 */
export class EarlyPublicationReason1764000000170 implements MigrationInterface {
  name = 'EarlyPublicationReason1764000000170';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE indicator_snapshots
        ADD COLUMN early_publication_reason text,
        ADD CONSTRAINT indicator_snapshots_early_publication CHECK (
          early_publication_reason IS NULL OR (version = 1 AND length(btrim(early_publication_reason)) > 0))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE indicator_snapshots DROP CONSTRAINT indicator_snapshots_early_publication, DROP COLUMN early_publication_reason`,
    );
  }
}
