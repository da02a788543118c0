import { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_CUBE_FUNCTION_V1 } from './1764000000010-Indicators';
import { FILL_CUBE_FUNCTION_V3 } from './1764000000060-MergeJoinedIndicatorCubes';

/**
 * Cubes of some parts: a request for some indicators builds only the sums they rest on.
 *
 * A cube's settings (its identity besides period and institution) now name its parts, sorted:
 * "barthel" (the Barthel answers at admission and discharge), "eq5d_index" (the EQ-5D answers
 * and their index values), "eq5d_profile" (EQ VAS and the Paretian classification of the
 * profiles), "stay" (destination, referral and the lengths of stay and waiting times). Every
 * cube counts its episodes. A part left out joins no answers and sums nothing: its columns keep
 * their defaults (0, empty lists), which no indicator of the cube reads.
 *
 * A cube serves a request when its settings contain the request's (jsonb @>, so a cube of all
 * parts serves a request for some). Only when no such cube is fresh is the cube of exactly the
 * request's parts rebuilt, incrementally from its stale self as before; building one retires the
 * other live cubes of the period whose parts it covers. A cube without parts in its settings
 * (built before this migration) is one of all parts.
 */
export class IndicatorCubeParts1764000000070 implements MigrationInterface {
  name = 'IndicatorCubeParts1764000000070';

  public async up(q: QueryRunner): Promise<void> {
    for (const column of MEASURE_COLUMNS) {
      await q.query(
        `ALTER TABLE indicator_cube_cells ALTER COLUMN ${column.name} SET DEFAULT ${column.name.endsWith('_days') ? `'{}'` : '0'}`,
      );
    }
    // Cubes of the old settings would never be asked for again.
    await q.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
    await q.query(FILL_CUBE_FUNCTION_V4);
    await q.query(LIVE_CUBE_FUNCTION_V2);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE indicator_cubes SET superseded_at = now() WHERE kind = 'live' AND superseded_at IS NULL`);
    await q.query(LIVE_CUBE_FUNCTION_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await q.query(FILL_CUBE_FUNCTION_V3);
    for (const column of MEASURE_COLUMNS) await q.query(`ALTER TABLE indicator_cube_cells ALTER COLUMN ${column.name} DROP DEFAULT`);
  }
}

type Part = 'barthel' | 'eq5d_index' | 'eq5d_profile' | 'stay';

/**
 * The measure columns of indicator_cube_cells, each with the part that fills it and its sum over
 * `facts` (the same expressions as the cube of migration 0040); settings are format()'s %5$L.
 */
const MEASURE_COLUMNS: readonly { name: string; part: Part; sum: string }[] = [
  { name: 'eq5d_admission', part: 'eq5d_index', sum: 'count(a_state)' },
  { name: 'eq5d_discharge', part: 'eq5d_index', sum: 'count(d_state)' },
  { name: 'vas_admission', part: 'eq5d_profile', sum: 'count(a_vas)' },
  { name: 'vas_discharge', part: 'eq5d_profile', sum: 'count(d_vas)' },
  { name: 'barthel_admission', part: 'barthel', sum: 'count(a_barthel)' },
  { name: 'barthel_discharge', part: 'barthel', sum: 'count(d_barthel)' },
  { name: 'eq5d_paired', part: 'eq5d_index', sum: 'count(*) FILTER (WHERE a_state IS NOT NULL AND d_state IS NOT NULL)' },
  { name: 'barthel_paired', part: 'barthel', sum: 'count(*) FILTER (WHERE a_barthel IS NOT NULL AND d_barthel IS NOT NULL)' },
  { name: 'index_n', part: 'eq5d_index', sum: 'count(index_change)' },
  { name: 'index_sum', part: 'eq5d_index', sum: 'coalesce(sum(index_change), 0)' },
  { name: 'index_sum2', part: 'eq5d_index', sum: 'coalesce(sum(index_change * index_change), 0)' },
  { name: 'index_base_sum', part: 'eq5d_index', sum: 'coalesce(sum(a_index) FILTER (WHERE index_change IS NOT NULL), 0)' },
  { name: 'index_base_sum2', part: 'eq5d_index', sum: 'coalesce(sum(a_index * a_index) FILTER (WHERE index_change IS NOT NULL), 0)' },
  { name: 'index_base_cross', part: 'eq5d_index', sum: 'coalesce(sum(a_index * index_change), 0)' },
  // a change equal to the MID up to floating-point rounding counts as reaching it
  { name: 'index_improved', part: 'eq5d_index', sum: `count(*) FILTER (WHERE index_change >= (%5$L::jsonb->>'eq5dMid')::float8 - 1e-9)` },
  { name: 'vas_n', part: 'eq5d_profile', sum: 'count(vas_change)' },
  { name: 'vas_sum', part: 'eq5d_profile', sum: 'coalesce(sum(vas_change), 0)' },
  { name: 'vas_sum2', part: 'eq5d_profile', sum: 'coalesce(sum(vas_change::float8 * vas_change), 0)' },
  { name: 'pchc_better', part: 'eq5d_profile', sum: 'count(*) FILTER (WHERE pchc = 1)' },
  { name: 'pchc_worse', part: 'eq5d_profile', sum: 'count(*) FILTER (WHERE pchc = 2)' },
  { name: 'pchc_mixed', part: 'eq5d_profile', sum: 'count(*) FILTER (WHERE pchc = 3)' },
  { name: 'pchc_unchanged', part: 'eq5d_profile', sum: 'count(*) FILTER (WHERE pchc = 0)' },
  { name: 'barthel_n', part: 'barthel', sum: 'count(barthel_change)' },
  { name: 'barthel_sum', part: 'barthel', sum: 'coalesce(sum(barthel_change), 0)' },
  { name: 'barthel_sum2', part: 'barthel', sum: 'coalesce(sum(barthel_change::float8 * barthel_change), 0)' },
  { name: 'barthel_improved', part: 'barthel', sum: `count(*) FILTER (WHERE barthel_change >= (%5$L::jsonb->>'barthelMcid')::integer)` },
  {
    name: 'barthel_independent',
    part: 'barthel',
    sum: `count(*) FILTER (WHERE d_barthel >= (%5$L::jsonb->>'barthelIndependenceThreshold')::integer)`,
  },
  { name: 'destination_n', part: 'stay', sum: 'count(discharge_destination)' },
  { name: 'home_n', part: 'stay', sum: `count(*) FILTER (WHERE discharge_destination IN ('home', 'home_with_services'))` },
  { name: 'referral_n', part: 'stay', sum: 'count(referral_date)' },
  { name: 'los_days', part: 'stay', sum: 'array_agg(discharge_date - admission_date)' },
  {
    name: 'wait_days',
    part: 'stay',
    sum: `coalesce(array_agg(admission_date - referral_date) FILTER (WHERE referral_date IS NOT NULL), '{}')`,
  },
];

const KEY_COLUMNS = 'institution_id, programme, setting, service_level, age_band, sex';

/** A part's answers joined to the branch's episodes in index order (see migration 0060); %6$L/%7$L the branch's institutions. */
const answerJoin = (alias: string, timepoint: string, instrument: string) =>
  `LEFT JOIN responses ${alias} ON ${alias}.institution_id = e.institution_id AND ${alias}.episode_id = e.id AND ${alias}.superseded_at IS NULL AND ${alias}.in_window ` +
  `AND ${alias}.timepoint = '${timepoint}' AND ${alias}.instrument = '${instrument}' AND ${alias}.institution_id BETWEEN %6$L AND %7$L`;

/**
 * What each part adds to a branch of facts: its answers (joined once, whichever parts need them,
 * in this order) and its columns, with joins of its own after the answers.
 */
const PART_FACTS: Record<Part, { answers: 'eq5d' | 'barthel' | null; columns: string; joins: string }> = {
  barthel: {
    answers: 'barthel',
    columns: `, ab.barthel_total AS a_barthel, db.barthel_total AS d_barthel, db.barthel_total - ab.barthel_total AS barthel_change`,
    joins: '',
  },
  eq5d_index: {
    answers: 'eq5d',
    columns: `, ae.eq5d_state AS a_state, de.eq5d_state AS d_state, a.idx AS a_index, d.idx - a.idx AS index_change`,
    joins: `
      -- the index counts only when both answers were scored with the cube's value set
      CROSS JOIN LATERAL (SELECT CASE WHEN ae.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN ae.eq5d_index END AS idx) a
      CROSS JOIN LATERAL (SELECT CASE WHEN de.eq5d_value_set = %5$L::jsonb->>'valueSet' THEN de.eq5d_index END AS idx) d`,
  },
  eq5d_profile: {
    answers: 'eq5d',
    columns: `, ae.eq5d_vas AS a_vas, de.eq5d_vas AS d_vas, de.eq5d_vas - ae.eq5d_vas AS vas_change, eq5d_pchc_class(ae.eq5d_state::integer, de.eq5d_state::integer) AS pchc`,
    joins: '',
  },
  stay: { answers: null, columns: ', e.referral_date, e.admission_date, e.discharge_date, e.discharge_destination', joins: '' },
};

/** The answers of an instrument at admission and discharge. */
const ANSWER_JOINS: Record<'eq5d' | 'barthel', string> = {
  eq5d: `
      ${answerJoin('ae', 'admission', 'eq5d-5l')}
      ${answerJoin('de', 'discharge', 'eq5d-5l')}`,
  barthel: `
      ${answerJoin('ab', 'admission', 'barthel')}
      ${answerJoin('db', 'discharge', 'barthel')}`,
};

/** format() templates of a part's cell columns and their sums. */
const partColumns = (part: Part) =>
  MEASURE_COLUMNS.filter((c) => c.part === part)
    .map((c) => `, ${c.name}`)
    .join('');
const partSums = (part: Part) =>
  MEASURE_COLUMNS.filter((c) => c.part === part)
    .map((c) => `, ${c.sum}`)
    .join('');

/** A plpgsql expression: the text when the cube has one of the parts, else nothing. */
const ifAnyPart = (parts: Part[], text: string) =>
  `CASE WHEN parts && ARRAY[${parts.map((p) => `'${p}'`).join(', ')}] THEN $part$${text}$part$ ELSE '' END`;
const PARTS = Object.keys(PART_FACTS) as Part[];
const forEachPart = (text: (part: Part) => string) => PARTS.map((part) => ifAnyPart([part], text(part))).join(' || ');
/** The answer joins the cube's parts need, then the parts' own joins. */
const BRANCH_JOINS = [
  ...(['eq5d', 'barthel'] as const).map((answers) =>
    ifAnyPart(
      PARTS.filter((part) => PART_FACTS[part].answers === answers),
      ANSWER_JOINS[answers],
    ),
  ),
  ...PARTS.filter((part) => PART_FACTS[part].joins).map((part) => ifAnyPart([part], PART_FACTS[part].joins)),
].join(' || ');

/**
 * One branch of facts (see migration 0060), as a format() template: %1$L/%2$L the period's first
 * and last day, %4$L the institutions to compute (NULL: all in the range), %5$L the settings,
 * %6$L/%7$L the branch's first and last institution.
 */
const BRANCH_HEAD = `
    SELECT e.institution_id, e.programme, e.setting, e.service_level, e.sex,
           indicator_age_band(date_part('year', e.admission_date)::integer - e.birth_year) AS age_band`;
const BRANCH_TAIL = `
     WHERE e.institution_id BETWEEN %6$L AND %7$L
       AND (%4$L::uuid[] IS NULL OR e.institution_id = ANY (%4$L::uuid[]))
       AND e.discharge_date BETWEEN %1$L AND %2$L
       AND e.withdrawn_at IS NULL
       AND e.pseudonym NOT IN (SELECT w.pseudonym FROM withdrawals w)`;

/** Parallel Append hands whole branches to workers: more branches than workers evens out their work. */
const MAX_BRANCHES = 8;

const FILL_CUBE_FUNCTION_V4 = `
  CREATE OR REPLACE FUNCTION indicator_fill_cube(p_cube uuid, p_base uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  -- Merge joins over the index order (see migration 0060).
  SET enable_hashjoin = off SET enable_sort = off AS $fill$
  DECLARE
    c indicator_cubes;
    parts text[];
    base_snapshot pg_snapshot;
    seen pg_snapshot;
    changed uuid[];
    targets uuid[];
    only_targets uuid[];
    branch_template text;
    branches text[];
    columns text;
    fresh integer;
    copied integer := 0;
    started timestamptz := clock_timestamp();
  BEGIN
    SELECT * INTO STRICT c FROM indicator_cubes WHERE id = p_cube;
    parts := ARRAY(SELECT jsonb_array_elements_text(coalesce(c.settings->'parts', '${JSON.stringify(PARTS)}')));
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
    branch_template := $head$${BRANCH_HEAD}$head$ || ${forEachPart((part) => PART_FACTS[part].columns)}
              || ' FROM episodes e ' || ${BRANCH_JOINS} || $tail$${BRANCH_TAIL}$tail$;
    branches := ARRAY(
      SELECT format(branch_template, c.period_from, c.period_to, NULL, only_targets, c.settings, ids[1], ids[cardinality(ids)])
        FROM (SELECT array_agg(t ORDER BY t) AS ids
                FROM (SELECT t, ntile(${MAX_BRANCHES}) OVER (ORDER BY t) AS branch FROM unnest(targets) t) numbered
               GROUP BY branch) ranges);
    IF cardinality(branches) = 0 THEN -- nothing to compute: one branch that matches nothing keeps the query valid
      branches := ARRAY[format(branch_template, c.period_from, c.period_to, NULL, only_targets, c.settings, NULL, NULL)];
    END IF;
    columns := '${KEY_COLUMNS}, episodes' || ${forEachPart(partColumns)};
    -- CREATE TABLE AS may use parallel workers; INSERT ... SELECT may not. Literal values (format's
    -- %L), as a utility statement takes no parameters.
    EXECUTE format('CREATE TEMP TABLE indicator_fresh_cells (%s) ON COMMIT DROP AS WITH facts AS (%s) SELECT ${KEY_COLUMNS}, count(*) %s FROM facts GROUP BY ${KEY_COLUMNS}',
                   columns, array_to_string(branches, ' UNION ALL '),
                   format(${forEachPart(partSums)}, c.period_from, c.period_to, NULL, NULL, c.settings));
    EXECUTE format('INSERT INTO indicator_cube_cells (cube_id, %s) SELECT %L, %s FROM indicator_fresh_cells', columns, p_cube, columns);
    GET DIAGNOSTICS fresh = ROW_COUNT;
    DROP TABLE indicator_fresh_cells;
    IF base_snapshot IS NOT NULL THEN
      EXECUTE format('INSERT INTO indicator_cube_cells (cube_id, %s) SELECT %L, %s FROM indicator_cube_cells o WHERE o.cube_id = %L AND o.institution_id <> ALL (%L)',
                     columns, p_cube, columns, p_base, changed);
      GET DIAGNOSTICS copied = ROW_COUNT;
    END IF;
    UPDATE indicator_cubes
       SET built_snapshot = seen, cell_count = fresh + copied, build_ms = extract(epoch FROM clock_timestamp() - started) * 1000
     WHERE id = p_cube;
  END $fill$`;

/**
 * As LIVE_CUBE_FUNCTION_V1 (migration 0010), but a fresh cube whose settings contain the
 * requested ones serves too (the exact one first), and building a cube retires the live cubes of
 * the period and institution whose settings it contains. Exported for migration 0100, which adds a
 * statistics check before the build.
 */
export const LIVE_CUBE_FUNCTION_V2 = `
  CREATE OR REPLACE FUNCTION indicator_live_cube(p_period text, p_from date, p_to date, p_institution uuid, p_settings jsonb, p_max_age_seconds integer)
  RETURNS TABLE (cube_id uuid, built_at timestamptz, rebuilt boolean)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET work_mem = '256MB' AS $$
  DECLARE
    years integer[] := ARRAY(SELECT generate_series(extract(year FROM p_from)::integer, extract(year FROM p_to)::integer));
    candidate indicator_cubes;
    base_id uuid;
    new_id uuid;
  BEGIN
    FOR attempt IN 1..2 LOOP
      FOR candidate IN
        SELECT * FROM indicator_cubes c
         WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
           AND c.institution_id IS NOT DISTINCT FROM p_institution AND c.settings @> p_settings
         ORDER BY c.settings = p_settings DESC, c.built_at DESC
      LOOP
        IF candidate.built_at > now() - make_interval(secs => p_max_age_seconds)
           OR NOT indicator_cube_changed(years, p_institution, candidate.built_snapshot) THEN
          RETURN QUERY SELECT candidate.id, candidate.built_at, false;
          RETURN;
        END IF;
      END LOOP;
      IF attempt = 1 THEN
        PERFORM pg_advisory_xact_lock(hashtext('indicator_cube'), hashtext(p_period || '/' || coalesce(p_institution::text, 'national')));
      END IF;
    END LOOP;
    SELECT c.id INTO base_id FROM indicator_cubes c
     WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
       AND c.institution_id IS NOT DISTINCT FROM p_institution AND c.settings = p_settings;
    UPDATE indicator_cubes c SET superseded_at = now()
     WHERE c.kind = 'live' AND c.superseded_at IS NULL AND c.period = p_period
       AND c.institution_id IS NOT DISTINCT FROM p_institution AND p_settings @> c.settings;
    INSERT INTO indicator_cubes (period, period_from, period_to, institution_id, kind, settings)
    VALUES (p_period, p_from, p_to, p_institution, 'live', p_settings) RETURNING id INTO new_id;
    PERFORM indicator_fill_cube(new_id, base_id);
    WITH gone AS (DELETE FROM indicator_cubes WHERE superseded_at < now() - interval '10 minutes' RETURNING id)
    DELETE FROM indicator_cube_cells cc WHERE cc.cube_id IN (SELECT g.id FROM gone g);
    -- Change rows older than every live cube's snapshot can no longer make any cube stale.
    DELETE FROM indicator_changes
     WHERE txid < (SELECT min(pg_snapshot_xmin(c.built_snapshot)) FROM indicator_cubes c WHERE c.kind = 'live' AND c.superseded_at IS NULL);
    RETURN QUERY SELECT new_id, now(), true;
  END $$`;
