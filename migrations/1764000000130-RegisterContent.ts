import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an episode holds beyond its dates and programme (issue 18, DOMAIN.md "Rehabilitation level,
 * content, plan and coordinator"), and the modified Rankin Scale as a third instrument:
 *
 * - rehab_level: the rehabilitation pyramid's level; '1'-'4' go with service level municipal,
 *   '5.1'-'5.3' with specialist. Optional (null), as are all the new columns: old episodes keep null.
 *   Which levels an institution may register (by its kind) is checked by the service, not here.
 * - professions: the set of professions taking part, a JSON array of words from the fixed list
 *   (jsonb rather than text[] so the batch writers' unnest of one array per column keeps working:
 *   unnest flattens a text[][]). Never empty: "none recorded" is null. Their count is derived
 *   (jsonb_array_length), not stored.
 * - individual_plan, coordinator, municipality_notified_date: the habilitation and rehabilitation
 *   regulation's individual plan and coordinator, and when the municipality was contacted.
 * - responses.mrs_score: the modified Rankin Scale, 0 (no symptoms) to 6 (dead), clinician-rated.
 *
 * New columns of episodes and responses fall under those tables' row-level security policies.
 */
export class RegisterContent1764000000130 implements MigrationInterface {
  name = 'RegisterContent1764000000130';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE episodes
        ADD COLUMN rehab_level text CHECK (rehab_level IN ('1', '2', '3', '4', '5.1', '5.2', '5.3')),
        ADD COLUMN professions jsonb CHECK (
          jsonb_typeof(professions) = 'array' AND jsonb_array_length(professions) >= 1
          AND professions <@ '["physician", "nurse", "physiotherapist", "occupational_therapist", "speech_therapist",
                               "social_worker", "clinical_nutritionist", "psychologist", "vision_teacher", "other"]'::jsonb),
        ADD COLUMN individual_plan text CHECK (individual_plan IN ('established', 'offered_declined', 'not_needed', 'not_assessed')),
        ADD COLUMN coordinator text CHECK (coordinator IN ('assigned', 'not_assigned', 'not_needed')),
        ADD COLUMN municipality_notified_date date`);
    await q.query(`
      ALTER TABLE episodes ADD CONSTRAINT episodes_rehab_level_service_level CHECK (
        rehab_level IS NULL OR (rehab_level IN ('1', '2', '3', '4')) = (service_level = 'municipal'))`);

    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_instrument_check`);
    await q.query(
      `ALTER TABLE responses ADD CONSTRAINT responses_instrument_check CHECK (instrument = ANY (ARRAY['eq5d-5l'::text, 'barthel'::text, 'mrs'::text]))`,
    );
    await q.query(`ALTER TABLE responses ADD COLUMN mrs_score integer CHECK (mrs_score BETWEEN 0 AND 6)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM responses WHERE instrument = 'mrs'`);
    await q.query(`ALTER TABLE responses DROP COLUMN mrs_score`);
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_instrument_check`);
    await q.query(
      `ALTER TABLE responses ADD CONSTRAINT responses_instrument_check CHECK (instrument = ANY (ARRAY['eq5d-5l'::text, 'barthel'::text]))`,
    );
    await q.query(`ALTER TABLE episodes DROP CONSTRAINT episodes_rehab_level_service_level`);
    await q.query(`
      ALTER TABLE episodes
        DROP COLUMN municipality_notified_date,
        DROP COLUMN coordinator,
        DROP COLUMN individual_plan,
        DROP COLUMN professions,
        DROP COLUMN rehab_level`);
  }
}
