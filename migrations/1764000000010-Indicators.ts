import { MigrationInterface, QueryRunner } from 'typeorm';

/** indicator_cube_cells' columns after cube_id, in table order. */
export const CELL_COLUMNS = `institution_id, programme, setting, service_level, age_band, sex, episodes, eq5d_admission, eq5d_discharge, vas_admission,
  vas_discharge, barthel_admission, barthel_discharge, eq5d_paired, barthel_paired, index_n, index_sum, index_sum2, index_base_sum, index_base_sum2,
  index_base_cross, index_improved, vas_n, vas_sum, vas_sum2, pchc_better, pchc_worse, pchc_mixed, pchc_unchanged, barthel_n, barthel_sum,
  barthel_sum2, barthel_improved, barthel_independent, destination_n, home_n, referral_n, los_days, wait_days`;

/**
 * Paretian classification as classifyHealthChange() in src/indicators/statistics/pchc.ts (a property test
 * checks they agree). No FROM clause, so PostgreSQL inlines it into the cube query. Exported so a later
 * migration's down() can restore it.
 */
const PCHC_DIMS = [1, 2, 3, 4, 5];
const PCHC_BETTER = PCHC_DIMS.map((i) => `substr(p_after, ${i}, 1) < substr(p_before, ${i}, 1)`).join(' OR ');
const PCHC_WORSE = PCHC_DIMS.map((i) => `substr(p_after, ${i}, 1) > substr(p_before, ${i}, 1)`).join(' OR ');
export const PCHC_FUNCTION_V1 = `
      CREATE FUNCTION eq5d_pchc(p_before text, p_after text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN p_before IS NULL OR p_after IS NULL THEN NULL
          WHEN (${PCHC_BETTER}) AND (${PCHC_WORSE}) THEN 'mixed'
          WHEN (${PCHC_BETTER}) THEN 'better'
          WHEN (${PCHC_WORSE}) THEN 'worse'
          ELSE 'unchanged'
        END
      $$`;

/** The cube-filling function as this migration created it (see up()); exported for a later migration's down(). */
export const FILL_CUBE_FUNCTION_V1 = `
      CREATE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        c indicator_cubes;
        base_snapshot pg_snapshot;
        years integer[];
        started timestamptz := clock_timestamp();
      BEGIN
        SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
        SELECT built_snapshot INTO base_snapshot FROM indicator_cubes WHERE id = p_base;
        years := ARRAY(SELECT generate_series(extract(year FROM c.period_from)::integer, extract(year FROM c.period_to)::integer));
        WITH changed AS (
          SELECT DISTINCT ch.institution_id FROM indicator_changes ch
           WHERE ch.period_year = ANY (years) AND ch.txid >= pg_snapshot_xmin(base_snapshot) AND NOT pg_visible_in_snapshot(ch.txid, base_snapshot)
        ),
        ep AS (
          SELECT e.id, e.institution_id, e.programme, e.setting, e.service_level, e.sex,
                 indicator_age_band(extract(year FROM e.admission_date)::integer - e.birth_year) AS age_band,
                 e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination
            FROM episodes e
           WHERE e.discharge_date BETWEEN c.period_from AND c.period_to
             AND e.withdrawn_at IS NULL
             AND (c.institution_id IS NULL OR e.institution_id = c.institution_id)
             AND (base_snapshot IS NULL OR e.institution_id IN (SELECT institution_id FROM changed))
             AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.pseudonym = e.pseudonym)
        ),
        -- The current, in-window admission and discharge answers, read once; slot 0/1 admission
        -- EQ-5D/Barthel, 2/3 discharge (joining responses four times would read it four times).
        answered AS MATERIALIZED (
          SELECT r.episode_id, (r.timepoint = 'discharge')::integer * 2 + (r.instrument = 'barthel')::integer AS slot,
                 r.eq5d_state AS state, r.eq5d_vas AS vas, r.barthel_total AS barthel,
                 CASE WHEN r.eq5d_value_set = c.settings->>'valueSet' THEN r.eq5d_index END AS idx
            FROM responses r
           WHERE r.superseded_at IS NULL AND r.in_window AND r.timepoint IN ('admission', 'discharge')
             AND r.episode_id IN (SELECT id FROM ep)
        ),
        facts AS (
          SELECT ep.*, ae.state AS a_state, de.state AS d_state, ae.vas AS a_vas, de.vas AS d_vas, ae.idx AS a_index, de.idx AS d_index,
                 ab.barthel AS a_barthel, db.barthel AS d_barthel,
                 de.idx - ae.idx AS index_change, de.vas - ae.vas AS vas_change, db.barthel - ab.barthel AS barthel_change,
                 eq5d_pchc(ae.state, de.state) AS pchc
            FROM ep
            LEFT JOIN answered ae ON ae.episode_id = ep.id AND ae.slot = 0
            LEFT JOIN answered ab ON ab.episode_id = ep.id AND ab.slot = 1
            LEFT JOIN answered de ON de.episode_id = ep.id AND de.slot = 2
            LEFT JOIN answered db ON db.episode_id = ep.id AND db.slot = 3
          OFFSET 0 -- computed once per episode, not once per aggregate that uses it
        ),
        fresh AS (
          INSERT INTO indicator_cube_cells
          SELECT p_cube, institution_id, programme, setting, service_level, age_band, sex,
                 count(*), count(a_state), count(d_state), count(a_vas), count(d_vas), count(a_barthel), count(d_barthel),
                 count(*) FILTER (WHERE a_state IS NOT NULL AND d_state IS NOT NULL),
                 count(*) FILTER (WHERE a_barthel IS NOT NULL AND d_barthel IS NOT NULL),
                 count(index_change), coalesce(sum(index_change), 0), coalesce(sum(index_change * index_change), 0),
                 coalesce(sum(a_index) FILTER (WHERE index_change IS NOT NULL), 0),
                 coalesce(sum(a_index * a_index) FILTER (WHERE index_change IS NOT NULL), 0),
                 coalesce(sum(a_index * index_change), 0),
                 -- a change equal to the MID up to floating-point rounding counts as reaching it
                 count(*) FILTER (WHERE index_change >= (c.settings->>'eq5dMid')::float8 - 1e-9),
                 count(vas_change), coalesce(sum(vas_change), 0), coalesce(sum(vas_change::float8 * vas_change), 0),
                 count(*) FILTER (WHERE pchc = 'better'), count(*) FILTER (WHERE pchc = 'worse'),
                 count(*) FILTER (WHERE pchc = 'mixed'), count(*) FILTER (WHERE pchc = 'unchanged'),
                 count(barthel_change), coalesce(sum(barthel_change), 0), coalesce(sum(barthel_change::float8 * barthel_change), 0),
                 count(*) FILTER (WHERE barthel_change >= (c.settings->>'barthelMcid')::integer),
                 count(*) FILTER (WHERE d_barthel >= (c.settings->>'barthelIndependenceThreshold')::integer),
                 count(discharge_destination), count(*) FILTER (WHERE discharge_destination IN ('home', 'home_with_services')),
                 count(referral_date),
                 array_agg(discharge_date - admission_date),
                 coalesce(array_agg(admission_date - referral_date) FILTER (WHERE referral_date IS NOT NULL), '{}')
            FROM facts
           GROUP BY institution_id, programme, setting, service_level, age_band, sex
          RETURNING 1
        ),
        copied AS (
          INSERT INTO indicator_cube_cells
          SELECT p_cube, ${CELL_COLUMNS}
            FROM indicator_cube_cells o
           WHERE base_snapshot IS NOT NULL AND o.cube_id = p_base AND o.institution_id NOT IN (SELECT ch.institution_id FROM changed ch)
          RETURNING 1
        )
        UPDATE indicator_cubes
           SET built_snapshot = pg_current_snapshot(),
               cell_count = (SELECT count(*) FROM fresh) + (SELECT count(*) FROM copied)
         WHERE id = p_cube;
        UPDATE indicator_cubes SET build_ms = extract(epoch FROM clock_timestamp() - started) * 1000 WHERE id = p_cube;
      END $$`;

/** The live-cube function as this migration created it (see up()); exported for a later migration's down(). */
export const LIVE_CUBE_FUNCTION_V1 = `
      CREATE FUNCTION indicator_live_cube(p_period text, p_from date, p_to date, p_institution uuid, p_settings jsonb, p_max_age_seconds integer)
      RETURNS TABLE (cube_id uuid, built_at timestamptz, rebuilt boolean)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET work_mem = '256MB' AS $$
      DECLARE
        years integer[] := ARRAY(SELECT generate_series(extract(year FROM p_from)::integer, extract(year FROM p_to)::integer));
        found_cube indicator_cubes;
        new_id uuid;
      BEGIN
        FOR attempt IN 1..2 LOOP
          SELECT * INTO found_cube FROM indicator_cubes c
           WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
             AND c.institution_id IS NOT DISTINCT FROM p_institution AND c.settings = p_settings;
          IF found_cube.id IS NOT NULL AND (found_cube.built_at > now() - make_interval(secs => p_max_age_seconds)
                                            OR NOT indicator_cube_changed(years, p_institution, found_cube.built_snapshot)) THEN
            RETURN QUERY SELECT found_cube.id, found_cube.built_at, false;
            RETURN;
          END IF;
          IF attempt = 1 THEN
            PERFORM pg_advisory_xact_lock(hashtext('indicator_cube'), hashtext(p_period || '/' || coalesce(p_institution::text, 'national')));
          END IF;
        END LOOP;
        UPDATE indicator_cubes SET superseded_at = now() WHERE id = found_cube.id;
        INSERT INTO indicator_cubes (period, period_from, period_to, institution_id, kind, settings)
        VALUES (p_period, p_from, p_to, p_institution, 'live', p_settings) RETURNING id INTO new_id;
        PERFORM indicator_fill_cube(new_id, found_cube.id);
        WITH gone AS (DELETE FROM indicator_cubes WHERE superseded_at < now() - interval '10 minutes' RETURNING id)
        DELETE FROM indicator_cube_cells cc WHERE cc.cube_id IN (SELECT g.id FROM gone g);
        -- Change rows older than every live cube's snapshot can no longer make any cube stale.
        DELETE FROM indicator_changes
         WHERE txid < (SELECT min(pg_snapshot_xmin(c.built_snapshot)) FROM indicator_cubes c WHERE c.kind = 'live' AND c.superseded_at IS NULL);
        RETURN QUERY SELECT new_id, now(), true;
      END $$`;

/**
 * Quality indicators (issue 6). Person-level rows stay behind row-level security: national and
 * regional figures are built by SECURITY DEFINER functions into aggregate tables ("cubes") that
 * hold sums and counts per cell, never a row per patient, and the app reads only those.
 *
 * - indicator_cubes / _cells: one cube per period (and per institution for own live views);
 *   cells are sums per institution × programme × setting × service level × age band × sex, with
 *   the cell's lengths of stay and waiting times for exact medians.
 * - indicator_changes: which (year, institution) a committed transaction touched, written by
 *   statement-level triggers; a live cube is stale when a change exists that its build did not see.
 * - indicator_expectations: admin-maintained expected institutions and episode counts per period.
 * - indicator_snapshots (+ _institutions, _results, _funnels): published, frozen results.
 */
export class Indicators1764000000010 implements MigrationInterface {
  name = 'Indicators1764000000010';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_expectations (
        period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
        institution_id uuid NOT NULL REFERENCES institutions(id),
        expected_episodes integer CHECK (expected_episodes >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (period, institution_id)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON indicator_expectations TO rehabreg_app`);

    // --- Change tracking for cache invalidation -------------------------------------------------
    // Insert-only and keyed by the writing transaction, so concurrent writers never wait on one another.
    await q.query(`
      CREATE TABLE indicator_changes (
        period_year integer NOT NULL,
        institution_id uuid NOT NULL,
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        PRIMARY KEY (period_year, institution_id, txid)
      )`);
    await q.query(`CREATE INDEX indicator_changes_year_txid ON indicator_changes (period_year, txid)`);

    const note = (source: string) => `
        INSERT INTO indicator_changes (period_year, institution_id)
        SELECT DISTINCT extract(year FROM discharge_date)::integer, institution_id FROM (${source}) changed
         WHERE discharge_date IS NOT NULL
        ON CONFLICT DO NOTHING;`;
    const triggerFunction = (name: string, body: string) =>
      q.query(`
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN ${body}
        RETURN NULL;
      END $$`);
    await triggerFunction('indicator_note_episodes_new', note(`SELECT discharge_date, institution_id FROM new_rows`));
    await triggerFunction('indicator_note_episodes_old', note(`SELECT discharge_date, institution_id FROM old_rows`));
    await triggerFunction(
      'indicator_note_episodes_old_new',
      note(`SELECT discharge_date, institution_id FROM old_rows UNION ALL SELECT discharge_date, institution_id FROM new_rows`),
    );
    await triggerFunction(
      'indicator_note_responses_new',
      note(`SELECT e.discharge_date, e.institution_id FROM episodes e WHERE e.id IN (SELECT episode_id FROM new_rows)`),
    );
    await triggerFunction(
      'indicator_note_responses_old',
      note(`SELECT e.discharge_date, e.institution_id FROM episodes e WHERE e.id IN (SELECT episode_id FROM old_rows)`),
    );
    await triggerFunction(
      'indicator_note_withdrawals_new',
      note(`SELECT e.discharge_date, e.institution_id FROM episodes e WHERE e.pseudonym IN (SELECT pseudonym FROM new_rows)`),
    );
    // Transition tables allow one event per trigger.
    const triggers: [string, string, string, string][] = [
      ['episodes', 'INSERT', 'NEW TABLE AS new_rows', 'indicator_note_episodes_new'],
      ['episodes', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows', 'indicator_note_episodes_old_new'],
      ['episodes', 'DELETE', 'OLD TABLE AS old_rows', 'indicator_note_episodes_old'],
      ['responses', 'INSERT', 'NEW TABLE AS new_rows', 'indicator_note_responses_new'],
      ['responses', 'UPDATE', 'NEW TABLE AS new_rows', 'indicator_note_responses_new'],
      ['responses', 'DELETE', 'OLD TABLE AS old_rows', 'indicator_note_responses_old'],
      ['withdrawals', 'INSERT', 'NEW TABLE AS new_rows', 'indicator_note_withdrawals_new'],
    ];
    for (const [table, event, referencing, fn] of triggers) {
      await q.query(
        `CREATE TRIGGER ${table}_indicator_${event.toLowerCase()} AFTER ${event} ON ${table} REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }

    // --- Cubes -------------------------------------------------------------------------------------
    // What a cube reads of the responses, as a covering index: an index-only scan reads a fifth of
    // the table (the answers JSON stays behind), and an institution's cube looks its episodes up
    // in it instead of scanning every institution's responses. Costs one more index per response write.
    await q.query(`
      CREATE INDEX responses_indicator_answers ON responses (episode_id)
        INCLUDE (timepoint, instrument, eq5d_state, eq5d_vas, eq5d_index, eq5d_value_set, barthel_total)
        WHERE superseded_at IS NULL AND in_window`);
    await q.query(`
      CREATE TABLE indicator_cubes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
        period_from date NOT NULL,
        period_to date NOT NULL,
        institution_id uuid REFERENCES institutions(id),
        kind text NOT NULL CHECK (kind IN ('live', 'snapshot')),
        settings jsonb NOT NULL,
        built_snapshot pg_snapshot,
        built_at timestamptz NOT NULL DEFAULT now(),
        build_ms double precision,
        cell_count integer,
        superseded_at timestamptz
      )`);
    await q.query(`
      CREATE UNIQUE INDEX indicator_cubes_live ON indicator_cubes (period, institution_id, settings) NULLS NOT DISTINCT
       WHERE kind = 'live' AND superseded_at IS NULL`);
    // No foreign key to indicator_cubes: a cube is written in one statement and removed with its
    // cube, and a row-by-row key check would cost more than the cube's own computation.
    await q.query(`
      CREATE TABLE indicator_cube_cells (
        cube_id uuid NOT NULL,
        institution_id uuid NOT NULL,
        programme text NOT NULL,
        setting text NOT NULL,
        service_level text NOT NULL,
        age_band text NOT NULL,
        sex text NOT NULL,
        episodes integer NOT NULL,
        eq5d_admission integer NOT NULL,
        eq5d_discharge integer NOT NULL,
        vas_admission integer NOT NULL,
        vas_discharge integer NOT NULL,
        barthel_admission integer NOT NULL,
        barthel_discharge integer NOT NULL,
        eq5d_paired integer NOT NULL,
        barthel_paired integer NOT NULL,
        index_n integer NOT NULL,
        index_sum double precision NOT NULL,
        index_sum2 double precision NOT NULL,
        index_base_sum double precision NOT NULL,
        index_base_sum2 double precision NOT NULL,
        index_base_cross double precision NOT NULL,
        index_improved integer NOT NULL,
        vas_n integer NOT NULL,
        vas_sum double precision NOT NULL,
        vas_sum2 double precision NOT NULL,
        pchc_better integer NOT NULL,
        pchc_worse integer NOT NULL,
        pchc_mixed integer NOT NULL,
        pchc_unchanged integer NOT NULL,
        barthel_n integer NOT NULL,
        barthel_sum double precision NOT NULL,
        barthel_sum2 double precision NOT NULL,
        barthel_improved integer NOT NULL,
        barthel_independent integer NOT NULL,
        destination_n integer NOT NULL,
        home_n integer NOT NULL,
        referral_n integer NOT NULL,
        -- length of stay and waiting time of the cell's episodes, for exact medians of any sum of cells
        los_days integer[] NOT NULL,
        wait_days integer[] NOT NULL
      )`);
    await q.query(`CREATE INDEX indicator_cube_cells_cube ON indicator_cube_cells (cube_id, institution_id)`);
    await q.query(`GRANT SELECT ON indicator_cubes, indicator_cube_cells TO rehabreg_app`);

    // The same age bands as ageBand() in src/indicators/statistics/case-mix.ts (a test checks they agree).
    await q.query(`
      CREATE FUNCTION indicator_age_band(p_age integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN p_age < 40 THEN '<40' WHEN p_age < 60 THEN '40-59' WHEN p_age < 70 THEN '60-69' WHEN p_age < 80 THEN '70-79' ELSE '80+' END
      $$`);
    await q.query(PCHC_FUNCTION_V1);

    // Fills a cube in ONE statement, so its cells and its recorded snapshot describe the same instant:
    // a change is "seen" by the cube exactly when its transaction is visible in built_snapshot.
    // With a base cube (the stale one it replaces), only institutions with changes the base did not
    // see are recomputed; the others' cells are copied. Excludes withdrawn patients, superseded and
    // out-of-window responses; episodes count in the period of their discharge date.
    await q.query(FILL_CUBE_FUNCTION_V1);

    // A cube is stale when a transaction it could not see has since committed a change to its
    // years (and institution). Only transactions from the snapshot's xmin on can be such.
    await q.query(`
      CREATE FUNCTION indicator_cube_changed(p_years integer[], p_institution uuid, p_snapshot pg_snapshot) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT p_snapshot IS NULL OR EXISTS (
          SELECT 1 FROM indicator_changes ch
           WHERE ch.period_year = ANY (p_years)
             AND (p_institution IS NULL OR ch.institution_id = p_institution)
             AND ch.txid >= pg_snapshot_xmin(p_snapshot)
             AND NOT pg_visible_in_snapshot(ch.txid, p_snapshot))
      $$`);

    // The live cube of a period (national when p_institution is null): the cached one when nothing
    // changed since it was built (or it is younger than p_max_age_seconds), else rebuilt under a
    // lock so concurrent requests build it once. Old cubes stay readable for ten minutes, so a
    // request that fetched a cube id can still read it while someone else rebuilds.
    await q.query(LIVE_CUBE_FUNCTION_V1);

    // Publishing freezes a copy of the live cube: the copy is never rebuilt or removed, and the live
    // cube stays for the live view (no rebuild because something was published).
    await q.query(`
      CREATE FUNCTION indicator_freeze_cube(p_live uuid) RETURNS uuid
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        frozen uuid;
      BEGIN
        INSERT INTO indicator_cubes (period, period_from, period_to, institution_id, kind, settings, built_snapshot, built_at, build_ms, cell_count)
        SELECT period, period_from, period_to, institution_id, 'snapshot', settings, built_snapshot, built_at, build_ms, cell_count
          FROM indicator_cubes WHERE id = p_live
        RETURNING id INTO STRICT frozen;
        INSERT INTO indicator_cube_cells SELECT frozen, ${CELL_COLUMNS} FROM indicator_cube_cells WHERE cube_id = p_live;
        RETURN frozen;
      END $$`);

    for (const fn of [
      'indicator_live_cube(text, date, date, uuid, jsonb, integer)',
      'indicator_freeze_cube(uuid)',
      'indicator_fill_cube(uuid, uuid)',
      'indicator_cube_changed(integer[], uuid, pg_snapshot)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
    await q.query(`GRANT EXECUTE ON FUNCTION indicator_live_cube(text, date, date, uuid, jsonb, integer) TO rehabreg_app`);
    await q.query(`GRANT EXECUTE ON FUNCTION indicator_freeze_cube(uuid) TO rehabreg_app`);

    // --- Published snapshots ------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE indicator_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period text NOT NULL UNIQUE CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
        cube_id uuid NOT NULL REFERENCES indicator_cubes(id),
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text,
        parameters jsonb NOT NULL,
        model jsonb
      )`);
    await q.query(`
      CREATE TABLE indicator_snapshot_institutions (
        snapshot_id uuid NOT NULL REFERENCES indicator_snapshots(id),
        institution_id uuid NOT NULL,
        name text NOT NULL,
        region text NOT NULL,
        PRIMARY KEY (snapshot_id, institution_id)
      )`);
    await q.query(`
      CREATE TABLE indicator_snapshot_results (
        snapshot_id uuid NOT NULL REFERENCES indicator_snapshots(id),
        scope text NOT NULL,
        breakdown text NOT NULL,
        report jsonb NOT NULL,
        PRIMARY KEY (snapshot_id, scope, breakdown)
      )`);
    await q.query(`
      CREATE TABLE indicator_snapshot_funnels (
        snapshot_id uuid NOT NULL REFERENCES indicator_snapshots(id),
        breakdown text NOT NULL,
        indicator text NOT NULL,
        part text NOT NULL,
        funnel jsonb NOT NULL,
        PRIMARY KEY (snapshot_id, breakdown, indicator, part)
      )`);
    // Published means frozen: the app may add a snapshot, never change or remove one.
    await q.query(
      `GRANT SELECT, INSERT ON indicator_snapshots, indicator_snapshot_institutions, indicator_snapshot_results, indicator_snapshot_funnels TO rehabreg_app`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE indicator_snapshot_funnels, indicator_snapshot_results, indicator_snapshot_institutions, indicator_snapshots`,
    );
    await q.query(`DROP FUNCTION indicator_freeze_cube(uuid)`);
    await q.query(`DROP FUNCTION indicator_live_cube(text, date, date, uuid, jsonb, integer)`);
    await q.query(`DROP FUNCTION indicator_cube_changed(integer[], uuid, pg_snapshot)`);
    await q.query(`DROP FUNCTION indicator_fill_cube(uuid, uuid)`);
    await q.query(`DROP FUNCTION eq5d_pchc(text, text)`);
    await q.query(`DROP FUNCTION indicator_age_band(integer)`);
    await q.query(`DROP TABLE indicator_cube_cells, indicator_cubes`);
    await q.query(`DROP INDEX responses_indicator_answers`);
    for (const [table, event] of [
      ['episodes', 'insert'],
      ['episodes', 'update'],
      ['episodes', 'delete'],
      ['responses', 'insert'],
      ['responses', 'update'],
      ['responses', 'delete'],
      ['withdrawals', 'insert'],
    ]) {
      await q.query(`DROP TRIGGER ${table}_indicator_${event} ON ${table}`);
    }
    for (const fn of ['episodes_new', 'episodes_old', 'episodes_old_new', 'responses_new', 'responses_old', 'withdrawals_new']) {
      await q.query(`DROP FUNCTION indicator_note_${fn}()`);
    }
    await q.query(`DROP TABLE indicator_changes`);
    await q.query(`DROP TABLE indicator_expectations`);
  }
}
