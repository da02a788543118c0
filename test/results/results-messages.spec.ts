import { LANGUAGES } from '../../src/common/languages';
import { INDICATOR_IDS } from '../../src/indicators/indicator-specs';
import { formatDate, formatNumber, periodWords } from '../../src/results/results-format';
import { RESULTS_MESSAGES } from '../../src/results/results-messages';

/** Every leaf of a catalogue as path → text (arrays by index). */
function leaves(value: unknown, path = ''): Map<string, string> {
  if (typeof value === 'string') return new Map([[path, value]]);
  return new Map(Object.entries(value as object).flatMap(([key, child]) => [...leaves(child, path ? `${path}.${key}` : key)]));
}

describe('the results message catalogues', () => {
  const nb = leaves(RESULTS_MESSAGES.nb);

  it.each(LANGUAGES)('%s has every key of bokmål and no other, each with text', (language) => {
    const own = leaves(RESULTS_MESSAGES[language]);
    expect([...own.keys()].sort()).toEqual([...nb.keys()].sort());
    for (const [key, text] of own) expect(`${key}: ${text.trim()}`).not.toBe(`${key}: `);
  });

  it.each(LANGUAGES)('%s uses the same {placeholders} as bokmål in every message', (language) => {
    const own = leaves(RESULTS_MESSAGES[language]);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of nb) expect([key, placeholders(own.get(key) ?? '')]).toEqual([key, placeholders(text)]);
  });

  it.each(LANGUAGES)('%s has a title, a definition and a unit for every indicator', (language) => {
    expect(Object.keys(RESULTS_MESSAGES[language].indicators).sort()).toEqual([...INDICATOR_IDS].sort());
  });

  it('writes numbers, dates and periods as each language does', () => {
    expect(formatNumber('nb', 61.25, 1, '%')).toBe('61,3\u00a0%');
    expect(formatNumber('nn', -0.1234, 3)).toBe('-0,123');
    expect(formatNumber('en', 61.25, 1, '%')).toBe('61.3%');
    expect(formatNumber('nb', 12345, 0)).toBe('12\u00a0345');
    expect(formatDate('nb', '2026-03-03')).toBe('3. mars 2026');
    expect(formatDate('nn', '2026-03-03T10:00:00Z')).toBe('3. mars 2026');
    expect(formatDate('en', '2026-03-03')).toBe('3 March 2026');
    expect(periodWords('nb', '2026-Q1')).toBe('1. kvartal 2026');
    expect(periodWords('en', '12m')).toBe('the last 12 complete months');
  });
});
