/**
 * Layered key rotation (`npm run -s cli -- pseudonym:rotate`): after a new key is appended to
 * PSEUDONYM_KEY, stored pseudonyms of the previous version are re-keyed as HMAC(new key, old
 * pseudonym). Runs as the owner (across all institutions), in batches, resumable: rows already at
 * the current version are left alone, so running it twice changes nothing.
 */
import { Client } from 'pg';
import { rotatePseudonym } from './pseudonym';

const BATCH = 5000;

export interface RotationResult {
  fromVersion: number;
  toVersion: number;
  episodesRekeyed: number;
  withdrawalsRekeyed: number;
  /** Research extracts' inclusion lists and queued access reports: what a patient's access report looks up by pseudonym. */
  extractInclusionsRekeyed: number;
  accessReportsRekeyed: number;
}

export async function rotateStoredPseudonyms(ownerUrl: string, keys: Buffer[]): Promise<RotationResult> {
  const toVersion = keys.length;
  const fromVersion = toVersion - 1;
  if (fromVersion < 1)
    throw new Error('Nothing to rotate to: append the new key to PSEUDONYM_KEY (comma-separated, oldest first) and run again.');
  const newKey = keys[toVersion - 1];
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const episodesRekeyed = await rekeyTable(
      client,
      'episodes',
      `pseudonym_version = ${fromVersion}`,
      `, pseudonym_version = ${toVersion}`,
      newKey,
      toVersion,
    );
    const withdrawalsRekeyed = await rekeyTable(client, 'withdrawals', `pseudonym LIKE 'v${fromVersion}:%'`, '', newKey, toVersion);
    const extractInclusionsRekeyed = await rekeyTable(
      client,
      'extract_inclusions',
      `pseudonym LIKE 'v${fromVersion}:%'`,
      '',
      newKey,
      toVersion,
    );
    const accessReportsRekeyed = await rekeyTable(client, 'access_reports', `pseudonym LIKE 'v${fromVersion}:%'`, '', newKey, toVersion);
    await client.query(
      `INSERT INTO audit_events (actor_type, action, object_type, row_count) VALUES ('system', 'pseudonym.rotate', 'episode', $1)`,
      [episodesRekeyed + withdrawalsRekeyed + extractInclusionsRekeyed + accessReportsRekeyed],
    );
    return { fromVersion, toVersion, episodesRekeyed, withdrawalsRekeyed, extractInclusionsRekeyed, accessReportsRekeyed };
  } finally {
    await client.end();
  }
}

async function rekeyTable(
  client: Client,
  table: string,
  oldCondition: string,
  extraSet: string,
  newKey: Buffer,
  toVersion: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await client.query<{ pseudonym: string }>(
      `SELECT DISTINCT pseudonym FROM ${table} WHERE ${oldCondition} LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return total;
    const olds = rows.map((row) => row.pseudonym);
    const news = olds.map((old) => rotatePseudonym(old, newKey, toVersion));
    const result = await client.query(
      `UPDATE ${table} t SET pseudonym = m.new_pseudonym${extraSet} FROM unnest($1::text[], $2::text[]) AS m(old_pseudonym, new_pseudonym) WHERE t.pseudonym = m.old_pseudonym`,
      [olds, news],
    );
    total += result.rowCount ?? 0;
  }
}
