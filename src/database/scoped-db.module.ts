import { Global, Module } from '@nestjs/common';
import { ScopedDb } from './scoped-db';

@Global()
@Module({ providers: [ScopedDb], exports: [ScopedDb] })
export class ScopedDbModule {}
