import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { ScopedDb } from '../database/scoped-db';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditEventQueryDto } from './dto/audit-event.dto';

const FILTERS: [keyof AuditEventQueryDto, string][] = [
  ['actorId', 'actor_id = $?'],
  ['actorType', 'actor_type = $?'],
  ['institutionId', 'institution_id = $?'],
  ['action', 'action = $?'],
  ['objectType', 'object_type = $?'],
  ['objectId', '$? = ANY (object_ids)'],
  ['from', 'occurred_at >= $?'],
  ['to', 'occurred_at < $?'],
  ['before', 'id < $?'],
];

@ApiTags('admin')
@Controller('admin/audit-events')
export class AuditAdminController {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: 'Read the audit log, newest first, with filters' })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    const limit = query.limit ?? 100;
    const values: unknown[] = [];
    const where = FILTERS.filter(([key]) => query[key] !== undefined).map(([key, sql]) => {
      values.push(query[key]);
      return sql.replace('$?', `$${values.length}`);
    });
    return this.db.registerTransaction(async (manager) => {
      const rows: Record<string, unknown>[] = await manager.query(
        `SELECT id::text, occurred_at, actor_type, actor_id, institution_id, action, object_type, object_ids, row_count, request_id, client_address, chain_seq::text
           FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
        values,
      );
      await this.audit.record(manager, { action: 'audit.read', objectType: 'audit_event', rowCount: rows.length });
      const items = rows.map((row) => ({
        id: row.id as string,
        occurredAt: (row.occurred_at as Date).toISOString(),
        actorType: row.actor_type as string,
        actorId: row.actor_id as string | null,
        institutionId: row.institution_id as string | null,
        action: row.action as string,
        objectType: row.object_type as string,
        objectIds: row.object_ids as string[],
        rowCount: row.row_count as number,
        requestId: row.request_id as string | null,
        clientAddress: row.client_address as string | null,
        chainSeq: row.chain_seq as string | null,
      }));
      return { items, nextBefore: items.length === limit ? items[items.length - 1].id : null };
    });
  }
}
