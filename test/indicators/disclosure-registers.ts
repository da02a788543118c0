/**
 * Small random registers for disclosure control: institutions in regions, and cube cells summed
 * from simulated episodes, so every count is consistent with the others (paired ≤ admission ≤
 * episodes, numerators ≤ their n) as in the real cube.
 */
import fc from 'fast-check';
import { PROGRAMMES, SERVICE_LEVELS, SETTINGS } from '../../src/episodes/episode.enums';
import { REGIONS } from '../../src/institutions/institution.entity';
import { emptySums, type CubeCell, type DaysRow } from '../../src/indicators/cube/cube-cells';
import type { PublicationInput } from '../../src/indicators/publishing/publication-tables';
import { defaultIndicatorSettings } from '../../src/indicators/settings/indicator-settings';

/** One simulated episode: which answers it has, drawn from its 24 bits. */
function addEpisode(cell: CubeCell, bits: number, stroke: boolean, inpatient: boolean): void {
  const has = (bit: number) => ((bits >> bit) & 1) === 1;
  cell.episodes += 1;
  const eq5d = [has(0), has(1)];
  if (eq5d[0]) cell.eq5d_admission += 1;
  if (eq5d[1]) cell.eq5d_discharge += 1;
  if (eq5d[0] && eq5d[1]) {
    const change = has(2) ? 0.12 : -0.03;
    cell.eq5d_paired += 1;
    cell.index_n += 1;
    cell.index_sum += change;
    cell.index_sum2 += change * change;
    cell.index_base_sum += 0.6;
    cell.index_base_sum2 += 0.36;
    cell.index_base_cross += 0.6 * change;
    if (change >= 0.08) cell.index_improved += 1;
    cell[has(3) ? 'pchc_better' : has(4) ? 'pchc_worse' : has(5) ? 'pchc_mixed' : 'pchc_unchanged'] += 1;
  }
  if (has(6)) cell.vas_admission += 1;
  if (has(7)) cell.vas_discharge += 1;
  if (has(6) && has(7)) Object.assign(cell, { vas_n: cell.vas_n + 1, vas_sum: cell.vas_sum + 8, vas_sum2: cell.vas_sum2 + 64 });
  if (has(8)) cell.barthel_admission += 1;
  if (has(9)) {
    cell.barthel_discharge += 1;
    if (has(10)) cell.barthel_independent += 1;
  }
  if (has(8) && has(9)) {
    Object.assign(cell, { barthel_n: cell.barthel_n + 1, barthel_sum: cell.barthel_sum + 15, barthel_sum2: cell.barthel_sum2 + 225 });
    if (has(11)) cell.barthel_improved += 1;
  }
  if (has(12)) {
    cell.destination_n += 1;
    if (has(13)) cell.home_n += 1;
  }
  if (has(14)) cell.referral_n += 1;
  if (has(15)) {
    cell.level_n += 1;
    cell.plan_known += 1;
    cell.plan_n += 1;
    if (has(16)) cell.plan_met += 1;
    cell.coordinator_known += 1;
    cell.coordinator_n += 1;
    if (has(17)) cell.coordinator_met += 1;
    cell.interdisciplinary_n += 1;
    if (has(18)) cell.interdisciplinary_met += 1;
  }
  if (has(19)) cell.professions_n += 1;
  if (inpatient && has(20)) {
    cell.notice_n += 1;
    if (has(21)) cell.notice_met += 1;
  }
  if (stroke) {
    cell.stroke_n += 1;
    if (has(22)) cell.mrs_admission += 1;
    if (has(23)) cell.mrs_discharge += 1;
    if (has(22) && has(23)) {
      cell.mrs_improvable += 1;
      if (has(2)) cell.mrs_improved += 1;
    }
    if (has(23) && has(3)) cell.mrs_independent += 1;
  }
}

export interface RegisterCell {
  institution: number;
  programme: number;
  setting: number;
  serviceLevel: number;
  episodes: number[];
}

export interface Register {
  institutions: { id: string; name: string; region: string }[];
  cells: RegisterCell[];
}

/** A register of 2–6 institutions in 1–3 regions, each with a few cells of 1–25 episodes. */
export function registerArbitrary(options: { maxInstitutions?: number; maxEpisodes?: number } = {}): fc.Arbitrary<Register> {
  const maxInstitutions = options.maxInstitutions ?? 6;
  return fc.tuple(fc.integer({ min: 2, max: maxInstitutions }), fc.integer({ min: 1, max: 3 })).chain(([count, regions]) =>
    fc.record({
      institutions: fc.constant(
        Array.from({ length: count }, (_, i) => ({
          id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
          name: `Institution ${i + 1}`,
          region: REGIONS[i % regions],
        })),
      ),
      cells: fc.array(
        fc.record({
          institution: fc.integer({ min: 0, max: count - 1 }),
          programme: fc.integer({ min: 0, max: 2 }),
          setting: fc.integer({ min: 0, max: 1 }),
          serviceLevel: fc.integer({ min: 0, max: 1 }),
          episodes: fc.array(fc.integer({ min: 0, max: 2 ** 24 - 1 }), { minLength: 1, maxLength: options.maxEpisodes ?? 25 }),
        }),
        { minLength: 1, maxLength: count * 3 },
      ),
    }),
  );
}

/** The register as the publication's input: cube cells, length-of-stay and waiting-time rows. */
export function publicationInput(register: Register): PublicationInput {
  const cells: CubeCell[] = [];
  const days: DaysRow[] = [];
  for (const c of register.cells) {
    const programme = PROGRAMMES[c.programme];
    const cell: CubeCell = {
      ...emptySums(),
      institutionId: register.institutions[c.institution].id,
      programme: programme as CubeCell['programme'],
      setting: SETTINGS[c.setting],
      serviceLevel: SERVICE_LEVELS[c.serviceLevel],
    };
    for (const bits of c.episodes) addEpisode(cell, bits, programme === 'stroke', cell.setting === 'inpatient');
    cells.push(cell);
    const keys = { institutionId: cell.institutionId, programme, setting: cell.setting, serviceLevel: cell.serviceLevel };
    days.push({ ...keys, measure: 'los', days: 14, count: cell.episodes });
    if (cell.referral_n) days.push({ ...keys, measure: 'wait', days: 20, count: cell.referral_n });
  }
  const settings = defaultIndicatorSettings();
  return {
    cells,
    days,
    institutions: register.institutions,
    expectations: register.institutions.map((i, k) => ({ institutionId: i.id, expectedEpisodes: k % 2 === 0 ? 40 : null })),
    model: null,
    context: { parameters: settings.parameters, targets: settings.targets, valueSet: settings.valueSet },
  };
}
