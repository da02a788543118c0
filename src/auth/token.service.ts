/**
 * Access tokens: short-lived JWTs signed by the local issuer (HS256, key from configuration), and,
 * when configured, tokens of an external OpenID Connect issuer (HelseID) verified against its JWKS.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { ProblemException } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export const LOCAL_ISSUER = 'rehabreg';
export const LOCAL_AUDIENCE = 'rehabreg-api';
/** A token without an expiry would be valid for ever; without iat its age cannot be judged. */
const REQUIRED_CLAIMS = ['exp', 'iat'];

/** What a verified token says about its subject: a local user id, or an external identity to map by email. */
export type VerifiedToken = { issuer: 'local'; userId: string } | { issuer: 'external'; email: string };

function invalidToken(detail: string): ProblemException {
  return new ProblemException(401, 'invalid-token', 'Invalid access token', detail);
}

@Injectable()
export class TokenService {
  private readonly externalKeys?: ReturnType<typeof createRemoteJWKSet>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.oidc) this.externalKeys = createRemoteJWKSet(new URL(config.oidc.jwksUrl));
  }

  async issue(userId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const expiresIn = this.config.jwtTtlSeconds;
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.config.jwtSecret);
    return { accessToken, expiresIn };
  }

  async verify(token: string): Promise<VerifiedToken> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalidToken('The bearer token is not a well-formed JWT.');
    }
    if (issuer === LOCAL_ISSUER) return this.verifyLocal(token);
    if (this.config.oidc && issuer === this.config.oidc.issuer) return this.verifyExternal(token);
    throw invalidToken('The token was issued by an issuer this register does not trust.');
  }

  private async verifyLocal(token: string): Promise<VerifiedToken> {
    const payload = await this.checked(() =>
      jwtVerify(token, this.config.jwtSecret, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: REQUIRED_CLAIMS,
      }),
    );
    if (!payload.sub) throw invalidToken('The token names no subject.');
    return { issuer: 'local', userId: payload.sub };
  }

  private async verifyExternal(token: string): Promise<VerifiedToken> {
    const oidc = this.config.oidc!;
    const payload = await this.checked(() =>
      jwtVerify(token, this.externalKeys!, { issuer: oidc.issuer, audience: oidc.audience, requiredClaims: REQUIRED_CLAIMS }),
    );
    const email = payload[oidc.emailClaim];
    if (typeof email !== 'string' || !email.includes('@'))
      throw invalidToken(`The token has no "${oidc.emailClaim}" claim to find the user by.`);
    return { issuer: 'external', email: email.toLowerCase() };
  }

  private async checked(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
    try {
      return (await verify()).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalidToken('The access token has expired; sign in again.');
      if (error instanceof errors.JOSEError) throw invalidToken('The access token could not be verified.');
      throw error;
    }
  }
}
