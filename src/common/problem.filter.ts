/**
 * The single exception filter: every error leaves the service as application/problem+json.
 * Unknown errors are logged with their stack and answered with a generic 500 that carries only
 * the request id, never a stack trace or SQL text.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, type LoggerService } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isFhirRequest, OperationOutcomeException, sendProblemAsOperationOutcome } from '../fhir/operation-outcome';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** How long a client should wait before retrying, for the statuses that ask it to. */
function retryAfter(status: number): Record<string, string> {
  if (status === 429) return { 'Retry-After': '60' };
  if (status === 503) return { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  return {};
}

/** Writes a problem: every 429 and 503 says when to retry, whoever sends it (filter, body parser, request deadline). */
export function sendProblem(req: Request, res: Response, problem: ProblemDetails): void {
  const requestId = req.id === undefined ? undefined : String(req.id);
  const body: ProblemDetails = { ...problem, instance: problem.instance ?? req.originalUrl?.split('?')[0], requestId };
  // The FHIR facade answers the same refusal as an OperationOutcome.
  if (isFhirRequest(req)) return sendProblemAsOperationOutcome(res.set(retryAfter(problem.status)), body);
  res
    .status(problem.status)
    .set({ ...retryAfter(problem.status), 'Content-Type': PROBLEM_CONTENT_TYPE })
    .send(JSON.stringify(body));
}

/** Seconds a client should wait after a 503: a database restart or a lock queue clears in a few. */
export const RETRY_AFTER_SECONDS = 3;

/** Connection-level failures (server down, restarting, full, or gone mid-request), by reason; undefined for anything else. */
export function databaseUnavailable(error: unknown): string | undefined {
  const err = (error instanceof QueryFailedError ? error.driverError : error) as { code?: string; message?: string } | undefined;
  const code = err?.code ?? '';
  const message = err?.message ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return 'connection';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '25P03'].includes(code)) return 'server';
  if (
    /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error/i.test(
      message,
    )
  )
    return 'timeout';
  return undefined;
}

export function genericProblem(status: number, detail?: string): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: LoggerService,
    /** Counts database failures for the metrics (wired in app.factory). */
    private readonly onDatabaseUnavailable: (reason: string) => void = () => undefined,
    /** Workspace pages answer their refusals as pages (src/web/page-refusal.tsx), not problem+json. */
    private readonly pages?: { handles(req: Request): boolean; send(problem: ProblemDetails, req: Request, res: Response): Promise<void> },
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof OperationOutcomeException) {
      const problem = { ...exception.problem, status: exception.getStatus(), requestId: req.id === undefined ? undefined : String(req.id) };
      return sendProblemAsOperationOutcome(res, problem, exception.fieldErrors);
    }
    const problem = this.toProblem(exception, req);
    if (!this.pages?.handles(req)) return sendProblem(req, res, problem);
    this.pages.send(problem, req, res).catch((error: unknown) => {
      this.logger.error({ err: error, requestId: req.id, msg: 'Refusal page failed' }, 'ProblemFilter');
      if (!res.headersSent) res.status(500).type('text/plain').send('Something went wrong.');
    });
  }

  private toProblem(exception: unknown, req: Request): ProblemDetails {
    if (exception instanceof ThrottlerException) {
      return genericProblem(429, 'Too many requests from this client; wait a minute and try again.');
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, req);
    if (exception instanceof QueryFailedError) {
      const mapped = this.fromDatabaseError(exception);
      if (mapped) return mapped;
    }
    const unavailable = databaseUnavailable(exception);
    if (unavailable) {
      this.logger.warn?.({ err: exception, requestId: req.id, reason: unavailable, msg: 'Database unavailable' }, 'ProblemFilter');
      this.onDatabaseUnavailable(unavailable);
      return {
        ...genericProblem(503, 'The register cannot reach its database just now; retry after Retry-After seconds.'),
        type: problemType('database-unavailable'),
      };
    }
    this.logger.error({ err: exception, requestId: req.id, msg: 'Unhandled error' }, 'ProblemFilter');
    return genericProblem(500, 'Something went wrong on our side. Quote the request id if you contact support.');
  }

  private fromHttpException(exception: HttpException, req: Request): ProblemDetails {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'title' in response) {
      return response as ProblemDetails; // already a problem (ProblemException)
    }
    if (status === 404 && exception.constructor.name === 'NotFoundException' && /^Cannot \w+ /.test(exception.message)) {
      return {
        ...genericProblem(
          404,
          `There is no ${req.method} ${req.path}. See ${isFhirRequest(req) ? '/fhir/metadata' : '/docs'} for the API.`,
        ),
        type: problemType('route-not-found'),
      };
    }
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: unknown }).message
        : exception.message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    return genericProblem(status, status >= 500 ? undefined : detail);
  }

  /** Database errors a client can cause (bad input that slipped past validation, conflicts) map to 4xx. */
  private fromDatabaseError(error: QueryFailedError): ProblemDetails | undefined {
    const code = (error.driverError as { code?: string } | undefined)?.code;
    if (code === '23505') return { ...genericProblem(409, 'This conflicts with data that already exists.'), type: problemType('conflict') };
    // Class 22 is "data exception": a value PostgreSQL cannot take (bad format, out of range, a NUL byte in text).
    if (code?.startsWith('22')) {
      return {
        ...genericProblem(400, 'A value in the request has the wrong format or is out of range.'),
        type: problemType('invalid-value'),
      };
    }
    if (code === '40001' || code === '40P01') {
      return { ...genericProblem(503, 'The request collided with another one; retry it.'), type: problemType('retry') };
    }
    if (code === '57014' || code === '55P03') {
      this.onDatabaseUnavailable(code === '57014' ? 'statement_timeout' : 'lock_timeout');
      return { ...genericProblem(503, 'The database took too long to answer; retry it.'), type: problemType('database-timeout') };
    }
    return undefined;
  }
}
