/** The OpenAPI document, generated from the controllers' decorators. `npm run openapi` writes it to openapi/. */
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { addErrorResponses } from './error-responses';
import { spellOutNullable } from './nullable-schemas';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('rehabreg API')
    .setDescription(
      'National quality register for rehabilitation: episodes, EQ-5D-5L and Barthel responses, quality indicators. ' +
        'Errors are application/problem+json (RFC 9457). Institution systems authenticate with `X-Api-Key`; people with a bearer token from `POST /api/v1/auth/login`. ' +
        'Lists page by keyset: `?limit=&cursor=` answers `{items, nextCursor, prevCursor, count, countIsExact}`; pass `nextCursor` back as `cursor` for the next page (`prevCursor` for the page before), and `count` stops at 1,000 (`countIsExact: false` beyond). ' +
        "This deliberately replaced `page`/`pageSize`/`total` of `GET /api/v1/episodes` and `before`/`nextBefore` of `GET /api/v1/admin/audit-events` (issue 21): OFFSET paging and a full count slowed with the register's size.",
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .setLicense('UNLICENSED', '')
    .addServer('/', 'This service')
    .build();
  const document = addErrorResponses(SwaggerModule.createDocument(app, config));
  spellOutNullable(document);
  return document;
}

export function serveApiDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'rehabreg API',
  });
}

/** The checked-in form of the document: stable key order is the generator's, two-space indent, final newline. */
export function openApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
