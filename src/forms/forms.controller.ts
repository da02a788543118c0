/**
 * The patient web form at /forms/{token}: server-rendered pages, plain HTML forms (no script
 * needed), post/redirect/get between questions. Pages carry a strict CSP of their own, no-store
 * and no-referrer; POSTs need the double-submit CSRF token; errors are friendly pages (or
 * problem+json for clients that do not ask for HTML), never a stack trace.
 */
import { Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { cookieValue } from '../common/cookies';
import { sendAsset, sendPage, setPageHeaders } from '../web/page-response';
import { genericProblem, sendProblem } from '../common/problem.filter';
import { problemType } from '../common/problem';
import { FormAssets } from './form-assets';
import { isFormStep, isQuestionStep, nextStep, parseAnswer, resumeStep, type FormDraft, type FormStep } from './form-flow';
import { donePage, type FormPageContext, missingAnswerErrors, type PageAssets, questionPage, reviewPage, statusPage } from './form-pages';
import { type FormInvitation, FormService, FormStopped } from './form.service';
import { BROWSER_NONCE_PATTERN, csrfMatches, csrfToken, newBrowserNonce } from './invitation-token';
import { type FormLanguage, isFormLanguage, languageFromAcceptLanguage, MESSAGES } from './messages';

const COOKIE = 'rehabreg_form';

@ApiExcludeController()
@Controller('forms')
@Public('Patient web forms: the one-time invitation token in the path is the credential')
export class FormsController {
  private readonly logger = new Logger('FormsController');
  private readonly pageAssets: PageAssets;

  constructor(
    private readonly forms: FormService,
    private readonly assets: FormAssets,
  ) {
    this.pageAssets = {
      cssHref: `/forms/assets/forms.css?v=${assets.css.version}`,
      jsHref: `/forms/assets/forms.js?v=${assets.js.version}`,
    };
  }

  @Get('assets/forms.css')
  stylesheet(@Req() req: Request, @Res() res: Response): void {
    sendAsset(req, res, this.assets.css);
  }

  @Get('assets/forms.js')
  script(@Req() req: Request, @Res() res: Response): void {
    sendAsset(req, res, this.assets.js);
  }

  @Get(':token')
  page(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(req, res, async (token) => {
      const invitation = await this.forms.open(token, req.ip);
      const draft = await this.forms.readDraft(invitation);
      const ctx = this.context(req, res, invitation, token, draft);
      const step: FormStep = isFormStep(req.query.step) ? req.query.step : resumeStep(draft);
      this.sendPage(req, res, 200, step === 'review' ? reviewPage(ctx, draft, []) : questionPage(ctx, step, draft, []));
    });
  }

  @Post(':token')
  save(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(req, res, async (token) => {
      const invitation = await this.forms.open(token, req.ip);
      this.requireCsrf(req, invitation);
      const body = bodyOf(req);
      if (!isQuestionStep(body.step)) throw new FormStopped('badRequest', 400);
      const step = body.step;
      const parsed = parseAnswer(step, body.answer);
      if ('error' in parsed) {
        const draft = await this.forms.readDraft(invitation);
        const ctx = this.context(req, res, invitation, token, draft);
        const m = MESSAGES[ctx.language];
        const message =
          step === 'vas'
            ? parsed.error === 'required'
              ? m.errorVasRequired
              : m.errorVasInvalid
            : parsed.error === 'required'
              ? m.errorChooseOne
              : m.errorInvalidChoice;
        const posted = step === 'vas' && typeof body.answer === 'string' ? body.answer.slice(0, 10) : undefined;
        this.sendPage(req, res, 400, questionPage(ctx, step, draft, [{ message, href: step === 'vas' ? '#vas' : `#${step}-1` }], posted));
        return;
      }
      const language = this.languageOf(req, invitation);
      await this.forms.saveAnswer(invitation, step, parsed.value, language);
      res.redirect(303, `/forms/${token}?step=${nextStep(step)}&lang=${language}`);
    });
  }

  @Post(':token/submit')
  submit(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(req, res, async (token) => {
      const invitation = await this.forms.open(token, req.ip);
      this.requireCsrf(req, invitation);
      const result = await this.forms.submit(invitation);
      if ('missing' in result) {
        const ctx = this.context(req, res, invitation, token, result.draft);
        this.sendPage(req, res, 422, reviewPage(ctx, result.draft, missingAnswerErrors(ctx, result.missing)));
        return;
      }
      this.sendPage(req, res, 200, donePage(this.languageOf(req, invitation), this.pageAssets));
    });
  }

  /** Runs a handler; whatever stops it becomes a page in the patient's language (or problem+json). */
  private async handle(req: Request, res: Response, work: (token: string) => Promise<void>): Promise<void> {
    const token = String(req.params.token ?? '');
    try {
      await work(token);
    } catch (error) {
      if (res.headersSent) return;
      const stopped = error instanceof FormStopped ? error : undefined;
      if (!stopped) this.logger.error({ err: error, requestId: req.id, msg: 'Patient form failed' });
      const { kind, status } = stopped ?? { kind: 'error' as const, status: 500 };
      if (status === 429) res.setHeader('Retry-After', '60');
      const language = this.languageOf(req, stopped?.language ? { language: stopped.language } : undefined);
      if (!wantsHtml(req)) {
        setPageHeaders(res);
        const { title, body } = MESSAGES.en.status[kind];
        sendProblem(req, res, { ...genericProblem(status, body), title, type: problemType(`form-${kind}`), instance: '/forms/[token]' });
        return;
      }
      this.sendPage(req, res, status, statusPage(language, kind, this.pageAssets, token));
    }
  }

  private context(req: Request, res: Response, invitation: FormInvitation, token: string, draft: FormDraft): FormPageContext {
    const language = this.languageOf(req, invitation, draft);
    return {
      language,
      wording: this.forms.wording[language],
      token,
      csrf: csrfToken(this.forms.keys.csrf, invitation.id, this.browserNonce(req, res)),
      assets: this.pageAssets,
    };
  }

  /** The link's or the page's choice, then the saved one, the invitation's, and the browser's. */
  private languageOf(req: Request, invitation?: Pick<FormInvitation, 'language'>, draft?: FormDraft): FormLanguage {
    const candidates = [req.query.lang, bodyOf(req).lang, draft?.language, invitation?.language];
    return candidates.find(isFormLanguage) ?? languageFromAcceptLanguage(req.headers['accept-language']);
  }

  /** The browser's half of the double-submit CSRF check: a random nonce in a SameSite=Strict cookie. */
  private browserNonce(req: Request, res: Response): string {
    const existing = cookieValue(req, COOKIE);
    if (existing && BROWSER_NONCE_PATTERN.test(existing)) return existing;
    const nonce = newBrowserNonce();
    const secure = req.secure || req.protocol === 'https' ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${COOKIE}=${nonce}; Path=/forms; HttpOnly; SameSite=Strict${secure}`);
    return nonce;
  }

  private requireCsrf(req: Request, invitation: FormInvitation): void {
    if (!csrfMatches(this.forms.keys.csrf, invitation.id, cookieValue(req, COOKIE), bodyOf(req)._csrf)) throw new FormStopped('csrf', 403);
  }

  private sendPage(req: Request, res: Response, status: number, page: string): void {
    sendPage(req, res, status, page);
  }
}

/** Browsers ask for HTML; API clients and tools without an Accept header get problem+json. */
function wantsHtml(req: Request): boolean {
  return req.accepts(['application/problem+json', 'text/html']) === 'text/html';
}

function bodyOf(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}
