import { MigrationInterface, QueryRunner } from 'typeorm';
import { CELL_COLUMNS, FILL_CUBE_FUNCTION_V1, PCHC_FUNCTION_V1 } from './1764000000010-Indicators';

/** The four answers a cube reads per episode: timepoint × instrument, and the columns it needs of each. */
export const SLOTS = [
  { alias: 'ae', timepoint: 'admission', instrument: 'eq5d-5l', columns: 'eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set' },
  { alias: 'de', timepoint: 'discharge', instrument: 'eq5d-5l', columns: 'eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set' },
  { alias: 'ab', timepoint: 'admission', instrument: 'barthel', columns: 'barthel_total' },
  { alias: 'db', timepoint: 'discharge', instrument: 'barthel', columns: 'barthel_total' },
] as const;

/** What a cube reads of an episode besides institution and discharge date. */
export const EPISODE_CUBE_COLUMNS =
  'id, programme, setting, service_level, sex, birth_year, referral_date, admission_date, discharge_destination, pseudonym, withdrawn_at';

const slotIndexName = (slot: (typeof SLOTS)[number]) =>
  `responses_indicator_${slot.timepoint}_${slot.instrument.replace(/[^a-z0-9]/g, '')}`;
const slotCondition = (slot: (typeof SLOTS)[number], alias = '') =>
  `${alias}superseded_at IS NULL AND ${alias}in_window AND ${alias}timepoint = '${slot.timepoint}' AND ${alias}instrument = '${slot.instrument}'`;

/** Level k (1-5, left to right) of an EQ-5D state written as the integer 12345. */
const level = (state: string, k: number) => `(${state} / ${10 ** (5 - k)} % 10)`;
const anyLevel = (op: '<' | '>') => [1, 2, 3, 4, 5].map((k) => `${level('p_after', k)} ${op} ${level('p_before', k)}`).join(' OR ');

/**
 * Indicator cubes built in parallel: at 1M episodes the national cube in 6.5 s instead of 11.2, an
 * institution's own in 0.4 s instead of 1.2 (issue 6's benchmark, docs/benchmarks.md).
 *
 * - The cube's cells are now computed by CREATE TABLE AS, which PostgreSQL may run with parallel
 *   workers; the one-statement INSERT of the Indicators migration never could. Because that takes
 *   two statements, the cube's snapshot is taken first: the cells see everything it sees (a later
 *   snapshot only adds), so a change that lands in between is in the cells but counted as unseen,
 *   which costs a needless rebuild, never a stale cube.
 * - The four answers of an episode are joined from four small partial covering indexes, one per
 *   timepoint × instrument, instead of a materialized list of all answers (a CTE, which keeps a
 *   plan on one process). Every response row is in at most one of them, as it was in the one
 *   index they replace, so writing a response costs the same.
 * - The same indexes lead with the institution, as does a new covering index of episodes, so an
 *   institution's own cube (its live view) reads ranges of them instead of looking up each episode.
 * - PCHC is classified on the states as integers (0 unchanged, 1 better, 2 worse, 3 mixed)
 *   rather than by comparing substrings, once per episode.
 */
export class ParallelIndicatorCubes1764000000040 implements MigrationInterface {
  name = 'ParallelIndicatorCubes1764000000040';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS responses_indicator_answers`); // absent where an early 0010 ran (development databases)
    for (const slot of SLOTS) {
      await q.query(
        `CREATE INDEX ${slotIndexName(slot)} ON responses (institution_id, episode_id) INCLUDE (${slot.columns}) WHERE ${slotCondition(slot)}`,
      );
    }
    // An institution's cube reads its episodes of the period from the index alone (the same key as the
    // index it replaces, which the episode list uses too).
    await q.query(
      `CREATE INDEX episodes_institution_discharge_cover ON episodes (institution_id, discharge_date) INCLUDE (${EPISODE_CUBE_COLUMNS})`,
    );
    await q.query(`DROP INDEX episodes_institution_discharge`);
    // As classifyHealthChange() in src/indicators/statistics/pchc.ts (the property test of eq5d_pchc checks
    // both). No FROM clause, so PostgreSQL inlines it; its arguments are columns, cheap to repeat.
    await q.query(`
      CREATE FUNCTION eq5d_pchc_class(p_before integer, p_after integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN p_before IS NULL OR p_after IS NULL THEN NULL
                    ELSE (${anyLevel('<')})::integer + 2 * (${anyLevel('>')})::integer END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION eq5d_pchc(p_before text, p_after text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (ARRAY['unchanged', 'better', 'worse', 'mixed'])[eq5d_pchc_class(p_before::integer, p_after::integer) + 1]
      $$`);
    await q.query(FILL_CUBE_FUNCTION_V2);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(FILL_CUBE_FUNCTION_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await q.query(PCHC_FUNCTION_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await q.query(`DROP FUNCTION eq5d_pchc_class(integer, integer)`);
    for (const slot of SLOTS) await q.query(`DROP INDEX ${slotIndexName(slot)}`);
    await q.query(`CREATE INDEX episodes_institution_discharge ON episodes (institution_id, discharge_date)`);
    await q.query(`DROP INDEX episodes_institution_discharge_cover`);
    await q.query(`
      CREATE INDEX responses_indicator_answers ON responses (episode_id)
        INCLUDE (timepoint, instrument, eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set, barthel_total)
        WHERE superseded_at IS NULL AND in_window`);
  }
}

/**
 * The sums of a cube's cells over `facts` (one row per episode with its answers), with the cube
 * settings as format()'s %5$L. Exported for a later migration's cells query.
 */
export const CELLS_AGGREGATE = `  SELECT institution_id, programme, setting, service_level, age_band, sex,
         count(*), count(a_state), count(d_state), count(a_vas), count(d_vas),
         count(a_barthel), count(d_barthel),
         count(*) FILTER (WHERE a_state IS NOT NULL AND d_state IS NOT NULL),
         count(*) FILTER (WHERE a_barthel IS NOT NULL AND d_barthel IS NOT NULL),
         count(index_change), coalesce(sum(index_change), 0), coalesce(sum(index_change * index_change), 0),
         coalesce(sum(a_index) FILTER (WHERE index_change IS NOT NULL), 0),
         coalesce(sum(a_index * a_index) FILTER (WHERE index_change IS NOT NULL), 0),
         coalesce(sum(a_index * index_change), 0),
         -- a change equal to the MID up to floating-point rounding counts as reaching it
         count(*) FILTER (WHERE index_change >= (%5$L::jsonb->>'eq5dMid')::float8 - 1e-9),
         count(vas_change), coalesce(sum(vas_change), 0), coalesce(sum(vas_change::float8 * vas_change), 0),
         count(*) FILTER (WHERE pchc = 1), count(*) FILTER (WHERE pchc = 2),
         count(*) FILTER (WHERE pchc = 3), count(*) FILTER (WHERE pchc = 0),
         count(barthel_change), coalesce(sum(barthel_change), 0), coalesce(sum(barthel_change::float8 * barthel_change), 0),
         count(*) FILTER (WHERE barthel_change >= (%5$L::jsonb->>'barthelMcid')::integer),
         count(*) FILTER (WHERE d_barthel >= (%5$L::jsonb->>'barthelIndependenceThreshold')::integer),
         count(discharge_destination), count(*) FILTER (WHERE discharge_destination IN ('home', 'home_with_services')),
         count(referral_date),
         array_agg(discharge_date - admission_date),
         coalesce(array_agg(admission_date - referral_date) FILTER (WHERE referral_date IS NOT NULL), '{}')
    FROM facts
   GROUP BY institution_id, programme, setting, service_level, age_band, sex`;

/**
 * The cells of a cube's episodes, as a query with format() placeholders: %1$L/%2$L the period's
 * first and last day, %3$L the institution (or NULL), %4$L the institutions to recompute (or NULL:
 * all), %5$L the cube settings (jsonb). Same exclusions as before: withdrawn patients, superseded
 * and out-of-window answers; episodes count in the period of their discharge date.
 */
const CELLS_QUERY = `
  WITH ep AS (
    SELECT e.id, e.institution_id, e.programme, e.setting, e.service_level, e.sex,
           indicator_age_band(extract(year FROM e.admission_date)::integer - e.birth_year) AS age_band,
           e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination
      FROM episodes e
     WHERE e.discharge_date BETWEEN %1$L AND %2$L
       AND e.withdrawn_at IS NULL
       AND (%3$L::uuid IS NULL OR e.institution_id = %3$L::uuid)
       AND (%4$L::uuid[] IS NULL OR e.institution_id = ANY (%4$L::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.pseudonym = e.pseudonym)
  ),
  facts AS (
    SELECT ep.*, ae.eq5d_state AS a_state, de.eq5d_state AS d_state, ae.eq5d_vas AS a_vas, de.eq5d_vas AS d_vas,
           ab.barthel_total AS a_barthel, db.barthel_total AS d_barthel, a.idx AS a_index,
           d.idx - a.idx AS index_change, de.eq5d_vas - ae.eq5d_vas AS vas_change, db.barthel_total - ab.barthel_total AS barthel_change,
           eq5d_pchc_class(ae.eq5d_state::integer, de.eq5d_state::integer) AS pchc
      FROM ep
      -- A response carries its episode's institution (row-level security relies on it too), so an
      -- institution's cube reads one range of each index rather than looking up every episode.
      ${SLOTS.map((slot) => `LEFT JOIN responses ${slot.alias} ON ${slot.alias}.episode_id = ep.id AND ${slotCondition(slot, `${slot.alias}.`)} AND (%3$L::uuid IS NULL OR ${slot.alias}.institution_id = %3$L::uuid)`).join('\n      ')}
      -- the index counts only when both answers were scored with the cube's value set
      CROSS JOIN LATERAL (SELECT CASE WHEN ae.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN ae.eq5d_index END AS idx) a
      CROSS JOIN LATERAL (SELECT CASE WHEN de.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN de.eq5d_index END AS idx) d
  )
${CELLS_AGGREGATE}`;

/** The cube-filling function as this migration created it; exported for a later migration's down(). */
export const FILL_CUBE_FUNCTION_V2 = `
  CREATE OR REPLACE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fill$
  DECLARE
    c indicator_cubes;
    base_snapshot pg_snapshot;
    seen pg_snapshot;
    changed uuid[];
    fresh integer;
    copied integer := 0;
    started timestamptz := clock_timestamp();
  BEGIN
    SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
    SELECT built_snapshot INTO base_snapshot FROM indicator_cubes WHERE id = p_base;
    -- First the snapshot, then what changed and the cells (see the migration's comment).
    seen := pg_current_snapshot();
    IF base_snapshot IS NOT NULL THEN
      -- With a base cube (the stale one this replaces), only institutions with changes the base did
      -- not see are recomputed; the others' cells are copied.
      changed := ARRAY(
        SELECT DISTINCT ch.institution_id FROM indicator_changes ch
         WHERE ch.period_year BETWEEN extract(year FROM c.period_from)::integer AND extract(year FROM c.period_to)::integer
           AND ch.txid >= pg_snapshot_xmin(base_snapshot) AND NOT pg_visible_in_snapshot(ch.txid, base_snapshot));
    END IF;
    -- CREATE TABLE AS may use parallel workers; INSERT ... SELECT may not. Literal values (format's
    -- %L), as a utility statement takes no parameters.
    EXECUTE format('CREATE TEMP TABLE indicator_fresh_cells (${CELL_COLUMNS}) ON COMMIT DROP AS ' || $cells$${CELLS_QUERY}$cells$,
                   c.period_from, c.period_to, c.institution_id, changed, c.settings);
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
