/**
 * Every setting of the service, read from the environment once at start-up and validated.
 * A bad or missing value stops the start with a message that names the variable.
 */
import * as path from 'node:path';
export type NodeEnv = 'development' | 'test' | 'production';
export type ConsentModel = 'consent' | 'objection';

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  publicBaseUrl: string;
  /** Express "trust proxy": how many reverse proxies sit in front, so client addresses (rate limits, audit) are right. */
  trustProxyHops: number;
  dataDir: string;
  /** App role connection (no table ownership, subject to row-level security). Unset: embedded PostgreSQL. */
  databaseUrl?: string;
  /** Owner role connection for migrations and operator commands. Defaults to databaseUrl. */
  databaseOwnerUrl?: string;
  databasePoolSize: number;
  /** Fail fast when the database is down or stuck (docs/operations.md): waits, in milliseconds, for the app role's pool. */
  databaseTimeouts: DatabaseTimeouts;
  /** A request not answered within this many milliseconds gets 503 with Retry-After. */
  requestTimeoutMs: number;
  /**
   * Publishing a period (and its dry run) reads the whole period and audits every hidden count by
   * linear programming: it may take this long, in its request and in its transaction.
   */
  publishTimeoutMs: number;
  runMigrations: boolean;
  loadDemoData: boolean;
  bodyLimitBytes: number;
  logLevel: string;
  /** Write logs to this file instead of standard output (appending). */
  logFile?: string;
  /** Pseudonym keys, oldest first: a pseudonym is HMAC(kN, ... HMAC(k1, number)), of version N (layered rotation). */
  pseudonymKeys: Buffer[];
  jwtSecret: Buffer;
  jwtTtlSeconds: number;
  oidc?: { issuer: string; jwksUrl: string; audience?: string; emailClaim: string; signIn?: OidcSignInConfig };
  bootstrapAdmin?: { email: string; password: string };
  allowSyntheticIds: boolean;
  consentModel: ConsentModel;
  /** Days around admission/discharge within which a response counts for indicators. */
  responseWindowDays: number;
  loginRateLimitPerMinute: number;
  /** Register writes (episodes, responses, submissions, invitations, withdrawals) per minute, per API key or user. */
  writeRateLimitPerMinute: number;
  auditSealIntervalMs: number;
  /** Patient invitations: days a link stays valid unless the creator says otherwise. */
  invitationTtlDays: number;
  /** Licensed EQ-5D-5L wording per language (JSON); unset: clearly marked placeholder wording. */
  eq5dWordingFile?: string;
  /** Patient form requests per minute, per invitation token and per client address. */
  formRateLimitPerTokenPerMinute: number;
  formRateLimitPerAddressPerMinute: number;
  /** Refused national identity numbers per minute, per API key or user, before its register writes are paused (docs/privacy.md). */
  refusedIdLimitPerMinute: number;
  /** Days between a withdrawal and the erasure of the patient's data, in which an administrator may cancel it. */
  withdrawalGraceDays: number;
  /** The audit chain's HMAC keys, oldest first; the newest chains new rows (key version = position, from 1). */
  auditChainKeys: Buffer[];
  /** Ed25519 seed (32 bytes) that signs the audit checkpoints kept outside the database. */
  auditCheckpointSeed: Buffer;
  /** Where the checkpoints and the journal of committed audit rows are appended (outside PostgreSQL). */
  auditCheckpointDir: string;
  auditCheckpointIntervalMs: number;
  /** How often the whole chain is verified in the background (0: never). */
  auditVerifyIntervalMs: number;
  /** Where research extracts' files are written (shared by every instance that builds or serves them). */
  extractDir: string;
  /** Days an approved extract's files stay available unless the administrator says otherwise. */
  extractTtlDays: number;
  /** Rows per row group of an extract's Parquet file: a build holds one row group's values in memory. */
  extractParquetRowGroupRows: number;
  /** Whether this instance runs the extract jobs (builds, expiry); off for instances that only serve requests. */
  extractWorker: boolean;
  /** Days an administrator's access report stays downloadable before its files are deleted. */
  accessReportTtlDays: number;
}

export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: number;
  /** One statement (PostgreSQL's statement_timeout; the client gives up 2 s later if the server is stuck). */
  statementMs: number;
  /** Waiting for a row or table lock (lock_timeout). */
  lockMs: number;
  /** A transaction left idle by a stuck request (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Development-only secrets: fixed so that restarts keep pseudonyms and logins stable. Refused in production. */
const DEV_PSEUDONYM_KEY = Buffer.from('rehabreg-development-pseudonym-key-not-secret!').toString('base64');
const DEV_JWT_SECRET = Buffer.from('rehabreg-development-jwt-secret-not-secret!!!!').toString('base64');
const DEV_AUDIT_CHAIN_KEY = Buffer.from('rehabreg-development-audit-chain-key-not-secret').toString('base64');
const DEV_AUDIT_CHECKPOINT_SEED = Buffer.from('rehabreg-dev-checkpoint-seed-32b').toString('base64');

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  url(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error();
      return value;
    } catch {
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  }

  /** A base64 secret of at least 32 bytes; the development default is refused in production. */
  secret(name: string, devDefault: string, production: boolean): Buffer {
    const value = this.raw(name);
    if (value === undefined) {
      if (production) this.problems.push(`${name} is required in production (32+ bytes, base64)`);
      return Buffer.from(devDefault, 'base64');
    }
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length < 32 || !/^[A-Za-z0-9+/=_-]+$/.test(value)) {
      this.problems.push(`${name} must be 32+ bytes base64 (generate one with: openssl rand -base64 32)`);
    }
    if (production && value === devDefault) this.problems.push(`${name} must not be the development default in production`);
    return bytes;
  }

  /** A comma-separated list of secrets (key rotation keeps the old ones). */
  secretList(name: string, devDefault: string, production: boolean): Buffer[] {
    const value = this.raw(name);
    if (value === undefined) return [this.secret(name, devDefault, production)];
    return value.split(',').map((part, i) => {
      const bytes = Buffer.from(part.trim(), 'base64');
      if (bytes.length < 32 || !/^[A-Za-z0-9+/=_-]+$/.test(part.trim())) {
        this.problems.push(
          `${name} must be 32+ bytes base64${value.includes(',') ? ` (key ${i + 1} of the comma-separated list is not)` : ''} (generate one with: openssl rand -base64 32)`,
        );
      }
      if (production && part.trim() === devDefault) this.problems.push(`${name} must not be the development default in production`);
      return bytes;
    });
  }

  byteSize(name: string, fallback: string): number {
    const value = this.string(name, fallback).toLowerCase();
    const match = /^(\d+)\s*(b|kb|mb)?$/.exec(value);
    if (!match) {
      this.problems.push(`${name} must be a size such as 512kb or 5mb (got "${value}")`);
      return 5 * 1024 * 1024;
    }
    const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b') as 'b' | 'kb' | 'mb'];
    return Number(match[1]) * unit;
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf<NodeEnv>('NODE_ENV', ['development', 'test', 'production'], 'development');
  const production = nodeEnv === 'production';
  const port = read.int('PORT', 3000, 0, 65535);
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  if (production && !databaseUrl) read.problems.push('DATABASE_URL is required in production (the embedded database is for development)');
  const publicBaseUrl = (read.url('PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/$/, '');

  const config: AppConfig = {
    nodeEnv,
    port,
    host: read.string('HOST', '0.0.0.0'),
    trustProxyHops: read.int('TRUST_PROXY_HOPS', 0, 0, 10),
    publicBaseUrl,
    dataDir: read.string('DATA_DIR', '.data'),
    databaseUrl,
    databaseOwnerUrl: read.url('DATABASE_OWNER_URL', ['postgres:', 'postgresql:']) ?? databaseUrl,
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200),
    runMigrations: read.bool('RUN_MIGRATIONS', true),
    loadDemoData: read.bool('DEMO_DATA', !databaseUrl && nodeEnv === 'development'),
    bodyLimitBytes: read.byteSize('BODY_LIMIT', '5mb'),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    logFile: read.raw('LOG_FILE'),
    pseudonymKeys: read.secretList('PSEUDONYM_KEY', DEV_PSEUDONYM_KEY, production),
    jwtSecret: read.secret('JWT_SECRET', DEV_JWT_SECRET, production),
    jwtTtlSeconds: read.int('JWT_TTL_SECONDS', 900, 60, 86400),
    oidc: readOidc(read, publicBaseUrl),
    bootstrapAdmin: readBootstrapAdmin(read),
    allowSyntheticIds: read.bool('ALLOW_SYNTHETIC_IDS', !production),
    consentModel: read.oneOf<ConsentModel>('CONSENT_MODEL', ['consent', 'objection'], 'consent'),
    responseWindowDays: read.int('RESPONSE_WINDOW_DAYS', 7, 0, 365),
    loginRateLimitPerMinute: read.int('LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 10000),
    writeRateLimitPerMinute: read.int('WRITE_RATE_LIMIT_PER_MINUTE', 600, 1, 1000000),
    auditSealIntervalMs: read.int('AUDIT_SEAL_INTERVAL_MS', 1000, 0, 3600000),
    invitationTtlDays: read.int('INVITATION_TTL_DAYS', 14, 1, 365),
    eq5dWordingFile: read.raw('EQ5D_WORDING_FILE'),
    formRateLimitPerTokenPerMinute: read.int('FORM_RATE_LIMIT_PER_TOKEN_PER_MINUTE', 60, 1, 100000),
    formRateLimitPerAddressPerMinute: read.int('FORM_RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 300, 1, 100000),
    databaseTimeouts: {
      connectMs: read.int('DATABASE_CONNECT_TIMEOUT_MS', 3000, 100, 600000),
      statementMs: read.int('DATABASE_STATEMENT_TIMEOUT_MS', 15000, 100, 3600000),
      lockMs: read.int('DATABASE_LOCK_TIMEOUT_MS', 5000, 100, 3600000),
      idleInTransactionMs: read.int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30000, 100, 3600000),
    },
    requestTimeoutMs: read.int('REQUEST_TIMEOUT_MS', 30000, 500, 3600000),
    publishTimeoutMs: read.int('PUBLISH_TIMEOUT_MS', 300000, 1000, 3600000),
    refusedIdLimitPerMinute: read.int('REFUSED_ID_LIMIT_PER_MINUTE', 100, 1, 100000),
    withdrawalGraceDays: read.int('WITHDRAWAL_GRACE_DAYS', 30, 0, 365),
    auditChainKeys: read.secretList('AUDIT_CHAIN_KEY', DEV_AUDIT_CHAIN_KEY, production),
    auditCheckpointSeed: read.secret('AUDIT_CHECKPOINT_KEY', DEV_AUDIT_CHECKPOINT_SEED, production).subarray(0, 32),
    auditCheckpointDir: read.string('AUDIT_CHECKPOINT_DIR', path.join(read.string('DATA_DIR', '.data'), 'audit-checkpoints')),
    auditCheckpointIntervalMs: read.int('AUDIT_CHECKPOINT_INTERVAL_MS', 300000, 1000, 86400000),
    auditVerifyIntervalMs: read.int('AUDIT_VERIFY_INTERVAL_MS', 3600000, 0, 86400000),
    extractDir: read.string('EXTRACT_DIR', path.join(read.string('DATA_DIR', '.data'), 'extracts')),
    extractTtlDays: read.int('EXTRACT_TTL_DAYS', 30, 1, 365),
    extractWorker: read.bool('EXTRACT_WORKER', true),
    extractParquetRowGroupRows: read.int('EXTRACT_PARQUET_ROW_GROUP_ROWS', 5_000, 1, 1_000_000),
    accessReportTtlDays: read.int('ACCESS_REPORT_TTL_DAYS', 7, 1, 90),
  };
  if (production && config.loadDemoData) read.problems.push('DEMO_DATA must not be on in production (it creates well-known logins)');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** Web sign-in at the external issuer (authorization code + PKCE), on when OIDC_CLIENT_ID is set. */
export interface OidcSignInConfig {
  clientId: string;
  /** client_secret_basic; HelseID asks for private_key_jwt instead (clientPrivateJwk). */
  clientSecret?: string;
  /** A private JWK (JSON) for private_key_jwt client authentication. */
  clientPrivateJwk?: string;
  redirectUri: string;
  scope: string;
  /** The provider's name on the sign-in button ("Logg inn med HelseID"). */
  displayName: string;
}

function readOidc(read: EnvReader, publicBaseUrl: string): AppConfig['oidc'] {
  const issuer = read.url('OIDC_ISSUER', ['http:', 'https:']);
  const jwksUrl = read.url('OIDC_JWKS_URL', ['http:', 'https:']);
  if (!issuer && !jwksUrl) return undefined;
  if (!issuer || !jwksUrl) {
    read.problems.push('OIDC_ISSUER and OIDC_JWKS_URL must be set together to accept tokens from an external issuer');
    return undefined;
  }
  return {
    issuer,
    jwksUrl,
    audience: read.raw('OIDC_AUDIENCE'),
    emailClaim: read.string('OIDC_EMAIL_CLAIM', 'email'),
    signIn: readOidcSignIn(read, publicBaseUrl),
  };
}

function readOidcSignIn(read: EnvReader, publicBaseUrl: string): OidcSignInConfig | undefined {
  const clientId = read.raw('OIDC_CLIENT_ID');
  const clientSecret = read.raw('OIDC_CLIENT_SECRET');
  const clientPrivateJwk = read.raw('OIDC_CLIENT_PRIVATE_JWK');
  if (!clientId) {
    if (clientSecret || clientPrivateJwk) read.problems.push('OIDC_CLIENT_SECRET and OIDC_CLIENT_PRIVATE_JWK need OIDC_CLIENT_ID');
    return undefined;
  }
  if (!clientSecret === !clientPrivateJwk)
    read.problems.push('OIDC_CLIENT_ID needs exactly one of OIDC_CLIENT_SECRET and OIDC_CLIENT_PRIVATE_JWK (client authentication)');
  if (clientPrivateJwk && !isPrivateJwk(clientPrivateJwk)) read.problems.push('OIDC_CLIENT_PRIVATE_JWK must be a private JWK in JSON');
  return {
    clientId,
    clientSecret,
    clientPrivateJwk,
    redirectUri: read.url('OIDC_REDIRECT_URI', ['http:', 'https:']) ?? `${publicBaseUrl}/login/oidc/callback`,
    scope: read.string('OIDC_SCOPE', 'openid email'),
    displayName: read.string('OIDC_DISPLAY_NAME', 'HelseID'),
  };
}

function isPrivateJwk(text: string): boolean {
  try {
    const jwk = JSON.parse(text) as Record<string, unknown>;
    return typeof jwk === 'object' && jwk !== null && typeof jwk.kty === 'string' && typeof jwk.d === 'string';
  } catch {
    return false;
  }
}

function readBootstrapAdmin(read: EnvReader): AppConfig['bootstrapAdmin'] {
  const email = read.raw('BOOTSTRAP_ADMIN_EMAIL');
  const password = read.raw('BOOTSTRAP_ADMIN_PASSWORD');
  if (!email && !password) return undefined;
  if (!email || !password) {
    read.problems.push('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together');
    return undefined;
  }
  if (password.length < 12) read.problems.push('BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters');
  return { email: email.toLowerCase(), password };
}
