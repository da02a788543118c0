import { Client } from 'pg';

/** One connection for one piece of work outside the app's pool (operator commands, backups, tests), always closed. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
