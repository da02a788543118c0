/**
 * Sign-in to the web workspace: GET/POST /login and POST /logout. A successful sign-in starts a new
 * session (a new token in an httpOnly, SameSite=Lax cookie, Secure outside development) and ends the
 * one the browser had. The sign-in limit of POST /api/v1/auth/login applies here too. The sign-in
 * form's CSRF token is bound to a nonce cookie (SignInForms; there is no session yet); sign-out's to the session.
 */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { cookieValue, setCookie } from '../common/cookies';
import { ProblemException } from '../common/problem';
import { safeReturnPath } from '../web/page-refusal';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { Public } from './access.decorators';
import type { SignInForm } from './sign-in-page';
import { SignInForms } from './sign-in-form';
import { SESSION_COOKIE, SIGN_IN_COOKIE, TOKEN_PATTERN, WebSessionService } from './web-session.service';
import { LimitSignIns } from './write-rate-limit';

@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly pages: WebPages,
    private readonly forms: SignInForms,
  ) {}

  @Get('login')
  @Public('the sign-in page is where a browser without a session starts')
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeReturnPath(req.query.next);
    if (await this.sessions.resume(cookieValue(req, SESSION_COOKIE))) return redirect(res, next ?? '/app');
    this.show(req, res, 200, { email: '', next, errors: [] });
  }

  @Post('login')
  @Public('signing in is how a browser gets a session')
  @LimitSignIns()
  async signIn(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = bodyOf(req);
    if (!this.forms.csrfMatches(req, body._csrf))
      throw new ProblemException(403, 'csrf', 'Forbidden', 'The sign-in form was out of date; reload it and try again.');
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const next = safeReturnPath(body.next);
    const t = this.pages.context(req, res).m.signInPage;
    const missing: SignInForm['errors'] = [
      ...(email ? [] : [{ field: 'email' as const, message: t.emailMissing }]),
      ...(password ? [] : [{ field: 'password' as const, message: t.passwordMissing }]),
    ];
    if (missing.length) return this.show(req, res, 400, { email, next, errors: missing });
    let token: string;
    try {
      token = await this.sessions.signIn(email, password, validToken(cookieValue(req, SESSION_COOKIE)));
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 401)
        return this.show(req, res, 401, { email, next, errors: [{ field: 'email', message: t.wrongCredentials }] });
      throw error;
    }
    const secure = this.pages.secureCookies;
    setCookie(res, SESSION_COOKIE, token, { path: '/', sameSite: 'Lax', secure });
    setCookie(res, SIGN_IN_COOKIE, '', { path: '/login', sameSite: 'Strict', secure, maxAge: 0 });
    this.pages.flash(res, 'signedIn');
    redirect(res, next ?? '/app');
  }

  @Post('logout')
  @Public('signing out needs no valid session: an ended one just goes back to sign-in')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = await this.sessions.resume(cookieValue(req, SESSION_COOKIE));
    if (session) {
      if (!this.sessions.csrfMatches(session.csrf, bodyOf(req)._csrf))
        throw new ProblemException(403, 'csrf', 'Forbidden', 'The sign-out form was out of date; reload the page and try again.');
      await this.sessions.signOut(session.token);
      this.pages.flash(res, 'signedOut');
    }
    setCookie(res, SESSION_COOKIE, '', { path: '/', sameSite: 'Lax', secure: this.pages.secureCookies, maxAge: 0 });
    redirect(res, '/login');
  }

  private show(req: Request, res: Response, status: number, form: Omit<SignInForm, 'csrf' | 'external'>): void {
    this.forms.show(req, res, status, form);
  }
}

function validToken(token: string | undefined): string | undefined {
  return token && TOKEN_PATTERN.test(token) ? token : undefined;
}

function bodyOf(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}
