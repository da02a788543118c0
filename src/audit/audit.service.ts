/**
 * Appends audit events: who did what to which objects, never the data itself. Events are written
 * in the caller's transaction, so an action and its audit row commit or roll back together.
 * Hash-chaining happens later in the sealer (AuditSealer), so audited writes never wait on one another.
 */
import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { EntityManager } from 'typeorm';
import { actorOf } from '../auth/principal';
import { RequestContext } from '../auth/request-context';
import { cappedCount, decodeCursor, type KeysetOrder, keysetRead, pageOf } from '../common/keyset-page';
import { SqlConditions } from '../common/sql-conditions';
import { ScopedDb } from '../database/scoped-db';
import { AuditEvidence } from './audit-evidence';
import { AuditEventDto, AuditEventPageDto, AuditEventQueryDto } from './dto/audit-event.dto';

export interface AuditEventInput {
  action: string;
  objectType: string;
  objectIds?: string[];
  rowCount?: number;
  institutionId?: string | null;
}

/** An actor named by the caller for a request without a principal (a patient's invitation link, a user signing in). */
export interface NamedActor {
  actorType: 'invitation' | 'user';
  actorId: string;
}

const NAMED_ACTOR = 'auditActor';

/**
 * The actions that read a patient's person-level data, naming what they read in object_ids (episode
 * ids; response ids for response.history). Exactly the predicate of the partial index
 * audit_events_person_reads (migration AccessReports): a new read action needs a migration that
 * widens it, or its reads are found by a scan.
 */
export const PERSON_LEVEL_READ_ACTIONS = [
  'episode.read',
  'episode.list',
  'response.history',
  'access_report.institution',
  'access_report.include',
] as const;

/** Reads of a patient's data by one actor at one institution on one day (Norwegian time), as the audit log has them. */
export interface PersonReadRow {
  day: string;
  institution_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  reads: number;
}

/** The filters of the audit log, by query field; each `?` is the field's value. */
const FILTERS: [keyof AuditEventQueryDto, string][] = [
  ['actorId', 'actor_id = ?'],
  ['actorType', 'actor_type = ?'],
  ['institutionId', 'institution_id = ?'],
  ['action', 'action = ?'],
  ['objectType', 'object_type = ?'],
  ['objectId', '? = ANY (object_ids)'],
  ['from', 'occurred_at >= ?'],
  ['to', 'occurred_at < ?'],
];

/** The audit log's one order, newest first, by its id (the primary key serves it, either way). */
const AUDIT_SORT = '-id';
const AUDIT_ORDER: KeysetOrder<AuditEventRow> = {
  // the table's bigint id: a bare "id" in ORDER BY would be the selected id::text, which sorts "9" after "10"
  orderBy: 'audit_events.id DESC',
  reversed: 'audit_events.id',
  after: 'id < ?::bigint',
  before: 'id > ?::bigint',
  key: ['bigint'],
  keyOf: (row) => [row.id],
};

const EVENT_COLUMNS = `id::text, occurred_at, actor_type, actor_id, institution_id, action, object_type, object_ids, row_count, request_id,
  client_address, chain_seq::text`;

interface AuditEventRow {
  id: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  institution_id: string | null;
  action: string;
  object_type: string;
  object_ids: string[];
  row_count: number;
  request_id: string | null;
  client_address: string | null;
  chain_seq: string | null;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly db: ScopedDb,
    private readonly context: RequestContext,
    private readonly cls: ClsService,
    private readonly evidence: AuditEvidence,
  ) {}

  /** For the rest of this request, audit events name this actor (used only when no one is signed in). */
  actAs(actor: NamedActor): void {
    if (this.cls.isActive()) this.cls.set(NAMED_ACTOR, actor);
  }

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await this.recordMany(manager, [event]);
  }

  /** One multi-row INSERT for many events (batch submissions write one event per institution and action). */
  async recordMany(manager: EntityManager, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    // Outside any request (start-up, CLI) the register itself is the actor.
    const named = this.context.principal || !this.cls.isActive() ? undefined : this.cls.get<NamedActor | undefined>(NAMED_ACTOR);
    const { actorType, actorId } =
      named ?? (this.context.requestId ? actorOf(this.context.principal) : { actorType: 'system', actorId: null });
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      values.push(
        actorType,
        actorId,
        event.institutionId ?? null,
        event.action,
        event.objectType,
        event.objectIds ?? [],
        event.rowCount ?? event.objectIds?.length ?? 0,
        this.context.requestId,
        this.context.clientAddress,
      );
      const p = i * 9;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}::text[], $${p + 7}, $${p + 8}, $${p + 9})`;
    });
    const inserted: { id: string; xid: string }[] = await manager.query(
      `INSERT INTO audit_events (actor_type, actor_id, institution_id, action, object_type, object_ids, row_count, request_id, client_address) VALUES ${rows.join(', ')}
       RETURNING id::text AS id, pg_current_xact_id()::text AS xid`,
      values,
    );
    this.evidence.noteInserted(inserted);
  }

  /**
   * Who read any of these objects (a patient's episode and response ids), per day, institution,
   * actor and action, oldest first; with `institutionId`, only reads made at that institution.
   */
  personReads(manager: EntityManager, objectIds: string[], institutionId: string | null): Promise<PersonReadRow[]> {
    if (objectIds.length === 0) return Promise.resolve([]);
    // the action list written out as the index's predicate, so the planner can use it
    const actions = PERSON_LEVEL_READ_ACTIONS.map((a) => `'${a}'`).join(', ');
    return manager.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD') AS day, institution_id::text, actor_type, actor_id, action,
              count(*)::integer AS reads
         FROM audit_events
        WHERE action IN (${actions}) AND object_ids && $1::text[] AND ($2::uuid IS NULL OR institution_id = $2)
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 4, 5`,
      [objectIds, institutionId],
    );
  }

  /** The audit log, newest first, filtered, a keyset page at a time; reading it is itself audited. */
  list(query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    const limit = query.limit ?? 100;
    const conditions = new SqlConditions();
    for (const [key, sql] of FILTERS) if (query[key] !== undefined) conditions.add(sql, query[key]);
    const position = query.cursor ? decodeCursor(query.cursor, AUDIT_SORT, AUDIT_ORDER.key) : undefined;
    const read = keysetRead(AUDIT_ORDER, position);
    const from = conditions.copy();
    if (read.condition) from.add(read.condition, ...read.values);
    return this.db.registerTransaction(async (manager) => {
      const counted = await cappedCount(manager, 'audit_events', conditions);
      const rows: AuditEventRow[] = await manager.query(
        `SELECT ${EVENT_COLUMNS} FROM audit_events WHERE ${from.sql} ORDER BY ${read.orderBy} LIMIT ${limit + 1}`,
        from.values,
      );
      const page = pageOf(rows, limit, AUDIT_SORT, AUDIT_ORDER.keyOf, position);
      await this.record(manager, { action: 'audit.read', objectType: 'audit_event', rowCount: page.rows.length });
      return { items: page.rows.map(toAuditEventDto), nextCursor: page.nextCursor, prevCursor: page.prevCursor, ...counted };
    });
  }
}

function toAuditEventDto(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    institutionId: row.institution_id,
    action: row.action,
    objectType: row.object_type,
    objectIds: row.object_ids,
    rowCount: row.row_count,
    requestId: row.request_id,
    clientAddress: row.client_address,
    chainSeq: row.chain_seq,
  };
}
