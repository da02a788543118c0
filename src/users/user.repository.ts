/** The users and memberships tables: every read and write of them goes through here. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { UserRole } from '../auth/principal';
import type { Language } from '../common/languages';
import { Membership, MembershipRole, User } from './user.entity';

/** A user as sign-in sees them: with the institutions they may act for now. */
export interface SignInUserRow {
  id: string;
  email: string;
  role: UserRole;
  active: boolean;
  password_hash: string | null;
  /** The password is an administrator's temporary one: the user must change it first. */
  password_must_change: boolean;
  /** The language chosen for the web pages; null until the user chooses one. */
  language: Language | null;
  /** Memberships in deactivated institutions give no access, so they are left out. */
  institution_ids: string[];
  /** The names of those institutions, in the same order (for the pages' header). */
  institution_names: string[];
  /** Those of institution_ids where the user is a data manager. */
  data_manager_institution_ids: string[];
}

const SIGN_IN_USER_SQL = (condition: string) =>
  `SELECT u.id, u.email, u.role, u.active, u.password_hash, u.password_must_change, u.language,
          coalesce(array_agg(m.institution_id::text ORDER BY i.name) FILTER (WHERE i.active), '{}'::text[]) AS institution_ids,
          coalesce(array_agg(i.name ORDER BY i.name) FILTER (WHERE i.active), '{}'::text[]) AS institution_names,
          coalesce(array_agg(m.institution_id::text ORDER BY i.name) FILTER (WHERE i.active AND 'data_manager' = ANY (m.roles)), '{}'::text[])
            AS data_manager_institution_ids
     FROM users u
     LEFT JOIN memberships m ON m.user_id = u.id
     LEFT JOIN institutions i ON i.id = m.institution_id
    WHERE ${condition}
    GROUP BY u.id`;

@Injectable()
export class UserRepository {
  async findForSignIn(manager: EntityManager, by: { id: string } | { email: string }): Promise<SignInUserRow | undefined> {
    const rows: SignInUserRow[] =
      'id' in by
        ? await manager.query(SIGN_IN_USER_SQL('u.id = $1'), [by.id])
        : await manager.query(SIGN_IN_USER_SQL('u.email = $1'), [by.email]);
    return rows[0];
  }

  findById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  /** The e-mail addresses of these users, by id (how an access report names who read). */
  async emailsOf(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; email: string }[] = await manager.query(
      `SELECT id::text, email FROM users WHERE id::text = ANY ($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  existsByEmail(manager: EntityManager, email: string): Promise<boolean> {
    return manager.getRepository(User).existsBy({ email });
  }

  activeAdminExists(manager: EntityManager): Promise<boolean> {
    return manager.getRepository(User).existsBy({ role: 'admin', active: true });
  }

  listByEmail(manager: EntityManager): Promise<User[]> {
    return manager.getRepository(User).find({ order: { email: 'ASC' } });
  }

  insert(manager: EntityManager, user: Pick<User, 'email' | 'passwordHash' | 'passwordMustChange' | 'role' | 'active'>): Promise<User> {
    const repository = manager.getRepository(User);
    return repository.save(repository.create(user));
  }

  async setLanguage(manager: EntityManager, userId: string, language: Language): Promise<void> {
    await manager.query(`UPDATE users SET language = $2 WHERE id = $1`, [userId, language]);
  }

  save(manager: EntityManager, user: User): Promise<User> {
    return manager.getRepository(User).save(user);
  }

  /** Every user's memberships, by user id. */
  async allMemberships(manager: EntityManager): Promise<Map<string, UserMemberships>> {
    const byUser = new Map<string, UserMemberships>();
    for (const m of await manager.getRepository(Membership).find({ order: { createdAt: 'ASC' } })) {
      const memberships = byUser.get(m.userId) ?? { institutionIds: [], dataManagerInstitutionIds: [] };
      addMembership(memberships, m);
      byUser.set(m.userId, memberships);
    }
    return byUser;
  }

  async membershipsOf(manager: EntityManager, userId: string): Promise<UserMemberships> {
    const memberships: UserMemberships = { institutionIds: [], dataManagerInstitutionIds: [] };
    for (const m of await manager.getRepository(Membership).find({ where: { userId }, order: { createdAt: 'ASC' } }))
      addMembership(memberships, m);
    return memberships;
  }

  /** The user's institutions become `institutionIds`; a membership kept keeps its roles. */
  async replaceMemberships(manager: EntityManager, userId: string, institutionIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM memberships WHERE user_id = $1 AND NOT (institution_id = ANY ($2::uuid[]))`, [userId, institutionIds]);
    await manager.query(
      `INSERT INTO memberships (user_id, institution_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT (user_id, institution_id) DO NOTHING`,
      [userId, institutionIds],
    );
  }

  /** Grants or removes a membership role; false when the user is no member of the institution. */
  async setMembershipRole(
    manager: EntityManager,
    userId: string,
    institutionId: string,
    role: MembershipRole,
    held: boolean,
  ): Promise<boolean> {
    // an UPDATE answers [rows, affected count] through TypeORM
    const [, updated]: [unknown[], number] = await manager.query(
      `UPDATE memberships SET roles = CASE WHEN $4 THEN array(SELECT DISTINCT unnest(roles || $3::text)) ELSE array_remove(roles, $3::text) END
        WHERE user_id = $1 AND institution_id = $2`,
      [userId, institutionId, role, held],
    );
    return updated === 1;
  }
}

/** A user's institutions, and those where they are a data manager. */
export interface UserMemberships {
  institutionIds: string[];
  dataManagerInstitutionIds: string[];
}

function addMembership(memberships: UserMemberships, m: Membership): void {
  memberships.institutionIds.push(m.institutionId);
  if (m.roles.includes('data_manager')) memberships.dataManagerInstitutionIds.push(m.institutionId);
}
