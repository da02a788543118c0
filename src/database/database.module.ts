import './pg-types';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig, DatabaseTimeouts } from '../config/config';

/**
 * The app role's waits, so a down or stuck database fails requests fast (503) instead of hanging
 * them: set per connection here; the owner role (migrations, operator commands) has none of them.
 * The client-side query timeout is a little longer than the server's statement timeout: it only
 * matters when the server cannot enforce its own (frozen, or the network gone).
 */
export function poolTimeouts(t: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.statementMs,
    lock_timeout: t.lockMs,
    idle_in_transaction_session_timeout: t.idleInTransactionMs,
    query_timeout: t.statementMs + 2000,
  };
}

/** TypeORM connection as the app role. The schema is changed by migrations only (never synchronize). */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig) {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          logging: false,
          extra: { max: config.databasePoolSize, application_name: 'rehabreg', ...poolTimeouts(config.databaseTimeouts) },
        }),
      ],
    };
  }
}
