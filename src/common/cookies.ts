/** Reading a cookie of the request and writing the workspace's cookies with the same attributes everywhere. */
import type { Request, Response } from 'express';

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export interface CookieOptions {
  path: string;
  sameSite: 'Lax' | 'Strict';
  /** Secure outside development (browsers treat http://localhost as secure, so tests and demos still work). */
  secure: boolean;
  /** Seconds; a session cookie (ends with the browser) when absent; 0 deletes the cookie. */
  maxAge?: number;
}

/** Adds a Set-Cookie header (keeping any others of the same response); always httpOnly. */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', `SameSite=${options.sameSite}`];
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  const existing = res.getHeader('Set-Cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Set-Cookie', [...list, parts.join('; ')]);
}
