import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections of published indicators. A period is still published once, but an administrator
 * may publish a correction (a new version, with the reason) when published figures turn out to
 * be wrong (an institution's data corrected after publication, a mistaken expectation list).
 * Versions are never changed or removed: version 1 keeps the figures a region saw in March, and
 * readers get the newest version unless they ask for another. So the app still only inserts.
 */
export class IndicatorSnapshotCorrections1764000000080 implements MigrationInterface {
  name = 'IndicatorSnapshotCorrections1764000000080';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE indicator_snapshots
        ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        ADD COLUMN corrects uuid REFERENCES indicator_snapshots(id),
        ADD COLUMN correction_reason text,
        -- the first version corrects nothing; every later one names the version it replaces and why
        ADD CONSTRAINT indicator_snapshots_correction CHECK (
          (version = 1 AND corrects IS NULL AND correction_reason IS NULL)
          OR (version > 1 AND corrects IS NOT NULL AND length(btrim(correction_reason)) > 0))`);
    await q.query(`ALTER TABLE indicator_snapshots DROP CONSTRAINT indicator_snapshots_period_key`);
    await q.query(`ALTER TABLE indicator_snapshots ADD CONSTRAINT indicator_snapshots_period_version_key UNIQUE (period, version)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Refuse rather than drop corrections silently: they are published figures.
    const [{ corrections }] = await q.query(`SELECT count(*)::int AS corrections FROM indicator_snapshots WHERE version > 1`);
    if (corrections > 0) {
      throw new Error(
        `${corrections} published correction(s) exist; reverting this migration would lose them. Remove them deliberately first.`,
      );
    }
    await q.query(`ALTER TABLE indicator_snapshots DROP CONSTRAINT indicator_snapshots_period_version_key`);
    await q.query(`ALTER TABLE indicator_snapshots ADD CONSTRAINT indicator_snapshots_period_key UNIQUE (period)`);
    await q.query(
      `ALTER TABLE indicator_snapshots DROP CONSTRAINT indicator_snapshots_correction, DROP COLUMN correction_reason, DROP COLUMN corrects, DROP COLUMN version`,
    );
  }
}
