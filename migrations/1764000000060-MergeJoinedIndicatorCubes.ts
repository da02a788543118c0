import { MigrationInterface, QueryRunner } from 'typeorm';
import { CELL_COLUMNS } from './1764000000010-Indicators';
import { CELLS_AGGREGATE, EPISODE_CUBE_COLUMNS, FILL_CUBE_FUNCTION_V2, SLOTS } from './1764000000040-ParallelIndicatorCubes';

/** What the new episode index carries besides its key (institution, id): the old one's columns, with the discharge date leaving the key. */
const COVERED_EPISODE_COLUMNS =
  'programme, setting, service_level, sex, birth_year, referral_date, admission_date, discharge_date, discharge_destination, pseudonym, withdrawn_at';

/**
 * Indicator cubes built by merge joins: at 1M episodes the national cube's cells in about 1.5 s
 * instead of 6.2 (issue 6's benchmark, docs/benchmarks.md).
 *
 * - Episodes are indexed by (institution, id), as the four answer indexes already are by
 *   (institution, episode). An episode and its four answers then come out of five index scans
 *   in the same order and are joined by merging them, with no hash table built; the hash joins
 *   of migration 0040 copied every wide episode row into one or two hash tables. The new index
 *   replaces the one by (institution, discharge date), so a write costs the same: the episode
 *   list filters by institution only and sorts by admission date, and an institution's cube reads
 *   its range either way.
 * - A merge join runs in one process, so the cube is a UNION ALL of up to eight branches, each a
 *   contiguous range of institutions, which PostgreSQL hands out to its parallel workers (Parallel
 *   Append). Each branch reads one range of each of the five indexes.
 * - Joining on the institution as well relies on a response carrying its episode's institution,
 *   which row-level security relied on already. The database now guarantees it: the response's
 *   key to its episode includes the institution. That key makes the one to institutions
 *   redundant (the episode has it), so a response write checks one foreign key instead of two.
 * - Withdrawn patients are excluded by a hashed NOT IN (built once per branch) rather than an anti
 *   join, which with hash joins off would sort every episode by pseudonym.
 * - The age band is computed with date_part (a float) instead of extract (a numeric).
 */
export class MergeJoinedIndicatorCubes1764000000060 implements MigrationInterface {
  name = 'MergeJoinedIndicatorCubes1764000000060';

  public async up(q: QueryRunner): Promise<void> {
    // Unique, so the responses' key to their episode can include the institution.
    await q.query(`CREATE UNIQUE INDEX episodes_institution_cover ON episodes (institution_id, id) INCLUDE (${COVERED_EPISODE_COLUMNS})`);
    await q.query(`DROP INDEX episodes_institution_discharge_cover`);
    await q.query(`ALTER TABLE episodes ADD CONSTRAINT episodes_institution_id_id_key UNIQUE USING INDEX episodes_institution_cover`);
    await q.query(
      `ALTER TABLE responses ADD CONSTRAINT responses_episode_fkey FOREIGN KEY (institution_id, episode_id) REFERENCES episodes (institution_id, id)`,
    );
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_episode_id_fkey, DROP CONSTRAINT responses_institution_id_fkey`);
    await q.query(FILL_CUBE_FUNCTION_V3);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(FILL_CUBE_FUNCTION_V2); // CREATE OR REPLACE: its SET clauses replace this one's too
    await q.query(`ALTER TABLE responses ADD CONSTRAINT responses_episode_id_fkey FOREIGN KEY (episode_id) REFERENCES episodes (id)`);
    await q.query(
      `ALTER TABLE responses ADD CONSTRAINT responses_institution_id_fkey FOREIGN KEY (institution_id) REFERENCES institutions (id)`,
    );
    await q.query(`ALTER TABLE responses DROP CONSTRAINT responses_episode_fkey`);
    await q.query(`ALTER TABLE episodes DROP CONSTRAINT episodes_institution_id_id_key`);
    await q.query(
      `CREATE INDEX episodes_institution_discharge_cover ON episodes (institution_id, discharge_date) INCLUDE (${EPISODE_CUBE_COLUMNS})`,
    );
  }
}

/**
 * One branch of the cube's facts (one row per episode with its four answers) as a format()
 * template: %1$L/%2$L the period's first and last day, %4$L the institutions to compute (NULL:
 * all in the range), %5$L the cube settings, %6$L/%7$L the branch's first and last institution.
 * Same exclusions as before: withdrawn patients, superseded and out-of-window answers; episodes
 * count in the period of their discharge date.
 */
const FACTS_BRANCH = `
    SELECT e.institution_id, e.programme, e.setting, e.service_level, e.sex,
           indicator_age_band(date_part('year', e.admission_date)::integer - e.birth_year) AS age_band,
           e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination,
           ae.eq5d_state AS a_state, de.eq5d_state AS d_state, ae.eq5d_vas AS a_vas, de.eq5d_vas AS d_vas,
           ab.barthel_total AS a_barthel, db.barthel_total AS d_barthel, a.idx AS a_index,
           d.idx - a.idx AS index_change, de.eq5d_vas - ae.eq5d_vas AS vas_change, db.barthel_total - ab.barthel_total AS barthel_change,
           eq5d_pchc_class(ae.eq5d_state::integer, de.eq5d_state::integer) AS pchc
      FROM episodes e
      ${SLOTS.map(({ alias: r, timepoint, instrument }) => `LEFT JOIN responses ${r} ON ${r}.institution_id = e.institution_id AND ${r}.episode_id = e.id AND ${r}.superseded_at IS NULL AND ${r}.in_window AND ${r}.timepoint = '${timepoint}' AND ${r}.instrument = '${instrument}' AND ${r}.institution_id BETWEEN %6$L AND %7$L`).join('\n      ')}
      -- the index counts only when both answers were scored with the cube's value set
      CROSS JOIN LATERAL (SELECT CASE WHEN ae.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN ae.eq5d_index END AS idx) a
      CROSS JOIN LATERAL (SELECT CASE WHEN de.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN de.eq5d_index END AS idx) d
     WHERE e.institution_id BETWEEN %6$L AND %7$L
       AND (%4$L::uuid[] IS NULL OR e.institution_id = ANY (%4$L::uuid[]))
       AND e.discharge_date BETWEEN %1$L AND %2$L
       AND e.withdrawn_at IS NULL
       AND e.pseudonym NOT IN (SELECT w.pseudonym FROM withdrawals w)`;

/** Parallel Append hands whole branches to workers: more branches than workers evens out their work. */
const MAX_BRANCHES = 8;

/** The cube-filling function as this migration created it; exported for a later migration's down(). */
export const FILL_CUBE_FUNCTION_V3 = `
  CREATE OR REPLACE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  -- Merge joins over the index order (see the migration's comment); a hash join or a sort would
  -- only be chosen by misestimate here, and the cells are grouped by hashing.
  SET enable_hashjoin = off SET enable_sort = off AS $fill$
  DECLARE
    c indicator_cubes;
    base_snapshot pg_snapshot;
    seen pg_snapshot;
    changed uuid[];
    targets uuid[];
    only_targets uuid[];
    branches text[];
    fresh integer;
    copied integer := 0;
    started timestamptz := clock_timestamp();
  BEGIN
    SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
    SELECT built_snapshot INTO base_snapshot FROM indicator_cubes WHERE id = p_base;
    -- First the snapshot, then what changed and the cells (see migration 0040's comment).
    seen := pg_current_snapshot();
    targets := CASE WHEN c.institution_id IS NULL THEN ARRAY(SELECT id FROM institutions ORDER BY id) ELSE ARRAY[c.institution_id] END;
    IF base_snapshot IS NOT NULL THEN
      -- With a base cube (the stale one this replaces), only institutions with changes the base did
      -- not see are recomputed; the others' cells are copied.
      changed := ARRAY(
        SELECT DISTINCT ch.institution_id FROM indicator_changes ch
         WHERE ch.period_year BETWEEN extract(year FROM c.period_from)::integer AND extract(year FROM c.period_to)::integer
           AND ch.txid >= pg_snapshot_xmin(base_snapshot) AND NOT pg_visible_in_snapshot(ch.txid, base_snapshot));
      targets := ARRAY(SELECT t FROM unnest(targets) t WHERE t = ANY (changed) ORDER BY t);
    END IF;
    -- A branch's range may hold institutions that are not to be computed (an incremental rebuild).
    only_targets := CASE WHEN c.institution_id IS NULL AND base_snapshot IS NULL THEN NULL ELSE targets END;
    branches := ARRAY(
      SELECT format($branch$${FACTS_BRANCH}$branch$, c.period_from, c.period_to, NULL, only_targets, c.settings, ids[1], ids[cardinality(ids)])
        FROM (SELECT array_agg(t ORDER BY t) AS ids
                FROM (SELECT t, ntile(${MAX_BRANCHES}) OVER (ORDER BY t) AS branch FROM unnest(targets) t) numbered
               GROUP BY branch ORDER BY branch) ranges);
    IF cardinality(branches) = 0 THEN -- nothing to compute: one branch that matches nothing keeps the query valid
      branches := ARRAY[format($branch$${FACTS_BRANCH}$branch$, c.period_from, c.period_to, NULL, only_targets, c.settings, NULL, NULL)];
    END IF;
    -- CREATE TABLE AS may use parallel workers; INSERT ... SELECT may not. Literal values (format's
    -- %L), as a utility statement takes no parameters.
    EXECUTE format('CREATE TEMP TABLE indicator_fresh_cells (${CELL_COLUMNS}) ON COMMIT DROP AS WITH facts AS (%s) %s',
                   array_to_string(branches, ' UNION ALL '),
                   format($aggregate$${CELLS_AGGREGATE}$aggregate$, c.period_from, c.period_to, NULL, NULL, c.settings));
    INSERT INTO indicator_cube_cells SELECT p_cube, * FROM indicator_fresh_cells;
    GET DIAGNOSTICS fresh = ROW_COUNT;
    DROP TABLE indicator_fresh_cells;
    IF base_snapshot IS NOT NULL THEN
      INSERT INTO indicator_cube_cells
      SELECT p_cube, ${CELL_COLUMNS} FROM indicator_cube_cells o WHERE o.cube_id = p_base AND o.institution_id <> ALL (changed);
      GET DIAGNOSTICS copied = ROW_COUNT;
    END IF;
    UPDATE indicator_cubes
       SET built_snapshot = seen, cell_count = fresh + copied, build_ms = extract(epoch FROM clock_timestamp() - started) * 1000
     WHERE id = p_cube;
  END $fill$`;
