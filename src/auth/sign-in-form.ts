/**
 * Shows the sign-in page (GET/POST /login, and a failed external sign-in) with its CSRF token: before
 * sign-in there is no session, so the token is bound to a random nonce in a SameSite=Strict cookie for
 * /login (double submit, as the patient forms). The external provider's button is shown when configured.
 */
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieValue, setCookie } from '../common/cookies';
import { WebPages } from '../web/web-pages';
import { OidcClient, type OidcFailure } from './oidc-client';
import { signInPage, type SignInForm } from './sign-in-page';
import { SIGN_IN_COOKIE, WebSessionService } from './web-session.service';

export const SIGN_IN_NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

@Injectable()
export class SignInForms {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly pages: WebPages,
    private readonly oidc: OidcClient,
  ) {}

  show(req: Request, res: Response, status: number, form: Omit<SignInForm, 'csrf' | 'external'>, failure?: OidcFailure): void {
    const nonce = this.browserNonce(req, res);
    const name = this.oidc.displayName;
    const page = signInPage(this.pages.context(req, res), {
      ...form,
      csrf: this.sessions.signInCsrf(nonce),
      external: name ? { name, failure } : undefined,
    });
    this.pages.send(req, res, status, page);
  }

  /** Whether a posted sign-in form carries the token of this browser's nonce. */
  csrfMatches(req: Request, submitted: unknown): boolean {
    const nonce = cookieValue(req, SIGN_IN_COOKIE);
    return !!nonce && SIGN_IN_NONCE_PATTERN.test(nonce) && this.sessions.csrfMatches(this.sessions.signInCsrf(nonce), submitted);
  }

  /** The browser's half of the sign-in form's CSRF check: a random nonce in a SameSite=Strict cookie for /login. */
  private browserNonce(req: Request, res: Response): string {
    const existing = cookieValue(req, SIGN_IN_COOKIE);
    if (existing && SIGN_IN_NONCE_PATTERN.test(existing)) return existing;
    const nonce = randomBytes(16).toString('base64url');
    setCookie(res, SIGN_IN_COOKIE, nonce, { path: '/login', sameSite: 'Strict', secure: this.pages.secureCookies });
    return nonce;
  }
}
