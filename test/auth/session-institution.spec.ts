import fc from 'fast-check';
import type { UserPrincipal } from '../../src/auth/principal';
import { sessionInstitution } from '../../src/auth/session-institution';

const staff = (institutionIds: string[], dataManagerInstitutionIds: string[]): UserPrincipal => ({
  kind: 'user',
  userId: 'u',
  email: 'u@test',
  role: 'staff',
  institutionIds,
  dataManagerInstitutionIds,
});

describe('the institution a web session works in', () => {
  it('is at most the chosen one of several memberships, and none before a valid choice', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uuid(), { maxLength: 5 }),
        fc.uuid(),
        fc.nat(),
        fc.boolean(),
        fc.array(fc.boolean(), { maxLength: 5 }),
        (ids, stranger, pick, chooseMember, managed) => {
          const memberships = ids.map((id) => ({ id, name: `name of ${id}` }));
          const dataManagerIds = ids.filter((_, i) => managed[i]);
          const chosen = chooseMember && ids.length ? ids[pick % ids.length] : ids.includes(stranger) ? null : stranger;
          const { principal, institution, mustChoose } = sessionInstitution(staff(ids, dataManagerIds), memberships, chosen);
          if (ids.length <= 1) {
            // one membership (or none): that one, without choosing
            expect(principal.institutionIds).toEqual(ids);
            expect(institution?.id ?? null).toBe(ids[0] ?? null);
            expect(mustChoose).toBe(false);
          } else if (chooseMember) {
            expect(principal.institutionIds).toEqual([chosen]);
            expect(institution).toEqual({ id: chosen, name: `name of ${chosen}` });
            expect(principal.dataManagerInstitutionIds).toEqual(dataManagerIds.filter((id) => id === chosen));
            expect(mustChoose).toBe(false);
          } else {
            // a choice that is not (or no longer) a membership: nothing is readable until the user chooses
            expect(principal.institutionIds).toEqual([]);
            expect(principal.dataManagerInstitutionIds).toEqual([]);
            expect(institution).toBeNull();
            expect(mustChoose).toBe(true);
          }
        },
      ),
    );
  });

  it('leaves roles without memberships as they are', () => {
    const admin: UserPrincipal = { ...staff([], []), role: 'admin' };
    expect(sessionInstitution(admin, [], null)).toEqual({ principal: admin, institution: null, mustChoose: false });
  });
});
