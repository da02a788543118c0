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
import { AuditEvidence } from './audit-evidence';

export interface AuditEventInput {
  action: string;
  objectType: string;
  objectIds?: string[];
  rowCount?: number;
  institutionId?: string | null;
}

/** An actor named by the caller for a request without a principal (a patient's invitation link). */
export interface NamedActor {
  actorType: 'invitation';
  actorId: string;
}

const NAMED_ACTOR = 'auditActor';

@Injectable()
export class AuditService {
  constructor(
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
}
