import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

const FLAGS = ['has_admission_eq5d', 'has_discharge_eq5d', 'has_admission_barthel', 'has_discharge_barthel', 'has_response_out_of_window'];

const VISIBLE = '(withdrawn_at IS NULL OR local_only)';

/** Each "missing" filter's partial index, in the default order (newest admission first, read backwards). */
const MISSING_INDEXES: [string, string][] = [
  ['episodes_missing_admission_eq5d', 'NOT has_admission_eq5d'],
  ['episodes_missing_discharge_eq5d', 'discharge_date IS NOT NULL AND NOT has_discharge_eq5d'],
  ['episodes_missing_barthel', 'NOT has_admission_barthel OR (discharge_date IS NOT NULL AND NOT has_discharge_barthel)'],
  ['episodes_response_out_of_window', 'has_response_out_of_window'],
];

/**
 * The episode list's "missing" filters (issue 21: no admission EQ-5D, no discharge EQ-5D, no Barthel, out of
 * window) read flags on the episode, kept by triggers on responses (episode_refresh_forms), instead of an
 * anti-join over responses at read time; a partial index per filter holds only the episodes it selects, so
 * a page of them is read from the index however rare they are. Existing episodes get their flags here.
 */
export class EpisodeFormFlags1764000000275 implements MigrationInterface {
  name = 'EpisodeFormFlags1764000000275';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE episodes ${FLAGS.map((flag) => `ADD COLUMN ${flag} boolean NOT NULL DEFAULT false`).join(', ')}`);
    await q.query(sql('episode_refresh_forms.sql'));
    await q.query(sql('episode_note_forms_new.sql'));
    await q.query(sql('episode_note_forms_old.sql'));
    for (const [event, referencing, fn] of [
      ['INSERT', 'NEW TABLE AS new_rows', 'episode_note_forms_new'],
      ['UPDATE', 'NEW TABLE AS new_rows', 'episode_note_forms_new'],
      ['DELETE', 'OLD TABLE AS old_rows', 'episode_note_forms_old'],
    ])
      await q.query(
        `CREATE TRIGGER responses_forms_${event.toLowerCase()} AFTER ${event} ON responses REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    await q.query(`SELECT episode_refresh_forms(ARRAY(SELECT DISTINCT episode_id FROM responses))`);
    for (const [name, predicate] of MISSING_INDEXES)
      await q.query(`CREATE INDEX ${name} ON episodes (institution_id, admission_date, id) WHERE ${VISIBLE} AND (${predicate})`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [name] of MISSING_INDEXES) await q.query(`DROP INDEX ${name}`);
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER responses_forms_${event} ON responses`);
    await q.query(`DROP FUNCTION episode_note_forms_old()`);
    await q.query(`DROP FUNCTION episode_note_forms_new()`);
    await q.query(`DROP FUNCTION episode_refresh_forms(uuid[])`);
    await q.query(`ALTER TABLE episodes ${FLAGS.map((flag) => `DROP COLUMN ${flag}`).join(', ')}`);
  }
}
