/**
 * Invitations as the institution sees them: create (the link is shown once, and in the QR code),
 * list, revoke. Scoped like episodes: only the caller's institutions' episodes are visible.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as QRCode from 'qrcode';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { NotFoundProblem, ProblemException } from '../common/problem';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { EpisodeRepository } from '../episodes/episode.repository';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto } from './dto/invitation.dto';
import { deriveFormKeys, FormKeys, hashToken, invitationToken, newNonce } from './invitation-token';

const STATE_SQL = `CASE WHEN i.revoked_at IS NOT NULL THEN 'revoked' WHEN i.used_at IS NOT NULL THEN 'used' WHEN i.expires_at <= now() THEN 'expired' ELSE 'open' END`;
const COLUMNS = `i.id, i.episode_id, i.timepoint, i.instrument, i.language, ${STATE_SQL} AS state, i.expires_at, i.used_at, i.revoked_at, i.response_id, i.created_at`;

/** An invitation as COLUMNS read it. */
interface InvitationRow {
  id: string;
  episode_id: string;
  timepoint: InvitationDto['timepoint'];
  instrument: InvitationDto['instrument'];
  language: InvitationDto['language'];
  state: InvitationDto['state'];
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  response_id: string | null;
  created_at: Date;
}

function toInvitationDto(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    episodeId: row.episode_id,
    timepoint: row.timepoint,
    instrument: row.instrument,
    language: row.language,
    state: row.state,
    expiresAt: row.expires_at.toISOString(),
    usedAt: row.used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    responseId: row.response_id,
    createdAt: row.created_at.toISOString(),
  };
}

@Injectable()
export class InvitationService {
  private readonly keys: FormKeys;

  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
    private readonly episodes: EpisodeRepository,
    private readonly responses: ResponseRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keys = deriveFormKeys(config.jwtSecret);
  }

  formUrl(token: string): string {
    return `${this.config.publicBaseUrl}/forms/${token}`;
  }

  async create(episodeId: string, dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const institutionId = await this.episodeInstitution(manager, episodeId);
      if (await this.responses.currentId(manager, episodeId, dto.timepoint, dto.instrument)) {
        throw new ProblemException(
          409,
          'response-exists',
          'Response exists',
          `The episode already has a ${dto.instrument} response at ${dto.timepoint}; there is nothing left for the patient to answer.`,
        );
      }
      const id = randomUUID();
      const nonce = newNonce();
      const token = invitationToken(this.keys.token, id, nonce);
      const [row]: { expires_at: Date }[] = await manager.query(
        `INSERT INTO invitations (id, institution_id, episode_id, timepoint, instrument, language, token_nonce, token_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(days => $9)) RETURNING expires_at`,
        [
          id,
          institutionId,
          episodeId,
          dto.timepoint,
          dto.instrument,
          dto.language ?? null,
          nonce,
          hashToken(token),
          dto.expiresInDays ?? this.config.invitationTtlDays,
        ],
      );
      await this.audit.record(manager, { action: 'invitation.create', objectType: 'invitation', objectIds: [id], institutionId });
      return { id, url: this.formUrl(token), expiresAt: row.expires_at.toISOString() };
    });
  }

  list(episodeId: string): Promise<InvitationDto[]> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const institutionId = await this.episodeInstitution(manager, episodeId);
      const rows: InvitationRow[] = await manager.query(
        `SELECT ${COLUMNS} FROM invitations i WHERE i.episode_id = $1 ORDER BY i.created_at DESC, i.id`,
        [episodeId],
      );
      await this.audit.record(manager, {
        action: 'invitation.list',
        objectType: 'invitation',
        objectIds: rows.map((r) => r.id),
        institutionId,
      });
      return rows.map(toInvitationDto);
    });
  }

  /** Revoking twice is fine; a used invitation cannot be revoked (its answer is a response now). */
  revoke(episodeId: string, invitationId: string): Promise<void> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const institutionId = await this.episodeInstitution(manager, episodeId);
      const [row]: { used_at: Date | null }[] = await manager.query(
        `SELECT used_at FROM invitations WHERE id = $1 AND episode_id = $2 FOR UPDATE`,
        [invitationId, episodeId],
      );
      if (!row) throw new NotFoundProblem('The invitation');
      if (row.used_at)
        throw new ProblemException(
          409,
          'invitation-used',
          'Invitation used',
          'The patient has already answered through this invitation; correct the response instead.',
        );
      await manager.query(`UPDATE invitations SET revoked_at = coalesce(revoked_at, now()), draft = '{}' WHERE id = $1`, [invitationId]);
      await this.audit.record(manager, { action: 'invitation.revoke', objectType: 'invitation', objectIds: [invitationId], institutionId });
    });
  }

  /** The link as a QR code (SVG), for open invitations only. */
  async qrCode(episodeId: string, invitationId: string): Promise<string> {
    return (await this.openLink(episodeId, invitationId)).qrSvg;
  }

  /**
   * An open invitation with its link and the link as a QR code (SVG), to print or show again; the link
   * is made again from the stored nonce, never stored. Audited as the QR code is.
   */
  openLink(episodeId: string, invitationId: string): Promise<{ invitation: InvitationDto; url: string; qrSvg: string }> {
    return this.db.transaction(this.scope.readable(), async (manager) => {
      const institutionId = await this.episodeInstitution(manager, episodeId);
      const [row]: (InvitationRow & { token_nonce: Buffer })[] = await manager.query(
        `SELECT ${COLUMNS}, i.token_nonce FROM invitations i WHERE i.id = $1 AND i.episode_id = $2`,
        [invitationId, episodeId],
      );
      if (!row) throw new NotFoundProblem('The invitation');
      if (row.state !== 'open')
        throw new ProblemException(
          409,
          'invitation-closed',
          'Invitation not open',
          `The invitation is ${row.state}; create a new one for a new link.`,
        );
      await this.audit.record(manager, { action: 'invitation.qr', objectType: 'invitation', objectIds: [invitationId], institutionId });
      const url = this.formUrl(invitationToken(this.keys.token, invitationId, row.token_nonce));
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { invitation: toInvitationDto(row), url, qrSvg };
    });
  }

  private async episodeInstitution(manager: EntityManager, episodeId: string): Promise<string> {
    const episode = await this.episodes.findVisible(manager, episodeId);
    if (!episode) throw new NotFoundProblem('The episode');
    return episode.institution_id;
  }
}
