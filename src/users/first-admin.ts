/**
 * The first administrator of a new deployment: when no active admin exists and
 * BOOTSTRAP_ADMIN_EMAIL/PASSWORD are set, start-up creates that admin. Otherwise nothing happens.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ScopedDb } from '../database/scoped-db';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Injectable()
export class FirstAdmin {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: ScopedDb,
    private readonly users: UserService,
    private readonly repository: UserRepository,
  ) {}

  async ensure(): Promise<'created' | 'exists' | 'not-configured'> {
    const wanted = this.config.bootstrapAdmin;
    if (!wanted) return 'not-configured';
    return this.db.registerTransaction(async (manager) => {
      // Serialize concurrent starts of several instances.
      await manager.query(`SELECT pg_advisory_xact_lock(727273)`);
      if (await this.repository.activeAdminExists(manager)) return 'exists';
      await this.users.createIn(manager, { email: wanted.email, password: wanted.password, role: 'admin' });
      this.logger.log(`Created the first administrator ${wanted.email}`);
      return 'created';
    });
  }
}
