/**
 * The patient forms post plain HTML forms (application/x-www-form-urlencoded); the API takes JSON
 * only. Small bodies, flat fields; a body that cannot be read gets a short plain answer, no trace.
 */
import express, { RequestHandler } from 'express';

/** `parameterLimit`: the most fields a form has (the workspace's checkbox lists have more than the patient forms). */
export function formBodyParser(parameterLimit = 20): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: '8kb', parameterLimit });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status;
      res
        .status(status && status >= 400 && status < 500 ? status : 400)
        .type('text/plain; charset=utf-8')
        .set('Cache-Control', 'no-store')
        .send('The form could not be read. Go back and try again.');
    });
}
