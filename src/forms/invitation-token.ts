/**
 * Invitation tokens and the forms' CSRF tokens. A token is HMAC(key, invitation id ‖ 128-bit random
 * nonce), cut to 192 bits: the database keeps only its SHA-256 and the nonce, so neither a database
 * copy nor a log can yield a working link, while staff can still reprint the QR code. Keys are
 * derived (HKDF) from the service's signing secret, which lives outside the database.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** Browser nonce of the double-submit CSRF cookie. */
export const BROWSER_NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface FormKeys {
  token: Buffer;
  csrf: Buffer;
}

export function deriveFormKeys(secret: Buffer): FormKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'rehabreg-forms', info, 32));
  return { token: derive('invitation-token'), csrf: derive('form-csrf') };
}

export function newNonce(): Buffer {
  return randomBytes(16);
}

export function newBrowserNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function invitationToken(key: Buffer, invitationId: string, nonce: Buffer): string {
  return createHmac('sha256', key).update(invitationId).update(nonce).digest().subarray(0, 24).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The hidden form field that must match the browser's cookie nonce and this invitation. */
export function csrfToken(key: Buffer, invitationId: string, browserNonce: string): string {
  return createHmac('sha256', key).update(`${invitationId}.${browserNonce}`).digest('base64url');
}

export function csrfMatches(key: Buffer, invitationId: string, browserNonce: string | undefined, field: unknown): boolean {
  if (!browserNonce || !BROWSER_NONCE_PATTERN.test(browserNonce) || typeof field !== 'string') return false;
  const expected = Buffer.from(csrfToken(key, invitationId, browserNonce));
  const given = Buffer.from(field);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
