/**
 * The global guard: authentication (passport: API key or bearer token) and the route's access
 * decision. Routes that declare no decision are refused: forgetting to decide who may call a
 * route is a bug that must fail closed.
 */
import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ProblemException } from '../common/problem';
import { accessDecisionFor, type MembershipRoleName } from './access.decorators';
import { audienceOf, Principal } from './principal';
import { RequestContext } from './request-context';
import { SESSION_COOKIE, type WebSession, WebSessionService } from './web-session.service';
import { cookieValue } from '../common/cookies';

/** Where a user with a temporary password is sent (and the one page they may use until they change it). */
export const PASSWORD_PAGE = '/app/password';

/** Where a member of several institutions chooses the one they work in. */
export const INSTITUTION_CHOICE_PAGE = '/app/institution';
/** What a session that has not chosen its institution may use: the choice, and the password and language on the way. */
const BEFORE_INSTITUTION_CHOICE = [INSTITUTION_CHOICE_PAGE, PASSWORD_PAGE, '/app/language'];

const PassportAuthentication = AuthGuard(['api-key', 'bearer']);

@Injectable()
export class AccessGuard extends PassportAuthentication {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly requestContext: RequestContext,
    private readonly webSessions: WebSessionService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    this.requestContext.setClientAddress(request.ip);
    const decision = accessDecisionFor(this.reflector, context.getHandler(), context.getClass());
    if (!decision) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access decision; refused`);
      throw new ProblemException(403, 'no-access-decision', 'Forbidden', 'This route is not open to anyone yet.');
    }
    if (decision.kind === 'public') return true;
    if (decision.kind === 'session') {
      await this.admitSession(request, decision.audiences, decision.membershipRole);
      return true;
    }

    await super.canActivate(context);
    const principal = request.user as Principal;
    this.requestContext.setPrincipal(principal);
    if (!decision.audiences.includes(audienceOf(principal))) {
      throw new ProblemException(
        403,
        'forbidden',
        'Forbidden',
        `This route is for ${decision.audiences.join(', ')}; you are signed in as ${audienceOf(principal)}.`,
      );
    }
    if (decision.membershipRole === 'data_manager' && !(principal.kind === 'user' && principal.dataManagerInstitutionIds.length > 0)) {
      throw new ProblemException(403, 'forbidden', 'Forbidden', 'This route is for the data managers of an institution; you are not one.');
    }
    return true;
  }

  /** A workspace page: a valid session of one of the roles, and on a POST the session's CSRF token. */
  private async admitSession(request: Request, roles: string[], membershipRole?: MembershipRoleName): Promise<void> {
    const session = await this.webSessions.resume(cookieValue(request, SESSION_COOKIE));
    if (!session) throw new ProblemException(401, 'sign-in-required', 'Authentication required', 'Sign in at /login.');
    (request as Request & { webSession?: WebSession }).webSession = session;
    this.requestContext.setPrincipal(session.principal);
    if (!roles.includes(session.principal.role))
      throw new ProblemException(403, 'forbidden', 'Forbidden', `This page is for ${roles.join(', ')}.`);
    // A temporary password (set by an administrator) opens the password page only; the refusal sends the browser there.
    if (session.mustChangePassword && request.path !== PASSWORD_PAGE)
      throw new ProblemException(
        403,
        'password-change-required',
        'Password change required',
        `Choose your own password at ${PASSWORD_PAGE}.`,
      );
    // A member of several institutions works in one at a time: until they choose, only the choice (and the above).
    if (session.mustChooseInstitution && !BEFORE_INSTITUTION_CHOICE.includes(request.path))
      throw new ProblemException(
        403,
        'institution-choice-required',
        'Institution choice required',
        `Choose the institution you work in at ${INSTITUTION_CHOICE_PAGE}.`,
      );
    if (membershipRole === 'data_manager' && session.principal.dataManagerInstitutionIds.length === 0)
      throw new ProblemException(403, 'forbidden', 'Forbidden', 'This page is for the data managers of an institution; you are not one.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method === 'POST' && !this.webSessions.csrfMatches(session.csrf, body._csrf))
      throw new ProblemException(403, 'csrf', 'Forbidden', 'The form was out of date; reload the page and try again.');
  }

  /** Passport's outcome: a specific 401 from a strategy wins; no credential at all gets a 401 that says what to send. */
  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user)
      throw new ProblemException(
        401,
        'unauthenticated',
        'Authentication required',
        'Send "Authorization: Bearer <token>" (from POST /api/v1/auth/login) or "X-Api-Key: <key>".',
      );
    return user;
  }
}
