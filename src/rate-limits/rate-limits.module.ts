import { Global, Module } from '@nestjs/common';
import { RateLimitJanitor } from './rate-limit-janitor';
import { RateLimitStore } from './rate-limit.store';

@Global()
@Module({
  providers: [RateLimitStore, RateLimitJanitor],
  exports: [RateLimitStore],
})
export class RateLimitsModule {}
