import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

const INDEX = '/api/v1/instruments/eq5d-5l/index';
const VALUE_SETS = '/api/v1/instruments/eq5d-5l/value-sets';

interface LocalizedText {
  nb: string;
  nn: string;
  en: string;
}

interface ItemBody {
  id: string;
  kind: string;
  label: LocalizedText;
  allowedValues?: number[];
  options?: { value: number; label: LocalizedText }[];
}

interface DefinitionBody {
  id: string;
  languages: string[];
  items: ItemBody[];
  wordingIsPlaceholder: boolean;
  wordingNote: string;
  inputScales?: number[];
  defaultValueSetId?: string;
}

async function definitionOf(t: TestApp, id: string): Promise<DefinitionBody> {
  const res = await t.http().get('/api/v1/instruments').expect(200);
  const found = (res.body as DefinitionBody[]).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no definition of ${id}`);
  return found;
}

/** A 400 problem+json whose errors all point at `pointer`; returns the error details for further checks. */
function expectValidationProblem(res: Response, pointer: string): string[] {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'urn:rehabreg:problem:validation-error', status: 400 });
  const errors = res.body.errors as { pointer: string; detail: string }[];
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.map((error) => error.pointer)).toEqual(errors.map(() => pointer));
  return errors.map((error) => error.detail);
}

describe('instruments API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('EQ-5D-5L index calculator', () => {
    it('scores the worst state with the Norwegian value set', async () => {
      const res = await t.http().get(INDEX).query({ state: '55555', valueSet: 'norway' }).expect(200);
      expect(res.body).toEqual({ state: '55555', valueSet: 'norway', index: -0.453, levelSum: 25 });
    });

    it('scores the best state as full health', async () => {
      const res = await t.http().get(INDEX).query({ state: '11111', valueSet: 'norway' }).expect(200);
      expect(res.body).toEqual({ state: '11111', valueSet: 'norway', index: 1, levelSum: 5 });
    });

    it('scores with another value set named by its id', async () => {
      const res = await t.http().get(INDEX).query({ state: '31445', valueSet: 'canada' }).expect(200);
      expect(res.body).toEqual({ state: '31445', valueSet: 'canada', index: 0.184, levelSum: 17 });
    });

    it('rounds an exact half away from zero', async () => {
      const res = await t.http().get(INDEX).query({ state: '55555', valueSet: 'japan-ctto' }).expect(200);
      expect(res.body.index).toBe(-0.026);
    });

    it('uses the register default, Norway, when no value set is named', async () => {
      const withDefault = await t.http().get(INDEX).query({ state: '12345' }).expect(200);
      const withNorway = await t.http().get(INDEX).query({ state: '12345', valueSet: 'norway' }).expect(200);
      expect(withDefault.body).toEqual(withNorway.body);
      expect(withDefault.body).toMatchObject({ state: '12345', valueSet: 'norway', levelSum: 15 });
    });

    it.each([
      ['a level above 5', '12346'],
      ['four digits', '1234'],
      ['six digits', '123456'],
      ['letters', 'abcde'],
      ['a level 0', '01234'],
      ['an empty value', ''],
    ])('rejects a state with %s, pointing at /state', async (_what, state) => {
      const res = await t.http().get(INDEX).query({ state });
      const [detail] = expectValidationProblem(res, '/state');
      expect(detail).toContain('five digits 1-5');
    });

    it('rejects a missing state, saying it is required', async () => {
      const res = await t.http().get(INDEX).query({ valueSet: 'norway' });
      const details = expectValidationProblem(res, '/state');
      expect(details).toEqual([expect.stringContaining('state is required')]);
    });

    it('rejects a state given twice', async () => {
      const res = await t.http().get(`${INDEX}?state=11111&state=22222`);
      expectValidationProblem(res, '/state');
    });

    it('rejects an unknown value set, saying where the valid ids are listed', async () => {
      const res = await t.http().get(INDEX).query({ state: '12345', valueSet: 'narnia' });
      const details = expectValidationProblem(res, '/valueSet');
      expect(details).toEqual([expect.stringContaining('GET /api/v1/instruments/eq5d-5l/value-sets')]);
      expect(details[0]).toContain('"narnia"');
    });

    it('rejects an empty value set rather than falling back to the default', async () => {
      const res = await t.http().get(INDEX).query({ state: '12345', valueSet: '' });
      expectValidationProblem(res, '/valueSet');
    });

    it('rejects an unknown query parameter', async () => {
      const res = await t.http().get(INDEX).query({ state: '12345', valueset: 'norway' });
      const details = expectValidationProblem(res, '/valueset');
      expect(details[0]).toContain('Unknown field "valueset"');
    });

    it('is open without signing in', async () => {
      await t.http().get(INDEX).query({ state: '11111' }).expect(200);
    });
  });

  describe('EQ-5D-5L value sets', () => {
    it('lists 49 value sets with references, exactly one of them the default, Norway', async () => {
      const res = await t.http().get(VALUE_SETS).expect(200);
      const sets = res.body as {
        id: string;
        name: string;
        doi: string | null;
        pubmed: string | null;
        url: string | null;
        isDefault: boolean;
      }[];
      expect(sets).toHaveLength(49);
      expect(new Set(sets.map((set) => set.id)).size).toBe(49);
      expect(sets.filter((set) => set.isDefault).map((set) => set.id)).toEqual(['norway']);
      for (const set of sets) {
        expect(Object.keys(set).sort()).toEqual(['doi', 'id', 'isDefault', 'name', 'pubmed', 'url']);
        expect(set.doi ?? set.pubmed ?? set.url).toBeTruthy();
      }
    });

    it('lists only ids the calculator accepts', async () => {
      const sets = (await t.http().get(VALUE_SETS).expect(200)).body as { id: string }[];
      for (const { id } of sets.slice(0, 5)) await t.http().get(INDEX).query({ state: '21111', valueSet: id }).expect(200);
    });
  });

  describe('instrument definitions', () => {
    it('lists the three instruments in the three languages', async () => {
      const res = await t.http().get('/api/v1/instruments').expect(200);
      const definitions = res.body as DefinitionBody[];
      expect(definitions.map((definition) => definition.id)).toEqual(['eq5d-5l', 'barthel', 'mrs']);
      for (const definition of definitions) {
        expect(definition.languages).toEqual(['nb', 'nn', 'en']);
        for (const item of definition.items) expect(Object.keys(item.label).sort()).toEqual(['en', 'nb', 'nn']);
      }
    });

    it('marks every EQ-5D-5L label as a placeholder and names the default value set', async () => {
      const eq5d = await definitionOf(t, 'eq5d-5l');
      expect(eq5d).toMatchObject({ wordingIsPlaceholder: true, defaultValueSetId: 'norway' });
      expect(eq5d.wordingNote).toContain('licence');
      expect(eq5d.items.map((item) => item.id)).toEqual([
        'mobility',
        'selfCare',
        'usualActivities',
        'painDiscomfort',
        'anxietyDepression',
        'vas',
      ]);
      const labels = eq5d.items.flatMap((item) => [item.label, ...(item.options ?? []).map((option) => option.label)]);
      expect(labels).toHaveLength(6 + 5 * 5);
      for (const label of labels) {
        expect(label.nb).toMatch(/^\[Plassholder\] /);
        expect(label.nn).toMatch(/^\[Plasshaldar\] /);
        expect(label.en).toMatch(/^\[Placeholder\] /);
      }
      for (const item of eq5d.items.filter((item) => item.kind === 'choice')) {
        expect(item.allowedValues).toEqual([1, 2, 3, 4, 5]);
        expect(item.options?.map((option) => option.value)).toEqual([1, 2, 3, 4, 5]);
      }
    });

    it('lists the modified Rankin Scale as one clinician-rated item with grades 0 to 6, each labelled', async () => {
      const mrs = await definitionOf(t, 'mrs');
      expect(mrs).toMatchObject({ name: 'Modified Rankin Scale', wordingIsPlaceholder: false, scoringVersion: 'mrs/1' });
      expect(mrs.items).toHaveLength(1);
      expect(mrs.items[0]).toMatchObject({ id: 'score', kind: 'choice', allowedValues: [0, 1, 2, 3, 4, 5, 6] });
      expect(mrs.items[0].options?.map((option) => option.value)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(mrs.items[0].options?.[6].label).toEqual({ nb: 'Død', nn: 'Død', en: 'Dead' });
    });

    it('gives the Barthel items their allowed values on the 100-point scale and accepts the 20-point scale', async () => {
      const barthel = await definitionOf(t, 'barthel');
      expect(barthel).toMatchObject({ wordingIsPlaceholder: false, inputScales: [100, 20] });
      expect(barthel.items).toHaveLength(10);
      expect(barthel.items.find((item) => item.id === 'transfers')).toMatchObject({ kind: 'choice', allowedValues: [0, 5, 10, 15] });
      const maximum = barthel.items.reduce((sum, item) => sum + Math.max(...(item.allowedValues ?? [])), 0);
      expect(maximum).toBe(100);
    });
  });
});
