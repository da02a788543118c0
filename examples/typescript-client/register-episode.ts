/**
 * Registers one stroke admission and prints the scores the register computed:
 *
 *   REHABREG_URL=http://localhost:3000 REHABREG_API_KEY=... NATIONAL_ID=... npx tsx register-episode.ts
 */
import { rehabregClient, scoredEpisode, strokeAdmission, submitEpisodes } from './rehabreg-client';

async function main(): Promise<void> {
  const { REHABREG_URL, REHABREG_API_KEY, NATIONAL_ID } = process.env;
  if (!REHABREG_URL || !REHABREG_API_KEY || !NATIONAL_ID) throw new Error('Set REHABREG_URL, REHABREG_API_KEY and NATIONAL_ID');
  const client = rehabregClient(REHABREG_URL, REHABREG_API_KEY);
  const today = new Date().toISOString().slice(0, 10);
  const result = await submitEpisodes(client, [strokeAdmission(`EPJ-${Date.now()}`, NATIONAL_ID, today)]);
  const episode = await scoredEpisode(client, result.episodes[0].id);
  for (const response of episode.responses) {
    process.stdout.write(`${response.instrument} ${response.timepoint} ${JSON.stringify(response.scores)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
