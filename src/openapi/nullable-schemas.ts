/**
 * `nullable: true` as OpenAPI 3.0.3 defines it, where @nestjs/swagger's output falls short of it:
 *
 * - nullable applies only to the `type` beside it, so `{ nullable, allOf: [$ref] }` (what the generator emits
 *   for `@ApiProperty({ nullable: true, type: SomeDto })`) still rejects null in strict validators: the
 *   referenced object schema must hold. It becomes `anyOf: [$ref, null]`.
 * - an `enum` must list null itself to allow it, so null is added to nullable enums.
 */
type Schema = Record<string, unknown> & {
  nullable?: boolean;
  enum?: unknown[];
  allOf?: Schema[];
  anyOf?: Schema[];
  type?: string;
};

const NULL_ONLY: Schema = { type: 'object', nullable: true, enum: [null], description: 'null' };

export function spellOutNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(spellOutNullable);
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.nullable === true) {
    // a new array: the generator hands out the DTOs' own constants, which validation uses
    if (schema.enum && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    if (schema.allOf?.length === 1 && '$ref' in schema.allOf[0]) {
      schema.anyOf = [schema.allOf[0], { ...NULL_ONLY, enum: [null] }];
      delete schema.allOf;
      delete schema.nullable;
      delete schema.type;
    }
  }
  Object.values(schema).forEach(spellOutNullable);
}
