/**
 * The export engine's downloads, the same for every kind of export: which names a file may have,
 * the problems of an export that is not ready or gone, the OpenAPI description of a file answer,
 * and streaming a published file with its size and SHA-256 (ETag). Each kind checks who may
 * download and audits the download before calling `sendExportFile`.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiConflictResponse, ApiGoneResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { ProblemException, ValidationProblem } from '../common/problem';

export type ExportFileFormat = 'csv' | 'parquet' | 'json' | 'ndjson';

export const CONTENT_TYPES: Record<ExportFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json; charset=utf-8',
  /** FHIR Bulk Data's files: one resource per line */
  ndjson: 'application/fhir+ndjson',
};

/** A file's name as a download asks for it: a plain name, never a path. */
const FILE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function checkFileName(name: string, example: string): void {
  if (!FILE_NAME.test(name) || name.includes('..'))
    throw new ValidationProblem([{ pointer: '/name', detail: `name must be a file name of the export, such as ${example}` }]);
}

export function exportGone(detail: string): ProblemException {
  return new ProblemException(410, 'extract-gone', 'Extract gone', detail);
}

export function exportNotReady(status: string): ProblemException {
  return new ProblemException(
    409,
    'extract-not-ready',
    'Extract not ready',
    `The extract is ${status}; files are offered when it is ready.`,
  );
}

export interface ExtractDownload {
  stream: Readable;
  contentType: string;
  bytes: string;
  sha256: string;
  name: string;
}

/** Streams a file with its size and checksum; the download was audited before. */
export function sendExportFile(res: Response, file: ExtractDownload): void {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', file.bytes);
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  file.stream.on('error', () => res.destroy());
  file.stream.pipe(res);
}

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** The answers of a file download route, for the OpenAPI document. */
export function ApiExportFileResponses(what: string) {
  return applyDecorators(
    ApiProduces('text/csv', 'application/vnd.apache.parquet', 'application/json'),
    ApiOkResponse({
      description: 'The file',
      headers: {
        ETag: { description: 'SHA-256 of the file, hex, quoted', required: true, schema: { type: 'string' } },
        'Content-Length': { description: 'Size in bytes', required: true, schema: { type: 'integer' } },
      },
      content: { 'text/csv': BINARY, 'application/vnd.apache.parquet': BINARY, 'application/json': { schema: { type: 'object' } } },
    }),
    ApiConflictResponse({ description: `The ${what} is not ready yet (extract-not-ready)` }),
    ApiGoneResponse({
      description: `The ${what} expired${what === 'extract' ? ' or was revoked' : ''}: its files are deleted (extract-gone)`,
    }),
  );
}
