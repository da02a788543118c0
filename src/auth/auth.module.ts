import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthenticationService } from './authentication.service';
import { RequestContext } from './request-context';
import { RouteCatalog } from './route-catalog';
import { ApiKeyStrategy, BearerStrategy } from './strategies';
import { TokenService } from './token.service';

@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig) {
    return {
      module: AuthModule,
      imports: [
        PassportModule,
        DiscoveryModule,
        // Only routes that use ThrottlerGuard (login) are limited; the limit is per client address.
        ThrottlerModule.forRoot([{ name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute }]),
      ],
      controllers: [AuthController],
      providers: [RouteCatalog, RequestContext, TokenService, AuthenticationService, ApiKeyStrategy, BearerStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
      exports: [RouteCatalog, RequestContext, TokenService, AuthenticationService],
    };
  }
}
