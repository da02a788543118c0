/** Participation and coverage of a live view, from the period's expectations and the episodes registered. */
import type { CompletenessInput } from '../indicator-spec';
import type { Scope } from '../indicator-query';
import type { ExpectationRow, ExpectationWithInstitutionRow } from '../settings/indicator-expectation.repository';

/** Participation and coverage of the expected institutions within the scope. */
export function completenessInScope(
  expectations: readonly ExpectationWithInstitutionRow[],
  scope: Scope,
  registered: Map<string, number>,
): CompletenessInput {
  const inScope = expectations.filter(
    (r) => scope.kind === 'national' || (scope.kind === 'region' ? r.region === scope.region : r.institution_id === scope.institutionId),
  );
  if (inScope.length === 0) return { participation: null, coverage: null };
  const counted = inScope.filter((r) => r.expected_episodes !== null);
  return {
    participation: { expected: inScope.length, reported: inScope.filter((r) => (registered.get(r.institution_id) ?? 0) > 0).length },
    coverage: counted.length
      ? {
          expected: counted.reduce((sum, r) => sum + r.expected_episodes!, 0),
          registered: counted.reduce((sum, r) => sum + (registered.get(r.institution_id) ?? 0), 0),
        }
      : null,
  };
}

/** Institutions with an expected episode count for the period: whether their coverage is below the warning level. */
export function lowCoverageByInstitution(
  expectations: readonly ExpectationRow[],
  registered: Map<string, number>,
  warning: number,
): Map<string, boolean> {
  return new Map(
    expectations.flatMap((r) =>
      r.expected_episodes !== null && r.expected_episodes > 0
        ? [[r.institution_id, (registered.get(r.institution_id) ?? 0) / r.expected_episodes < warning]]
        : [],
    ),
  );
}
