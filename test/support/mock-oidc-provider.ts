/**
 * A local OpenID Connect provider for the tests of the external sign-in: discovery, JWKS, an
 * authorization endpoint that signs in whoever the test names (no login form) and a token endpoint
 * that checks the client's secret, the code, the redirect URI and the PKCE verifier (S256) as a real
 * provider does, then issues an RS256 ID token. A test can spoil the next ID token (another audience,
 * another nonce, a key outside the JWKS) to see the register refuse it.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from 'jose';

export interface MockUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
}

interface PendingCode {
  user: MockUser;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  challenge: string;
}

export interface MockOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next visit to the authorization endpoint signs in. */
  signInAs: (user: MockUser) => void;
  /** Changes the claims (or the key) of the next ID token only. */
  spoilNextIdToken: (change: { claims?: Record<string, unknown>; foreignKey?: boolean }) => void;
  /** What the register asked at the authorization endpoint last. */
  lastAuthorization: () => URLSearchParams | undefined;
  /** The config the app needs for it. */
  env: (redirectUri: string) => Record<string, string>;
  close: () => Promise<void>;
}

export async function startMockOidcProvider(): Promise<MockOidcProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'mock-1', alg: 'RS256', use: 'sig' };
  const clientId = 'rehabreg-test';
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, PendingCode>();
  let user: MockUser = { sub: 'nobody' };
  let spoil: { claims?: Record<string, unknown>; foreignKey?: boolean } = {};
  let lastAuthorization: URLSearchParams | undefined;
  let issuer = '';

  const idToken = async (code: PendingCode) => {
    const { claims = {}, foreignKey = false } = spoil;
    spoil = {};
    const key: KeyLike = foreignKey ? foreign.privateKey : privateKey;
    const now = Math.floor(Date.now() / 1000);
    const { email, email_verified } = code.user;
    const payload = {
      iss: issuer,
      sub: code.user.sub,
      aud: code.clientId,
      iat: now,
      exp: now + 300,
      email,
      email_verified,
      nonce: code.nonce,
    };
    return new SignJWT({ ...payload, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'mock-1' }).sign(key);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      lastAuthorization = url.searchParams;
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      const back = new URL(redirectUri);
      if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          user,
          clientId: q.get('client_id') ?? '',
          redirectUri,
          nonce: q.get('nonce') ?? undefined,
          challenge: q.get('code_challenge')!,
        });
        back.searchParams.set('code', code);
      }
      if (q.get('state')) back.searchParams.set('state', q.get('state')!);
      return res.writeHead(302, { Location: back.href }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const [id, secret] = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
          .toString()
          .split(':')
          .map(decodeURIComponent);
        if (id !== clientId || secret !== clientSecret) return json(401, { error: 'invalid_client' });
        const code = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (
          !code ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('redirect_uri') !== code.redirectUri ||
          createHash('sha256').update(verifier).digest('base64url') !== code.challenge
        )
          return json(400, { error: 'invalid_grant' });
        void idToken(code).then((token) =>
          json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: token }),
        );
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (next) => (user = next),
    spoilNextIdToken: (change) => (spoil = change),
    lastAuthorization: () => lastAuthorization,
    env: (redirectUri) => ({
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URL: `${issuer}/jwks`,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_DISPLAY_NAME: 'HelseID (test)',
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
