/** Register data for the results tests. */
import { type EpisodeSpec, submissionEpisode } from '../indicators/indicator-data';

/** Thirty closed episodes of one institution in a year, most of them improving. */
export function ownEpisodes(year: number): Record<string, unknown>[] {
  return Array.from({ length: 30 }, (_, i) => {
    const spec: EpisodeSpec = {
      admission: `${year}-0${(i % 5) + 2}-1${i % 9}`,
      los: 14 + (i % 10),
      wait: 5 + (i % 7),
      destination: i % 4 === 0 ? 'nursing_home' : 'home',
      eq5d: [i % 3 === 0 ? '33433' : '43343', i % 5 === 0 ? '33333' : '21211'],
      vas: [40 + (i % 10), 70 + (i % 15)],
      barthel: [40 + 5 * (i % 6), 85 + 5 * (i % 3)],
    };
    return submissionEpisode(spec);
  });
}
