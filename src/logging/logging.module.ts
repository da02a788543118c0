/**
 * Structured JSON logs (pino) with the request id on every line. Secrets and identifiers are
 * redacted by path, and invitation tokens are cut out of logged URLs.
 */
import { randomUUID } from 'node:crypto';
import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/config';

const SENSITIVE_KEYS = ['nationalId', 'password', 'token', 'accessToken', 'key', 'apiKey', 'secret', 'fnr', 'fodselsnummer'];

/** Redaction paths for sensitive keys at the top and a few levels down (pino paths do not recurse). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Invitation tokens travel in the URL of patient forms; logs keep only the route shape. A client may
 * also put a national identity number in a query (a FHIR search by the patient's identifier, which
 * is refused): any run of exactly 11 digits is cut out too.
 */
export function redactUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(/\/forms\/[^/?#]+/, '/forms/[redacted]')
    .replace(/([?&](token|key)=)[^&]+/gi, '$1[redacted]')
    .replace(/(?<!\d)\d{11}(?!\d)/g, '[redacted]');
}

export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const offered = req.headers['x-request-id'];
  const id = typeof offered === 'string' && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Nest's own start-up chatter (a line per module and route) is kept for debug level only. */
const NEST_BOOTSTRAP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** pino-http options: request ids, redaction, levels by status; logs go to LOG_FILE or standard output. */
function httpLoggerOptions(config: AppConfig) {
  const quiet = !['debug', 'trace'].includes(config.logLevel);
  return {
    level: config.logLevel,
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        const context = (args[0] as { context?: string } | undefined)?.context;
        if (quiet && context && NEST_BOOTSTRAP_CONTEXTS.has(context)) return;
        method.apply(this, args);
      },
    },
    genReqId: (req: IncomingMessage, res: ServerResponse) => (req as { id?: string }).id ?? requestIdFor(req, res),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
  } as const;
}

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig) {
    const destination = config.logFile ? pino.destination({ dest: config.logFile, sync: true, append: true }) : pino.destination(1);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [httpLoggerOptions(config), destination],
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
    };
  }
}
