/**
 * No request hangs: one not answered within REQUEST_TIMEOUT_MS gets 503 problem+json with
 * Retry-After, whatever it waits for (a stuck database, a lock, a guard's lookup). The work itself
 * ends on its own through the database timeouts; its late answer is dropped (the problem filter
 * ignores a response already sent).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { problemType } from './problem';
import { genericProblem, sendProblem } from './problem.filter';

export function requestDeadline(timeoutMs: (req: Request) => number, onTimeout: () => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      onTimeout();
      sendProblem(req, res, {
        ...genericProblem(503, 'The register could not answer in time; retry after Retry-After seconds.'),
        type: problemType('request-timeout'),
      });
    }, timeoutMs(req));
    const done = () => clearTimeout(timer);
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
