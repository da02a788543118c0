/** Turns credentials into a Principal, reading the current state of users, memberships and keys. */
import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { SignInUserRow, UserRepository } from '../users/user.repository';
import { apiKeySecretMatches, parseApiKey, verifyPassword } from './credentials';
import type { ApiClientPrincipal, UserPrincipal } from './principal';
import { TokenService } from './token.service';

function unauthenticated(slug: string, detail: string): ProblemException {
  return new ProblemException(401, slug, 'Authentication failed', detail);
}

/** A temporary password (an administrator's) gives no API access until the user has chosen their own in the web workspace. */
function passwordChangeRequired(): ProblemException {
  return unauthenticated(
    'password-change-required',
    'The password is temporary: sign in to the web workspace (/login) and choose your own password first.',
  );
}

/** An API key as sign-in sees it, with whether its institution is active. */
interface ApiKeyRow {
  id: string;
  institution_id: string;
  key_hash: Buffer;
  revoked_at: Date | null;
  institution_active: boolean;
}

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly db: ScopedDb,
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
  ) {}

  async principalForApiKey(key: string): Promise<ApiClientPrincipal> {
    const parsed = parseApiKey(key);
    if (!parsed) throw unauthenticated('invalid-api-key', 'The API key is malformed; keys look like rr_<10 characters>_<32 characters>.');
    const rows: ApiKeyRow[] = await this.db.signInRead((manager) =>
      manager.query(
        `SELECT c.id, c.institution_id, c.key_hash, c.revoked_at, i.active AS institution_active
         FROM api_clients c JOIN institutions i ON i.id = c.institution_id WHERE c.key_prefix = $1`,
        [parsed.prefix],
      ),
    );
    const client = rows[0];
    if (!client || !apiKeySecretMatches(parsed.secret, client.key_hash))
      throw unauthenticated('invalid-api-key', 'The API key is not valid.');
    if (client.revoked_at)
      throw unauthenticated('revoked-api-key', 'The API key has been revoked; ask a register administrator for a new one.');
    if (!client.institution_active) throw unauthenticated('inactive-institution', 'The institution of this API key is deactivated.');
    return { kind: 'api_client', clientId: client.id, institutionId: client.institution_id, institutionIds: [client.institution_id] };
  }

  async principalForBearerToken(token: string): Promise<UserPrincipal> {
    const verified = await this.tokens.verify(token);
    const user = await this.findUser(verified.issuer === 'local' ? { id: verified.userId } : { email: verified.email });
    if (!user) throw unauthenticated('unknown-user', 'The token belongs to no user of this register.');
    if (!user.active) throw unauthenticated('inactive-user', 'This user is deactivated.');
    if (user.password_must_change) throw passwordChangeRequired();
    return toPrincipal(user);
  }

  /** Email and password login; the same answer for an unknown email and a wrong password. */
  async login(email: string, password: string): Promise<{ accessToken: string; expiresIn: number; userId: string }> {
    const user = await this.checkPassword(email, password);
    if (user.password_must_change) throw passwordChangeRequired();
    return { ...(await this.tokens.issue(user.id)), userId: user.id };
  }

  /** The active user with this email and password (API tokens and web sessions alike), else a 401. */
  async checkPassword(email: string, password: string): Promise<SignInUserRow> {
    const user = await this.findUser({ email: email.trim().toLowerCase() });
    const valid = await verifyPassword(password, user?.password_hash);
    if (!user || !valid || !user.active)
      throw unauthenticated('invalid-credentials', 'The email or password is wrong, or the user is deactivated.');
    return user;
  }

  /** The current user behind a web session, or undefined when they are gone or deactivated. */
  async principalForUser(userId: string): Promise<{ principal: UserPrincipal; user: SignInUserRow } | undefined> {
    const user = await this.findUser({ id: userId });
    return user?.active ? { principal: toPrincipal(user), user } : undefined;
  }

  private findUser(by: { id: string } | { email: string }): Promise<SignInUserRow | undefined> {
    return this.db.signInRead((manager) => this.users.findForSignIn(manager, by));
  }
}

function toPrincipal(user: SignInUserRow): UserPrincipal {
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    role: user.role,
    institutionIds: user.role === 'staff' ? user.institution_ids : [],
    dataManagerInstitutionIds: user.role === 'staff' ? user.data_manager_institution_ids : [],
  };
}
