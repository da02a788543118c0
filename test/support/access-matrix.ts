/**
 * The authorization matrix: every route of the real route table × every kind of caller.
 * Path parameters are filled from fixtures that belong to institution A; a route whose
 * parameters have no fixture fails the test, so a new route cannot slip past unchecked.
 */
import type { Audience, MembershipRoleName } from '../../src/auth/access.decorators';
import type { CatalogRoute } from '../../src/auth/route-catalog';
import { isWorkspacePage } from '../../src/web/page-refusal';

export type ActorName = 'anonymous' | 'staffA' | 'staffB' | 'dataManagerA' | 'dataManagerB' | 'apiKeyA' | 'researcher' | 'admin';
export const ACTORS: ActorName[] = ['anonymous', 'staffA', 'staffB', 'dataManagerA', 'dataManagerB', 'apiKeyA', 'researcher', 'admin'];

export const AUDIENCE_OF: Record<ActorName, Audience | null> = {
  anonymous: null,
  staffA: 'staff',
  staffB: 'staff',
  dataManagerA: 'staff',
  dataManagerB: 'staff',
  apiKeyA: 'api_client',
  researcher: 'researcher',
  admin: 'admin',
};

/** Membership roles each caller holds (in their own institution), on top of their audience. */
export const MEMBERSHIP_ROLES_OF: Record<ActorName, MembershipRoleName[]> = {
  anonymous: [],
  staffA: [],
  staffB: [],
  dataManagerA: ['data_manager'],
  dataManagerB: ['data_manager'],
  apiKeyA: [],
  researcher: [],
  admin: [],
};

/** Callers of institution B, for whom A's objects must not exist. */
export const OF_INSTITUTION_B: ActorName[] = ['staffB', 'dataManagerB'];

/** Fills `:param` segments; returns undefined for a parameter without a fixture. */
export function fillPath(route: CatalogRoute, fixtures: (route: CatalogRoute, param: string) => string | undefined): string | undefined {
  let missing = false;
  const path = route.path.replace(/:(\w+)/g, (_match, param: string) => {
    const value = fixtures(route, param);
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : path;
}

/**
 * What an answer must be. Anonymous callers of protected routes: 401. Callers outside the route's
 * audiences, or without the membership role it asks for: 403. Callers inside: never 401/403, and a caller of institution B asking for A's
 * objects gets 404 (existence is not revealed) or, for a write with an empty body, 400 from
 * validation; never a success.
 */
export function expectedOutcome(
  route: CatalogRoute,
  actor: ActorName,
  touchesForeignObject: boolean,
): { allowed: number[]; description: string } {
  const access = route.access!;
  // Workspace pages: 303 to a page (sign-in, or back after a POST); a sign-in POST without its form's CSRF token is a 403.
  // The public results: a page or CSV of what is published, or a 404 page when nothing is (yet) for it.
  if (access.kind === 'public' && route.path.startsWith('/resultater')) return { allowed: [200, 404], description: 'public results page' };
  if (access.kind === 'public' && isWorkspacePage(route.path))
    return { allowed: [200, 303, 400, 403], description: 'public workspace page' };
  if (access.kind === 'public') return { allowed: [200, 201, 204, 400, 404, 410, 422], description: 'public' };
  const audience = AUDIENCE_OF[actor];
  if (access.kind === 'session') {
    // Only a browser session counts: anonymous callers and API keys are sent to sign in.
    if (audience === null || audience === 'api_client') return { allowed: [303], description: '303 to /login without a session' };
    if (!(access.audiences as Audience[]).includes(audience)) return { allowed: [403], description: `403 page for ${audience}` };
    if (access.membershipRole && !MEMBERSHIP_ROLES_OF[actor].includes(access.membershipRole))
      return { allowed: [403], description: `403 page for ${audience} without ${access.membershipRole}` };
    if (touchesForeignObject) return { allowed: [404], description: 'no access to a foreign object (404 page)' };
    // A file download answers 409 while its export is built, 410 once it is gone
    if (route.path.includes('/files/')) return { allowed: [200, 409, 410], description: 'allowed download' };
    return { allowed: [200, 303, 400], description: 'allowed page' };
  }
  if (audience === null) return { allowed: [401], description: '401 for anonymous' };
  if (!(access.audiences as Audience[]).includes(audience)) return { allowed: [403], description: `403 for ${audience}` };
  if (access.membershipRole && !MEMBERSHIP_ROLES_OF[actor].includes(access.membershipRole))
    return { allowed: [403], description: `403 for ${audience} without ${access.membershipRole}` };
  if (touchesForeignObject) {
    const isWrite = ['POST', 'PUT', 'PATCH'].includes(route.method);
    return { allowed: isWrite ? [400, 404] : [404], description: 'no access to a foreign object' };
  }
  // 202: accepted for the background (FHIR bulk export kick-off, status while it runs, cancellation)
  return { allowed: [200, 201, 202, 204, 400, 404, 409, 422], description: 'allowed' };
}
