import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HourlyPurge } from '../database/hourly-purge';

/** Deletes rate-limit windows that have ended. */
@Injectable()
export class RateLimitJanitor extends HourlyPurge {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'purge_rate_limit_windows');
  }
}
