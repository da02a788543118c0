/** Every example in the OpenAPI document is valid for the schema it illustrates, so a client can copy it. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

const document = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8')) as object;

/** JSON pointers of every schema or media type object that carries an `example`. */
function examplesIn(node: unknown, pointer: string[] = []): { pointer: string[]; example: unknown }[] {
  if (!node || typeof node !== 'object') return [];
  const here = 'example' in node ? [{ pointer, example: (node as { example: unknown }).example }] : [];
  return [
    ...here,
    ...Object.entries(node).flatMap(([key, child]) =>
      key === 'example' || key === 'examples' ? [] : examplesIn(child, [...pointer, key]),
    ),
  ];
}

describe('examples in the OpenAPI document', () => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi');
  const examples = examplesIn(document);
  const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

  it('are there for the fields a client fills in', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it('validate against their schemas', () => {
    const invalid = examples.flatMap(({ pointer, example }) => {
      // a media type's example is checked against the media type's schema
      const schemaPointer = pointer.at(-2) === 'content' ? [...pointer, 'schema'] : pointer;
      const validate = ajv.compile({ $ref: `openapi#/${schemaPointer.map(escape).join('/')}` });
      return validate(example) ? [] : [`${pointer.join('/')}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(invalid).toEqual([]);
  });
});
