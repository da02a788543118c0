import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicator settings an administrator sets (INDICATORS.md: the minimal important differences,
 * the independence threshold, the coverage warning level, the suppression threshold, and each
 * indicator's minimum requirement and target). Kept as a history: every change is a new row with
 * who made it and why, the newest row is in force, and the app may add rows but never change or
 * remove one. Without a row the defaults of indicator-definitions.ts and indicator-targets.ts apply.
 */
export class IndicatorSettings1764000000090 implements MigrationInterface {
  name = 'IndicatorSettings1764000000090';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_settings (
        id bigserial PRIMARY KEY,
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by text,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        parameters jsonb NOT NULL CHECK (jsonb_typeof(parameters) = 'object'),
        targets jsonb NOT NULL CHECK (jsonb_typeof(targets) = 'object')
      )`);
    await q.query(`GRANT SELECT, INSERT ON indicator_settings TO rehabreg_app`);
    await q.query(`GRANT USAGE ON SEQUENCE indicator_settings_id_seq TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE indicator_settings`);
  }
}
