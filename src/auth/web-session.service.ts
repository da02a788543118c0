/**
 * Sessions of the web workspace (pages under /app/): a random token in an httpOnly cookie, its hash
 * in PostgreSQL (WebSessionRepository), the current user read on every page as bearer tokens are.
 * CSRF tokens are an HMAC of the session token (or, before sign-in, of a nonce cookie), so they
 * need no storage and change whenever the session does.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import type { Language } from '../common/languages';
import { ProblemException } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { UserRepository } from '../users/user.repository';
import { AuthenticationService } from './authentication.service';
import { ExternalIdentityService } from './external-identity.service';
import type { ExternalIdentity } from './oidc-client';
import type { UserPrincipal } from './principal';
import { type InstitutionChoice, sessionInstitution } from './session-institution';
import { WebSessionRepository } from './web-session.repository';

export const SESSION_COOKIE = 'rehabreg_session';
/** Before sign-in: the browser's half of the sign-in form's CSRF check. */
export const SIGN_IN_COOKIE = 'rehabreg_signin';
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A signed-in browser as the pages see it. */
export interface WebSession {
  token: string;
  /** The user, narrowed to the institution this session works in (sessionInstitution). */
  principal: UserPrincipal;
  email: string;
  /** The user's current memberships (staff), by name: what they may choose from. */
  memberships: InstitutionChoice[];
  /** The institution the pages work in (the one membership, or the chosen one); null before a choice and for other roles. */
  institution: InstitutionChoice | null;
  /** A member of several institutions who has not chosen one yet: every page but the choice sends them to it. */
  mustChooseInstitution: boolean;
  /** The user's chosen language; null until they choose. */
  language: Language | null;
  /** The password is an administrator's temporary one: every page but the password page sends the user there. */
  mustChangePassword: boolean;
  /** The token every form of this session posts back in `_csrf`. */
  csrf: string;
}

/** A choice of an institution the user is not a member of (or that is deactivated). */
export class NotAMemberProblem extends ProblemException {
  constructor() {
    super(403, 'not-a-member', 'Forbidden', 'You are not a member of that institution.');
  }
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

@Injectable()
export class WebSessionService {
  private readonly csrfKey: Buffer;

  constructor(
    private readonly db: ScopedDb,
    private readonly sessions: WebSessionRepository,
    private readonly authentication: AuthenticationService,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly externalIdentities: ExternalIdentityService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.csrfKey = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'rehabreg-web', 'csrf', 32));
  }

  /** Checks the password and starts a new session (a new token: the one the browser had, if any, ends). */
  async signIn(email: string, password: string, previousToken: string | undefined): Promise<string> {
    const user = await this.authentication.checkPassword(email, password);
    return this.startSession(user.id, previousToken, 'password');
  }

  /** Starts a new session for the register user an external provider's verified identity is linked to. */
  async signInExternal(identity: ExternalIdentity, previousToken: string | undefined): Promise<string> {
    const userId = await this.externalIdentities.userFor(identity);
    return this.startSession(userId, previousToken, 'oidc');
  }

  /**
   * A new session token for the user, the browser's previous session ended (no fixation), audited as
   * the user's sign-in (`user.sign-in.password` or `user.sign-in.oidc`).
   */
  private async startSession(userId: string, previousToken: string | undefined, method: 'password' | 'oidc'): Promise<string> {
    const token = newSessionToken();
    this.audit.actAs({ actorType: 'user', actorId: userId });
    await this.db.registerTransaction(async (manager) => {
      if (previousToken) await this.sessions.delete(manager, hashOf(previousToken));
      await this.sessions.deleteTimedOut(manager);
      await this.sessions.insert(manager, hashOf(token), userId);
      await this.audit.record(manager, { action: `user.sign-in.${method}`, objectType: 'user', objectIds: [userId] });
    });
    return token;
  }

  /** The session of a cookie's token, if it is still valid and its user still active. */
  async resume(token: string | undefined): Promise<WebSession | undefined> {
    if (!token || !TOKEN_PATTERN.test(token)) return undefined;
    const row = await this.db.signInRead((manager) => this.sessions.touch(manager, hashOf(token)));
    const found = row ? await this.authentication.principalForUser(row.userId) : undefined;
    if (!row || !found) return undefined;
    const { user } = found;
    const memberships = found.principal.institutionIds.map((id, i) => ({ id, name: user.institution_names[i] }));
    const { principal, institution, mustChoose } = sessionInstitution(found.principal, memberships, row.institutionId);
    return {
      token,
      principal,
      email: user.email,
      memberships,
      institution,
      mustChooseInstitution: mustChoose,
      language: user.language,
      mustChangePassword: user.password_must_change,
      csrf: this.csrfFor(`session:${token}`),
    };
  }

  async signOut(token: string): Promise<void> {
    await this.db.registerTransaction((manager) => this.sessions.delete(manager, hashOf(token)));
  }

  /** An administrator ends every session of a user (audited); 404 for an unknown user. */
  async endAllOf(userId: string): Promise<number> {
    return this.db.registerTransaction(async (manager) => {
      if (!(await this.users.findById(manager, userId))) throw new ProblemException(404, 'not-found', 'Not found', 'No such user.');
      const ended = await this.sessions.deleteAllOf(manager, userId);
      await this.audit.record(manager, { action: 'user.sessions.end', objectType: 'user', objectIds: [userId], rowCount: ended });
      return ended;
    });
  }

  /**
   * The institution (an id) the session works in from now on: one of the user's current memberships, else
   * refused (403, NotAMemberProblem). Both are audited with the user as actor, as sign-ins are:
   * `user.institution.choose` (the institution as object and event institution) and
   * `user.institution.refused`.
   */
  async chooseInstitution(session: WebSession, institutionId: string): Promise<void> {
    const member = session.memberships.some((m) => m.id === institutionId);
    await this.db.registerTransaction(async (manager) => {
      if (member) await this.sessions.setInstitution(manager, hashOf(session.token), institutionId);
      await this.audit.record(manager, {
        action: member ? 'user.institution.choose' : 'user.institution.refused',
        objectType: 'institution',
        objectIds: [institutionId],
        institutionId: member ? institutionId : null,
      });
    });
    if (!member) throw new NotAMemberProblem();
  }

  async setLanguage(session: WebSession, language: Language): Promise<void> {
    await this.db.registerTransaction((manager) => this.users.setLanguage(manager, session.principal.userId, language));
  }

  /** The sign-in form's CSRF token for the browser's nonce cookie. */
  signInCsrf(nonce: string): string {
    return this.csrfFor(`sign-in:${nonce}`);
  }

  csrfMatches(expected: string, submitted: unknown): boolean {
    if (typeof submitted !== 'string' || submitted.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(submitted), Buffer.from(expected));
  }

  private csrfFor(binding: string): string {
    return createHmac('sha256', this.csrfKey).update(binding).digest('base64url');
  }
}
