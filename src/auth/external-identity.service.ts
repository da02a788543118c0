/**
 * Which register user an external provider's verified identity signs in as (docs/workspace.md,
 * "Sign-in with OpenID Connect"). The provider's subject is linked to a user at the first sign-in, found
 * by the email claim (OIDC_EMAIL_CLAIM) among active users, and from then on the subject alone decides:
 * a changed or reassigned email at the provider cannot move the sign-in to another user. The link and
 * every refusal of a verified identity are audited; the sign-in itself is audited with the session.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { UserRepository } from '../users/user.repository';
import { ExternalIdentityRepository } from './external-identity.repository';
import { type ExternalIdentity, OidcSignInError } from './oidc-client';

type Outcome = { userId: string } | { refused: 'unknown-user' | 'linked-elsewhere'; detail: string; userIds: string[] };

@Injectable()
export class ExternalIdentityService {
  constructor(
    private readonly db: ScopedDb,
    private readonly links: ExternalIdentityRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  /** The active user this identity signs in as, linking it on first use; an OidcSignInError otherwise (audited). */
  async userFor(identity: ExternalIdentity): Promise<string> {
    const outcome = await this.db.registerTransaction(async (manager): Promise<Outcome> => {
      const userId = (await this.links.signInAs(manager, identity.issuer, identity.subject)) ?? null;
      if (userId === null) return this.linkByEmail(manager, identity);
      const user = await this.users.findForSignIn(manager, { id: userId });
      return user?.active ? { userId } : { refused: 'unknown-user', detail: 'The linked user is deactivated.', userIds: [userId] };
    });
    if ('userId' in outcome) return outcome.userId;
    await this.db.registerTransaction((manager) =>
      this.audit.record(manager, { action: 'user.sign-in.refused', objectType: 'user', objectIds: outcome.userIds }),
    );
    throw new OidcSignInError(outcome.refused, outcome.detail);
  }

  private async linkByEmail(manager: EntityManager, identity: ExternalIdentity): Promise<Outcome> {
    if (!identity.email || !identity.emailVerified)
      return { refused: 'unknown-user', detail: 'The identity is linked to no user and has no verified email to link it by.', userIds: [] };
    const user = await this.users.findForSignIn(manager, { email: identity.email });
    if (!user?.active) return { refused: 'unknown-user', detail: 'No active register user has the identity’s email.', userIds: [] };
    if (!(await this.links.link(manager, identity.issuer, identity.subject, user.id)))
      return { refused: 'linked-elsewhere', detail: 'The user is linked to another identity at this provider.', userIds: [user.id] };
    this.audit.actAs({ actorType: 'user', actorId: user.id });
    await this.audit.record(manager, { action: 'user.external-identity.link', objectType: 'user', objectIds: [user.id] });
    return { userId: user.id };
  }
}
