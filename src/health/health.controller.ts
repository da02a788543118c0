/**
 * Probes for the orchestrator (docs/operations.md): liveness says the process can serve (it exits
 * when its embedded database cannot be brought back, so a supervisor restarts it); readiness says
 * whether a request would reach the database now, and which dependency failed if not.
 */
import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '../audit/audit-verifier';
import { Public } from '../auth/access.decorators';
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '../common/problem.filter';

const CHECK_TIMEOUT_MS = 2000;

export class DependencyCheckDto {
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ description: 'The kind of failure: no answer in time, unreachable (connection, server, timeout) or query failed' })
  error?: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ type: DependencyCheckDto }) database!: DependencyCheckDto;
  @ApiPropertyOptional({
    type: DependencyCheckDto,
    description:
      'The newest scheduled verification of the audit log (once one has run); a broken chain does not take the service out of rotation',
  })
  auditChain?: DependencyCheckDto;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: ReadinessChecksDto }) checks!: ReadinessChecksDto;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditVerifier: AuditVerifier,
  ) {}

  /** The process is up and serving HTTP; says nothing about dependencies. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  @Public('liveness probe')
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /** Ready to take traffic: the database answers within two seconds. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers; which dependency failed if not' })
  @Public('readiness probe')
  @ApiOkResponse({ type: ReadinessDto, description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'A dependency failed (see checks); retry after Retry-After seconds' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const database = await this.checkDatabase();
    if (!database.ok) res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS));
    const audit = this.auditVerifier.last;
    const auditChain = audit && (audit.ok ? { ok: true } : { ok: false, error: `${audit.problems.length} problem(s); run audit:verify` });
    return { status: database.ok ? 'ok' : 'unavailable', checks: { database, ...(auditChain ? { auditChain } : {}) } };
  }

  private async checkDatabase(): Promise<DependencyCheckDto> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timedOut]);
      return { ok: true };
    } catch (error) {
      // a kind of failure, not the driver's message (it would show addresses to anyone)
      const reason = databaseUnavailable(error);
      const timedOutHere = error instanceof Error && error.message.startsWith('no answer');
      return {
        ok: false,
        error: timedOutHere ? `no answer within ${CHECK_TIMEOUT_MS} ms` : reason ? `unreachable (${reason})` : 'query failed',
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
