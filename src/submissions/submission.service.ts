/**
 * Batch ingestion: up to 1,000 episodes with their responses, all or nothing, applied once per
 * Idempotency-Key. The key is claimed inside the batch's own transaction: a concurrent retry with
 * the same key waits on PostgreSQL's unique index until the first attempt commits (then gets its
 * stored result) or rolls back (then applies the batch itself). A retry after a timeout gets the
 * stored result; the same key with a different body is refused.
 */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InstitutionScope } from '../auth/institution-scope';
import { ProblemException } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { EpisodeService } from '../episodes/episode.service';
import { RefusedWrites } from '../episodes/refused-writes';
import { SubmissionDto, SubmissionResultDto } from './dto/submission.dto';

export interface SubmissionOutcome {
  status: number;
  body: SubmissionResultDto;
  replayed: boolean;
}

/** The digest an Idempotency-Key is kept with: of the parsed body as JSON (the JSON API), or of the bytes sent (`Buffer`, FHIR). */
export function requestHash(body: unknown): Buffer {
  return createHash('sha256')
    .update(Buffer.isBuffer(body) ? body : JSON.stringify(body))
    .digest();
}

@Injectable()
export class SubmissionService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly episodes: EpisodeService,
    private readonly refused: RefusedWrites,
  ) {}

  /**
   * Without a key (the FHIR facade, when the sender gives none) the batch is applied as sent, all or
   * nothing, and the body is not hashed. `rawBody` is what requestHash digests.
   */
  submit(idempotencyKey: string | undefined, rawBody: unknown, dto: SubmissionDto): Promise<SubmissionOutcome> {
    const institutionId = this.scope.writable(dto.institutionId);
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, hash: requestHash(rawBody) };
    return this.refused.guard(institutionId, dto.episodes.length, () => this.apply(institutionId, idempotency, dto));
  }

  private apply(
    institutionId: string,
    idempotency: { key: string; hash: Buffer } | undefined,
    dto: SubmissionDto,
  ): Promise<SubmissionOutcome> {
    return this.db.transaction([institutionId], async (manager) => {
      const earlier = idempotency && (await this.claimKey(manager, institutionId, idempotency.key, idempotency.hash));
      if (earlier) return earlier;
      const summary = await this.episodes.register(
        manager,
        institutionId,
        dto.episodes.map((episode, i) => ({ dto: episode, pointer: `/episodes/${i}` })),
      );
      const body: SubmissionResultDto = {
        institutionId,
        episodes: summary.episodes.map((e) => ({ externalId: e.externalId, id: e.id, status: e.created ? 'created' : 'updated' })),
        responses: { created: summary.responses.created, corrected: summary.responses.corrected, unchanged: summary.responses.unchanged },
      };
      if (idempotency)
        await manager.query(
          `UPDATE idempotency_keys SET response_status = 201, response_body = $3 WHERE institution_id = $1 AND key = $2`,
          [institutionId, idempotency.key, body],
        );
      return { status: 201, body, replayed: false };
    });
  }

  /** Claims the key for this attempt, or returns the stored outcome of the attempt that claimed it. */
  private async claimKey(manager: EntityManager, institutionId: string, key: string, hash: Buffer): Promise<SubmissionOutcome | undefined> {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (institution_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [institutionId, key, hash],
    );
    if (claimed.length) return undefined;
    const [stored]: { request_hash: Buffer; response_status: number; response_body: SubmissionResultDto }[] = await manager.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE institution_id = $1 AND key = $2`,
      [institutionId, key],
    );
    if (!stored.request_hash.equals(hash)) {
      throw new ProblemException(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This Idempotency-Key was already used with a different request body; use a new key for a new batch.',
      );
    }
    return { status: stored.response_status, body: stored.response_body, replayed: true };
  }
}
