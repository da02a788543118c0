import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

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

    // Statement-level trigger functions: each inserts the (year, institution) pairs its rows touch.
    for (const rows of ['episodes_new', 'episodes_old', 'episodes_old_new', 'responses_new', 'responses_old', 'withdrawals_new']) {
      await q.query(sql(`indicator_note_${rows}.sql`));
    }
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
    await q.query(sql('indicator_age_band.sql'));
    // Paretian classification as classifyHealthChange() in src/indicators/statistics/pchc.ts (a property
    // test checks they agree). No FROM clause, so PostgreSQL inlines it into the cube query.
    await q.query(sql('eq5d_pchc.sql'));

    // Fills a cube in ONE statement, so its cells and its recorded snapshot describe the same instant:
    // a change is "seen" by the cube exactly when its transaction is visible in built_snapshot.
    // With a base cube (the stale one it replaces), only institutions with changes the base did not
    // see are recomputed; the others' cells are copied. Excludes withdrawn patients, superseded and
    // out-of-window responses; episodes count in the period of their discharge date.
    await q.query(sql('indicator_fill_cube.sql'));

    // A cube is stale when a transaction it could not see has since committed a change to its
    // years (and institution). Only transactions from the snapshot's xmin on can be such.
    await q.query(sql('indicator_cube_changed.sql'));

    // The live cube of a period (national when p_institution is null): the cached one when nothing
    // changed since it was built (or it is younger than p_max_age_seconds), else rebuilt under a
    // lock so concurrent requests build it once. Old cubes stay readable for ten minutes, so a
    // request that fetched a cube id can still read it while someone else rebuilds.
    await q.query(sql('indicator_live_cube.sql'));

    // Publishing freezes a copy of the live cube: the copy is never rebuilt or removed, and the live
    // cube stays for the live view (no rebuild because something was published).
    await q.query(sql('indicator_freeze_cube.sql'));

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
