/**
 * Prints the institution's open episodes of a programme, one line each, walking the list's pages:
 *
 *   REHABREG_URL=http://localhost:3000 REHABREG_API_KEY=... PROGRAMME=stroke npx tsx list-episodes.ts
 */
import { allEpisodes, type EpisodeListQuery, rehabregClient } from './rehabreg-client';

async function main(): Promise<void> {
  const { REHABREG_URL, REHABREG_API_KEY, PROGRAMME } = process.env;
  if (!REHABREG_URL || !REHABREG_API_KEY) throw new Error('Set REHABREG_URL and REHABREG_API_KEY');
  const client = rehabregClient(REHABREG_URL, REHABREG_API_KEY);
  const query: EpisodeListQuery = { open: 'true', limit: 500 };
  if (PROGRAMME) query.programme = PROGRAMME as EpisodeListQuery['programme']; // the service refuses an unknown one (400)
  for await (const episode of allEpisodes(client, query)) {
    process.stdout.write(`${episode.externalId} ${episode.admissionDate} ${episode.programme}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
