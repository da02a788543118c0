import { asAppRole, asOwner } from '../support/database';
import { randomOrgNumber } from '../support/fixtures';

/** Tables holding person-level data; each must have RLS enabled with a policy on institution_id. */
const PERSON_LEVEL_TABLES = ['episodes', 'responses', 'idempotency_keys'];

describe('row-level security, the second wall', () => {
  it('is enabled on every table that has an institution_id and person-level data', async () => {
    const rows = (
      await asOwner((c) => c.query(`SELECT relname, relrowsecurity FROM pg_class WHERE relname = ANY ($1)`, [PERSON_LEVEL_TABLES]))
    ).rows;
    expect(rows.map((r: { relname: string }) => r.relname).sort()).toEqual([...PERSON_LEVEL_TABLES].sort());
    expect(rows.every((r: { relrowsecurity: boolean }) => r.relrowsecurity)).toBe(true);
  });

  it('the app role owns no table and cannot bypass RLS', async () => {
    const role = (await asAppRole((c) => c.query(`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user`))).rows[0];
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
    const owned = (await asAppRole((c) => c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tableowner = current_user`))).rows[0];
    expect(owned.n).toBe(0);
  });

  describe('with rows of one institution written as the owner', () => {
    let institutionId: string;
    let otherInstitutionId: string;
    let episodeId: string;

    beforeAll(async () => {
      await asOwner(async (c) => {
        const make = async (org: string) =>
          (
            await c.query(
              `INSERT INTO institutions (name, org_number, kind, region) VALUES ('RLS test', $1, 'private', 'helse-vest') RETURNING id`,
              [org],
            )
          ).rows[0].id as string;
        institutionId = await make(randomOrgNumber());
        otherInstitutionId = await make(randomOrgNumber());
        const episode = await c.query(
          `INSERT INTO episodes (institution_id, external_id, pseudonym, pseudonym_version, birth_year, sex, admission_date, setting, service_level, programme, main_diagnosis)
           VALUES ($1, 'rls-1', 'v1:rls-test', 1, 1950, 'female', '2026-01-05', 'inpatient', 'specialist', 'stroke', 'I63.9') RETURNING id`,
          [institutionId],
        );
        await c.query(
          `INSERT INTO responses (episode_id, institution_id, timepoint, instrument, completed_date, mode, answers, scoring_version, in_window)
           VALUES ($1, $2, 'admission', 'barthel', '2026-01-05', 'clinician', '{}', 'test', true)`,
          [episode.rows[0].id, institutionId],
        );
        await c.query(`INSERT INTO idempotency_keys (institution_id, key, request_hash) VALUES ($1, 'rls-test', '\\x00')`, [institutionId]);
        episodeId = episode.rows[0].id;
      });
    });

    const count = (table: string, setting?: string) =>
      asAppRole(async (c) => {
        await c.query('BEGIN');
        if (setting !== undefined) await c.query(`SELECT set_config('app.institution_ids', $1, true)`, [setting]);
        const n = (await c.query(`SELECT count(*)::int AS n FROM ${table} WHERE institution_id = ANY ($1::uuid[])`, [[institutionId]]))
          .rows[0].n as number;
        await c.query('COMMIT');
        return n;
      });

    it.each(PERSON_LEVEL_TABLES)('shows the app role no rows of %s without the per-request setting', async (table) => {
      expect(await count(table)).toBe(0);
      expect((await asAppRole((c) => c.query(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n).toBe(0);
    });

    it.each(PERSON_LEVEL_TABLES)('shows %s rows to the institution in the setting only', async (table) => {
      expect(await count(table, `{${institutionId}}`)).toBe(1);
      expect(await count(table, `{${otherInstitutionId}}`)).toBe(0);
    });

    it('refuses the app role an insert for an institution outside its setting', async () => {
      await expect(
        asAppRole(async (c) => {
          await c.query('BEGIN');
          await c.query(`SELECT set_config('app.institution_ids', $1, true)`, [`{${otherInstitutionId}}`]);
          await c.query(`INSERT INTO idempotency_keys (institution_id, key, request_hash) VALUES ($1, 'rls-test-2', '\\x00')`, [
            institutionId,
          ]);
        }),
      ).rejects.toThrow(/row-level security/);
    });

    // Row-level security decides who sees a response by its institution, and the indicator cubes
    // join a response to its episode by institution too: the two must never differ.
    it('refuses a response filed under another institution than its episode, even from the owner', async () => {
      await expect(
        asOwner((c) =>
          c.query(
            `INSERT INTO responses (episode_id, institution_id, timepoint, instrument, completed_date, mode, answers, scoring_version, in_window)
             VALUES ($1, $2, 'discharge', 'barthel', '2026-01-20', 'clinician', '{}', 'test', true)`,
            [episodeId, otherInstitutionId],
          ),
        ),
      ).rejects.toThrow(/responses_episode_fkey/);
    });
  });
});
