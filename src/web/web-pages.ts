/**
 * What every workspace page needs from its request: the language (the signed-in user's choice, else
 * the page's `?lang=`, else the browser's), the session, a message to show once after an action
 * (flash, in a short-lived cookie), and the cookies' attributes (Secure outside development).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { WebSession } from '../auth/web-session.service';
import { cookieValue, setCookie } from '../common/cookies';
import { isLanguage, type Language, languageFromAcceptLanguage } from '../common/languages';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { type FlashKey, WEB_MESSAGES, type WebMessages } from './messages';
import { sendPage } from './page-response';
import { WebAssets } from './web-assets';

const FLASH_COOKIE = 'rehabreg_flash';
const FLASH_KEYS = Object.keys(WEB_MESSAGES.nb.flash) as FlashKey[];

export interface PageContext {
  language: Language;
  m: WebMessages;
  cssHref: string;
  /** The signed-in browser, on pages behind @SignedIn (and on public pages when one is known). */
  session?: WebSession;
  flash?: FlashKey;
  /** This page's path and query, for the language switch to come back to. */
  path: string;
}

export type PageRequest = Request & { webSession?: WebSession };

@Injectable()
export class WebPages {
  readonly secureCookies: boolean;

  constructor(
    readonly assets: WebAssets,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secureCookies = config.nodeEnv !== 'development';
  }

  context(req: Request, res: Response): PageContext {
    const session = (req as PageRequest).webSession;
    const language = this.languageOf(req);
    return {
      language,
      m: WEB_MESSAGES[language],
      cssHref: this.assets.cssHref,
      session,
      flash: this.takeFlash(req, res),
      path: req.originalUrl,
    };
  }

  /** `?lang=` (or a form's lang) first, then the signed-in user's choice, then Accept-Language (issue 22). */
  languageOf(req: Request): Language {
    const chosen = [req.query.lang, (req.body as Record<string, unknown> | undefined)?.lang].find(isLanguage);
    if (chosen) return chosen;
    const session = (req as PageRequest).webSession;
    return session?.language ?? languageFromAcceptLanguage(req.headers['accept-language']);
  }

  send(req: Request, res: Response, status: number, page: string): void {
    sendPage(req, res, status, page);
  }

  /** Shows `key` once, on the page the browser is sent to next. */
  flash(res: Response, key: FlashKey): void {
    setCookie(res, FLASH_COOKIE, key, { path: '/', sameSite: 'Lax', secure: this.secureCookies, maxAge: 60 });
  }

  private takeFlash(req: Request, res: Response): FlashKey | undefined {
    const value = cookieValue(req, FLASH_COOKIE);
    if (value === undefined) return undefined;
    setCookie(res, FLASH_COOKIE, '', { path: '/', sameSite: 'Lax', secure: this.secureCookies, maxAge: 0 });
    return FLASH_KEYS.find((key) => key === value);
  }
}
