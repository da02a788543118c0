/** Who is calling: the result of authentication, kept in the request context. */
import type { Audience } from './access.decorators';

export type UserRole = 'admin' | 'staff' | 'researcher';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  role: UserRole;
  /** Institutions the user is a member of (staff); empty for admins and researchers. */
  institutionIds: string[];
  /** Those of `institutionIds` where the user is also a data manager (membership role `data_manager`). */
  dataManagerInstitutionIds: string[];
}

export interface ApiClientPrincipal {
  kind: 'api_client';
  clientId: string;
  institutionId: string;
  institutionIds: [string];
}

export type Principal = UserPrincipal | ApiClientPrincipal;

export function audienceOf(principal: Principal): Audience {
  return principal.kind === 'api_client' ? 'api_client' : principal.role;
}

export function actorOf(principal: Principal | undefined): { actorType: 'user' | 'api_client' | 'anonymous'; actorId: string | null } {
  if (!principal) return { actorType: 'anonymous', actorId: null };
  return principal.kind === 'user'
    ? { actorType: 'user', actorId: principal.userId }
    : { actorType: 'api_client', actorId: principal.clientId };
}
