/**
 * Which institution a web session works in (issue 21). A staff member of several institutions
 * chooses one; the session's principal then holds that institution only, so every service
 * (InstitutionScope) and every transaction's row-level security (ScopedDb) sees that one and no
 * other. Until they choose, the principal holds none: a session fails closed, and the pages send
 * the user to the choice. A member of one institution works in it without choosing.
 */
import type { UserPrincipal } from './principal';

export interface InstitutionChoice {
  id: string;
  name: string;
}

export interface SessionInstitution {
  /** The principal the session's pages act as: narrowed to the chosen institution. */
  principal: UserPrincipal;
  /** The institution the pages work in; null for roles without memberships and before a choice. */
  institution: InstitutionChoice | null;
  /** A member of several institutions who has not chosen one (or whose choice is no longer a membership). */
  mustChoose: boolean;
}

/**
 * `memberships` are the user's current ones (active institutions), `chosen` the session's stored
 * choice: a choice that is no longer a membership counts as none.
 */
export function sessionInstitution(principal: UserPrincipal, memberships: InstitutionChoice[], chosen: string | null): SessionInstitution {
  if (memberships.length <= 1) return { principal, institution: memberships[0] ?? null, mustChoose: false };
  const institution = memberships.find((m) => m.id === chosen) ?? null;
  const only = institution ? [institution.id] : [];
  return {
    principal: {
      ...principal,
      institutionIds: only,
      dataManagerInstitutionIds: principal.dataManagerInstitutionIds.filter((id) => only.includes(id)),
    },
    institution,
    mustChoose: !institution,
  };
}
