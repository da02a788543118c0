/**
 * Whatever stops a workspace page (no session, CSRF failure, no access, an unknown page, bad input,
 * a limit, an error) is answered as a page in the user's language, never problem+json: the global
 * ProblemFilter hands the problem it made to this for every page path. No session: a 303 to /login
 * (which comes back to a GET page after sign-in). A member of several institutions who has not chosen
 * one: a 303 to the choice (which comes back the same way).
 */
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { fill, renderDocument } from '../common/page-render';
import { type ProblemDetails, problemType } from '../common/problem';
import { Layout } from './layout';
import type { RefusalKind } from './messages';
import { redirect } from './page-response';
import { type PageRequest, WebPages } from './web-pages';
import { SESSION_COOKIE, WebSessionService } from '../auth/web-session.service';
import { cookieValue } from '../common/cookies';

/** The paths that are pages of the workspace (the patient forms have their own pages, src/forms). */
export function isWorkspacePage(path: string): boolean {
  return (
    path === '/' ||
    path === '/login' ||
    path.startsWith('/login/') ||
    path === '/logout' ||
    path === '/app' ||
    path.startsWith('/app/') ||
    path === '/resultater' ||
    path.startsWith('/resultater/')
  );
}

function refusalKind(problem: ProblemDetails): RefusalKind {
  if (problem.type === problemType('csrf')) return 'csrf';
  if (problem.status === 403) return 'forbidden';
  if (problem.status === 404 || problem.status === 405) return 'notFound';
  if (problem.status === 429) return 'rateLimited';
  if (problem.status === 503) return 'unavailable';
  if (problem.status >= 500) return 'error';
  return 'badRequest';
}

/** Where sign-in sends the user back to: only this service's own GET pages. */
export function safeReturnPath(path: unknown): string | undefined {
  return typeof path === 'string' && /^\/app(\/[\w\-/]*)?(\?[\w\-=&%.]*)?$/.test(path) ? path : undefined;
}

@Injectable()
export class PageRefusals {
  constructor(
    private readonly pages: WebPages,
    private readonly sessions: WebSessionService,
  ) {}

  handles(req: Request): boolean {
    return isWorkspacePage(req.path);
  }

  async send(problem: ProblemDetails, req: Request, res: Response): Promise<void> {
    if (problem.type === problemType('password-change-required')) return redirect(res, '/app/password');
    if (problem.type === problemType('institution-choice-required')) {
      const back = req.method === 'GET' ? safeReturnPath(req.originalUrl) : undefined;
      return redirect(res, back && back !== '/app' ? `/app/institution?next=${encodeURIComponent(back)}` : '/app/institution');
    }
    if (problem.status === 401) {
      const back = req.method === 'GET' ? safeReturnPath(req.originalUrl) : undefined;
      redirect(res, back ? `/login?next=${encodeURIComponent(back)}` : '/login');
      return;
    }
    // A page that no route answers ran no guard: find the session, so the refusal is in the user's language.
    if (!(req as PageRequest).webSession && problem.status !== 503)
      (req as PageRequest).webSession = await this.sessions.resume(cookieValue(req, SESSION_COOKIE)).catch(() => undefined);
    const ctx = this.pages.context(req, res);
    const kind = refusalKind(problem);
    const { title, body } = ctx.m.refusal[kind];
    if (problem.status === 429) res.setHeader('Retry-After', '60');
    const status = kind === 'notFound' ? 404 : problem.status;
    this.pages.send(
      req,
      res,
      status,
      renderDocument(
        <Layout ctx={ctx} title={title}>
          <h1 class="ds-heading" data-size="lg">
            {title}
          </h1>
          <p class="ds-paragraph">{fill(body, { requestId: String(req.id ?? '') })}</p>
          <p class="ds-paragraph">
            <a class="ds-link" href={ctx.session ? '/app' : '/'}>
              {ctx.m.backToStart}
            </a>
          </p>
        </Layout>,
      ),
    );
  }
}
