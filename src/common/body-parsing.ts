/**
 * JSON body parsing with errors rendered as problem+json. We parse bodies ourselves (Nest's
 * built-in parser is off) because body-parser errors are raised before Nest's filters run.
 */
import type { RawBodyRequest } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { genericProblem, sendProblem } from './problem.filter';
import { problemType } from './problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** API write routes take JSON only; anything else is a 415 that says what to send. */
export function requireJsonForApiWrites(req: Request, res: Response, next: NextFunction): void {
  const isWrite = ['POST', 'PUT', 'PATCH'].includes(req.method);
  if (isWrite && req.path.startsWith('/api/') && hasBody(req) && !req.is(JSON_TYPES)) {
    sendProblem(req, res, {
      ...genericProblem(
        415,
        `Send the body as JSON with "Content-Type: application/json" (got "${req.headers['content-type'] ?? 'none'}").`,
      ),
      type: problemType('unsupported-media-type'),
    });
    return;
  }
  next();
}

/** Deeper than any body the API takes (a batch is six levels), far below where recursive code runs out of stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply arrays and objects nest in JSON text, counted without parsing (so without recursion).
 * A string's bytes are skipped in a loop of their own (they are most of a FHIR Bundle's megabyte),
 * so each byte costs one or two comparisons.
 */
export function jsonNestingDepth(text: Buffer): number {
  const length = text.length;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < length; i += 1) {
    const byte = text[i];
    if (byte === 0x22) {
      // to the closing quote; a backslash skips the character it escapes
      for (i += 1; i < length; i += 1) {
        const inString = text[i];
        if (inString === 0x5c) i += 1;
        else if (inString === 0x22) break;
      }
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (byte === 0x5d || byte === 0x7d) depth -= 1;
  }
  return deepest;
}

class TooDeeplyNested extends Error {
  readonly type = 'entity.too.deep';
}

export function jsonBodyParser(limitBytes: number): RequestHandler {
  const parse = express.json({
    limit: limitBytes,
    type: JSON_TYPES,
    verify: (req, _res, raw) => {
      if (jsonNestingDepth(raw) > MAX_JSON_DEPTH) throw new TooDeeplyNested();
      // the bytes as sent: FHIR keeps its Idempotency-Key with their digest (re-serializing a 1 MB Bundle to hash it costs more)
      (req as RawBodyRequest<typeof req>).rawBody = raw;
    },
  });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      if (type === 'entity.too.large') {
        return sendProblem(req, res, {
          ...genericProblem(413, `The request body is larger than the limit of ${limitBytes} bytes; split it into smaller requests.`),
          type: problemType('body-too-large'),
        });
      }
      if (type === 'entity.too.deep') {
        return sendProblem(req, res, {
          ...genericProblem(400, `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`),
          type: problemType('json-too-deep'),
        });
      }
      if (type === 'entity.parse.failed') {
        return sendProblem(req, res, {
          ...genericProblem(400, 'The request body is not valid JSON.'),
          type: problemType('malformed-json'),
        });
      }
      sendProblem(req, res, genericProblem(status && status < 500 ? status : 400, 'The request body could not be read.'));
    });
}
