/**
 * Builds the application exactly as it runs: main.ts, the CLI's openapi writer and the tests
 * all call createApp, so what is tested is what runs.
 */
import { RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ClsMiddleware } from 'nestjs-cls';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { jsonBodyParser, requireJsonForApiWrites } from './common/body-parsing';
import { ProblemFilter } from './common/problem.filter';
import { requestDeadline } from './common/request-deadline';
import { createValidationPipe } from './common/validation';
import { formBodyParser } from './forms/form-body-parser';
import { isWorkspacePage, PageRefusals } from './web/page-refusal';
import type { AppConfig } from './config/config';
import { requestIdFor } from './logging/logging.module';
import { MetricsService } from './metrics/metrics.service';
import { serveApiDocs } from './openapi/openapi';
import { SubmissionDto } from './submissions/dto/submission.dto';
import { fastCheckSubmission } from './submissions/submission-fast-check';

export const API_PREFIX = 'api/v1';

/** Routes outside the versioned API: operations and the patient forms. */
const UNVERSIONED = [
  'health/live',
  'health/ready',
  'metrics',
  'forms/{*rest}',
  'forms',
  // The HL7 FHIR R4 facade: FHIR's own base URL and contract (the CapabilityStatement), not /api/v1's.
  'fhir',
  'fhir/{*rest}',
  // The web workspace: the front page, sign-in (and at an external provider) and the signed-in pages under /app/, and their stylesheet.
  '/',
  'login',
  'login/{*rest}',
  'logout',
  'app',
  'app/{*rest}',
  'assets/{*rest}',
  // The public results pages (issue 22).
  'resultater',
  'resultater/{*rest}',
];

/** The global prefix a controller path gets (used by the route catalog). */
export function prefixFor(path: string): string {
  const relative = path.replace(/^\//, '');
  return UNVERSIONED.some(
    (pattern) =>
      relative === pattern.replace(/^\//, '') || (pattern.endsWith('{*rest}') && relative.startsWith(pattern.replace('{*rest}', ''))),
  )
    ? ''
    : API_PREFIX;
}

export interface CreateAppOptions {
  /** For benchmarks and tests only: modules appended to AppModule's imports (e.g. a bench-only controller). */
  extraModules?: Type[];
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const root = AppModule.forRoot(config);
  if (options.extraModules?.length) root.imports = [...(root.imports ?? []), ...options.extraModules];
  const app = await NestFactory.create<NestExpressApplication>(root, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (config.trustProxyHops > 0) app.set('trust proxy', config.trustProxyHops);
  app.use(assignRequestId);
  app.use(new ClsMiddleware({ generateId: true, idGenerator: (req: Request) => String(req.id) }).use);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  const metrics = app.get(MetricsService);
  app.use(metrics.httpMiddleware);
  // Publishing audits a whole period by linear programming: it has its own, longer deadline.
  const deadlineOf = (req: Request) =>
    req.method === 'POST' && req.path === '/api/v1/admin/indicator-snapshots' ? config.publishTimeoutMs : config.requestTimeoutMs;
  app.use(requestDeadline(deadlineOf, () => metrics.databaseFailures.inc({ reason: 'request_timeout' })));
  app.use(requireJsonForApiWrites);
  // Workspace pages take plain HTML form posts only; a JSON body there is not read (and fails their CSRF check).
  const parseJson = jsonBodyParser(config.bodyLimitBytes);
  app.use((req: Request, res: Response, next: NextFunction) => (isWorkspacePage(req.path) ? next() : parseJson(req, res, next)));
  app.use('/forms', formBodyParser());
  for (const path of ['/login', '/logout']) app.use(path, formBodyParser());
  app.use('/app', formBodyParser(200));
  app.setGlobalPrefix(API_PREFIX, { exclude: UNVERSIONED.map((path) => ({ path, method: RequestMethod.ALL })) });
  // Batches of 1,000 episodes skip class-transformer/class-validator when certainly valid (issue 5's ingestion speed).
  app.useGlobalPipes(createValidationPipe(new Map([[SubmissionDto, fastCheckSubmission]])));
  app.useGlobalFilters(new ProblemFilter(app.get(Logger), (reason) => metrics.databaseFailures.inc({ reason }), app.get(PageRefusals)));
  serveApiDocs(app);
  await app.init();
  return app;
}

/** The request id is fixed before anything else runs, so even body-parser errors carry it. */
function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  (req as { id?: unknown }).id ??= requestIdFor(req, res);
  next();
}
