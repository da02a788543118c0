/** Every example in the OpenAPI document is valid for the schema it illustrates, so a client can copy it. */
import { document, validatorFor } from '../support/openapi-contract';

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
  const examples = examplesIn(document);

  it('are there for the fields a client fills in', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it('validate against their schemas', () => {
    const invalid = examples.flatMap(({ pointer, example }) => {
      // a media type's example is checked against the media type's schema
      const schemaPointer = pointer.at(-2) === 'content' ? [...pointer, 'schema'] : pointer;
      const validate = validatorFor(...schemaPointer);
      return validate(example) ? [] : [`${pointer.join('/')}: ${JSON.stringify(validate.errors)}`];
    });
    expect(invalid).toEqual([]);
  });
});
