/** Prometheus metrics: HTTP latency by route and the database pool, in a registry of this app instance. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** For alerts: the database failing requests, by reason (connection, server, timeout, statement_timeout, lock_timeout, request_timeout). */
  readonly databaseFailures = new Counter({
    name: 'db_failures_total',
    help: 'Requests answered 503 because the database was unreachable, restarting or too slow, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  /** Restarts of the embedded PostgreSQL by its supervisor. */
  readonly databaseRestarts = new Counter({
    name: 'db_embedded_restarts_total',
    help: 'Times the service restarted its embedded PostgreSQL after it died',
    registers: [this.registry],
  });

  /** Problems the newest scheduled audit verification found (-1: not verified yet). */
  readonly auditChainProblems = new Gauge({
    name: 'audit_chain_problems',
    help: 'Problems found by the newest scheduled verification of the audit log (0: intact; -1: not verified yet)',
    registers: [this.registry],
  });

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.auditChainProblems.set(-1);
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (dataSource.driver as unknown as { master?: Pool }).master;
    const poolGauge = (name: string, help: string, read: (p: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = pool();
          this.set(p ? read(p) : 0);
        },
      });
    poolGauge('db_pool_connections_total', 'Connections open in the database pool', (p) => p.totalCount);
    poolGauge('db_pool_connections_idle', 'Idle connections in the database pool', (p) => p.idleCount);
    poolGauge('db_pool_waiting_requests', 'Queries waiting for a pool connection', (p) => p.waitingCount);
  }

  /** Express middleware; the route label is the matched pattern (never a raw URL, which may carry ids or tokens). */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
