/**
 * Medplum's validator, run once per shape of resource. Validating a resource costs Medplum's validator
 * about 1-2 ms, most of it in walking the R4 type definitions (every element of every type, every
 * type a choice element may have); a hospital's transaction repeats the same few shapes hundreds of
 * times with other values. So the walk is done once per shape, and what depends on the values is
 * checked on each resource:
 *
 * - The shape key is the resource's JSON with every key, array length, `resourceType` and literal
 *   null and boolean kept (each a token of one UTF-16 code unit: ShapeKeys), and every other string
 *   and number replaced by its class: which of the validator's own primitive checks it passes (each
 *   of Medplum's `validationRegexes`, blank, over 1 MB, a real calendar day; a number's
 *   integer-ness, sign and range). Two resources of one key
 *   get the same answers from every primitive check, for whichever FHIR type an element has, and the
 *   same type for every element.
 * - What else reads values, the FHIRPath invariants, is recorded for the shape when Medplum first
 *   finds one of it valid (each value's place, FHIR type and invariants, by Medplum's own crawler)
 *   and evaluated with Medplum's FHIRPath engine on every later resource of the shape, except those
 *   that only ask which elements exist (most of them: ext-1, qrs-1, dom-2), which the shape answers,
 *   and the Bundle's, which fhir-bundle-invariants.ts answers in JavaScript where it is certain.
 * - A shape with fixed or pattern values, slices or base64Binary (checks on values this does not
 *   replay), and resources with primitive extensions (`_x`), contained or nested resources, are
 *   always validated in full.
 *
 * The cache only ever says "valid": a resource whose invariant fails, or whose shape is new and
 * invalid, is answered by Medplum's validator itself, with its messages and FHIRPath expressions.
 * test/fhir/fhir-validator.spec.ts checks that the cache and the validator agree.
 */
import {
  type Constraint,
  crawlTypedValue,
  evalFhirPathTyped,
  type FhirPathAtom,
  isValidCalendarDate,
  parseFhirPath,
  toTypedValue,
  type TypedValue,
  type TypedValueWithPath,
  UCUM,
  validationRegexes,
} from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { SUFFICIENT_CONDITIONS } from './fhir-bundle-invariants';

type Json = Record<string, unknown>;
type Location = readonly (string | number)[];

/** Medplum's validator leaves these invariants to its own structural checks (its skippedConstraintKeys), so replaying them would refuse what it allows. */
const SKIPPED_CONSTRAINTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);
const FHIR_INTEGER_MIN = -2_147_483_648;
const FHIR_INTEGER_MAX = 2_147_483_647;
const STRING_MAX = 1024 * 1024;
const REGEXES = Object.values(validationRegexes);
const MAX_SHAPES = 2_000;
const MAX_STRING_TOKENS = 50_000;
const MAX_KNOWN_TRUE = 50_000;

/** A value whose invariants are evaluated for every resource of the shape. */
interface Check {
  location: Location;
  type: string;
  constraints: Constraint[];
}

/** A shape Medplum found valid: the invariants to evaluate, or `full` when the shape is always validated in full. */
type Shape = { checks: Check[] } | 'full';

/** Passes the same primitive checks as `value`, whatever its FHIR type. */
function stringClass(value: string): string {
  let bits = value.trim() ? '' : 'b';
  if (value.length > STRING_MAX) bits += 'L';
  if (value.length >= 10 && !isValidCalendarDate(value)) bits += 'c';
  for (const regex of REGEXES) {
    regex.lastIndex = 0;
    bits += regex.test(value) ? '1' : '0';
  }
  return `$${bits}`;
}

function numberClass(value: number): string {
  if (!Number.isFinite(value)) return '#x';
  const range =
    value < FHIR_INTEGER_MIN ? '<' : value > FHIR_INTEGER_MAX ? '>' : value < 0 ? '-' : value === 0 ? '0' : value < 1 ? 'f' : '+';
  return `#${Number.isInteger(value) ? 'i' : 'd'}${range}`;
}

const OPEN_OBJECT = 0;
const CLOSE_OBJECT = 1;
const OPEN_ARRAY = 2;
const CLOSE_ARRAY = 3;
const NULL = 4;
const TRUE = 5;
const FALSE = 6;
const FIRST_TOKEN = 7;
/** Tokens are UTF-16 code units; past this many the tables (and the shapes keyed by them) start again. */
const MAX_TOKENS = 60_000;
/** String.fromCharCode takes this many code units at a time. */
const CHUNK = 8_192;

/**
 * Shape keys as one UTF-16 code unit per token: an element name, a class of value, a resourceType,
 * a bracket. The same key as the resource's JSON with its values replaced by their classes, but a
 * tenth of the length, so a Bundle's 500 keys cost little to build, hash and compare.
 */
export class ShapeKeys {
  /** Each name, class and resourceType its own token (separate tables, one numbering: never two meanings for a token). */
  private readonly names = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly resourceTypes = new Map<string, number>();
  /** A string value's class token: the same codes, ids and dates come in resource after resource. */
  private readonly stringTokens = new Map<string, number>();
  private next = FIRST_TOKEN;
  private readonly codes: number[] = [];

  /** The tables are full: the caller forgets every key made so far. */
  get full(): boolean {
    return this.next >= MAX_TOKENS;
  }

  clear(): void {
    this.names.clear();
    this.classes.clear();
    this.resourceTypes.clear();
    this.stringTokens.clear();
    this.next = FIRST_TOKEN;
  }

  /** The shape key of a resource, or undefined when it is never cached (primitive extensions, contained or nested resources). */
  key(resource: Json): string | undefined {
    const codes = this.codes;
    codes.length = 0;
    if (!this.walkObject(resource, true)) return undefined;
    let key = '';
    for (let i = 0; i < codes.length; i += CHUNK) key += String.fromCharCode(...codes.slice(i, i + CHUNK));
    return key;
  }

  private walk(value: unknown): boolean {
    if (value === null) this.codes.push(NULL);
    else if (typeof value === 'boolean') this.codes.push(value ? TRUE : FALSE);
    else if (typeof value === 'number') this.codes.push(this.token(this.classes, numberClass(value)));
    else if (typeof value === 'string') this.codes.push(this.stringToken(value));
    else if (Array.isArray(value)) {
      this.codes.push(OPEN_ARRAY);
      for (const item of value) if (!this.walk(item)) return false;
      this.codes.push(CLOSE_ARRAY);
    } else if (typeof value === 'object') return this.walkObject(value as Json, false);
    else return false;
    return true;
  }

  private walkObject(object: Json, root: boolean): boolean {
    this.codes.push(OPEN_OBJECT);
    for (const key in object) {
      if (key.charCodeAt(0) === 95 /* _ */ || key === 'contained') return false;
      this.codes.push(this.token(this.names, key));
      if (key !== 'resourceType') {
        if (!this.walk(object[key])) return false;
      } else if (!root || typeof object[key] !== 'string') return false;
      else this.codes.push(this.token(this.resourceTypes, object[key]));
    }
    this.codes.push(CLOSE_OBJECT);
    return true;
  }

  private stringToken(value: string): number {
    let token = this.stringTokens.get(value);
    if (token === undefined) {
      token = this.token(this.classes, stringClass(value));
      if (this.stringTokens.size >= MAX_STRING_TOKENS) this.stringTokens.clear();
      this.stringTokens.set(value, token);
    }
    return token;
  }

  private token(table: Map<string, number>, text: string): number {
    let token = table.get(text);
    if (token === undefined) table.set(text, (token = this.next++));
    return token;
  }
}

/** Every object of the resource by identity, with its place: Medplum's crawler hands out the resource's own objects. */
function locations(resource: Json): Map<object, Location> {
  const found = new Map<object, Location>();
  const walk = (value: unknown, at: Location) => {
    if (typeof value !== 'object' || value === null) return;
    found.set(value, at);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i]));
    else for (const [key, child] of Object.entries(value as Json)) walk(child, [...at, key]);
  };
  walk(resource, []);
  return found;
}

const errorInvariants = (constraints: Constraint[] | undefined) =>
  (constraints ?? []).filter((c) => c.severity === 'error' && !SKIPPED_CONSTRAINTS.has(c.key));

const EXISTENCE_TOKEN = /\s*([A-Za-z][A-Za-z0-9]*|!=|=|\.|\(|\))/y;
const OPERATORS = new Set(['and', 'or', 'xor', 'implies', '=', '!=']);

/**
 * True for an invariant that only asks which elements exist, such as ext-1
 * `extension.exists() != value.exists()` or qrs-1 `(answer.exists() and item.exists()).not()`:
 * every path ends in exists() or empty(), joined by boolean operators, with no literal, variable or
 * other function. Which elements exist is the shape, so such an invariant holds for every resource
 * of a shape once it held for one.
 */
export function asksOnlyExistence(expression: string): boolean {
  const tokens: string[] = [];
  EXISTENCE_TOKEN.lastIndex = 0;
  for (let match; EXISTENCE_TOKEN.lastIndex < expression.length && (match = EXISTENCE_TOKEN.exec(expression));) tokens.push(match[1]);
  if (tokens.join('').length !== expression.replace(/\s+/g, '').length) return false;
  let at = 0;
  const take = (token: string) => tokens[at] === token && ++at > 0;
  const call = (name: string) => tokens[at] === name && tokens[at + 1] === '(' && tokens[at + 2] === ')' && (at += 3) > 0;
  const negations = () => {
    while (tokens[at] === '.' && tokens[at + 1] === 'not' && tokens[at + 2] === '(' && tokens[at + 3] === ')') at += 4;
  };
  const operand = (): boolean => {
    if (take('(')) {
      if (!expressionAt() || !take(')')) return false;
      negations();
      return true;
    }
    // a path: names joined by dots, ending in .exists() or .empty()
    if (!/^[A-Za-z]/.test(tokens[at] ?? '') || OPERATORS.has(tokens[at]) || tokens[at + 1] === '(') return false;
    at++;
    while (take('.')) {
      if (call('exists') || call('empty')) {
        negations();
        return true;
      }
      if (!/^[A-Za-z]/.test(tokens[at] ?? '') || tokens[at + 1] === '(') return false;
      at++;
    }
    return false;
  };
  const expressionAt = (): boolean => {
    if (!operand()) return false;
    while (OPERATORS.has(tokens[at] ?? '')) {
      at++;
      if (!operand()) return false;
    }
    return true;
  };
  return expressionAt() && at === tokens.length;
}

/** The invariants of a resource Medplum has just found valid, each at its value's place; `full` for shapes whose values this does not replay. */
function recordShape(resource: Resource): Shape {
  const places = locations(resource as unknown as Json);
  const root = toTypedValue(resource);
  const checks: Check[] = [{ location: [], type: root.type, constraints: [] }];
  let full = false;
  crawlTypedValue(root, {
    onEnterObject(_path, value, schema) {
      if (value.value === resource)
        checks[0].constraints = errorInvariants(schema.constraints).filter((c) => !asksOnlyExistence(c.expression));
    },
    visitProperty(parent, key, _path, propertyValues, schema) {
      const element = schema.elements[key];
      if (!element) return;
      if (element.fixed || element.pattern || element.slicing?.slices.length) full = true;
      const constraints = errorInvariants(element.constraints).filter((c) => !asksOnlyExistence(c.expression));
      const parentPlace = places.get(parent.value as object);
      for (const property of propertyValues) {
        const values: TypedValueWithPath[] = Array.isArray(property) ? property : [property];
        values.forEach((value, i) => {
          if (value.value === undefined) return;
          if (value.type === 'base64Binary') full = true;
          if (constraints.length === 0) return;
          const name = key.endsWith('[x]') ? key.slice(0, -3) + value.type.charAt(0).toUpperCase() + value.type.slice(1) : key;
          if (!parentPlace) full = true;
          else
            checks.push({
              location: Array.isArray(property) ? [...parentPlace, name, i] : [...parentPlace, name],
              type: value.type,
              constraints,
            });
        });
      }
    },
  });
  return full ? 'full' : { checks: checks.filter((c) => c.constraints.length) };
}

function valueAt(resource: Json, location: Location): unknown {
  let value: unknown = resource;
  for (const step of location) value = (value as Record<string | number, unknown> | undefined)?.[step];
  return value;
}

/** Shapes seen and found valid by Medplum's validator, oldest forgotten first. */
export class ShapeCache {
  private readonly shapes = new Map<string, Shape>();
  private readonly keys = new ShapeKeys();
  private readonly expressions = new Map<string, FhirPathAtom>();
  /** Invariants found true of a value (one not reading %resource): the same extension or item recurs in resource after resource. */
  private readonly knownTrue = new Set<string>();

  /**
   * True when the resource is valid R4 by a shape Medplum's validator found valid and its invariants
   * hold; false means "not known valid" (validate it in full). `validate` is Medplum's validator,
   * answering the errors it finds.
   */
  knownValid(resource: unknown, validate: (resource: Resource) => unknown[]): boolean {
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return false;
    if (this.keys.full) {
      this.keys.clear();
      this.shapes.clear();
    }
    const key = this.keys.key(resource as Json);
    if (key === undefined) return false;
    let shape = this.shapes.get(key);
    if (!shape) {
      if (validate(resource as Resource).length) return false;
      shape = recordShape(resource as Resource);
      if (this.shapes.size >= MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value!);
      this.shapes.set(key, shape);
      return true;
    }
    if (shape === 'full') return validate(resource as Resource).length === 0;
    return this.invariantsHold(resource as Resource, shape.checks);
  }

  /** The invariants as Medplum's validator evaluates them: the value as %context, the resource as %resource and %rootResource. */
  private invariantsHold(resource: Resource, checks: Check[]): boolean {
    const typedResource = toTypedValue(resource);
    const variables: Record<string, TypedValue> = {
      '%ucum': toTypedValue(UCUM),
      '%resource': typedResource,
      '%rootResource': typedResource,
    };
    for (const check of checks) {
      const value: TypedValue = { type: check.type, value: valueAt(resource as unknown as Json, check.location) };
      let text: string | undefined;
      for (const constraint of check.constraints) {
        if (SUFFICIENT_CONDITIONS.get(constraint.expression)?.(value.value, resource)) continue;
        if (check.location.length) text ??= `${check.type}\u0000${JSON.stringify(value.value)}`;
        const memo = text !== undefined && !constraint.expression.includes('%') ? `${constraint.expression}\u0000${text}` : undefined;
        if (memo !== undefined && this.knownTrue.has(memo)) continue;
        if (!this.evaluate(constraint, value, variables)) return false;
        if (memo === undefined) continue;
        if (this.knownTrue.size >= MAX_KNOWN_TRUE) this.knownTrue.clear();
        this.knownTrue.add(memo);
      }
    }
    return true;
  }

  private evaluate(constraint: Constraint, value: TypedValue, variables: Record<string, TypedValue>): boolean {
    try {
      const result = evalFhirPathTyped(this.parsed(constraint.expression), [value], { ...variables, '%context': value });
      return result.length === 1 && result[0].value === true;
    } catch {
      return false;
    }
  }

  private parsed(expression: string): FhirPathAtom {
    let atom = this.expressions.get(expression);
    if (!atom) this.expressions.set(expression, (atom = parseFhirPath(expression)));
    return atom;
  }
}
