/**
 * Credential primitives. API keys carry 192 random bits; being high-entropy they are stored as a
 * SHA-256 hash (a slow hash adds nothing for random secrets and would slow every API call).
 * Passwords, chosen by people, get argon2id.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as argon2 from 'argon2';

const API_KEY_PATTERN = /^rr_([a-z0-9]{10})_([A-Za-z0-9_-]{32})$/;

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: Buffer;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(8).toString('hex').slice(0, 10);
  const secret = randomBytes(24).toString('base64url');
  return { key: `rr_${prefix}_${secret}`, prefix, hash: hashApiKeySecret(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const match = API_KEY_PATTERN.exec(key.trim());
  return match ? { prefix: match[1], secret: match[2] } : undefined;
}

export function hashApiKeySecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function apiKeySecretMatches(secret: string, storedHash: Buffer): boolean {
  const candidate = hashApiKeySecret(secret);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** A fixed hash to verify against when the user does not exist, so timing does not reveal which emails are registered. */
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  decoyHash ??= hashPassword('decoy-password-for-constant-time');
  const target = hash ?? (await decoyHash);
  const matches = await argon2.verify(target, password).catch(() => false);
  return matches && Boolean(hash);
}
