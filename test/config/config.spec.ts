import { ConfigError, loadConfig } from '../../src/config/config';

const strongSecret = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('configuration', () => {
  it('starts in development with sensible defaults and no settings at all', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('.data');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.consentModel).toBe('consent');
    expect(config.allowSyntheticIds).toBe(true);
    expect(config.loadDemoData).toBe(true);
  });

  it('refuses to start in production without the secrets and a database, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DATABASE_URL is required in production'),
        expect.stringContaining('PSEUDONYM_KEY is required in production'),
        expect.stringContaining('JWT_SECRET is required in production'),
        expect.stringContaining('AUDIT_CHAIN_KEY is required in production'),
        expect.stringContaining('AUDIT_CHECKPOINT_KEY is required in production'),
      ]),
    );
  });

  it('starts in production when every secret is given, with synthetic ids and demo data off', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app:pw@db:5432/rehabreg',
      PSEUDONYM_KEY: strongSecret,
      JWT_SECRET: strongSecret,
      AUDIT_CHAIN_KEY: strongSecret,
      AUDIT_CHECKPOINT_KEY: strongSecret,
    });
    expect(config.allowSyntheticIds).toBe(false);
    expect(config.loadDemoData).toBe(false);
    expect(config.databaseOwnerUrl).toBe('postgres://app:pw@db:5432/rehabreg');
  });

  it('explains a short pseudonym key with the rule and how to make a good one', () => {
    expect(problemsOf({ PSEUDONYM_KEY: 'c2hvcnQ=' })).toEqual([
      expect.stringMatching(/PSEUDONYM_KEY must be 32\+ bytes base64.*openssl rand/),
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number from 0 to 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be one of development, test, production/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a URL starting with postgres:\/\//],
    [{ BODY_LIMIT: 'huge' }, /BODY_LIMIT must be a size such as 512kb or 5mb/],
    [{ RUN_MIGRATIONS: 'maybe' }, /RUN_MIGRATIONS must be true or false/],
    [{ CONSENT_MODEL: 'opt-in' }, /CONSENT_MODEL must be one of consent, objection/],
    [{ OIDC_ISSUER: 'https://helseid.example' }, /OIDC_ISSUER and OIDC_JWKS_URL must be set together/],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'a@b.no' }, /BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together/],
  ])('names the bad variable in %j', (env, message) => {
    expect(problemsOf(env as Record<string, string>)).toEqual([expect.stringMatching(message)]);
  });

  it('reports every problem at once rather than one per restart', () => {
    expect(problemsOf({ PORT: '-1', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });

  it('reads sizes in bytes, kilobytes and megabytes', () => {
    expect(loadConfig({ BODY_LIMIT: '512kb' }).bodyLimitBytes).toBe(512 * 1024);
    expect(loadConfig({ BODY_LIMIT: '2mb' }).bodyLimitBytes).toBe(2 * 1024 * 1024);
  });
});
