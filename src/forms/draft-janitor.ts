import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HourlyPurge } from '../database/hourly-purge';

/** Empties drafts of invitations that can no longer be answered (expired, revoked, used, withdrawn patient). */
@Injectable()
export class DraftJanitor extends HourlyPurge {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'purge_stale_invitation_drafts');
  }
}
