/**
 * The patient's side of an invitation: find it by token (a SECURITY DEFINER lookup, since an
 * anonymous request cannot name its institution for RLS), then work in a transaction scoped to the
 * invitation's institution: read and save the draft, and submit it as a scored `patient_web` response.
 * Every step is audited with the invitation as the actor.
 */
import { Inject, Injectable } from '@nestjs/common';
import { todayInNorway } from '../common/validators';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import type { Eq5dAnswersDto } from '../episodes/responses/dto/answers.dto';
import type { Instrument, Timepoint } from '../episodes/responses/dto/response.dto';
import { RateLimitStore } from '../rate-limits/rate-limit.store';
import { ResponseRepository } from '../episodes/responses/response.repository';
import { ResponseService } from '../episodes/responses/response.service';
import { type Eq5dWording, wordingCatalogue } from './eq5d-wording';
import { type FormDraft, missingAnswers, type QuestionStep, readDraft } from './form-flow';
import { deriveFormKeys, type FormKeys, hashToken, TOKEN_PATTERN } from './invitation-token';
import type { FormLanguage, StatusKind } from './messages';

export type InvitationState = 'open' | 'used' | 'expired' | 'revoked' | 'closed' | 'answered';

export interface FormInvitation {
  id: string;
  institutionId: string;
  episodeId: string;
  timepoint: Timepoint;
  instrument: Instrument;
  language: FormLanguage | null;
  state: InvitationState;
}

/** The form cannot go on: the page to show instead, and its status. */
export class FormStopped extends Error {
  constructor(
    readonly kind: StatusKind,
    readonly status: number,
    /** The invitation's language, when the invitation is known, for the page that says so. */
    readonly language?: FormLanguage | null,
  ) {
    super(kind);
  }
}

/** What invitation_by_token_hash returns. */
interface InvitationByTokenRow {
  invitation_id: string;
  institution_id: string;
  episode_id: string;
  timepoint: Timepoint;
  instrument: Instrument;
  language: FormLanguage | null;
  state: InvitationState;
}

const GONE: Record<Exclude<InvitationState, 'open'>, StatusKind> = {
  used: 'used',
  expired: 'expired',
  revoked: 'revoked',
  closed: 'closed',
  answered: 'answered',
};

@Injectable()
export class FormService {
  readonly keys: FormKeys;
  readonly wording: Record<FormLanguage, Eq5dWording>;
  private readonly limits: { perToken: number; perAddress: number };

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly responses: ResponseService,
    private readonly responseRows: ResponseRepository,
    private readonly rateLimits: RateLimitStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = deriveFormKeys(config.jwtSecret);
    this.wording = wordingCatalogue(config.eq5dWordingFile);
    this.limits = { perToken: config.formRateLimitPerTokenPerMinute, perAddress: config.formRateLimitPerAddressPerMinute };
  }

  /** The open invitation behind a token, or FormStopped with the page to show (404, 410, 429). */
  async open(token: string, address: string | undefined): Promise<FormInvitation> {
    await this.limit(`form-address:${address ?? 'unknown'}`, this.limits.perAddress);
    if (!TOKEN_PATTERN.test(token)) throw new FormStopped('notFound', 404);
    const invitation = await this.lookup(token);
    if (!invitation) throw new FormStopped('notFound', 404);
    await this.limit(`form-invitation:${invitation.id}`, this.limits.perToken);
    this.audit.actAs({ actorType: 'invitation', actorId: invitation.id });
    if (invitation.state !== 'open') throw new FormStopped(GONE[invitation.state], 410, invitation.language);
    return invitation;
  }

  /** Counts a request against a per-minute limit shared by all instances; over it, the 429 page. */
  private async limit(key: string, perMinute: number): Promise<void> {
    if ((await this.rateLimits.hit(key, 60_000)).hits > perMinute) throw new FormStopped('rateLimited', 429);
  }

  /** The saved partial answers (a read of person-level data, so audited). */
  readDraft(invitation: FormInvitation): Promise<FormDraft> {
    return this.db.transaction([invitation.institutionId], async (manager) => {
      const [row]: { draft: unknown }[] = await manager.query(`SELECT draft FROM invitations WHERE id = $1`, [invitation.id]);
      await this.audit.record(manager, {
        action: 'form.view',
        objectType: 'invitation',
        objectIds: [invitation.id],
        institutionId: invitation.institutionId,
      });
      return readDraft(row?.draft);
    });
  }

  /** Stores one validated answer in the draft, as long as the invitation is still open. */
  saveAnswer(invitation: FormInvitation, step: QuestionStep, value: number, language: FormLanguage): Promise<void> {
    return this.db.transaction([invitation.institutionId], async (manager) => {
      const draft = await this.lockOpen(manager, invitation);
      const next: FormDraft = { answers: { ...draft.answers, [step]: value }, language };
      await manager.query(`UPDATE invitations SET draft = $2 WHERE id = $1`, [invitation.id, JSON.stringify(next)]);
      await this.audit.record(manager, {
        action: 'form.save',
        objectType: 'invitation',
        objectIds: [invitation.id],
        institutionId: invitation.institutionId,
      });
    });
  }

  /** Sends the draft as the response; answers still missing are returned instead and nothing changes. */
  submit(invitation: FormInvitation): Promise<{ responseId: string } | { missing: QuestionStep[]; draft: FormDraft }> {
    return this.db.transaction([invitation.institutionId], async (manager) => {
      const draft = await this.lockOpen(manager, invitation);
      const missing = missingAnswers(draft);
      if (missing.length) return { missing, draft };
      if (await this.responseRows.currentId(manager, invitation.episodeId, invitation.timepoint, invitation.instrument))
        throw new FormStopped('answered', 410);
      const response = await this.responses.createIn(manager, invitation.episodeId, {
        timepoint: invitation.timepoint,
        instrument: invitation.instrument,
        completedDate: todayInNorway(), // the calendar day in Norway
        mode: 'patient_web',
        answers: draft.answers as Eq5dAnswersDto,
      });
      await manager.query(`UPDATE invitations SET used_at = now(), response_id = $2, draft = '{}' WHERE id = $1`, [
        invitation.id,
        response.id,
      ]);
      await this.audit.record(manager, {
        action: 'invitation.use',
        objectType: 'invitation',
        objectIds: [invitation.id],
        institutionId: invitation.institutionId,
      });
      return { responseId: response.id };
    });
  }

  private async lookup(token: string): Promise<FormInvitation | undefined> {
    const rows: InvitationByTokenRow[] = await this.db.registerTransaction((manager) =>
      manager.query(
        `SELECT invitation_id, institution_id, episode_id, timepoint, instrument, language, state FROM invitation_by_token_hash($1)`,
        [hashToken(token)],
      ),
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.invitation_id,
      institutionId: row.institution_id,
      episodeId: row.episode_id,
      timepoint: row.timepoint,
      instrument: row.instrument,
      language: row.language,
      state: row.state,
    };
  }

  /** Locks the invitation row for this transaction; a concurrent submit or revoke is seen here. */
  private async lockOpen(manager: EntityManager, invitation: FormInvitation): Promise<FormDraft> {
    const [row]: { draft: unknown; used_at: Date | null; revoked_at: Date | null; live: boolean }[] = await manager.query(
      `SELECT draft, used_at, revoked_at, expires_at > now() AS live FROM invitations WHERE id = $1 FOR UPDATE`,
      [invitation.id],
    );
    if (!row || row.revoked_at) throw new FormStopped('revoked', 410);
    if (row.used_at) throw new FormStopped('used', 410);
    if (!row.live) throw new FormStopped('expired', 410);
    return readDraft(row.draft);
  }
}
