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
import { WebSessionRepository } from './web-session.repository';
import { WebSessionService } from './web-session.service';
import { SessionAdminController } from './session-admin.controller';
import { SessionPagesController } from './session-pages.controller';
import { InstitutionChoiceController } from './institution-choice.controller';
import { SignInController } from './sign-in.controller';
import { ExternalIdentityRepository } from './external-identity.repository';
import { ExternalIdentityService } from './external-identity.service';
import { OidcClient } from './oidc-client';
import { OidcSignInController } from './oidc-sign-in.controller';
import { SignInForms } from './sign-in-form';
import { RateLimitStore, SharedThrottlerStorage } from '../rate-limits/rate-limit.store';
import { UsersModule } from '../users/users.module';
import { LOGIN_THROTTLER, PageWriteRateLimitGuard, WRITE_THROTTLER } from './write-rate-limit';

@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig) {
    return {
      module: AuthModule,
      imports: [
        PassportModule,
        DiscoveryModule,
        UsersModule,
        // Only routes marked @LimitSignIns (per client address) or @LimitWrites (per caller) are limited,
        // counted in PostgreSQL so that all instances share the limits.
        ThrottlerModule.forRootAsync({
          inject: [RateLimitStore],
          useFactory: (store: RateLimitStore) => ({
            throttlers: [
              { name: LOGIN_THROTTLER, ttl: 60_000, limit: config.loginRateLimitPerMinute },
              { name: WRITE_THROTTLER, ttl: 60_000, limit: config.writeRateLimitPerMinute },
            ],
            storage: new SharedThrottlerStorage(store),
          }),
        }),
      ],
      controllers: [
        AuthController,
        SignInController,
        OidcSignInController,
        SessionAdminController,
        SessionPagesController,
        InstitutionChoiceController,
      ],
      providers: [
        RouteCatalog,
        RequestContext,
        TokenService,
        AuthenticationService,
        ApiKeyStrategy,
        BearerStrategy,
        WebSessionRepository,
        WebSessionService,
        OidcClient,
        ExternalIdentityRepository,
        ExternalIdentityService,
        SignInForms,
        { provide: APP_GUARD, useClass: AccessGuard },
        // after the access guard: it needs the admitted session (guards run in this order)
        { provide: APP_GUARD, useClass: PageWriteRateLimitGuard },
      ],
      exports: [RouteCatalog, RequestContext, TokenService, AuthenticationService, WebSessionService],
    };
  }
}
