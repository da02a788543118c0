/**
 * The register as a client of an external OpenID Connect provider (HelseID-style) for the web sign-in:
 * authorization code flow with PKCE (S256), state and nonce, the ID token's signature verified against
 * the provider's JWKS, its issuer, audience (our client id), expiry and nonce checked. The protocol is
 * openid-client's (panva); this file only keeps the flow's secrets between the two legs, in a short-lived
 * cookie encrypted with a key derived from JWT_SECRET (jose), so no server state is needed and nothing
 * in the cookie can be read or forged by the browser.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { hkdfSync, timingSafeEqual, webcrypto } from 'node:crypto';
import * as client from 'openid-client';
import type { AppConfig, OidcSignInConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

/** The cookie that carries state, nonce and code verifier from the redirect to the callback. */
export const OIDC_FLOW_COOKIE = 'rehabreg_oidc';
export const OIDC_FLOW_PATH = '/login/oidc';
/** A sign-in at the provider must come back within this time. */
export const OIDC_FLOW_SECONDS = 600;
const PROVIDER_TIMEOUT_SECONDS = 10;

/** Why an external sign-in did not give a session; each has its own page text. */
export type OidcFailure =
  | 'cancelled' // the provider answered with an error (the user cancelled or was refused there)
  | 'expired' // no flow cookie, or one too old or not ours: started elsewhere or too long ago
  | 'mismatch' // the state in the answer is not the one this browser started with
  | 'unverified' // the code exchange or the ID token failed a check (signature, issuer, audience, nonce, expiry)
  | 'unreachable' // the provider could not be reached or answered with a server error
  | 'unknown-user' // verified, but no active register user has the identity
  | 'linked-elsewhere'; // the user with that email is linked to another subject at this provider

export class OidcSignInError extends Error {
  constructor(
    readonly failure: OidcFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** What a verified ID token says about who signed in. */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  email?: string;
  /** False only when the provider says outright that the email is not verified. */
  emailVerified: boolean;
}

interface FlowSecrets {
  state: string;
  nonce: string;
  verifier: string;
  next?: string;
}

@Injectable()
export class OidcClient {
  private readonly logger = new Logger(OidcClient.name);
  private readonly settings?: OidcSignInConfig;
  private readonly issuer?: string;
  private readonly emailClaim: string;
  private readonly flowKey: Uint8Array;
  private configuration?: Promise<client.Configuration>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.oidc?.signIn;
    this.issuer = config.oidc?.issuer;
    this.emailClaim = config.oidc?.emailClaim ?? 'email';
    this.flowKey = new Uint8Array(hkdfSync('sha256', config.jwtSecret, 'rehabreg-web', 'oidc-flow', 32));
  }

  /** The provider's name for the sign-in button, when external sign-in is configured. */
  get displayName(): string | undefined {
    return this.settings?.displayName;
  }

  /** The provider's authorization URL to send the browser to, and the sealed flow secrets for its cookie. */
  async start(next: string | undefined): Promise<{ authorizationUrl: string; flowCookie: string }> {
    const settings = this.requireSettings();
    const configuration = await this.discovered();
    const secrets: FlowSecrets = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next,
    };
    const authorizationUrl = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.scope,
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(secrets.verifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: authorizationUrl.href, flowCookie: await this.seal(secrets) };
  }

  /**
   * The provider's answer at the callback (its query string) with the browser's flow cookie: checks the
   * state, exchanges the code with the PKCE verifier and verifies the ID token. Returns who signed in
   * and where they were going.
   */
  async finish(query: URLSearchParams, flowCookie: string | undefined): Promise<{ identity: ExternalIdentity; next?: string }> {
    const settings = this.requireSettings();
    const secrets = await this.unseal(flowCookie);
    if (query.has('error')) throw new OidcSignInError('cancelled', `The provider answered ${query.get('error')}.`);
    if (!sameText(query.get('state'), secrets.state))
      throw new OidcSignInError('mismatch', 'The state of the answer is not this browser’s.');
    const configuration = await this.discovered();
    const callbackUrl = new URL(settings.redirectUri);
    callbackUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: secrets.verifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.classified(error);
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcSignInError('unverified', 'The provider sent no ID token.');
    // The subject is stored as the link to a user: never when it may be a national identity number.
    if (/^\d{11}$/.test(claims.sub)) {
      this.logger.warn(
        'External sign-in refused: the provider sends an 11-digit subject (a national identity number?); configure a pseudonymous one',
      );
      throw new OidcSignInError('unverified', 'The subject may be a national identity number.');
    }
    const email = claims[this.emailClaim];
    return {
      identity: {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof email === 'string' && email.includes('@') ? email.trim().toLowerCase() : undefined,
        emailVerified: claims.email_verified !== false,
      },
      next: secrets.next,
    };
  }

  private requireSettings(): OidcSignInConfig {
    if (!this.settings || !this.issuer) throw new OidcSignInError('unreachable', 'External sign-in is not configured.');
    return this.settings;
  }

  /** The provider's metadata, fetched at first use and kept; a failed fetch is tried again next time. */
  private discovered(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      this.logger.warn(`OpenID Connect discovery at ${this.issuer} failed: ${String(error)}`);
      throw new OidcSignInError('unreachable', 'The identity provider could not be reached.');
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const settings = this.requireSettings();
    const issuer = new URL(this.issuer!);
    const configuration = await client.discovery(issuer, settings.clientId, {}, await clientAuthentication(settings), {
      // Plain http only for a provider on this machine or in a test; production issuers are https.
      execute: [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])],
      timeout: PROVIDER_TIMEOUT_SECONDS,
    });
    configuration.timeout = PROVIDER_TIMEOUT_SECONDS;
    return configuration;
  }

  private classified(error: unknown): OidcSignInError {
    if (error instanceof OidcSignInError) return error;
    if (error instanceof client.AuthorizationResponseError) return new OidcSignInError('cancelled', error.message);
    if (error instanceof client.ResponseBodyError && error.status >= 500) return new OidcSignInError('unreachable', error.message);
    if (isNetworkError(error)) return new OidcSignInError('unreachable', String(error));
    this.logger.warn(`External sign-in refused: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return new OidcSignInError('unverified', 'The identity provider’s answer could not be verified.');
  }

  private async seal(secrets: FlowSecrets): Promise<string> {
    return new EncryptJWT({ ...secrets })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${OIDC_FLOW_SECONDS}s`)
      .encrypt(this.flowKey);
  }

  private async unseal(cookie: string | undefined): Promise<FlowSecrets> {
    if (!cookie) throw new OidcSignInError('expired', 'No sign-in was started in this browser.');
    try {
      const { payload } = await jwtDecrypt(cookie, this.flowKey, { requiredClaims: ['exp'] });
      const { state, nonce, verifier, next } = payload;
      if (typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string') throw new Error('incomplete');
      return { state, nonce, verifier, next: typeof next === 'string' ? next : undefined };
    } catch {
      throw new OidcSignInError('expired', 'The sign-in was started too long ago or elsewhere.');
    }
  }
}

function sameText(a: string | null, b: string): boolean {
  return a !== null && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function isNetworkError(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  return (
    (error instanceof TypeError && /fetch failed/.test(error.message)) ||
    (cause instanceof Error &&
      (cause.name === 'TimeoutError' || cause.name === 'AbortError' || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT/.test(cause.message)))
  );
}

/** client_secret_basic, or private_key_jwt with the configured key (what HelseID asks of its clients). */
async function clientAuthentication(settings: OidcSignInConfig): Promise<client.ClientAuth> {
  if (!settings.clientPrivateJwk) return client.ClientSecretBasic(settings.clientSecret);
  const jwk = JSON.parse(settings.clientPrivateJwk) as webcrypto.JsonWebKey & { kid?: string; alg?: string };
  const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
  const key = await webcrypto.subtle.importKey('jwk', jwk, importAlgorithm(alg), false, ['sign']);
  return client.PrivateKeyJwt({ key: key as client.CryptoKey, kid: jwk.kid });
}

function importAlgorithm(alg: string): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  if (alg === 'ES256') return { name: 'ECDSA', namedCurve: 'P-256' };
  if (alg === 'PS256') return { name: 'RSA-PSS', hash: 'SHA-256' };
  if (alg === 'RS256') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  throw new Error(`OIDC_CLIENT_PRIVATE_JWK: algorithm ${alg} is not supported (RS256, PS256, ES256)`);
}
