/**
 * The checked-in OpenAPI document as a response validator. Every e2e suite's HTTP client (createTestApp's
 * `http()`, and `timedCall` for child processes) runs each answer through `contractViolations`, so an answer
 * the document does not describe (status, content type, headers, body) fails the test that received it.
 * Schemas are compiled once per response on first use, with Ajv, which reads OpenAPI 3.0's `nullable`.
 *
 * Paths outside the document are HTML pages, static files and the API docs: not part of the JSON contract
 * (the README lists them). An unknown path under /api/ must still answer an error as problem+json.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReceivedResponse {
  method: string;
  /** The request path, with or without a query string. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined where the answer is not JSON. */
  body: unknown;
  /** Whether the answer had a body at all. */
  hasBody: boolean;
}

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean }>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENT_FILE = path.join(__dirname, '..', '..', 'openapi', 'openapi.json');
/** The checked-in document, as the tests read it. */
export const document = JSON.parse(fs.readFileSync(DOCUMENT_FILE, 'utf8')) as Document;

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(document as object, 'openapi');

/** Templated paths as patterns, literal ones first so `/episodes/submissions` never matches `/episodes/{id}`. */
const routes = Object.keys(document.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

const pointerSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const validators = new Map<string, ValidateFunction>();
/** The validator of the schema at a JSON pointer into the document, compiled once. */
export function validatorFor(...pointer: string[]): ValidateFunction {
  const ref = `openapi#/${pointer.map(pointerSegment).join('/')}`;
  let validate = validators.get(ref);
  if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
  return validate;
}

const PROBLEM = ['components', 'schemas', 'Problem'];

/** What is wrong with an answer, measured against the document; empty when it is as documented. */
export function contractViolations(res: ReceivedResponse): string[] {
  const pathname = new URL(res.url, 'http://register').pathname;
  const method = res.method.toLowerCase();
  const route = routes.find((r) => r.pattern.test(pathname) && document.paths[r.template][method]);
  const where = `${res.method.toUpperCase()} ${pathname} → ${res.status}`;
  if (!route) {
    if (!pathname.startsWith('/api/')) return [];
    // no route: 404, or an error the body parser gave before routing (400, 413, 415)
    if (res.status < 400) return [`${where}: no such operation in the document`];
    return bodyViolations(res, where, 'application/problem+json', PROBLEM);
  }
  const operation = document.paths[route.template][method];
  // CONTRACT_COVERAGE_FILE=f npm test lists the (operation, status) pairs the suites reached, to find untested ones
  if (process.env.CONTRACT_COVERAGE_FILE)
    fs.appendFileSync(process.env.CONTRACT_COVERAGE_FILE, `${method} ${route.template} ${res.status}\n`);
  const statusKey = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((key) => operation.responses[key]);
  if (!statusKey) return [`${where}: status not documented for ${method.toUpperCase()} ${route.template}`];
  const documented = operation.responses[statusKey];
  const violations = headerViolations(res, documented, where);
  const contentType = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  if (!res.hasBody || method === 'head') return violations;
  if (!documented.content?.[contentType])
    return [
      ...violations,
      `${where}: content type "${contentType}" not documented (${Object.keys(documented.content ?? {}).join(', ') || 'no body'})`,
    ];
  if (!documented.content[contentType].schema) return violations;
  return [
    ...violations,
    ...bodyViolations(res, where, contentType, ['paths', route.template, method, 'responses', statusKey, 'content', contentType, 'schema']),
  ];
}

function headerViolations(res: ReceivedResponse, documented: ResponseObject, where: string): string[] {
  return Object.entries(documented.headers ?? {})
    .filter(([name, header]) => header.required && res.headers[name.toLowerCase()] === undefined)
    .map(([name]) => `${where}: required header ${name} missing`);
}

function bodyViolations(res: ReceivedResponse, where: string, contentType: string, schemaPointer: string[]): string[] {
  if (!/[/+]json$/.test(contentType)) return [];
  const contentTypeHeader = String(res.headers['content-type'] ?? '').split(';')[0];
  if (contentTypeHeader !== contentType) return [`${where}: content type "${contentTypeHeader}", documented ${contentType}`];
  const validate = validatorFor(...schemaPointer);
  if (validate(res.body)) return [];
  return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath || ''} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Throws with every violation, for the test HTTP clients. */
export function assertMatchesContract(res: ReceivedResponse): void {
  const violations = contractViolations(res);
  if (violations.length > 0) throw new Error(`Answer not as the OpenAPI document says:\n${violations.join('\n')}`);
}
