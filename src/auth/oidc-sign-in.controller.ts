/**
 * Sign-in at an external OpenID Connect provider (HelseID-style), when OIDC_CLIENT_ID is configured:
 * GET /login/oidc sends the browser to the provider (authorization code + PKCE), GET /login/oidc/callback
 * takes the answer, verifies it (OidcClient), finds the linked register user (ExternalIdentityService)
 * and starts a session exactly as the password sign-in does: a new token, the old session ended, the
 * same cookie, audited. A sign-in that fails is the sign-in page again with what went wrong.
 */
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { cookieValue, setCookie } from '../common/cookies';
import { ProblemException } from '../common/problem';
import { safeReturnPath } from '../web/page-refusal';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { Public } from './access.decorators';
import { OIDC_FLOW_COOKIE, OIDC_FLOW_PATH, OIDC_FLOW_SECONDS, OidcClient, type OidcFailure, OidcSignInError } from './oidc-client';
import { SignInForms } from './sign-in-form';
import { SESSION_COOKIE, TOKEN_PATTERN, WebSessionService } from './web-session.service';
import { LimitSignIns } from './write-rate-limit';

/** The status of each failure's page. */
const FAILURE_STATUS: Record<OidcFailure, number> = {
  cancelled: 401,
  expired: 400,
  mismatch: 400,
  unverified: 401,
  unreachable: 502,
  'unknown-user': 403,
  'linked-elsewhere': 403,
};

@ApiExcludeController()
@Controller(OIDC_FLOW_PATH)
export class OidcSignInController {
  constructor(
    private readonly oidc: OidcClient,
    private readonly sessions: WebSessionService,
    private readonly pages: WebPages,
    private readonly forms: SignInForms,
  ) {}

  @Get()
  @Public('starting a sign-in at the external identity provider is how a browser without a session gets one')
  @LimitSignIns()
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.requireConfigured();
    const next = safeReturnPath(req.query.next);
    try {
      const { authorizationUrl, flowCookie } = await this.oidc.start(next);
      setCookie(res, OIDC_FLOW_COOKIE, flowCookie, this.flowCookieOptions(OIDC_FLOW_SECONDS));
      redirect(res, authorizationUrl);
    } catch (error) {
      this.failed(req, res, error, next);
    }
  }

  @Get('callback')
  @Public('the identity provider sends the browser back here to finish signing in')
  @LimitSignIns()
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.requireConfigured();
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    // The flow's secrets are for one answer only.
    setCookie(res, OIDC_FLOW_COOKIE, '', this.flowCookieOptions(0));
    try {
      const { identity, next } = await this.oidc.finish(query, cookieValue(req, OIDC_FLOW_COOKIE));
      const previous = cookieValue(req, SESSION_COOKIE);
      const token = await this.sessions.signInExternal(identity, previous && TOKEN_PATTERN.test(previous) ? previous : undefined);
      setCookie(res, SESSION_COOKIE, token, { path: '/', sameSite: 'Lax', secure: this.pages.secureCookies });
      this.pages.flash(res, 'signedIn');
      redirect(res, next ?? '/app');
    } catch (error) {
      this.failed(req, res, error, undefined);
    }
  }

  private requireConfigured(): void {
    if (!this.oidc.displayName) throw new ProblemException(404, 'not-found', 'Not found', 'External sign-in is not configured.');
  }

  /**
   * SameSite=Lax, not Strict: the provider's redirect back is a top-level navigation from another site,
   * on which a Strict cookie would not be sent. The state inside it is what ties the answer to this browser.
   */
  private flowCookieOptions(maxAge: number) {
    return { path: OIDC_FLOW_PATH, sameSite: 'Lax' as const, secure: this.pages.secureCookies, maxAge };
  }

  private failed(req: Request, res: Response, error: unknown, next: string | undefined): void {
    if (!(error instanceof OidcSignInError)) throw error;
    this.forms.show(req, res, FAILURE_STATUS[error.failure], { email: '', next, errors: [] }, error.failure);
  }
}
