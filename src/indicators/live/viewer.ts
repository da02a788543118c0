/**
 * Who sees which live figures:
 * - administrators: live figures of any scope, every institution named in funnels;
 * - staff and API clients: live figures of their own institution(s), of any region and of the
 *   nation, where each figure follows the contributor rule (suppressFewContributors: enough
 *   institutions besides their own, none dominant, so it gives no single institution away);
 *   another institution's figures only as published;
 * - everyone, without login (public routes): published figures only.
 */
import type { Principal } from '../../auth/principal';
import type { Scope } from '../indicator-query';

export interface Viewer {
  admin: boolean;
  institutionIds: string[];
}

export function viewerOf(principal: Principal): Viewer {
  return { admin: principal.kind === 'user' && principal.role === 'admin', institutionIds: principal.institutionIds };
}

/** Whether the viewer sees the scope's live figures, rather than only what was published of it. */
export function seesLive(viewer: Viewer, scope: Scope): boolean {
  return scope.kind !== 'institution' || viewer.admin || viewer.institutionIds.includes(scope.institutionId);
}

/** Whether the viewer's live figures of the scope follow the contributor rule (aggregates, for everyone but administrators). */
export function followsContributorRule(viewer: Viewer, scope: Scope): boolean {
  return !viewer.admin && scope.kind !== 'institution';
}

/** The institutions of a live funnel the viewer sees: every one for administrators, else their own. */
export function visiblePoints<P extends { institutionId: string }>(viewer: Viewer, points: readonly P[]): readonly P[] {
  return viewer.admin ? points : points.filter((p) => viewer.institutionIds.includes(p.institutionId));
}

/** What of the viewer a cached live report depends on (the contributor rule). */
export function viewerKey(viewer: Viewer): string | string[] {
  return viewer.admin ? 'admin' : [...viewer.institutionIds].sort();
}
