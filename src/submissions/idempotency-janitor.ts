import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HourlyPurge } from '../database/hourly-purge';

/** Purges idempotency records older than 48 hours (the promise to clients is at least 24). */
@Injectable()
export class IdempotencyJanitor extends HourlyPurge {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'purge_idempotency_keys');
  }
}
