import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The episode list pages by keyset (issue 21: `?limit=&cursor=`, no OFFSET, the count capped at 1,000):
 * one index per sort it offers, over the visible episodes of an institution in the sort's order, so a
 * page reads its 25-500 rows from the index wherever it starts. Newest admission first is the same
 * index read backwards. Partial, with the list's own predicate (withdrawn episodes are listed only
 * when kept for their institution), so withdrawn rows cost the list nothing.
 */
export class EpisodeListKeyset1764000000270 implements MigrationInterface {
  name = 'EpisodeListKeyset1764000000270';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX episodes_list_by_admission ON episodes (institution_id, admission_date, id) WHERE withdrawn_at IS NULL OR local_only`,
    );
    await q.query(
      `CREATE INDEX episodes_list_by_external_id ON episodes (institution_id, external_id, id) WHERE withdrawn_at IS NULL OR local_only`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX episodes_list_by_external_id`);
    await q.query(`DROP INDEX episodes_list_by_admission`);
  }
}
