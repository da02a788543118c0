import { LANGUAGES } from '../../src/common/languages';
import { WEB_MESSAGES } from '../../src/web/messages';

/** Every leaf of a catalogue as path → text. */
function leaves(value: unknown, path = ''): Map<string, string> {
  if (typeof value === 'string') return new Map([[path, value]]);
  return new Map(Object.entries(value as object).flatMap(([key, child]) => [...leaves(child, path ? `${path}.${key}` : key)]));
}

describe('the web workspace message catalogues', () => {
  const nb = leaves(WEB_MESSAGES.nb);

  it.each(LANGUAGES)('%s has every key of bokmål and no other, each with text', (language) => {
    const own = leaves(WEB_MESSAGES[language]);
    expect([...own.keys()].sort()).toEqual([...nb.keys()].sort());
    for (const [key, text] of own) expect(`${key}: ${text.trim()}`).not.toBe(`${key}: `);
  });

  it.each(LANGUAGES)('%s uses the same {placeholders} as bokmål in every message', (language) => {
    const own = leaves(WEB_MESSAGES[language]);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of nb) expect([key, placeholders(own.get(key) ?? '')]).toEqual([key, placeholders(text)]);
  });
});
