import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWordingFile, placeholderWording, wordingCatalogue } from '../../src/forms/eq5d-wording';
import { missingAnswers, nextStep, parseAnswer, previousStep, readDraft, resumeStep } from '../../src/forms/form-flow';
import { questionPage } from '../../src/forms/form-pages';
import {
  csrfMatches,
  csrfToken,
  deriveFormKeys,
  hashToken,
  invitationToken,
  newBrowserNonce,
  newNonce,
  TOKEN_PATTERN,
} from '../../src/forms/invitation-token';
import { FORM_LANGUAGES, languageFromAcceptLanguage, MESSAGES } from '../../src/forms/messages';

describe('patient form rules', () => {
  it.each([
    ['mobility', '1', { value: 1 }],
    ['mobility', ' 5 ', { value: 5 }],
    ['mobility', '6', { error: 'invalid' }],
    ['mobility', '0', { error: 'invalid' }],
    ['mobility', '2.5', { error: 'invalid' }],
    ['mobility', '1e0', { error: 'invalid' }],
    ['mobility', ['1', '2'], { error: 'invalid' }],
    ['mobility', '', { error: 'required' }],
    ['mobility', undefined, { error: 'required' }],
    ['vas', '0', { value: 0 }],
    ['vas', '100', { value: 100 }],
    ['vas', '101', { error: 'invalid' }],
    ['vas', '-1', { error: 'invalid' }],
  ] as const)('reads %s = %j as %j', (step, raw, expected) => {
    expect(parseAnswer(step, raw)).toEqual(expected);
  });

  it('walks the steps in order and resumes at the first unanswered question', () => {
    expect(nextStep('mobility')).toBe('selfCare');
    expect(nextStep('vas')).toBe('review');
    expect(nextStep('review')).toBe('review');
    expect(previousStep('mobility')).toBeUndefined();
    expect(previousStep('review')).toBe('vas');
    expect(resumeStep({ answers: { mobility: 1, selfCare: 2 } })).toBe('usualActivities');
    expect(
      resumeStep({ answers: { mobility: 1, selfCare: 1, usualActivities: 1, painDiscomfort: 1, anxietyDepression: 1, vas: 50 } }),
    ).toBe('review');
    expect(missingAnswers({ answers: { mobility: 1, vas: 3 } })).toEqual([
      'selfCare',
      'usualActivities',
      'painDiscomfort',
      'anxietyDepression',
    ]);
  });

  it('drops anything in a stored draft that is not a valid answer', () => {
    expect(readDraft({ answers: { mobility: 6, selfCare: 2, vas: 100, episodeId: 'x' }, language: 'sv' })).toEqual({
      answers: { selfCare: 2, vas: 100 },
    });
    expect(readDraft(null)).toEqual({ answers: {} });
  });

  it.each([
    [undefined, 'nb'],
    ['en-GB,en;q=0.9', 'en'],
    ['sv-SE,nn;q=0.8,en;q=0.5', 'nn'],
    ['no,en;q=0.5', 'nb'],
    ['en;q=0.2,nb;q=0.9', 'nb'],
    ['de-DE', 'nb'],
  ])('picks %s as %s from Accept-Language', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });

  it('has every message in every language', () => {
    const keys = (l: (typeof FORM_LANGUAGES)[number]) =>
      JSON.stringify(Object.keys(MESSAGES[l]).sort()) + JSON.stringify(Object.keys(MESSAGES[l].status).sort());
    for (const language of FORM_LANGUAGES) expect(keys(language)).toEqual(keys('nb'));
  });
});

describe('invitation and CSRF tokens', () => {
  const keys = deriveFormKeys(Buffer.alloc(32, 7));

  it('derives a 192-bit token from the invitation and a random nonce; only its hash is needed to find it', () => {
    const nonce = newNonce();
    const token = invitationToken(keys.token, 'a1b2', nonce);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(invitationToken(keys.token, 'a1b2', nonce)).toBe(token);
    expect(invitationToken(keys.token, 'a1b2', newNonce())).not.toBe(token);
    expect(hashToken(token)).toHaveLength(32);
  });

  it('accepts the CSRF field only with the same browser nonce and invitation', () => {
    const nonce = newBrowserNonce();
    const field = csrfToken(keys.csrf, 'inv-1', nonce);
    expect(csrfMatches(keys.csrf, 'inv-1', nonce, field)).toBe(true);
    expect(csrfMatches(keys.csrf, 'inv-2', nonce, field)).toBe(false);
    expect(csrfMatches(keys.csrf, 'inv-1', newBrowserNonce(), field)).toBe(false);
    expect(csrfMatches(keys.csrf, 'inv-1', undefined, field)).toBe(false);
    expect(csrfMatches(keys.csrf, 'inv-1', nonce, [field])).toBe(false);
  });
});

describe('EQ-5D wording', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eq5d-wording-'));
  const licensed = {
    en: {
      dimensions: Object.fromEntries(
        ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'].map((d) => [
          d,
          { title: `LICENSED ${d}`, options: [1, 2, 3, 4, 5].map((n) => `LICENSED ${d} ${n}`) },
        ]),
      ),
      vas: { title: 'LICENSED VAS', instructions: 'LICENSED instructions', best: 'LICENSED best', worst: 'LICENSED worst' },
      copyright: 'LICENSED copyright line',
    },
  };

  it('marks every placeholder label as a placeholder in its language', () => {
    for (const language of FORM_LANGUAGES) {
      const wording = placeholderWording(language);
      const texts = [
        ...Object.values(wording.dimensions).flatMap((d) => [d.title, ...d.options]),
        ...Object.values(wording.vas),
        wording.copyright,
      ];
      expect(texts.every((text) => /^\[Plass(holder|haldar)\]|^\[Placeholder\]/.test(text))).toBe(true);
      expect(wording.placeholder).toBe(true);
    }
  });

  it('shows the licensed wording of the languages the file holds, exactly, without the placeholder notice', () => {
    const file = join(dir, 'wording.json');
    writeFileSync(file, JSON.stringify(licensed));
    const catalogue = wordingCatalogue(file);
    expect(catalogue.en.placeholder).toBe(false);
    expect(catalogue.nb.placeholder).toBe(true);
    const page = questionPage(
      { language: 'en', wording: catalogue.en, token: 'T'.repeat(32), csrf: 'c', assets: { cssHref: '/a.css', jsHref: '/a.js' } },
      'selfCare',
      { answers: {} },
      [],
    );
    expect(page).toContain('LICENSED selfCare 5');
    expect(page).toContain('LICENSED copyright line');
    expect(page).not.toContain(MESSAGES.en.placeholderNotice);
    expect(page).not.toContain('[Placeholder]');
  });

  it('refuses a wording file that is incomplete or has extra options, naming each problem', () => {
    const file = join(dir, 'bad.json');
    const bad = JSON.parse(JSON.stringify(licensed));
    bad.en.dimensions.mobility.options.push('not applicable');
    delete bad.en.vas.best;
    bad.sv = {};
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadWordingFile(file)).toThrow(
      /en\.dimensions\.mobility\.options must be exactly 5[\s\S]*en\.vas\.best[\s\S]*unknown language "sv"/,
    );
    expect(() => loadWordingFile(join(dir, 'missing.json'))).toThrow(/could not be read/);
  });
});
