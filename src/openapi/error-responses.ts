/**
 * The errors every operation of the JSON API can give, added to the generated document where the
 * decorators cannot say them route by route: validation (400), authentication and access (401,
 * 403) on protected routes, 404 where the path or an institutionId names an object, 413/415 where a JSON body is taken,
 * 503 (database unavailable, timeouts) everywhere. All as one problem+json schema. Public
 * operations get `security: []`. Errors specific to an operation (409, 422, 429) stay with its decorators.
 */
import type { OpenAPIObject } from '@nestjs/swagger';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;

const PROBLEM = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'integer' as const } },
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details: the one shape of every error of the API',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'urn:rehabreg:problem:<slug>, or about:blank' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    requestId: { type: 'string', description: 'Quote it when contacting support' },
    errors: {
      type: 'array',
      description: 'Field errors, each with a JSON pointer (RFC 6901) into the request',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string' },
          detail: { type: 'string' },
          scope: { type: 'string', description: 'disclosure-audit-failed: the scope of the table whose hidden count is not protected' },
          breakdown: { type: 'string', description: "disclosure-audit-failed: the table's breakdown" },
          indicator: {
            type: 'string',
            description: 'disclosure-audit-failed: the figures that show the count (id or id:part), comma-separated',
          },
        },
      },
    },
  },
};

const DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid request: see errors[] for each field',
  '401': 'No valid credentials (API key or bearer token)',
  '403': 'The caller may not use this operation',
  '404': 'Not found, or not visible to the caller',
  '413': 'The request body is larger than the limit',
  '415': 'The body is not JSON',
  '429': 'Too many requests; retry after Retry-After seconds',
  '503': 'The register cannot reach its database or answer in time; retry after Retry-After seconds',
};

function problemResponse(status: string, existing?: ResponseObject): ResponseObject {
  return {
    description: existing?.description ?? DESCRIPTIONS[status],
    ...(status === '429' || status === '503' ? { headers: RETRY_AFTER } : {}),
    content: { [PROBLEM]: { schema: PROBLEM_REF } },
  };
}

/** Every API write parses a body if one is sent (src/common/body-parsing.ts), also where the operation takes none. */
const WRITE_METHODS = ['post', 'put', 'patch'];

function errorStatuses(path: string, method: string, operation: OperationObject, document: OpenAPIObject): string[] {
  const statuses = ['503'];
  const parameters = (operation.parameters ?? []) as { in?: string }[];
  const parsesBody = Boolean(operation.requestBody) || WRITE_METHODS.includes(method);
  if (parameters.length > 0 || parsesBody) statuses.push('400');
  if (operation.security?.length) statuses.push('401', '403');
  if (/\{\w+\}/.test(path) || namesAnInstitution(operation, document)) statuses.push('404');
  if (parsesBody) statuses.push('413', '415');
  return statuses;
}

/** An institution named in the query or body that the caller cannot see is answered 404, as if it did not exist. */
function namesAnInstitution(operation: OperationObject, document: OpenAPIObject): boolean {
  const parameters = (operation.parameters ?? []) as { name?: string }[];
  if (parameters.some((p) => p.name === 'institutionId')) return true;
  const body = operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
  const ref = body?.content?.['application/json']?.schema?.$ref;
  const schema = ref ? document.components?.schemas?.[ref.split('/').pop()!] : undefined;
  return Boolean(schema && 'properties' in schema && schema.properties?.institutionId);
}

export function addErrorResponses(document: OpenAPIObject): OpenAPIObject {
  if (document.info.license && !document.info.license.url) delete document.info.license.url;
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA as never };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods) as [string, OperationObject][]) {
      if (!operation?.responses) continue;
      if (!operation.security) operation.security = [];
      if (!path.startsWith('/api/')) continue;
      for (const status of errorStatuses(path, method, operation, document)) operation.responses[status] ??= problemResponse(status);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !(response as ResponseObject).content)
          operation.responses[status] = problemResponse(status, response as ResponseObject);
      }
    }
  }
  return document;
}
